"""Rule sets: the criteria of each title under one legal basis, valid over dates (bộ tiêu chuẩn danh hiệu thi đua).

A :class:`RuleSet` names its legal basis (e.g. "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP"),
its validity ``[valid_from, valid_to)`` (``valid_to`` is the first day no longer in force, ``None`` open-ended, as in
the organisations domain) and, per title code, a list of criteria. Every criterion carries the article that requires
it ("Điều 24"), its thresholds as data, whether it is switched on (``enabled``) and a ``verify`` note saying what still
has to be checked against the official text (DOMAIN.md's "(verify)" marks). Nothing in :mod:`.eligibility` hard-codes
a threshold, a ratio or a chain length: they are all read from here.

Criterion kinds (what :func:`~thidua.commendations.domain.eligibility.eligibility` can check):

* :class:`DutyRatingAtLeast`: the person's yearly duty rating, or the unit's task completion, is at least X;
* :class:`Attested`: an attested statement for the year (abides by law, takes part in the movement, internal
  solidarity, clean and strong organisations, leading in thrift and against waste and corruption);
* :class:`MemberTitleShare`: the share of a unit's members holding a title is "trên X%" (strictly more than) or
  "từ X% trở lên" (at least);
* :class:`MemberRatingShare`: the share of members rated at least X (100% "hoàn thành nhiệm vụ" for Đơn vị quyết
  thắng);
* :class:`MembersWithTitle`: at least N members hold a title;
* :class:`ConsecutiveTitle`: a chain of a title over consecutive years (or consecutive awards ``step_years`` apart)
  of the subject's own history, ending with the review year;
* :class:`HasInnovation`: a recognised initiative (sáng kiến), research topic (đề tài khoa học) or combat ingenuity
  (mưu trí, sáng tạo trong chiến đấu) with an effect at least at a scope, within a window of years;
* :class:`NotDisciplined` / :class:`NoMemberDisciplined`: the person / no member disciplined at level X or above
  (the Đơn vị quyết thắng clause is on in the older law's rule set only);
* :class:`LeadsCluster`, :class:`ExceedsTargets`, :class:`HasNewFactors`: the unit leads its cluster (from the
  scoring and the ballot), exceeds its targets, has new factors or models.

Which rule set applies (:func:`ruleset_for`, :func:`ruleset_for_review`): the one in force on a reference date. A
2025 review straddles 01/07/2025, when Nghị định 152/2025/NĐ-CP replaced Nghị định 98/2023/NĐ-CP (verify dates). By
default the reference date is the **decision date** (ngày quyết định khen thưởng): a title is conferred under the
rules in force when it is decided, so the 2025 year-end review decided in January 2026 uses the Nghị định 152/2025
rule set. The basis is a setting (:class:`ReviewDateBasis`): the first or the last day of the reviewed year instead;
a decree's transitional clause (điều khoản chuyển tiếp) may require either. The choice states every rule set in force
during the year, so a page can say the year falls under two.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import ClassVar, Final, TypedDict

from thidua.commendations.domain.catalogue import (
    ADVANCED_SOLDIER,
    ADVANCED_UNIT,
    BASE_EMULATION_SOLDIER,
    DEFAULT_CATALOGUE,
    DETERMINED_TO_WIN_UNIT,
    GOVERNMENT_EMULATION_FLAG,
    MINISTRY_EMULATION_FLAG,
    MINISTRY_EMULATION_SOLDIER,
    NATIONAL_EMULATION_SOLDIER,
    Catalogue,
    Recipient,
    format_date,
)
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number

__all__ = [
    "DEFAULT_RULESETS",
    "RULESET_2024",
    "RULESET_2025",
    "RULESET_OLD_LAW",
    "Attestation",
    "Attested",
    "Comparison",
    "ConsecutiveTitle",
    "Criterion",
    "DisciplineLevel",
    "DutyRating",
    "EffectScope",
    "ExceedsTargets",
    "HasInnovation",
    "HasNewFactors",
    "InnovationKind",
    "LeadsCluster",
    "MemberRatingShare",
    "MemberTitleShare",
    "MembersWithTitle",
    "NoMemberDisciplined",
    "NotDisciplined",
    "ReviewDateBasis",
    "RuleSet",
    "RulesetChoice",
    "percent_text",
    "rating_phrase",
    "ruleset_for",
    "ruleset_for_review",
    "validate_ruleset",
    "validate_rulesets",
]

_INDIVIDUAL = frozenset({Recipient.INDIVIDUAL})
_COLLECTIVE = frozenset({Recipient.COLLECTIVE})
_BOTH = frozenset({Recipient.INDIVIDUAL, Recipient.COLLECTIVE})


# --- Vocabulary ---------------------------------------------------------------------------------------------------


class DutyRating(StrEnum):
    """Yearly duty rating (mức độ hoàn thành nhiệm vụ), of a person or of a unit's tasks; ordered by ``rank``."""

    NOT_COMPLETED = "not_completed"
    COMPLETED = "completed"
    GOOD = "good"
    EXCELLENT = "excellent"

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]

    @property
    def rank(self) -> int:
        return _RATING_RANKS[self]

    def at_least(self, other: DutyRating) -> bool:
        return self.rank >= other.rank


