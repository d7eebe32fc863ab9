"""Org units over time through the database: create, change, close; refusals leave nothing behind."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from thidua.core import audit
from thidua.core.exceptions import Forbidden, NotFound, StaleEdit
from thidua.core.models import AuditEvent
from thidua.core.testing import LONG_AGO
from thidua.organisations.models import OrgUnit, OrgUnitVersion
from thidua.organisations.services import org_unit_change, org_unit_close, org_unit_create, unit_by_code
from thidua.organisations.tests.services.worlds import refused


def versions_of(unit: OrgUnit) -> list[tuple[str, str | None, date, date | None]]:
    return [
        (v.name, v.parent.code if v.parent else None, v.valid_from, v.valid_to)
        for v in unit.versions.select_related("parent").order_by("valid_from")
    ]


def last_event(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-seq").first()
    assert event is not None, action
    return event


# Finding a unit by its code ------------------------------------------------------------------------------------


def test_a_unit_is_found_by_its_code_whatever_the_case_and_spacing(world):
    assert unit_by_code("  nan-pc02 ") == world.units["NAN-PC02"]


def test_an_unknown_unit_code_is_refused_naming_the_field(world):
    with refused("parent", "Không có đơn vị mã «XYZ»", error=NotFound):
        unit_by_code("xyz", field="parent")


# Creating a unit -----------------------------------------------------------------------------------------------


def test_a_new_unit_starts_with_its_name_and_parent_and_is_audited(world):
    unit = org_unit_create(
        code="nan-pc01",
        unit_type="provincial_division",
        name="Phòng Cảnh sát  kinh tế ",
        parent=world.units["NAN"],
        valid_from=date(2026, 1, 1),
        basis="Quyết định 01/QĐ-CAT",
        actor=world.admin,
    )

    assert unit.code == "NAN-PC01"
    assert versions_of(unit) == [("Phòng Cảnh sát  kinh tế", "NAN", date(2026, 1, 1), None)]
    event = last_event("org_unit.create")
    assert event.object_id == str(unit.pk)
    assert event.before is None
    assert event.after["code"] == "NAN-PC01"
    assert event.after["version"]["name"] == "Phòng Cảnh sát  kinh tế"
    assert event.after["version"]["valid_from"] == "2026-01-01"
    assert audit.verify() == (AuditEvent.objects.count(), None)


def test_a_name_typed_in_decomposed_unicode_is_stored_composed(world):
    name = "Phòng Cảnh sát giao thông"

    unit = org_unit_create(
        code="NAN-PC08",
        unit_type="provincial_division",
        name=unicodedata.normalize("NFD", name),
        parent=world.units["NAN"],
        valid_from=date(2026, 1, 1),
        actor=world.admin,
    )

    assert unit.versions.get().name == unicodedata.normalize("NFC", name)


def test_a_duplicate_unit_code_is_refused_and_nothing_is_saved(world):
    with refused("code", "Mã đơn vị «NAN» đã được dùng"):
        org_unit_create(
            code="nan", unit_type="provincial_police", name="Trùng mã", valid_from=LONG_AGO, actor=world.admin
        )


def test_a_blank_unit_name_is_refused(world):
    with refused("name", "Tên đơn vị không được để trống"):
        org_unit_create(code="NEW", unit_type="team", name="  ", valid_from=LONG_AGO, actor=world.admin)


def test_an_unknown_unit_type_is_refused(world):
    with refused("unit_type", "Loại đơn vị «tinh» không có trong danh mục"):
        org_unit_create(code="NEW", unit_type="tinh", name="Đơn vị mới", valid_from=LONG_AGO, actor=world.admin)


def test_a_unit_ending_before_it_starts_is_refused_naming_the_end_date(world):
    with refused("valid_to", "phải sau"):
        org_unit_create(
            code="NEW",
            unit_type="team",
            name="Đội mới",
            parent=world.units["NAN"],
            valid_from=date(2026, 1, 1),
            valid_to=date(2025, 1, 1),
            actor=world.admin,
        )


def test_a_unit_under_a_parent_that_stopped_operating_is_refused(world):
    with refused("parent", "Công an tỉnh Hà Nam", "không hoạt động suốt thời gian"):
        org_unit_create(
            code="HNA-PC01",
            unit_type="provincial_division",
            name="Phòng Cảnh sát kinh tế",
            parent=world.units["HNA"],
            valid_from=date(2025, 1, 1),
            actor=world.admin,
        )


def test_a_unit_officer_cannot_create_units(world):
    with refused(None, "Chỉ quản trị hệ thống", error=Forbidden):
        org_unit_create(
            code="HTI-PC01",
            unit_type="provincial_division",
            name="Phòng Cảnh sát kinh tế",
            parent=world.units["HTI"],
            valid_from=date(2026, 1, 1),
            actor=world.users["hti_officer"],
        )


def test_an_emulation_office_cannot_change_the_unit_catalogue(world):
    with refused(None, error=Forbidden):
        org_unit_change(
            unit=world.units["NAN-PC02"], effective=date(2026, 1, 1), name="Phòng mới", actor=world.users["nan_office"]
        )


# Changing a unit over time -------------------------------------------------------------------------------------


def test_a_change_keeps_the_history_before_its_effective_date(world):
    tha = world.units["THA"]

    org_unit_change(unit=tha, effective=date(2026, 1, 1), name="Công an tỉnh Thanh Hóa (mới)", actor=world.admin)

    assert versions_of(tha) == [
        ("Công an tỉnh Thanh Hóa", "BCA", LONG_AGO, date(2026, 1, 1)),
        ("Công an tỉnh Thanh Hóa (mới)", "BCA", date(2026, 1, 1), None),
    ]
    assert tha.version_on(date(2025, 12, 31)).name == "Công an tỉnh Thanh Hóa"
    assert OrgUnit.objects.get(pk=tha.pk).version == tha.version + 1


def test_a_change_audits_the_version_before_and_after(world):
    org_unit_change(
        unit=world.units["THA"], effective=date(2026, 1, 1), name="Công an tỉnh Thanh Hóa (mới)", actor=world.admin
    )

    event = last_event("org_unit.change")
    assert event.object_id == str(world.units["THA"].pk)
    assert event.before["name"] == "Công an tỉnh Thanh Hóa"
    assert event.before["valid_to"] is None
    assert event.after["name"] == "Công an tỉnh Thanh Hóa (mới)"
    assert event.after["valid_from"] == "2026-01-01"
    assert event.actor_username == "admin"
    assert audit.verify() == (AuditEvent.objects.count(), None)


def test_a_change_inside_an_earlier_version_leaves_the_later_version_untouched(world):
    ward = world.units["NAN-BENTHUY"]

    org_unit_change(unit=ward, effective=date(2025, 1, 1), name="Công an phường Bến Thủy (tạm)", actor=world.admin)

    assert versions_of(ward) == [
        ("Công an phường Bến Thủy", "NAN-VINH", LONG_AGO, date(2025, 1, 1)),
        ("Công an phường Bến Thủy (tạm)", "NAN-VINH", date(2025, 1, 1), date(2025, 3, 1)),
        ("Công an phường Bến Thủy", "NAN", date(2025, 3, 1), None),
    ]


def test_a_change_on_a_versions_first_day_replaces_that_version(world):
    ward = world.units["NAN-BENTHUY"]

    org_unit_change(unit=ward, effective=date(2025, 3, 1), short_name="CAP Bến Thủy", actor=world.admin)

    assert ward.versions.count() == 2
    assert ward.version_on(date(2025, 3, 1)).short_name == "CAP Bến Thủy"
    assert ward.version_on(date(2025, 2, 28)).short_name == ""


def test_a_change_with_nothing_new_is_refused(world):
    with refused("name", "Không có thay đổi nào"):
        org_unit_change(
            unit=world.units["THA"], effective=date(2026, 1, 1), name="Công an tỉnh Thanh Hóa", actor=world.admin
        )


def test_a_change_after_the_unit_stopped_operating_is_refused(world):
    with refused("effective", "không hoạt động vào ngày 01/08/2025"):
        org_unit_change(
            unit=world.units["HNA"], effective=date(2025, 8, 1), name="Công an tỉnh Hà Nam", actor=world.admin
        )


def test_a_cycle_in_the_tree_is_refused_and_nothing_is_saved(world):
    with refused("parent", "vòng lặp", "01/01/2024", "Bộ Công an", "Công an tỉnh Nghệ An"):
        org_unit_change(
            unit=world.units["BCA"], effective=date(2024, 1, 1), parent=world.units["NAN"], actor=world.admin
        )


def test_a_cycle_through_a_grandchild_is_refused(world):
    with refused("parent", "vòng lặp"):
        org_unit_change(
            unit=world.units["NAN"], effective=date(2026, 1, 1), parent=world.units["NAN-BENTHUY"], actor=world.admin
        )


def test_a_stale_expected_version_is_refused_and_nothing_changes(world):
    tha = world.units["THA"]
    org_unit_change(
        unit=tha, effective=date(2026, 1, 1), name="Tên thứ hai", expected_version=tha.version, actor=world.admin
    )

    with refused("version", "phiên bản hiện tại", error=StaleEdit):
        org_unit_change(
            unit=tha, effective=date(2026, 6, 1), name="Tên thứ ba", expected_version=tha.version, actor=world.admin
        )


# Closing a unit ------------------------------------------------------------------------------------------------


def test_a_closed_unit_is_gone_from_its_effective_date_and_the_closing_is_audited(world):
    team = org_unit_create(
        code="NAN-PC02-D1",
        unit_type="team",
        name="Đội 1",
        parent=world.units["NAN-PC02"],
        valid_from=date(2024, 1, 1),
        actor=world.admin,
    )

    org_unit_close(unit=team, effective=date(2026, 1, 1), basis="Quyết định 99/QĐ-CAT", actor=world.admin)

    assert team.version_on(date(2025, 12, 31)) is not None
    assert team.version_on(date(2026, 1, 1)) is None
    event = last_event("org_unit.close")
    assert event.before["valid_to"] is None
    assert event.after["valid_to"] == "2026-01-01"
    assert event.after["basis"] == "Quyết định 99/QĐ-CAT"
    assert audit.verify() == (AuditEvent.objects.count(), None)


def test_closing_a_unit_that_still_has_sub_units_is_refused(world):
    with refused(
        "effective", "còn đơn vị trực thuộc", "Phòng Cảnh sát hình sự (mã NAN-PC02)", "Công an phường Bến Thủy"
    ):
        org_unit_close(unit=world.units["NAN"], effective=date(2026, 1, 1), actor=world.admin)


def test_closing_a_unit_twice_is_refused(world):
    with refused("effective", "đã kết thúc hoạt động"):
        org_unit_close(unit=world.units["NAN-VINH"], effective=date(2025, 3, 1), actor=world.admin)


def test_closing_a_unit_before_a_recorded_change_is_refused(world):
    with refused("effective", "còn thay đổi ghi nhận"):
        org_unit_close(unit=world.units["NAN-BENTHUY"], effective=date(2025, 1, 1), actor=world.admin)


@pytest.mark.parametrize("username", ["hti_officer", "nan_office", "bca_auditor"])
def test_only_a_system_administrator_closes_units(world, username):
    with refused(None, error=Forbidden):
        org_unit_close(unit=world.units["NAN-PC02"], effective=date(2026, 1, 1), actor=world.users[username])


def test_versions_keep_their_half_open_dates_in_the_database(world):
    # The district's last day is 28/02/2025: its version ends on 01/03/2025, the wards' new ones start then.
    assert OrgUnitVersion.objects.get(unit=world.units["NAN-VINH"]).valid_to == date(2025, 3, 1)
    assert world.units["NAN-HUNGDUNG"].version_on(date(2025, 2, 28)).parent.code == "NAN-VINH"
    assert world.units["NAN-HUNGDUNG"].version_on(date(2025, 3, 1)).parent.code == "NAN"
