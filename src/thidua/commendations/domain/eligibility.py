"""Eligibility of a person or a unit for a title in a year (xét tiêu chuẩn danh hiệu thi đua), DOMAIN.md section 5.

The input is plain facts: a :class:`PersonRecord` (yearly duty rating, titles, attested statements; innovations with
their scope and year; discipline records with level and year) or a :class:`UnitRecord` (yearly task completion, the
members' standing, the unit's titles, cluster lead, targets exceeded, new factors; and, for a unit formed by a
merger, the predecessor keys per year with the predecessors' own records). :func:`eligibility` checks every enabled
criterion of the title in a :class:`~thidua.commendations.domain.rulesets.RuleSet` and answers with an
:class:`Eligibility`: one :class:`CriterionResult` per criterion (met, not met, or ``None`` when the data does not
say), the article requiring it, a Vietnamese explanation and the records used as evidence, each with its year.

Three-valued answers: a criterion is unknown (``met is None``) when the record it needs is missing (no rating
recorded, no member list, no attestation). A person or unit is eligible only when every criterion is met; a missing
year in a chain is not unknown, it breaks the chain, and the explanation names that year.

Chains (:class:`~thidua.commendations.domain.rulesets.ConsecutiveTitle`) walk the subject's own history back from the
review year. For a unit formed by a merger the years before it existed belong to its predecessors, and the
:class:`MergerPolicy` decides (DOMAIN.md section 3: a configurable policy):

* ``RESTART`` (default, the cautious reading while no text settles it): the chain restarts at the merger; a year
  before the unit existed breaks it, whatever the predecessors achieved;
* ``INHERIT_BEST`` ("streak survives"): the successor continues the line of any predecessor whose own chain
  completes the required length (the first such predecessor in the listed order is shown as evidence). Chains are
  never stitched across predecessors: one predecessor's 2023 and another's 2022 are not a chain;
* ``INHERIT_ALL`` ("streak survives", strict): every predecessor's line must complete the chain.

A year that straddles the merger (effective 01/07/2025) belongs to the successor when it has its own record for that
year (the successor holds the year-end review) and to the predecessors otherwise; predecessor lines are followed
transitively through their own predecessors. Persons do not merge: their chains are their own history only.

Caps across a unit's proposals (the 15% share, flags per cluster edition) are in :mod:`.caps`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final, TypeAlias

from thidua.commendations.domain.catalogue import DEFAULT_CATALOGUE, Catalogue, Recipient, Title
from thidua.commendations.domain.rulesets import (
    Attestation,
    Attested,
    ConsecutiveTitle,
    Criterion,
    DisciplineLevel,
    DutyRating,
    DutyRatingAtLeast,
    EffectScope,
    ExceedsTargets,
    HasInnovation,
    HasNewFactors,
    InnovationKind,
    LeadsCluster,
    MemberRatingShare,
    MembersWithTitle,
    MemberTitleShare,
    NoMemberDisciplined,
    NotDisciplined,
    RuleSet,
    percent_text,
    rating_phrase,
)
from thidua.core.domain.errors import DomainError
from thidua.organisations.domain.succession import Succession, SuccessionKind

__all__ = [
    "DEFAULT_MERGER_POLICY",
    "CriterionResult",
    "DisciplineRecord",
    "Eligibility",
    "EligibilityStatus",
    "Evidence",
    "EvidenceRecord",
    "Innovation",
    "MemberStanding",
    "MergerPolicy",
    "PersonRecord",
    "PersonYear",
    "Subject",
    "UnitRecord",
    "UnitYear",
    "eligibility",
    "predecessors_by_year",
]


class MergerPolicy(StrEnum):
    """Whether a unit's title streak survives a merger (chính sách tính chuỗi khi sắp xếp đơn vị)."""

    RESTART = "restart"
    INHERIT_BEST = "inherit_best"
    INHERIT_ALL = "inherit_all"

    @property
    def label(self) -> str:
        return _POLICY_LABELS[self]


_POLICY_LABELS = {
    MergerPolicy.RESTART: "tính lại chuỗi từ khi sắp xếp",
    MergerPolicy.INHERIT_BEST: "kế thừa chuỗi của một đơn vị tiền thân có đủ chuỗi",
    MergerPolicy.INHERIT_ALL: "kế thừa chuỗi khi mọi đơn vị tiền thân đều có đủ chuỗi",
}

DEFAULT_MERGER_POLICY: Final = MergerPolicy.RESTART


# --- Input facts --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Innovation:
    """A recognised initiative, research topic or combat ingenuity (sáng kiến, đề tài, mưu trí sáng tạo)."""

    kind: InnovationKind
    name: str
    year: int
    scope: EffectScope
    decision: str = ""


