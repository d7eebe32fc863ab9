"""Roles (vai trò) of DESIGN.md and the scope each one is assigned on."""

from __future__ import annotations

from enum import StrEnum

from thidua.core.domain.errors import DomainError


class ScopeKind(StrEnum):
    UNIT = "unit"  # one org unit
    SUBTREE = "subtree"  # an org unit and everything under it, over time
    CLUSTER_EDITION = "cluster_edition"  # one cluster edition (a cluster in one year)
    SYSTEM = "system"


class Role(StrEnum):
    UNIT_OFFICER = "unit_officer"
    UNIT_LEADER = "unit_leader"
    CLUSTER_SECRETARIAT = "cluster_secretariat"
    EMULATION_OFFICE = "emulation_office"
    AUDITOR = "auditor"
    SYSTEM_ADMIN = "system_admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def scope(self) -> ScopeKind:
        return ROLE_SCOPES[self]


ROLE_LABELS: dict[Role, str] = {
    Role.UNIT_OFFICER: "Cán bộ nhập liệu",
    Role.UNIT_LEADER: "Lãnh đạo đơn vị",
    Role.CLUSTER_SECRETARIAT: "Thường trực cụm",
    Role.EMULATION_OFFICE: "Cơ quan thường trực thi đua, khen thưởng",
    Role.AUDITOR: "Kiểm tra, giám sát",
    Role.SYSTEM_ADMIN: "Quản trị hệ thống",
}

ROLE_SCOPES: dict[Role, ScopeKind] = {
    Role.UNIT_OFFICER: ScopeKind.UNIT,
    Role.UNIT_LEADER: ScopeKind.UNIT,
    Role.CLUSTER_SECRETARIAT: ScopeKind.CLUSTER_EDITION,
    Role.EMULATION_OFFICE: ScopeKind.SUBTREE,
    Role.AUDITOR: ScopeKind.SUBTREE,
    Role.SYSTEM_ADMIN: ScopeKind.SYSTEM,
}

READ_ONLY_ROLES = frozenset({Role.AUDITOR})


def validate_assignment(role: Role, *, has_unit: bool, has_edition: bool) -> None:
    """A role is held on exactly the kind of scope it is made for."""
    scope = role.scope
    if scope in (ScopeKind.UNIT, ScopeKind.SUBTREE):
        if not has_unit:
            raise DomainError(f"Vai trò «{role.label}» phải gắn với một đơn vị.", field="org_unit")
        if has_edition:
            raise DomainError(
                f"Vai trò «{role.label}» gắn với đơn vị, không gắn với cụm thi đua.", field="cluster_edition"
            )
    elif scope is ScopeKind.CLUSTER_EDITION:
        if not has_edition:
            raise DomainError(
                f"Vai trò «{role.label}» phải gắn với một cụm thi đua của một năm.", field="cluster_edition"
            )
        if has_unit:
            raise DomainError(f"Vai trò «{role.label}» gắn với cụm thi đua, không gắn với đơn vị.", field="org_unit")
    elif has_unit or has_edition:
        raise DomainError(
            f"Vai trò «{role.label}» là vai trò toàn hệ thống, không gắn với đơn vị hay cụm.", field="role"
        )


BUSINESS_APPS = (
    "collection",
    "scoring",
    "analytics",
    "commendations",
    "personnel",
    "voting",
    "practices",
    "reports",
)
MODEL_PERMISSION_PREFIXES = ("add_", "change_", "delete_", "view_")


def is_business_permission(perm: str) -> bool:
    """Business actions (enter, submit, review, approve, vote, propose) as opposed to model administration."""
    app, _, codename = perm.partition(".")
    return app in BUSINESS_APPS and not codename.startswith(MODEL_PERMISSION_PREFIXES)
