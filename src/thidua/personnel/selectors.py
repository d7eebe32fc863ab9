"""Reads of personnel records and registrations, always from ``for_user``; and the facts the eligibility core needs.

``person_history`` and ``unit_history`` take an object the caller has already reached through a scoped selector and
return the pure records of :mod:`thidua.commendations.domain.eligibility` (``PersonRecord``, ``UnitRecord``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.commendations.domain import eligibility as el
from thidua.commendations.domain.rulesets import DisciplineLevel, DutyRating, EffectScope, InnovationKind
from thidua.core.exceptions import NotFound
from thidua.core.scoping import VIEW
from thidua.organisations.models import ClusterMembership, OrgUnit
from thidua.personnel import models as m
from thidua.personnel.domain.records import format_day


def people(
    *,
    user: Any,
    action: str = VIEW,
    unit: OrgUnit | None = None,
    query: str = "",
    active: bool | None = None,
    day: date | None = None,
) -> QuerySet[m.Person]:
    """Officers in reach; ``unit`` keeps those posted there on ``day`` (today by default)."""
    qs = m.Person.objects.for_user(user, action)
    if unit is not None:
        day = day or timezone.localdate()
        qs = qs.filter(
            Q(postings__org_unit=unit, postings__valid_from__lte=day)
            & (Q(postings__valid_to__isnull=True) | Q(postings__valid_to__gt=day))
        )
    if query:
        qs = qs.filter(Q(full_name__icontains=query) | Q(code__icontains=query))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.prefetch_related(
        Prefetch("postings", queryset=m.Posting.objects.select_related("org_unit").order_by("valid_from"))
    ).order_by("full_name", "code")


def person_get(*, user: Any, pk: int, action: str = VIEW) -> m.Person:
    person = m.Person.objects.for_user(user, action).filter(pk=pk).first()
    if person is None:
        raise NotFound("Không tìm thấy cán bộ trong phạm vi của bạn.")
    return person


def person_by_code(*, user: Any, code: str, action: str = VIEW) -> m.Person:
    person = m.Person.objects.for_user(user, action).filter(code=code.strip().upper()).first()
    if person is None:
        raise NotFound(f"Không tìm thấy cán bộ số hiệu {code} trong phạm vi của bạn.")
    return person


def units_in_reach(*, user: Any, action: str = VIEW) -> list[OrgUnit]:
    """The units whose people the user reaches (for filters and the "add an officer" form)."""
    from thidua.accounts.access import access_for

    access = access_for(user)
    ids = access.unit_ids_for(action, m.PERSON_ROLES)
    units = list(OrgUnit.objects.filter(pk__in=ids).prefetch_related("versions"))
    return sorted(units, key=lambda u: str(u))


def posting_current(person: m.Person, postings: Iterable[m.Posting] | None = None) -> m.Posting | None:
    """From prefetched postings: the one open today, else the latest."""
    rows = list(postings if postings is not None else person.postings.all())
    today = timezone.localdate()
    for p in rows:
        if p.valid_from <= today and (p.valid_to is None or p.valid_to > today):
            return p
    return max(rows, key=lambda p: p.valid_from) if rows else None


@dataclass(frozen=True)
class PersonFile:
    """Everything on an officer's page."""

    person: m.Person
    postings: list[m.Posting]
    ratings: list[m.DutyRating]
    discipline: list[m.DisciplineRecord]
    innovations: list[m.Innovation]
    awards: list[m.AwardRecord]


def person_file(*, user: Any, pk: int) -> PersonFile:
    person = person_get(user=user, pk=pk)
    return PersonFile(
        person=person,
        postings=list(person.postings.select_related("org_unit").order_by("valid_from")),
        ratings=list(m.DutyRating.objects.for_user(user).filter(person=person).order_by("year")),
        discipline=list(m.DisciplineRecord.objects.for_user(user).filter(person=person).order_by("year")),
        innovations=list(m.Innovation.objects.for_user(user).filter(person=person).order_by("year")),
        awards=list(m.AwardRecord.objects.for_user(user).filter(person=person).order_by("year", "decision_date")),
    )


def unit_awards(*, user: Any, unit: OrgUnit) -> QuerySet[m.AwardRecord]:
    return m.AwardRecord.objects.for_user(user).filter(org_unit=unit).order_by("year", "decision_date")


def unit_ratings(*, user: Any, unit: OrgUnit) -> QuerySet[m.UnitRating]:
    return m.UnitRating.objects.for_user(user).filter(org_unit=unit).order_by("year")


