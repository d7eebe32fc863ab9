"""Writes for org units, succession and clusters. Each is atomic, validated and audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import NotFound
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.organisations.domain.succession import (
    Succession,
    SuccessionKind,
    check_against_versions,
    validate_succession,
)
from thidua.organisations.domain.tree import UnitVersion, activity_text, interval_text, validate_versions
from thidua.organisations.models import (
    Cluster,
    ClusterEdition,
    ClusterMembership,
    OrgUnit,
    OrgUnitVersion,
    SuccessionEvent,
    SuccessionLink,
    UnitType,
)

_UNSET: Any = object()


def _require_admin(actor: Any) -> None:
    require(actor.has_perm("organisations.change_orgunit"), "Chỉ quản trị hệ thống được sửa danh mục đơn vị.")


def _require_cluster_manager(actor: Any, owner: OrgUnit) -> None:
    require(
        actor.has_perm("organisations.manage_cluster", owner),
        "Chỉ cơ quan thường trực thi đua, khen thưởng của đơn vị tổ chức cụm được sửa cụm thi đua.",
    )


def all_unit_versions() -> list[UnitVersion]:
    """Every stored version, keyed by unit code (the stable identity users know)."""
    rows = OrgUnitVersion.objects.values_list("unit__code", "name", "parent__code", "valid_from", "valid_to")
    return [UnitVersion(unit=u, name=n, parent=p, valid_from=f, valid_to=t) for u, n, p, f, t in rows]


def _validate_tree() -> None:
    validate_versions(all_unit_versions())


def unit_by_code(code: str, *, field: str = "unit") -> OrgUnit:
    """The unit with this code, or a Vietnamese refusal naming the field."""
    clean = nfc(code).upper()
    unit = OrgUnit.objects.filter(code=clean).first()
    if unit is None:
        raise NotFound(f"Không có đơn vị mã «{clean}».", field=field)
    return unit


def _current_version(unit: OrgUnit, day: date) -> OrgUnitVersion:
    version = unit.version_on(day)
    if version is None:
        raise DomainError(f"Đơn vị «{unit.code}» không hoạt động vào ngày {day:%d/%m/%Y}.", field="effective")
    return version


@transaction.atomic
def org_unit_create(
    *,
    code: str,
    unit_type: str,
    name: str,
    short_name: str = "",
    parent: OrgUnit | None = None,
    valid_from: date,
    valid_to: date | None = None,
    basis: str = "",
    notes: str = "",
    actor: Any,
) -> OrgUnit:
    """Create a unit with its first name and parent (thành lập đơn vị)."""
    _require_admin(actor)
    code = nfc(code).upper()
    if not code:
        raise DomainError("Mã đơn vị không được để trống.", field="code")
    if OrgUnit.objects.filter(code=code).exists():
        raise DomainError(f"Mã đơn vị «{code}» đã được dùng.", field="code")
    if unit_type not in UnitType.values:
        raise DomainError(f"Loại đơn vị «{unit_type}» không có trong danh mục.", field="unit_type")
    if not nfc(name):
        raise DomainError("Tên đơn vị không được để trống.", field="name")
    if valid_to is not None and valid_to <= valid_from:
        # The model's check constraint says the same but names no field.
        raise DomainError(
            f"Ngày hết hiệu lực ({valid_to:%d/%m/%Y}) phải sau ngày bắt đầu hiệu lực ({valid_from:%d/%m/%Y}).",
            field="valid_to",
        )
    unit = OrgUnit(code=code, unit_type=unit_type, notes=nfc(notes))
    full_clean(unit)
    unit.save()
    version = OrgUnitVersion(
        unit=unit,
        name=nfc(name),
        short_name=nfc(short_name),
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        basis=nfc(basis),
    )
    full_clean(version, exclude=["unit"])
    version.save()
    _validate_tree()
    audit.record(
        actor=actor,
        action="org_unit.create",
        obj=unit,
        after={**audit.snapshot(unit), "version": audit.snapshot(version)},
    )  # type: ignore[dict-item]
    return unit


@transaction.atomic
def org_unit_change(
    *,
    unit: OrgUnit,
    effective: date,
    name: str | None = None,
    short_name: str | None = None,
    parent: OrgUnit | None = _UNSET,
    basis: str = "",
    expected_version: int | None = None,
    actor: Any,
) -> OrgUnitVersion:
    """From ``effective`` on, the unit has a new name and/or parent; the history before stays as it was."""
    _require_admin(actor)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    check_version(unit, expected_version)
    current = _current_version(unit, effective)
    new = OrgUnitVersion(
        unit=unit,
        name=nfc(name) if name is not None else current.name,
        short_name=nfc(short_name) if short_name is not None else current.short_name,
        parent=current.parent if parent is _UNSET else parent,
        valid_from=effective,
        valid_to=current.valid_to,
        basis=nfc(basis),
    )
    if (new.name, new.short_name, new.parent_id) == (current.name, current.short_name, current.parent_id):
        raise DomainError("Không có thay đổi nào so với tên và cấp trên hiện tại.", field="name")
    if not new.name:
        raise DomainError("Tên đơn vị không được để trống.", field="name")
    before = audit.snapshot(current)
    if current.valid_from == effective:
        current.delete()  # a correction on the version's first day replaces it
    else:
        current.valid_to = effective
        current.save(update_fields=["valid_to"])
    full_clean(new, exclude=["unit"])
    new.save()
    _validate_tree()
    bump_version(unit)
    unit.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action="org_unit.change", obj=unit, before=before, after=audit.snapshot(new))
    return new


@transaction.atomic
def org_unit_close(*, unit: OrgUnit, effective: date, basis: str = "", actor: Any) -> None:
    """The unit stops operating from ``effective`` (its last day is the day before)."""
    _require_admin(actor)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    current = _current_version(unit, effective - timedelta(days=1))
    if current.valid_to is not None and current.valid_to <= effective:
        raise DomainError(
            f"Đơn vị «{unit.code}» đã kết thúc hoạt động trước ngày {effective:%d/%m/%Y}.", field="effective"
        )
    later = unit.versions.filter(valid_from__gte=effective)
    if later.exists():
        raise DomainError(
            f"Đơn vị «{unit.code}» còn thay đổi ghi nhận từ ngày {effective:%d/%m/%Y}.", field="effective"
        )
    children = (
        OrgUnitVersion.objects.filter(parent=unit)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=effective))
        .select_related("unit")
        .order_by("unit__code", "valid_from")
    )
    if children:
        names = ", ".join(dict.fromkeys(f"{v.name} (mã {v.unit.code})" for v in children))
        raise DomainError(
            f"Đơn vị «{unit.code}» còn đơn vị trực thuộc từ ngày {effective:%d/%m/%Y}: {names}. "
            "Hãy chuyển các đơn vị này sang đơn vị cấp trên khác hoặc cho thôi hoạt động trước.",
            field="effective",
        )
    before = audit.snapshot(current)
    current.valid_to = effective
    if basis:
        current.basis = nfc(basis)
    current.save(update_fields=["valid_to", "basis"])
    _validate_tree()  # children still attached after this date are refused
    bump_version(unit)
    unit.save(update_fields=["version", "updated_at"])
    audit.record(actor=actor, action="org_unit.close", obj=unit, before=before, after=audit.snapshot(current))


def _succession_of(event: SuccessionEvent) -> Succession:
    links = list(event.links.select_related("unit"))
    return Succession(
        kind=SuccessionKind(event.kind),
        effective=event.effective_date,
        predecessors=tuple(link.unit.code for link in links if link.side == SuccessionLink.Side.PREDECESSOR),
        successors=tuple(link.unit.code for link in links if link.side == SuccessionLink.Side.SUCCESSOR),
    )


def all_successions() -> list[Succession]:
    events = SuccessionEvent.objects.prefetch_related("links__unit").order_by("effective_date", "pk")
    return [_succession_of(event) for event in events]


@transaction.atomic
def succession_record(
    *,
    kind: str,
    effective: date,
    predecessors: Sequence[OrgUnit],
    successors: Sequence[OrgUnit],
    basis: str = "",
    note: str = "",
    actor: Any,
) -> SuccessionEvent:
    """Record a merge, split, rename or dissolution whose unit histories are already in place."""
    _require_admin(actor)
    try:
        succession_kind = SuccessionKind(kind)
    except ValueError:
        raise DomainError(f"Hình thức sắp xếp «{kind}» không có trong danh mục.", field="kind") from None
    succession = Succession(
        kind=succession_kind,
        effective=effective,
        predecessors=tuple(u.code for u in predecessors),
        successors=tuple(u.code for u in successors),
    )
    validate_succession(succession)
    check_against_versions(succession, all_unit_versions())
    event = SuccessionEvent.objects.create(kind=kind, effective_date=effective, basis=nfc(basis), note=nfc(note))
    SuccessionLink.objects.bulk_create(
        [SuccessionLink(event=event, unit=u, side=SuccessionLink.Side.PREDECESSOR) for u in predecessors]
        + [SuccessionLink(event=event, unit=u, side=SuccessionLink.Side.SUCCESSOR) for u in successors]
    )
    audit.record(
        actor=actor,
        action="succession.record",
        obj=event,
        after={
            **audit.snapshot(event),
            "predecessors": list(succession.predecessors),  # type: ignore[dict-item]
            "successors": list(succession.successors),
        },
    )
    return event


def _move_children(
    old_parents: Iterable[OrgUnit], new_parent: OrgUnit, effective: date, basis: str, actor: Any
) -> None:
    """Children still under an ending unit move to its successor from the effective date."""
    moving = OrgUnitVersion.objects.filter(parent__in=list(old_parents), valid_from__lte=effective).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=effective)
    )
    for version in moving.select_related("unit"):
        org_unit_change(unit=version.unit, effective=effective, parent=new_parent, basis=basis, actor=actor)


@transaction.atomic
def units_merge(
    *,
    predecessors: Sequence[OrgUnit],
    successor_code: str,
    successor_name: str,
    unit_type: str,
    parent: OrgUnit | None,
    effective: date,
    short_name: str = "",
    basis: str = "",
    actor: Any,
) -> OrgUnit:
    """Hợp nhất: the predecessors end the day before ``effective``, a new unit starts on it and takes over
    their sub-units; the succession is recorded."""
    _require_admin(actor)
    if len({u.pk for u in predecessors}) < 2:
        raise DomainError("Hợp nhất cần ít nhất hai đơn vị khác nhau.", field="predecessors")
    if nfc(successor_code).upper() in {u.code for u in predecessors}:
        raise DomainError(
            "Không thể hợp nhất một đơn vị vào chính nó: hãy đặt mã mới cho đơn vị sau hợp nhất.", field="successors"
        )
    successor = org_unit_create(
        code=successor_code,
        unit_type=unit_type,
        name=successor_name,
        short_name=short_name,
        parent=parent,
        valid_from=effective,
        basis=basis,
        actor=actor,
    )
    _move_children(predecessors, successor, effective, basis, actor)
    for unit in predecessors:
        org_unit_close(unit=unit, effective=effective, basis=basis, actor=actor)
    succession_record(
        kind=SuccessionKind.MERGE,
        effective=effective,
        predecessors=predecessors,
        successors=[successor],
        basis=basis,
        actor=actor,
    )
    return successor


@transaction.atomic
def units_dissolve(
    *,
    units: Sequence[OrgUnit],
    effective: date,
    children_to: OrgUnit | None = None,
    takers: Sequence[OrgUnit] = (),
    basis: str = "",
    actor: Any,
) -> SuccessionEvent:
    """Giải thể: the units stop on ``effective``; their sub-units move to ``children_to`` (e.g. commune police
    to the province when district police ended on 01/03/2025)."""
    _require_admin(actor)
    if children_to is not None:
        _move_children(units, children_to, effective, basis, actor)
    for unit in units:
        org_unit_close(unit=unit, effective=effective, basis=basis, actor=actor)
    return succession_record(
        kind=SuccessionKind.DISSOLVE,
        effective=effective,
        predecessors=units,
        successors=takers,
        basis=basis,
        actor=actor,
    )


@transaction.atomic
def org_unit_rename(*, unit: OrgUnit, new_name: str, effective: date, basis: str = "", actor: Any) -> SuccessionEvent:
    """Đổi tên: the same unit under a new name from ``effective``, with a succession record."""
    org_unit_change(unit=unit, effective=effective, name=new_name, basis=basis, actor=actor)
    return succession_record(
        kind=SuccessionKind.RENAME,
        effective=effective,
        predecessors=[unit],
        successors=[unit],
        basis=basis,
        actor=actor,
    )


# Clusters -----------------------------------------------------------------------------------------------------


@transaction.atomic
def cluster_create(*, number: int, name: str, level: str, owner: OrgUnit, actor: Any) -> Cluster:
    _require_cluster_manager(actor, owner)
    if Cluster.objects.filter(owner=owner, number=number).exists():
        # The unique constraint spans two fields, so model validation would name neither.
        raise DomainError(f"Số cụm {number} đã có trong cùng đơn vị tổ chức cụm «{owner}».", field="number")
    cluster = Cluster(number=number, name=nfc(name), level=level, owner=owner)
    full_clean(cluster)
    cluster.save()
    audit.record(actor=actor, action="cluster.create", obj=cluster, after=audit.snapshot(cluster))
    return cluster


@dataclass(frozen=True)
class Member:
    """A unit of an edition; dates only when it joined or left during the year (half-open)."""

    unit: OrgUnit
    valid_from: date | None = None
    valid_to: date | None = None


def _as_members(members: Iterable[OrgUnit | Member]) -> list[Member]:
    return [m if isinstance(m, Member) else Member(unit=m) for m in members]


def _operates_throughout(versions: Sequence[UnitVersion], start: date, end: date) -> bool:
    """Whether the unit's versions, joined end to start, cover the half-open [start, end)."""
    day = start
    for version in sorted(versions, key=lambda v: v.valid_from):
        if version.valid_from > day:
            return False
        if version.valid_to is None or version.valid_to >= end:
            return True
        day = max(day, version.valid_to)
    return False


