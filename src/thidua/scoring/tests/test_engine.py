"""The scoring engine: the public ``score_quantitative`` (DESIGN.md) and the other three criterion types."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.scoring import engine
from thidua.scoring.engine import (
    LowerIsBetterRule,
    Outcome,
    score_bonus_deduction,
    score_per_occurrence,
    score_qualitative,
    score_quantitative,
    score_quantitative_detailed,
)

D = Decimal


# --- score_quantitative, the public library function ---------------------------------------------------------------


def test_score_quantitative_returns_each_units_cluster_score_by_the_dieu_6_rule() -> None:
    # NA 150/100 = 1.5 leads → 20; HT 1.2 → 10 + 10 × 0.2/0.5 = 14; TH 80/100 → 0.5 × 20 × 0.8 = 8;
    # NB on target → 10; QB no target, alone in its group → 20; QT nothing → 0
    results = [
        ("NA", D(100), D(150)),
        ("HT", D(100), D(120)),
        ("TH", D(100), D(80)),
        ("NB", D(1799), D(1799)),
        ("QB", None, D(3)),
        ("QT", None, None),
    ]
    assert score_quantitative(results, D(20)) == {
        "NA": D("20.00"),
        "HT": D("14.00"),
        "TH": D("8.00"),
        "NB": D("10.00"),
        "QB": D("20.00"),
        "QT": D("0.00"),
    }


def test_score_quantitative_takes_any_iterable_and_any_hashable_unit_key() -> None:
    def rows() -> Iterator[tuple[tuple[str, int], Decimal | None, Decimal | None]]:
        yield ("CAT", 2024), D(10), D(5)
        yield ("CAT", 2025), D(10), D(10)

    assert score_quantitative(rows(), D(10)) == {("CAT", 2024): D("2.50"), ("CAT", 2025): D("5.00")}


def test_score_quantitative_preliminary_uses_only_the_first_two_rules() -> None:
    results = [("NA", D(100), D(150)), ("HT", D(100), D(120))]
    assert score_quantitative(results, D(10), preliminary=True) == {"NA": D("5.00"), "HT": D("5.00")}


def test_score_quantitative_applies_the_lower_is_better_rule_with_last_years_figures() -> None:
    # kéo giảm 10%: NA 100 → 85 = −15% → 1.5 (leader) → 10; HT 200 → 190 = −5% → 0.5 × 10 × 0.5 = 2.5
    results = [("NA", D(10), D(85)), ("HT", D(10), D(190))]
    assert score_quantitative(
        results,
        D(10),
        lower_is_better_rule=LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR,
        same_period_last_year={"NA": D(100), "HT": D(200)},
    ) == {"NA": D("10.00"), "HT": D("2.50")}


def test_score_quantitative_refuses_a_negative_figure_in_vietnamese() -> None:
    with pytest.raises(DomainError) as caught:
        score_quantitative([("NA", D(10), D(-1))], D(10))
    assert caught.value.field == "actual"
    assert caught.value.message == "Đơn vị «NA»: kết quả thực hiện không được là số âm (-1)."


def test_the_detailed_score_says_which_rule_gave_it() -> None:
    detailed = score_quantitative_detailed([("NA", D(100), D(150)), ("HT", D(100), D(120))], D(10))
    assert (detailed["NA"].outcome, detailed["HT"].outcome) == (Outcome.LEADER, Outcome.ABOVE_TARGET)
    assert detailed["HT"].leader_ratio == D("1.5")


def test_the_scoring_core_imports_no_django() -> None:
    package = Path(engine.__file__).parent
    modules = [package / "engine.py", *sorted((package / "domain").glob("*.py"))]
    imported: set[str] = set()
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert "thidua.scoring.domain.quantitative" in imported
    assert not {name for name in imported if name.split(".")[0] in {"django", "rest_framework"}}


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.decimals(min_value=0, max_value=10**4, places=2)),
            st.one_of(st.none(), st.decimals(min_value=0, max_value=10**4, places=2)),
        ),
        min_size=1,
        max_size=10,
    ),
    st.decimals(min_value="0.01", max_value=1000, places=2),
)
def test_score_quantitative_gives_every_unit_a_score_within_the_maximum(
    figures: list[tuple[Decimal | None, Decimal | None]], ms: Decimal
) -> None:
    results = [(f"U{i}", target, actual) for i, (target, actual) in enumerate(figures)]
    scored = score_quantitative(results, ms)
    assert scored.keys() == {key for key, _, _ in results}
    assert all(D(0) <= score <= ms for score in scored.values())


# --- Định tính ----------------------------------------------------------------------------------------------------


def test_a_qualitative_criterion_scores_the_maximum_when_achieved_else_zero() -> None:
    assert score_qualitative(True, D("7.5")) == D("7.50")
    assert score_qualitative(False, D("7.5")) == D("0.00")


# --- Chấm thẳng ---------------------------------------------------------------------------------------------------


def test_points_per_occurrence_add_up_to_the_maximum_and_no_further() -> None:
    # 3 × 2.5 = 7.5; 5 × 2.5 = 12.5 capped at 10; 0 × 2.5 = 0
    assert score_per_occurrence(3, D("2.5"), D(10)) == D("7.50")
    assert score_per_occurrence(5, D("2.5"), D(10)) == D("10.00")
    assert score_per_occurrence(0, D("2.5"), D(10)) == D("0.00")


def test_points_per_occurrence_round_half_up() -> None:
    # 3 × 0.335 = 1.005 → 1.01
    assert score_per_occurrence(3, D("0.335"), D(10)) == D("1.01")


def test_a_negative_count_or_negative_points_are_refused() -> None:
    with pytest.raises(DomainError) as count:
        score_per_occurrence(-1, D(1), D(10))
    assert count.value.field == "count"
    with pytest.raises(DomainError) as points:
        score_per_occurrence(1, D(-1), D(10))
    assert points.value.field == "points_per_occurrence"


# --- Cộng / trừ ---------------------------------------------------------------------------------------------------


def test_bonus_minus_deduction_within_the_criterions_bounds() -> None:
    # 2 × 1 − 3 × 2 = −4, inside [−5, 3]
    assert score_bonus_deduction(
        lower_bound=D(-5), upper_bound=D(3), bonus_points=D(1), bonus_count=2, penalty_points=D(2), penalty_count=3
    ) == D("-4.00")


def test_bonus_and_deduction_are_clamped_to_the_criterions_bounds() -> None:
    # 6 × 1 = 6 → 3 (upper bound); −4 × 3 = −12 → −5 (lower bound)
    assert score_bonus_deduction(lower_bound=D(-5), upper_bound=D(3), bonus_points=D(1), bonus_count=6) == D("3.00")
    assert score_bonus_deduction(lower_bound=D(-5), upper_bound=D(3), penalty_points=D(3), penalty_count=4) == D(
        "-5.00"
    )


def test_no_bonus_and_no_deduction_scores_zero() -> None:
    assert score_bonus_deduction(lower_bound=D(-5), upper_bound=D(3)) == D("0.00")


@pytest.mark.parametrize(("low", "high"), [(D(1), D(5)), (D(-5), D(-1)), (D(0), D(0)), (D("-0.005"), D(1))])
def test_bounds_that_do_not_straddle_zero_are_refused(low: Decimal, high: Decimal) -> None:
    with pytest.raises(DomainError):
        score_bonus_deduction(lower_bound=low, upper_bound=high)


@given(
    st.integers(0, 50),
    st.integers(0, 50),
    st.decimals(min_value=0, max_value=10, places=2),
    st.decimals(min_value=0, max_value=10, places=2),
)
def test_a_bonus_deduction_score_never_leaves_its_bounds(
    bonus_count: int, penalty_count: int, bonus: Decimal, penalty: Decimal
) -> None:
    score = score_bonus_deduction(
        lower_bound=D(-10),
        upper_bound=D(5),
        bonus_points=bonus,
        bonus_count=bonus_count,
        penalty_points=penalty,
        penalty_count=penalty_count,
    )
    assert D(-10) <= score <= D(5)
