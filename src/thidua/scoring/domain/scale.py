"""Scoring scales (thang điểm), each unit's total and maximum, ranking and classification bands.

A scale is a tree: groups (nhóm tiêu chí, e.g. "I. Kết quả công tác chuyên môn") hold criteria or smaller groups;
only leaves (tiêu chí) are scored and a parent's score is the sum of its leaves. A group may declare its total
("I. ... (60 điểm)") and the scale always declares one (100, 1.000 or another): ``validate_scale`` refuses a scale
whose criteria do not add up, naming the group. A bonus/deduction criterion may sit outside the total (điểm thưởng,
điểm trừ ngoài thang điểm): it is added to a unit's total but counts neither in the declared totals nor in the
unit's maximum.

A criterion not assigned to a unit (không giao) is left out of that unit's maximum and may not be scored for it.

Ranking (xếp hạng), documented tie-break, in this order:
1. the higher total (or the higher percentage of the unit's own maximum, when the quy chế ranks by percentage,
   which is fairer when units have criteria not assigned);
2. the higher score in the scale's first group (nhóm I, usually the professional results);
3. more criteria at full score (đạt điểm tối đa; criteria outside the total do not count);
4. units still equal on all three share the rank (1, 2, 2, 4) and are listed by unit key, ascending, so that the
   order is the same on every page and in every document.

Classification (xếp loại): the percentage total / maximum × 100, rounded to two decimals half up (the figure the user
sees), falls in the band with the highest threshold it reaches (≥). Bands are data from the quy chế, never constants
in the logic: ``EXAMPLE_BANDS`` only shows their shape.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from thidua.core.domain.errors import DomainError
from thidua.scoring.domain.quantitative import SCORE_QUANTUM, LowerIsBetterRule

K = TypeVar("K", bound=Hashable)

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


class SortableKey(Protocol):
    """A unit key that can be hashed and ordered (the last tie-break lists equal units by key)."""

    def __hash__(self) -> int: ...

    def __lt__(self, other: Any, /) -> bool: ...


S = TypeVar("S", bound=SortableKey)


class CriterionKind(StrEnum):
    """The four criterion types of DOMAIN.md section 4."""

    QUANTITATIVE = "quantitative"
    QUALITATIVE = "qualitative"
    PER_OCCURRENCE = "per_occurrence"
    BONUS_DEDUCTION = "bonus_deduction"

    @property
    def label(self) -> str:
        return CRITERION_KIND_LABELS[self]


CRITERION_KIND_LABELS = {
    CriterionKind.QUANTITATIVE: "Định lượng (theo chỉ tiêu)",
    CriterionKind.QUALITATIVE: "Định tính (đạt / không đạt)",
    CriterionKind.PER_OCCURRENCE: "Chấm thẳng (điểm mỗi lần)",
    CriterionKind.BONUS_DEDUCTION: "Cộng / trừ điểm",
}


@dataclass(frozen=True)
class Criterion:
    """A leaf of the scale (tiêu chí). ``min_score`` is below 0 only for a bonus/deduction criterion."""

    code: str
    name: str
    max_score: Decimal
    kind: CriterionKind = CriterionKind.QUANTITATIVE
    min_score: Decimal = _ZERO
    lower_is_better_rule: LowerIsBetterRule | None = None
    outside_total: bool = False


@dataclass(frozen=True)
class CriterionGroup:
    """A group of criteria (nhóm tiêu chí); ``declared_total`` is checked when the scale states one."""

    code: str
    name: str
    children: tuple[CriterionGroup | Criterion, ...]
    declared_total: Decimal | None = None

    @property
    def title(self) -> str:
        return f"{self.code}. {self.name}"

    def criteria(self) -> Iterator[Criterion]:
        for child in self.children:
            if isinstance(child, Criterion):
                yield child
            else:
                yield from child.criteria()

    def groups(self) -> Iterator[CriterionGroup]:
        """This group and every group under it, parents first."""
        yield self
        for child in self.children:
            if isinstance(child, CriterionGroup):
                yield from child.groups()

    @property
    def maximum(self) -> Decimal:
        return sum((c.max_score for c in self.criteria() if not c.outside_total), _ZERO)


@dataclass(frozen=True)
class ScoringScale:
    """A scale (thang điểm) of a cluster edition and period: its declared total and its top-level groups."""

    name: str
    declared_total: Decimal
    groups: tuple[CriterionGroup, ...]

    def criteria(self) -> Iterator[Criterion]:
        for group in self.groups:
            yield from group.criteria()

    def all_groups(self) -> Iterator[CriterionGroup]:
        for group in self.groups:
            yield from group.groups()

    @property
    def maximum(self) -> Decimal:
        return sum((group.maximum for group in self.groups), _ZERO)


def validate_scale(scale: ScoringScale) -> None:
    """Refuse a scale that is empty, reuses a code, has an invalid criterion or whose totals do not add up."""
    if not scale.groups:
        raise DomainError(f"Thang điểm «{scale.name}» chưa có nhóm tiêu chí nào.", field="groups")
    _check_total(scale.declared_total, field="declared_total", what=f"Tổng điểm của thang điểm «{scale.name}»")
    seen: set[str] = set()
    for group in scale.all_groups():
        _check_code(group.code, seen)
        if not group.children:
            raise DomainError(f"Nhóm «{group.title}» chưa có tiêu chí nào.", field=group.code)
    for criterion in scale.criteria():
        _check_code(criterion.code, seen)
        _check_criterion(criterion)
    for group in reversed(list(scale.all_groups())):  # innermost first: the message names the deepest culprit
        if group.declared_total is None:
            continue
        _check_total(group.declared_total, field=group.code, what=f"Tổng điểm của nhóm «{group.title}»")
        if group.maximum != group.declared_total:
            raise DomainError(
                f"Nhóm «{group.title}» khai báo {_vn(group.declared_total)} điểm nhưng các tiêu chí cộng lại "
                f"được {_vn(group.maximum)} điểm.",
                field=group.code,
            )
    if scale.maximum != scale.declared_total:
        parts = "; ".join(f"nhóm «{g.title}»: {_vn(g.maximum)} điểm" for g in scale.groups)
        raise DomainError(
            f"Thang điểm «{scale.name}» khai báo {_vn(scale.declared_total)} điểm nhưng các nhóm cộng lại được "
            f"{_vn(scale.maximum)} điểm ({parts}).",
            field="declared_total",
        )


def _check_code(code: str, seen: set[str]) -> None:
    if not code.strip():
        raise DomainError("Mỗi nhóm và tiêu chí của thang điểm phải có mã.", field="code")
    if code in seen:
        raise DomainError(f"Mã «{code}» được dùng cho hai mục của thang điểm.", field=code)
    seen.add(code)


def _check_total(value: Decimal, *, field: str, what: str) -> None:
    if not value.is_finite() or value <= 0:
        raise DomainError(f"{what} phải là số dương.", field=field)


def validate_criterion(criterion: Criterion) -> None:
    """Refuse a criterion whose bounds do not fit its type (used while a scale is drafted)."""
    _check_criterion(criterion)


def _check_criterion(criterion: Criterion) -> None:
    where = f"Tiêu chí «{criterion.code}. {criterion.name}»"
    for bound in (criterion.min_score, criterion.max_score):
        if not bound.is_finite() or bound != bound.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP):
            raise DomainError(f"{where}: điểm chỉ được có tối đa hai chữ số thập phân.", field=criterion.code)
    if criterion.kind is CriterionKind.BONUS_DEDUCTION:
        if not criterion.min_score <= 0 <= criterion.max_score or criterion.min_score == criterion.max_score:
            raise DomainError(
                f"{where}: điểm cộng/trừ phải có cận dưới ≤ 0 ≤ cận trên và hai cận khác nhau.", field=criterion.code
            )
    else:
        if criterion.max_score <= 0:
            raise DomainError(f"{where}: điểm tối đa phải lớn hơn 0.", field=criterion.code)
        if criterion.min_score != 0:
            raise DomainError(f"{where}: chỉ tiêu chí cộng/trừ mới có điểm âm.", field=criterion.code)
        if criterion.outside_total:
            raise DomainError(f"{where}: chỉ tiêu chí cộng/trừ mới được nằm ngoài thang điểm.", field=criterion.code)
    if criterion.lower_is_better_rule is not None and criterion.kind is not CriterionKind.QUANTITATIVE:
        raise DomainError(f"{where}: cách chấm «kéo giảm» chỉ dùng cho tiêu chí định lượng.", field=criterion.code)


@dataclass(frozen=True)
class UnitTotal:
    """A unit's total on a scale and its own maximum (criteria không giao left out).

    ``group_totals`` holds every group's score by group code; ``unscored`` lists the assigned criteria without a
    score yet (counted as 0 so a draft can be totalled, and shown so nobody takes the total as final).
    """

    total: Decimal
    maximum: Decimal
    percent: Decimal | None
    group_totals: Mapping[str, Decimal]
    full_score_count: int
    unscored: tuple[str, ...]


def unit_totals(
    scale: ScoringScale,
    scores: Mapping[K, Mapping[str, Decimal]],
    *,
    not_assigned: Mapping[K, Collection[str]] | None = None,
) -> dict[K, UnitTotal]:
    """Each unit's total and maximum from its leaf scores (criterion code → score)."""
    validate_scale(scale)
    excluded_by_unit = not_assigned or {}
    units = list(dict.fromkeys([*scores, *excluded_by_unit]))
    return {
        unit: _unit_total(scale, unit, scores.get(unit, {}), frozenset(excluded_by_unit.get(unit, ())))
        for unit in units
    }