def _validate_edition(year: int, members: list[Member], leader: OrgUnit | None, deputy: OrgUnit | None) -> None:
    if not 2000 <= year <= 2100:
        raise DomainError(f"Năm {year} không hợp lệ.", field="year")
    if not members:
        raise DomainError("Cụm thi đua phải có ít nhất một đơn vị thành viên.", field="members")
    seen: set[int] = set()
    year_start, year_end = date(year, 1, 1), date(year + 1, 1, 1)
    versions_by_unit: dict[str, list[UnitVersion]] = {}
    for version in all_unit_versions():
        versions_by_unit.setdefault(version.unit, []).append(version)
    for member in members:
        if member.unit.pk in seen:
            raise DomainError(f"Đơn vị «{member.unit}» được ghi hai lần trong thành phần cụm.", field="members")
        seen.add(member.unit.pk)
        start = member.valid_from or year_start
        end = member.valid_to or year_end
        if not (year_start <= start < end <= year_end):
            raise DomainError(f"Thời gian tham gia cụm của «{member.unit}» phải nằm trong năm {year}.", field="members")
        unit_versions = versions_by_unit.get(member.unit.code, [])
        if not _operates_throughout(unit_versions, start, end):
            # A unit that ended or started during the year is a member only while it operated (the 2025 mergers).
            operated = activity_text(unit_versions) if unit_versions else "không có thời gian nào"
            raise DomainError(
                f"Đơn vị «{member.unit}» không hoạt động trong suốt thời gian tham gia cụm năm {year} "
                f"({interval_text(start, end)}): đơn vị chỉ hoạt động {operated}. "
                "Hãy ghi ngày bắt đầu hoặc ngày thôi tham gia cụm cho đơn vị này.",
                field="members",
            )
    if leader is not None and leader.pk not in seen:
        raise DomainError(f"Cụm trưởng «{leader}» phải là đơn vị thành viên của cụm năm {year}.", field="leader")
    if deputy is not None and deputy.pk not in seen:
        raise DomainError(f"Cụm phó «{deputy}» phải là đơn vị thành viên của cụm năm {year}.", field="deputy")
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        raise DomainError("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau.", field="deputy")


