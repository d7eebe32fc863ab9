"""Registration (đăng ký thi đua): windows and deadlines, who registers and who submits, late entries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden
from thidua.core.models import AuditEvent
from thidua.personnel import selectors, services
from thidua.personnel.models import Registration

OPENS, DEADLINE = date(2026, 1, 5), date(2026, 1, 31)


@pytest.fixture
def window(pworld: Any) -> Any:
    return services.registration_window_create(
        year=2026,
        edition=pworld.editions[2026],
        opens_on=OPENS,
        deadline=DEADLINE,
        actor=pworld.users["vanphong.bca"],
    )


def register(pworld: Any, window: Any, *, today: date, user: str = "canbo.nan", **kwargs: Any) -> Registration:
    return services.registration_create(
        window=window,
        org_unit=kwargs.pop("unit", pworld.units["NAN"]),
        award_code=kwargs.pop("award_code", "determined_to_win_unit"),
        today=today,
        actor=pworld.users[user],
        **kwargs,
    )


def test_only_the_emulation_office_opens_a_window(pworld: Any) -> None:
    with pytest.raises(Forbidden):
        services.registration_window_create(
            year=2026, edition=pworld.editions[2026], opens_on=OPENS, deadline=DEADLINE, actor=pworld.users["canbo.nan"]
        )


def test_the_deadline_day_is_on_time_and_the_day_after_is_refused(pworld: Any, window: Any) -> None:
    registration = register(pworld, window, today=DEADLINE)
    assert registration.on_time and registration.state == "draft"
    with pytest.raises(DomainError, match="Đã hết hạn đăng ký thi đua năm 2026 \\(hạn 31/01/2026\\)"):
        register(pworld, window, today=date(2026, 2, 1), award_code="advanced_unit")
    with pytest.raises(DomainError, match="chưa đến thời gian đăng ký"):
        register(pworld, window, today=date(2026, 1, 4), award_code="advanced_unit")
    assert Registration.objects.count() == 1


def test_the_office_records_a_late_registration_with_a_reason(pworld: Any, window: Any) -> None:
    with pytest.raises(DomainError, match="lý do"):
        register(pworld, window, today=date(2026, 2, 3), user="vanphong.bca")
    late = register(pworld, window, today=date(2026, 2, 3), user="vanphong.bca", reason="Công văn 12 xin đăng ký muộn")
    assert (late.on_time, late.state) == (False, "submitted")
    assert AuditEvent.objects.get(action="registration.create_late").reason == "Công văn 12 xin đăng ký muộn"


def test_individuals_are_the_units_people_with_individual_titles(pworld: Any, window: Any, officer: Any) -> None:
    with pytest.raises(DomainError, match="không phải danh hiệu thi đua cá nhân"):
        register(pworld, window, today=OPENS, person=officer, award_code="determined_to_win_unit")
    with pytest.raises(DomainError, match="không công tác tại"):
        register(
            pworld,
            window,
            today=OPENS,
            person=officer,
            award_code="advanced_soldier",
            unit=pworld.units["HTI"],
            user="canbo.hti",
        )
    registration = register(pworld, window, today=OPENS, person=officer, award_code="base_emulation_soldier")
    assert registration.person == officer


def test_a_unit_outside_the_window_is_refused(pworld: Any, window: Any) -> None:
    from thidua.core.testing import make_user

    make_user(pworld, "canbo.qbi", "unit_officer", unit="QBI")
    with pytest.raises(DomainError, match="không thuộc phạm vi"):
        register(pworld, window, today=OPENS, unit=pworld.units["QBI"], user="canbo.qbi")


def test_another_units_officer_cannot_register_for_it(pworld: Any, window: Any) -> None:
    with pytest.raises(Forbidden):
        register(pworld, window, today=OPENS, user="canbo.hti")


def test_the_leader_submits_and_the_registrant_cannot(pworld: Any, window: Any) -> None:
    register(pworld, window, today=OPENS)
    with pytest.raises(Forbidden):
        services.registration_submit(
            window=window, org_unit=pworld.units["NAN"], actor=pworld.users["canbo.nan"], today=OPENS
        )
    assert (
        services.registration_submit(
            window=window, org_unit=pworld.units["NAN"], actor=pworld.users["lanhdao.nan"], today=OPENS
        )
        == 1
    )
    assert Registration.objects.get().state == "submitted"
    with pytest.raises(DomainError, match="chưa có đăng ký nào chờ gửi"):
        services.registration_submit(
            window=window, org_unit=pworld.units["NAN"], actor=pworld.users["lanhdao.nan"], today=OPENS
        )


def test_submitting_after_the_deadline_is_refused(pworld: Any, window: Any) -> None:
    register(pworld, window, today=OPENS)
    with pytest.raises(DomainError, match="Đã hết hạn"):
        services.registration_submit(
            window=window, org_unit=pworld.units["NAN"], actor=pworld.users["lanhdao.nan"], today=date(2026, 2, 2)
        )


def test_the_same_title_twice_is_refused(pworld: Any, window: Any) -> None:
    register(pworld, window, today=OPENS)
    with pytest.raises(DomainError, match="đã đăng ký danh hiệu này"):
        register(pworld, window, today=OPENS)


def test_the_secretariat_sees_every_members_registrations(pworld: Any, window: Any) -> None:
    register(pworld, window, today=OPENS)
    register(pworld, window, today=OPENS, unit=pworld.units["HTI"], user="canbo.hti", award_code="advanced_unit")
    assert selectors.registrations(user=pworld.users["thuongtruc.cum6"], window=window).count() == 2
    assert selectors.registrations(user=pworld.users["canbo.hti"], window=window).count() == 1


def test_todo_names_the_deadline_until_the_unit_has_submitted(pworld: Any, window: Any, monkeypatch: Any) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 1, 10))
    items = selectors.todo(user=pworld.users["canbo.nan"])
    assert [text for text, _ in items] == ["Đăng ký thi đua năm 2026 hạn 31/01/2026"]
    register(pworld, window, today=OPENS)
    services.registration_submit(
        window=window, org_unit=pworld.units["NAN"], actor=pworld.users["lanhdao.nan"], today=OPENS
    )
    assert selectors.todo(user=pworld.users["canbo.nan"]) == []
    assert selectors.todo(user=pworld.users["kiemtra.bca"]) == []