@dataclass(frozen=True)
class DisciplineRecord:
    """A discipline decision (quyết định kỷ luật) against a person, with its level and year."""

    level: DisciplineLevel
    year: int
    decision: str = ""


@dataclass(frozen=True)
class PersonYear:
    """A person's year (hồ sơ thi đua năm): duty rating, titles held, attested statements.

    ``titles`` are the title codes held that year; ``decisions`` optionally maps a title code to its decision
    (số quyết định) for the evidence text; ``attested`` maps a statement to true or false, absent meaning unknown.
    """

    year: int
    duty_rating: DutyRating | None = None
    titles: frozenset[str] = frozenset()
    attested: Mapping[Attestation, bool] = field(default_factory=dict)
    decisions: Mapping[str, str] = field(default_factory=dict)


def _check_years(name: str, years: Iterable[int]) -> None:
    seen: set[int] = set()
    for year in years:
        if year in seen:
            raise DomainError(f"Hồ sơ thi đua của {name} có hai bản ghi năm {year}.", field="years")
        seen.add(year)


@dataclass(frozen=True)
class PersonRecord:
    """A person's emulation history (hồ sơ thi đua cá nhân): one :class:`PersonYear` per year, at most."""

    key: str
    name: str
    years: tuple[PersonYear, ...] = ()
    innovations: tuple[Innovation, ...] = ()
    discipline: tuple[DisciplineRecord, ...] = ()

    def __post_init__(self) -> None:
        _check_years(self.name, (y.year for y in self.years))

    def year_record(self, year: int) -> PersonYear | None:
        return next((y for y in self.years if y.year == year), None)


@dataclass(frozen=True)
class MemberStanding:
    """A member's standing in a unit's year: rating, titles, heaviest discipline of the year (``None``: none)."""

    person: str
    name: str = ""
    duty_rating: DutyRating | None = None
    titles: frozenset[str] = frozenset()
    discipline: DisciplineLevel | None = None

    @property
    def label(self) -> str:
        return self.name or self.person


@dataclass(frozen=True)
class UnitYear:
    """A unit's year (hồ sơ thi đua năm của đơn vị).

    ``task_completion`` is the unit's rating; ``members`` the cán bộ, chiến sĩ counted for the shares (an empty list
    is unknown); ``titles`` the unit's own titles that year; ``leads_cluster`` and ``cluster_note`` the result of the
    cluster's scoring and ballot (e.g. "xếp thứ 1/5, suy tôn 5/5 phiếu"); ``new_factors`` the new factors or models
    recorded (``None``: not reported); ``targets_note`` and ``factors_note`` say where those two facts come from
    (the year's approved figures, the good-practice registry, or the proposing unit's certification).
    """

    year: int
    task_completion: DutyRating | None = None
    members: tuple[MemberStanding, ...] = ()
    titles: frozenset[str] = frozenset()
    attested: Mapping[Attestation, bool] = field(default_factory=dict)
    leads_cluster: bool | None = None
    cluster_note: str = ""
    targets_exceeded: bool | None = None
    new_factors: tuple[str, ...] | None = None
    decisions: Mapping[str, str] = field(default_factory=dict)
    targets_note: str = ""
    factors_note: str = ""


@dataclass(frozen=True)
class UnitRecord:
    """A unit's emulation history, with the predecessors that stand for the years before it existed.

    ``predecessors_by_year`` maps a year to the keys of the units whose records stand for this unit that year (from
    the organisations domain, see :func:`predecessors_by_year`); ``predecessor_records`` holds those units' records,
    themselves possibly with predecessors. An own record for a year always wins over predecessors.
    """

    key: str
    name: str
    years: tuple[UnitYear, ...] = ()
    predecessors_by_year: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    predecessor_records: tuple[UnitRecord, ...] = ()

    def __post_init__(self) -> None:
        _check_years(self.name, (y.year for y in self.years))
        for year, keys in self.predecessors_by_year.items():
            if self.key in keys:
                raise DomainError(
                    f"Đơn vị {self.name} không thể là đơn vị tiền thân của chính nó (năm {year}).",
                    field="predecessors_by_year",
                )

    def year_record(self, year: int) -> UnitYear | None:
        return next((y for y in self.years if y.year == year), None)

    def predecessor(self, key: str) -> UnitRecord | None:
        return next((r for r in self.predecessor_records if r.key == key), None)


Subject: TypeAlias = PersonRecord | UnitRecord
EvidenceRecord: TypeAlias = PersonYear | UnitYear | MemberStanding | Innovation | DisciplineRecord


