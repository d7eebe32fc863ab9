"""Which units a roll-up adds into which (cộng dồn theo cây tổ chức), for one period.

A unit sits under the parent of its version in effect on the period's last day, or, when it stopped operating
during the period, of its last version before that day: a district police dissolved on 01/03/2025 still adds
its 2025S1 figures into its province.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def parents_for_period(versions: Iterable[tuple[int, int | None, date]], last_day: date) -> dict[int, int | None]:
    """``versions`` are ``(unit, parent, valid_from)``; each unit's parent for a period ending on ``last_day``."""
    chosen: dict[int, tuple[date, int | None]] = {}
    for unit, parent, valid_from in versions:
        if valid_from > last_day:
            continue
        if unit not in chosen or valid_from > chosen[unit][0]:
            chosen[unit] = (valid_from, parent)
    return {unit: parent for unit, (_, parent) in chosen.items()}


def ancestors(unit: int, parents: dict[int, int | None]) -> list[int]:
    """The units above ``unit``, nearest first; stops at a root, and at a loop should bad data hold one."""
    out: list[int] = []
    seen = {unit}
    current = parents.get(unit)
    while current is not None and current not in seen:
        out.append(current)
        seen.add(current)
        current = parents.get(current)
    return out