def _unit_total(
    scale: ScoringScale, unit: Hashable, scores: Mapping[str, Decimal], excluded: frozenset[str]
) -> UnitTotal:
    by_code = {criterion.code: criterion for criterion in scale.criteria()}
    unknown = sorted((excluded | scores.keys()) - by_code.keys())
    if unknown:
        raise DomainError(f"Đơn vị «{unit}»: thang điểm không có tiêu chí mã «{unknown[0]}».", field=unknown[0])
    scored_but_excluded = sorted(excluded & scores.keys())
    if scored_but_excluded:
        code = scored_but_excluded[0]
        raise DomainError(
            f"Đơn vị «{unit}»: tiêu chí «{code}. {by_code[code].name}» không giao cho đơn vị nên không được chấm.",
            field=code,
        )
    leaf_scores: dict[str, Decimal] = {}
    maximum = _ZERO
    full = 0
    unscored: list[str] = []
    for criterion in scale.criteria():
        if criterion.code in excluded:
            continue
        score = scores.get(criterion.code)
        if score is None:
            unscored.append(criterion.code)
            score = _ZERO
        elif not score.is_finite() or not criterion.min_score <= score <= criterion.max_score:
            raise DomainError(
                f"Đơn vị «{unit}»: điểm {_vn(score)} của tiêu chí «{criterion.code}. {criterion.name}» nằm ngoài "
                f"khoảng {_vn(criterion.min_score)} đến {_vn(criterion.max_score)} điểm.",
                field=criterion.code,
            )
        leaf_scores[criterion.code] = score
        if not criterion.outside_total:
            maximum += criterion.max_score
            if criterion.max_score > 0 and score == criterion.max_score:
                full += 1
    total = _round(sum(leaf_scores.values(), _ZERO))
    group_totals = {
        group.code: _round(sum((leaf_scores.get(c.code, _ZERO) for c in group.criteria()), _ZERO))
        for group in scale.all_groups()
    }
    percent = _round(total / maximum * _HUNDRED) if maximum > 0 else None
    return UnitTotal(
        total=total,
        maximum=maximum,
        percent=percent,
        group_totals=group_totals,
        full_score_count=full,
        unscored=tuple(unscored),
    )


