"""Services of personnel records: postings never overlap, stale edits are refused, every write is audited."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.personnel import services
from thidua.personnel.models import AwardRecord, DutyRating, Person, Posting


def test_creating_a_person_opens_a_posting_and_is_audited(pworld: Any, officer: Any) -> None:
    posting = officer.current_posting()
    assert posting.org_unit == pworld.units["NAN"]
    assert posting.get_rank_display() == "Thiếu tá"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"person.create", "posting.create"} <= actions


def test_names_are_stored_nfc(pworld: Any) -> None:
    decomposed = unicodedata.normalize("NFD", "Trần Thị Hương")
    person = services.person_create(
        code="nfc-1",
        full_name=decomposed,
        org_unit=pworld.units["NAN"],
        rank="dai_uy",
        position="Cán bộ",
        valid_from=date(2021, 1, 1),
        actor=pworld.users["canbo.nan"],
    )
    assert person.full_name == unicodedata.normalize("NFC", "Trần Thị Hương")
    assert person.code == "NFC-1"


def test_a_move_closes_the_current_posting(pworld: Any, officer: Any) -> None:
    services.posting_create(
        person=officer,
        org_unit=pworld.units["NAN-PC02"],
        rank="trung_ta",
        position="Trưởng phòng",
        valid_from=date(2025, 7, 1),
        actor=pworld.users["vanphong.bca"],
    )
    postings = list(Posting.objects.filter(person=officer).order_by("valid_from"))
    assert [(p.org_unit.code, p.valid_to) for p in postings] == [("NAN", date(2025, 7, 1)), ("NAN-PC02", None)]


def test_overlapping_postings_are_refused(pworld: Any, officer: Any) -> None:
    with pytest.raises(DomainError, match="trùng với quá trình đã có"):
        services.posting_create(
            person=officer,
            org_unit=pworld.units["NAN"],
            rank="thieu_ta",
            position="Cán bộ",
            valid_from=date(2018, 1, 1),
            valid_to=date(2021, 1, 1),
            actor=pworld.users["canbo.nan"],
        )
    assert Posting.objects.filter(person=officer).count() == 1


def test_a_bad_rank_is_refused(pworld: Any) -> None:
    with pytest.raises(DomainError, match="Cấp bậc"):
        services.person_create(
            code="x-1",
            full_name="Lê Văn B",
            org_unit=pworld.units["NAN"],
            rank="general",
            position="",
            valid_from=date(2021, 1, 1),
            actor=pworld.users["canbo.nan"],
        )
    assert not Person.objects.filter(code="X-1").exists()


def test_a_stale_edit_is_refused(pworld: Any, officer: Any) -> None:
    officer_user = pworld.users["canbo.nan"]
    services.person_update(
        person=officer,
        full_name="Nguyễn Văn Anh",
        birth_year=1985,
        gender="male",
        expected_version=1,
        actor=officer_user,
    )
    with pytest.raises(StaleEdit):
        services.person_update(person=officer, full_name="Nguyễn Văn Ân", expected_version=1, actor=officer_user)
    assert Person.objects.get(pk=officer.pk).full_name == "Nguyễn Văn Anh"


def test_rating_edit_carries_its_version(pworld: Any, officer: Any) -> None:
    actor = pworld.users["canbo.nan"]
    rating = services.duty_rating_set(person=officer, year=2024, rating="good", actor=actor)
    services.duty_rating_set(
        person=officer, year=2024, rating="excellent", expected_version=rating.version, actor=actor
    )
    with pytest.raises(StaleEdit):
        services.duty_rating_set(person=officer, year=2024, rating="completed", expected_version=1, actor=actor)
    assert DutyRating.objects.get(person=officer, year=2024).rating == "excellent"
    event = AuditEvent.objects.filter(action="duty_rating.update").get()
    assert event.before["rating"] == "good" and event.after["rating"] == "excellent"


def test_another_units_officer_cannot_edit(pworld: Any, officer: Any) -> None:
    with pytest.raises(Forbidden):
        services.duty_rating_set(person=officer, year=2024, rating="good", actor=pworld.users["canbo.hti"])
    with pytest.raises(Forbidden):
        services.duty_rating_set(person=officer, year=2024, rating="good", actor=pworld.users["kiemtra.bca"])


def test_the_system_administrator_edits_no_record(pworld: Any, officer: Any) -> None:
    with pytest.raises(Forbidden):
        services.duty_rating_set(person=officer, year=2024, rating="good", actor=pworld.admin)


def test_award_needs_exactly_one_recipient(pworld: Any, officer: Any) -> None:
    common = {
        "year": 2024,
        "award_code": "advanced_soldier",
        "award_name": "",
        "decision_number": "12/QĐ-CAT",
        "decision_date": date(2025, 1, 15),
        "signer": "Đại tá Nguyễn Văn C",
        "issued_by": "Giám đốc Công an tỉnh",
        "source": "manual",
        "actor": pworld.users["canbo.nan"],
    }
    with pytest.raises(DomainError, match="đúng một"):
        services.award_record_create(person=officer, org_unit=pworld.units["NAN"], **common)
    award = services.award_record_create(person=officer, **common)
    assert award.award_name == "Chiến sĩ tiên tiến"
    with pytest.raises(DomainError):
        services.award_record_create(person=officer, **common)
    assert AwardRecord.objects.count() == 1


def test_awards_from_an_issued_decision_are_written_without_unit_rights_and_not_edited_by_hand(
    pworld: Any, officer: Any
) -> None:
    award = services.award_record_create(
        person=officer,
        year=2025,
        award_code="base_emulation_soldier",
        award_name="Chiến sĩ thi đua cơ sở",
        decision_number="45/QĐ-CAT",
        decision_date=date(2026, 1, 20),
        signer="Thiếu tướng Lê Văn D",
        issued_by="Giám đốc Công an tỉnh Nghệ An",
        source="decision",
        source_ref="decision:7",
        actor=pworld.users["vanphong.bca"],
    )
    with pytest.raises(DomainError, match="quyết định khen thưởng trên hệ thống"):
        services.award_record_update(
            record=award,
            year=2025,
            award_code="advanced_soldier",
            award_name="",
            decision_number="45/QĐ-CAT",
            decision_date=date(2026, 1, 20),
            signer="",
            issued_by="",
            expected_version=award.version,
            actor=pworld.users["canbo.nan"],
        )
