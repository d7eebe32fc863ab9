"""Pure rules of the approved totals: a report's figures, deltas, rates recomputed from sums, comparisons, pivot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.analytics.domain.pivot import pivot
from thidua.analytics.domain.totals import (
    TOTAL,
    ZERO,
    Figure,
    add_figures,
    compare,
    figure_deltas,
    report_figures,
    value_of,
)
from thidua.analytics.domain.tree import ancestors, parents_for_period
from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.indicators import Direction
from thidua.indicators.domain.targets import TargetKind


def test_a_breakdown_without_a_typed_total_totals_its_options():
    figures = report_figures([(1, 10, Decimal(3)), (1, 11, Decimal(4)), (2, None, Decimal(7)), (3, None, None)])
    assert figures == {
        (1, 10): Figure(Decimal(3), 1),
        (1, 11): Figure(Decimal(4), 1),
        (1, TOTAL): Figure(Decimal(7), 1),
        (2, TOTAL): Figure(Decimal(7), 1),
    }


def test_a_rate_is_recomputed_from_summed_counts_never_averaged():
    # Two units: 90/100 and 150/300. Summed: 240/400 = 60%; the average of 90% and 50% would be 70%.
    a = {(1, TOTAL): Figure(Decimal(90), 1), (2, TOTAL): Figure(Decimal(100), 1)}
    b = {(1, TOTAL): Figure(Decimal(150), 1), (2, TOTAL): Figure(Decimal(300), 1)}
    summed = {key[0]: figure.shown for key, figure in add_figures(a, b).items()}
    assert value_of(summed, 3, {3: (1, 2)}) == Decimal("60.00")


figures = st.dictionaries(
    st.tuples(st.integers(1, 4), st.integers(0, 2)),
    st.builds(Figure, st.decimals(-1000, 1000, places=2, allow_nan=False), st.integers(0, 3)),
    max_size=8,
)


@settings(deadline=None)  # the machine is shared: no timing in tests
@given(figures, figures, figures)
def test_adding_the_deltas_to_a_roll_up_gives_the_roll_up_of_the_new_figures(other, old, new):
    before = add_figures(other, old)
    after = add_figures(before, figure_deltas(old, new))
    expected = add_figures(other, new)
    keys = set(after) | set(expected)
    assert all(after.get(k, ZERO) == expected.get(k, ZERO) for k in keys)


def test_a_change_target_applies_to_last_years_figure():
    c = compare(
        actual=Decimal(400),
        last_year=Decimal(500),
        target_kind=TargetKind.CHANGE_VS_LAST_YEAR,
        target_value=Decimal(-10),
        direction=Direction.LOWER_IS_BETTER,
    )
    assert (c.target, c.percent_of_target, c.met, c.change, c.change_percent) == (
        Decimal("450.00"),
        Decimal("88.9"),
        True,
        Decimal(-100),
        Decimal("-20.0"),
    )


def test_without_last_year_there_is_no_change_and_no_change_target():
    c = compare(
        actual=Decimal(5),
        last_year=None,
        target_kind=TargetKind.CHANGE_VS_LAST_YEAR,
        target_value=Decimal(-10),
        direction=Direction.LOWER_IS_BETTER,
    )
    assert (c.target, c.change, c.change_percent, c.met) == (None, None, None, None)


def test_a_dissolved_district_still_rolls_up_into_its_province_for_the_period_it_reported():
    versions = [
        (1, None, date(2000, 1, 1)),  # ministry
        (2, 1, date(2000, 1, 1)),  # province
        (3, 2, date(2000, 1, 1)),  # district, dissolved 01/03/2025 (its last version)
        (4, 3, date(2000, 1, 1)),  # ward under the district ...
        (4, 2, date(2025, 3, 1)),  # ... then directly under the province
    ]
    assert ancestors(4, parents_for_period(versions, date(2025, 6, 14))) == [2, 1]
    assert ancestors(4, parents_for_period(versions, date(2024, 12, 14))) == [3, 2, 1]


def test_the_pivot_lays_out_any_two_dimensions_and_refuses_the_same_twice():
    cells = {("u1", "i1", "p1"): Decimal(1), ("u2", "i1", "p1"): Decimal(2), ("u1", "i1", "p2"): Decimal(3)}
    labels = {
        "unit": [("u1", "A"), ("u2", "B")],
        "indicator": [("i1", "X")],
        "period": [("p1", "2025"), ("p2", "2026")],
    }
    table = pivot(cells, rows="period", columns="unit", labels=labels, fixed="i1")
    assert table.columns == ["A", "B"]
    assert table.rows == [("2025", [Decimal(1), Decimal(2)]), ("2026", [Decimal(3), None])]
    with pytest.raises(DomainError):
        pivot(cells, rows="unit", columns="unit", labels=labels, fixed="i1")