@dataclass(frozen=True)
class ClassificationBand:
    """A band of the quy chế: a unit at or above ``min_percent`` of its maximum is classified ``label``."""

    label: str
    min_percent: Decimal


EXAMPLE_BANDS: tuple[ClassificationBand, ...] = (
    ClassificationBand("Xuất sắc", Decimal(95)),
    ClassificationBand("Tốt", Decimal(85)),
    ClassificationBand("Khá", Decimal(70)),
    ClassificationBand("Trung bình", Decimal(50)),
    ClassificationBand("Yếu", Decimal(0)),
)
"""The shape of a quy chế's bands, for demos and tests; a cluster's own bands come from its data."""


def validate_bands(bands: Iterable[ClassificationBand]) -> tuple[ClassificationBand, ...]:
    """The bands from the highest threshold down; refuses blank or repeated labels and repeated or bad thresholds."""
    ordered = tuple(sorted(bands, key=lambda band: band.min_percent, reverse=True))
    labels: set[str] = set()
    thresholds: set[Decimal] = set()
    for band in ordered:
        if not band.label.strip():
            raise DomainError("Mỗi mức xếp loại phải có tên.", field="label")
        if band.label in labels:
            raise DomainError(f"Mức xếp loại «{band.label}» bị khai báo hai lần.", field="label")
        if not band.min_percent.is_finite() or band.min_percent < 0:
            raise DomainError(f"Ngưỡng của mức «{band.label}» phải là số không âm (%).", field="min_percent")
        if band.min_percent in thresholds:
            raise DomainError(f"Hai mức xếp loại cùng ngưỡng {_vn(band.min_percent)}%.", field="min_percent")
        labels.add(band.label)
        thresholds.add(band.min_percent)
    return ordered


