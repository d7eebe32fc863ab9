"""Reads of the commendations app, always scoped to the user, and the eligibility adapter.

The pure records come from the personnel app (:func:`thidua.personnel.selectors.person_history`,
:func:`~thidua.personnel.selectors.unit_history`); :func:`person_record` and :func:`unit_record` add what only
commendations knows: a dossier line's attested statements, the cluster result (rank 1 of the approved year ranking
of the scoring app, or elected in a closed ballot of the voting app), whether the unit exceeded its targets (approved
figures of the analytics app, :data:`TARGETS_RULE`) and its new factors (the practices registry), the line's
certified values standing in only where the system has no data. The rule set, catalogue, caps and reward table
come from the database rows an administrator edits (:func:`rulesets`, :func:`catalogue`, …).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from thidua.commendations.domain import caps as pure_caps
from thidua.commendations.domain import catalogue as pure_catalogue
from thidua.commendations.domain.codec import criterion_from_data
from thidua.commendations.domain.eligibility import (
    Eligibility,
    MergerPolicy,
    PersonRecord,
    PersonYear,
    UnitRecord,
    UnitYear,
    eligibility,
)
from thidua.commendations.domain.rulesets import (
    Attestation,
    ReviewDateBasis,
    RulesetChoice,
    ruleset_for_review,
)
from thidua.commendations.domain.rulesets import RuleSet as PureRuleSet
from thidua.commendations.domain.workflow import State
from thidua.commendations.models import (
    BaseSalary,
    CapRule,
    CatalogueEntry,
    Dossier,
    DossierLine,
    RewardCoefficient,
    RuleCriterion,
    RuleSet,
)
from thidua.core.exceptions import NotFound
from thidua.core.scoping import CHANGE, VIEW
from thidua.organisations.models import OrgUnit
from thidua.organisations.selectors import unit_names_on

# --- Rule data as pure objects -------------------------------------------------------------------------------------

_RECIPIENTS = {
    "individual": frozenset({pure_catalogue.Recipient.INDIVIDUAL}),
    "collective": frozenset({pure_catalogue.Recipient.COLLECTIVE}),
    "both": frozenset({pure_catalogue.Recipient.INDIVIDUAL, pure_catalogue.Recipient.COLLECTIVE}),
}


def catalogue() -> pure_catalogue.Catalogue:
    """The catalogue rows as the pure :class:`Catalogue` (titles of a single recipient; forms)."""
    titles, forms = [], []
    for e in CatalogueEntry.objects.order_by("kind", "order", "code"):
        if e.kind == CatalogueEntry.Kind.TITLE:
            recipient = (
                pure_catalogue.Recipient.COLLECTIVE
                if e.recipient == "collective"
                else pure_catalogue.Recipient.INDIVIDUAL
            )
            titles.append(
                pure_catalogue.Title(
                    code=e.code,
                    name=e.name,
                    civil_name=e.civil_name or e.name,
                    level=pure_catalogue.Level(e.level),
                    recipient=recipient,
                    article=e.article,
                    legal_basis=e.legal_basis,
                    verify=e.verify,
                )
            )
        else:
            forms.append(
                pure_catalogue.CommendationForm(
                    code=e.code,
                    name=e.name,
                    level=pure_catalogue.Level(e.level),
                    recipients=_RECIPIENTS[e.recipient],
                    legal_basis=e.legal_basis,
                    article=e.article,
                    verify=e.verify,
                )
            )
    return pure_catalogue.Catalogue(titles=tuple(titles), forms=tuple(forms))


def pure_ruleset(ruleset: RuleSet, rows: Iterable[RuleCriterion] | None = None) -> PureRuleSet:
    """A rule set row and its criteria rows as the pure :class:`RuleSet` (criteria built and checked by kind)."""
    items = list(rows) if rows is not None else list(ruleset.criteria.select_related("title").order_by("order", "pk"))
    criteria: dict[str, list[Any]] = {}
    for row in items:
        criteria.setdefault(row.title.code, []).append(
            criterion_from_data(row.kind, row.params, article=row.article, enabled=row.enabled, verify=row.verify)
        )
    return PureRuleSet(
        code=ruleset.code,
        legal_basis=ruleset.legal_basis,
        valid_from=ruleset.valid_from,
        valid_to=ruleset.valid_to,
        criteria={k: tuple(v) for k, v in criteria.items()},
        verify=ruleset.verify,
        note=ruleset.note,
    )


def rulesets() -> list[tuple[RuleSet, PureRuleSet]]:
    rows = list(RuleSet.objects.prefetch_related("criteria__title").order_by("valid_from", "code"))
    return [(r, pure_ruleset(r, sorted(r.criteria.all(), key=lambda c: (c.order, c.pk)))) for r in rows]


def review_basis() -> ReviewDateBasis:
    """Which date of a review picks the rule set: a setting (``THIDUA_COMMENDATION_REVIEW_BASIS``), decision date by
    default (Nghị định 152/2025 applies to a 2025 review decided in 2026)."""
    return ReviewDateBasis(getattr(settings, "THIDUA_COMMENDATION_REVIEW_BASIS", ReviewDateBasis.DECISION_DATE.value))


@dataclass(frozen=True)
class ChosenRuleset:
    row: RuleSet
    choice: RulesetChoice
    expected_date: bool = False
    """True when no decision exists yet and the reference date is the expected one (today)."""

    @property
    def note(self) -> str:
        """The choice's note; before a decision, it says the decision date is the expected one, not a real one."""
        note = self.choice.note
        if self.expected_date and "quyết định" in self.choice.basis.label:
            note = note.replace(
                f"theo {self.choice.basis.label} ", f"theo {self.choice.basis.label} dự kiến (chưa có quyết định) ", 1
            )
        return note


