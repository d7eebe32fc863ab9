from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def kworld(db: Any) -> Any:
    from thidua.commendations.tests.worlds import build_kworld

    return build_kworld()
