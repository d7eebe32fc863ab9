"""Rules of the organisation tree over time (cây tổ chức theo thời gian)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.organisations.domain.tree import (
    OrgTree,
    UnitVersion,
    find_cycle,
    interval_text,
    tree_on,
    units_ever_under,
    validate_versions,
)

FOUNDED = date(2018, 1, 1)
RENAMED = date(2024, 8, 15)
DISTRICTS_END = date(2025, 3, 1)  # Công an cấp huyện stopped operating on this day
MERGER = date(2025, 7, 1)  # provinces merged on this day

OLD_PC03_NAME = "Phòng Cảnh sát điều tra tội phạm về tham nhũng, kinh tế, buôn lậu"


def v(unit: str, name: str, parent: str | None, start: date, end: date | None = None) -> UnitVersion:
    return UnitVersion(unit=unit, name=name, parent=parent, valid_from=start, valid_to=end)


VERSIONS_2025: tuple[UnitVersion, ...] = (
    v("BCA", "Bộ Công an", None, FOUNDED),
    v("X01", "Cục Công tác đảng và công tác chính trị", "BCA", FOUNDED),
    # Provinces merged on 01/07/2025.
    v("CAT-HNA", "Công an tỉnh Hà Nam", "BCA", FOUNDED, MERGER),
    v("CAT-NDI", "Công an tỉnh Nam Định", "BCA", FOUNDED, MERGER),
    v("CAT-NBI", "Công an tỉnh Ninh Bình", "BCA", FOUNDED, MERGER),
    v("CAT-QBI", "Công an tỉnh Quảng Bình", "BCA", FOUNDED, MERGER),
    v("CAT-QTR", "Công an tỉnh Quảng Trị", "BCA", FOUNDED, MERGER),
    # Unchanged provinces.
    v("CAT-THO", "Công an tỉnh Thanh Hóa", "BCA", FOUNDED),
    v("CAT-NAN", "Công an tỉnh Nghệ An", "BCA", FOUNDED),
    v("CAT-HTI", "Công an tỉnh Hà Tĩnh", "BCA", FOUNDED),
    # New provinces.
    v("CAT-NBI-2025", "Công an tỉnh Ninh Bình", "BCA", MERGER),
    v("CAT-QTR-2025", "Công an tỉnh Quảng Trị", "BCA", MERGER),
    # District police, stopped operating on 01/03/2025.
    v("CAH-KBA", "Công an huyện Kim Bảng", "CAT-HNA", FOUNDED, DISTRICTS_END),
    v("CAH-DHO", "Công an thành phố Đồng Hới", "CAT-QBI", FOUNDED, DISTRICTS_END),
    # Commune police: under the district, then the province, then the new province.
    v("CAX-BSA", "Công an xã Ba Sao", "CAH-KBA", FOUNDED, DISTRICTS_END),
    v("CAX-BSA", "Công an xã Ba Sao", "CAT-HNA", DISTRICTS_END, MERGER),
    v("CAX-BSA", "Công an xã Ba Sao", "CAT-NBI-2025", MERGER),
    v("CAX-TTH", "Công an xã Thanh Thủy", "CAH-KBA", FOUNDED, DISTRICTS_END),
    v("CAX-TTH", "Công an xã Thanh Thủy", "CAT-HNA", DISTRICTS_END, MERGER),
    v("CAX-TTH", "Công an xã Thanh Thủy", "CAT-NBI-2025", MERGER),
    v("CAP-DPH", "Công an phường Đồng Phú", "CAH-DHO", FOUNDED, DISTRICTS_END),
    v("CAP-DPH", "Công an phường Đồng Phú", "CAT-QBI", DISTRICTS_END, MERGER),
    v("CAP-DPH", "Công an phường Đồng Phú", "CAT-QTR-2025", MERGER),
    # A department (phòng) renamed on 15/08/2024, with a team under it across the rename.
    v("PC03-THO", OLD_PC03_NAME, "CAT-THO", FOUNDED, RENAMED),
    v("PC03-THO", "Phòng Cảnh sát kinh tế", "CAT-THO", RENAMED),
    v("PC03-THO-D1", "Đội 1", "PC03-THO", FOUNDED),
)


def names(nodes: Sequence[UnitVersion]) -> list[str]:
    return [node.name for node in nodes]


def keys(nodes: Sequence[UnitVersion]) -> list[str]:
    return [node.unit for node in nodes]


def refusal(versions: Sequence[UnitVersion]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        validate_versions(versions)
    return caught.value


# --- UnitVersion ------------------------------------------------------------------------------


def test_a_version_is_active_from_its_first_day_up_to_but_not_on_valid_to() -> None:
    district = v("CAH-KBA", "Công an huyện Kim Bảng", "CAT-HNA", FOUNDED, DISTRICTS_END)

    assert not district.active_on(FOUNDED - timedelta(days=1))
    assert district.active_on(FOUNDED)
    assert district.active_on(date(2025, 2, 28))
    assert not district.active_on(DISTRICTS_END)


def test_an_open_ended_version_stays_active() -> None:
    assert v("BCA", "Bộ Công an", None, FOUNDED).active_on(date(2100, 1, 1))


def test_intervals_read_in_vietnamese_with_an_exclusive_end() -> None:
    assert interval_text(FOUNDED, DISTRICTS_END) == "từ 01/01/2018 đến trước 01/03/2025"
    assert interval_text(MERGER, None) == "từ 01/07/2025 trở đi"


# --- The tree on key dates of 2025 ------------------------------------------------------------


def test_the_realistic_2025_history_is_valid() -> None:
    validate_versions(VERSIONS_2025)


def test_before_01_03_2025_a_commune_sits_under_its_district_police() -> None:
    tree = tree_on(VERSIONS_2025, date(2025, 2, 28))

    assert keys(tree.path("CAX-BSA")) == ["BCA", "CAT-HNA", "CAH-KBA", "CAX-BSA"]
    assert names(tree.children("CAH-KBA")) == ["Công an xã Ba Sao", "Công an xã Thanh Thủy"]


def test_from_01_03_2025_district_police_are_gone_and_communes_sit_under_the_province() -> None:
    tree = tree_on(VERSIONS_2025, DISTRICTS_END)

    assert "CAH-KBA" not in tree
    assert "CAH-DHO" not in tree
    assert keys(tree.path("CAX-BSA")) == ["BCA", "CAT-HNA", "CAX-BSA"]
    assert tree.parent("CAP-DPH") == v("CAT-QBI", "Công an tỉnh Quảng Bình", "BCA", FOUNDED, MERGER)


def test_on_30_06_2025_the_cluster_still_has_its_eight_old_provinces() -> None:
    tree = tree_on(VERSIONS_2025, date(2025, 6, 30))

    provinces = [node.unit for node in tree.children("BCA") if node.unit.startswith("CAT-")]
    assert sorted(provinces) == sorted(
        ["CAT-HNA", "CAT-NDI", "CAT-NBI", "CAT-QBI", "CAT-QTR", "CAT-THO", "CAT-NAN", "CAT-HTI"]
    )


def test_from_01_07_2025_the_merged_provinces_replace_the_old_ones() -> None:
    tree = tree_on(VERSIONS_2025, MERGER)

    provinces = [node.unit for node in tree.children("BCA") if node.unit.startswith("CAT-")]
    assert sorted(provinces) == sorted(["CAT-NBI-2025", "CAT-QTR-2025", "CAT-THO", "CAT-NAN", "CAT-HTI"])
    assert names(tree.children("CAT-NBI-2025")) == ["Công an xã Ba Sao", "Công an xã Thanh Thủy"]
    assert keys(tree.path("CAP-DPH")) == ["BCA", "CAT-QTR-2025", "CAP-DPH"]
    assert "CAT-HNA" not in tree


def test_a_renamed_department_keeps_its_key_and_shows_the_name_of_the_day() -> None:
    before = tree_on(VERSIONS_2025, RENAMED - timedelta(days=1))
    after = tree_on(VERSIONS_2025, RENAMED)

    assert before.node("PC03-THO").name == OLD_PC03_NAME
    assert after.node("PC03-THO").name == "Phòng Cảnh sát kinh tế"
    assert keys(after.children("PC03-THO")) == ["PC03-THO-D1"]


def test_children_are_listed_by_vietnamese_name_then_key() -> None:
    tree = tree_on(VERSIONS_2025, date(2025, 1, 1))

    assert names(tree.children("BCA")) == [
        "Công an tỉnh Hà Nam",
        "Công an tỉnh Hà Tĩnh",
        "Công an tỉnh Nam Định",
        "Công an tỉnh Nghệ An",
        "Công an tỉnh Ninh Bình",
        "Công an tỉnh Quảng Bình",
        "Công an tỉnh Quảng Trị",
        "Công an tỉnh Thanh Hóa",
        "Cục Công tác đảng và công tác chính trị",
    ]


def test_same_names_are_ordered_by_key() -> None:
    versions = [
        v("ROOT", "Bộ Công an", None, FOUNDED),
        v("B", "Phòng Tham mưu", "ROOT", FOUNDED),
        v("A", "Phòng Tham mưu", "ROOT", FOUNDED),
    ]

    assert keys(tree_on(versions, FOUNDED).children("ROOT")) == ["A", "B"]


def test_names_typed_in_nfd_or_other_case_sort_like_their_nfc_form() -> None:
    versions = [
        v("ROOT", "Bộ Công an", None, FOUNDED),
        v("HTI", unicodedata.normalize("NFD", "Công an tỉnh Hà Tĩnh"), "ROOT", FOUNDED),
        v("HNA", "CÔNG AN TỈNH HÀ NAM", "ROOT", FOUNDED),
        v("NAN", "Công an tỉnh Nghệ An", "ROOT", FOUNDED),
    ]

    assert keys(tree_on(versions, FOUNDED).children("ROOT")) == ["HNA", "HTI", "NAN"]


def test_walk_lists_every_unit_once_depth_first_with_its_depth() -> None:
    tree = tree_on(VERSIONS_2025, date(2025, 1, 1))

    walked = [(depth, node.unit) for depth, node in tree.walk()]

    assert len({unit for _, unit in walked}) == len(walked) == len(tree) == 17
    assert walked[:5] == [
        (0, "BCA"),
        (1, "CAT-HNA"),
        (2, "CAH-KBA"),
        (3, "CAX-BSA"),
        (3, "CAX-TTH"),
    ]
    assert (3, "PC03-THO-D1") in walked


def test_ancestors_are_nearest_first_and_path_is_root_first() -> None:
    tree = tree_on(VERSIONS_2025, date(2025, 1, 1))

    assert keys(tree.ancestors("CAX-BSA")) == ["CAH-KBA", "CAT-HNA", "BCA"]
    assert keys(tree.path("CAX-BSA")) == ["BCA", "CAT-HNA", "CAH-KBA", "CAX-BSA"]
    assert tree.depth("CAX-BSA") == 3
    assert tree.depth("BCA") == 0
    assert tree.parent("BCA") is None
    assert keys(tree.roots()) == ["BCA"]


def test_descendants_are_depth_first_and_exclude_the_unit_itself() -> None:
    tree = tree_on(VERSIONS_2025, date(2025, 1, 1))

    assert keys(tree.descendants("CAT-HNA")) == ["CAH-KBA", "CAX-BSA", "CAX-TTH"]
    assert tree.descendants("CAX-BSA") == []


def test_asking_for_a_unit_not_operating_that_day_is_refused_naming_unit_and_date() -> None:
    tree = tree_on(VERSIONS_2025, DISTRICTS_END)

    with pytest.raises(DomainError) as caught:
        tree.children("CAH-KBA")

    assert caught.value.field == "unit"
    assert "CAH-KBA" in caught.value.message
    assert "01/03/2025" in caught.value.message


def test_a_unit_whose_parent_is_not_operating_that_day_is_shown_as_a_root() -> None:
    versions = [
        v("CAT-HNA", "Công an tỉnh Hà Nam", None, FOUNDED, MERGER),
        v("CAX-BSA", "Công an xã Ba Sao", "CAT-HNA", FOUNDED),
    ]

    tree = tree_on(versions, MERGER)

    assert keys(tree.roots()) == ["CAX-BSA"]
    assert tree.parent("CAX-BSA") is None


def test_the_tree_refuses_data_with_a_cycle_on_that_day() -> None:
    versions = [
        v("A", "Phòng A", "B", FOUNDED),
        v("B", "Phòng B", "A", FOUNDED),
    ]

    with pytest.raises(DomainError) as caught:
        tree_on(versions, FOUNDED)

    assert caught.value.field == "parent"


def test_the_tree_refuses_two_versions_of_one_unit_on_the_same_day() -> None:
    versions = [
        v("A", "Phòng A", None, FOUNDED),
        v("A", "Phòng A mới", None, RENAMED),
    ]

    with pytest.raises(DomainError) as caught:
        tree_on(versions, RENAMED)

    assert caught.value.field == "valid_from"


# --- validate_versions ------------------------------------------------------------------------


def test_a_version_must_end_after_it_starts() -> None:
    error = refusal([v("CAH-KBA", "Công an huyện Kim Bảng", None, DISTRICTS_END, DISTRICTS_END)])

    assert error.field == "valid_to"
    assert "Công an huyện Kim Bảng" in error.message
    assert "01/03/2025" in error.message


def test_overlapping_versions_of_one_unit_are_refused_naming_both_ranges() -> None:
    error = refusal(
        [
            v("PC03-THO", OLD_PC03_NAME, None, FOUNDED, date(2024, 9, 1)),
            v("PC03-THO", "Phòng Cảnh sát kinh tế", None, RENAMED),
        ]
    )

    assert error.field == "valid_from"
    assert "PC03-THO" in error.message
    assert "từ 01/01/2018 đến trước 01/09/2024" in error.message
    assert "từ 15/08/2024 trở đi" in error.message


def test_an_open_ended_version_followed_by_another_is_an_overlap() -> None:
    error = refusal(
        [
            v("PC03-THO", OLD_PC03_NAME, None, FOUNDED),
            v("PC03-THO", "Phòng Cảnh sát kinh tế", None, RENAMED),
        ]
    )

    assert error.field == "valid_from"


def test_versions_that_meet_on_the_boundary_day_do_not_overlap() -> None:
    validate_versions(
        [
            v("PC03-THO", OLD_PC03_NAME, None, FOUNDED, RENAMED),
            v("PC03-THO", "Phòng Cảnh sát kinh tế", None, RENAMED),
        ]
    )


def test_a_unit_cannot_be_its_own_parent() -> None:
    error = refusal([v("CAT-HNA", "Công an tỉnh Hà Nam", "CAT-HNA", FOUNDED)])

    assert error.field == "parent"
    assert "Công an tỉnh Hà Nam" in error.message


def test_a_parent_that_stops_before_its_child_is_refused() -> None:
    # The commune was left under the district after the district stopped on 01/03/2025.
    error = refusal(
        [
            v("CAH-KBA", "Công an huyện Kim Bảng", None, FOUNDED, DISTRICTS_END),
            v("CAX-BSA", "Công an xã Ba Sao", "CAH-KBA", FOUNDED),
        ]
    )

    assert error.field == "parent"
    assert "Công an huyện Kim Bảng" in error.message
    assert "Công an xã Ba Sao" in error.message
    assert "01/03/2025" in error.message


def test_a_parent_that_starts_after_its_child_is_refused() -> None:
    error = refusal(
        [
            v("CAT-NBI-2025", "Công an tỉnh Ninh Bình", None, MERGER),
            v("CAX-BSA", "Công an xã Ba Sao", "CAT-NBI-2025", DISTRICTS_END),
        ]
    )

    assert error.field == "parent"
    assert "01/07/2025" in error.message


def test_a_parent_with_a_gap_in_its_history_is_refused() -> None:
    error = refusal(
        [
            v("P", "Phòng Tham mưu", None, FOUNDED, RENAMED),
            v("P", "Phòng Tham mưu", None, DISTRICTS_END),
            v("D", "Đội 1", "P", FOUNDED),
        ]
    )

    assert error.field == "parent"


def test_a_parent_covered_by_consecutive_versions_is_accepted() -> None:
    validate_versions(
        [
            v("PC03-THO", OLD_PC03_NAME, None, FOUNDED, RENAMED),
            v("PC03-THO", "Phòng Cảnh sát kinh tế", None, RENAMED),
            v("PC03-THO-D1", "Đội 1", "PC03-THO", FOUNDED),
        ]
    )


def test_an_unknown_parent_is_refused() -> None:
    error = refusal([v("CAX-BSA", "Công an xã Ba Sao", "CAH-KBA", FOUNDED)])

    assert error.field == "parent"
    assert "CAH-KBA" in error.message


def test_a_cycle_in_the_parent_links_is_refused_listing_its_units() -> None:
    error = refusal(
        [
            v("A", "Phòng A", "C", FOUNDED),
            v("B", "Phòng B", "A", FOUNDED),
            v("C", "Phòng C", "B", FOUNDED),
        ]
    )

    assert error.field == "parent"
    assert "Phòng A (mã A) → Phòng C (mã C) → Phòng B (mã B) → Phòng A (mã A)" in error.message
    assert "01/01/2018" in error.message


def test_a_cycle_that_appears_only_from_a_later_date_is_refused_with_that_date() -> None:
    error = refusal(
        [
            v("ROOT", "Bộ Công an", None, FOUNDED),
            v("A", "Phòng A", "ROOT", FOUNDED, MERGER),
            v("A", "Phòng A", "B", MERGER),
            v("B", "Phòng B", "A", FOUNDED),
        ]
    )

    assert error.field == "parent"
    assert "01/07/2025" in error.message


def test_a_blank_name_is_refused() -> None:
    error = refusal([v("CAT-HNA", "  ", None, FOUNDED)])

    assert error.field == "name"
    assert "CAT-HNA" in error.message


def test_find_cycle_sees_no_cycle_in_the_2025_history() -> None:
    for day in (FOUNDED, RENAMED, DISTRICTS_END, MERGER):
        assert find_cycle(VERSIONS_2025, day) is None


def test_find_cycle_lists_the_cycle_from_its_smallest_key_on_the_given_day_only() -> None:
    versions = [
        v("C", "Phòng C", "B", FOUNDED),
        v("B", "Phòng B", "C", FOUNDED, MERGER),
    ]

    assert find_cycle(versions, FOUNDED) == ["B", "C"]
    assert find_cycle(versions, MERGER) is None


def test_find_cycle_reports_a_unit_that_is_its_own_parent() -> None:
    assert find_cycle([v("A", "Phòng A", "A", FOUNDED)], FOUNDED) == ["A"]


# --- units_ever_under -------------------------------------------------------------------------


def test_a_province_keeps_in_scope_the_district_police_that_stopped_under_it() -> None:
    assert units_ever_under(VERSIONS_2025, "CAT-HNA") == {
        "CAT-HNA",
        "CAH-KBA",
        "CAX-BSA",
        "CAX-TTH",
    }


def test_a_new_province_covers_its_communes_but_not_districts_gone_before_it_started() -> None:
    assert units_ever_under(VERSIONS_2025, "CAT-NBI-2025") == {
        "CAT-NBI-2025",
        "CAX-BSA",
        "CAX-TTH",
    }


def test_a_unit_only_counts_when_the_whole_chain_held_on_the_same_day() -> None:
    # The team was under the department only after the department had left the province.
    versions = [
        v("PROV", "Công an tỉnh", None, FOUNDED),
        v("OTHER", "Công an tỉnh khác", None, FOUNDED),
        v("DEP", "Phòng", "PROV", FOUNDED, RENAMED),
        v("DEP", "Phòng", "OTHER", RENAMED),
        v("TEAM", "Đội", "OTHER", FOUNDED, RENAMED),
        v("TEAM", "Đội", "DEP", RENAMED),
    ]

    assert units_ever_under(versions, "PROV") == {"PROV", "DEP"}
    assert units_ever_under(versions, "OTHER") == {"OTHER", "DEP", "TEAM"}


def test_units_ever_under_an_unknown_root_is_just_that_root() -> None:
    assert units_ever_under(VERSIONS_2025, "CAT-XYZ") == {"CAT-XYZ"}


# --- Properties -------------------------------------------------------------------------------

POOL = ("A", "B", "C", "D", "E")
DAY0 = date(2024, 1, 1)


@st.composite
def histories(draw: st.DrawFn) -> list[UnitVersion]:
    """Per unit, consecutive versions (no overlap) with arbitrary parents."""
    versions: list[UnitVersion] = []
    for unit in POOL:
        offsets = sorted(draw(st.sets(st.integers(0, 12), min_size=0, max_size=4)))
        if not offsets:
            continue
        open_ended = draw(st.booleans())
        bounds: list[int | None] = [*offsets, None] if open_ended else list(offsets)
        for start, end in pairwise(bounds):
            assert start is not None
            parent = draw(st.sampled_from((None, *POOL)))
            versions.append(
                v(
                    unit,
                    f"Đơn vị {unit}",
                    parent,
                    DAY0 + timedelta(days=start),
                    None if end is None else DAY0 + timedelta(days=end),
                )
            )
    return versions


@st.composite
def forests(draw: st.DrawFn) -> list[UnitVersion]:
    """One day's units whose parent always comes earlier in the pool: never a cycle."""
    names_ = st.sampled_from(("Phòng An ninh", "phòng an ninh", "Đội 1", "Công an xã Ba Sao"))
    versions: list[UnitVersion] = []
    for index, unit in enumerate(POOL):
        parent = draw(st.sampled_from((None, *POOL[:index])))
        versions.append(v(unit, draw(names_), parent, DAY0))
    return versions