def ruleset_choice(year: int, decision_date: date | None = None) -> ChosenRuleset:
    """The rule set for the review of ``year``; before a decision exists, the expected decision date is today (or
    the first day after the year when today is still inside it)."""
    day = decision_date or max(timezone.localdate(), date(year + 1, 1, 1))
    pairs = rulesets()
    choice = ruleset_for_review(year, [p for _, p in pairs], basis=review_basis(), decision_date=day)
    row = next(r for r, p in pairs if p is choice.ruleset)
    return ChosenRuleset(row, choice, expected_date=decision_date is None)


def caps_of(ruleset: RuleSet) -> list[pure_caps.Cap]:
    found: list[pure_caps.Cap] = []
    for cap in CapRule.objects.filter(ruleset=ruleset).select_related("title", "of_title", "edition"):
        mode = pure_caps.CapMode(cap.mode) if cap.mode else None
        if cap.kind == CapRule.Kind.SHARE and cap.of_title is not None and cap.max_percent is not None:
            found.append(
                pure_caps.ShareCap(
                    title=cap.title.code,
                    of_title=cap.of_title.code,
                    max_percent=cap.max_percent,
                    legal_basis=cap.legal_basis,
                    verify=cap.verify,
                    mode=mode,
                )
            )
        elif cap.max_count is not None:
            found.append(
                pure_caps.ClusterQuota(
                    title=cap.title.code,
                    max_count=cap.max_count,
                    edition=str(cap.edition_id) if cap.edition_id else None,
                    legal_basis=cap.legal_basis,
                    verify=cap.verify,
                    mode=mode,
                )
            )
    return found


def coefficients() -> list[pure_catalogue.RewardCoefficient]:
    return [
        pure_catalogue.RewardCoefficient(
            title=c.entry.code,
            coefficient=c.coefficient,
            valid_from=c.valid_from,
            valid_to=c.valid_to,
            legal_basis=c.legal_basis,
            verify=c.verify,
        )
        for c in RewardCoefficient.objects.select_related("entry")
    ]


def base_salaries() -> list[pure_catalogue.BaseSalary]:
    return [
        pure_catalogue.BaseSalary(amount=s.amount, valid_from=s.valid_from, legal_basis=s.legal_basis, verify=s.verify)
        for s in BaseSalary.objects.all()
    ]