_RATING_LABELS = {
    DutyRating.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
    DutyRating.COMPLETED: "Hoàn thành nhiệm vụ",
    DutyRating.GOOD: "Hoàn thành tốt nhiệm vụ",
    DutyRating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
}
_RATING_RANKS = {DutyRating.NOT_COMPLETED: 0, DutyRating.COMPLETED: 1, DutyRating.GOOD: 2, DutyRating.EXCELLENT: 3}
_TOP_RATING = DutyRating.EXCELLENT


class DisciplineLevel(StrEnum):
    """Discipline form (hình thức kỷ luật), ordered by ``severity``.

    Officers' forms (khiển trách, cảnh cáo, giáng cấp bậc hàm, giáng chức, cách chức, tước danh hiệu Công an nhân
    dân) and the civil-servant forms (hạ bậc lương, buộc thôi việc) share one scale: "từ cảnh cáo trở lên" is every
    form except khiển trách. Forms on the same step have the same severity.
    """

    REPRIMAND = "reprimand"
    WARNING = "warning"
    SALARY_STEP_REDUCTION = "salary_step_reduction"
    RANK_DEMOTION = "rank_demotion"
    DEMOTION = "demotion"
    REMOVAL_FROM_OFFICE = "removal_from_office"
    DISMISSAL = "dismissal"
    STRIPPED_OF_TITLE = "stripped_of_title"

    @property
    def label(self) -> str:
        return _DISCIPLINE_LABELS[self]

    @property
    def severity(self) -> int:
        return _DISCIPLINE_SEVERITY[self]

    def at_least(self, other: DisciplineLevel) -> bool:
        return self.severity >= other.severity


_DISCIPLINE_LABELS = {
    DisciplineLevel.REPRIMAND: "Khiển trách",
    DisciplineLevel.WARNING: "Cảnh cáo",
    DisciplineLevel.SALARY_STEP_REDUCTION: "Hạ bậc lương",
    DisciplineLevel.RANK_DEMOTION: "Giáng cấp bậc hàm",
    DisciplineLevel.DEMOTION: "Giáng chức",
    DisciplineLevel.REMOVAL_FROM_OFFICE: "Cách chức",
    DisciplineLevel.DISMISSAL: "Buộc thôi việc",
    DisciplineLevel.STRIPPED_OF_TITLE: "Tước danh hiệu Công an nhân dân",
}
_DISCIPLINE_SEVERITY = {
    DisciplineLevel.REPRIMAND: 1,
    DisciplineLevel.WARNING: 2,
    DisciplineLevel.SALARY_STEP_REDUCTION: 3,
    DisciplineLevel.RANK_DEMOTION: 3,
    DisciplineLevel.DEMOTION: 4,
    DisciplineLevel.REMOVAL_FROM_OFFICE: 5,
    DisciplineLevel.DISMISSAL: 6,
    DisciplineLevel.STRIPPED_OF_TITLE: 6,
}


class EffectScope(StrEnum):
    """Scope of an initiative's effect (phạm vi ảnh hưởng), ordered by ``rank``."""

    BASE = "base"
    MINISTRY = "ministry"
    NATIONAL = "national"

    @property
    def label(self) -> str:
        return _SCOPE_LABELS[self]

    @property
    def rank(self) -> int:
        return _SCOPE_RANKS[self]

    def at_least(self, other: EffectScope) -> bool:
        return self.rank >= other.rank


_SCOPE_LABELS = {
    EffectScope.BASE: "cơ sở",
    EffectScope.MINISTRY: "toàn lực lượng Công an nhân dân",
    EffectScope.NATIONAL: "toàn quốc",
}
_SCOPE_RANKS = {EffectScope.BASE: 1, EffectScope.MINISTRY: 2, EffectScope.NATIONAL: 3}


class InnovationKind(StrEnum):
    """What was recognised: an initiative, a research topic, or ingenuity in combat."""

    INITIATIVE = "initiative"
    RESEARCH_TOPIC = "research_topic"
    COMBAT_INGENUITY = "combat_ingenuity"

    @property
    def label(self) -> str:
        return _INNOVATION_LABELS[self]