def predecessors_by_year(
    unit: str,
    successions: Iterable[Succession],
    years: Iterable[int],
    *,
    kinds: frozenset[SuccessionKind] = frozenset({SuccessionKind.MERGE}),
) -> dict[int, tuple[str, ...]]:
    """The predecessors standing for ``unit`` in each of ``years``, from the organisations' succession records.

    Only successions of ``kinds`` where ``unit`` is a new successor count (by default a merger, hợp nhất; a unit
    created by a split inherits nothing unless ``kinds`` says so). A year before the effective date's year maps to the
    predecessors; so does the effective year itself unless the succession takes effect on 01/01 (a straddling year:
    the unit's own record for it, when present, wins). Direct predecessors only: their records carry their own.
    """
    events = [e for e in successions if e.kind in kinds and unit in e.successors and unit not in e.predecessors]
    found: dict[int, tuple[str, ...]] = {}
    for year in sorted(set(years)):
        keys: list[str] = []
        for event in sorted(events, key=lambda e: e.effective):
            eff = event.effective
            if year < eff.year or (year == eff.year and eff != date(year, 1, 1)):
                keys.extend(k for k in event.predecessors if k not in keys)
        if keys:
            found[year] = tuple(keys)
    return found


# --- Output -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """A record used to decide a criterion: whose (``subject`` key), which year, what it says, and the record."""

    subject: str
    year: int
    text: str
    record: EvidenceRecord


@dataclass(frozen=True)
class CriterionResult:
    """One criterion decided: met (``None``: unknown), the article, the requirement, why, and the evidence."""

    criterion: Criterion
    met: bool | None
    article: str
    requirement: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def verify(self) -> str:
        """What of the rule itself is still to be checked against the official text."""
        return self.criterion.verify

    @property
    def line(self) -> str:
        """E.g. "Đạt — Điều 24: Hoàn thành tốt nhiệm vụ trở lên. Năm 2024 được xếp loại …"."""
        return f"{_MET_WORDS[self.met]} — {self.article}: {self.requirement}. {self.explanation}"


_MET_WORDS: Mapping[bool | None, str] = {True: "Đạt", False: "Không đạt", None: "Chưa xác định"}


class EligibilityStatus(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNDETERMINED = "undetermined"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    EligibilityStatus.ELIGIBLE: "Đủ tiêu chuẩn",
    EligibilityStatus.NOT_ELIGIBLE: "Không đủ tiêu chuẩn",
    EligibilityStatus.UNDETERMINED: "Chưa đủ dữ liệu để kết luận",
}


@dataclass(frozen=True)
class Eligibility:
    """The answer for one subject, title and year: every enabled criterion with its result, never a bare yes/no."""

    subject: str
    subject_name: str
    title: str
    title_name: str
    year: int
    ruleset: RuleSet
    merger_policy: MergerPolicy
    results: tuple[CriterionResult, ...]

    @property
    def eligible(self) -> bool:
        """Every criterion met (an unknown one is not met)."""
        return all(r.met is True for r in self.results)

    @property
    def status(self) -> EligibilityStatus:
        if self.eligible:
            return EligibilityStatus.ELIGIBLE
        if any(r.met is False for r in self.results):
            return EligibilityStatus.NOT_ELIGIBLE
        return EligibilityStatus.UNDETERMINED

    @property
    def unmet(self) -> tuple[CriterionResult, ...]:
        return tuple(r for r in self.results if r.met is False)

    @property
    def unknown(self) -> tuple[CriterionResult, ...]:
        return tuple(r for r in self.results if r.met is None)

    @property
    def summary(self) -> str:
        """One Vietnamese sentence, e.g. "Nguyễn Văn An đủ tiêu chuẩn danh hiệu Chiến sĩ tiên tiến năm 2024 …"."""
        head = f"danh hiệu {self.title_name} năm {self.year} theo {self.ruleset.legal_basis}"
        if self.eligible:
            return f"{self.subject_name} đủ tiêu chuẩn {head}."
        parts = []
        if self.unmet:
            parts.append(f"{len(self.unmet)} tiêu chuẩn không đạt")
        if self.unknown:
            parts.append(f"{len(self.unknown)} tiêu chuẩn chưa xác định")
        return f"{self.subject_name} chưa đủ tiêu chuẩn {head}: {', '.join(parts)}."

    def lines(self) -> list[str]:
        """The summary then one line per criterion, for a page or a dossier."""
        return [self.summary, *(r.line for r in self.results)]


# --- Evaluation ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    ruleset: RuleSet
    catalogue: Catalogue
    policy: MergerPolicy
    title: str
    year: int
    visiting: frozenset[str]

    def name(self, code: str) -> str:
        return self.catalogue.title_name(code)