# --- The catalogue pages --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RulesetRow:
    row: RuleSet
    pure: PureRuleSet
    validity: str
    titles: list[tuple[str, list[RuleCriterion]]]
    caps: list[CapRule]


def ruleset_rows(*, user: Any) -> list[RulesetRow]:
    """Every rule set with its basis, validity, criteria by title and caps (everyone signed in reads them)."""
    visible = {r.pk for r in RuleSet.objects.for_user(user, VIEW)}
    rows = []
    for row, pure in rulesets():
        if row.pk not in visible:
            continue
        by_title: dict[int, tuple[str, list[RuleCriterion]]] = {}
        for c in sorted(row.criteria.all(), key=lambda c: (c.title.order, c.order, c.pk)):
            by_title.setdefault(c.title_id, (c.title.name, []))[1].append(c)
        caps = list(CapRule.objects.filter(ruleset=row).select_related("title", "of_title", "edition__cluster"))
        rows.append(RulesetRow(row, pure, pure.validity_text(), list(by_title.values()), caps))
    return rows


def catalogue_entries(*, user: Any) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.for_user(user, VIEW).order_by("kind", "order", "code")


# --- The adapter: personnel's records plus what commendations knows -----------------------------------------------
#
# The personnel app builds the records from its tables (:func:`thidua.personnel.selectors.person_history`,
# :func:`~thidua.personnel.selectors.unit_history`: ratings, awards with their decisions, innovations, discipline,
# members' standing, predecessors across a merger). Commendations adds, with ``dataclasses.replace``, only what it
# knows: the review year's attested statements of a dossier line, the cluster result, whether the unit exceeded its
# targets and its new factors.


def person_record(person: Any, *, attested: Mapping[int, Mapping[Attestation, bool]] | None = None) -> PersonRecord:
    """A person's record from the personnel history, with ``attested`` statements for given years (what the
    proposing unit certifies in a dossier line; the personnel records hold none, so without it they are unknown)."""
    from thidua.personnel.selectors import person_history

    base = person_history(person)
    years = {y.year: y for y in base.years}
    for year, statements in (attested or {}).items():
        current = years.get(year) or PersonYear(year=year)
        years[year] = replace(current, attested={**current.attested, **statements})
    return replace(base, years=tuple(years[y] for y in sorted(years)))


def members_of(unit: OrgUnit, year: int) -> list[Any]:
    """The people posted in ``unit`` on 31/12 of ``year`` (personnel's quân số of the unit)."""
    from thidua.personnel.selectors import members_on

    return list(members_on(unit, date(year, 12, 31)).order_by("full_name", "code"))


@dataclass(frozen=True)
class ClusterResult:
    leads: bool | None
    note: str


def cluster_result(unit: OrgUnit, year: int) -> ClusterResult:
    """Whether ``unit`` leads its cluster in ``year``: rank 1 of the approved year ranking (scoring app) or elected
    in a closed ballot of the edition (voting app). Unknown when neither exists."""
    from thidua.organisations.models import ClusterEdition

    notes: list[str] = []
    leads: bool | None = None
    editions = list(
        ClusterEdition.objects.filter(year=year, memberships__unit=unit).select_related("cluster").distinct()
    )
    for edition in editions:
        ranking = _year_ranking(edition, year)
        if ranking is not None:
            row = next((r for r in ranking if r.unit.pk == unit.pk), None)
            if row is not None:
                rank = int(row.rank)
                notes.append(f"xếp thứ {rank}/{len(ranking)} {edition.cluster.name} năm {year}")
                leads = bool(leads) or rank == 1
        for ballot_note, elected in _ballot_results(edition, unit):
            notes.append(ballot_note)
            leads = bool(leads) or elected
    return ClusterResult(leads, "; ".join(notes))


def _year_period(year: int) -> Any:
    from thidua.indicators.models import Period

    return Period.objects.filter(code=str(year)).first()


