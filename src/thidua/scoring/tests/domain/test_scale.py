"""Scoring scales: the tree adds up, không giao leaves the maximum, totals, ranking with its tie-break, bands."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.scoring.domain.quantitative import LowerIsBetterRule
from thidua.scoring.domain.scale import (
    EXAMPLE_BANDS,
    ClassificationBand,
    Criterion,
    CriterionGroup,
    CriterionKind,
    RankingBasis,
    ScoringScale,
    UnitTotal,
    classify,
    rank_units,
    unit_totals,
    validate_bands,
    validate_scale,
)

D = Decimal


def cluster_scale() -> ScoringScale:
    """A 100-point scale shaped like a cluster's giao ước: 60 + 40, plus bonus/deduction outside the total."""
    return ScoringScale(
        name="Thang điểm Cụm thi đua số 6 năm 2024",
        declared_total=D(100),
        groups=(
            CriterionGroup(
                "I",
                "Kết quả công tác chuyên môn",
                (
                    Criterion("1.1", "Tỷ lệ điều tra khám phá", D(30)),
                    Criterion(
                        "1.2",
                        "Kéo giảm tai nạn giao thông",
                        D(30),
                        lower_is_better_rule=LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR,
                    ),
                ),
                declared_total=D(60),
            ),
            CriterionGroup(
                "II",
                "Xây dựng lực lượng",
                (
                    Criterion("2.1", "Không có cán bộ vi phạm kỷ luật", D(20), CriterionKind.QUALITATIVE),
                    Criterion("2.2", "Mô hình hiệu quả được nhân rộng", D(20), CriterionKind.PER_OCCURRENCE),
                ),
                declared_total=D(40),
            ),
            CriterionGroup(
                "III",
                "Điểm thưởng, điểm trừ",
                (
                    Criterion(
                        "3.1",
                        "Khen thưởng, vi phạm",
                        max_score=D(5),
                        kind=CriterionKind.BONUS_DEDUCTION,
                        min_score=D(-10),
                        outside_total=True,
                    ),
                ),
            ),
        ),
    )


# --- The tree adds up -------------------------------------------------------------------------------------------


def test_a_scale_whose_groups_add_up_to_its_declared_total_is_accepted() -> None:
    scale = cluster_scale()
    validate_scale(scale)
    assert scale.maximum == D(100)  # the bonus outside the total does not count
    assert [g.maximum for g in scale.groups] == [D(60), D(40), D(0)]


def test_a_1000_point_scale_with_nested_groups_is_accepted() -> None:
    inner = CriterionGroup("I.1", "Phòng chống tội phạm", (Criterion("a", "a", D(250)), Criterion("b", "b", D(350))))
    scale = ScoringScale(
        "Thang 1.000 điểm",
        D(1000),
        (
            CriterionGroup("I", "Chuyên môn", (inner, Criterion("c", "c", D(100))), declared_total=D(700)),
            CriterionGroup(
                "II", "Xây dựng lực lượng", (Criterion("d", "d", D("299.5")), Criterion("e", "e", D("0.5")))
            ),
        ),
    )
    validate_scale(scale)
    assert scale.maximum == D(1000)


def test_a_group_whose_criteria_do_not_add_up_is_refused_by_name() -> None:
    scale = cluster_scale()
    group = replace(scale.groups[0], declared_total=D(65))
    with pytest.raises(DomainError) as caught:
        validate_scale(replace(scale, groups=(group, *scale.groups[1:])))
    assert caught.value.field == "I"
    assert "«I. Kết quả công tác chuyên môn» khai báo 65 điểm" in caught.value.message
    assert "60 điểm" in caught.value.message


def test_the_innermost_group_that_does_not_add_up_is_the_one_named() -> None:
    inner = CriterionGroup("I.1", "Phòng chống tội phạm", (Criterion("a", "a", D(20)),), declared_total=D(25))
    outer = CriterionGroup("I", "Chuyên môn", (inner,), declared_total=D(25))
    with pytest.raises(DomainError) as caught:
        validate_scale(ScoringScale("S", D(25), (outer,)))
    assert caught.value.field == "I.1"


