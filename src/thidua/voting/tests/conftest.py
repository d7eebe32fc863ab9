"""Fixtures of the voting tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def vworld(db: Any) -> Any:
    """``build_world`` plus the people of Cụm 6's 2025 ballot (see ``worlds.add_ballot_people``)."""
    from thidua.core.testing import build_world
    from thidua.voting.tests.worlds import add_ballot_people

    return add_ballot_people(build_world())
