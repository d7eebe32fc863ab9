"""The office approves some candidates and not others (with a reason): only approved ones get an award and reward
money, and the decision document (QĐ) lists them with the money and the total."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.commendations import services
from thidua.commendations.models import Dossier
from thidua.commendations.tests.services.test_workflow import add_person, draft, fresh
from thidua.commendations.tests.views.test_pages import text_of
from thidua.commendations.tests.worlds import KWorld, rate
from thidua.core.domain.errors import DomainError
from thidua.core.models import AuditEvent


def at_office(k: KWorld) -> tuple[Dossier, Any, Any]:
    """A dossier straight to the office (no cluster) with two candidates, NA001 and NA002."""
    for code in ("NA001", "NA002"):
        rate(k, code, 2025, "good")
    d = draft(k, via_cluster=False)
    first = add_person(k, d, "NA001")
    second = add_person(k, d, "NA002")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["canbo.nan"])
    assert d.state == "at_office"
    return d, first, second


def decide(k: KWorld, d: Dossier) -> Dossier:
    d = fresh(d)
    d = services.dossier_approve(dossier=d, expected_version=d.version, actor=k.users["ctct"])
    return services.dossier_decide(
        dossier=d,
        decision_number="130/QĐ-BCA",
        decision_date=date(2026, 1, 20),
        signer="Thứ trưởng Nguyễn Văn A",
        issued_by="Bộ Công an",
        expected_version=d.version,
        actor=k.users["ctct"],
    )


def test_a_refused_line_gets_no_award_and_no_money(kworld: KWorld) -> None:
    from thidua.personnel.models import AwardRecord

    k = kworld
    d, first, second = at_office(k)
    services.dossier_line_verdict(
        line=second,
        verdict="refused",
        reason="Chưa đủ minh chứng thành tích",
        expected_version=fresh(d).version,
        actor=k.users["ctct"],
    )
    d = decide(k, d)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.office_verdict == "approved" and first.reward_amount and first.award_record_id
    assert second.office_verdict == "refused" and second.reward_amount is None and second.award_record_id is None
    assert set(AwardRecord.objects.filter(year=2025).values_list("person__code", flat=True)) == {"NA001"}
    event = AuditEvent.objects.filter(action="dossier.line_verdict", object_id=str(second.pk)).get()
    assert event.reason == "Chưa đủ minh chứng thành tích"


def test_a_refusal_needs_a_reason_and_only_the_office_before_approval_judges(kworld: KWorld) -> None:
    k = kworld
    d, first, _ = at_office(k)
    with pytest.raises(DomainError) as exc:
        services.dossier_line_verdict(
            line=first, verdict="refused", reason=" ", expected_version=fresh(d).version, actor=k.users["ctct"]
        )
    assert "lý do không duyệt" in exc.value.message
    first.refresh_from_db()
    assert first.office_verdict == ""
    with pytest.raises(DomainError):
        services.dossier_line_verdict(
            line=first, verdict="approved", expected_version=fresh(d).version, actor=k.users["canbo.nan"]
        )
    d = services.dossier_approve(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["ctct"])
    with pytest.raises(DomainError) as exc:
        services.dossier_line_verdict(
            line=first, verdict="refused", reason="x", expected_version=d.version, actor=k.users["ctct"]
        )
    assert "chưa duyệt" in exc.value.message


def test_a_dossier_with_every_line_refused_cannot_be_approved(kworld: KWorld) -> None:
    k = kworld
    d, first, second = at_office(k)
    for line in (first, second):
        services.dossier_line_verdict(
            line=line,
            verdict="refused",
            reason="Không đủ tiêu chuẩn",
            expected_version=fresh(d).version,
            actor=k.users["ctct"],
        )
    with pytest.raises(DomainError) as exc:
        services.dossier_approve(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["ctct"])
    assert "trả lại hồ sơ" in exc.value.message
    assert fresh(d).state == "at_office"


def test_the_decision_document_lists_approved_awards_with_money_and_the_total(kworld: KWorld) -> None:
    k = kworld
    d, _, second = at_office(k)
    client = Client()
    client.force_login(k.users["ctct"])
    url = reverse("commendations:line_verdict", args=[d.pk, second.pk])
    page = client.post(url, {"phien_ban": fresh(d).version, "ket_qua": "refused", "ly_do": ""}, follow=True)
    assert "hãy ghi lý do không duyệt" in page.content.decode()
    page = client.post(
        url, {"phien_ban": fresh(d).version, "ket_qua": "refused", "ly_do": "Trùng đề nghị cấp khác"}, follow=True
    )
    assert "Không duyệt</strong>: Trùng đề nghị cấp khác" in page.content.decode()
    document_url = reverse("commendations:document", args=[d.pk, "quyet-dinh"])
    assert client.get(document_url).status_code == 404  # no decision yet
    d = decide(k, d)
    text = text_of(client.get(document_url).content)
    assert "QUYẾT ĐỊNH" in text and "Số: 130/QĐ-BCA" in text and "BỘ CÔNG AN" in text
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" not in text
    money = fresh(d).lines.get(person__code="NA001").reward_amount
    from thidua.core.domain.numbers import format_number

    assert f"tổng cộng {format_number(money)} đồng" in text
    assert "Khen thưởng 0 tập thể và 1 cá nhân" in text
    sheet = client.get(reverse("commendations:dossier", args=[d.pk]) + "?format=xlsx")
    assert sheet.status_code == 200
