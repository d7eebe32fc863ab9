"""Dossiers through their workflow: submission with eligibility, returns with a reason, separation of duties, caps,
stale edits, audit, and the decision that writes the awards and the money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from thidua.commendations import selectors, services
from thidua.commendations.models import CatalogueEntry, Dossier, RuleSet
from thidua.commendations.tests.worlds import KWorld, award, rate
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent


def entry(code: str) -> CatalogueEntry:
    return CatalogueEntry.objects.get(code=code)


def draft(k: KWorld, *, via_cluster: bool = True, by: str = "canbo.nan") -> Dossier:
    return services.dossier_create(
        unit=k.units["NAN"],
        year=2025,
        edition=k.editions[2025] if via_cluster else None,
        summary="Đề nghị khen thưởng tổng kết năm 2025",
        actor=k.users[by],
    )


def add_person(k: KWorld, d: Dossier, code: str, title: str = "advanced_soldier", **kw: Any) -> Any:
    d.refresh_from_db()
    return services.dossier_line_add(
        dossier=d,
        entry=entry(title),
        person=k.people[code],
        attested={"abides_by_law": True, "takes_part_in_movement": True},
        expected_version=d.version,
        actor=k.users["canbo.nan"],
        **kw,
    )


def fresh(d: Dossier) -> Dossier:
    return Dossier.objects.get(pk=d.pk)


def test_submission_keeps_each_criterion_with_evidence_and_article(kworld: KWorld) -> None:
    rate(kworld, "NA001", 2025, "good")
    d = draft(kworld)
    add_person(kworld, d, "NA001")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=kworld.users["canbo.nan"])
    assert d.state_label == "Đã gửi cụm thi đua"
    line = d.lines.get()
    assert line.eligibility_status == "eligible"
    first = line.eligibility["results"][0]
    assert first["article"] == "Điều 24" and first["met_label"] == "Đạt"
    assert "Hoàn thành tốt nhiệm vụ" in first["explanation"]
    # A 2025 review decided after 01/07/2025 falls under Nghị định 152/2025, and says the year straddles two.
    assert "152/2025" in line.eligibility["ruleset"]
    assert "98/2023" in line.eligibility["note"]


def test_full_cycle_through_the_cluster_writes_awards_and_money_on_the_decision_date(kworld: KWorld) -> None:
    k = kworld
    rate(k, "NA001", 2025, "good")
    d = draft(k)
    add_person(k, d, "NA001")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["lanhdao.nan"])
    d = services.dossier_accept(dossier=d, expected_version=d.version, actor=k.users["thuongtruc"])
    d = services.dossier_forward(dossier=d, expected_version=d.version, actor=k.users["thuongtruc"])
    d = services.dossier_approve(dossier=d, expected_version=d.version, actor=k.users["ctct"])
    d = services.dossier_decide(
        dossier=d,
        decision_number="123/QĐ-BCA",
        decision_date=date(2026, 1, 20),
        signer="Thứ trưởng",
        issued_by="Bộ Công an",
        expected_version=d.version,
        actor=k.users["ctct"],
    )
    assert d.state_label == "Đã có quyết định khen thưởng"
    line = d.lines.get()
    # 0,3 × 2.340.000 = 702.000, rounded up to the next 10.000 đồng.
    assert line.reward_amount == Decimal(710000)
    assert "2.340.000" in line.reward_explanation
    from thidua.personnel.models import AwardRecord

    record = AwardRecord.objects.get(pk=line.award_record_id)
    assert (record.person_id, record.year, record.award_code, record.decision_number) == (
        k.people["NA001"].pk,
        2025,
        "advanced_soldier",
        "123/QĐ-BCA",
    )
    assert selectors.total_reward(d) == Decimal(710000)
    actions = list(
        AuditEvent.objects.filter(object_type="commendations.dossier", object_id=str(d.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "dossier.create",
        "dossier.submit",
        "dossier.accept",
        "dossier.forward",
        "dossier.approve",
        "dossier.decide",
    ]


def test_reward_uses_the_base_salary_in_force_on_the_decision_date(kworld: KWorld) -> None:
    from thidua.commendations.models import BaseSalary

    k = kworld
    services.rule_data_save(
        obj=BaseSalary(amount=Decimal(2_600_000), valid_from=date(2026, 2, 1), legal_basis="Nghị định (thử)"),
        actor=k.users["ctct"],
    )
    amounts = []
    for day, person in ((date(2026, 1, 31), "NA001"), (date(2026, 2, 1), "NA002")):
        rate(k, person, 2025, "good")
        d = draft(k, via_cluster=False)
        add_person(k, d, person)
        d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["canbo.nan"])
        d = services.dossier_approve(dossier=d, expected_version=d.version, actor=k.users["ctct"])
        d = services.dossier_decide(
            dossier=d,
            decision_number=f"QĐ-{person}",
            decision_date=day,
            signer="",
            issued_by="Bộ Công an",
            expected_version=d.version,
            actor=k.users["ctct"],
        )
        amounts.append(d.lines.get().reward_amount)
    assert amounts == [Decimal(710000), Decimal(780000)]  # 0,3 × 2.600.000 = 780.000


def test_a_return_needs_a_reason_and_the_unit_sees_it(kworld: KWorld) -> None:
    k = kworld
    d = draft(k)
    add_person(k, d, "NA001")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["canbo.nan"])
    with pytest.raises(DomainError) as exc:
        services.dossier_return(dossier=d, reason=" ", expected_version=d.version, actor=k.users["thuongtruc"])
    assert exc.value.field == "reason"
    d = services.dossier_return(
        dossier=d, reason="Thiếu biên bản họp xét", expected_version=d.version, actor=k.users["thuongtruc"]
    )
    assert d.state == "returned" and d.return_reason == "Thiếu biên bản họp xét"
    event = AuditEvent.objects.filter(action="dossier.return").get()
    assert event.reason == "Thiếu biên bản họp xét"
    # The unit corrects and sends it again.
    add_person(k, d, "NA002")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["canbo.nan"])
    assert d.state == "submitted" and d.lines.count() == 2


def test_the_proposer_never_approves_even_holding_the_office_role(kworld: KWorld) -> None:
    from thidua.accounts.services import role_assign
    from thidua.core.testing import LONG_AGO

    k = kworld
    proposer = k.users["canbo.nan"]
    role_assign(
        user=proposer, role="emulation_office", org_unit=k.units["BCA"], valid_from=LONG_AGO, actor=k.world.admin
    )
    proposer = type(proposer).objects.get(pk=proposer.pk)
    d = draft(k, via_cluster=False, by="canbo.nan")
    add_person(k, d, "NA001")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=proposer)
    with pytest.raises(Forbidden) as exc:
        services.dossier_approve(dossier=d, expected_version=d.version, actor=proposer)
    assert "không được tự duyệt" in exc.value.message
    assert fresh(d).state == "at_office"


def test_only_the_cluster_accepts_and_only_the_office_above_approves(kworld: KWorld) -> None:
    k = kworld
    d = draft(k)
    add_person(k, d, "NA001")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["canbo.nan"])
    with pytest.raises(Forbidden):
        services.dossier_accept(dossier=d, expected_version=d.version, actor=k.users["lanhdao.nan"])
    with pytest.raises(DomainError):
        services.dossier_approve(dossier=d, expected_version=d.version, actor=k.users["ctct"])  # not at the office yet
    with pytest.raises(Forbidden):
        services.dossier_create(unit=k.units["THA"], year=2025, summary="x", actor=k.users["canbo.nan"])


def test_a_stale_edit_is_refused_and_changes_nothing(kworld: KWorld) -> None:
    k = kworld
    d = draft(k)
    old = d.version
    add_person(k, d, "NA001")
    with pytest.raises(StaleEdit):
        services.dossier_line_add(
            dossier=fresh(d),
            entry=entry("advanced_soldier"),
            person=k.people["NA002"],
            expected_version=old,
            actor=k.users["canbo.nan"],
        )
    assert fresh(d).lines.count() == 1


def test_lines_are_locked_once_sent(kworld: KWorld) -> None:
    k = kworld
    d = draft(k)
    add_person(k, d, "NA001")
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["canbo.nan"])
    with pytest.raises(DomainError) as exc:
        add_person(k, d, "NA002")
    assert "Đã gửi cụm thi đua" in exc.value.message


def test_a_person_from_another_unit_or_a_unit_title_for_a_person_is_refused(kworld: KWorld) -> None:
    from thidua.personnel.services import person_create

    k = kworld
    outsider = person_create(
        code="TH001",
        full_name="Phạm Văn Dũng",
        org_unit=k.units["THA"],
        rank="dai_uy",
        position="",
        valid_from=date(2020, 1, 1),
        actor=k.users["ctct"],
    )
    d = draft(k)
    with pytest.raises(DomainError) as exc:
        services.dossier_line_add(
            dossier=d,
            entry=entry("advanced_soldier"),
            person=outsider,
            expected_version=d.version,
            actor=k.users["canbo.nan"],
        )
    assert "không công tác tại đơn vị đề nghị" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.dossier_line_add(
            dossier=d,
            entry=entry("advanced_unit"),
            person=k.people["NA001"],
            expected_version=d.version,
            actor=k.users["canbo.nan"],
        )
    assert "chỉ dành cho tập thể" in exc.value.message


def _base_soldier_dossier(k: KWorld) -> Dossier:
    """Three Chiến sĩ tiên tiến already decided and one Chiến sĩ thi đua cơ sở proposed: 1 > 15% of 3 (0)."""
    for code in ("NA001", "NA002", "NA003"):
        award(k, 2025, "advanced_soldier", person=code)
    d = draft(k, via_cluster=False)
    add_person(k, d, "NA001", title="base_emulation_soldier")
    return d


def test_caps_warn_by_default_and_the_dossier_goes_on_with_the_warning(kworld: KWorld) -> None:
    d = _base_soldier_dossier(kworld)
    d = services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=kworld.users["canbo.nan"])
    assert d.state == "at_office"
    assert "vượt giới hạn 15%" in d.cap_warnings and "tối đa 0" in d.cap_warnings
    # What it counted: the three decided Chiến sĩ tiên tiến (NA001 also proposed for cơ sở counts once).
    assert "(3 người: 3 trong lịch sử khen thưởng" in d.cap_warnings
    # The caps come from, and cite, the rule set applied to the dossier (the one its eligibility used).
    assert d.ruleset is not None and d.ruleset.legal_basis in d.cap_warnings
    assert f"bộ tiêu chuẩn áp dụng: {d.ruleset.name}" in d.cap_warnings


def test_caps_block_when_the_rule_set_says_so(kworld: KWorld) -> None:
    k = kworld
    for row in RuleSet.objects.all():
        row.cap_mode = "block"
        services.rule_data_save(obj=row, actor=k.users["ctct"], expected_version=row.version)
    d = _base_soldier_dossier(k)
    with pytest.raises(DomainError) as exc:
        services.dossier_submit(dossier=fresh(d), expected_version=fresh(d).version, actor=k.users["canbo.nan"])
    assert "vượt giới hạn 15%" in exc.value.message
    assert fresh(d).state == "draft"
