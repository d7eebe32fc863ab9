"""Reads of the analytics app: approved figures of any unit (or the sum of the units under it), against targets
and the same period last year, as they were or restated across merges (so sánh quy đổi).

``approved_totals`` and ``indicator_results`` are public: scoring and reports call them. With ``user=None`` they
are unscoped (documents, commands); with a user, only the units the user may read are answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from thidua.analytics.domain.totals import ZERO, Figure, add_figures, compare, value_of
from thidua.analytics.models import ApprovedTotal
from thidua.core.scoping import VIEW
from thidua.indicators.domain.indicators import Direction, ValueType
from thidua.indicators.domain.targets import TargetKind
from thidua.indicators.models import Indicator, Period, Target
from thidua.organisations.domain.succession import restatement_sources
from thidua.organisations.models import OrgUnit
from thidua.organisations.selectors import unit_names_on
from thidua.organisations.services import all_successions

Cell = tuple[int, int, int]  # (unit, period, indicator)


def readable_unit_ids(user: Any) -> frozenset[int] | None:
    """The units whose figures ``user`` may read; None means every unit (system view, or ``user=None``)."""
    if user is None:
        return None
    from thidua.accounts.access import access_for

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    access = access_for(user)
    if access.is_admin:
        return None
    return access.unit_ids_for(VIEW)


def restatement_map(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each unit and the units summed into it for a restated comparison (itself, predecessors through merges,
    absorptions and renames; splits are not followed, see ``restatement_warnings``)."""
    ids = list(unit_ids)
    successions = all_successions()
    if not successions:
        return {u: {u} for u in ids}
    code_of = dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "code"))
    sources = {u: restatement_sources(code_of[u], successions) for u in ids if u in code_of}
    codes = set().union(*sources.values()) if sources else set()
    id_of = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "pk"))
    return {u: {id_of[c] for c in sources.get(u, set()) if c in id_of} | {u} for u in ids}


def _rates(indicator_ids: Iterable[int] | None) -> dict[int, tuple[int, int]]:
    """Rate indicator -> (numerator, denominator), of these indicators (None: of every indicator)."""
    rates = Indicator.objects.filter(value_type=ValueType.RATE.value)
    if indicator_ids is not None:
        rates = rates.filter(pk__in=list(indicator_ids))
    return {
        pk: (num, den)
        for pk, num, den in rates.exclude(numerator__isnull=True)
        .exclude(denominator__isnull=True)
        .values_list("pk", "numerator_id", "denominator_id")
    }


def _decimal(value: Any) -> Decimal:
    """The stored figure as a Decimal: PostgreSQL gives one; SQLite an int or a float of the NUMERIC column."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value)).quantize(FOUR_PLACES)


FOUR_PLACES = Decimal("0.0001")


def _stored_totals(
    unit_ids: Iterable[int], period_ids: Iterable[int], indicator_ids: Iterable[int] | None, rollup: bool
) -> list[tuple[int, int, int, Decimal, int]]:
    """The stored totals (no option) of these cells. The dashboard reads thousands of them, so the rows are fetched
    as plain tuples: Django's per-value Decimal converter on SQLite cost more than the query itself."""
    units, periods = list(unit_ids), list(period_ids)
    indicators = None if indicator_ids is None else list(indicator_ids)
    if not units or not periods or indicators == []:
        return []  # Django cannot compile "IN ()" to SQL (EmptyResultSet); nothing can match anyway
    rows = ApprovedTotal.objects.filter(
        unit_id__in=units, period_id__in=periods, rollup=rollup, option__isnull=True, reported__gt=0
    )
    if indicators is not None:
        rows = rows.filter(indicator_id__in=indicators)
    sql, params = rows.values_list("unit_id", "period_id", "indicator_id", "value", "reported").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(u, p, i, _decimal(v), r) for u, p, i, v, r in cursor.fetchall()]


@dataclass(frozen=True)
class Totals:
    values: dict[Cell, Decimal | None]
    # Cells whose figure includes a predecessor's approved figures (restated).
    restated: frozenset[Cell]