def _edition_snapshot(edition: ClusterEdition) -> dict[str, Any]:
    data = audit.snapshot(edition) or {}
    data["members"] = [
        {"unit": m.unit.code, "valid_from": m.valid_from, "valid_to": m.valid_to}
        for m in edition.memberships.select_related("unit").order_by("order", "pk")
    ]
    return audit.json_safe(data)  # type: ignore[no-any-return]


@transaction.atomic
def cluster_edition_create(
    *,
    cluster: Cluster,
    year: int,
    members: Iterable[OrgUnit | Member],
    leader: OrgUnit | None = None,
    deputy: OrgUnit | None = None,
    selection_method: str = "assigned",
    basis: str = "",
    basis_date: date | None = None,
    actor: Any,
) -> ClusterEdition:
    """Set up a cluster's composition for a year. Earlier editions are never touched."""
    _require_cluster_manager(actor, cluster.owner)
    if ClusterEdition.objects.filter(cluster=cluster, year=year).exists():
        raise DomainError(
            f"{cluster.name} đã có thành phần năm {year}: hãy sửa thành phần đó thay vì tạo mới.", field="year"
        )
    member_list = _as_members(members)
    _validate_edition(year, member_list, leader, deputy)
    edition = ClusterEdition(
        cluster=cluster,
        year=year,
        leader=leader,
        deputy=deputy,
        selection_method=selection_method,
        basis=nfc(basis),
        basis_date=basis_date,
    )
    full_clean(edition)
    edition.save()
    ClusterMembership.objects.bulk_create(
        [
            ClusterMembership(edition=edition, unit=m.unit, valid_from=m.valid_from, valid_to=m.valid_to, order=i)
            for i, m in enumerate(member_list)
        ]
    )
    audit.record(actor=actor, action="cluster_edition.create", obj=edition, after=_edition_snapshot(edition))
    return edition