_INNOVATION_LABELS = {
    InnovationKind.INITIATIVE: "sáng kiến",
    InnovationKind.RESEARCH_TOPIC: "đề tài khoa học",
    InnovationKind.COMBAT_INGENUITY: "mưu trí, sáng tạo trong chiến đấu, phục vụ chiến đấu",
}
_ALL_INNOVATION_KINDS = frozenset(InnovationKind)


class Attestation(StrEnum):
    """A statement attested for a year in the subject's record (nhận xét, xác nhận hằng năm)."""

    ABIDES_BY_LAW = "abides_by_law"
    TAKES_PART_IN_MOVEMENT = "takes_part_in_movement"
    INTERNAL_SOLIDARITY = "internal_solidarity"
    CLEAN_STRONG_ORGANISATIONS = "clean_strong_organisations"
    THRIFT_AND_ANTI_CORRUPTION = "thrift_and_anti_corruption"

    @property
    def label(self) -> str:
        return _ATTESTATION_LABELS[self]


_ATTESTATION_LABELS = {
    Attestation.ABIDES_BY_LAW: "Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    Attestation.TAKES_PART_IN_MOVEMENT: "Tích cực tham gia phong trào thi đua",
    Attestation.INTERNAL_SOLIDARITY: "Nội bộ đoàn kết",
    Attestation.CLEAN_STRONG_ORGANISATIONS: "Tổ chức đảng, đoàn thể trong sạch, vững mạnh",
    Attestation.THRIFT_AND_ANTI_CORRUPTION: (
        "Đi đầu trong thực hành tiết kiệm, chống lãng phí, phòng, chống tham nhũng"
    ),
}


class Comparison(StrEnum):
    """How a share meets its threshold: "trên X%" (strictly more than) or "từ X% trở lên" (at least)."""

    MORE_THAN = "more_than"
    AT_LEAST = "at_least"

    def holds(self, value: Decimal, threshold: Decimal) -> bool:
        return value > threshold if self is Comparison.MORE_THAN else value >= threshold

    def phrase(self, percent: Decimal) -> str:
        """ "trên 50%" or "từ 70% trở lên" (exactly "100%" when at least 100%)."""
        if self is Comparison.MORE_THAN:
            return f"trên {percent_text(percent)}"
        if percent == 100:
            return "100%"
        return f"từ {percent_text(percent)} trở lên"


def percent_text(percent: Decimal) -> str:
    """A percentage as Vietnamese text, at most two decimals: 66,67%."""
    return f"{format_number(percent.quantize(Decimal('0.01')).normalize())}%"


# --- Criteria -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Criterion:
    """One criterion of a title (tiêu chuẩn), with the article requiring it (``article``: "Điều 24").

    ``enabled`` switches the criterion on or off without deleting it (an administrator's setting);
    ``verify`` is what still has to be checked against the official text; ``applies_to`` says which subjects the kind
    can be checked on.
    """

    article: str
    enabled: bool = True
    verify: str = ""

    applies_to: ClassVar[frozenset[Recipient]] = _BOTH

    def requirement(self, catalogue: Catalogue) -> str:  # pragma: no cover - every kind overrides it
        """The criterion as a Vietnamese sentence, e.g. "Hoàn thành tốt nhiệm vụ trở lên"."""
        raise NotImplementedError


def rating_phrase(minimum: DutyRating) -> str:
    """ "Hoàn thành tốt nhiệm vụ trở lên"; the top rating alone (nothing is above it)."""
    return minimum.label if minimum is _TOP_RATING else f"{minimum.label} trở lên"


@dataclass(frozen=True, kw_only=True)
class DutyRatingAtLeast(Criterion):
    """The person's duty rating, or the unit's task completion, in the review year is at least ``minimum``."""

    minimum: DutyRating

    def requirement(self, catalogue: Catalogue) -> str:
        return rating_phrase(self.minimum)


@dataclass(frozen=True, kw_only=True)
class Attested(Criterion):
    """The statement ``clause`` is attested as true for the review year."""

    clause: Attestation

    def requirement(self, catalogue: Catalogue) -> str:
        return self.clause.label


@dataclass(frozen=True, kw_only=True)
class MemberTitleShare(Criterion):
    """The share of the unit's members holding ``title`` in the review year meets ``percent`` by ``comparison``."""

    title: str
    percent: Decimal
    comparison: Comparison

    applies_to: ClassVar[frozenset[Recipient]] = _COLLECTIVE

    def requirement(self, catalogue: Catalogue) -> str:
        return (
            f"Có {self.comparison.phrase(self.percent)} cán bộ, chiến sĩ đạt danh hiệu "
            f"{catalogue.title_name(self.title)}"
        )