def classify(percent: Decimal | None, bands: Iterable[ClassificationBand]) -> str | None:
    """The label of the highest band whose threshold the percentage reaches; None below every band or without one."""
    if percent is None:
        return None
    for band in validate_bands(bands):
        if percent >= band.min_percent:
            return band.label
    return None


class RankingBasis(StrEnum):
    TOTAL = "total"
    PERCENT_OF_MAXIMUM = "percent"

    @property
    def label(self) -> str:
        return "Theo tổng điểm" if self is RankingBasis.TOTAL else "Theo tỷ lệ % so với điểm tối đa của đơn vị"


@dataclass(frozen=True)
class RankedUnit(Generic[S]):
    rank: int
    unit_key: S
    total: UnitTotal
    classification: str | None


def rank_units(
    scale: ScoringScale,
    totals: Mapping[S, UnitTotal],
    *,
    basis: RankingBasis = RankingBasis.TOTAL,
    bands: Sequence[ClassificationBand] = (),
) -> list[RankedUnit[S]]:
    """Units in ranking order with the tie-break of the module docstring; equal units share a rank (1, 2, 2, 4)."""
    validate_scale(scale)
    ordered_bands = validate_bands(bands)
    first_group = scale.groups[0].code

    def merit(unit: S) -> tuple[Decimal, Decimal, int]:
        total = totals[unit]
        if basis is RankingBasis.TOTAL:
            primary = total.total
        else:
            primary = total.percent if total.percent is not None else Decimal("-Infinity")
        return primary, total.group_totals.get(first_group, _ZERO), total.full_score_count

    ordered = sorted(totals, key=lambda unit: (_negated(merit(unit)), unit))
    ranked: list[RankedUnit[S]] = []
    for position, unit in enumerate(ordered, start=1):
        rank = ranked[-1].rank if ranked and merit(ranked[-1].unit_key) == merit(unit) else position
        total = totals[unit]
        ranked.append(RankedUnit(rank, unit, total, classify(total.percent, ordered_bands) if ordered_bands else None))
    return ranked


def _negated(merit: tuple[Decimal, Decimal, int]) -> tuple[Decimal, Decimal, int]:
    return -merit[0], -merit[1], -merit[2]


def _round(value: Decimal) -> Decimal:
    return value.quantize(SCORE_QUANTUM, rounding=ROUND_HALF_UP)


def _vn(number: Decimal) -> str:
    """A number as Vietnamese users write it: 1.000 and 2,5 (DOMAIN.md section 8)."""
    text = f"{number.normalize():,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
