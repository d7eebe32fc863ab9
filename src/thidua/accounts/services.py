"""Writes for users and role assignments (system administrators only), audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from thidua.accounts.access import access_for, forget_access
from thidua.accounts.domain.roles import Role, validate_assignment
from thidua.accounts.models import RoleAssignment, User
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.services import full_clean, nfc, require
from thidua.organisations.models import ClusterEdition, OrgUnit

USER_FIELDS_AUDITED = ["username", "full_name", "position", "email", "is_active", "is_superuser"]


def _user_snapshot(user: User) -> dict[str, Any]:
    return {name: getattr(user, name) for name in USER_FIELDS_AUDITED}


def _require_admin(actor: Any) -> None:
    if actor is None:  # the command line acting as the system itself (thidua init, thidua demo)
        return
    require(access_for(actor).is_admin, "Chỉ quản trị hệ thống được quản lý người dùng.")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    position: str = "",
    email: str = "",
    is_superuser: bool = False,
    check_password: bool = True,
    actor: Any,
) -> User:
    _require_admin(actor)
    username = nfc(username)
    if not username:
        raise DomainError("Tên đăng nhập không được để trống.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"Tên đăng nhập «{username}» đã có.", field="username")
    user = User(
        username=username,
        full_name=nfc(full_name),
        position=nfc(position),
        email=email.strip(),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise DomainError(" ".join(exc.messages), field="password") from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    full_clean(user, exclude=["password"])
    user.save()
    audit.record(actor=actor, action="user.create", obj=user, after=_user_snapshot(user))
    return user


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    org_unit: OrgUnit | None = None,
    cluster_edition: ClusterEdition | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    actor: Any,
) -> RoleAssignment:
    """Give a user a role on an org unit, a cluster edition, or the system."""
    _require_admin(actor)
    try:
        role_enum = Role(role)
    except ValueError:
        raise DomainError(f"Vai trò «{role}» không có trong danh mục.", field="role") from None
    validate_assignment(role_enum, has_unit=org_unit is not None, has_edition=cluster_edition is not None)
    assignment = RoleAssignment(
        user=user,
        role=role_enum.value,
        org_unit=org_unit,
        cluster_edition=cluster_edition,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
    )
    full_clean(assignment)
    assignment.save()
    forget_access(user)
    audit.record(actor=actor, action="role.assign", obj=assignment, after=audit.snapshot(assignment))
    return assignment


@transaction.atomic
def token_create(*, user: User, actor: Any) -> str:
    """A new API token for the user (the previous one stops working)."""
    _require_admin(actor)
    if not user.is_active:
        raise DomainError(f"Người dùng «{user.username}» đang bị khóa.", field="username")
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(actor=actor, action="token.create", obj=user, after={"token_created_for": user.username})
    return token.key