def test_a_scale_whose_groups_do_not_reach_its_declared_total_is_refused_listing_the_groups() -> None:
    scale = replace(cluster_scale(), declared_total=D(1000))
    with pytest.raises(DomainError) as caught:
        validate_scale(scale)
    assert caught.value.field == "declared_total"
    message = caught.value.message
    assert "khai báo 1.000 điểm" in message
    assert "được 100 điểm" in message
    assert "nhóm «I. Kết quả công tác chuyên môn»: 60 điểm" in message
    assert "nhóm «II. Xây dựng lực lượng»: 40 điểm" in message


@pytest.mark.parametrize(
    ("criterion", "why"),
    [
        (Criterion("x", "x", D(0)), "điểm tối đa phải lớn hơn 0"),
        (Criterion("x", "x", D("10.005")), "hai chữ số thập phân"),
        (Criterion("x", "x", D(5), CriterionKind.QUALITATIVE, min_score=D(-1)), "điểm âm"),
        (Criterion("x", "x", D(5), outside_total=True), "ngoài thang điểm"),
        (Criterion("x", "x", D(-1), CriterionKind.BONUS_DEDUCTION, min_score=D(-5)), "cận dưới ≤ 0 ≤ cận trên"),
        (Criterion("x", "x", D(0), CriterionKind.BONUS_DEDUCTION), "hai cận khác nhau"),
        (
            Criterion("x", "x", D(5), CriterionKind.QUALITATIVE, lower_is_better_rule=LowerIsBetterRule.INVERSE_RATIO),
            "tiêu chí định lượng",
        ),
    ],
)
def test_an_invalid_criterion_is_refused_naming_it(criterion: Criterion, why: str) -> None:
    scale = ScoringScale("S", D(10), (CriterionGroup("I", "I", (Criterion("ok", "ok", D(10)), criterion)),))
    with pytest.raises(DomainError) as caught:
        validate_scale(scale)
    assert caught.value.field == "x"
    assert why in caught.value.message


def test_codes_are_unique_across_groups_and_criteria() -> None:
    scale = ScoringScale("S", D(10), (CriterionGroup("I", "I", (Criterion("I", "trùng mã nhóm", D(10)),)),))
    with pytest.raises(DomainError) as caught:
        validate_scale(scale)
    assert caught.value.field == "I"


def test_an_empty_group_or_an_empty_scale_is_refused() -> None:
    with pytest.raises(DomainError):
        validate_scale(ScoringScale("S", D(10), (CriterionGroup("I", "I", ()),)))
    with pytest.raises(DomainError):
        validate_scale(ScoringScale("S", D(10), ()))


# --- Unit totals ------------------------------------------------------------------------------------------------


FULL = {"1.1": D(30), "1.2": D("22.50"), "2.1": D(20), "2.2": D("7.5"), "3.1": D(-2)}


def test_a_units_total_sums_its_leaves_and_each_group_sums_its_own() -> None:
    total = unit_totals(cluster_scale(), {"NA": FULL})["NA"]
    # I: 30 + 22.5 = 52.5; II: 20 + 7.5 = 27.5; III: −2; total 52.5 + 27.5 − 2 = 78
    assert total.group_totals == {"I": D("52.50"), "II": D("27.50"), "III": D("-2.00")}
    assert (total.total, total.maximum, total.percent) == (D("78.00"), D(100), D("78.00"))
    assert total.full_score_count == 2  # 1.1 and 2.1
    assert total.unscored == ()


def test_a_criterion_not_assigned_to_a_unit_leaves_its_maximum() -> None:
    scores = {"QB": {"1.1": D(30), "2.1": D(20), "2.2": D(20)}}
    total = unit_totals(cluster_scale(), scores, not_assigned={"QB": ["1.2"]})["QB"]
    # maximum 100 − 30 = 70; total 70 → 100%
    assert (total.total, total.maximum, total.percent) == (D("70.00"), D(70), D("100.00"))
    assert total.unscored == ("3.1",)  # the bonus is assigned but not scored yet