def _year_ranking(edition: Any, year: int) -> list[Any] | None:
    """The ranked rows (approved totals) of the edition's year period, from the scoring app; ``None`` without any."""
    from thidua.scoring.selectors import cluster_ranking

    period = _year_period(year)
    if period is None:
        return None
    rows = [r for r in cluster_ranking(edition=edition, period=period, user=None) if r.rank is not None]
    return rows or None


def _ballot_results(edition: Any, unit: OrgUnit) -> list[tuple[str, bool]]:
    from thidua.voting.domain.ballot import Status
    from thidua.voting.models import Ballot
    from thidua.voting.selectors import results_of

    found = []
    for ballot in Ballot.objects.filter(edition=edition, status=Status.CLOSED.value, candidates__unit=unit).distinct():
        found.append(_ballot_note(ballot, unit, results_of(ballot)))
    return found


def _ballot_note(ballot: Any, unit: OrgUnit, results: Any) -> tuple[str, bool]:
    candidate = ballot.candidates.filter(unit=unit).values_list("pk", flat=True).first()
    elected = candidate in set(results.tally.elected)
    votes = results.tally.totals.get(candidate, 0)
    outcome = "được suy tôn" if elected else "không được suy tôn"
    return f"{ballot.title}: {votes}/{results.tally.roll_size} phiếu, {outcome}", elected


def vote_result(ballot: Any, unit: OrgUnit) -> tuple[str, bool]:
    """The text and outcome of ``unit`` in a closed ballot (for a dossier line)."""
    from thidua.voting.selectors import results_of

    return _ballot_note(ballot, unit, results_of(ballot))


TARGETS_RULE = (
    "Hoàn thành vượt mức chỉ tiêu: mọi chỉ tiêu được giao cho đơn vị trong kỳ năm có số liệu đã duyệt đều vượt "
    "mức — chỉ tiêu càng cao càng tốt: thực hiện cao hơn chỉ tiêu giao (trên 100%); chỉ tiêu kéo giảm: thực hiện "
    "không vượt quá chỉ tiêu giao. Khi hệ thống chưa có chỉ tiêu giao hoặc số liệu đã duyệt, dùng nội dung đơn vị "
    "xác nhận trong hồ sơ."
)


@dataclass(frozen=True)
class SystemFact:
    """A fact of the review year as the system knows it (``value`` ``None``: no data) and where it came from."""

    value: Any
    note: str


def targets_fact(unit: OrgUnit, year: int) -> SystemFact:
    """Whether ``unit`` exceeded every target assigned for ``year`` (see :data:`TARGETS_RULE`).

    Targets are those assigned to the unit for the year period (``indicators.Target``); the results are the approved
    year figures of :func:`thidua.analytics.selectors.indicator_results`. A higher-is-better indicator is exceeded
    when the actual is above the target (more than 100%); a lower-is-better one (kéo giảm) when the actual stays at or
    below it; neutral indicators are not counted. Any target not exceeded makes the answer "no"; with every counted
    target exceeded but some without approved figures, or no target at all, the system has no answer (``None``).
    """
    from thidua.analytics.selectors import indicator_results
    from thidua.core.domain.numbers import format_number
    from thidua.indicators.domain.indicators import Direction
    from thidua.indicators.models import Indicator

    period = _year_period(year)
    if period is None:
        return SystemFact(None, f"hệ thống chưa có kỳ báo cáo năm {year}")
    indicators = list(
        Indicator.objects.filter(targets__unit=unit, targets__period=period, targets__option__isnull=True).distinct()
    )
    indicators = [i for i in indicators if Direction(i.direction) is not Direction.NEUTRAL]
    if not indicators:
        return SystemFact(None, f"hệ thống chưa có chỉ tiêu giao năm {year} cho đơn vị")
    rows = [r for r in indicator_results(units=[unit], period=period, indicators=indicators) if r.target is not None]
    missing = [r.indicator.name for r in rows if r.actual is None]
    counted = [r for r in rows if r.actual is not None]
    if not counted:
        return SystemFact(None, f"chưa có số liệu đã duyệt năm {year} cho {len(rows)} chỉ tiêu được giao")

    def exceeded(row: Any) -> bool:
        if Direction(row.indicator.direction) is Direction.LOWER_IS_BETTER:
            return bool(row.actual <= row.target)
        return bool(row.actual > row.target)

    def shown(row: Any) -> str:
        percent = (
            f" ({format_number(row.percent_of_target.quantize(Decimal('0.1')))}%)"
            if row.percent_of_target is not None
            else ""
        )
        return (
            f"{row.indicator.name}: thực hiện {format_number(row.actual)}, chỉ tiêu {format_number(row.target)}"
            f"{percent}"
        )

    failing = [r for r in counted if not exceeded(r)]
    source = f"số liệu đã duyệt năm {year}"
    if failing:
        listed = "; ".join(shown(r) for r in failing)
        return SystemFact(
            False, f"theo {source}: {len(counted) - len(failing)}/{len(counted)} chỉ tiêu vượt mức; chưa vượt: {listed}"
        )
    if missing:
        return SystemFact(
            None,
            f"theo {source}: {len(counted)} chỉ tiêu vượt mức, còn {len(missing)} chỉ tiêu chưa có số liệu "
            f"({'; '.join(missing)})",
        )
    return SystemFact(True, f"theo {source}: vượt mức cả {len(counted)}/{len(counted)} chỉ tiêu được giao")