def eligibility(
    subject: Subject,
    title: str,
    year: int,
    ruleset: RuleSet,
    *,
    merger_policy: MergerPolicy = DEFAULT_MERGER_POLICY,
    catalogue: Catalogue = DEFAULT_CATALOGUE,
) -> Eligibility:
    """Check ``subject`` against the enabled criteria of ``title`` in ``ruleset`` for the review of ``year``.

    Refuses (field ``title``) a title unknown to the catalogue or the rule set, a title for the other kind of
    recipient (a unit title for a person), a title with no enabled criterion, and a criterion kind that cannot apply
    to the subject (a badly configured rule set).
    """
    entry = catalogue.title(title)
    context = _Context(ruleset, catalogue, merger_policy, title, year, frozenset({title}))
    return _assess(subject, entry, context)


def _assess(subject: Subject, entry: Title, ctx: _Context) -> Eligibility:
    recipient = Recipient.INDIVIDUAL if isinstance(subject, PersonRecord) else Recipient.COLLECTIVE
    if entry.recipient is not recipient:
        who = "cá nhân" if entry.recipient is Recipient.INDIVIDUAL else "tập thể"
        raise DomainError(
            f"Danh hiệu {entry.name} chỉ xét cho {who}, không xét cho {subject.name}.",
            field="title",
        )
    criteria = [c for c in ctx.ruleset.criteria_for(entry.code) if c.enabled]
    if not criteria:
        raise DomainError(
            f"Bộ tiêu chuẩn “{ctx.ruleset.legal_basis}” không có tiêu chuẩn nào đang áp dụng cho danh hiệu "
            f"{entry.name}.",
            field="title",
        )
    results = []
    for criterion in criteria:
        if recipient not in criterion.applies_to:
            raise DomainError(
                f"Tiêu chuẩn “{criterion.requirement(ctx.catalogue)}” của danh hiệu {entry.name} không áp dụng "
                f"được cho {subject.name}: cần sửa bộ tiêu chuẩn.",
                field="title",
            )
        results.append(_evaluate(criterion, subject, ctx))
    return Eligibility(
        subject=subject.key,
        subject_name=subject.name,
        title=entry.code,
        title_name=entry.name,
        year=ctx.year,
        ruleset=ctx.ruleset,
        merger_policy=ctx.policy,
        results=tuple(results),
    )


@dataclass(frozen=True)
class _Outcome:
    met: bool | None
    explanation: str
    evidence: tuple[Evidence, ...] = ()


def _evaluate(criterion: Criterion, subject: Subject, ctx: _Context) -> CriterionResult:
    outcome: _Outcome
    if isinstance(criterion, ConsecutiveTitle):
        outcome = _consecutive(criterion, subject, ctx)
    elif isinstance(criterion, DutyRatingAtLeast):
        outcome = _duty_rating(criterion, subject, ctx)
    elif isinstance(criterion, Attested):
        outcome = _attested(criterion, subject, ctx)
    elif isinstance(criterion, HasInnovation | NotDisciplined):
        if not isinstance(subject, PersonRecord):  # pragma: no cover - _assess refuses it first
            raise TypeError(subject)
        outcome = (
            _innovation(criterion, subject, ctx)
            if isinstance(criterion, HasInnovation)
            else _not_disciplined(criterion, subject, ctx)
        )
    else:
        if not isinstance(subject, UnitRecord):  # pragma: no cover - _assess refuses it first
            raise TypeError(subject)
        outcome = _unit_criterion(criterion, subject, ctx)
    return CriterionResult(
        criterion=criterion,
        met=outcome.met,
        article=criterion.article,
        requirement=criterion.requirement(ctx.catalogue),
        explanation=outcome.explanation,
        evidence=outcome.evidence,
    )


def _no_record(subject: Subject, year: int) -> _Outcome:
    return _Outcome(None, f"Chưa có hồ sơ thi đua năm {year} của {subject.name}.")


def _duty_rating(c: DutyRatingAtLeast, subject: Subject, ctx: _Context) -> _Outcome:
    record = subject.year_record(ctx.year)
    if record is None:
        return _no_record(subject, ctx.year)
    rating = record.duty_rating if isinstance(record, PersonYear) else record.task_completion
    if rating is None:
        return _Outcome(None, f"Chưa có kết quả xếp loại mức độ hoàn thành nhiệm vụ năm {ctx.year}.")
    text = f"Năm {ctx.year} được xếp loại “{rating.label}”"
    evidence = (Evidence(subject.key, ctx.year, f"Xếp loại năm {ctx.year}: {rating.label}", record),)
    if rating.at_least(c.minimum):
        return _Outcome(True, f"{text}.", evidence)
    return _Outcome(False, f"{text}, thấp hơn mức yêu cầu “{c.minimum.label}”.", evidence)


