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