# Kinds of registry entries that are new factors or models; an advanced example (điển hình tiên tiến, a person or
# collective) and a good deed (việc tốt) are not.
FACTOR_KINDS = frozenset({"new_factor", "effective_model", "good_way"})


def factors_fact(unit: OrgUnit, year: int) -> SystemFact:
    """The new factors and models (nhân tố mới, mô hình mới) of ``unit`` in ``year`` from the good-practice registry
    (:func:`thidua.practices.selectors.practices_for_report`): the entries of :data:`FACTOR_KINDS` (nhân tố mới,
    mô hình hiệu quả, cách làm hay) of a period inside the year that the unit's leader or the office has published
    (an entry the unit only recorded is not yet vouched for). ``None`` when the registry holds no published entry
    of the unit that year."""
    from thidua.practices.selectors import practices_for_report

    period = _year_period(year)
    if period is None:
        return SystemFact(None, f"hệ thống chưa có kỳ báo cáo năm {year}")
    entries = [p for p in practices_for_report(units=[unit], period=period) if p.kind in FACTOR_KINDS]
    published = [p for p in entries if p.published]
    pending = len(entries) - len(published)
    waiting = f"; {pending} mục chưa công bố không tính" if pending else ""
    if not published:
        return SystemFact(None, f"sổ nhân tố mới, điển hình chưa có mục đã công bố của đơn vị năm {year}{waiting}")
    return SystemFact(
        tuple(str(p.title) for p in published),
        f"theo sổ nhân tố mới, điển hình: {len(published)} mục đã công bố năm {year}{waiting}",
    )


def _with_fallback(fact: SystemFact, certified: Any) -> tuple[Any, str]:
    """The system's value when it has one; else what the unit certified in the dossier line, said so."""
    if fact.value is not None:
        ignored = " (không dùng nội dung đơn vị xác nhận)" if certified is not None else ""
        return fact.value, f"{fact.note}{ignored}"
    if certified is not None:
        return certified, f"theo nội dung đơn vị xác nhận trong hồ sơ; {fact.note}"
    return None, fact.note


