"""Approved totals follow the workflow (approve, unapprove, an edit under a lock exception) in the same
transaction, and always equal a recomputation from the raw values."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.analytics.domain.totals import TOTAL, add_figures
from thidua.analytics.models import ApprovedTotal
from thidua.analytics.selectors import approved_totals
from thidua.analytics.services import approved_totals_rebuild, own_figures_from_raw
from thidua.analytics.tests.helpers import approved_report
from thidua.collection.services import (
    lock_exception_grant,
    submission_approve,
    submission_finalise,
    submission_open,
    submission_submit,
    submission_unapprove,
    value_save,
)

pytestmark = pytest.mark.django_db


def _option(world, code="IT"):
    return world.indicators["XAYRA"].disaggregations.get().options.get(code=code)


def _submitted(world, unit="NAN", occurred="120", solved="90"):
    people = {"NAN": ("nan_officer", "nan_leader"), "HTI": ("hti_officer", "hti_leader")}[unit]
    officer, leader = (world.users[p] for p in people)
    report = submission_open(
        unit=world.units[unit], data_set=world.data_set, period=world.periods["2026S1"], actor=officer
    )
    value_save(
        submission=report, indicator=world.indicators["XAYRA"], option=_option(world), raw=occurred, actor=officer
    )
    value_save(submission=report, indicator=world.indicators["LAMRO"], raw=solved, actor=officer)
    report.refresh_from_db()
    return submission_submit(submission=report, expected_version=report.version, actor=leader)


def _approve(world, report):
    report.refresh_from_db()
    return submission_approve(submission=report, expected_version=report.version, actor=world.users["secretariat"])


def _figures(world, unit="NAN", period="2026S1", rollup=False):
    w = world
    return approved_totals(
        unit_ids=[w.units[unit].pk],
        period_ids=[w.periods[period].pk],
        indicator_ids=[w.indicators[c].pk for c in ("XAYRA", "LAMRO", "TLKP")],
        rollup=rollup,
    )


def _by_code(world, figures):
    codes = {i.pk: code for code, i in world.indicators.items()}
    return {codes[i]: v for (_, _, i), v in figures.items()}


def test_a_submitted_report_shows_nothing_until_the_cluster_approves_it(cworld):
    report = _submitted(cworld)
    assert _by_code(cworld, _figures(cworld)) == {"XAYRA": None, "LAMRO": None, "TLKP": None}
    _approve(cworld, report)
    assert _by_code(cworld, _figures(cworld)) == {
        "XAYRA": Decimal("120"),
        "LAMRO": Decimal("90"),
        "TLKP": Decimal("75.00"),
    }


def test_the_province_figures_add_into_the_ministry_roll_up_and_leave_with_an_unapproval(cworld):
    first = _approve(cworld, _submitted(cworld, "NAN", "120", "90"))
    _approve(cworld, _submitted(cworld, "HTI", "80", "70"))
    assert _by_code(cworld, _figures(cworld, "BCA", rollup=True)) == {
        "XAYRA": Decimal("200"),
        "LAMRO": Decimal("160"),
        "TLKP": Decimal("80.00"),
    }
    # The ministry reported nothing itself: its own figures stay empty, never the sum of the provinces.
    assert _by_code(cworld, _figures(cworld, "BCA"))["XAYRA"] is None
    first.refresh_from_db()
    submission_unapprove(
        submission=first, reason="Sai số liệu", expected_version=first.version, actor=cworld.users["bca_office"]
    )
    assert _by_code(cworld, _figures(cworld, "BCA", rollup=True)) == {
        "XAYRA": Decimal("80"),
        "LAMRO": Decimal("70"),
        "TLKP": Decimal("87.50"),
    }
    assert _by_code(cworld, _figures(cworld, "NAN"))["XAYRA"] is None


def test_an_edit_under_a_lock_exception_takes_the_report_out_of_the_totals_until_approved_again(cworld):
    report = _approve(cworld, _submitted(cworld))
    lock_exception_grant(
        submission=report,
        until=timezone.now() + timedelta(days=1),
        reason="Bổ sung số liệu",
        actor=cworld.users["bca_office"],
    )
    value = report.values.get(indicator=cworld.indicators["LAMRO"])
    value_save(
        submission=report,
        indicator=cworld.indicators["LAMRO"],
        raw="100",
        expected_version=value.version,
        actor=cworld.users["nan_officer"],
    )
    assert _by_code(cworld, _figures(cworld))["LAMRO"] is None
    _approve(cworld, report)
    assert _by_code(cworld, _figures(cworld))["LAMRO"] == Decimal("100")


def test_finalising_keeps_the_figures(cworld):
    report = _approve(cworld, _submitted(cworld))
    submission_finalise(submission=report, expected_version=report.version, actor=cworld.users["bca_office"])
    assert _by_code(cworld, _figures(cworld))["XAYRA"] == Decimal("120")


def _stored(rollup):
    return {
        (r.unit_id, r.period_id, r.indicator_id, r.option_id or TOTAL): (r.value, r.reported)
        for r in ApprovedTotal.objects.filter(rollup=rollup, reported__gt=0)
    }


def test_the_totals_always_equal_a_recomputation_from_the_raw_values(cworld):
    """The invariant: after any sequence of workflow actions, the stored totals (own and roll-ups) are what a
    recomputation from the approved raw values gives."""
    nan = _approve(cworld, _submitted(cworld, "NAN", "120", "90"))
    hti = _approve(cworld, _submitted(cworld, "HTI", "80", "70"))
    nan.refresh_from_db()
    submission_unapprove(
        submission=nan, reason="Kiểm tra lại", expected_version=nan.version, actor=cworld.users["bca_office"]
    )
    approved_report(cworld, "NAN-BENTHUY", "2024S1", {("XAYRA", "IT"): "5", "LAMRO": "4"})
    approved_report(cworld, "NAN", "2024S1", {("XAYRA", "NT"): "50", "LAMRO": "40"})
    lock_exception_grant(
        submission=hti, until=timezone.now() + timedelta(days=1), reason="Sửa", actor=cworld.users["bca_office"]
    )
    value_save(
        submission=hti,
        indicator=cworld.indicators["LAMRO"],
        raw="75",
        expected_version=hti.values.get(indicator=cworld.indicators["LAMRO"]).version,
        actor=cworld.users["hti_officer"],
    )
    _approve(cworld, hti)
    incremental_own, incremental_rollup = _stored(False), _stored(True)

    # By hand from the raw values: own figures per unit, and roll-ups along the tree of each period.
    expected_own = {}
    for unit in cworld.units.values():
        for period in cworld.periods.values():
            figures = own_figures_from_raw(unit_id=unit.pk, period_id=period.pk)
            for (indicator, option), figure in figures.items():
                expected_own[(unit.pk, period.pk, indicator, option)] = (figure.value, figure.reported)
    assert incremental_own == expected_own
    # Roll-ups: NAN-BENTHUY sits under NAN-VINH under NAN under BCA in 2024S1 (the district still existed).
    u, p, i = cworld.units, cworld.periods, cworld.indicators
    lamro_2024 = {(k[0]): v for k, v in incremental_rollup.items() if k[1] == p["2024S1"].pk and k[2] == i["LAMRO"].pk}
    assert lamro_2024 == {
        u["NAN-VINH"].pk: (Decimal("4"), 1),
        u["NAN"].pk: (Decimal("4"), 1),
        u["BCA"].pk: (Decimal("44"), 2),
    }
    assert incremental_rollup[(u["BCA"].pk, p["2026S1"].pk, i["LAMRO"].pk, TOTAL)] == (Decimal("75"), 1)

    # And the SQL rebuild (used after bulk loads) gives the very same rows.
    approved_totals_rebuild()
    assert _stored(False) == incremental_own
    assert _stored(True) == incremental_rollup


def test_add_figures_sums_keywise():
    from thidua.analytics.domain.totals import Figure

    assert add_figures({1: Figure(Decimal(2), 1)}, {1: Figure(Decimal(3), 1), 2: Figure(Decimal(1), 1)}) == {
        1: Figure(Decimal(5), 2),
        2: Figure(Decimal(1), 1),
    }