@dataclass(frozen=True, kw_only=True)
class MemberRatingShare(Criterion):
    """The share of members rated at least ``minimum`` meets ``percent`` ("100% hoàn thành nhiệm vụ": 100, at least)."""

    minimum: DutyRating
    percent: Decimal
    comparison: Comparison

    applies_to: ClassVar[frozenset[Recipient]] = _COLLECTIVE

    def requirement(self, catalogue: Catalogue) -> str:
        return f"{self.comparison.phrase(self.percent)} cán bộ, chiến sĩ {rating_phrase(self.minimum).lower()}"


@dataclass(frozen=True, kw_only=True)
class MembersWithTitle(Criterion):
    """At least ``minimum_count`` members hold ``title`` in the review year."""

    title: str
    minimum_count: int

    applies_to: ClassVar[frozenset[Recipient]] = _COLLECTIVE

    def requirement(self, catalogue: Catalogue) -> str:
        return f"Có ít nhất {self.minimum_count} cán bộ, chiến sĩ đạt danh hiệu {catalogue.title_name(self.title)}"


@dataclass(frozen=True, kw_only=True)
class ConsecutiveTitle(Criterion):
    """A chain of ``title`` of length ``length`` in the subject's own history, ending with the review year.

    The links are the years Y, Y − step, Y − 2·step, ...: ``step_years`` 1 is "n năm liên tục"; a larger step reads
    "n lần liên tục" for a title awarded once per cycle (two consecutive Chiến sĩ thi đua cấp Bộ are one 3-year cycle
    apart). A year without the title, or without a record, breaks the chain.

    ``assess_review_year``: when the review year's record exists but does not (yet) hold ``title``, the title's own
    criteria in the same rule set are checked instead (titles decided in the same review, e.g. Chiến sĩ tiên tiến
    and Chiến sĩ thi đua cơ sở at the same year end).

    ``restart_after_award``: years up to a previous award of the title under review do not count again (a new
    Chiến sĩ thi đua cấp Bộ needs three Chiến sĩ thi đua cơ sở years after the last one).
    """

    title: str
    length: int
    step_years: int = 1
    assess_review_year: bool = True
    restart_after_award: bool = False

    def requirement(self, catalogue: Catalogue) -> str:
        name = catalogue.title_name(self.title)
        if self.length == 1:
            return f"Đạt danh hiệu {name} trong năm xét"
        if self.step_years == 1:
            return f"Đạt danh hiệu {name} {self.length} năm liên tục (tính đến năm xét)"
        return f"{self.length} lần liên tục đạt danh hiệu {name} (mỗi lần cách nhau {self.step_years} năm)"


@dataclass(frozen=True, kw_only=True)
class HasInnovation(Criterion):
    """A recognised innovation of one of ``kinds``, effect at least ``minimum_scope``, in the last ``window_years``."""

    minimum_scope: EffectScope
    kinds: frozenset[InnovationKind] = _ALL_INNOVATION_KINDS
    window_years: int = 1

    applies_to: ClassVar[frozenset[Recipient]] = _INDIVIDUAL

    def what(self) -> str:
        """What is required, without the window: "sáng kiến, … có phạm vi ảnh hưởng toàn quốc"."""
        kinds = " hoặc ".join(k.label for k in InnovationKind if k in self.kinds)
        if self.minimum_scope is EffectScope.BASE:
            return f"{kinds} được công nhận"
        return f"{kinds} có phạm vi ảnh hưởng {self.minimum_scope.label}"

    def requirement(self, catalogue: Catalogue) -> str:
        window = "trong năm xét" if self.window_years == 1 else f"trong {self.window_years} năm tính đến năm xét"
        return f"Có {self.what()} {window}"


@dataclass(frozen=True, kw_only=True)
class NotDisciplined(Criterion):
    """The person has no discipline at ``level`` or above in the review year."""

    level: DisciplineLevel

    applies_to: ClassVar[frozenset[Recipient]] = _INDIVIDUAL

    def requirement(self, catalogue: Catalogue) -> str:
        return f"Không bị kỷ luật từ hình thức {self.level.label.lower()} trở lên trong năm xét"


@dataclass(frozen=True, kw_only=True)
class NoMemberDisciplined(Criterion):
    """No member of the unit has discipline at ``level`` or above in the review year."""

    level: DisciplineLevel

    applies_to: ClassVar[frozenset[Recipient]] = _COLLECTIVE

    def requirement(self, catalogue: Catalogue) -> str:
        return f"Không có cán bộ, chiến sĩ bị kỷ luật từ hình thức {self.level.label.lower()} trở lên"


