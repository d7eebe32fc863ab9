"""Điều 6: scoring a quantitative criterion against the assigned targets (tiêu chí định lượng, DOMAIN.md section 4).

MS is the criterion's maximum score, A a unit's result (kết quả thực hiện), T its assigned target (chỉ tiêu được giao)
and A/T its achievement ratio. Every unit of the cluster is scored together, because the leader sets the scale:

- A < T: 0.5·MS·A/T (a result of 0 against a positive target scores 0);
- A = T: 0.5·MS;
- A > T and the unit has the highest ratio among the units over target (dẫn đầu; equal ratios share the lead): MS;
- A > T, not the leader, leader ratio L: 0.5·MS + 0.5·MS·(A/T − 1)/(L − 1);
- no assigned target (T empty or 0) but a result: a separate group scored MS·A/max(A of that group); such a unit is
  never the leader, and when every result of the group is 0 the group scores 0;
- neither target nor result, or a target without a result: 0.

Preliminary mode (điểm tạm tính, while results are still coming in) uses only the first two rules: a unit at or over
its target scores 0.5·MS, whatever the others did. Units without a target cannot be scored by those two rules (their
score depends on results not yet in): they score 0 with the outcome ``NO_TARGET_PENDING`` so a page can say "chưa
chấm" rather than show a zero as final.

Lower-is-better indicators (kéo giảm: traffic deaths, incidents) are scored by the rule the cluster's quy chế chooses,
a ``LowerIsBetterRule`` on the criterion; ``None`` means the indicator is higher-is-better. When a quy chế names none,
``DEFAULT_LOWER_IS_BETTER_RULE`` (the reduction in percent versus the same period last year) applies:

- ``REDUCTION_PERCENT_VS_LAST_YEAR`` (kéo giảm % so với cùng kỳ): A := (LY − result)/LY·100 where LY is the same
  period last year, T := the target reduction in percent, given as a positive number (10 = "kéo giảm 10%"); then the
  formulas above. An increase counts as a reduction of 0. LY must be known and positive.
- ``REDUCTION_AMOUNT_VS_LAST_YEAR`` (kéo giảm số tuyệt đối so với cùng kỳ): A := LY − result (at least 0),
  T := the target reduction as an amount; then the formulas above.
- ``INVERSE_RATIO`` (tỷ lệ nghịch): T is a ceiling (at most T), the achievement ratio is T/A instead of A/T; then the
  formulas above. A result of 0 under a positive ceiling has an unbounded ratio: that unit leads, and the units over
  target that do not reach 0 score 0.5·MS (the limit of the formula as L grows). Without a ceiling the group is scored
  MS·min(A of that group)/A, a result of 0 scoring MS.

Arithmetic and rounding: Decimal only, never float. Intermediate values keep 50 significant digits (ratios, the leader
ratio L and every comparison use these unrounded values); only the final score is rounded, once, to two decimals
with ROUND_HALF_UP (0.125 → 0.13, 0.124 → 0.12). The maximum score may have at most two decimals, so a rounded score
never exceeds it. Negative or non-finite inputs are refused with a ``DomainError`` naming the unit and the field.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from typing import Generic, TypeVar

from thidua.core.domain.errors import DomainError

K = TypeVar("K", bound=Hashable)

WORKING_PRECISION = 50
SCORE_QUANTUM = Decimal("0.01")

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HALF = Decimal("0.5")
_HUNDRED = Decimal(100)
_UNBOUNDED = Decimal("Infinity")


class LowerIsBetterRule(StrEnum):
    """How a lower-is-better indicator becomes an achievement (the quy chế's choice, set on the criterion)."""

    REDUCTION_PERCENT_VS_LAST_YEAR = "reduction_percent"
    REDUCTION_AMOUNT_VS_LAST_YEAR = "reduction_amount"
    INVERSE_RATIO = "inverse_ratio"

    @property
    def label(self) -> str:
        return LOWER_IS_BETTER_RULE_LABELS[self]


LOWER_IS_BETTER_RULE_LABELS = {
    LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR: "Tỷ lệ kéo giảm so với cùng kỳ (%) là kết quả đạt được",
    LowerIsBetterRule.REDUCTION_AMOUNT_VS_LAST_YEAR: "Số kéo giảm so với cùng kỳ là kết quả đạt được",
    LowerIsBetterRule.INVERSE_RATIO: "Tỷ lệ nghịch: chỉ tiêu / kết quả",
}

DEFAULT_LOWER_IS_BETTER_RULE = LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR
"""The rule for a lower-is-better criterion whose quy chế names none: "kéo giảm ...% so với cùng kỳ"."""


class Outcome(StrEnum):
    """Which branch of Điều 6 gave the score; pages use the label to explain it (giải trình)."""

    NO_RESULT = "no_result"
    BELOW_TARGET = "below_target"
    ON_TARGET = "on_target"
    LEADER = "leader"
    ABOVE_TARGET = "above_target"
    ABOVE_TARGET_PRELIMINARY = "above_target_preliminary"
    NO_TARGET = "no_target"
    NO_TARGET_PENDING = "no_target_pending"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.NO_RESULT: "Chưa có kết quả",
    Outcome.BELOW_TARGET: "Chưa đạt chỉ tiêu: 0,5 × điểm tối đa × tỷ lệ đạt",
    Outcome.ON_TARGET: "Đạt chỉ tiêu: 0,5 × điểm tối đa",
    Outcome.LEADER: "Vượt chỉ tiêu, dẫn đầu cụm: điểm tối đa",
    Outcome.ABOVE_TARGET: "Vượt chỉ tiêu: 0,5 × điểm tối đa + phần vượt so với đơn vị dẫn đầu",
    Outcome.ABOVE_TARGET_PRELIMINARY: "Vượt chỉ tiêu (tạm tính): 0,5 × điểm tối đa",
    Outcome.NO_TARGET: "Không được giao chỉ tiêu: điểm tối đa × kết quả / kết quả cao nhất nhóm",
    Outcome.NO_TARGET_PENDING: "Không được giao chỉ tiêu: chấm khi đủ kết quả các đơn vị",
}