def brute_force_under(versions: Sequence[UnitVersion], root: str) -> set[str]:
    found = {root}
    for day in {version.valid_from for version in versions}:
        parent_of = {x.unit: x.parent for x in versions if x.active_on(day)}
        for unit in parent_of:
            seen: set[str] = set()
            current: str | None = unit
            while current is not None and current in parent_of and current not in seen:
                if current == root:
                    found.add(unit)
                    break
                seen.add(current)
                current = parent_of[current]
    return found


@given(histories(), st.sampled_from(POOL))
def test_units_ever_under_matches_a_day_by_day_walk(versions: list[UnitVersion], root: str) -> None:
    assert units_ever_under(versions, root) == brute_force_under(versions, root)


@given(histories())
def test_a_history_that_passes_validation_gives_a_whole_tree_on_every_day(
    versions: list[UnitVersion],
) -> None:
    refused_field: str | None = None
    try:
        validate_versions(versions)
    except DomainError as error:
        refused_field = error.field or "?"
    if refused_field is not None:
        assert refused_field in {"parent", "valid_from", "valid_to"}
        return
    for day in {version.valid_from for version in versions}:
        tree = tree_on(versions, day)
        for root in tree.roots():
            assert root.parent is None


@given(forests())
def test_walk_path_and_depth_agree_with_each_other(versions: list[UnitVersion]) -> None:
    tree = tree_on(versions, DAY0)

    walked = list(tree.walk())

    assert sorted(node.unit for _, node in walked) == sorted(POOL)
    for depth, node in walked:
        assert tree.depth(node.unit) == depth
        assert tree.path(node.unit)[-1] == node
        assert tree.path(node.unit)[:-1] == list(reversed(tree.ancestors(node.unit)))
        children = tree.children(node.unit)
        assert children == sorted(children, key=lambda c: (unicodedata.normalize("NFC", c.name).casefold(), c.unit))
    for root in tree.roots():
        assert len(tree.descendants(root.unit)) + 1 == sum(
            1 for node in tree.walk() if tree.path(node[1].unit)[0] == root
        )


def test_orgtree_can_be_built_directly_for_one_day() -> None:
    tree = OrgTree(MERGER, VERSIONS_2025)

    assert tree.day == MERGER
    assert "CAT-NBI-2025" in tree
