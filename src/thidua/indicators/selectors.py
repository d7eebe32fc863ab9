"""Reads for indicators, periods, data sets and targets, scoped to the user."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thidua.core.exceptions import NotFound
from thidua.indicators.domain import periods as period_rules
from thidua.indicators.models import DataSet, Indicator, Period, Target
from thidua.organisations.models import ClusterEdition


def indicators(*, user: Any) -> QuerySet[Indicator]:
    return Indicator.objects.for_user(user).filter(is_active=True).select_related("numerator", "denominator")


def periods(*, user: Any, year: int | None = None, kind: str | None = None) -> QuerySet[Period]:
    qs = Period.objects.for_user(user)
    if year is not None:
        qs = qs.filter(year=year)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("-end", "start")


def current_period(*, user: Any, kind: str = "half_year", today: date | None = None) -> Period | None:
    """The period of ``kind`` whose figures are being collected today (the default everywhere)."""
    from thidua.indicators.services import configured_calendar

    today = today or timezone.localdate()
    try:
        spec = period_rules.period_containing(today, period_rules.PeriodKind(kind), configured_calendar())
    except Exception:  # noqa: BLE001 - e.g. no nine-month period in December: there is no current one
        return None
    return Period.objects.for_user(user).filter(code=spec.code).first()


def period_get(*, user: Any, code: str) -> Period:
    period = Period.objects.for_user(user).filter(code__iexact=code.strip()).first()
    if period is None:
        raise NotFound(f"Không có kỳ báo cáo mã «{code}».", field="period")
    return period


def data_sets(*, user: Any, edition: ClusterEdition | None = None) -> QuerySet[DataSet]:
    qs = DataSet.objects.for_user(user).select_related("edition__cluster").prefetch_related("items__indicator")
    if edition is not None:
        qs = qs.filter(edition=edition)
    return qs


def targets(
    *, user: Any, edition: ClusterEdition | None = None, period: Period | None = None, unit_id: int | None = None
) -> QuerySet[Target]:
    qs = Target.objects.for_user(user).select_related("unit", "indicator", "period", "option", "edition__cluster")
    if edition is not None:
        qs = qs.filter(edition=edition)
    if period is not None:
        qs = qs.filter(period=period)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("unit__code", "indicator__code")
