"""Reads for org units and clusters, always scoped to the user (``for_user``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from thidua.core.exceptions import NotFound
from thidua.organisations.domain.succession import (
    predecessors_of,
    restatement_sources,
    restatement_warnings,
    successors_of,
)
from thidua.organisations.domain.tree import OrgTree, UnitVersion, tree_on
from thidua.organisations.models import ClusterEdition, ClusterMembership, OrgUnit, OrgUnitVersion, SuccessionEvent
from thidua.organisations.services import all_successions


def visible_units(*, user: Any) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.for_user(user)


def org_tree_on(*, user: Any, day: date | None = None) -> OrgTree:
    """The tree as it was on ``day`` (default today), limited to the units the user may see.

    A unit whose parent the user may not see shows as a root.
    """
    day = day or timezone.localdate()
    rows = (
        OrgUnitVersion.objects.filter(unit__in=visible_units(user=user), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values_list("unit__code", "name", "parent__code", "valid_from", "valid_to")
    )
    return tree_on([UnitVersion(unit=u, name=n, parent=p, valid_from=f, valid_to=t) for u, n, p, f, t in rows], day)


def org_unit_get(*, user: Any, code: str) -> OrgUnit:
    """The unit with this code if the user may see it; missing and forbidden answer alike."""
    unit = visible_units(user=user).filter(code=code.strip().upper()).first()
    if unit is None:
        raise NotFound(f"Không tìm thấy đơn vị mã «{code}» trong phạm vi của bạn.", field="unit")
    return unit


@dataclass(frozen=True)
class UnitRef:
    """A unit named as it was on a given day (a rename shows the old name before and the new one after)."""

    code: str
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class SuccessionView:
    """One succession event as a user sees it: only the units in the user's scope are named, predecessors by their
    names the day before the event, successors by their names on the day."""

    event: SuccessionEvent
    predecessors: list[UnitRef]
    successors: list[UnitRef]


@dataclass(frozen=True)
class UnitHistory:
    unit: OrgUnit
    versions: list[OrgUnitVersion]
    events: list[SuccessionView]
    predecessors: list[OrgUnit]
    successors: list[OrgUnit]
    restated_from: list[OrgUnit]
    restatement_notes: list[str]


def org_unit_history(*, user: Any, code: str) -> UnitHistory:
    """Names and parents over time, succession events, predecessors and successors (transitive).

    Lineage is shown only through units the user may see.
    """
    unit = org_unit_get(user=user, code=code)
    successions = all_successions()
    predecessors = predecessors_of(unit.code, successions)
    successors = successors_of(unit.code, successions)
    restated = restatement_sources(unit.code, successions) - {unit.code}
    events = list(
        SuccessionEvent.objects.filter(links__unit=unit)
        .distinct()
        .prefetch_related("links__unit")
        .order_by("effective_date")
    )
    needed = set(predecessors) | set(successors) | restated
    needed |= {link.unit.code for event in events for link in event.links.all()}
    visible = {u.code: u for u in visible_units(user=user).filter(code__in=needed)}
    names = unit_names_on(list(visible.values()), timezone.localdate())
    for shown in visible.values():
        shown._display_name = names.get(shown.pk, shown.code)

    def units(codes: list[str] | set[str]) -> list[OrgUnit]:
        return [visible[c] for c in sorted(codes) if c in visible]

    def side(event: SuccessionEvent, which: str) -> list[UnitRef]:
        shown = units([link.unit.code for link in event.links.all() if link.side == which])
        day = event.effective_date - timedelta(days=1) if which == "predecessor" else event.effective_date
        names_then = unit_names_on(shown, day)
        return [UnitRef(u.code, names_then.get(u.pk, str(u))) for u in shown]

    return UnitHistory(
        unit=unit,
        versions=list(unit.versions.select_related("parent").order_by("valid_from")),
        events=[SuccessionView(e, side(e, "predecessor"), side(e, "successor")) for e in events],
        predecessors=units(predecessors),
        successors=units(successors),
        restated_from=units(restated),
        restatement_notes=restatement_warnings(unit.code, successions),
    )


def cluster_editions(*, user: Any, year: int | None = None) -> QuerySet[ClusterEdition]:
    qs = ClusterEdition.objects.for_user(user).select_related("cluster", "leader", "deputy")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "cluster__level", "cluster__number")


def cluster_edition_get(*, user: Any, pk: int) -> ClusterEdition:
    edition = (
        cluster_editions(user=user)
        .prefetch_related(Prefetch("memberships", queryset=ClusterMembership.objects.select_related("unit")))
        .filter(pk=pk)
        .first()
    )
    if edition is None:
        raise NotFound("Không tìm thấy cụm thi đua này trong phạm vi của bạn.", field="edition")
    return edition


def edition_members_on(edition: ClusterEdition, day: date) -> list[OrgUnit]:
    """The members of an edition on one day (a merger mid-year changes them)."""
    memberships = (
        edition.memberships.select_related("unit")
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    )
    return [m.unit for m in memberships]


def unit_names_on(units: list[OrgUnit], day: date) -> dict[int, str]:
    """Each unit's name as it was on ``day`` (its latest name when it did not exist then)."""
    on_day: dict[int, str] = {}
    latest: dict[int, str] = {}
    for version in OrgUnitVersion.objects.filter(unit__in=units).order_by("unit_id", "valid_from"):
        latest[version.unit_id] = version.name
        if version.valid_from <= day and (version.valid_to is None or version.valid_to > day):
            on_day[version.unit_id] = version.name
    return {**latest, **on_day}


def member_during(edition_id: int, unit: OrgUnit, start: date, end: date) -> bool:
    """Whether the unit belongs to the edition at some time between ``start`` and ``end`` (inclusive)."""
    return (
        ClusterMembership.objects.filter(edition=edition_id, unit=unit)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .exists()
    )