# --- Facts for the eligibility core -------------------------------------------------------------------------------


def _decision_text(award: m.AwardRecord) -> str:
    text = f"Quyết định số {award.decision_number} ngày {format_day(award.decision_date)}"
    if award.issued_by:
        text += f" của {award.issued_by}"
    return text


def _person_years(ratings: Iterable[m.DutyRating], awards: Iterable[m.AwardRecord]) -> tuple[el.PersonYear, ...]:
    rating_of = {r.year: DutyRating(r.rating) for r in ratings}
    titles: dict[int, set[str]] = defaultdict(set)
    decisions: dict[int, dict[str, str]] = defaultdict(dict)
    for award in awards:
        titles[award.year].add(award.award_code)
        decisions[award.year][award.award_code] = _decision_text(award)
    years = sorted(set(rating_of) | set(titles))
    return tuple(
        el.PersonYear(
            year=y,
            duty_rating=rating_of.get(y),
            titles=frozenset(titles.get(y, ())),
            decisions=dict(decisions.get(y, {})),
        )
        for y in years
    )


def person_history(person: m.Person) -> el.PersonRecord:
    """The person's record for :func:`~thidua.commendations.domain.eligibility.eligibility`.

    Key: the số hiệu; years: ratings and awards received (title and form codes) per year, with each award's
    decision as evidence text; innovations and discipline as recorded. Attestations are not kept here (unknown).
    """
    return el.PersonRecord(
        key=person.code,
        name=person.full_name,
        years=_person_years(person.ratings.all(), person.awards.all()),
        innovations=tuple(
            el.Innovation(
                kind=InnovationKind(i.kind), name=i.name, year=i.year, scope=EffectScope(i.scope), decision=i.decision
            )
            for i in person.innovations.order_by("year", "pk")
        ),
        discipline=tuple(
            el.DisciplineRecord(
                level=DisciplineLevel(d.level),
                year=d.year,
                decision=" ".join(
                    part
                    for part in (
                        f"Quyết định số {d.decision_number}" if d.decision_number else "",
                        f"ngày {format_day(d.decision_date)}" if d.decision_date else "",
                    )
                    if part
                ),
            )
            for d in person.discipline.order_by("year", "pk")
        ),
    )


def members_on(unit: OrgUnit, day: date) -> QuerySet[m.Person]:
    """The people posted in ``unit`` on ``day`` (quân số của đơn vị)."""
    return m.Person.objects.filter(
        Q(postings__org_unit=unit, postings__valid_from__lte=day)
        & (Q(postings__valid_to__isnull=True) | Q(postings__valid_to__gt=day))
    ).distinct()


def _members_of_year(unit: OrgUnit, year: int) -> tuple[el.MemberStanding, ...]:
    """Members counted for a year: posted in the unit on 31/12 of the year (or today, for the current year)."""
    today = timezone.localdate()
    day = min(date(year, 12, 31), today) if year == today.year else date(year, 12, 31)
    members = list(members_on(unit, day).order_by("full_name", "code"))
    if not members:
        return ()
    ids = [p.pk for p in members]
    ratings = dict(m.DutyRating.objects.filter(person__in=ids, year=year).values_list("person_id", "rating"))
    titles: dict[int, set[str]] = defaultdict(set)
    for person_id, code in m.AwardRecord.objects.filter(person__in=ids, year=year).values_list(
        "person_id", "award_code"
    ):
        titles[person_id].add(code)
    heaviest: dict[int, DisciplineLevel] = {}
    for person_id, level in m.DisciplineRecord.objects.filter(person__in=ids, year=year).values_list(
        "person_id", "level"
    ):
        found = DisciplineLevel(level)
        if person_id not in heaviest or found.severity > heaviest[person_id].severity:
            heaviest[person_id] = found
    return tuple(
        el.MemberStanding(
            person=p.code,
            name=p.full_name,
            duty_rating=DutyRating(ratings[p.pk]) if p.pk in ratings else None,
            titles=frozenset(titles.get(p.pk, ())),
            discipline=heaviest.get(p.pk),
        )
        for p in members
    )


