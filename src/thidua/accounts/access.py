"""What a user's role assignments reach (phạm vi truy cập), computed on the server for every query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from thidua.accounts.domain.roles import READ_ONLY_ROLES, Role
from thidua.organisations.domain.tree import UnitVersion, units_ever_under

CACHE_ATTRIBUTE = "_thidua_access"


@dataclass(frozen=True)
class UserAccess:
    user_id: int
    is_admin: bool
    roles: frozenset[Role]
    # Units whose data the user may read, and per unit the roles that reach it.
    unit_roles: dict[int, frozenset[Role]] = field(default_factory=dict)
    # Units the user may see named (their own data scope plus the peers in their cluster editions).
    directory_unit_ids: frozenset[int] = frozenset()
    # Units under an emulation-office or auditor subtree.
    subtree_unit_ids: frozenset[int] = frozenset()
    # Roles that act on a cluster edition itself: its secretariat, or the office (auditor) over the owning unit.
    edition_roles: dict[int, frozenset[Role]] = field(default_factory=dict)
    # Editions the user may read: the above, plus those their units are members of.
    viewable_edition_ids: frozenset[int] = frozenset()
    # ``unit_ids_for`` answers, kept: an office's access spans thousands of units and is reused across requests.
    _answers: dict[tuple[str, frozenset[Role] | None], frozenset[int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(self.unit_roles)

    @property
    def edition_ids(self) -> frozenset[int]:
        return self.viewable_edition_ids

    @property
    def is_emulation_office(self) -> bool:
        return Role.EMULATION_OFFICE in self.roles

    def unit_ids_for(self, action: str, roles: frozenset[Role] | None = None) -> frozenset[int]:
        """Units on which the user may do ``action`` ("view", "change"), optionally through given roles only."""
        key = (action, roles)
        answer = self._answers.get(key)
        if answer is None:
            answer = frozenset(
                unit_id
                for unit_id, held in self.unit_roles.items()
                if (action == "view" or held - READ_ONLY_ROLES) and (roles is None or held & roles)
            )
            self._answers[key] = answer
        return answer

    def edition_ids_for(self, action: str, roles: frozenset[Role] | None = None) -> frozenset[int]:
        """Editions on which the user may do ``action``; membership of a unit only ever gives "view"."""
        if action == "view" and roles is None:
            return self.viewable_edition_ids
        return frozenset(
            edition_id
            for edition_id, held in self.edition_roles.items()
            if (action == "view" or held - READ_ONLY_ROLES) and (roles is None or held & roles)
        )

    def has_role(self, role: Role, *, unit_id: int | None = None, edition_id: int | None = None) -> bool:
        if unit_id is not None:
            return role in self.unit_roles.get(unit_id, frozenset())
        if edition_id is not None:
            return role in self.edition_roles.get(edition_id, frozenset())
        return role in self.roles


def _all_versions() -> list[UnitVersion]:
    from thidua.organisations.models import OrgUnitVersion

    return [
        UnitVersion(unit=str(u), name=n, parent=None if p is None else str(p), valid_from=f, valid_to=t)
        for u, n, p, f, t in OrgUnitVersion.objects.values_list(
            "unit_id", "name", "parent_id", "valid_from", "valid_to"
        )
    ]


def compute_access(user: Any, today: date | None = None) -> UserAccess:
    from thidua.accounts.models import RoleAssignment
    from thidua.organisations.models import ClusterEdition, ClusterMembership

    today = today or timezone.localdate()
    assignments = list(
        RoleAssignment.objects.filter(user=user, valid_from__lte=today).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=today)
        )
    )
    roles = frozenset(Role(a.role) for a in assignments)
    is_admin = bool(user.is_superuser) or Role.SYSTEM_ADMIN in roles
    unit_roles: dict[int, set[Role]] = defaultdict(set)
    edition_roles: dict[int, set[Role]] = defaultdict(set)
    subtree: set[int] = set()
    versions: list[UnitVersion] | None = None
    for assignment in assignments:
        role = Role(assignment.role)
        if assignment.cluster_edition_id is not None:
            edition_roles[assignment.cluster_edition_id].add(role)
            member_ids = ClusterMembership.objects.filter(edition_id=assignment.cluster_edition_id).values_list(
                "unit_id", flat=True
            )
            for unit_id in member_ids:
                unit_roles[unit_id].add(role)
        elif assignment.org_unit_id is not None:
            if role.scope.value == "subtree":
                if versions is None:
                    versions = _all_versions()
                reached = {int(key) for key in units_ever_under(versions, str(assignment.org_unit_id))}
                reached.add(assignment.org_unit_id)
                subtree |= reached
                for unit_id in reached:
                    unit_roles[unit_id].add(role)
            else:
                unit_roles[assignment.org_unit_id].add(role)
    viewable: set[int] = set(edition_roles)
    # Editions the user's units are members of can be read, never managed through membership.
    own_units = [unit_id for unit_id, held in unit_roles.items() if held - {Role.CLUSTER_SECRETARIAT}]
    if own_units:
        viewable |= set(ClusterMembership.objects.filter(unit_id__in=own_units).values_list("edition_id", flat=True))
    # Editions of clusters owned by a unit under an office's (auditor's) subtree.
    if subtree:
        owned = ClusterEdition.objects.filter(cluster__owner_id__in=subtree).values_list("pk", "cluster__owner_id")
        for edition_id, owner_id in owned:
            edition_roles[edition_id] |= unit_roles[owner_id] & {Role.EMULATION_OFFICE, Role.AUDITOR}
            viewable.add(edition_id)
    directory = set(unit_roles)
    if viewable:
        directory |= set(
            ClusterMembership.objects.filter(edition_id__in=list(viewable)).values_list("unit_id", flat=True)
        )
    return UserAccess(
        user_id=user.pk,
        is_admin=is_admin,
        roles=roles,
        unit_roles={k: frozenset(v) for k, v in unit_roles.items()},
        directory_unit_ids=frozenset(directory),
        subtree_unit_ids=frozenset(subtree),
        edition_roles={k: frozenset(v) for k, v in edition_roles.items() if v},
        viewable_edition_ids=frozenset(viewable),
    )


# Access computed in this process, per user: (stamp, access). A request pays one small query (the stamp) instead of
# rebuilding the tree; any change that can alter the result changes the stamp, so it takes effect on the next request.
_PROCESS_CACHE: dict[int, tuple[tuple[Any, ...], UserAccess]] = {}
_PROCESS_CACHE_SIZE = 2000


def access_stamp(user: Any, today: date | None = None) -> tuple[Any, ...]:
    """What ``compute_access`` depends on, in one query: the user's role assignments and the tree, memberships,
    editions and clusters (counts, highest id, summed versions and last change). Every service that edits them
    bumps a version or ``updated_at``, or adds or deletes rows."""
    from django.db import connection

    from thidua.accounts.models import RoleAssignment
    from thidua.organisations.models import Cluster, ClusterEdition, ClusterMembership, OrgUnit, OrgUnitVersion

    def table(model: Any) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    assignments, units, versions = table(RoleAssignment), table(OrgUnit), table(OrgUnitVersion)
    editions, clusters, members = table(ClusterEdition), table(Cluster), table(ClusterMembership)
    versioned = " ".join(
        f"(SELECT COUNT(*) FROM {t}), (SELECT MAX(id) FROM {t}), (SELECT SUM(version) FROM {t}), "  # noqa: S608
        f"(SELECT MAX(updated_at) FROM {t}),"
        for t in (units, editions, clusters)
    )
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {assignments} WHERE user_id = %s), "  # noqa: S608 (model table names)
        f"(SELECT SUM(id) FROM {assignments} WHERE user_id = %s), "
        f"(SELECT MAX(updated_at) FROM {assignments} WHERE user_id = %s), "
        f"{versioned} "
        f"(SELECT COUNT(*) FROM {versions}), (SELECT MAX(id) FROM {versions}), "
        f"(SELECT COUNT(*) FROM {members}), (SELECT SUM(id) FROM {members})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, user.pk])
        row = tuple(cursor.fetchone())
    user_state = (user.pk, bool(user.is_superuser), getattr(user, "date_joined", None))
    return (connection.alias, today or timezone.localdate(), user_state, row)


def access_for(user: Any) -> UserAccess:
    """The user's access, computed once per user object (so once per request), and reused across requests while
    nothing it depends on has changed (``access_stamp``)."""
    cached = getattr(user, CACHE_ATTRIBUTE, None)
    if cached is None:
        stamp = access_stamp(user)
        kept = _PROCESS_CACHE.get(user.pk)
        if kept is not None and kept[0] == stamp:
            cached = kept[1]
        else:
            cached = compute_access(user, stamp[1])
            if len(_PROCESS_CACHE) >= _PROCESS_CACHE_SIZE:
                _PROCESS_CACHE.clear()
            _PROCESS_CACHE[user.pk] = (stamp, cached)
        setattr(user, CACHE_ATTRIBUTE, cached)
    return cached


def forget_access(user: Any) -> None:
    if hasattr(user, CACHE_ATTRIBUTE):
        delattr(user, CACHE_ATTRIBUTE)
    _PROCESS_CACHE.pop(user.pk, None)