@dataclass(frozen=True, kw_only=True)
class LeadsCluster(Criterion):
    """The unit leads its cluster or block (dẫn đầu cụm, khối thi đua), per the scoring and the ballot."""

    applies_to: ClassVar[frozenset[Recipient]] = _COLLECTIVE

    def requirement(self, catalogue: Catalogue) -> str:
        return "Dẫn đầu phong trào thi đua của cụm, khối thi đua (qua chấm điểm và bình xét, suy tôn)"


@dataclass(frozen=True, kw_only=True)
class ExceedsTargets(Criterion):
    """The unit exceeds the year's emulation targets and tasks (hoàn thành vượt mức chỉ tiêu)."""

    applies_to: ClassVar[frozenset[Recipient]] = _COLLECTIVE

    def requirement(self, catalogue: Catalogue) -> str:
        return "Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao trong năm"


@dataclass(frozen=True, kw_only=True)
class HasNewFactors(Criterion):
    """The unit reports at least ``minimum_count`` new factors or models for others to learn from."""

    minimum_count: int = 1

    applies_to: ClassVar[frozenset[Recipient]] = _COLLECTIVE

    def requirement(self, catalogue: Catalogue) -> str:
        return "Có nhân tố mới, mô hình mới để các tập thể khác học tập"


# --- Rule sets ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSet:
    """The criteria of each title under one legal basis (bộ tiêu chuẩn), in force over ``[valid_from, valid_to)``.

    ``valid_from`` ``None`` means no recorded start. ``criteria`` maps a title code to its criteria in order.
    """

    code: str
    legal_basis: str
    valid_from: date | None
    valid_to: date | None
    criteria: Mapping[str, tuple[Criterion, ...]]
    verify: str = ""
    note: str = ""

    def in_force_on(self, day: date) -> bool:
        """Whether the rule set is in force on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)

    def in_force_during(self, year: int) -> bool:
        """Whether the rule set is in force on at least one day of ``year``."""
        return (self.valid_from is None or self.valid_from <= date(year, 12, 31)) and (
            self.valid_to is None or self.valid_to > date(year, 1, 1)
        )

    def criteria_for(self, title: str) -> tuple[Criterion, ...]:
        """The criteria of ``title``, switched off ones included; refuses a title the rule set does not cover."""
        try:
            return self.criteria[title]
        except KeyError:
            raise DomainError(
                f"Bộ tiêu chuẩn “{self.legal_basis}” không quy định tiêu chuẩn cho danh hiệu mã {title}.",
                field="title",
            ) from None

    def validity_text(self) -> str:
        """E.g. "từ 01/01/2024 đến hết 30/06/2025" or "từ 01/07/2025"."""
        start = f"từ {format_date(self.valid_from)}" if self.valid_from else "không rõ ngày bắt đầu"
        if self.valid_to is None:
            return start
        last_day = date.fromordinal(self.valid_to.toordinal() - 1)
        return f"{start} đến hết {format_date(last_day)}"

    def with_criteria(self, title: str, criteria: Iterable[Criterion]) -> RuleSet:
        """A copy with ``title``'s criteria replaced (an administrator editing the rule set)."""
        return dataclasses.replace(self, criteria={**self.criteria, title: tuple(criteria)})

    def toggled(self, title: str, kind: type[Criterion], *, enabled: bool) -> RuleSet:
        """A copy with every criterion of ``kind`` of ``title`` switched on or off."""
        current = self.criteria_for(title)
        if not any(isinstance(c, kind) for c in current):
            raise DomainError(
                f"Danh hiệu mã {title} không có tiêu chuẩn loại {kind.__name__} trong bộ tiêu chuẩn "
                f"“{self.legal_basis}”.",
                field="criteria",
            )
        return self.with_criteria(
            title, [dataclasses.replace(c, enabled=enabled) if isinstance(c, kind) else c for c in current]
        )


def _referenced_title(criterion: Criterion) -> str | None:
    if isinstance(criterion, MemberTitleShare | MembersWithTitle | ConsecutiveTitle):
        return criterion.title
    return None


