"""Reads through the database: the tree on a date, a unit's history and cluster editions, scoped to the user."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.accounts.services import user_create
from thidua.core.exceptions import NotFound
from thidua.organisations.selectors import (
    cluster_edition_get,
    cluster_editions,
    edition_members_on,
    org_tree_on,
    org_unit_get,
    org_unit_history,
    unit_names_on,
)
from thidua.organisations.services import org_unit_rename

DAY_BEFORE_DISTRICTS_END = date(2025, 2, 28)
DISTRICTS_END = date(2025, 3, 1)
DAY_BEFORE_MERGER = date(2025, 6, 30)
MERGER = date(2025, 7, 1)


def outline(user, day: date) -> list[tuple[int, str]]:
    """The tree as a user reads it: each unit's code, indented by its depth."""
    return [(depth, node.unit) for depth, node in org_tree_on(user=user, day=day).walk()]


def codes(units) -> list[str]:
    return [u.code for u in units]


# The tree on a date ----------------------------------------------------------------------------------------------


def test_before_01_03_2025_the_wards_sit_under_the_district(world):
    tree = org_tree_on(user=world.admin, day=DAY_BEFORE_DISTRICTS_END)

    assert [n.unit for n in tree.children("NAN")] == ["NAN-VINH", "NAN-PC02"]
    assert [n.unit for n in tree.children("NAN-VINH")] == ["NAN-BENTHUY", "NAN-HUNGDUNG"]
    assert [n.unit for n in tree.path("NAN-BENTHUY")] == ["BCA", "NAN", "NAN-VINH", "NAN-BENTHUY"]


def test_from_01_03_2025_the_district_is_gone_and_its_wards_sit_under_the_province(world):
    tree = org_tree_on(user=world.admin, day=DISTRICTS_END)

    assert "NAN-VINH" not in tree
    assert [n.unit for n in tree.children("NAN")] == ["NAN-BENTHUY", "NAN-HUNGDUNG", "NAN-PC02"]
    assert tree.parent("NAN-HUNGDUNG").name == "Công an tỉnh Nghệ An"


def test_on_30_06_2025_the_ministry_still_has_the_old_provinces(world):
    tree = org_tree_on(user=world.admin, day=DAY_BEFORE_MERGER)

    assert [(n.unit, n.name) for n in tree.children("BCA")] == [
        ("HNA", "Công an tỉnh Hà Nam"),
        ("HTI", "Công an tỉnh Hà Tĩnh"),
        ("NDI", "Công an tỉnh Nam Định"),
        ("NAN", "Công an tỉnh Nghệ An"),
        ("NBH", "Công an tỉnh Ninh Bình"),
        ("QBI", "Công an tỉnh Quảng Bình"),
        ("QTR", "Công an tỉnh Quảng Trị"),
        ("THA", "Công an tỉnh Thanh Hóa"),
    ]


def test_from_01_07_2025_the_ministry_has_the_merged_provinces(world):
    tree = org_tree_on(user=world.admin, day=MERGER)

    assert [(n.unit, n.name) for n in tree.children("BCA")] == [
        ("HTI", "Công an tỉnh Hà Tĩnh"),
        ("NAN", "Công an tỉnh Nghệ An"),
        ("NBH2", "Công an tỉnh Ninh Bình"),
        ("QTR2", "Công an tỉnh Quảng Trị"),
        ("THA", "Công an tỉnh Thanh Hóa"),
    ]
    assert {"HNA", "NDI", "NBH", "QBI", "QTR"}.isdisjoint({node.unit for _, node in tree.walk()})


def test_a_tree_before_any_unit_existed_is_empty(world):
    assert len(org_tree_on(user=world.admin, day=date(1999, 12, 31))) == 0


# The tree scoped to the user ---------------------------------------------------------------------------------------


def test_a_unit_officer_sees_his_unit_and_its_cluster_peers_but_not_their_departments_or_wards(world):
    officer = world.users["hti_officer"]

    assert outline(officer, DAY_BEFORE_DISTRICTS_END) == [(0, "HTI"), (0, "NAN"), (0, "NBH"), (0, "QBI"), (0, "THA")]
    assert outline(officer, MERGER) == [(0, "HTI"), (0, "NAN"), (0, "NBH2"), (0, "QTR2"), (0, "THA")]


def test_a_unit_officer_of_a_department_sees_only_his_department(world):
    assert outline(world.users["pc02_officer"], MERGER) == [(0, "NAN-PC02")]


@pytest.mark.parametrize("username", ["bca_office", "bca_auditor"])
@pytest.mark.parametrize("day", [DAY_BEFORE_DISTRICTS_END, DISTRICTS_END, DAY_BEFORE_MERGER, MERGER])
def test_the_ministrys_emulation_office_and_auditor_see_the_whole_tree(world, username, day):
    assert outline(world.users[username], day) == outline(world.admin, day)


