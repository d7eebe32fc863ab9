"""A user's access is reused across requests, but a change of role or tree takes effect on the next request."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.accounts.access import access_for
from thidua.accounts.models import User
from thidua.accounts.services import role_assign
from thidua.core.testing import LONG_AGO, make_user
from thidua.organisations.services import org_unit_change, org_unit_create

pytestmark = pytest.mark.django_db


def _next_request(user: Any) -> Any:
    """The user as the next request loads it (a fresh object, so nothing kept on the object itself)."""
    return User.objects.get(pk=user.pk)


def test_new_role_assignment_takes_effect_on_next_request(world: Any) -> None:
    user = make_user(world, "canbo.tha.cache", "unit_officer", unit="THA")
    assert world.units["HTI"].pk not in access_for(_next_request(user)).unit_ids
    role_assign(user=user, role="unit_officer", org_unit=world.units["HTI"], valid_from=LONG_AGO, actor=world.admin)
    assert world.units["HTI"].pk in access_for(_next_request(user)).unit_ids


def test_unit_moved_into_office_subtree_takes_effect_on_next_request(world: Any) -> None:
    office = make_user(world, "ctct.nan.cache", "emulation_office", unit="NAN")
    unit = org_unit_create(
        code="THA-PC02",
        unit_type="provincial_division",
        name="Phòng Cảnh sát hình sự",
        parent=world.units["THA"],
        valid_from=date(2020, 1, 1),
        actor=world.admin,
    )
    assert unit.pk not in access_for(_next_request(office)).unit_ids
    org_unit_change(unit=unit, effective=date(2026, 1, 1), parent=world.units["NAN"], actor=world.admin)
    assert unit.pk in access_for(_next_request(office)).unit_ids


def test_unchanged_access_is_reused_across_requests(world: Any) -> None:
    office = make_user(world, "ctct.bo.cache", "emulation_office", unit="BCA")
    first = access_for(_next_request(office))
    assert access_for(_next_request(office)) is first
