"""Reporting periods as records (kỳ báo cáo): the configured calendar, idempotence, refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.accounts.services import user_create
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, NotFound
from thidua.core.models import AuditEvent
from thidua.indicators.models import Period
from thidua.indicators.services import campaign_create, period_by_code, period_ensure, periods_ensure_year

pytestmark = pytest.mark.django_db


def test_the_first_half_of_2024_runs_from_15_12_2023_to_14_06_2024_under_decree_09(admin_user: Any) -> None:
    period = period_ensure(code="2024S1", actor=admin_user)

    period.refresh_from_db()
    assert (period.start, period.end) == (date(2023, 12, 15), date(2024, 6, 14))
    assert period.kind == "half_year"
    assert period.calendar == "nd09"
    assert period.name == "6 tháng đầu năm 2024"


def test_the_plain_calendar_setting_makes_the_first_half_run_from_01_01_to_30_06(
    admin_user: Any, settings: Any
) -> None:
    settings.THIDUA_PERIOD_CALENDAR = "plain"

    period = period_ensure(code="2024S1", actor=admin_user)

    period.refresh_from_db()
    assert (period.start, period.end) == (date(2024, 1, 1), date(2024, 6, 30))
    assert period.calendar == "plain"


def test_the_year_2024_closes_on_14_12_2024_under_decree_09(admin_user: Any) -> None:
    period = period_ensure(code="2024", actor=admin_user)

    assert (period.start, period.end) == (date(2023, 12, 15), date(2024, 12, 14))


def test_ensuring_a_period_twice_returns_the_same_row_and_writes_no_second_audit_event(admin_user: Any) -> None:
    first = period_ensure(code="2024S1", actor=admin_user)
    events_after_first = AuditEvent.objects.filter(action="period.create").count()

    second = period_ensure(code=" 2024s1 ", actor=admin_user)

    assert second.pk == first.pk
    assert Period.objects.filter(code="2024S1").count() == 1
    assert events_after_first == 1
    assert AuditEvent.objects.filter(action="period.create").count() == 1


def test_creating_a_period_writes_an_audit_event_with_its_dates(admin_user: Any) -> None:
    period = period_ensure(code="2025Q3", actor=admin_user)

    event = AuditEvent.objects.get(action="period.create", object_id=str(period.pk))
    assert event.actor_username == admin_user.username
    assert event.after["start"] == "2025-06-15"
    assert event.after["end"] == "2025-09-14"


@pytest.mark.parametrize("code", ["2024S3", "2024M7", "2024Q5", "S1-2024", "hai nghìn", "", "1850"])
def test_an_unknown_or_malformed_period_code_is_refused_naming_the_code_and_nothing_is_saved(
    admin_user: Any, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        period_ensure(code=code, actor=admin_user)

    assert refused.value.field in ("code", "period")
    assert refused.value.message
    assert not Period.objects.exists()
    assert not AuditEvent.objects.filter(action="period.create").exists()


def test_looking_up_a_period_that_does_not_exist_is_refused_naming_the_period(admin_user: Any) -> None:
    period_ensure(code="2024S1", actor=admin_user)

    with pytest.raises(NotFound) as refused:
        period_by_code("2024S2")

    assert refused.value.field == "period"
    assert "2024S2" in refused.value.message
    assert period_by_code("2024s1").code == "2024S1"


def test_all_standard_periods_of_a_year_are_created_once(admin_user: Any) -> None:
    created = periods_ensure_year(year=2026, actor=admin_user)
    again = periods_ensure_year(year=2026, actor=admin_user)

    # 12 months, 4 quarters, 2 halves, 9 months, the year.
    assert len(created) == 20
    assert [p.pk for p in again] == [p.pk for p in created]
    assert Period.objects.filter(year=2026).count() == 20
    assert AuditEvent.objects.filter(action="period.create").count() == 20


def test_a_campaign_keeps_its_own_dates(admin_user: Any) -> None:
    campaign = campaign_create(
        code="TCTP-2025",
        name="Đợt cao điểm tấn công trấn áp tội phạm",
        start=date(2025, 1, 10),
        end=date(2025, 2, 28),
        actor=admin_user,
    )

    campaign.refresh_from_db()
    assert (campaign.kind, campaign.start, campaign.end, campaign.year) == (
        "campaign",
        date(2025, 1, 10),
        date(2025, 2, 28),
        2025,
    )


def test_a_campaign_ending_before_it_starts_is_refused_and_nothing_is_saved(admin_user: Any) -> None:
    with pytest.raises(DomainError) as refused:
        campaign_create(
            code="TCTP-2025",
            name="Đợt cao điểm tấn công trấn áp tội phạm",
            start=date(2025, 3, 1),
            end=date(2025, 2, 28),
            actor=admin_user,
        )

    assert refused.value.field == "end"
    assert "01/03/2025" in refused.value.message
    assert not Period.objects.exists()


def test_a_campaign_code_that_looks_like_a_standard_period_is_refused(admin_user: Any) -> None:
    with pytest.raises(DomainError) as refused:
        campaign_create(
            code="2025Q1", name="Đợt cao điểm", start=date(2025, 1, 1), end=date(2025, 2, 1), actor=admin_user
        )

    assert refused.value.field == "code"
    assert not Period.objects.exists()


def test_only_the_administrator_or_the_emulation_office_creates_periods(admin_user: Any) -> None:
    clerk = user_create(username="khong.vai.tro", password=None, actor=admin_user)

    with pytest.raises(Forbidden):
        period_ensure(code="2027S1", actor=clerk)

    assert not Period.objects.exists()
