"""Pivot tables (bảng tổng hợp xoay chiều): cells keyed by dimensions, laid out as rows x columns."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.core.domain.errors import DomainError

DIMENSIONS = ("unit", "indicator", "period")
DIMENSION_LABELS = {"unit": "Đơn vị", "indicator": "Chỉ tiêu", "period": "Kỳ"}


@dataclass(frozen=True)
class Pivot:
    corner: str
    columns: list[str]
    rows: list[tuple[str, list[Decimal | None]]]


def check_dimensions(rows: str, columns: str) -> str:
    """The third dimension (held to one value); refuses unknown or repeated dimensions."""
    if rows not in DIMENSIONS or columns not in DIMENSIONS:
        raise DomainError("Chiều của bảng phải là đơn vị, chỉ tiêu hoặc kỳ.", field="rows")
    if rows == columns:
        raise DomainError("Hàng và cột của bảng phải là hai chiều khác nhau.", field="columns")
    return next(d for d in DIMENSIONS if d not in (rows, columns))


def pivot(
    cells: Mapping[tuple[Hashable, Hashable, Hashable], Decimal | None],
    *,
    rows: str,
    columns: str,
    labels: Mapping[str, Sequence[tuple[Hashable, str]]],
    fixed: Hashable,
) -> Pivot:
    """Lay out ``cells`` keyed (unit, indicator, period) with ``rows`` and ``columns`` chosen among the three
    dimensions; the third one is held at ``fixed``. ``labels`` gives each dimension's keys in order with names."""
    third = check_dimensions(rows, columns)
    position = {d: i for i, d in enumerate(DIMENSIONS)}
    out_rows = []
    for row_key, row_label in labels[rows]:
        line: list[Decimal | None] = []
        for col_key, _ in labels[columns]:
            key: list[Hashable] = [None, None, None]
            key[position[rows]], key[position[columns]], key[position[third]] = row_key, col_key, fixed
            line.append(cells.get((key[0], key[1], key[2])))
        out_rows.append((row_label, line))
    return Pivot(
        corner=f"{DIMENSION_LABELS[rows]} \\ {DIMENSION_LABELS[columns]}",
        columns=[label for _, label in labels[columns]],
        rows=out_rows,
    )
