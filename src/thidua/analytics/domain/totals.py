"""Approved totals and the figures read from them (tổng hợp số liệu đã duyệt, so sánh cùng kỳ, quy đổi).

Pure Python. Keys are ``(indicator, option)`` with option 0 for an indicator's total; a figure is a pair
``(value, reported)``: the sum and how many approved reports carried it (0 means nobody reported it).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from thidua.indicators.domain.indicators import Direction, rate
from thidua.indicators.domain.targets import TargetKind, is_met, required_value

TOTAL = 0  # the option key of an indicator's total
PERCENT = Decimal(100)
ONE_DECIMAL = Decimal("0.1")

Key = tuple[int, int]  # (indicator, option or TOTAL)
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Figure:
    value: Decimal
    reported: int

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.value + other.value, self.reported + other.reported)

    def __sub__(self, other: Figure) -> Figure:
        return Figure(self.value - other.value, self.reported - other.reported)

    @property
    def is_zero(self) -> bool:
        return self.value == 0 and self.reported == 0

    @property
    def shown(self) -> Decimal | None:
        """The figure users see: None when no approved report carried it."""
        return self.value if self.reported > 0 else None


ZERO = Figure(Decimal(0), 0)


def report_figures(values: Iterable[tuple[int, int | None, Decimal | None]]) -> dict[Key, Figure]:
    """The figures of one approved report: each option as reported, and each indicator's total, its typed figure
    or else the sum of its options (as ``collection.domain.values.report_totals`` computes it)."""
    figures: dict[Key, Figure] = {}
    typed: dict[int, Decimal] = {}
    parts: dict[int, Decimal] = {}
    for indicator, option, value in values:
        if value is None:
            continue
        if option is None:
            typed[indicator] = value
        else:
            figures[(indicator, option)] = Figure(value, 1)
            parts[indicator] = parts.get(indicator, Decimal(0)) + value
    for indicator, value in {**parts, **typed}.items():
        figures[(indicator, TOTAL)] = Figure(value, 1)
    return figures


def add_figures(*groups: Mapping[K, Figure]) -> dict[K, Figure]:
    """Key-wise sums of several groups of figures (several reports, or predecessors summed into a successor)."""
    out: dict[K, Figure] = {}
    for group in groups:
        for key, figure in group.items():
            out[key] = out.get(key, ZERO) + figure
    return out


def figure_deltas(old: Mapping[K, Figure], new: Mapping[K, Figure]) -> dict[K, Figure]:
    """What changed between two states of the same figures (applied to every level above the unit)."""
    out: dict[K, Figure] = {}
    for key in set(old) | set(new):
        delta = new.get(key, ZERO) - old.get(key, ZERO)
        if not delta.is_zero:
            out[key] = delta
    return out


def value_of(
    figures: Mapping[int, Decimal | None], indicator: int, rates: Mapping[int, tuple[int, int]]
) -> Decimal | None:
    """An indicator's figure; a rate (tỷ lệ) recomputed from its numerator and denominator totals, never averaged."""
    if indicator in rates:
        numerator, denominator = rates[indicator]
        return rate(figures.get(numerator), figures.get(denominator))
    return figures.get(indicator)


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole == 0:
        return None
    return (part * PERCENT / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Comparison:
    """An actual figure against its target and the same period last year (so với chỉ tiêu, so với cùng kỳ)."""

    target: Decimal | None
    percent_of_target: Decimal | None
    met: bool | None
    change: Decimal | None
    change_percent: Decimal | None


def compare(
    *,
    actual: Decimal | None,
    last_year: Decimal | None,
    target_kind: TargetKind | None,
    target_value: Decimal | None,
    direction: Direction,
) -> Comparison:
    """Target is the figure to reach: an absolute value or a minimum rate as given, a change target applied to
    last year's figure (kéo giảm 10% so với cùng kỳ)."""
    target = None
    if target_kind is not None and target_value is not None:
        target = required_value(target_kind, target_value, last_year)
    change = actual - last_year if actual is not None and last_year is not None else None
    return Comparison(
        target=target,
        percent_of_target=percent(actual, target),
        met=is_met(target, actual, direction),
        change=change,
        change_percent=percent(change, last_year),
    )
