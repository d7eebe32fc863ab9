"""Fixtures shared by every app's tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def world(db: Any) -> Any:
    from thidua.core.testing import build_world

    return build_world()


@pytest.fixture
def admin_user(db: Any) -> Any:
    from thidua.core.testing import make_admin

    return make_admin()


@pytest.fixture
def cworld(db: Any) -> Any:
    """The world plus Cụm 6's 2026 data set, entry window, a validation rule and people for every step."""
    from thidua.core.testing import add_collection, build_world

    return add_collection(build_world())
