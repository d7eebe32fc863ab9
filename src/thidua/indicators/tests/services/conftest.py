"""``world`` built once per module (a rolled-back transaction) instead of once per test: same data, faster."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def _world_of_this_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The ``world`` built once per test module inside a transaction that is rolled back at the end; each test
    runs in its own savepoint on top of it (as Django's ``setUpTestData``), so tests stay independent."""
    from thidua.core.testing import build_world

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            world = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(_world_of_this_module: Any, db: Any) -> Any:
    """The shared world of the module; whatever a test writes is rolled back after it."""
    return _world_of_this_module