def _totals(
    *,
    unit_ids: Sequence[int],
    period_ids: Sequence[int],
    indicator_ids: Sequence[int] | None,
    restated: bool,
    rollup: bool,
) -> Totals:
    sources = restatement_map(unit_ids) if restated else {u: {u} for u in unit_ids}
    wanted_rates: dict[int, tuple[int, int]] = {}
    needed: set[int] | None = None
    if indicator_ids is not None:
        wanted_rates = _rates(indicator_ids)
        needed = set(indicator_ids) | {i for pair in wanted_rates.values() for i in pair}
    all_units = set().union(*sources.values()) if sources else set()
    stored: dict[tuple[int, int], dict[int, Figure]] = {}
    for unit_id, period_id, indicator_id, value, reported in _stored_totals(all_units, period_ids, needed, rollup):
        stored.setdefault((unit_id, period_id), {})[indicator_id] = Figure(value, reported)
    if indicator_ids is None:
        present = {i for figures in stored.values() for i in figures}
        wanted_rates = {pk: pair for pk, pair in _rates(None).items() if set(pair) & present}
        wanted = sorted(present | set(wanted_rates))
    else:
        wanted = list(indicator_ids)
    values: dict[Cell, Decimal | None] = {}
    was_restated: set[Cell] = set()
    for unit_id in unit_ids:
        for period_id in period_ids:
            own = stored.get((unit_id, period_id), {})
            others = [stored[(s, period_id)] for s in sorted(sources[unit_id] - {unit_id}) if (s, period_id) in stored]
            summed = add_figures(own, *others) if others else own
            shown = {i: f.shown for i, f in summed.items()}
            for indicator_id in wanted:
                if indicator_ids is None and indicator_id not in shown and indicator_id not in wanted_rates:
                    continue
                values[(unit_id, period_id, indicator_id)] = value_of(shown, indicator_id, wanted_rates)
                if others:
                    parts = {indicator_id, *wanted_rates.get(indicator_id, ())}
                    if any(group.get(i, ZERO).reported for group in others for i in parts):
                        was_restated.add((unit_id, period_id, indicator_id))
    return Totals(values, frozenset(was_restated))


def approved_totals(
    *,
    unit_ids: Iterable[int],
    period_ids: Iterable[int],
    indicator_ids: Iterable[int] | None = None,
    restated: bool = False,
    rollup: bool = False,
) -> dict[tuple[int, int, int], Decimal | None]:
    """(unit, period, indicator) -> the approved total (None when nothing approved carries it); a rate indicator's
    value is its rate recomputed from its summed numerator and denominator.

    ``restated``: a successor's figure adds its predecessors' (merges, absorptions, renames), so periods before a
    merger compare with after it. ``rollup``: the sum of the units under each unit (not its own reports).
    With ``indicator_ids`` every requested cell is answered; without, the indicators with approved data.
    Unscoped: callers that serve a user check the units first (``readable_unit_ids``)."""
    return _totals(
        unit_ids=list(unit_ids),
        period_ids=list(period_ids),
        indicator_ids=None if indicator_ids is None else list(indicator_ids),
        restated=restated,
        rollup=rollup,
    ).values


def same_period_last_year(period: Period) -> Period | None:
    """The period of the same kind and number a year earlier (cùng kỳ năm trước), if it exists."""
    if period.kind == "campaign":
        return None
    return Period.objects.filter(kind=period.kind, number=period.number, year=period.year - 1).first()


_LOOK_UP: Any = object()


@dataclass(frozen=True)
class ResultRow:
    """One unit's result on one indicator for a period (kết quả thực hiện chỉ tiêu)."""

    unit: OrgUnit
    unit_name: str
    indicator: Indicator
    target: Decimal | None
    actual: Decimal | None
    percent_of_target: Decimal | None
    last_year: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None
    restated: bool
    target_kind: str = ""
    met: bool | None = None

    @property
    def unit_code(self) -> str:
        return self.unit.code

    @property
    def indicator_code(self) -> str:
        return self.indicator.code