@dataclass(frozen=True)
class UnitResult(Generic[K]):
    """One unit's figures for the criterion; ``same_period_last_year`` is needed by the reduction rules only."""

    unit_key: K
    target: Decimal | None
    actual: Decimal | None
    same_period_last_year: Decimal | None = None


@dataclass(frozen=True)
class QuantitativeScore(Generic[K]):
    """A unit's score with what produced it.

    ``ratio`` is the unrounded achievement ratio (A/T, or T/A under the inverse rule; Infinity for a result of 0
    under a positive ceiling), or None without a target. ``achievement`` is the A the formulas used (the reduction
    under the reduction rules). ``leader_ratio`` is L, None when nobody exceeded the target or in preliminary mode.
    """

    unit_key: K
    score: Decimal
    outcome: Outcome
    ratio: Decimal | None
    achievement: Decimal | None
    leader_ratio: Decimal | None


@dataclass(frozen=True)
class _Measured(Generic[K]):
    unit_key: K
    achievement: Decimal | None
    ratio: Decimal | None


def check_max_score(max_score: Decimal, *, field: str = "max_score") -> Decimal:
    """The criterion's maximum: a positive Decimal with at most two decimals (so rounding never exceeds it)."""
    value = _as_decimal(max_score, field=field, subject="Điểm tối đa")
    if value is None or value <= 0:
        raise DomainError("Điểm tối đa của tiêu chí phải lớn hơn 0.", field=field)
    if value != value.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP):
        raise DomainError("Điểm tối đa chỉ được có tối đa hai chữ số thập phân.", field=field)
    return value


def round_score(value: Decimal) -> Decimal:
    """The one rounding of a score: two decimals, half up."""
    return value.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def score_quantitative_criterion(
    results: Iterable[UnitResult[K]],
    max_score: Decimal,
    *,
    preliminary: bool = False,
    lower_is_better_rule: LowerIsBetterRule | None = None,
) -> dict[K, QuantitativeScore[K]]:
    """Score every unit of the cluster on one quantitative criterion by Điều 6 (see the module docstring)."""
    ms = check_max_score(max_score)
    rows = _checked_rows(results)
    with localcontext() as ctx:
        ctx.prec = WORKING_PRECISION
        ctx.rounding = ROUND_HALF_EVEN
        measured = [_measure(row, lower_is_better_rule) for row in rows]
        over_target = [m.ratio for m in measured if m.ratio is not None and m.ratio > _ONE]
        leader_ratio = max(over_target) if over_target and not preliminary else None
        lower_is_better_group = lower_is_better_rule is LowerIsBetterRule.INVERSE_RATIO
        untargeted = [m.achievement for m in measured if m.ratio is None and m.achievement is not None]
        best_untargeted = (min(untargeted) if lower_is_better_group else max(untargeted)) if untargeted else None

        scores: dict[K, QuantitativeScore[K]] = {}
        for m in measured:
            raw, outcome = _score_one(m, ms, preliminary, leader_ratio, best_untargeted, lower_is_better_group)
            scores[m.unit_key] = QuantitativeScore(
                unit_key=m.unit_key,
                score=round_score(raw),
                outcome=outcome,
                ratio=m.ratio,
                achievement=m.achievement,
                leader_ratio=leader_ratio,
            )
    return scores


