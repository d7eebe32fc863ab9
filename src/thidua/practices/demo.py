"""Demo data of the practices app, loaded by ``thidua demo`` through the app's services."""

from __future__ import annotations

from typing import Any


def load(loader: Any) -> None:
    """Called once by ``thidua.core.demo`` inside the demo transaction; ``loader`` holds units, editions, people."""