def indicator_results(
    *,
    units: Iterable[OrgUnit],
    period: Period,
    indicators: Iterable[Indicator] | None = None,
    restated: bool = False,
    user: Any = None,
    rollup: bool = False,
    last_year: Any = _LOOK_UP,
) -> list[ResultRow]:
    """Per unit and indicator: target, actual, % of target, the same period last year and the change.

    ``indicators`` default: the numeric indicators with approved data for these units in this period or a year
    earlier. ``restated`` sums predecessors into successors in both periods (rates recomputed from the sums).
    With a user, units outside the user's reach are left out (never shown as empty). ``last_year``: the period
    compared with when the caller has looked it up already (``same_period_last_year``; None for none)."""
    unit_list = list(units)
    readable = readable_unit_ids(user)
    if readable is not None:
        unit_list = [u for u in unit_list if u.pk in readable]
    if not unit_list:
        return []
    previous = same_period_last_year(period) if last_year is _LOOK_UP else last_year
    period_ids = [period.pk] + ([previous.pk] if previous else [])
    indicator_list = list(indicators) if indicators is not None else None
    totals = _totals(
        unit_ids=[u.pk for u in unit_list],
        period_ids=period_ids,
        indicator_ids=None if indicator_list is None else [i.pk for i in indicator_list],
        restated=restated,
        rollup=rollup,
    )
    if indicator_list is None:
        ids = {cell[2] for cell in totals.values}
        indicator_list = list(Indicator.objects.filter(pk__in=ids).order_by("code"))
    # The units' targets of the period, options left out in Python: filtering on ``option IS NULL`` in SQL makes
    # SQLite scan every target through the option index; no ORDER BY (Target's default ordering joins Indicator).
    target_rows = (
        Target.objects.filter(unit_id__in=[u.pk for u in unit_list], period_id=period.pk)
        .order_by()
        .values_list("unit_id", "indicator_id", "kind", "value", "option_id")
    )
    sql, params = target_rows.query.sql_with_params()
    wanted_indicators = {i.pk for i in indicator_list}
    with connection.cursor() as cursor:  # plain tuples, as in _stored_totals
        cursor.execute(sql, params)
        kinds = {k.value: k for k in TargetKind}
        targets = {
            (u, i): (kinds[k], _decimal(v))
            for u, i, k, v, o in cursor.fetchall()
            if o is None and i in wanted_indicators
        }
    names = unit_names_on(unit_list, period.end)
    directions = {i.pk: Direction(i.direction) for i in indicator_list}
    rows = []
    values = totals.values
    period_id, previous_id = period.pk, previous.pk if previous else None
    for unit in unit_list:
        unit_id = unit.pk
        for indicator in indicator_list:
            indicator_id = indicator.pk
            actual = values.get((unit_id, period_id, indicator_id))
            last_year = values.get((unit_id, previous_id, indicator_id)) if previous_id else None
            target_kind, target_value = targets.get((unit_id, indicator_id), (None, None))
            comparison = compare(
                actual=actual,
                last_year=last_year,
                target_kind=target_kind,
                target_value=target_value,
                direction=directions[indicator_id],
            )
            was_restated = bool(totals.restated) and any(
                (unit_id, p, indicator_id) in totals.restated for p in period_ids
            )
            rows.append(
                ResultRow(
                    unit=unit,
                    unit_name=names.get(unit_id, unit.code),
                    indicator=indicator,
                    target=comparison.target,
                    actual=actual,
                    percent_of_target=comparison.percent_of_target,
                    last_year=last_year,
                    change=comparison.change,
                    change_percent=comparison.change_percent,
                    restated=was_restated,
                    target_kind=target_kind.value if target_kind else "",
                    met=comparison.met,
                )
            )
    return rows


