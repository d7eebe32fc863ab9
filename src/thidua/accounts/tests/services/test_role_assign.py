"""Users, role assignments and API tokens (phân công vai trò) through the services."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

from thidua.accounts.access import access_for
from thidua.accounts.models import RoleAssignment, User
from thidua.accounts.services import role_assign, token_create, user_create
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden
from thidua.core.models import AuditEvent
from thidua.core.testing import make_user

pytestmark = pytest.mark.django_db


def _new_user(world: Any, username: str = "canbo.moi") -> User:
    return user_create(
        username=username,
        password="Mat-khau-dai-2026",
        full_name="Nguyễn Văn A",
        check_password=False,
        actor=world.admin,
    )


@pytest.mark.parametrize("role", ["unit_officer", "unit_leader", "emulation_office", "auditor"])
def test_a_unit_role_without_a_unit_is_refused_naming_the_unit_field(world: Any, role: str) -> None:
    user = _new_user(world)
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        role_assign(user=user, role=role, actor=world.admin)

    assert refused.value.field == "org_unit"
    assert "đơn vị" in refused.value.message
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert AuditEvent.objects.count() == events_before


def test_a_secretariat_role_without_an_edition_is_refused_naming_the_edition_field(world: Any) -> None:
    user = _new_user(world)

    with pytest.raises(DomainError) as refused:
        role_assign(user=user, role="cluster_secretariat", actor=world.admin)

    assert refused.value.field == "cluster_edition"
    assert "cụm thi đua" in refused.value.message
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_a_secretariat_role_on_a_unit_instead_of_an_edition_is_refused(world: Any) -> None:
    user = _new_user(world)

    with pytest.raises(DomainError) as refused:
        role_assign(
            user=user,
            role="cluster_secretariat",
            org_unit=world.units["QTR2"],
            cluster_edition=world.editions[2026],
            actor=world.admin,
        )

    assert refused.value.field == "org_unit"
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_a_system_role_on_a_unit_is_refused(world: Any) -> None:
    user = _new_user(world)

    with pytest.raises(DomainError) as refused:
        role_assign(user=user, role="system_admin", org_unit=world.units["BCA"], actor=world.admin)

    assert refused.value.field == "role"


def test_an_unknown_role_is_refused_naming_the_role(world: Any) -> None:
    user = _new_user(world)

    with pytest.raises(DomainError) as refused:
        role_assign(user=user, role="cum_truong", org_unit=world.units["HTI"], actor=world.admin)

    assert refused.value.field == "role"
    assert "cum_truong" in refused.value.message


def test_a_role_ending_before_it_starts_is_refused(world: Any) -> None:
    user = _new_user(world)

    with pytest.raises(DomainError):
        role_assign(
            user=user,
            role="unit_officer",
            org_unit=world.units["HTI"],
            valid_from=date(2026, 1, 1),
            valid_to=date(2025, 1, 1),
            actor=world.admin,
        )

    assert not RoleAssignment.objects.filter(user=user).exists()


def test_assigning_a_role_is_audited_and_takes_effect_for_the_user_at_once(world: Any) -> None:
    user = _new_user(world)
    assert access_for(user).unit_ids == frozenset()

    assignment = role_assign(
        user=user, role="unit_officer", org_unit=world.units["HTI"], valid_from=date(2024, 1, 1), actor=world.admin
    )

    assert access_for(user).unit_ids == frozenset({world.units["HTI"].pk})
    event = AuditEvent.objects.get(action="role.assign", object_id=str(assignment.pk))
    assert event.after["role"] == "unit_officer"
    assert event.after["org_unit_id"] == world.units["HTI"].pk


def test_only_a_system_administrator_assigns_roles(world: Any) -> None:
    office = make_user(world, "pc.bca", "emulation_office", unit="BCA")
    user = _new_user(world)

    with pytest.raises(Forbidden):
        role_assign(user=user, role="unit_officer", org_unit=world.units["HTI"], actor=office)

    assert not RoleAssignment.objects.filter(user=user).exists()


def test_a_duplicate_username_is_refused_whatever_its_case(world: Any) -> None:
    _new_user(world, "canbo.moi")

    with pytest.raises(DomainError) as refused:
        _new_user(world, "CanBo.Moi")

    assert refused.value.field == "username"
    assert User.objects.filter(username__iexact="canbo.moi").count() == 1


def test_a_weak_password_is_refused_naming_the_password(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        user_create(username="canbo.yeu", password="123", actor=world.admin)

    assert refused.value.field == "password"
    assert not User.objects.filter(username="canbo.yeu").exists()


def test_a_new_token_replaces_the_previous_one_and_is_audited(world: Any) -> None:
    user = _new_user(world)

    first = token_create(user=user, actor=world.admin)
    second = token_create(user=user, actor=world.admin)

    assert first != second
    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [second]
    assert AuditEvent.objects.filter(action="token.create", object_id=str(user.pk)).count() == 2
    # The key itself never goes into the audit log.
    assert all(second not in json.dumps(event.after) for event in AuditEvent.objects.all())
