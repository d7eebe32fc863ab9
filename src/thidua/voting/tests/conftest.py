"""Fixtures of the voting tests.

The tests need the app installed: with the project's settings from before ``thidua.voting`` was added to
INSTALLED_APPS they are not collected (run them with ``DJANGO_SETTINGS_MODULE=thidua.voting.tests.settings``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

if "thidua.voting" not in settings.INSTALLED_APPS:
    collect_ignore_glob = ["*"]


@pytest.fixture
def vworld(db: Any) -> Any:
    """``build_world`` plus the people of Cụm 6's 2025 ballot (see ``worlds.add_ballot_people``)."""
    from thidua.core.testing import build_world
    from thidua.voting.tests.worlds import add_ballot_people

    return add_ballot_people(build_world())