def indicators_with_data(
    *,
    units: Sequence[OrgUnit],
    period: Period,
    last_year: Period | None,
    restated: bool = False,
    rollup: bool = False,
) -> list[Indicator]:
    """The indicators ``indicator_results`` lists by default for these units: those with approved figures in the
    period or in ``last_year`` (its same period last year), and the rates whose numerator or denominator has some;
    by code. One DISTINCT query, so a page can compute its own rows only (``ResultGrid``)."""
    previous = last_year
    period_ids = [period.pk] + ([previous.pk] if previous else [])
    unit_ids = [u.pk for u in units]
    sources = restatement_map(unit_ids) if restated else {u: {u} for u in unit_ids}
    all_units = set().union(*sources.values()) if sources else set()
    present = set(
        ApprovedTotal.objects.filter(
            unit_id__in=list(all_units),
            period_id__in=period_ids,
            rollup=rollup,
            option__isnull=True,
            reported__gt=0,
        )
        .order_by()
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    rates = {pk for pk, pair in _rates(None).items() if set(pair) & present}
    return list(Indicator.objects.filter(pk__in=present | rates).order_by("code"))


class ResultGrid:
    """The rows of ``indicator_results`` for every unit x indicator (unit by unit, indicators in order), computed
    only for the slice asked for: a paginated page computes the rows of the units it shows, the same rows the whole
    list holds there. ``len`` is known without computing anything."""

    def __init__(
        self,
        *,
        units: Sequence[OrgUnit],
        period: Period,
        indicators: Sequence[Indicator] | None = None,
        restated: bool = False,
        user: Any = None,
        rollup: bool = False,
    ) -> None:
        readable = readable_unit_ids(user)
        self.units = [u for u in units if readable is None or u.pk in readable]
        self.last_year = same_period_last_year(period)
        if indicators is None:
            indicators = (
                indicators_with_data(
                    units=self.units, period=period, last_year=self.last_year, restated=restated, rollup=rollup
                )
                if self.units
                else []
            )
        self.indicators = list(indicators)
        self._options = {"period": period, "restated": restated, "rollup": rollup, "last_year": self.last_year}

    def __len__(self) -> int:
        return len(self.units) * len(self.indicators)

    def rows(self, units: Sequence[OrgUnit]) -> list[ResultRow]:
        return indicator_results(units=units, indicators=self.indicators, **self._options)  # type: ignore[arg-type]

    def __getitem__(self, index: slice) -> list[ResultRow]:
        start, stop, step = index.indices(len(self))
        width = len(self.indicators)
        if stop <= start or not width:
            return []
        first, last = start // width, (stop - 1) // width + 1
        rows = self.rows(self.units[first:last])
        offset = first * width
        return rows[start - offset : stop - offset : step]


def data_stamp() -> tuple[int, str]:
    """A stamp that every audited write (approvals and unapprovals, targets, units, catalogues...) advances in its
    own transaction (the head of the audit chain): a page kept under it is never older than the data."""
    from thidua.core.models import AuditChainHead

    head = AuditChainHead.objects.filter(pk=1).values_list("seq", "last_hash").first()
    return (0, "") if head is None else (int(head[0]), str(head[1]))


# Pages ------------------------------------------------------------------------------------------------------------


def readable_units(*, user: Any, limit: int | None = None) -> list[OrgUnit] | None:
    """The units whose figures the user may read, by code (the explorer's choices); None when there are more than
    ``limit`` (an office over the whole country then types a unit's code)."""
    readable = readable_unit_ids(user)
    # ``readable`` lies within what ``for_user`` scopes (the user's directory), so it alone filters; the limit is
    # checked first, so an office over thousands of units never builds a query listing them.
    if readable is not None:
        if limit is not None and len(readable) > limit:
            return None
        units = OrgUnit.objects.filter(pk__in=readable)
    else:
        units = OrgUnit.objects.for_user(user)
        if limit is not None and units.count() > limit:
            return None
    found = list(units.order_by("code"))
    # Named in one query (OrgUnit.__str__ would read each unit's versions on its own).
    names = unit_names_on(found, timezone.localdate())
    for unit in found:
        unit._display_name = names.get(unit.pk, unit.code)
    return found


def readable_unit(*, user: Any, code: str) -> OrgUnit:
    """The unit with this code if the user may read its figures; missing and forbidden answer alike."""
    from thidua.core.exceptions import NotFound

    readable = readable_unit_ids(user)
    # ``readable`` lies within ``for_user``'s scope; testing membership in it avoids a query listing every unit.
    units = OrgUnit.objects.for_user(user) if readable is None else OrgUnit.objects.all()
    unit = units.filter(code=code.strip().upper()).first()
    if unit is None or (readable is not None and unit.pk not in readable):
        raise NotFound(f"Không tìm thấy đơn vị mã «{code}» trong phạm vi của bạn.", field="don_vi")
    return unit


def home_unit(*, user: Any) -> OrgUnit | None:
    """The unit the explorer opens on: the unit of the user's first role on a unit, else the first unit in reach."""
    from thidua.accounts.models import RoleAssignment

    readable = readable_unit_ids(user)
    assigned = (
        RoleAssignment.objects.filter(user=user, org_unit__isnull=False)
        .order_by("pk")
        .values_list("org_unit_id", flat=True)
    )
    for unit_id in assigned:
        if readable is None or unit_id in readable:
            return OrgUnit.objects.get(pk=unit_id)
    units = OrgUnit.objects.for_user(user)
    if readable is not None:
        units = OrgUnit.objects.filter(pk__in=sorted(readable)[:1])
    return units.order_by("code").first()


def units_directly_under(unit: OrgUnit, period: Period) -> list[OrgUnit]:
    """The units directly under ``unit`` in the tree of ``period`` (as ``ApprovedTotal`` roll-ups use it)."""
    from thidua.analytics.domain.tree import parents_for_period
    from thidua.organisations.models import OrgUnitVersion

    # Only units that were ever under ``unit`` by the period's end can be under it in the period: read their
    # versions, not the whole tree's.
    candidates = OrgUnitVersion.objects.filter(parent_id=unit.pk, valid_from__lte=period.end).values("unit_id")
    rows = OrgUnitVersion.objects.filter(unit_id__in=candidates, valid_from__lte=period.end).values_list(
        "unit_id", "parent_id", "valid_from"
    )
    parents = parents_for_period(rows, period.end)
    versions = OrgUnitVersion.objects.filter(unit_id__in=[u for u, p in parents.items() if p == unit.pk])
    # A unit that had ended before the period began is no longer under anything in it.
    live = {v.unit_id for v in versions if v.valid_to is None or v.valid_to > period.start}
    return list(OrgUnit.objects.filter(pk__in=live).order_by("code"))


def edition_units(edition: Any, period: Period) -> list[OrgUnit]:
    """The members of a cluster edition at some time during the period (a mid-year merger shows both sides)."""
    from django.db.models import Q

    memberships = (
        edition.memberships.select_related("unit")
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))
        .order_by("order", "pk")
    )
    return [m.unit for m in memberships]