def test_a_criterion_not_assigned_cannot_be_scored_for_that_unit() -> None:
    with pytest.raises(DomainError) as caught:
        unit_totals(cluster_scale(), {"QB": {"1.2": D(10)}}, not_assigned={"QB": {"1.2"}})
    assert caught.value.field == "1.2"
    assert "không giao" in caught.value.message


def test_a_criterion_the_scale_does_not_have_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        unit_totals(cluster_scale(), {"NA": {"9.9": D(1)}})
    assert caught.value.field == "9.9"


@pytest.mark.parametrize(("code", "score"), [("1.1", D("30.01")), ("1.1", D(-1)), ("3.1", D(6)), ("3.1", D(-11))])
def test_a_score_outside_the_criterions_bounds_is_refused(code: str, score: Decimal) -> None:
    with pytest.raises(DomainError) as caught:
        unit_totals(cluster_scale(), {"NA": {code: score}})
    assert caught.value.field == code


def test_unscored_criteria_count_as_zero_and_are_listed() -> None:
    total = unit_totals(cluster_scale(), {"NA": {"1.1": D(15)}})["NA"]
    assert (total.total, total.unscored) == (D("15.00"), ("1.2", "2.1", "2.2", "3.1"))


def test_a_bonus_outside_the_total_can_lift_a_unit_above_its_maximum() -> None:
    scores = {**FULL, "1.2": D(30), "2.2": D(20), "3.1": D(5)}
    total = unit_totals(cluster_scale(), {"NA": scores})["NA"]
    assert (total.total, total.maximum, total.percent) == (D("105.00"), D(100), D("105.00"))


def test_the_percentage_of_the_maximum_rounds_half_up_to_two_decimals() -> None:
    # 19.99 / 30 × 100 = 66.6333… → 66.63; maximum 30 because everything else is không giao
    not_assigned = {"NA": ["1.2", "2.1", "2.2", "3.1"]}
    total = unit_totals(cluster_scale(), {"NA": {"1.1": D("19.99")}}, not_assigned=not_assigned)["NA"]
    assert total.percent == D("66.63")


def test_a_unit_with_every_criterion_not_assigned_has_no_percentage() -> None:
    everything = [c.code for c in cluster_scale().criteria()]
    total = unit_totals(cluster_scale(), {}, not_assigned={"NA": everything})["NA"]
    assert (total.maximum, total.percent) == (D(0), None)


# --- Ranking and its tie-break ----------------------------------------------------------------------------------


def total(value: str, first_group: str = "0", full: int = 0, maximum: str = "100") -> UnitTotal:
    percent = (D(value) / D(maximum) * 100).quantize(D("0.01")) if D(maximum) else None
    return UnitTotal(D(value), D(maximum), percent, {"I": D(first_group)}, full, ())


def ranking(totals: dict[str, UnitTotal], basis: RankingBasis = RankingBasis.TOTAL) -> list[tuple[int, str]]:
    return [(r.rank, r.unit_key) for r in rank_units(cluster_scale(), totals, basis=basis)]


def test_the_higher_total_ranks_first() -> None:
    assert ranking({"NA": total("80"), "HT": total("91.5"), "TH": total("85")}) == [(1, "HT"), (2, "TH"), (3, "NA")]


def test_equal_totals_are_split_by_the_score_in_the_first_group() -> None:
    totals = {"NA": total("90", first_group="50"), "HT": total("90", first_group="55")}
    assert ranking(totals) == [(1, "HT"), (2, "NA")]


def test_then_by_the_number_of_criteria_at_full_score() -> None:
    totals = {"NA": total("90", "55", full=3), "HT": total("90", "55", full=4)}
    assert ranking(totals) == [(1, "HT"), (2, "NA")]


def test_units_equal_on_every_criterion_share_the_rank_and_are_listed_by_unit_key() -> None:
    totals = {
        "TH": total("90", "55", full=4),
        "HT": total("90", "55", full=4),
        "NA": total("95"),
        "QB": total("70"),
    }
    assert ranking(totals) == [(1, "NA"), (2, "HT"), (2, "TH"), (4, "QB")]