def test_a_provinces_emulation_office_sees_its_districts_and_wards_over_time(world):
    office = world.users["nan_office"]

    before = outline(office, DAY_BEFORE_DISTRICTS_END)
    after = outline(office, DISTRICTS_END)

    assert (0, "NAN") in before
    assert before[before.index((0, "NAN")) :][:5] == [
        (0, "NAN"),
        (1, "NAN-VINH"),
        (2, "NAN-BENTHUY"),
        (2, "NAN-HUNGDUNG"),
        (1, "NAN-PC02"),
    ]
    assert after[after.index((0, "NAN")) :][:4] == [
        (0, "NAN"),
        (1, "NAN-BENTHUY"),
        (1, "NAN-HUNGDUNG"),
        (1, "NAN-PC02"),
    ]
    assert "QTR" not in {code for _, code in before}


def test_a_user_without_roles_sees_an_empty_tree(world):
    nobody = user_create(
        username="nobody",
        password="Mat-khau-dai-2026",
        full_name="Chưa phân quyền",
        check_password=False,
        actor=world.admin,
    )

    assert len(org_tree_on(user=nobody, day=MERGER)) == 0


# One unit ----------------------------------------------------------------------------------------------------------


def test_a_unit_outside_the_users_scope_is_not_found_like_a_missing_one(world):
    officer = world.users["hti_officer"]

    with pytest.raises(NotFound) as outside:
        org_unit_get(user=officer, code="NAN-PC02")
    with pytest.raises(NotFound) as missing:
        org_unit_get(user=officer, code="KHONGCO")

    assert outside.value.field == missing.value.field == "unit"
    assert "trong phạm vi của bạn" in outside.value.message
    assert org_unit_get(user=officer, code=" nan ") == world.units["NAN"]


def test_the_lineage_shows_only_the_units_the_user_may_see(world):
    officer = world.users["hti_officer"]

    assert codes(org_unit_history(user=officer, code="NBH2").predecessors) == ["NBH"]
    assert codes(org_unit_history(user=officer, code="NBH").successors) == ["NBH2"]
    assert codes(org_unit_history(user=world.users["bca_auditor"], code="NBH2").predecessors) == ["HNA", "NBH", "NDI"]


def test_names_on_a_date_follow_renames(world):
    u = world.units
    org_unit_rename(unit=u["THA"], new_name="Công an tỉnh Thanh Hoá", effective=date(2026, 1, 1), actor=world.admin)

    names = unit_names_on([u["THA"], u["NBH2"], u["HNA"]], date(2025, 12, 31))

    assert names[u["THA"].pk] == "Công an tỉnh Thanh Hóa"
    assert unit_names_on([u["THA"]], date(2026, 1, 1))[u["THA"].pk] == "Công an tỉnh Thanh Hoá"
    assert names[u["HNA"].pk] == "Công an tỉnh Hà Nam"
    # A unit that did not exist yet is shown under its latest name.
    assert unit_names_on([u["NBH2"]], date(2024, 1, 1))[u["NBH2"].pk] == "Công an tỉnh Ninh Bình"


# Cluster editions ----------------------------------------------------------------------------------------------------


def test_the_2025_members_change_on_the_merger(world):
    edition = world.editions[2025]

    assert codes(edition_members_on(edition, DAY_BEFORE_MERGER)) == ["NBH", "QBI", "THA", "NAN", "HTI"]
    assert codes(edition_members_on(edition, MERGER)) == ["THA", "NAN", "HTI", "NBH2", "QTR2"]


def test_editions_are_listed_newest_year_first_within_the_users_scope(world):
    assert [e.year for e in cluster_editions(user=world.users["hti_officer"])] == [2026, 2025, 2024]
    assert [e.year for e in cluster_editions(user=world.users["nan_office"], year=2025)] == [2025]
    assert list(cluster_editions(user=world.users["pc02_officer"])) == []


def test_an_edition_outside_the_users_scope_is_not_found(world):
    edition = world.editions[2024]

    with pytest.raises(NotFound) as caught:
        cluster_edition_get(user=world.users["pc02_officer"], pk=edition.pk)

    assert caught.value.field == "edition"
    assert cluster_edition_get(user=world.users["hti_officer"], pk=edition.pk) == edition


def test_an_anonymous_user_reads_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert len(org_tree_on(user=anonymous, day=MERGER)) == 0
    assert list(cluster_editions(user=anonymous)) == []
    with pytest.raises(NotFound):
        org_unit_get(user=anonymous, code="BCA")