def edition_indicators(edition: Any) -> list[Indicator]:
    """The numeric indicators of the edition's data sets, in the data sets' order."""
    seen: dict[int, Indicator] = {}
    for data_set in edition.data_sets.prefetch_related("items__indicator").order_by("code"):
        for item in data_set.items.all():
            if ValueType(item.indicator.value_type).is_numeric:
                seen.setdefault(item.indicator.pk, item.indicator)
    return list(seen.values())


def periods_like(period: Period) -> list[Period]:
    """Periods of the same kind and number, oldest first, up to ``period`` (the trend's x axis)."""
    return list(Period.objects.filter(kind=period.kind, number=period.number, year__lte=period.year).order_by("year"))


def trend(
    *,
    units: Sequence[OrgUnit],
    periods: Sequence[Period],
    indicator: Indicator,
    restated: bool,
    user: Any = None,
    rollup: bool = False,
) -> dict[int, list[Decimal | None]]:
    """Per unit, the indicator's figure over ``periods`` (unit pk -> one value per period)."""
    readable = readable_unit_ids(user)
    shown = [u for u in units if readable is None or u.pk in readable]
    values = approved_totals(
        unit_ids=[u.pk for u in shown],
        period_ids=[p.pk for p in periods],
        indicator_ids=[indicator.pk],
        restated=restated,
        rollup=rollup,
    )
    return {u.pk: [values.get((u.pk, p.pk, indicator.pk)) for p in periods] for u in shown}
