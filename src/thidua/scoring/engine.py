"""The scoring engine: one pure function per criterion type of DOMAIN.md section 4 (no Django, no database).

``score_quantitative`` is a public library function (DESIGN.md, "Public interfaces"): given every unit's
``(unit_key, target, actual)`` it returns each unit's cluster score by Điều 6 (``thidua.scoring.domain.quantitative``
documents the rule, the lower-is-better choices and the rounding). The other criterion types:

- định tính (qualitative): the maximum if achieved, else 0;
- chấm thẳng (points per occurrence): points × count, capped at the maximum;
- cộng / trừ (bonus and deduction): bonus points × count − penalty points × count, clamped to the criterion's bounds.

Every score is a Decimal rounded once, at the end, to two decimals with ROUND_HALF_UP.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from thidua.core.domain.errors import DomainError
from thidua.scoring.domain.quantitative import (
    DEFAULT_LOWER_IS_BETTER_RULE,
    K,
    LowerIsBetterRule,
    Outcome,
    QuantitativeScore,
    UnitResult,
    check_max_score,
    round_score,
    score_quantitative_criterion,
)

__all__ = [
    "DEFAULT_LOWER_IS_BETTER_RULE",
    "LowerIsBetterRule",
    "Outcome",
    "QuantitativeScore",
    "score_bonus_deduction",
    "score_per_occurrence",
    "score_qualitative",
    "score_quantitative",
    "score_quantitative_detailed",
]


def score_quantitative(
    results: Iterable[tuple[K, Decimal | None, Decimal | None]],
    max_score: Decimal,
    *,
    preliminary: bool = False,
    lower_is_better_rule: LowerIsBetterRule | None = None,
    same_period_last_year: Mapping[K, Decimal | None] | None = None,
) -> dict[K, Decimal]:
    """Each unit's score on a quantitative criterion (Điều 6), from every unit's ``(unit_key, target, actual)``.

    ``target`` None or 0 puts the unit in the no-target group; ``actual`` None means no result yet.
    ``preliminary`` gives the provisional score while results are still coming in (điểm tạm tính).
    ``lower_is_better_rule`` is None for a higher-is-better indicator; for a lower-is-better one pass the quy chế's
    rule (``DEFAULT_LOWER_IS_BETTER_RULE`` when it names none); the reduction rules need ``same_period_last_year``,
    each unit's figure for the same period last year (kéo giảm so với cùng kỳ), keyed like the results.
    """
    detailed = score_quantitative_detailed(
        results,
        max_score,
        preliminary=preliminary,
        lower_is_better_rule=lower_is_better_rule,
        same_period_last_year=same_period_last_year,
    )
    return {key: scored.score for key, scored in detailed.items()}


def score_quantitative_detailed(
    results: Iterable[tuple[K, Decimal | None, Decimal | None]],
    max_score: Decimal,
    *,
    preliminary: bool = False,
    lower_is_better_rule: LowerIsBetterRule | None = None,
    same_period_last_year: Mapping[K, Decimal | None] | None = None,
) -> dict[K, QuantitativeScore[K]]:
    """As ``score_quantitative``, with each score's rule branch, ratio and leader ratio (for giải trình)."""
    last_year = same_period_last_year or {}
    rows = (
        UnitResult(unit_key=key, target=target, actual=actual, same_period_last_year=last_year.get(key))
        for key, target, actual in results
    )
    return score_quantitative_criterion(
        rows, max_score, preliminary=preliminary, lower_is_better_rule=lower_is_better_rule
    )


def score_qualitative(achieved: bool, max_score: Decimal) -> Decimal:
    """Định tính: the maximum if the requirement is achieved, else 0."""
    ms = check_max_score(max_score)
    return round_score(ms) if achieved else Decimal("0.00")


def score_per_occurrence(count: int, points_per_occurrence: Decimal, max_score: Decimal) -> Decimal:
    """Chấm thẳng: points × count, capped at the maximum."""
    ms = check_max_score(max_score)
    occurrences = _count(count, field="count")
    points = _points(points_per_occurrence, field="points_per_occurrence")
    return round_score(min(points * occurrences, ms))


def score_bonus_deduction(
    *,
    lower_bound: Decimal,
    upper_bound: Decimal,
    bonus_points: Decimal = Decimal(0),
    bonus_count: int = 0,
    penalty_points: Decimal = Decimal(0),
    penalty_count: int = 0,
) -> Decimal:
    """Cộng / trừ: bonus points × count − penalty points × count, clamped to [lower_bound, upper_bound].

    Points are magnitudes (a deduction of 2 points is ``penalty_points=2``); the bounds are the criterion's, e.g.
    [−10, 5], and must contain 0 (no occurrence, no change).
    """
    low = _bound(lower_bound, field="lower_bound")
    high = _bound(upper_bound, field="upper_bound")
    if not low <= 0 <= high:
        raise DomainError("Khoảng điểm cộng/trừ phải chứa 0: cận dưới ≤ 0 ≤ cận trên.", field="lower_bound")
    if low == high:
        raise DomainError("Cận dưới và cận trên của điểm cộng/trừ không được trùng nhau.", field="upper_bound")
    raw = _points(bonus_points, field="bonus_points") * _count(bonus_count, field="bonus_count") - _points(
        penalty_points, field="penalty_points"
    ) * _count(penalty_count, field="penalty_count")
    return round_score(min(max(raw, low), high))


def _count(value: int, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field}: expected int, got {type(value).__name__}")
    if value < 0:
        raise DomainError("Số lần không được là số âm.", field=field)
    return value


def _points(value: Decimal, *, field: str) -> Decimal:
    number = _finite(value, field=field)
    if number < 0:
        raise DomainError("Số điểm mỗi lần không được là số âm.", field=field)
    return number


def _bound(value: Decimal, *, field: str) -> Decimal:
    number = _finite(value, field=field)
    if number != round_score(number):
        raise DomainError("Cận điểm chỉ được có tối đa hai chữ số thập phân.", field=field)
    return number


def _finite(value: Decimal, *, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{field}: expected Decimal or int, got {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise DomainError("Giá trị không phải là số hữu hạn.", field=field)
    return number
