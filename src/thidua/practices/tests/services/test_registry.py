"""The good-practice registry through its services and selectors, as units use it."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.practices import selectors
from thidua.practices.models import Practice
from thidua.practices.services import (
    practice_attach,
    practice_create,
    practice_edit,
    practice_publish,
    replication_add,
)

pytestmark = pytest.mark.django_db


def record(w, title="Mô hình «Camera an ninh» kết nối Công an xã", period="2026S1", unit="NAN", **extra):
    values = {
        "kind": "effective_model",
        "description": "Vận động nhân dân lắp camera.",
        "results": "Làm rõ 37 vụ trộm cắp.",
        "tags": "camera, an ninh trật tự",
    }
    values.update(extra)
    return practice_create(
        title=title, unit=w.units[unit], period=w.periods[period], actor=w.users["nan_officer"], **values
    )


def found(user, query):
    return [p.title for p in selectors.practices(user=user, query=query)]


def test_search_ignores_accents_and_case(pworld):
    camera = record(pworld)
    hotline = record(
        pworld,
        title="ĐƯỜNG DÂY NÓNG an toàn giao thông",
        kind="good_way",
        description="Tiếp nhận phản ánh.",
        results="Giảm 12% tai nạn.",
        tags="giao thông",
    )
    officer = pworld.users["nan_officer"]
    assert found(officer, "mo hinh") == [camera.title]
    assert found(officer, "duong day") == [hotline.title]
    assert found(officer, "Đường dây NÓNG") == [hotline.title]
    assert found(officer, "CAMERA trom cap") == [camera.title]  # every word, in any field
    assert found(officer, "giao thong") == [hotline.title]  # a tag
    assert found(officer, "cach lam hay") == [hotline.title]  # the kind
    assert found(officer, "mo hinh duong") == []


def test_filters_by_kind_unit_period_and_tag(pworld):
    record(pworld)
    record(pworld, title="Tổ liên gia", kind="good_way", period="2025", tags="phòng cháy")
    officer = pworld.users["nan_officer"]
    assert [p.title for p in selectors.practices(user=officer, kind="good_way")] == ["Tổ liên gia"]
    assert [p.title for p in selectors.practices(user=officer, tag="PHONG CHAY")] == ["Tổ liên gia"]
    assert [p.period.code for p in selectors.practices(user=officer, period=pworld.periods["2026"])] == ["2026S1"]
    assert selectors.practices(user=officer, unit_id=pworld.units["HTI"].pk).count() == 0


def test_an_unpublished_entry_is_read_by_its_unit_and_those_over_it_and_a_published_one_by_everybody(pworld):
    practice = record(pworld)
    users = pworld.users

    def readers():
        return {name for name, u in users.items() if Practice.objects.for_user(u).filter(pk=practice.pk).exists()}

    assert readers() == {"nan_officer", "nan_leader", "secretariat", "bca_office"}
    with pytest.raises(Forbidden):
        practice_publish(
            practice=practice, published=True, expected_version=practice.version, actor=users["nan_officer"]
        )
    practice_publish(practice=practice, published=True, expected_version=practice.version, actor=users["nan_leader"])
    assert readers() == set(users)
    assert AuditEvent.objects.filter(action="practice.publish", object_id=str(practice.pk)).exists()


def test_another_units_officer_cannot_record_or_edit_for_the_unit(pworld):
    practice = record(pworld)
    with pytest.raises(Forbidden):
        practice_create(
            kind="new_factor",
            title="X",
            unit=pworld.units["NAN"],
            period=pworld.periods["2026S1"],
            description="Y",
            actor=pworld.users["hti_officer"],
        )
    with pytest.raises(Forbidden):
        practice_edit(
            practice=practice,
            kind="new_factor",
            title="Đổi tên",
            period=pworld.periods["2026S1"],
            description="Y",
            expected_version=practice.version,
            actor=pworld.users["hti_officer"],
        )
    assert not selectors.practices(user=pworld.users["secretariat"], action="change").exists()


def test_a_stale_edit_is_refused_and_changes_nothing(pworld):
    practice = record(pworld)
    seen = practice.version
    officer = pworld.users["nan_officer"]
    edited = practice_edit(
        practice=practice,
        kind="effective_model",
        title="Mô hình camera (sửa lần 1)",
        period=pworld.periods["2026S1"],
        description="Nội dung mới",
        tags="camera",
        expected_version=seen,
        actor=officer,
    )
    assert edited.version == seen + 1 and found(officer, "sua lan 1") == [edited.title]
    with pytest.raises(StaleEdit):
        practice_edit(
            practice=practice,
            kind="effective_model",
            title="Sửa đè",
            period=pworld.periods["2026S1"],
            description="Nội dung khác",
            expected_version=seen,
            actor=pworld.users["nan_leader"],
        )
    practice.refresh_from_db()
    assert practice.title == "Mô hình camera (sửa lần 1)"
    assert AuditEvent.objects.filter(action="practice.edit", object_id=str(practice.pk)).count() == 1


def test_a_unit_records_that_it_adopted_a_published_practice(pworld):
    practice = record(pworld, period="2025S1")
    users = pworld.users
    with pytest.raises(DomainError):  # not published: Hà Tĩnh does not see it
        replication_add(practice=practice, unit=pworld.units["HTI"], since=date(2025, 9, 1), actor=users["hti_officer"])
    practice = practice_publish(practice=practice, published=True, expected_version=1, actor=users["nan_leader"])
    replication_add(
        practice=practice, unit=pworld.units["HTI"], since=date(2025, 9, 1), note="20 xã", actor=users["hti_officer"]
    )
    with pytest.raises(DomainError):
        replication_add(
            practice=practice, unit=pworld.units["HTI"], since=date(2025, 10, 1), actor=users["hti_officer"]
        )
    with pytest.raises(Forbidden):  # Hà Tĩnh's officer cannot record it for Thanh Hóa
        replication_add(practice=practice, unit=pworld.units["THA"], since=date(2025, 9, 1), actor=users["hti_officer"])
    with pytest.raises(DomainError):
        replication_add(practice=practice, unit=pworld.units["NAN"], since=date(2025, 9, 1), actor=users["nan_officer"])
    with pytest.raises(DomainError):  # before the practice's period
        replication_add(practice=practice, unit=pworld.units["THA"], since=date(2020, 1, 1), actor=users["bca_office"])
    adopted = selectors.practice_get(user=users["nan_officer"], pk=practice.pk).replications.all()
    assert [(r.unit.code, r.since, r.note) for r in adopted] == [("HTI", date(2025, 9, 1), "20 xã")]
    assert AuditEvent.objects.filter(action="practice.replicate", object_id=str(practice.pk)).count() == 1


def test_practices_for_report_takes_the_units_entries_inside_the_period(pworld):
    half = record(pworld, title="Nửa năm 2026", period="2026S1")
    year = record(pworld, title="Cả năm 2026", period="2026")
    record(pworld, title="Năm 2025", period="2025")
    p = pworld.periods
    nan = [pworld.units["NAN"]]
    assert {x.title for x in selectors.practices_for_report(units=nan, period=p["2026"])} == {half.title, year.title}
    assert [x.title for x in selectors.practices_for_report(units=nan, period=p["2026S1"])] == [half.title]
    assert selectors.practices_for_report(units=[pworld.units["HTI"]], period=p["2026"]) == []
    entry = selectors.practices_for_report(units=nan, period=p["2026S1"], user=pworld.users["nan_officer"])[0]
    assert entry.get_kind_display() == "Mô hình hiệu quả" and entry.unit == pworld.units["NAN"]
    assert selectors.practices_for_report(units=nan, period=p["2026"], user=pworld.users["hti_officer"]) == []


def test_files_are_checked_like_evidence(pworld):
    practice = record(pworld)
    with pytest.raises(DomainError):
        practice_attach(practice=practice, name="a.exe", content=b"MZ\x90\x00", actor=pworld.users["nan_officer"])
    kept = practice_attach(
        practice=practice, name="Ảnh.pdf", content=b"%PDF-1.4\n%%EOF\n", actor=pworld.users["nan_officer"]
    )
    assert kept.kind == "pdf" and practice.attachments.count() == 1


def test_the_leader_is_told_what_waits_for_publishing(pworld):
    record(pworld)
    assert selectors.todo(user=pworld.users["nan_officer"]) == []
    [(message, url)] = selectors.todo(user=pworld.users["nan_leader"])
    assert message.startswith("1 ") and url.endswith("?cong-bo=chua")