def unit_record(unit: OrgUnit, year: int, *, facts: Mapping[str, Any] | None = None) -> UnitRecord:
    """A unit's record for the review of ``year``: personnel's history of the unit (every year it has a rating or an
    award; the review year with its members; predecessors across a merger), named as on 31/12 of ``year``, and the
    review year completed with the cluster result, the targets (:func:`targets_fact`) and the new factors
    (:func:`factors_fact`). ``facts`` holds what the proposer certified in the dossier line (``attested``,
    ``targets_exceeded``, ``new_factors``): statements always count; targets and factors only where the system has
    no data.
    """
    from thidua.personnel.selectors import unit_history

    given = facts or {}
    # One read: the unit's own years (the review year always, for its members' standing) and its predecessors over
    # the five years before the review (a merger's chain), no own year invented for the other years.
    own = unit_history(unit, also_years=[year], predecessor_span=range(year - 5, year + 1))
    review = own.year_record(year) or UnitYear(year=year)
    result = cluster_result(unit, year)
    exceeded, targets_note = _with_fallback(targets_fact(unit, year), given.get("targets_exceeded"))
    certified_factors = given.get("new_factors")
    factors, factors_note = _with_fallback(
        factors_fact(unit, year), tuple(certified_factors) if certified_factors is not None else None
    )
    review = replace(
        review,
        attested={**review.attested, **dict(given.get("attested", {}))},
        leads_cluster=result.leads,
        cluster_note=result.note,
        targets_exceeded=exceeded,
        targets_note=targets_note,
        new_factors=factors,
        factors_note=factors_note,
    )
    years = {y.year: y for y in own.years}
    years[year] = review
    return replace(
        own,
        name=unit_names_on([unit], date(year, 12, 31)).get(unit.pk, str(unit)),
        years=tuple(years[y] for y in sorted(years)),
    )


def person_eligibility(
    person: Any,
    title: str,
    year: int,
    *,
    attested: Mapping[Attestation, bool] | None = None,
    decision_date: date | None = None,
) -> Eligibility:
    """The pure eligibility of a person for ``title`` in ``year`` under the rule set chosen for that review."""
    chosen = ruleset_choice(year, decision_date)
    record = person_record(person, attested={year: attested} if attested else None)
    return eligibility(record, title, year, chosen.choice.ruleset, catalogue=catalogue())


def unit_eligibility(
    unit: OrgUnit,
    title: str,
    year: int,
    *,
    facts: Mapping[str, Any] | None = None,
    decision_date: date | None = None,
    merger_policy: MergerPolicy | None = None,
) -> Eligibility:
    """The pure eligibility of a unit; chains across a merger follow the rule set's merger policy."""
    chosen = ruleset_choice(year, decision_date)
    record = unit_record(unit, year, facts=facts)
    policy = merger_policy or MergerPolicy(chosen.row.merger_policy)
    return eligibility(record, title, year, chosen.choice.ruleset, merger_policy=policy, catalogue=catalogue())


def eligibility_snapshot(result: Eligibility, note: str = "") -> dict[str, Any]:
    """What a dossier line keeps of an eligibility answer (JSON): every criterion with evidence and article."""
    words = {True: "Đạt", False: "Không đạt", None: "Chưa xác định"}
    return {
        "status": result.status.value,
        "status_label": result.status.label,
        "summary": result.summary,
        "ruleset": result.ruleset.legal_basis,
        "note": note,
        "merger_policy": result.merger_policy.label,
        "results": [
            {
                "met": r.met,
                "met_label": words[r.met],
                "article": r.article,
                "requirement": r.requirement,
                "explanation": r.explanation,
                "evidence": [f"{e.text}" for e in r.evidence],
                "verify": r.verify,
            }
            for r in result.results
        ],
    }


# --- Dossiers --------------------------------------------------------------------------------------------------------


def dossiers(*, user: Any, action: str = VIEW) -> QuerySet[Dossier]:
    return Dossier.objects.for_user(user, action).select_related("unit", "edition__cluster")


def dossier_get(*, user: Any, pk: int, action: str = VIEW) -> Dossier:
    """Missing and out of reach answer alike."""
    dossier = dossiers(user=user, action=action).filter(pk=pk).first()
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ đề nghị này trong phạm vi của bạn.", field="dossier")
    return dossier


def lines_of(dossier: Dossier) -> list[DossierLine]:
    return list(dossier.lines.select_related("person", "org_unit", "entry", "ballot").order_by("order", "pk"))