@transaction.atomic
def cluster_edition_update(
    *,
    edition: ClusterEdition,
    expected_version: int | None,
    members: Iterable[OrgUnit | Member] | None = None,
    leader: OrgUnit | None = _UNSET,
    deputy: OrgUnit | None = _UNSET,
    selection_method: str | None = None,
    basis: str | None = None,
    basis_date: date | None = _UNSET,
    actor: Any,
) -> ClusterEdition:
    """Change one year's composition; the other years' editions stay as they were."""
    edition = ClusterEdition.objects.select_for_update().select_related("cluster__owner").get(pk=edition.pk)
    _require_cluster_manager(actor, edition.cluster.owner)
    check_version(edition, expected_version)
    before = _edition_snapshot(edition)
    member_list = (
        _as_members(members)
        if members is not None
        else [Member(m.unit, m.valid_from, m.valid_to) for m in edition.memberships.select_related("unit")]
    )
    if leader is not _UNSET:
        edition.leader = leader
    if deputy is not _UNSET:
        edition.deputy = deputy
    if selection_method is not None:
        edition.selection_method = selection_method
    if basis is not None:
        edition.basis = nfc(basis)
    if basis_date is not _UNSET:
        edition.basis_date = basis_date
    _validate_edition(edition.year, member_list, edition.leader, edition.deputy)
    full_clean(edition)
    if members is not None:
        edition.memberships.all().delete()
        ClusterMembership.objects.bulk_create(
            [
                ClusterMembership(edition=edition, unit=m.unit, valid_from=m.valid_from, valid_to=m.valid_to, order=i)
                for i, m in enumerate(member_list)
            ]
        )
    bump_version(edition)
    edition.save()
    audit.record(
        actor=actor, action="cluster_edition.update", obj=edition, before=before, after=_edition_snapshot(edition)
    )
    return edition