def validate_ruleset(ruleset: RuleSet, catalogue: Catalogue = DEFAULT_CATALOGUE) -> None:
    """Check a rule set against the catalogue and its own thresholds (field ``criteria`` unless said otherwise).

    Refuses: an end not after the start (``valid_to``); a title or referenced title unknown to the catalogue; a kind
    that cannot apply to the title's recipient (a member share on a person's title); an empty article; a percentage
    outside (0, 100]; a chain length, step, window or count below 1.
    """
    if ruleset.valid_from and ruleset.valid_to and ruleset.valid_to <= ruleset.valid_from:
        raise DomainError(
            f"Bộ tiêu chuẩn “{ruleset.legal_basis}”: ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            field="valid_to",
        )
    for code, criteria in ruleset.criteria.items():
        title = catalogue.title(code)
        for criterion in criteria:
            where = f"Bộ tiêu chuẩn “{ruleset.legal_basis}”, danh hiệu {title.name}"
            if title.recipient not in criterion.applies_to:
                raise DomainError(
                    f"{where}: tiêu chuẩn “{criterion.requirement(catalogue)}” chỉ áp dụng cho "
                    f"{'tập thể' if title.recipient is Recipient.INDIVIDUAL else 'cá nhân'}.",
                    field="criteria",
                )
            if not criterion.article.strip():
                raise DomainError(f"{where}: tiêu chuẩn phải ghi căn cứ (điều, khoản).", field="criteria")
            referenced = _referenced_title(criterion)
            if referenced is not None:
                catalogue.title(referenced)
            _check_numbers(criterion, where)


def _check_numbers(criterion: Criterion, where: str) -> None:
    if isinstance(criterion, MemberTitleShare | MemberRatingShare) and not 0 < criterion.percent <= 100:
        raise DomainError(f"{where}: tỷ lệ phải lớn hơn 0% và không quá 100%.", field="criteria")
    counts: list[int] = []
    if isinstance(criterion, ConsecutiveTitle):
        counts = [criterion.length, criterion.step_years]
    elif isinstance(criterion, HasInnovation):
        counts = [criterion.window_years]
    elif isinstance(criterion, MembersWithTitle | HasNewFactors):
        counts = [criterion.minimum_count]
    if any(n < 1 for n in counts):
        raise DomainError(f"{where}: số năm, số lần, số người phải từ 1 trở lên.", field="criteria")


def validate_rulesets(rulesets: Iterable[RuleSet], catalogue: Catalogue = DEFAULT_CATALOGUE) -> None:
    """Check each rule set and that no two are in force on the same day (field ``valid_from``)."""
    items = list(rulesets)
    for ruleset in items:
        validate_ruleset(ruleset, catalogue)
    ordered = sorted(items, key=lambda r: r.valid_from or date.min)
    for earlier, later in pairwise(ordered):
        if earlier.valid_to is None or (later.valid_from or date.min) < earlier.valid_to:
            raise DomainError(
                f"Hai bộ tiêu chuẩn “{earlier.legal_basis}” ({earlier.validity_text()}) và “{later.legal_basis}” "
                f"({later.validity_text()}) cùng có hiệu lực trong một khoảng thời gian.",
                field="valid_from",
            )


def ruleset_for(day: date, rulesets: Iterable[RuleSet]) -> RuleSet:
    """The rule set in force on ``day``; refuses none or several (field ``rulesets``)."""
    found = [r for r in rulesets if r.in_force_on(day)]
    if not found:
        raise DomainError(f"Không có bộ tiêu chuẩn nào có hiệu lực ngày {format_date(day)}.", field="rulesets")
    if len(found) > 1:
        raise DomainError(
            f"Có {len(found)} bộ tiêu chuẩn cùng có hiệu lực ngày {format_date(day)}: "
            f"{'; '.join(r.legal_basis for r in found)}.",
            field="rulesets",
        )
    return found[0]


class ReviewDateBasis(StrEnum):
    """Which date of a review picks the rule set (a setting; decision date by default)."""

    DECISION_DATE = "decision_date"
    YEAR_START = "year_start"
    YEAR_END = "year_end"

    @property
    def label(self) -> str:
        return _BASIS_LABELS[self]


_BASIS_LABELS = {
    ReviewDateBasis.DECISION_DATE: "ngày quyết định khen thưởng",
    ReviewDateBasis.YEAR_START: "ngày đầu năm xét",
    ReviewDateBasis.YEAR_END: "ngày cuối năm xét",
}


@dataclass(frozen=True)
class RulesetChoice:
    """The rule set chosen for a review year, the date that chose it, and every rule set in force during the year."""

    year: int
    ruleset: RuleSet
    basis: ReviewDateBasis
    reference_date: date
    in_force_during_year: tuple[RuleSet, ...]

    @property
    def straddles(self) -> bool:
        """Whether more than one rule set was in force during the year (năm chuyển tiếp)."""
        return len(self.in_force_during_year) > 1

    @property
    def note(self) -> str:
        """Vietnamese note on the choice, naming the other rule sets of a straddling year."""
        text = (
            f"Năm {self.year} áp dụng bộ tiêu chuẩn “{self.ruleset.legal_basis}” theo {self.basis.label} "
            f"{format_date(self.reference_date)}."
        )
        if self.straddles:
            others = "; ".join(
                f"“{r.legal_basis}” ({r.validity_text()})" for r in self.in_force_during_year if r is not self.ruleset
            )
            text += f" Trong năm {self.year} còn có hiệu lực: {others}."
        return text