def unit_history(
    org_unit: OrgUnit,
    *,
    years: Iterable[int] | None = None,
    with_predecessors: bool = True,
    predecessor_span: Iterable[int] | None = None,
    also_years: Iterable[int] = (),
) -> el.UnitRecord:
    """The unit's record for the eligibility core (key: the unit's code, as in the succession records).

    Per year its task completion, its own awards and its members' standing; for a unit formed by a merger, the
    predecessors per year with their own records.

    ``years`` defaults to every year with a rating or an award of the unit; years passed explicitly get an own year
    even when the unit has nothing for it (an own year always beats the predecessors). To ask for "the unit's own
    years, and its predecessors over a span" without inventing own years, leave ``years`` out and pass
    ``predecessor_span`` (e.g. ``range(review - 5, review + 1)``): predecessors are looked up for those years, and for
    five years before the first wanted year up to the last otherwise. ``also_years`` adds own years to the unit's
    data years (the review year, whose members' standing is needed even before the unit has a rating for it).
    Cluster lead, targets and new factors come from other apps (scoring, the ballot) and are left unknown here.
    """
    ratings = {r.year: DutyRating(r.rating) for r in m.UnitRating.objects.filter(org_unit=org_unit)}
    titles: dict[int, set[str]] = defaultdict(set)
    decisions: dict[int, dict[str, str]] = defaultdict(dict)
    for award in m.AwardRecord.objects.filter(org_unit=org_unit):
        titles[award.year].add(award.award_code)
        decisions[award.year][award.award_code] = _decision_text(award)
    extra = set(also_years)
    wanted = sorted((set(years) if years is not None else set(ratings) | set(titles)) | extra)
    unit_years = tuple(
        el.UnitYear(
            year=y,
            task_completion=ratings.get(y),
            members=_members_of_year(org_unit, y),
            titles=frozenset(titles.get(y, ())),
            decisions=dict(decisions.get(y, {})),
        )
        for y in wanted
        if y in ratings or y in titles or y in extra or years is not None
    )
    predecessors: dict[int, tuple[str, ...]] = {}
    records: list[el.UnitRecord] = []
    span = sorted(set(predecessor_span)) if predecessor_span is not None else []
    if not span and wanted:
        span = list(range(min(wanted) - 5, max(wanted) + 1))
    if with_predecessors and span:
        from thidua.organisations.services import all_successions

        predecessors = el.predecessors_by_year(org_unit.code, all_successions(), span)
        keys = {key for keys in predecessors.values() for key in keys}
        for unit in OrgUnit.objects.filter(code__in=keys).order_by("code"):
            records.append(unit_history(unit, with_predecessors=True))
    return el.UnitRecord(
        key=org_unit.code,
        name=str(org_unit),
        years=unit_years,
        predecessors_by_year=predecessors,
        predecessor_records=tuple(records),
    )


# --- Registrations ------------------------------------------------------------------------------------------------


def windows(*, user: Any, year: int | None = None) -> QuerySet[m.RegistrationWindow]:
    qs = m.RegistrationWindow.objects.for_user(user).select_related("edition__cluster", "org_unit")
    return qs.filter(year=year) if year is not None else qs


def window_get(*, user: Any, pk: int, action: str = VIEW) -> m.RegistrationWindow:
    window = m.RegistrationWindow.objects.for_user(user, action).select_related("edition__cluster").filter(pk=pk)
    found = window.first()
    if found is None:
        raise NotFound("Không tìm thấy đợt đăng ký thi đua.")
    return found


def window_units(window: m.RegistrationWindow) -> list[OrgUnit]:
    """The units that register in a window: its edition's members, or its unit and the units under it now."""
    if window.edition_id is not None:
        ids = list(ClusterMembership.objects.filter(edition_id=window.edition_id).values_list("unit_id", flat=True))
    else:
        from thidua.organisations.domain.tree import tree_on
        from thidua.organisations.services import all_unit_versions

        day = max(date(window.year, 1, 1), min(timezone.localdate(), date(window.year, 12, 31)))
        tree = tree_on(all_unit_versions(), day)
        root = str(window.org_unit_id)
        ids = [window.org_unit_id]
        if root in tree:
            ids.extend(int(v.unit) for v in tree.descendants(root))
    return sorted(OrgUnit.objects.filter(pk__in=ids).prefetch_related("versions"), key=lambda u: str(u))


def registrations(
    *, user: Any, window: m.RegistrationWindow | None = None, year: int | None = None, unit: OrgUnit | None = None
) -> QuerySet[m.Registration]:
    qs = m.Registration.objects.for_user(user).select_related("org_unit", "person", "window")
    if window is not None:
        qs = qs.filter(window=window)
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(org_unit=unit)
    return qs.order_by("award_code", "org_unit__code", "person__full_name")