def units_under(unit: OrgUnit) -> set[int]:
    """The unit and every unit ever under it (its departments and commune police, across reorganisations)."""
    from thidua.organisations.domain.tree import UnitVersion, units_ever_under
    from thidua.organisations.models import OrgUnitVersion

    versions = [
        UnitVersion(unit=str(u), name=n, parent=None if p is None else str(p), valid_from=f, valid_to=t)
        for u, n, p, f, t in OrgUnitVersion.objects.values_list(
            "unit_id", "name", "parent_id", "valid_from", "valid_to"
        )
    ]
    return {int(k) for k in units_ever_under(versions, str(unit.pk))} | {unit.pk}


def total_reward(dossier: Dossier) -> Decimal:
    """The reward money of a decided dossier (lines without a coefficient count nothing)."""
    return sum((line.reward_amount or Decimal(0) for line in dossier.lines.all()), Decimal(0))


def unit_name(unit: OrgUnit, year: int) -> str:
    return unit_names_on([unit], date(year, 12, 31)).get(unit.pk, str(unit))


def proposing_units(*, user: Any) -> list[OrgUnit]:
    """Units the user may propose for (its own units as officer or leader)."""
    from thidua.accounts.access import access_for
    from thidua.commendations.permissions import PROPOSERS

    ids = access_for(user).unit_ids_for(CHANGE, PROPOSERS)
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("code"))


@dataclass(frozen=True)
class ReportRow:
    """One proposal line for the reports app: who, from which unit, for what, in which state."""

    candidate_name: str
    unit_name: str
    form_name: str
    state_label: str
    year: int
    decision_number: str
    reward_amount: Decimal | None


def proposals_for_report(*, units: Sequence[OrgUnit], year: int, user: Any = None) -> list[ReportRow]:
    """Proposal lines of ``units``' dossiers for ``year`` (states after draft), for the tổng kết report's "công tác
    khen thưởng" section. With ``user`` only what the user may read; without, every dossier (the report builder runs
    on behalf of a user who already reached these units)."""
    qs = Dossier.objects.for_user(user, VIEW) if user is not None else Dossier.objects.all()
    qs = qs.filter(unit__in=list(units), year=year).exclude(state=State.DRAFT.value)
    rows = []
    for dossier in qs.select_related("unit").order_by("unit__code", "pk"):
        name = unit_name(dossier.unit, year)
        for line in lines_of(dossier):
            rows.append(
                ReportRow(
                    candidate_name=line.person.full_name if line.person else unit_name(line.org_unit, year),
                    unit_name=name,
                    form_name=line.entry.name,
                    state_label=dossier.state_label,
                    year=year,
                    decision_number=dossier.decision_number,
                    reward_amount=line.reward_amount,
                )
            )
    return rows


def todo(*, user: Any) -> list[tuple[str, str]]:
    """Dossiers waiting for this user (text, url): returned ones to fix, ones to accept, approve or decide."""
    from django.urls import reverse

    items: list[tuple[str, str]] = []
    for dossier in dossiers(user=user, action=CHANGE).order_by("year", "pk"):
        state = dossier.state_enum
        url = reverse("commendations:dossier", args=[dossier.pk])
        name = unit_name(dossier.unit, dossier.year)
        if state in (State.DRAFT, State.RETURNED) and user.has_perm("commendations.edit_dossier", dossier):
            verb = "Sửa và gửi lại" if state is State.RETURNED else "Hoàn thiện và gửi"
            items.append((f"{verb} hồ sơ đề nghị khen thưởng «{dossier.summary}» ({name})", url))
        elif state in (State.SUBMITTED, State.ACCEPTED) and user.has_perm("commendations.review_in_cluster", dossier):
            verb = "Tiếp nhận" if state is State.SUBMITTED else "Trình cơ quan thường trực"
            items.append((f"{verb} hồ sơ đề nghị khen thưởng của {name}: «{dossier.summary}»", url))
        elif state in (State.AT_OFFICE, State.APPROVED) and user.has_perm("commendations.approve", dossier):
            verb = "Duyệt" if state is State.AT_OFFICE else "Ghi quyết định khen thưởng cho"
            items.append((f"{verb} hồ sơ đề nghị khen thưởng của {name}: «{dossier.summary}»", url))
    return items
