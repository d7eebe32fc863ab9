"""Demo data of the analytics app, loaded by ``thidua demo`` through the app's services.

Nothing to load: the demo's reports are approved through ``collection.services.submission_approve``, which
refreshes the approved totals in the same transaction, so the explorer and Cụm 6's dashboards (2024S1, 2025
restated against 2024, 2026S1) show real figures as soon as the collection reports exist."""

from __future__ import annotations

from typing import Any


def load(loader: Any) -> None:
    """Called once by ``thidua.core.demo`` inside the demo transaction; the workflow hook has done the work."""