def _attested(c: Attested, subject: Subject, ctx: _Context) -> _Outcome:
    record = subject.year_record(ctx.year)
    if record is None:
        return _no_record(subject, ctx.year)
    value = record.attested.get(c.clause)
    label = c.clause.label[0].lower() + c.clause.label[1:]
    if value is None:
        return _Outcome(None, f"Năm {ctx.year} chưa có nhận xét, xác nhận về nội dung: {label}.")
    word = "có" if value else "không"
    evidence = (Evidence(subject.key, ctx.year, f"Nhận xét năm {ctx.year}: {word} {label}", record),)
    if value:
        return _Outcome(True, f"Năm {ctx.year} được xác nhận: {label}.", evidence)
    return _Outcome(False, f"Năm {ctx.year} không được xác nhận: {label}.", evidence)


def _innovation(c: HasInnovation, person: PersonRecord, ctx: _Context) -> _Outcome:
    first = ctx.year - c.window_years + 1
    window = f"năm {ctx.year}" if c.window_years == 1 else f"các năm {first}–{ctx.year}"
    considered = [i for i in person.innovations if first <= i.year <= ctx.year and i.kind in c.kinds]
    qualifying = [i for i in considered if i.scope.at_least(c.minimum_scope)]

    def describe(item: Innovation) -> str:
        decision = f", {item.decision}" if item.decision else ""
        return f"{item.kind.label} “{item.name}” năm {item.year} (phạm vi ảnh hưởng {item.scope.label}{decision})"

    def evidence(items: Sequence[Innovation]) -> tuple[Evidence, ...]:
        return tuple(Evidence(person.key, i.year, describe(i)[0].upper() + describe(i)[1:], i) for i in items)

    if qualifying:
        return _Outcome(True, f"Có {'; '.join(describe(i) for i in qualifying)}.", evidence(qualifying))
    text = f"Không có {c.what()} trong {window}"
    if considered:
        text += f"; chỉ có {'; '.join(describe(i) for i in considered)}"
    return _Outcome(False, f"{text}.", evidence(considered))


def _not_disciplined(c: NotDisciplined, person: PersonRecord, ctx: _Context) -> _Outcome:
    heavy = [d for d in person.discipline if d.year == ctx.year and d.level.at_least(c.level)]
    if not heavy:
        return _Outcome(True, f"Năm {ctx.year} không bị kỷ luật từ hình thức {c.level.label.lower()} trở lên.")
    listed = "; ".join(d.level.label + (f" ({d.decision})" if d.decision else "") for d in heavy)
    return _Outcome(
        False,
        f"Năm {ctx.year} bị kỷ luật: {listed}.",
        tuple(Evidence(person.key, d.year, f"Kỷ luật năm {d.year}: {d.level.label}", d) for d in heavy),
    )


# --- Unit criteria ------------------------------------------------------------------------------------------------


def _unit_criterion(c: Criterion, unit: UnitRecord, ctx: _Context) -> _Outcome:
    record = unit.year_record(ctx.year)
    if record is None:
        return _no_record(unit, ctx.year)
    if isinstance(c, MemberTitleShare | MemberRatingShare | MembersWithTitle | NoMemberDisciplined):
        if not record.members:
            return _Outcome(None, f"Chưa có danh sách cán bộ, chiến sĩ năm {ctx.year} của {unit.name}.")
        if isinstance(c, MemberTitleShare):
            return _member_title_share(c, unit, record, ctx)
        if isinstance(c, MemberRatingShare):
            return _member_rating_share(c, unit, record, ctx)
        if isinstance(c, MembersWithTitle):
            return _members_with_title(c, unit, record, ctx)
        return _no_member_disciplined(c, unit, record, ctx)
    if isinstance(c, LeadsCluster):
        return _flag(
            unit,
            record,
            ctx,
            record.leads_cluster,
            "dẫn đầu phong trào thi đua của cụm, khối thi đua",
            record.cluster_note,
        )
    if isinstance(c, ExceedsTargets):
        return _flag(
            unit,
            record,
            ctx,
            record.targets_exceeded,
            "hoàn thành vượt mức các chỉ tiêu thi đua",
            record.targets_note,
        )
    if isinstance(c, HasNewFactors):
        return _new_factors(c, unit, record, ctx)
    raise DomainError(  # pragma: no cover - every kind of rulesets.py is handled above
        f"Chưa hỗ trợ loại tiêu chuẩn {type(c).__name__}.", field="criteria"
    )


def _share(count: int, total: int) -> Decimal:
    return Decimal(count) * 100 / Decimal(total)


