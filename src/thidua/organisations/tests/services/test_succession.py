"""Merges, dissolutions and renames through the database, and the lineage users read back."""

from __future__ import annotations

from datetime import date

from thidua.core import audit
from thidua.core.exceptions import Forbidden
from thidua.core.models import AuditEvent
from thidua.core.testing import LONG_AGO
from thidua.organisations.models import SuccessionEvent
from thidua.organisations.selectors import org_unit_history
from thidua.organisations.services import (
    org_unit_create,
    org_unit_rename,
    succession_record,
    units_dissolve,
    units_merge,
)
from thidua.organisations.tests.services.worlds import refused

NEXT_YEAR = date(2026, 1, 1)


def codes(units) -> list[str]:
    return [u.code for u in units]


# What the world's 2025 reorganisation left behind ----------------------------------------------------------------


def test_the_new_ninh_binh_descends_from_ha_nam_nam_dinh_and_ninh_binh(world):
    history = org_unit_history(user=world.admin, code="NBH2")

    assert codes(history.predecessors) == ["HNA", "NBH", "NDI"]
    assert codes(history.successors) == []
    assert codes(history.restated_from) == ["HNA", "NBH", "NDI"]
    assert history.restatement_notes == []
    assert [str(e.event) for e in history.events] == ["Hợp nhất 01/07/2025"]


def test_quang_binh_is_succeeded_by_the_new_quang_tri(world):
    history = org_unit_history(user=world.admin, code="QBI")

    assert codes(history.successors) == ["QTR2"]
    assert codes(history.predecessors) == []
    assert [(v.name, v.valid_from, v.valid_to) for v in history.versions] == [
        ("Công an tỉnh Quảng Bình", LONG_AGO, date(2025, 7, 1))
    ]


def test_the_new_quang_tri_restates_quang_binh_and_the_old_quang_tri(world):
    history = org_unit_history(user=world.admin, code="qtr2")

    assert history.unit == world.units["QTR2"]
    assert codes(history.restated_from) == ["QBI", "QTR"]
    assert history.versions[0].valid_from == date(2025, 7, 1)
    assert history.versions[0].parent == world.units["BCA"]


def test_the_dissolved_district_ends_on_01_03_2025_and_its_wards_move_to_the_province(world):
    district = org_unit_history(user=world.admin, code="NAN-VINH")
    ward = org_unit_history(user=world.admin, code="NAN-BENTHUY")

    assert [str(e.event) for e in district.events] == ["Giải thể 01/03/2025"]
    assert [v.valid_to for v in district.versions] == [date(2025, 3, 1)]
    assert codes(district.successors) == []
    assert [(v.parent.code, v.valid_from, v.valid_to) for v in ward.versions] == [
        ("NAN-VINH", LONG_AGO, date(2025, 3, 1)),
        ("NAN", date(2025, 3, 1), None),
    ]
    assert ward.events == []


def test_an_unchanged_province_has_no_lineage(world):
    history = org_unit_history(user=world.admin, code="THA")

    assert (history.predecessors, history.successors, history.restated_from, history.events) == ([], [], [], [])


def test_the_2025_reorganisation_was_audited_and_the_chain_holds(world):
    merges = AuditEvent.objects.filter(action="succession.record").order_by("seq")

    assert [(e.after["kind"], e.after["predecessors"], e.after["successors"]) for e in merges] == [
        ("dissolve", ["NAN-VINH"], []),
        ("merge", ["HNA", "NDI", "NBH"], ["NBH2"]),
        ("merge", ["QBI", "QTR"], ["QTR2"]),
    ]
    assert audit.verify() == (AuditEvent.objects.count(), None)


# A new merge ---------------------------------------------------------------------------------------------------


def test_a_merge_creates_the_successor_moves_the_sub_units_and_closes_the_predecessors(world):
    u = world.units

    successor = units_merge(
        predecessors=[u["NAN"], u["HTI"]],
        successor_code="NTI",
        successor_name="Công an tỉnh Nghệ Tĩnh",
        unit_type="provincial_police",
        parent=u["BCA"],
        effective=NEXT_YEAR,
        basis="Nghị quyết giả định",
        actor=world.admin,
    )

    assert u["NAN"].version_on(NEXT_YEAR) is None
    assert u["HTI"].version_on(date(2025, 12, 31)) is not None
    assert u["NAN-PC02"].version_on(NEXT_YEAR).parent == successor
    assert u["NAN-PC02"].version_on(date(2025, 12, 31)).parent == u["NAN"]
    history = org_unit_history(user=world.admin, code="NTI")
    assert codes(history.predecessors) == ["HTI", "NAN"]
    event = SuccessionEvent.objects.get(effective_date=NEXT_YEAR)
    assert (event.kind, event.basis) == ("merge", "Nghị quyết giả định")


def test_a_merge_writes_one_audit_event_per_change_and_the_chain_holds(world):
    u = world.units
    before = AuditEvent.objects.count()

    units_merge(
        predecessors=[u["NAN"], u["HTI"]],
        successor_code="NTI",
        successor_name="Công an tỉnh Nghệ Tĩnh",
        unit_type="provincial_police",
        parent=u["BCA"],
        effective=NEXT_YEAR,
        actor=world.admin,
    )

    actions = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq").values_list("action", flat=True))
    # the successor, three sub-units of Nghệ An moved, two provinces closed, the succession record
    assert actions == ["org_unit.create", *["org_unit.change"] * 3, *["org_unit.close"] * 2, "succession.record"]
    assert audit.verify() == (AuditEvent.objects.count(), None)


