"""Rules of succession between org units (kế thừa đơn vị: hợp nhất, sáp nhập, chia, tách)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.organisations.domain.succession import (
    Succession,
    SuccessionKind,
    check_against_versions,
    predecessors_of,
    restatement_sources,
    restatement_warnings,
    successors_of,
    validate_succession,
)
from thidua.organisations.domain.tree import UnitVersion
from thidua.organisations.tests.domain.test_tree import (
    DISTRICTS_END,
    FOUNDED,
    MERGER,
    RENAMED,
    VERSIONS_2025,
    v,
)

MERGE = SuccessionKind.MERGE
ABSORB = SuccessionKind.ABSORB
SPLIT = SuccessionKind.SPLIT
SPLIT_OFF = SuccessionKind.SPLIT_OFF
RENAME = SuccessionKind.RENAME
DISSOLVE = SuccessionKind.DISSOLVE

NINH_BINH_2025 = Succession(MERGE, MERGER, ("CAT-HNA", "CAT-NDI", "CAT-NBI"), ("CAT-NBI-2025",))
QUANG_TRI_2025 = Succession(MERGE, MERGER, ("CAT-QBI", "CAT-QTR"), ("CAT-QTR-2025",))


def s(
    kind: SuccessionKind,
    predecessors: tuple[str, ...],
    successors: tuple[str, ...],
    effective: date = MERGER,
) -> Succession:
    return Succession(kind, effective, predecessors, successors)


def refusal(succession: Succession, versions: tuple[UnitVersion, ...] | None = None) -> DomainError:
    """The refusal of the record alone, or of the record against ``versions`` when given."""
    check = validate_succession if versions is None else lambda record: check_against_versions(record, versions)
    with pytest.raises(DomainError) as caught:
        check(succession)
    return caught.value


# --- Kinds and their shape --------------------------------------------------------------------


def test_each_kind_has_its_vietnamese_label() -> None:
    assert [kind.label for kind in SuccessionKind] == [
        "Hợp nhất",
        "Sáp nhập",
        "Chia",
        "Tách",
        "Đổi tên",
        "Giải thể",
    ]


@pytest.mark.parametrize(
    "succession",
    [
        s(MERGE, ("A", "B"), ("C",)),
        s(MERGE, ("A", "B", "C"), ("D",)),
        s(ABSORB, ("A",), ("D",)),
        s(ABSORB, ("A", "B"), ("D",)),
        s(SPLIT, ("A",), ("B", "C")),
        s(SPLIT_OFF, ("A",), ("B",)),
        s(SPLIT_OFF, ("A",), ("B", "C")),
        s(RENAME, ("A",), ("A",)),
        s(DISSOLVE, ("A",), ()),
        s(DISSOLVE, ("A", "B"), ("C", "D")),
    ],
    ids=lambda x: f"{x.kind}-{len(x.predecessors)}-{len(x.successors)}",
)
def test_well_formed_successions_are_accepted(succession: Succession) -> None:
    validate_succession(succession)


@pytest.mark.parametrize(
    ("succession", "field"),
    [
        (s(MERGE, ("A",), ("C",)), "predecessors"),
        (s(MERGE, ("A", "B"), ()), "successors"),
        (s(MERGE, ("A", "B"), ("C", "D")), "successors"),
        (s(ABSORB, (), ("D",)), "predecessors"),
        (s(ABSORB, ("A",), ("C", "D")), "successors"),
        (s(SPLIT, ("A", "B"), ("C", "D")), "predecessors"),
        (s(SPLIT, ("A",), ("B",)), "successors"),
        (s(SPLIT_OFF, ("A", "B"), ("C",)), "predecessors"),
        (s(SPLIT_OFF, ("A",), ()), "successors"),
        (s(RENAME, ("A", "B"), ("A", "B")), "predecessors"),
        (s(RENAME, ("A",), ()), "successors"),
        (s(DISSOLVE, (), ("C",)), "predecessors"),
    ],
    ids=lambda x: x if isinstance(x, str) else f"{x.kind}-{len(x.predecessors)}-{len(x.successors)}",
)
def test_a_wrong_number_of_units_for_the_kind_is_refused(succession: Succession, field: str) -> None:
    error = refusal(succession)

    assert error.field == field
    assert succession.kind.label in error.message
    assert "01/07/2025" in error.message


def test_a_merge_with_one_predecessor_says_how_many_are_needed() -> None:
    error = refusal(s(MERGE, ("CAT-HNA",), ("CAT-NBI-2025",)))

    assert error.message == ("Hợp nhất ngày 01/07/2025 cần ít nhất 2 đơn vị được hợp nhất; hiện có 1: mã CAT-HNA.")


def test_a_unit_listed_twice_is_refused_on_its_side() -> None:
    error = refusal(s(MERGE, ("CAT-HNA", "CAT-HNA"), ("CAT-NBI-2025",)))

    assert error.field == "predecessors"
    assert "CAT-HNA" in error.message


def test_a_blank_unit_key_is_refused() -> None:
    assert refusal(s(SPLIT, ("A",), ("B", " "))).field == "successors"


def test_merging_a_unit_into_itself_is_refused() -> None:
    error = refusal(s(MERGE, ("CAT-NBI", "CAT-HNA", "CAT-NDI"), ("CAT-NBI",)))

    assert error.field == "successors"
    assert "CAT-NBI" in error.message
    assert "chính nó" in error.message


def test_absorbing_a_unit_into_itself_is_refused() -> None:
    assert refusal(s(ABSORB, ("A", "D"), ("D",))).field == "successors"


def test_a_rename_must_keep_the_same_unit_on_both_sides() -> None:
    error = refusal(s(RENAME, ("PC03-THO",), ("PC03-HNA",)))

    assert error.field == "successors"
    assert "PC03-THO" in error.message


# --- Against the dated versions ---------------------------------------------------------------


def test_the_2025_provincial_mergers_agree_with_the_versions() -> None:
    check_against_versions(NINH_BINH_2025, VERSIONS_2025)
    check_against_versions(QUANG_TRI_2025, VERSIONS_2025)


def test_a_merger_on_a_date_the_versions_do_not_show_is_refused() -> None:
    wrong = Succession(MERGE, date(2025, 6, 1), NINH_BINH_2025.predecessors, ("CAT-NBI-2025",))

    error = refusal(wrong, VERSIONS_2025)

    assert error.field == "effective"
    assert "Công an tỉnh Hà Nam (mã CAT-HNA)" in error.message
    assert "01/06/2025" in error.message
    assert "từ 01/01/2018 đến trước 01/07/2025" in error.message


def test_a_merged_unit_still_operating_after_the_merger_is_refused() -> None:
    wrong = Succession(MERGE, MERGER, ("CAT-THO", "CAT-NAN"), ("CAT-NBI-2025",))

    error = refusal(wrong, VERSIONS_2025)

    assert error.field == "effective"
    assert "Công an tỉnh Thanh Hóa (mã CAT-THO)" in error.message


def test_a_new_unit_of_a_merger_must_not_exist_before_it() -> None:
    wrong = Succession(MERGE, MERGER, ("CAT-QBI", "CAT-QTR"), ("CAT-HTI",))

    error = refusal(wrong, VERSIONS_2025)

    assert error.field == "effective"
    assert "Công an tỉnh Hà Tĩnh (mã CAT-HTI)" in error.message


def test_a_unit_missing_from_the_versions_is_refused_on_its_side() -> None:
    wrong = Succession(MERGE, MERGER, ("CAT-QBI", "CAT-QTR"), ("CAT-QTR-2026",))

    error = refusal(wrong, VERSIONS_2025)

    assert error.field == "successors"
    assert "CAT-QTR-2026" in error.message


def test_district_police_dissolved_on_01_03_2025_hand_over_to_the_province() -> None:
    dissolution = Succession(DISSOLVE, DISTRICTS_END, ("CAH-KBA",), ("CAT-HNA",))

    check_against_versions(dissolution, VERSIONS_2025)


def test_a_unit_taking_over_tasks_must_be_operating_on_the_day() -> None:
    dissolution = Succession(DISSOLVE, DISTRICTS_END, ("CAH-KBA",), ("CAT-NBI-2025",))

    assert refusal(dissolution, VERSIONS_2025).field == "successors"


def test_a_unit_absorbing_another_keeps_operating_across_the_day() -> None:
    absorb = Succession(ABSORB, MERGER, ("CAT-HNA",), ("CAT-THO",))
    absorb_into_new = Succession(ABSORB, MERGER, ("CAT-HNA",), ("CAT-NBI-2025",))

    check_against_versions(absorb, VERSIONS_2025)
    error = refusal(absorb_into_new, VERSIONS_2025)
    assert error.field == "effective"
    assert "30/06/2025" in error.message


def test_a_split_off_keeps_the_old_unit_and_starts_the_new_one() -> None:
    versions = (
        v("CAT-THO", "Công an tỉnh Thanh Hóa", None, FOUNDED),
        v("PC03-THO", "Phòng Cảnh sát kinh tế", "CAT-THO", FOUNDED),
        v("PC04-THO", "Phòng Cảnh sát điều tra tội phạm về ma túy", "CAT-THO", MERGER),
    )

    check_against_versions(Succession(SPLIT_OFF, MERGER, ("PC03-THO",), ("PC04-THO",)), versions)
    late = Succession(SPLIT_OFF, date(2025, 8, 1), ("PC03-THO",), ("PC04-THO",))
    assert refusal(late, versions).field == "effective"


def test_a_rename_needs_versions_that_change_on_that_day() -> None:
    check_against_versions(Succession(RENAME, RENAMED, ("PC03-THO",), ("PC03-THO",)), VERSIONS_2025)

    error = refusal(Succession(RENAME, MERGER, ("PC03-THO",), ("PC03-THO",)), VERSIONS_2025)
    assert error.field == "effective"
    assert "Phòng Cảnh sát kinh tế (mã PC03-THO)" in error.message


def test_a_rename_where_the_name_stays_the_same_is_refused() -> None:
    # On 01/03/2025 the commune police only changed parent: that is not a rename.
    error = refusal(Succession(RENAME, DISTRICTS_END, ("CAX-BSA",), ("CAX-BSA",)), VERSIONS_2025)

    assert error.field == "effective"
    assert "Công an xã Ba Sao" in error.message


def test_the_shape_is_checked_before_the_dates() -> None:
    assert refusal(s(MERGE, ("CAT-HNA",), ("CAT-NBI-2025",)), VERSIONS_2025).field == ("predecessors")


# --- Lineage ----------------------------------------------------------------------------------

FIRST = date(2025, 3, 1)
SECOND = date(2025, 7, 1)
CHAIN = (
    Succession(MERGE, FIRST, ("B", "A"), ("C",)),
    Succession(ABSORB, SECOND, ("C",), ("D",)),
)


def test_predecessors_are_followed_through_a_merge_then_an_absorption() -> None:
    assert predecessors_of("D", CHAIN) == ["A", "B", "C"]


def test_direct_predecessors_only_when_not_transitive() -> None:
    assert predecessors_of("D", CHAIN, transitive=False) == ["C"]


def test_successors_are_followed_forward_in_date_order() -> None:
    assert successors_of("A", CHAIN) == ["C", "D"]
    assert successors_of("A", CHAIN, transitive=False) == ["C"]
    assert successors_of("D", CHAIN) == []


def test_the_2025_merger_gives_the_new_province_its_three_predecessors() -> None:
    assert predecessors_of("CAT-NBI-2025", [NINH_BINH_2025, QUANG_TRI_2025]) == [
        "CAT-HNA",
        "CAT-NBI",
        "CAT-NDI",
    ]
    assert successors_of("CAT-HNA", [NINH_BINH_2025, QUANG_TRI_2025]) == ["CAT-NBI-2025"]


def test_a_rename_adds_no_lineage() -> None:
    events = [Succession(RENAME, RENAMED, ("PC03-THO",), ("PC03-THO",))]

    assert predecessors_of("PC03-THO", events) == []
    assert successors_of("PC03-THO", events) == []


def test_a_cycle_in_bad_data_ends_and_never_lists_the_unit_itself() -> None:
    events = [
        Succession(ABSORB, FIRST, ("A",), ("B",)),
        Succession(ABSORB, SECOND, ("B",), ("A",)),
    ]

    assert predecessors_of("A", events) == ["B"]
    assert successors_of("A", events) == ["B"]


# --- Restated comparison ----------------------------------------------------------------------


def test_restatement_sums_the_unit_and_its_merged_and_absorbed_predecessors() -> None:
    assert restatement_sources("D", CHAIN) == {"A", "B", "C", "D"}
    assert restatement_warnings("D", CHAIN) == []


def test_restatement_of_the_new_ninh_binh_sums_the_three_old_provinces() -> None:
    events = [NINH_BINH_2025, QUANG_TRI_2025]

    assert restatement_sources("CAT-NBI-2025", events) == {
        "CAT-NBI-2025",
        "CAT-HNA",
        "CAT-NDI",
        "CAT-NBI",
    }


def test_a_unit_without_history_is_restated_as_itself() -> None:
    assert restatement_sources("CAT-THO", [NINH_BINH_2025]) == {"CAT-THO"}


def test_a_split_is_not_summed_and_is_reported_in_a_warning() -> None:
    events = [
        Succession(SPLIT, FIRST, ("X",), ("Y", "Z")),
        Succession(MERGE, SECOND, ("Y", "W"), ("V",)),
    ]

    assert restatement_sources("V", events) == {"V", "Y", "W"}
    warnings = restatement_warnings("V", events)
    assert len(warnings) == 1
    assert "mã Y" in warnings[0]
    assert "mã X" in warnings[0]
    assert "01/03/2025" in warnings[0]


def test_a_unit_that_split_a_part_off_is_warned_that_its_earlier_figures_include_it() -> None:
    events = [Succession(SPLIT_OFF, FIRST, ("D",), ("E",))]

    assert restatement_sources("D", events) == {"D"}
    assert restatement_sources("E", events) == {"E"}
    assert len(restatement_warnings("D", events)) == 1
    assert "mã E" in restatement_warnings("D", events)[0]
    assert "mã D" in restatement_warnings("E", events)[0]


def test_a_split_outside_the_lineage_gives_no_warning() -> None:
    events = [*CHAIN, Succession(SPLIT, FIRST, ("X",), ("Y", "Z"))]

    assert restatement_warnings("D", events) == []


# --- Properties -------------------------------------------------------------------------------

POOL = ("A", "B", "C", "D", "E", "F")

events_strategy = st.lists(
    st.builds(
        Succession,
        kind=st.sampled_from(SuccessionKind),
        effective=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
        predecessors=st.lists(st.sampled_from(POOL), max_size=3).map(tuple),
        successors=st.lists(st.sampled_from(POOL), max_size=3).map(tuple),
    ),
    max_size=8,
)


@given(events_strategy, st.sampled_from(POOL), st.sampled_from(POOL))
def test_x_precedes_y_exactly_when_y_succeeds_x(events: list[Succession], x: str, y: str) -> None:
    assert (x in predecessors_of(y, events)) == (y in successors_of(x, events))


@given(events_strategy, st.sampled_from(POOL))
def test_lineage_never_lists_the_unit_itself_and_restatement_stays_within_it(
    events: list[Succession], unit: str
) -> None:
    predecessors = predecessors_of(unit, events)

    assert unit not in predecessors
    assert unit not in successors_of(unit, events)
    assert len(set(predecessors)) == len(predecessors)
    assert restatement_sources(unit, events) <= {unit, *predecessors}
    assert set(predecessors_of(unit, events, transitive=False)) <= set(predecessors)