def _member_evidence(unit: UnitRecord, year: int, members: Iterable[MemberStanding], what: str) -> tuple[Evidence, ...]:
    return tuple(Evidence(unit.key, year, f"{m.label}: {what}", m) for m in members)


def _member_title_share(c: MemberTitleShare, unit: UnitRecord, record: UnitYear, ctx: _Context) -> _Outcome:
    name = ctx.name(c.title)
    holders = [m for m in record.members if c.title in m.titles]
    others = [m for m in record.members if c.title not in m.titles]
    total = len(record.members)
    share = _share(len(holders), total)
    met = c.comparison.holds(share, c.percent)
    text = (
        f"Năm {ctx.year} có {len(holders)}/{total} cán bộ, chiến sĩ ({percent_text(share)}) đạt danh hiệu {name}; "
        f"yêu cầu {c.comparison.phrase(c.percent)}."
    )
    evidence = _member_evidence(unit, ctx.year, holders, f"đạt danh hiệu {name} năm {ctx.year}")
    evidence += _member_evidence(unit, ctx.year, others, f"không đạt danh hiệu {name} năm {ctx.year}")
    return _Outcome(met, text, evidence)


def _member_rating_share(c: MemberRatingShare, unit: UnitRecord, record: UnitYear, ctx: _Context) -> _Outcome:
    rated = [m for m in record.members if m.duty_rating is not None]
    passing = [m for m in rated if m.duty_rating is not None and m.duty_rating.at_least(c.minimum)]
    failing = [m for m in rated if m not in passing]
    unrated = [m for m in record.members if m.duty_rating is None]
    total = len(record.members)
    share = _share(len(passing), total)
    phrase = c.requirement(ctx.catalogue)
    wording = rating_phrase(c.minimum).lower()
    text = f"Năm {ctx.year} có {len(passing)}/{total} cán bộ, chiến sĩ ({percent_text(share)}) {wording}"
    if failing:
        text += "; chưa đạt: " + ", ".join(f"{m.label} ({m.duty_rating.label})" for m in failing if m.duty_rating)
    if unrated:
        text += f"; {len(unrated)} người chưa có kết quả xếp loại: " + ", ".join(m.label for m in unrated)
    text += f". Yêu cầu: {phrase}."
    if c.comparison.holds(share, c.percent):
        met: bool | None = True
    elif not c.comparison.holds(_share(len(passing) + len(unrated), total), c.percent):
        met = False
    else:
        met = None
    evidence = tuple(
        Evidence(unit.key, ctx.year, f"{m.label}: {m.duty_rating.label if m.duty_rating else 'chưa xếp loại'}", m)
        for m in record.members
    )
    return _Outcome(met, text, evidence)


def _members_with_title(c: MembersWithTitle, unit: UnitRecord, record: UnitYear, ctx: _Context) -> _Outcome:
    name = ctx.name(c.title)
    holders = [m for m in record.members if c.title in m.titles]
    text = f"Năm {ctx.year} có {len(holders)} cán bộ, chiến sĩ đạt danh hiệu {name}"
    if holders:
        text += ": " + ", ".join(m.label for m in holders)
    text += f"; yêu cầu ít nhất {c.minimum_count}."
    evidence = _member_evidence(unit, ctx.year, holders, f"đạt danh hiệu {name} năm {ctx.year}")
    return _Outcome(len(holders) >= c.minimum_count, text, evidence)


def _no_member_disciplined(c: NoMemberDisciplined, unit: UnitRecord, record: UnitYear, ctx: _Context) -> _Outcome:
    level = c.level.label.lower()
    heavy = [m for m in record.members if m.discipline is not None and m.discipline.at_least(c.level)]
    if not heavy:
        return _Outcome(
            True,
            f"Năm {ctx.year} không có cán bộ, chiến sĩ bị kỷ luật từ hình thức {level} trở lên "
            f"({len(record.members)} người được xét).",
        )
    listed = ", ".join(f"{m.label} ({m.discipline.label})" for m in heavy if m.discipline)
    return _Outcome(
        False,
        f"Năm {ctx.year} có {len(heavy)} cán bộ, chiến sĩ bị kỷ luật từ hình thức {level} trở lên: {listed}.",
        tuple(
            Evidence(unit.key, ctx.year, f"{m.label}: bị kỷ luật {m.discipline.label.lower()} năm {ctx.year}", m)
            for m in heavy
            if m.discipline
        ),
    )