def test_a_merge_of_a_unit_into_itself_is_refused_and_nothing_is_saved(world):
    u = world.units
    with refused("successors", "chính nó"):
        units_merge(
            predecessors=[u["NAN"], u["HTI"]],
            successor_code=" hti ",
            successor_name="Công an tỉnh Hà Tĩnh",
            unit_type="provincial_police",
            parent=u["BCA"],
            effective=NEXT_YEAR,
            actor=world.admin,
        )


def test_a_merge_needs_two_different_units(world):
    u = world.units
    with refused("predecessors", "ít nhất hai đơn vị khác nhau"):
        units_merge(
            predecessors=[u["HTI"], u["HTI"]],
            successor_code="HTI2",
            successor_name="Công an tỉnh Hà Tĩnh",
            unit_type="provincial_police",
            parent=u["BCA"],
            effective=NEXT_YEAR,
            actor=world.admin,
        )


def test_a_merge_into_an_existing_code_is_refused(world):
    u = world.units
    with refused("code", "Mã đơn vị «THA» đã được dùng"):
        units_merge(
            predecessors=[u["NAN"], u["HTI"]],
            successor_code="THA",
            successor_name="Công an tỉnh Thanh Hóa",
            unit_type="provincial_police",
            parent=u["BCA"],
            effective=NEXT_YEAR,
            actor=world.admin,
        )


def test_a_merge_of_units_that_already_stopped_is_refused(world):
    u = world.units
    with refused("effective", "«HNA» không hoạt động"):
        units_merge(
            predecessors=[u["HNA"], u["HTI"]],
            successor_code="HHT",
            successor_name="Công an tỉnh Hà Hà Tĩnh",
            unit_type="provincial_police",
            parent=u["BCA"],
            effective=NEXT_YEAR,
            actor=world.admin,
        )


def test_a_unit_officer_cannot_merge_units(world):
    u = world.units
    with refused(None, error=Forbidden):
        units_merge(
            predecessors=[u["NAN"], u["HTI"]],
            successor_code="NTI",
            successor_name="Công an tỉnh Nghệ Tĩnh",
            unit_type="provincial_police",
            parent=u["BCA"],
            effective=NEXT_YEAR,
            actor=world.users["hti_officer"],
        )


# Recording a succession by hand --------------------------------------------------------------------------------


def test_a_succession_with_the_same_unit_on_both_sides_of_a_merge_is_refused(world):
    u = world.units
    with refused("successors", "HTI", "chính nó"):
        succession_record(
            kind="merge",
            effective=NEXT_YEAR,
            predecessors=[u["HTI"], u["THA"]],
            successors=[u["HTI"]],
            actor=world.admin,
        )


def test_a_succession_of_an_unknown_kind_is_refused(world):
    u = world.units
    with refused("kind", "«gop» không có trong danh mục"):
        succession_record(kind="gop", effective=NEXT_YEAR, predecessors=[u["HTI"]], successors=[], actor=world.admin)


def test_a_succession_that_disagrees_with_the_units_dates_is_refused(world):
    u = world.units
    # Hà Tĩnh and Thanh Hóa still operate after 01/01/2026: they cannot have been merged then.
    with refused("effective", "phải thôi hoạt động từ ngày 01/01/2026"):
        succession_record(
            kind="merge",
            effective=NEXT_YEAR,
            predecessors=[u["HTI"], u["THA"]],
            successors=[u["NBH2"]],
            actor=world.admin,
        )


# Renames and dissolutions --------------------------------------------------------------------------------------


def test_a_rename_keeps_the_unit_and_records_both_names(world):
    tha = world.units["THA"]

    event = org_unit_rename(unit=tha, new_name="Công an tỉnh Thanh Hoá", effective=NEXT_YEAR, actor=world.admin)

    history = org_unit_history(user=world.admin, code="THA")
    assert [(v.name, v.valid_from, v.valid_to) for v in history.versions] == [
        ("Công an tỉnh Thanh Hóa", LONG_AGO, NEXT_YEAR),
        ("Công an tỉnh Thanh Hoá", NEXT_YEAR, None),
    ]
    assert [e.event for e in history.events] == [event]
    assert str(event) == "Đổi tên 01/01/2026"
    assert (history.predecessors, history.successors) == ([], [])
    assert [link.side for link in event.links.order_by("side")] == ["predecessor", "successor"]


def test_a_rename_to_the_same_name_is_refused(world):
    with refused("name", "Không có thay đổi nào"):
        org_unit_rename(
            unit=world.units["THA"], new_name="Công an tỉnh Thanh Hóa", effective=NEXT_YEAR, actor=world.admin
        )


def test_a_dissolved_unit_hands_its_sub_units_to_the_receiving_unit(world):
    u = world.units
    team = org_unit_create(
        code="NAN-PC02-D1",
        unit_type="team",
        name="Đội 1",
        parent=u["NAN-PC02"],
        valid_from=LONG_AGO,
        actor=world.admin,
    )

    event = units_dissolve(
        units=[u["NAN-PC02"]], effective=NEXT_YEAR, children_to=u["NAN"], takers=[u["NAN"]], actor=world.admin
    )

    assert u["NAN-PC02"].version_on(NEXT_YEAR) is None
    assert team.version_on(NEXT_YEAR).parent == u["NAN"]
    assert (event.kind, event.effective_date) == ("dissolve", NEXT_YEAR)
    assert codes(org_unit_history(user=world.admin, code="NAN-PC02").successors) == ["NAN"]


def test_dissolving_a_unit_with_sub_units_and_nowhere_to_put_them_is_refused(world):
    with refused("effective", "còn đơn vị trực thuộc", "Công an phường Bến Thủy"):
        units_dissolve(units=[world.units["NAN"]], effective=NEXT_YEAR, actor=world.admin)
