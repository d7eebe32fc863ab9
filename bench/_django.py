"""Shared start-up of the analytics bench scripts: Django on the database of THIDUA_DATABASE_URL / THIDUA_DATA_DIR."""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup() -> str:
    """Configure Django, migrate, and say which database is used."""
    if not os.environ.get("THIDUA_DATABASE_URL") and not os.environ.get("THIDUA_DATA_DIR"):
        sys.exit("Đặt THIDUA_DATABASE_URL (PostgreSQL) hoặc THIDUA_DATA_DIR (SQLite) trước khi chạy.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.config.settings")
    # PostgreSQL mode wants a secret key; the bench only needs one for its own test-client sessions.
    os.environ.setdefault("THIDUA_SECRET_KEY", secrets.token_urlsafe(50))
    if os.environ.get("THIDUA_DATA_DIR"):
        Path(os.environ["THIDUA_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


def timed(fn: Callable[[], Any], *, repeat: int = 5) -> tuple[float, Any]:
    """Median wall time of ``repeat`` runs, in milliseconds, and the last result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], result


def load() -> str:
    try:
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"
    except OSError:
        return "load average unknown"


def ministry_with_provinces(*, prefix: str, root_name: str, count: int, actor: Any) -> tuple[Any, list[Any]]:
    """A bench ministry (``{prefix}-BCA``) and ``count`` provincial police units under it (``{prefix}-00``...,
    «Công an tỉnh Bench 00»...), all valid since 01/01/2020, created through the organisations services."""
    from datetime import date

    from thidua.organisations.services import org_unit_create

    since = date(2020, 1, 1)
    root = org_unit_create(code=f"{prefix}-BCA", unit_type="ministry", name=root_name, valid_from=since, actor=actor)
    units = [
        org_unit_create(
            code=f"{prefix}-{i:02d}",
            unit_type="provincial_police",
            name=f"Công an tỉnh Bench {i:02d}",
            parent=root,
            valid_from=since,
            actor=actor,
        )
        for i in range(count)
    ]
    return root, units