def _flag(unit: UnitRecord, record: UnitYear, ctx: _Context, value: bool | None, what: str, note: str) -> _Outcome:
    detail = f" ({note})" if note else ""
    if value is None:
        return _Outcome(None, f"Năm {ctx.year} chưa có kết quả: {unit.name} có {what} hay không{detail}.")
    text = f"Năm {ctx.year} {unit.name} {'' if value else 'không '}{what}{detail}."
    word = "có" if value else "không"
    return _Outcome(value, text, (Evidence(unit.key, ctx.year, f"Năm {ctx.year}: {word} {what}{detail}", record),))


def _new_factors(c: HasNewFactors, unit: UnitRecord, record: UnitYear, ctx: _Context) -> _Outcome:
    source = f" ({record.factors_note})" if record.factors_note else ""
    if record.new_factors is None:
        return _Outcome(None, f"Năm {ctx.year} chưa báo cáo nhân tố mới, mô hình mới{source}.")
    factors = record.new_factors
    evidence = tuple(Evidence(unit.key, ctx.year, f"Nhân tố mới, mô hình mới: {f}", record) for f in factors)
    if not factors:
        return _Outcome(False, f"Năm {ctx.year} không có nhân tố mới, mô hình mới được ghi nhận{source}.")
    listed = "; ".join(f"“{f}”" for f in factors)
    text = f"Năm {ctx.year} có {len(factors)} nhân tố mới, mô hình mới: {listed}{source}"
    if len(factors) < c.minimum_count:
        return _Outcome(False, f"{text}; yêu cầu ít nhất {c.minimum_count}.", evidence)
    return _Outcome(True, f"{text}.", evidence)


# --- Chains -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Chain:
    holds: bool | None
    evidence: tuple[Evidence, ...] = ()
    notes: tuple[str, ...] = ()


def _consecutive(c: ConsecutiveTitle, subject: Subject, ctx: _Context) -> _Outcome:
    links = [ctx.year - k * c.step_years for k in range(c.length)]
    chain = _walk(c, subject, links, 0, ctx, top=True)
    name = ctx.name(c.title)
    notes = " ".join(chain.notes)
    if c.length == 1:
        if chain.holds:
            text = f"Năm {ctx.year} đạt danh hiệu {name}."
            return _Outcome(True, f"{text} {notes}".strip(), chain.evidence)
        return _Outcome(chain.holds, notes, chain.evidence)
    count = f"{c.length} năm liên tục" if c.step_years == 1 else f"{c.length} lần liên tục"
    if chain.holds:
        text = f"Đạt danh hiệu {name} {count}: {', '.join(str(y) for y in sorted(links))}."
        return _Outcome(True, f"{text} {notes}".strip(), chain.evidence)
    if chain.holds is None:
        return _Outcome(None, f"Chưa xác định được {count} đạt danh hiệu {name}. {notes}", chain.evidence)
    return _Outcome(False, f"Chưa đủ {count} đạt danh hiệu {name}. {notes}", chain.evidence)


def _consumed_year(c: ConsecutiveTitle, subject: Subject, links: Sequence[int], ctx: _Context) -> int | None:
    """The latest year before the review year, within the chain, in which the subject got the title under review."""
    if not c.restart_after_award:
        return None
    years = [y.year for y in subject.years if links[-1] <= y.year < ctx.year and ctx.title in y.titles]
    return max(years, default=None)


def _decision(record: PersonYear | UnitYear, title: str) -> str:
    decision = record.decisions.get(title)
    return f" ({decision})" if decision else ""