def ruleset_for_review(
    year: int,
    rulesets: Iterable[RuleSet],
    *,
    basis: ReviewDateBasis = ReviewDateBasis.DECISION_DATE,
    decision_date: date | None = None,
) -> RulesetChoice:
    """The rule set for the review of ``year`` (năm xét), chosen by ``basis``.

    With the default basis the decision date is required and may not fall before the reviewed year (field
    ``decision_date``).
    """
    items = list(rulesets)
    if basis is ReviewDateBasis.DECISION_DATE:
        if decision_date is None:
            raise DomainError(
                "Cần ngày quyết định khen thưởng để chọn bộ tiêu chuẩn áp dụng.",
                field="decision_date",
            )
        if decision_date.year < year:
            raise DomainError(
                f"Ngày quyết định {format_date(decision_date)} ở trước năm xét {year}.",
                field="decision_date",
            )
        reference = decision_date
    elif basis is ReviewDateBasis.YEAR_START:
        reference = date(year, 1, 1)
    else:
        reference = date(year, 12, 31)
    chosen = ruleset_for(reference, items)
    during = tuple(sorted((r for r in items if r.in_force_during(year)), key=lambda r: r.valid_from or date.min))
    return RulesetChoice(year, chosen, basis, reference, during)


# --- Default rule sets, from DOMAIN.md section 5 ------------------------------------------------------------------


class _Basis(TypedDict):
    article: str
    verify: str


_CHAIN_VERIFY: Final = (
    "Cách đếm chuỗi (tính cả năm xét; tính lại sau lần được tặng) chưa đối chiếu Nghị định hướng dẫn."
)


def _criteria(*, law: str, older_law: bool) -> dict[str, tuple[Criterion, ...]]:
    """The criteria DOMAIN.md section 5 lists; ``older_law`` switches the older law's discipline clause on.

    ``law`` is appended to every verify note, so each criterion says which text to check.
    """

    older = "Số điều, câu chữ theo Luật cũ chưa đối chiếu." if older_law else ""

    def art(number: int, verify: str = "") -> _Basis:
        notes = " ".join(n for n in (verify, older) if n)
        return {"article": f"Điều {number}", "verify": f"{notes} ({law})" if notes else ""}

    return {
        ADVANCED_SOLDIER: (
            DutyRatingAtLeast(minimum=DutyRating.GOOD, **art(24)),
            Attested(clause=Attestation.ABIDES_BY_LAW, **art(24)),
            Attested(clause=Attestation.TAKES_PART_IN_MOVEMENT, **art(24)),
        ),
        BASE_EMULATION_SOLDIER: (
            ConsecutiveTitle(title=ADVANCED_SOLDIER, length=1, **art(23)),
            DutyRatingAtLeast(minimum=DutyRating.EXCELLENT, **art(23)),
            HasInnovation(minimum_scope=EffectScope.BASE, window_years=1, **art(23)),
        ),
        MINISTRY_EMULATION_SOLDIER: (
            ConsecutiveTitle(
                title=BASE_EMULATION_SOLDIER, length=3, restart_after_award=True, **art(22, _CHAIN_VERIFY)
            ),
            HasInnovation(
                minimum_scope=EffectScope.MINISTRY,
                window_years=3,
                **art(22, "Câu chữ “phạm vi ảnh hưởng toàn lực lượng” và số năm tính sáng kiến chưa đối chiếu."),
            ),
        ),
        NATIONAL_EMULATION_SOLDIER: (
            ConsecutiveTitle(
                title=MINISTRY_EMULATION_SOLDIER,
                length=2,
                step_years=3,
                restart_after_award=True,
                **art(21, "Hai lần liên tục hiểu là hai chu kỳ 3 năm kế tiếp nhau. " + _CHAIN_VERIFY),
            ),
            HasInnovation(
                minimum_scope=EffectScope.NATIONAL,
                window_years=6,
                **art(21, "Số năm tính sáng kiến (6 năm, hai chu kỳ) chưa đối chiếu."),
            ),
        ),
        ADVANCED_UNIT: (
            DutyRatingAtLeast(minimum=DutyRating.GOOD, **art(28, "DOMAIN.md không ghi số điều.")),
            MemberTitleShare(
                title=ADVANCED_SOLDIER,
                percent=Decimal(50),
                comparison=Comparison.MORE_THAN,
                **art(28, "DOMAIN.md không ghi số điều."),
            ),
            NoMemberDisciplined(
                level=DisciplineLevel.WARNING,
                **art(28, "Câu chữ về kỷ luật chưa đối chiếu (DOMAIN.md: verify 2022 wording)."),
            ),
        ),
        DETERMINED_TO_WIN_UNIT: (
            DutyRatingAtLeast(minimum=DutyRating.EXCELLENT, **art(27)),
            Attested(clause=Attestation.TAKES_PART_IN_MOVEMENT, **art(27)),
            MemberRatingShare(
                minimum=DutyRating.COMPLETED, percent=Decimal(100), comparison=Comparison.AT_LEAST, **art(27)
            ),
            MemberTitleShare(title=ADVANCED_SOLDIER, percent=Decimal(70), comparison=Comparison.AT_LEAST, **art(27)),
            MembersWithTitle(title=BASE_EMULATION_SOLDIER, minimum_count=1, **art(27)),
            Attested(clause=Attestation.INTERNAL_SOLIDARITY, **art(27)),
            # The older law's clause: kept as data, on only in the older law's rule set (DOMAIN.md section 5).
            NoMemberDisciplined(level=DisciplineLevel.WARNING, enabled=older_law, **art(27)),
        ),
        GOVERNMENT_EMULATION_FLAG: (
            LeadsCluster(**art(25)),
            ExceedsTargets(**art(25)),
            Attested(clause=Attestation.INTERNAL_SOLIDARITY, **art(25)),
            Attested(clause=Attestation.CLEAN_STRONG_ORGANISATIONS, **art(25)),
            Attested(clause=Attestation.THRIFT_AND_ANTI_CORRUPTION, **art(25)),
        ),
        MINISTRY_EMULATION_FLAG: (
            LeadsCluster(**art(26, "Câu chữ “chọn qua bình xét của cụm” chưa đối chiếu.")),
            ExceedsTargets(**art(26)),
            HasNewFactors(minimum_count=1, **art(26)),
        ),
    }