def test_ranking_by_percentage_is_fair_to_a_unit_with_criteria_not_assigned() -> None:
    # NA 80/100 = 80%; QB 63/70 = 90%: by total NA first, by percentage QB first
    totals = {"NA": total("80"), "QB": total("63", maximum="70")}
    assert ranking(totals) == [(1, "NA"), (2, "QB")]
    assert ranking(totals, basis=RankingBasis.PERCENT_OF_MAXIMUM) == [(1, "QB"), (2, "NA")]


def test_by_percentage_a_unit_without_a_maximum_ranks_last() -> None:
    totals = {"NA": total("0", maximum="0"), "QB": total("10")}
    assert ranking(totals, basis=RankingBasis.PERCENT_OF_MAXIMUM) == [(1, "QB"), (2, "NA")]


def test_the_ranking_carries_each_units_classification_when_bands_are_given() -> None:
    totals = unit_totals(cluster_scale(), {"NA": FULL, "HT": {**FULL, "1.2": D(30), "2.2": D(20), "3.1": D(0)}})
    ranked = rank_units(cluster_scale(), totals, bands=EXAMPLE_BANDS)
    assert [(r.unit_key, r.total.percent, r.classification) for r in ranked] == [
        ("HT", D("100.00"), "Xuất sắc"),
        ("NA", D("78.00"), "Khá"),
    ]
    assert {r.classification for r in rank_units(cluster_scale(), totals)} == {None}


@given(
    st.dictionaries(
        st.sampled_from(["NA", "HT", "TH", "QB", "QT", "NB"]),
        st.tuples(st.integers(0, 100), st.integers(0, 60), st.integers(0, 4)),
        min_size=1,
    ),
    st.data(),
)
def test_the_ranking_does_not_depend_on_the_order_the_units_come_in(
    raw: dict[str, tuple[int, int, int]], data: st.DataObject
) -> None:
    totals = {key: total(str(t), str(g), f) for key, (t, g, f) in raw.items()}
    shuffled = dict(data.draw(st.permutations(list(totals.items()))))
    assert ranking(totals) == ranking(shuffled)
    ranks = [rank for rank, _ in ranking(totals)]
    assert ranks == sorted(ranks)
    assert ranks[0] == 1


# --- Classification bands ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "label"),
    [("100", "Xuất sắc"), ("95.00", "Xuất sắc"), ("94.99", "Tốt"), ("85", "Tốt"), ("70", "Khá"), ("0", "Yếu")],
)
def test_a_unit_falls_in_the_highest_band_whose_threshold_it_reaches(percent: str, label: str) -> None:
    assert classify(D(percent), EXAMPLE_BANDS) == label


def test_bands_are_data_a_cluster_can_set_differently() -> None:
    bands = [ClassificationBand("Hoàn thành xuất sắc", D(90)), ClassificationBand("Hoàn thành", D(60))]
    assert classify(D(92), bands) == "Hoàn thành xuất sắc"
    assert classify(D(92), EXAMPLE_BANDS) == "Tốt"
    assert classify(D(59), bands) is None
    assert classify(None, bands) is None


def test_bands_come_back_from_the_highest_threshold_down() -> None:
    shuffled = [EXAMPLE_BANDS[2], EXAMPLE_BANDS[0], EXAMPLE_BANDS[4], EXAMPLE_BANDS[1], EXAMPLE_BANDS[3]]
    assert validate_bands(shuffled) == EXAMPLE_BANDS


@pytest.mark.parametrize(
    "bands",
    [
        [ClassificationBand("Tốt", D(85)), ClassificationBand("Tốt", D(70))],
        [ClassificationBand("Tốt", D(85)), ClassificationBand("Khá", D(85))],
        [ClassificationBand(" ", D(85))],
        [ClassificationBand("Yếu", D(-1))],
    ],
)
def test_repeated_blank_or_negative_bands_are_refused(bands: list[ClassificationBand]) -> None:
    with pytest.raises(DomainError):
        validate_bands(bands)
