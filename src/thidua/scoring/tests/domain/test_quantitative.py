"""Điều 6 (DOMAIN.md section 4), every branch by hand, then the properties that must hold for any cluster."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.scoring.domain.quantitative import (
    DEFAULT_LOWER_IS_BETTER_RULE,
    LowerIsBetterRule,
    Outcome,
    QuantitativeScore,
    UnitResult,
    score_quantitative_criterion,
)

Row = tuple[str, str | None, str | None]


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def detailed(
    *rows: Row,
    ms: str = "10",
    preliminary: bool = False,
    rule: LowerIsBetterRule | None = None,
    last_year: dict[str, str] | None = None,
) -> dict[str, QuantitativeScore[str]]:
    years = last_year or {}
    return score_quantitative_criterion(
        [UnitResult(key, _d(target), _d(actual), _d(years.get(key))) for key, target, actual in rows],
        Decimal(ms),
        preliminary=preliminary,
        lower_is_better_rule=rule,
    )


def scores(
    *rows: Row,
    ms: str = "10",
    preliminary: bool = False,
    rule: LowerIsBetterRule | None = None,
    last_year: dict[str, str] | None = None,
) -> dict[str, str]:
    """Scores as strings, so a test reads "7.00" and also checks the two decimals."""
    result = detailed(*rows, ms=ms, preliminary=preliminary, rule=rule, last_year=last_year)
    return {key: str(scored.score) for key, scored in result.items()}


# --- A < T, A = T -----------------------------------------------------------------------------------------------


def test_a_unit_under_target_scores_half_the_maximum_times_its_ratio() -> None:
    # 0.5 × 10 × 80/100 = 4
    assert scores(("NA", "100", "80")) == {"NA": "4.00"}
    assert detailed(("NA", "100", "80"))["NA"].outcome is Outcome.BELOW_TARGET


def test_a_result_of_zero_against_a_positive_target_scores_zero() -> None:
    # 0.5 × 10 × 0/50 = 0
    assert scores(("NA", "50", "0"), ("HT", "50", "60")) == {"NA": "0.00", "HT": "10.00"}


def test_a_unit_exactly_on_target_scores_half_the_maximum() -> None:
    # 0.5 × 10 = 5
    assert scores(("NA", "100", "100"), ("HT", "40", "40.00")) == {"NA": "5.00", "HT": "5.00"}


def test_when_everyone_is_exactly_on_target_nobody_leads_and_everyone_scores_half() -> None:
    result = detailed(("NA", "100", "100"), ("HT", "7", "7"), ("TH", "1799", "1799"), ms="20")
    assert {key: str(s.score) for key, s in result.items()} == {"NA": "10.00", "HT": "10.00", "TH": "10.00"}
    assert {s.outcome for s in result.values()} == {Outcome.ON_TARGET}
    assert {s.leader_ratio for s in result.values()} == {None}


# --- A > T: the leader and the others ---------------------------------------------------------------------------


def test_the_unit_with_the_highest_ratio_over_target_leads_and_scores_the_maximum() -> None:
    # ratios 150/100 = 1.5 (leader), 120/100 = 1.2, 110/100 = 1.1
    result = detailed(("NA", "100", "150"), ("HT", "100", "120"), ("TH", "100", "110"))
    assert result["NA"].outcome is Outcome.LEADER
    assert result["NA"].score == Decimal("10.00")
    assert result["HT"].leader_ratio == Decimal("1.5")


def test_a_unit_over_target_but_not_leading_scores_by_its_share_of_the_leaders_excess() -> None:
    # L = 1.5; HT: 5 + 5 × (1.2 − 1)/(1.5 − 1) = 5 + 5 × 0.4 = 7; TH: 5 + 5 × 0.1/0.5 = 6
    assert scores(("NA", "100", "150"), ("HT", "100", "120"), ("TH", "100", "110")) == {
        "NA": "10.00",
        "HT": "7.00",
        "TH": "6.00",
    }
    assert detailed(("NA", "100", "150"), ("HT", "100", "120"))["HT"].outcome is Outcome.ABOVE_TARGET


def test_units_with_the_same_leading_ratio_share_the_lead() -> None:
    # NA 150/100 = 1.5 and HT 30/20 = 1.5 both lead; TH 1.2: 5 + 5 × 0.2/0.5 = 7
    result = detailed(("NA", "100", "150"), ("HT", "20", "30"), ("TH", "100", "120"))
    assert (result["NA"].outcome, result["HT"].outcome) == (Outcome.LEADER, Outcome.LEADER)
    assert {key: str(s.score) for key, s in result.items()} == {"NA": "10.00", "HT": "10.00", "TH": "7.00"}


def test_a_single_unit_over_target_is_the_leader_and_scores_the_maximum() -> None:
    # HT is the only one over target: L = 101/100 = 1.01, its own ratio; NA 0.5 × 10 × 0.9 = 4.5
    result = detailed(("NA", "100", "90"), ("HT", "100", "101"))
    assert result["HT"].leader_ratio == Decimal("1.01")
    assert scores(("NA", "100", "90"), ("HT", "100", "101")) == {"NA": "4.50", "HT": "10.00"}


def test_the_leader_ratio_is_compared_unrounded() -> None:
    # NA 10/3 = 3.3333…, HT 3.333/1 = 3.333: rounded to two decimals both would lead with 3.33.
    # Unrounded NA leads alone; HT: 500 + 500 × (3.333 − 1)/(10/3 − 1) = 500 + 500 × 6.999/7 = 999.928571… → 999.93
    result = detailed(("NA", "3", "10"), ("HT", "1", "3.333"), ms="1000")
    assert result["NA"].outcome is Outcome.LEADER
    assert result["HT"].outcome is Outcome.ABOVE_TARGET
    assert (str(result["NA"].score), str(result["HT"].score)) == ("1000.00", "999.93")


# --- Rounding ---------------------------------------------------------------------------------------------------


def test_scores_round_half_up_to_two_decimals() -> None:
    # 0.5 × 1 × 1/4 = 0.125 → 0.13 (half up; banker's rounding would give 0.12)
    assert scores(("NA", "4", "1"), ms="1") == {"NA": "0.13"}
    # 0.5 × 1 × 1/8 = 0.0625 → 0.06
    assert scores(("NA", "8", "1"), ms="1") == {"NA": "0.06"}


def test_only_the_final_score_is_rounded_never_the_ratio() -> None:
    # 0.5 × 10 × 2/3 = 3.333… → 3.33 (a ratio rounded first, 0.67, would give 3.35)
    assert scores(("NA", "3", "2")) == {"NA": "3.33"}
    assert str(detailed(("NA", "3", "2"))["NA"].ratio).startswith("0." + "6" * 48)  # 50 significant digits kept


# --- Units without a target; units without a result ---------------------------------------------------------------


def test_units_without_a_target_are_scored_against_the_best_result_of_their_own_group() -> None:
    # no-target group: QB 30 (T empty), QT 60 (T = 0): max 60 → QB 10 × 30/60 = 5, QT 10 × 60/60 = 10
    result = detailed(("QB", None, "30"), ("QT", "0", "60"), ("NA", "100", "100"))
    assert {key: str(s.score) for key, s in result.items()} == {"QB": "5.00", "QT": "10.00", "NA": "5.00"}
    assert result["QB"].outcome is Outcome.NO_TARGET


def test_a_unit_without_a_target_is_never_the_leader() -> None:
    # QB's 1000 with no target does not count: NA leads with 1.5; HT 5 + 5 × 0.2/0.5 = 7
    result = detailed(("QB", None, "1000"), ("NA", "100", "150"), ("HT", "100", "120"))
    assert result["NA"].outcome is Outcome.LEADER
    assert result["NA"].leader_ratio == Decimal("1.5")
    assert str(result["HT"].score) == "7.00"


def test_a_no_target_group_whose_results_are_all_zero_scores_zero() -> None:
    assert scores(("QB", None, "0"), ("QT", "0", "0")) == {"QB": "0.00", "QT": "0.00"}


def test_a_unit_with_neither_target_nor_result_scores_zero() -> None:
    result = detailed(("QB", None, None), ("NA", "100", "150"))
    assert (str(result["QB"].score), result["QB"].outcome) == ("0.00", Outcome.NO_RESULT)


def test_a_unit_with_a_target_but_no_result_scores_zero() -> None:
    result = detailed(("NA", "100", None), ("HT", "100", "100"))
    assert (str(result["NA"].score), result["NA"].outcome) == ("0.00", Outcome.NO_RESULT)


# --- Preliminary score ------------------------------------------------------------------------------------------


def test_a_preliminary_score_gives_half_the_maximum_to_every_unit_at_or_over_target() -> None:
    # the first two rules only: NA 1.5 and HT 1.2 both 0.5 × 10 = 5; TH 0.5 × 10 × 0.8 = 4; nobody leads
    result = detailed(("NA", "100", "150"), ("HT", "100", "120"), ("TH", "100", "80"), preliminary=True)
    assert {key: str(s.score) for key, s in result.items()} == {"NA": "5.00", "HT": "5.00", "TH": "4.00"}
    assert result["NA"].outcome is Outcome.ABOVE_TARGET_PRELIMINARY
    assert result["NA"].leader_ratio is None


def test_a_preliminary_score_leaves_units_without_a_target_pending() -> None:
    result = detailed(("QB", None, "30"), ("NA", "100", "100"), preliminary=True)
    assert (str(result["QB"].score), result["QB"].outcome) == ("0.00", Outcome.NO_TARGET_PENDING)


# --- Lower-is-better indicators ---------------------------------------------------------------------------------


def test_without_a_named_rule_a_lower_is_better_criterion_uses_the_reduction_percent_versus_last_year() -> None:
    assert DEFAULT_LOWER_IS_BETTER_RULE is LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR


def test_the_reduction_percent_versus_last_year_is_the_achievement_against_the_target_reduction() -> None:
    # target: kéo giảm 10% for all. LY 100 → NA 90: −10% → 10/10 = 1 → 5; HT 80: −20% → 2 (leader) → 10;
    # TH 95: −5% → 0.5 → 0.5 × 10 × 0.5 = 2.5; QB 115: +15% counts as 0 → 0
    result = scores(
        ("NA", "10", "90"),
        ("HT", "10", "80"),
        ("TH", "10", "95"),
        ("QB", "10", "115"),
        rule=LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR,
        last_year={"NA": "100", "HT": "100", "TH": "100", "QB": "100"},
    )
    assert result == {"NA": "5.00", "HT": "10.00", "TH": "2.50", "QB": "0.00"}


def test_a_reduction_percent_needs_a_positive_figure_for_the_same_period_last_year() -> None:
    rule = LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR
    with pytest.raises(DomainError) as missing:
        scores(("NA", "10", "90"), rule=rule)
    assert missing.value.field == "same_period_last_year"
    assert "NA" in missing.value.message
    with pytest.raises(DomainError) as zero:
        scores(("NA", "10", "0"), rule=rule, last_year={"NA": "0"})
    assert zero.value.field == "same_period_last_year"


def test_a_unit_without_a_result_needs_no_figure_for_last_year() -> None:
    assert scores(("NA", "10", None), rule=LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR) == {"NA": "0.00"}


def test_the_reduction_amount_versus_last_year_is_the_achievement_against_the_target_amount() -> None:
    # NA: 50 − 40 = 10 vs 5 → 2 (leader) → 10; HT: 50 − 46 = 4 vs 5 → 0.5 × 10 × 0.8 = 4;
    # TH: 30 − 27 = 3 vs 2 → 1.5 → 5 + 5 × 0.5/1 = 7.5; QB no target: 20 − 18 = 2 alone in its group → 10
    result = scores(
        ("NA", "5", "40"),
        ("HT", "5", "46"),
        ("TH", "2", "27"),
        ("QB", None, "18"),
        rule=LowerIsBetterRule.REDUCTION_AMOUNT_VS_LAST_YEAR,
        last_year={"NA": "50", "HT": "50", "TH": "30", "QB": "20"},
    )
    assert result == {"NA": "10.00", "HT": "4.00", "TH": "7.50", "QB": "10.00"}


def test_the_inverse_ratio_divides_the_ceiling_by_the_result() -> None:
    # ceiling 10: NA 5 → 10/5 = 2 (leader) → 10; HT 8 → 1.25 → 5 + 5 × 0.25/1 = 6.25; TH 10 → 5; QB 20 → 0.5 → 2.5
    result = scores(
        ("NA", "10", "5"),
        ("HT", "10", "8"),
        ("TH", "10", "10"),
        ("QB", "10", "20"),
        rule=LowerIsBetterRule.INVERSE_RATIO,
    )
    assert result == {"NA": "10.00", "HT": "6.25", "TH": "5.00", "QB": "2.50"}


def test_under_the_inverse_ratio_a_result_of_zero_leads_and_others_over_target_score_half() -> None:
    # NA 0 under a ceiling of 10: unbounded ratio, leader; HT 10/5 = 2 > 1: 5 + 5 × 1/∞ → 5
    result = detailed(("NA", "10", "0"), ("HT", "10", "5"), ("TH", "10", "20"), rule=LowerIsBetterRule.INVERSE_RATIO)
    assert result["NA"].outcome is Outcome.LEADER
    assert result["NA"].ratio == Decimal("Infinity")
    assert {key: str(s.score) for key, s in result.items()} == {"NA": "10.00", "HT": "5.00", "TH": "2.50"}


def test_under_the_inverse_ratio_units_without_a_ceiling_are_scored_against_the_lowest_result() -> None:
    # min 4: QB 10 × 4/4 = 10, QT 10 × 4/8 = 5; with a 0 in the group only the 0 scores: 10, others 10 × 0/A = 0
    rule = LowerIsBetterRule.INVERSE_RATIO
    assert scores(("QB", None, "4"), ("QT", "0", "8"), rule=rule) == {"QB": "10.00", "QT": "5.00"}
    assert scores(("QB", None, "4"), ("QT", None, "0"), rule=rule) == {"QB": "0.00", "QT": "10.00"}


def test_every_lower_is_better_rule_has_a_vietnamese_label_and_every_outcome_too() -> None:
    assert all(rule.label for rule in LowerIsBetterRule)
    assert all(outcome.label for outcome in Outcome)


# --- Refusals ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "last_year", "field"),
    [
        (("NA", "-1", "5"), None, "target"),
        (("NA", "10", "-0.01"), None, "actual"),
        (("NA", "10", "5"), "-3", "same_period_last_year"),
        (("NA", "NaN", "5"), None, "target"),
        (("NA", "10", "Infinity"), None, "actual"),
    ],
)
def test_negative_or_non_finite_figures_are_refused_naming_the_field_and_unit(
    row: Row, last_year: str | None, field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        scores(row, last_year={"NA": last_year} if last_year else None)
    assert caught.value.field == field
    assert "«NA»" in caught.value.message


@pytest.mark.parametrize("ms", ["0", "-10", "10.005"])
def test_the_maximum_must_be_positive_with_at_most_two_decimals(ms: str) -> None:
    with pytest.raises(DomainError) as caught:
        scores(("NA", "10", "5"), ms=ms)
    assert caught.value.field == "max_score"


def test_two_rows_for_the_same_unit_are_refused() -> None:
    with pytest.raises(DomainError) as caught:
        scores(("NA", "10", "5"), ("NA", "10", "6"))
    assert caught.value.field == "results"


def test_a_float_is_refused_because_it_carries_binary_rounding_errors() -> None:
    with pytest.raises(TypeError):
        score_quantitative_criterion([UnitResult("NA", Decimal(10), 0.1)], Decimal(10))  # type: ignore[arg-type]


# --- Properties -------------------------------------------------------------------------------------------------

# Small whole numbers make ties (for the lead, on target, in the no-target group) common; decimals cover the rest.
_amounts = st.one_of(
    st.integers(min_value=0, max_value=12).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)
_targets = st.one_of(st.none(), st.just(Decimal(0)), _amounts)
_actuals = st.one_of(st.none(), _amounts)
_max_scores = st.decimals(min_value="0.01", max_value=1000, places=2, allow_nan=False, allow_infinity=False)
_rules = st.sampled_from([None, LowerIsBetterRule.INVERSE_RATIO, LowerIsBetterRule.REDUCTION_AMOUNT_VS_LAST_YEAR])


@st.composite
def clusters(draw: st.DrawFn) -> list[UnitResult[str]]:
    """Up to 12 units with any mix of targets, results and last-year figures (last year > 0 for the reduction %)."""
    keys = draw(st.lists(st.sampled_from([f"U{i:02}" for i in range(20)]), min_size=1, max_size=12, unique=True))
    last_years = st.decimals(min_value="0.01", max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
    return [UnitResult(key, draw(_targets), draw(_actuals), draw(last_years)) for key in keys]


_all_rules = st.sampled_from([None, *LowerIsBetterRule])


@given(clusters(), _max_scores, _all_rules, st.booleans())
def test_a_score_stays_between_zero_and_the_maximum(
    units: list[UnitResult[str]], ms: Decimal, rule: LowerIsBetterRule | None, preliminary: bool
) -> None:
    for scored in score_quantitative_criterion(units, ms, preliminary=preliminary, lower_is_better_rule=rule).values():
        assert Decimal(0) <= scored.score <= ms
        assert scored.score == scored.score.quantize(Decimal("0.01"))


@given(clusters(), _max_scores, _all_rules, st.booleans(), st.data())
def test_a_better_result_never_lowers_that_units_score(
    units: list[UnitResult[str]],
    ms: Decimal,
    rule: LowerIsBetterRule | None,
    preliminary: bool,
    data: st.DataObject,
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(units) - 1))
    unit = units[index]
    step = data.draw(_amounts.filter(lambda amount: amount > 0))
    if unit.actual is None:
        better = Decimal(0) if rule is not None else step  # any result beats none
    elif rule is None:
        better = unit.actual + step
    else:  # lower is better: a smaller figure (never below 0)
        better = max(unit.actual - step, Decimal(0))
    improved = [*units[:index], UnitResult(unit.unit_key, unit.target, better, unit.same_period_last_year)]
    improved += units[index + 1 :]
    before = score_quantitative_criterion(units, ms, preliminary=preliminary, lower_is_better_rule=rule)
    after = score_quantitative_criterion(improved, ms, preliminary=preliminary, lower_is_better_rule=rule)
    assert after[unit.unit_key].score >= before[unit.unit_key].score


@given(clusters(), _max_scores, _all_rules, st.booleans(), st.data())
def test_reordering_the_units_changes_no_score(
    units: list[UnitResult[str]],
    ms: Decimal,
    rule: LowerIsBetterRule | None,
    preliminary: bool,
    data: st.DataObject,
) -> None:
    shuffled = data.draw(st.permutations(units))
    original = score_quantitative_criterion(units, ms, preliminary=preliminary, lower_is_better_rule=rule)
    reordered = score_quantitative_criterion(shuffled, ms, preliminary=preliminary, lower_is_better_rule=rule)
    assert {k: v.score for k, v in original.items()} == {k: v.score for k, v in reordered.items()}


@given(
    clusters(),
    _max_scores,
    _rules,
    st.booleans(),
    st.decimals(min_value="0.01", max_value=1000, places=2, allow_nan=False, allow_infinity=False),
)
def test_scaling_every_target_and_result_by_the_same_factor_changes_no_score(
    units: list[UnitResult[str]],
    ms: Decimal,
    rule: LowerIsBetterRule | None,
    preliminary: bool,
    factor: Decimal,
) -> None:
    def scaled(value: Decimal | None) -> Decimal | None:
        return None if value is None else value * factor

    scaled_units = [
        UnitResult(u.unit_key, scaled(u.target), scaled(u.actual), scaled(u.same_period_last_year)) for u in units
    ]
    original = score_quantitative_criterion(units, ms, preliminary=preliminary, lower_is_better_rule=rule)
    rescaled = score_quantitative_criterion(scaled_units, ms, preliminary=preliminary, lower_is_better_rule=rule)
    assert {k: v.score for k, v in original.items()} == {k: v.score for k, v in rescaled.items()}


@given(clusters(), _max_scores, st.data())
def test_scaling_results_and_last_year_leaves_a_reduction_percent_score_unchanged(
    units: list[UnitResult[str]], ms: Decimal, data: st.DataObject
) -> None:
    factor = data.draw(st.decimals(min_value="0.01", max_value=1000, places=2, allow_nan=False, allow_infinity=False))
    rule = LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR
    scaled_units = [
        UnitResult(
            u.unit_key,
            u.target,  # the target is a percentage: it does not scale
            None if u.actual is None else u.actual * factor,
            None if u.same_period_last_year is None else u.same_period_last_year * factor,
        )
        for u in units
    ]
    original = score_quantitative_criterion(units, ms, lower_is_better_rule=rule)
    rescaled = score_quantitative_criterion(scaled_units, ms, lower_is_better_rule=rule)
    assert {k: v.score for k, v in original.items()} == {k: v.score for k, v in rescaled.items()}