def _score_one(
    m: _Measured[K],
    ms: Decimal,
    preliminary: bool,
    leader_ratio: Decimal | None,
    best_untargeted: Decimal | None,
    lower_is_better_group: bool,
) -> tuple[Decimal, Outcome]:
    if m.achievement is None:
        return _ZERO, Outcome.NO_RESULT
    ratio = m.ratio
    if ratio is None:
        if preliminary:
            return _ZERO, Outcome.NO_TARGET_PENDING
        return ms * _share_of_best(m.achievement, best_untargeted, lower_is_better_group), Outcome.NO_TARGET
    if ratio < _ONE:
        return _HALF * ms * ratio, Outcome.BELOW_TARGET
    if ratio == _ONE:
        return _HALF * ms, Outcome.ON_TARGET
    if preliminary or leader_ratio is None:  # leader_ratio is only None here in preliminary mode
        return _HALF * ms, Outcome.ABOVE_TARGET_PRELIMINARY
    if ratio == leader_ratio:
        return ms, Outcome.LEADER
    if leader_ratio.is_infinite():
        # The limit of the formula as L grows without bound: the excess counts for nothing beside a perfect result.
        return _HALF * ms, Outcome.ABOVE_TARGET
    return _HALF * ms + _HALF * ms * (ratio - _ONE) / (leader_ratio - _ONE), Outcome.ABOVE_TARGET


def _share_of_best(achievement: Decimal, best: Decimal | None, lower_is_better: bool) -> Decimal:
    """A / max(A) for the no-target group; min(A) / A when a lower result is better (0 is the best there is)."""
    if best is None:
        return _ZERO
    if lower_is_better:
        if achievement == 0:
            return _ONE
        return best / achievement
    if best == 0:
        return _ZERO
    return achievement / best


def _measure(row: UnitResult[K], rule: LowerIsBetterRule | None) -> _Measured[K]:
    """The achievement A and ratio the formulas use; the ratio is None for a unit without a target (T empty or 0)."""
    target = row.target if row.target is not None and row.target > 0 else None
    actual = row.actual
    if actual is None:
        return _Measured(row.unit_key, achievement=None, ratio=None)
    if rule is LowerIsBetterRule.INVERSE_RATIO:
        if target is None:
            return _Measured(row.unit_key, achievement=actual, ratio=None)
        return _Measured(row.unit_key, achievement=actual, ratio=_UNBOUNDED if actual == 0 else target / actual)
    achievement = actual if rule is None else _reduction(row.unit_key, actual, row.same_period_last_year, rule)
    return _Measured(row.unit_key, achievement=achievement, ratio=None if target is None else achievement / target)


def _reduction(unit_key: Hashable, actual: Decimal, last_year: Decimal | None, rule: LowerIsBetterRule) -> Decimal:
    """The reduction versus the same period last year (kéo giảm so với cùng kỳ); an increase is no reduction."""
    if last_year is None:
        raise DomainError(
            f"Đơn vị «{unit_key}»: thiếu số liệu cùng kỳ năm trước nên không tính được mức kéo giảm.",
            field="same_period_last_year",
        )
    reduction = last_year - actual
    if rule is LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR:
        if last_year == 0:
            raise DomainError(
                f"Đơn vị «{unit_key}»: số liệu cùng kỳ năm trước bằng 0 nên không tính được tỷ lệ kéo giảm; "
                "quy chế cần chọn cách chấm khác (ví dụ kéo giảm theo số tuyệt đối).",
                field="same_period_last_year",
            )
        reduction = reduction / last_year * _HUNDRED
    return max(reduction, _ZERO)


def _checked_rows(results: Iterable[UnitResult[K]]) -> list[UnitResult[K]]:
    rows: list[UnitResult[K]] = []
    seen: set[K] = set()
    for row in results:
        if row.unit_key in seen:
            raise DomainError(f"Đơn vị «{row.unit_key}» có hai dòng kết quả cho cùng một tiêu chí.", field="results")
        seen.add(row.unit_key)
        rows.append(
            UnitResult(
                unit_key=row.unit_key,
                target=_non_negative(row.target, row.unit_key, field="target", subject="chỉ tiêu giao"),
                actual=_non_negative(row.actual, row.unit_key, field="actual", subject="kết quả thực hiện"),
                same_period_last_year=_non_negative(
                    row.same_period_last_year, row.unit_key, field="same_period_last_year", subject="số liệu cùng kỳ"
                ),
            )
        )
    return rows


def _non_negative(value: Decimal | None, unit_key: Hashable, *, field: str, subject: str) -> Decimal | None:
    number = _as_decimal(value, field=field, subject=f"Đơn vị «{unit_key}»: {subject}")
    if number is not None and number < 0:
        raise DomainError(f"Đơn vị «{unit_key}»: {subject} không được là số âm ({number}).", field=field)
    return number


def _as_decimal(value: object, *, field: str, subject: str) -> Decimal | None:
    """Decimal (or int, converted exactly) or None; a float would bring binary rounding errors, so it is refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{field}: expected Decimal, int or None, got {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise DomainError(f"{subject} không phải là số hữu hạn.", field=field)
    return number