_LAW_2022_98: Final = "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP"
_LAW_2022_152: Final = "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 152/2025/NĐ-CP"
_SWITCH_DAY: Final = date(2025, 7, 1)
_FLAG_ALTERNATIVE: Final = (
    "Cờ thi đua của Chính phủ còn tặng cho tập thể dẫn đầu phong trào thi đua từ 5 năm trở lên do Thủ tướng "
    "phát động: trường hợp này xét riêng, không theo các tiêu chuẩn dưới đây."
)

RULESET_OLD_LAW: Final = RuleSet(
    code="luat-tdkt-2003",
    legal_basis="Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung)",
    valid_from=None,
    valid_to=date(2024, 1, 1),
    criteria=_criteria(law="Luật cũ", older_law=True),
    verify="Chỉ dùng để xét lại các năm trước 2024; DOMAIN.md chỉ nêu điều khoản kỷ luật của Đơn vị quyết thắng.",
    note=_FLAG_ALTERNATIVE,
)
"""The older law, for years decided before 01/01/2024: the Đơn vị quyết thắng discipline clause is on."""

RULESET_2024: Final = RuleSet(
    code="luat-2022-nd98-2023",
    legal_basis=_LAW_2022_98,
    valid_from=date(2024, 1, 1),
    valid_to=_SWITCH_DAY,
    criteria=_criteria(law="Nghị định 98/2023/NĐ-CP", older_law=False),
    verify="Ngày hết hiệu lực 01/07/2025 (Nghị định 152/2025/NĐ-CP thay thế) chưa đối chiếu (verify dates).",
    note=_FLAG_ALTERNATIVE,
)
"""Luật 06/2022/QH15 with Nghị định 98/2023/NĐ-CP, from 01/01/2024 until Nghị định 152/2025/NĐ-CP."""

RULESET_2025: Final = RuleSet(
    code="luat-2022-nd152-2025",
    legal_basis=_LAW_2022_152,
    valid_from=_SWITCH_DAY,
    valid_to=None,
    criteria=_criteria(law="Nghị định 152/2025/NĐ-CP", older_law=False),
    verify=(
        "Ngày hiệu lực 01/07/2025 và nội dung Nghị định 152/2025/NĐ-CP chưa đối chiếu; các tiêu chuẩn "
        "giữ như bộ Nghị định 98/2023/NĐ-CP vì DOMAIN.md không nêu khác biệt."
    ),
    note=_FLAG_ALTERNATIVE,
)
"""Luật 06/2022/QH15 with Nghị định 152/2025/NĐ-CP, from 01/07/2025 (verify)."""

DEFAULT_RULESETS: Final[tuple[RuleSet, ...]] = (RULESET_OLD_LAW, RULESET_2024, RULESET_2025)