def todo(*, user: Any) -> list[tuple[str, str]]:
    """Open registration windows where one of the user's units (officer or leader) has not yet submitted."""
    from django.urls import reverse

    from thidua.accounts.access import access_for
    from thidua.personnel.permissions import LEADERS, OFFICERS

    access = access_for(user)
    own = access.unit_ids_for("change", OFFICERS | LEADERS)
    if not own:
        return []
    today = timezone.localdate()
    items: list[tuple[str, str]] = []
    for window in m.RegistrationWindow.objects.filter(opens_on__lte=today, deadline__gte=today).order_by("deadline"):
        covered = {u.pk for u in window_units(window)} & own
        submitted = set(
            m.Registration.objects.filter(
                window=window, org_unit__in=covered, state=m.RegistrationState.SUBMITTED
            ).values_list("org_unit_id", flat=True)
        )
        if covered - submitted:
            items.append(
                (
                    f"Đăng ký thi đua năm {window.year} hạn {format_day(window.deadline)}",
                    reverse("personnel:window", args=[window.pk]),
                )
            )
    return items


# --- One record of an officer's file, and its history ----------------------------------------------------------

RECORD_MODELS: dict[str, type[Any]] = {
    "posting": m.Posting,
    "discipline": m.DisciplineRecord,
    "innovation": m.Innovation,
    "award": m.AwardRecord,
    "rating": m.DutyRating,
}


def person_record(*, user: Any, person: m.Person, kind: str, pk: int, action: str = VIEW) -> Any:
    """One posting, discipline record, innovation, award or rating of ``person`` within the user's reach."""
    model = RECORD_MODELS.get(kind)
    row = model.objects.for_user(user, action).filter(person=person, pk=pk).first() if model else None
    if row is None:
        raise NotFound("Không tìm thấy bản ghi này trong hồ sơ cán bộ.")
    return row


def unit_rating_get(*, user: Any, unit: OrgUnit, pk: int, action: str = VIEW) -> m.UnitRating:
    row = m.UnitRating.objects.for_user(user, action).filter(org_unit=unit, pk=pk).first()
    if row is None:
        raise NotFound("Không tìm thấy xếp loại này của đơn vị.")
    return row


ACTION_LABELS = {
    "create": "Ghi mới",
    "update": "Sửa",
    "close": "Kết thúc (khi ghi quá trình công tác mới)",
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: Any
    who: str
    action: str
    changes: list[Change]
    reason: str


def _shown(model: type[Any], name: str, raw: Any) -> str:
    """A stored audit value as the page shows it: choices by their label, dates dd/mm/yyyy, units by name."""
    if raw is None or raw == "":
        return "—"
    field = model._meta.get_field(name.removesuffix("_id"))
    if name.endswith("_id"):
        if name == "org_unit_id":
            unit = OrgUnit.objects.filter(pk=raw).first()
            return str(unit) if unit else str(raw)
        return str(raw)
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if field.get_internal_type() == "DateField":
        try:
            return format_day(date.fromisoformat(str(raw)))
        except ValueError:
            return str(raw)
    if isinstance(raw, bool):
        return "Có" if raw else "Không"
    return str(raw)


def record_history(obj: Any) -> list[HistoryEntry]:
    """Who recorded and changed a record, when, and which fields went from what to what (from the audit log),
    oldest first. The caller has reached ``obj`` through a scoped selector."""
    from django.contrib.auth import get_user_model

    from thidua.core.models import AuditEvent

    model = type(obj)
    events = list(AuditEvent.objects.filter(object_type=model._meta.label_lower, object_id=str(obj.pk)).order_by("seq"))
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={e.actor_id for e in events if e.actor_id})}
    hidden = {"person_id", "source", "source_ref", "award_code"}
    entries = []
    for e in events:
        before, after = e.before or {}, e.after or {}
        names = [n for n in after if n not in hidden and (not before or before.get(n) != after.get(n))]
        changes = [
            Change(
                str(model._meta.get_field(n.removesuffix("_id")).verbose_name),
                _shown(model, n, before.get(n)) if before else "",
                _shown(model, n, after.get(n)),
            )
            for n in names
        ]
        who = users.get(e.actor_id)
        entries.append(
            HistoryEntry(
                at=e.at,
                who=(who.get_full_name() or who.username) if who else (e.actor_username or "hệ thống"),
                action=ACTION_LABELS.get(e.action.rsplit(".", 1)[-1], e.action),
                changes=changes,
                reason=e.reason,
            )
        )
    return entries