def _walk(
    c: ConsecutiveTitle, subject: Subject, links: Sequence[int], start: int, ctx: _Context, *, top: bool
) -> _Chain:
    """Follow the chain links ``links[start:]`` (years, newest first) through ``subject``'s own records."""
    name = ctx.name(c.title)
    evidence: list[Evidence] = []
    consumed = _consumed_year(c, subject, links, ctx)
    for index in range(start, len(links)):
        year = links[index]
        if consumed is not None and year <= consumed:
            return _Chain(
                False,
                tuple(evidence),
                (
                    f"Năm {consumed} {subject.name} đã được tặng danh hiệu {ctx.name(ctx.title)}, nên các năm từ "
                    f"{consumed} trở về trước không được tính lại cho lần xét này.",
                ),
            )
        record: PersonYear | UnitYear | None = subject.year_record(year)
        if record is None:
            predecessors = subject.predecessors_by_year.get(year, ()) if isinstance(subject, UnitRecord) else ()
            if isinstance(subject, UnitRecord) and predecessors:
                return _inherit(c, subject, predecessors, links, index, ctx, tuple(evidence))
            return _Chain(
                False,
                tuple(evidence),
                (f"Chuỗi bị gián đoạn năm {year}: không có hồ sơ thi đua năm {year} của {subject.name}.",),
            )
        if c.title in record.titles:
            text = f"{subject.name}: đạt danh hiệu {name} năm {year}{_decision(record, c.title)}"
            evidence.append(Evidence(subject.key, year, text, record))
            continue
        if top and index == 0 and c.assess_review_year and c.title not in ctx.visiting:
            assessed = _assess(
                subject,
                ctx.catalogue.title(c.title),
                replace(ctx, title=c.title, visiting=ctx.visiting | {c.title}),
            )
            sub_evidence = [e for r in assessed.results for e in r.evidence]
            if assessed.eligible:
                text = f"{subject.name}: đạt tiêu chuẩn danh hiệu {name} năm {year} (xét cùng đợt)"
                evidence.extend([Evidence(subject.key, year, text, record), *sub_evidence])
                continue
            reasons = tuple(r.explanation for r in (*assessed.unmet, *assessed.unknown))
            if assessed.status is EligibilityStatus.UNDETERMINED:
                note = (
                    f"Năm {year} {subject.name} chưa có quyết định tặng danh hiệu {name} và chưa đủ dữ liệu để xét "
                    "tiêu chuẩn của danh hiệu này."
                )
                return _Chain(None, tuple(evidence + sub_evidence), (note, *reasons))
            note = (
                f"Năm {year} {subject.name} chưa có quyết định tặng danh hiệu {name} và chưa đạt tiêu chuẩn của "
                "danh hiệu này."
            )
            return _Chain(False, tuple(evidence + sub_evidence), (note, *reasons))
        return _Chain(
            False,
            tuple(evidence),
            (f"Chuỗi bị gián đoạn năm {year}: {subject.name} không đạt danh hiệu {name} năm {year}.",),
        )
    return _Chain(True, tuple(evidence))


def _inherit(
    c: ConsecutiveTitle,
    unit: UnitRecord,
    keys: Sequence[str],
    links: Sequence[int],
    index: int,
    ctx: _Context,
    evidence: tuple[Evidence, ...],
) -> _Chain:
    """The chain from ``links[index]`` on, through the predecessors ``keys`` of ``unit``, under the merger policy."""
    year = links[index]
    records = {k: unit.predecessor(k) for k in keys}
    names = ", ".join(record.name if record else f"mã {k}" for k, record in records.items())
    policy = f"chính sách “{ctx.policy.label}”"
    if ctx.policy is MergerPolicy.RESTART:
        return _Chain(
            False,
            evidence,
            (
                f"Chuỗi bị gián đoạn năm {year}: năm đó {unit.name} chưa được thành lập (đơn vị tiền thân: "
                f"{names}); theo {policy}, các năm của đơn vị tiền thân không được tính.",
            ),
        )
    branches: list[tuple[str, _Chain]] = []
    for key, record in records.items():
        if record is None:
            branches.append((f"mã {key}", _Chain(None, (), (f"Thiếu hồ sơ thi đua của đơn vị tiền thân mã {key}.",))))
        else:
            branches.append((record.name, _walk(c, record, links, index, ctx, top=False)))
    held = [(name, chain) for name, chain in branches if chain.holds is True]
    failed = [(name, chain) for name, chain in branches if chain.holds is False]
    unknown = [(name, chain) for name, chain in branches if chain.holds is None]
    notes_of = [note for _, chain in branches for note in chain.notes]
    if ctx.policy is MergerPolicy.INHERIT_BEST:
        if held:
            name, chain = held[0]
            note = f"Từ năm {year} trở về trước, chuỗi tính theo đơn vị tiền thân {name} ({policy})."
            return _Chain(True, evidence + chain.evidence, (note,))
        prefix = f"Từ năm {year} trở về trước ({policy}), không đơn vị tiền thân nào ({names}) có đủ chuỗi."
        return _Chain(None if unknown else False, evidence + _all_evidence(branches), (prefix, *notes_of))
    if failed:
        prefix = f"Từ năm {year} trở về trước ({policy}), có đơn vị tiền thân chưa đủ chuỗi."
        return _Chain(False, evidence + _all_evidence(branches), (prefix, *(n for _, ch in failed for n in ch.notes)))
    if unknown:
        prefix = f"Từ năm {year} trở về trước ({policy}), chưa xác định được chuỗi của đơn vị tiền thân."
        return _Chain(None, evidence + _all_evidence(branches), (prefix, *(n for _, ch in unknown for n in ch.notes)))
    note = f"Từ năm {year} trở về trước, chuỗi tính theo tất cả đơn vị tiền thân: {names} ({policy})."
    return _Chain(True, evidence + _all_evidence(branches), (note,))


def _all_evidence(branches: Sequence[tuple[str, _Chain]]) -> tuple[Evidence, ...]:
    return tuple(e for _, chain in branches for e in chain.evidence)
