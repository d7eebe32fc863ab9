"""Clusters and their yearly editions: one row per year, never overwritten, every change audited."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.core import audit
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.organisations.models import Cluster, ClusterEdition
from thidua.organisations.services import (
    Member,
    cluster_create,
    cluster_edition_create,
    cluster_edition_update,
)
from thidua.organisations.tests.services.worlds import db_state, refused


def composition(edition: ClusterEdition) -> tuple:
    edition = ClusterEdition.objects.get(pk=edition.pk)
    return (
        edition.leader.code if edition.leader else None,
        edition.deputy.code if edition.deputy else None,
        edition.selection_method,
        edition.basis,
        edition.version,
        [(m.unit.code, m.valid_from, m.valid_to) for m in edition.memberships.select_related("unit").order_by("order")],
    )


def last_event(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("-seq").first()
    assert event is not None, action
    return event


# Clusters --------------------------------------------------------------------------------------------------------


def test_an_emulation_office_of_a_province_creates_a_cluster_owned_by_its_province(world):
    cluster = cluster_create(
        number=1,
        name="Cụm thi đua số 1 — các phòng nghiệp vụ",
        level="province",
        owner=world.units["NAN"],
        actor=world.users["nan_office"],
    )

    assert Cluster.objects.get(pk=cluster.pk).owner == world.units["NAN"]
    event = last_event("cluster.create")
    assert event.actor_username == "nan_office"
    assert event.before is None
    assert event.after["name"] == "Cụm thi đua số 1 — các phòng nghiệp vụ"
    assert event.after["owner_id"] == world.units["NAN"].pk
    assert audit.verify() == (AuditEvent.objects.count(), None)


def test_an_emulation_office_of_a_province_cannot_create_a_cluster_owned_by_the_ministry(world):
    with refused(None, "Chỉ cơ quan thường trực thi đua", error=Forbidden):
        cluster_create(
            number=7,
            name="Cụm thi đua số 7",
            level="ministry",
            owner=world.units["BCA"],
            actor=world.users["nan_office"],
        )


@pytest.mark.parametrize("username", ["hti_officer", "bca_auditor"])
def test_unit_officers_and_auditors_cannot_create_clusters(world, username):
    with refused(None, error=Forbidden):
        cluster_create(
            number=7, name="Cụm thi đua số 7", level="ministry", owner=world.units["BCA"], actor=world.users[username]
        )


def test_a_second_cluster_with_the_same_number_for_the_same_owner_is_refused(world):
    with refused("number", "Số cụm 6 đã có trong cùng đơn vị tổ chức cụm «Bộ Công an»"):
        cluster_create(number=6, name="Cụm 6 (trùng)", level="ministry", owner=world.units["BCA"], actor=world.admin)


def test_a_cluster_of_an_unknown_level_is_refused_naming_the_level(world):
    with refused("level"):
        cluster_create(number=9, name="Cụm 9", level="xa", owner=world.units["BCA"], actor=world.admin)


# Creating an edition ---------------------------------------------------------------------------------------------


def test_a_new_edition_keeps_its_members_in_order_and_is_audited(world):
    u = world.units

    edition = cluster_edition_create(
        cluster=world.cluster,
        year=2027,
        members=[u["THA"], u["NAN"], u["HTI"], u["NBH2"], u["QTR2"]],
        leader=u["THA"],
        deputy=u["NAN"],
        selection_method="assigned",
        basis="Quyết định 12/QĐ-BCA",
        basis_date=date(2027, 1, 10),
        actor=world.users["bca_office"],
    )

    assert composition(edition) == (
        "THA",
        "NAN",
        "assigned",
        "Quyết định 12/QĐ-BCA",
        1,
        [("THA", None, None), ("NAN", None, None), ("HTI", None, None), ("NBH2", None, None), ("QTR2", None, None)],
    )
    event = last_event("cluster_edition.create")
    assert event.object_id == str(edition.pk)
    assert event.before is None
    assert event.after["year"] == 2027
    assert event.after["leader_id"] == u["THA"].pk
    assert [m["unit"] for m in event.after["members"]] == ["THA", "NAN", "HTI", "NBH2", "QTR2"]
    assert audit.verify() == (AuditEvent.objects.count(), None)


def test_a_second_edition_for_the_same_cluster_and_year_is_refused(world):
    u = world.units
    with refused("year", "đã có thành phần năm 2026"):
        cluster_edition_create(
            cluster=world.cluster, year=2026, members=[u["THA"], u["NAN"]], leader=u["THA"], actor=world.admin
        )


def test_a_leader_who_is_not_a_member_is_refused(world):
    u = world.units
    with refused("leader", "Cụm trưởng «Công an tỉnh Hà Tĩnh» phải là đơn vị thành viên"):
        cluster_edition_create(
            cluster=world.cluster, year=2027, members=[u["THA"], u["NAN"]], leader=u["HTI"], actor=world.admin
        )


def test_a_deputy_who_is_not_a_member_is_refused(world):
    u = world.units
    with refused("deputy", "Cụm phó"):
        cluster_edition_create(
            cluster=world.cluster,
            year=2027,
            members=[u["THA"], u["NAN"]],
            leader=u["THA"],
            deputy=u["HTI"],
            actor=world.admin,
        )


def test_the_leader_and_the_deputy_must_be_two_different_units(world):
    u = world.units
    with refused("deputy", "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau"):
        cluster_edition_create(
            cluster=world.cluster,
            year=2027,
            members=[u["THA"], u["NAN"]],
            leader=u["NAN"],
            deputy=u["NAN"],
            actor=world.admin,
        )


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [(date(2026, 12, 1), date(2027, 2, 1)), (date(2025, 12, 1), None), (date(2027, 3, 1), date(2027, 2, 1))],
)
def test_membership_dates_outside_the_year_are_refused(world, valid_from, valid_to):
    u = world.units
    with refused("members", "phải nằm trong năm 2027"):
        cluster_edition_create(
            cluster=world.cluster,
            year=2027,
            members=[u["THA"], Member(u["NAN"], valid_from, valid_to)],
            actor=world.admin,
        )


def test_a_member_that_did_not_operate_that_year_is_refused(world):
    u = world.units
    with refused("members", "«Công an tỉnh Hà Nam» không hoạt động", "năm 2027"):
        cluster_edition_create(cluster=world.cluster, year=2027, members=[u["THA"], u["HNA"]], actor=world.admin)


def test_a_unit_that_stopped_operating_mid_year_cannot_be_a_member_for_the_whole_year(world):
    u = world.units
    with refused("members", "«Công an tỉnh Quảng Bình» không hoạt động trong suốt", "đến trước 01/07/2025"):
        cluster_edition_update(
            edition=world.editions[2025],
            expected_version=None,
            members=[u["QBI"], u["THA"], u["NAN"], u["HTI"]],
            actor=world.admin,
        )


def test_a_unit_created_mid_year_cannot_be_a_member_from_the_first_of_january(world):
    u = world.units
    with refused("members", "«Công an tỉnh Quảng Trị» không hoạt động trong suốt", "từ 01/07/2025 trở đi"):
        cluster_edition_update(
            edition=world.editions[2025],
            expected_version=None,
            members=[u["QTR2"], u["THA"], u["NAN"], u["HTI"]],
            actor=world.admin,
        )


def test_units_merged_mid_year_are_members_until_and_from_the_merger(world):
    u = world.units
    merger = date(2025, 7, 1)

    cluster_edition_update(
        edition=world.editions[2025],
        expected_version=None,
        members=[Member(u["QBI"], None, merger), Member(u["QTR2"], merger, None), u["THA"], u["NAN"], u["HTI"]],
        actor=world.admin,
    )

    assert composition(world.editions[2025])[5][:2] == [("QBI", None, merger), ("QTR2", merger, None)]


def test_a_member_listed_twice_is_refused(world):
    u = world.units
    with refused("members", "được ghi hai lần"):
        cluster_edition_create(cluster=world.cluster, year=2027, members=[u["THA"], u["THA"]], actor=world.admin)


def test_an_edition_without_members_is_refused(world):
    with refused("members", "ít nhất một đơn vị thành viên"):
        cluster_edition_create(cluster=world.cluster, year=2027, members=[], actor=world.admin)


def test_an_edition_for_an_impossible_year_is_refused(world):
    with refused("year", "Năm 1990 không hợp lệ"):
        cluster_edition_create(cluster=world.cluster, year=1990, members=[world.units["THA"]], actor=world.admin)


@pytest.mark.parametrize("username", ["hti_officer", "nan_office", "bca_auditor"])
def test_only_the_owners_emulation_office_creates_editions(world, username):
    with refused(None, error=Forbidden):
        cluster_edition_create(
            cluster=world.cluster, year=2027, members=[world.units["THA"]], actor=world.users[username]
        )


# Updating an edition ---------------------------------------------------------------------------------------------


def test_updating_2026_leaves_2024_and_2025_as_they_were(world):
    u = world.units
    edition = world.editions[2026]
    earlier = {year: composition(world.editions[year]) for year in (2024, 2025)}

    cluster_edition_update(
        edition=edition,
        expected_version=edition.version,
        members=[u["NBH2"], u["THA"], u["NAN"], u["HTI"]],
        leader=u["NAN"],
        deputy=u["HTI"],
        basis="Biên bản bầu cụm trưởng 2026",
        actor=world.users["bca_office"],
    )

    assert composition(edition) == (
        "NAN",
        "HTI",
        "elected",
        "Biên bản bầu cụm trưởng 2026",
        edition.version + 1,
        [("NBH2", None, None), ("THA", None, None), ("NAN", None, None), ("HTI", None, None)],
    )
    assert {year: composition(world.editions[year]) for year in (2024, 2025)} == earlier
    assert ClusterEdition.objects.filter(cluster=world.cluster).count() == 3


def test_an_edition_update_is_audited_with_the_composition_before_and_after(world):
    u = world.units
    edition = world.editions[2026]

    cluster_edition_update(edition=edition, expected_version=edition.version, leader=u["THA"], actor=world.admin)

    event = last_event("cluster_edition.update")
    assert event.object_id == str(edition.pk)
    assert event.before["leader_id"] == u["QTR2"].pk
    assert event.after["leader_id"] == u["THA"].pk
    assert event.after["version"] == event.before["version"] + 1
    assert event.before["members"] == event.after["members"]
    assert [m["unit"] for m in event.after["members"]] == ["NBH2", "THA", "NAN", "HTI", "QTR2"]
    assert audit.verify() == (AuditEvent.objects.count(), None)


def test_an_update_keeps_the_members_when_none_are_given(world):
    edition = world.editions[2025]
    members = composition(edition)[5]

    cluster_edition_update(edition=edition, expected_version=None, basis="Biên bản 2025", actor=world.admin)

    assert composition(edition)[5] == members
    assert composition(edition)[3] == "Biên bản 2025"


def test_a_stale_expected_version_is_refused_and_nothing_changes(world):
    edition = world.editions[2026]
    cluster_edition_update(edition=edition, expected_version=edition.version, basis="Lần 1", actor=world.admin)

    with refused("version", "phiên bản hiện tại 2", "bạn gửi phiên bản 1", error=StaleEdit) as caught:
        cluster_edition_update(
            edition=edition, expected_version=edition.version, leader=world.units["THA"], actor=world.admin
        )
    assert caught.value.extra == {"current_version": 2}


def test_an_update_making_a_non_member_leader_is_refused_and_nothing_changes(world):
    edition = world.editions[2026]
    with refused("leader", "phải là đơn vị thành viên của cụm năm 2026"):
        cluster_edition_update(
            edition=edition, expected_version=edition.version, leader=world.units["QBI"], actor=world.admin
        )


def test_an_update_dropping_the_leader_from_the_members_is_refused(world):
    u = world.units
    edition = world.editions[2026]
    with refused("leader"):
        cluster_edition_update(
            edition=edition, expected_version=edition.version, members=[u["NBH2"], u["THA"]], actor=world.admin
        )


def test_an_update_with_a_member_that_no_longer_operates_is_refused(world):
    u = world.units
    edition = world.editions[2026]
    with refused("members", "«Công an tỉnh Quảng Bình» không hoạt động"):
        cluster_edition_update(
            edition=edition,
            expected_version=edition.version,
            members=[u["NBH2"], u["THA"], u["QTR2"], u["QBI"]],
            actor=world.admin,
        )


@pytest.mark.parametrize("username", ["hti_officer", "nan_office", "bca_auditor"])
def test_only_the_owners_emulation_office_updates_editions(world, username):
    edition = world.editions[2026]
    before = db_state()
    with pytest.raises(Forbidden):
        cluster_edition_update(
            edition=edition, expected_version=edition.version, basis="Sửa trái phép", actor=world.users[username]
        )
    assert db_state() == before
