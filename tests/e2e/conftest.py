"""Fixtures of the browser tests: ``server`` (a live server on the data of ``e2e_world``) and ``browser``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.helpers import SCRIPT_ERRORS, launch_chromium, live_server


@pytest.fixture
def e2e_world(cworld: Any) -> Any:
    """The data the live server serves: Cụm 6's collection world. A test module overrides this fixture to serve
    another world (it is built before the server and the browser start)."""
    return cworld


@pytest.fixture
def server(transactional_db: Any, e2e_world: Any, settings: Any) -> Iterator[str]:
    """The address of a live server on the test database, with ``e2e_world`` built."""
    with live_server(settings) as address:
        yield address


@pytest.fixture
def browser() -> Iterator[Any]:
    """A Chromium for one test (started after the data: no database call may run inside Playwright's loop)."""
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture(autouse=True)
def _no_script_errors_yet() -> None:
    SCRIPT_ERRORS.clear()
