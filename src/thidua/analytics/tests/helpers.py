"""Test helpers: approved reports written straight into the tables (for history the workflow cannot reach, such
as 2024 figures of units that merged in 2025), then refreshed as the workflow would."""

from __future__ import annotations

from decimal import Decimal

from thidua.analytics.services import approved_totals_refresh
from thidua.collection.models import DataValue, Submission


def approved_report(world, unit_code, period_code, figures, *, status="approved"):
    """``figures``: {indicator code or (code, option code): value}."""
    unit, period = world.units[unit_code], world.periods[period_code]
    submission = Submission.objects.create(unit=unit, data_set=world.data_set, period=period, status=status)
    for key, value in figures.items():
        code, option_code = key if isinstance(key, tuple) else (key, None)
        indicator = world.indicators[code]
        option = indicator.disaggregations.get().options.get(code=option_code) if option_code else None
        DataValue.objects.create(submission=submission, indicator=indicator, option=option, value=Decimal(value))
    approved_totals_refresh(unit_id=unit.pk, period_id=period.pk)
    return submission
