"""Restated comparisons across the 2025 mergers: predecessors summed into the successor, rates recomputed from
the summed counts (never averaged), targets and the same period last year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.analytics.selectors import approved_totals, indicator_results
from thidua.analytics.tests.helpers import approved_report
from thidua.core.testing import make_user
from thidua.indicators.services import target_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(cworld):
    # 2024: Hà Nam, Nam Định, Ninh Bình report separately; 2025: the merged Ninh Bình reports the year.
    approved_report(cworld, "HNA", "2024", {"XAYRA": "100", "LAMRO": "90"})  # 90%
    approved_report(cworld, "NDI", "2024", {"XAYRA": "300", "LAMRO": "150"})  # 50%
    approved_report(cworld, "NBH", "2024", {"XAYRA": "100", "LAMRO": "60"})  # 60%
    approved_report(cworld, "NBH2", "2025", {"XAYRA": "400", "LAMRO": "320"})
    return cworld


def _cell(world, unit, period, code, **kwargs):
    w = world
    key = (w.units[unit].pk, w.periods[period].pk, w.indicators[code].pk)
    return approved_totals(unit_ids=[key[0]], period_ids=[key[1]], indicator_ids=[key[2]], **kwargs)[key]


def test_as_it_was_the_new_province_has_no_2024_figures(merged):
    assert _cell(merged, "NBH2", "2024", "XAYRA") is None
    assert _cell(merged, "NBH2", "2024", "TLKP") is None


def test_restated_2024_sums_the_three_predecessors_and_recomputes_the_rate(merged):
    assert _cell(merged, "NBH2", "2024", "XAYRA", restated=True) == Decimal("500")
    assert _cell(merged, "NBH2", "2024", "LAMRO", restated=True) == Decimal("300")
    # 300 / 500 = 60,00%; the average of the three rates would be 66,67%.
    assert _cell(merged, "NBH2", "2024", "TLKP", restated=True) == Decimal("60.00")
    # A predecessor keeps its own figures.
    assert _cell(merged, "HNA", "2024", "XAYRA", restated=True) == Decimal("100")


def test_results_against_a_change_target_and_the_restated_same_period_last_year(merged):
    w = merged
    target_set(
        edition=w.editions[2025],
        unit=w.units["NBH2"],
        indicator=w.indicators["XAYRA"],
        period=w.periods["2025"],
        kind="change",
        value=Decimal("-10"),
        actor=w.admin,
    )
    rows = indicator_results(
        units=[w.units["NBH2"]], period=w.periods["2025"], indicators=[w.indicators["XAYRA"]], restated=True
    )
    (row,) = rows
    assert (row.actual, row.last_year, row.change, row.change_percent) == (
        Decimal("400"),
        Decimal("500"),
        Decimal("-100"),
        Decimal("-20.0"),
    )
    # Kéo giảm 10% so với cùng kỳ: at most 450 cases; 400 reaches it.
    assert (row.target, row.percent_of_target, row.met, row.restated) == (
        Decimal("450.00"),
        Decimal("88.9"),
        True,
        True,
    )
    (as_was,) = indicator_results(units=[w.units["NBH2"]], period=w.periods["2025"], indicators=[w.indicators["XAYRA"]])
    assert (as_was.last_year, as_was.target, as_was.restated) == (None, None, False)


def test_a_user_reads_only_the_units_in_reach(merged):
    w = merged
    make_user(w, "nbh2_officer", "unit_officer", unit="NBH2")
    units = [w.units["NBH2"], w.units["THA"]]
    rows = indicator_results(units=units, period=w.periods["2025"], restated=True, user=w.users["nbh2_officer"])
    assert {r.unit_code for r in rows} == {"NBH2"}
    assert {r.indicator_code: r.last_year for r in rows}["LAMRO"] == Decimal("300")
    assert indicator_results(units=units, period=w.periods["2025"], user=w.users["hti_officer"]) == []
