"""Writes of the analytics app: approved totals kept current in the transaction that approves or reopens data.

``approved_totals_refresh`` is called by the collection workflow (approve, finalise, unapprove, an edit under a
lock exception) inside its own transaction, so approved data shows at once and no batch job exists. The totals
are derived data: the audited event is the approval itself, so refreshing them writes no audit event of its own.
``approved_totals_rebuild`` recomputes everything from the raw values (after a bulk load, or to check).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection, transaction

from thidua.analytics.domain.totals import TOTAL, Figure, Key, add_figures, figure_deltas, report_figures
from thidua.analytics.domain.tree import ancestors, parents_for_period
from thidua.analytics.models import ApprovedTotal
from thidua.collection.domain.workflow import LOCKED
from thidua.collection.models import DataValue
from thidua.indicators.models import Period
from thidua.organisations.models import OrgUnitVersion

APPROVED = [status.value for status in LOCKED]


def _unit_ancestors(unit_id: int, period: Period) -> list[int]:
    """The units above ``unit_id`` in the tree of ``period`` (a few small queries, one per level)."""
    parents: dict[int, int | None] = {}
    current: int | None = unit_id
    while current is not None and current not in parents:
        rows = OrgUnitVersion.objects.filter(unit_id=current).values_list("unit_id", "parent_id", "valid_from")
        parents.update(parents_for_period(rows, period.end))
        parents.setdefault(current, None)
        current = parents[current]
    return ancestors(unit_id, parents)


def own_figures_from_raw(*, unit_id: int, period_id: int) -> dict[Key, Figure]:
    """A unit's figures for a period recomputed from the values of its approved reports (summed over reports)."""
    per_report: dict[int, list[tuple[int, int | None, Decimal | None]]] = {}
    rows = DataValue.objects.filter(
        submission__unit_id=unit_id,
        submission__period_id=period_id,
        submission__status__in=APPROVED,
        value__isnull=False,
    ).values_list("submission_id", "indicator_id", "option_id", "value")
    for submission_id, indicator_id, option_id, value in rows:
        per_report.setdefault(submission_id, []).append((indicator_id, option_id, value))
    return add_figures(*(report_figures(values) for values in per_report.values()))


def _stored(unit_id: int, period_id: int, *, rollup: bool) -> dict[Key, Figure]:
    rows = ApprovedTotal.objects.filter(unit_id=unit_id, period_id=period_id, rollup=rollup).values_list(
        "indicator_id", "option_id", "value", "reported"
    )
    return {(i, o or TOTAL): Figure(v, r) for i, o, v, r in rows}


COLUMNS = "(unit_id, period_id, indicator_id, option_id, rollup, value, reported)"
ROW = "(%s, %s, %s, %s, %s, %s, %s)"
CHUNK = 1000  # rows per statement: 7,000 parameters, within SQLite's and PostgreSQL's limits


def _insert(rows: list[tuple[Any, ...]], *, suffix: str = "") -> None:
    """Multi-row INSERT statements: an approval writes a few hundred rows, and building model objects or sending
    one statement per row cost more than the database work."""
    table = ApprovedTotal._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            sql = f"INSERT INTO {table} {COLUMNS} VALUES {', '.join([ROW] * len(chunk))} {suffix}"  # noqa: S608 (table name from model metadata; values are bound parameters)
            cursor.execute(sql, [value for row in chunk for value in row])


def _apply_deltas(unit_ids: list[int], period_id: int, deltas: dict[Key, Figure]) -> None:
    """Add ``deltas`` to the roll-up rows of ``unit_ids``: an upsert that adds to the stored row (PostgreSQL and
    SQLite 3.24+), so two approvals under the same province never lose each other's change."""
    table = ApprovedTotal._meta.db_table
    add = f"DO UPDATE SET value = {table}.value + excluded.value, reported = {table}.reported + excluded.reported"
    totals = [
        (u, period_id, i, None, True, d.value, d.reported) for u in unit_ids for (i, o), d in deltas.items() if not o
    ]
    options = [(u, period_id, i, o, True, d.value, d.reported) for u in unit_ids for (i, o), d in deltas.items() if o]
    # The conflict targets name the two partial unique constraints of the model.
    _insert(totals, suffix=f"ON CONFLICT (period_id, unit_id, rollup, indicator_id) WHERE option_id IS NULL {add}")
    _insert(
        options,
        suffix=f"ON CONFLICT (period_id, unit_id, rollup, indicator_id, option_id) WHERE option_id IS NOT NULL {add}",
    )


@transaction.atomic
def approved_totals_refresh(*, unit_id: int, period_id: int) -> None:
    """Bring one unit's approved totals for one period, and the roll-ups of every unit above it, up to date.

    Called by the collection workflow in the same transaction as the approval (or unapproval), after the
    submission's status has changed. The unit's own figures are recomputed from its approved reports; only the
    change is added to the levels above, so the cost does not grow with the size of the tree."""
    new = own_figures_from_raw(unit_id=unit_id, period_id=period_id)
    old = _stored(unit_id, period_id, rollup=False)
    deltas = figure_deltas(old, new)
    if not deltas:
        return
    ApprovedTotal.objects.filter(unit_id=unit_id, period_id=period_id, rollup=False).delete()
    _insert([(unit_id, period_id, i, o or None, False, f.value, f.reported) for (i, o), f in new.items()])
    period = Period.objects.only("end").get(pk=period_id)
    above = _unit_ancestors(unit_id, period)
    if above:
        _apply_deltas(above, period_id, deltas)


def _rollup_links(period_ids: list[int]) -> list[tuple[int, int, int]]:
    """(period, unit, ancestor) for every unit with an approved report in those periods."""
    versions = list(OrgUnitVersion.objects.values_list("unit_id", "parent_id", "valid_from"))
    links: list[tuple[int, int, int]] = []
    reporting = set(
        ApprovedTotal.objects.filter(period_id__in=period_ids, rollup=False).values_list("period_id", "unit_id")
    )
    for period in Period.objects.filter(pk__in=period_ids):
        parents = parents_for_period(versions, period.end)
        for period_id, unit_id in reporting:
            if period_id == period.pk:
                links.extend((period.pk, unit_id, a) for a in ancestors(unit_id, parents))
    return links


@transaction.atomic
def approved_totals_rebuild(*, period_ids: list[int] | None = None) -> int:
    """Recompute the approved totals of the given periods (default all) from the raw values, in SQL.

    For bulk loads (the national benchmark data set) and for checking; the workflow keeps them current
    otherwise. Returns the number of rows written."""
    if period_ids is None:
        period_ids = list(Period.objects.values_list("pk", flat=True))
    ApprovedTotal.objects.filter(period_id__in=period_ids).delete()
    if not period_ids:
        return 0
    table = ApprovedTotal._meta.db_table
    values = DataValue._meta.db_table
    submissions = DataValue._meta.get_field("submission").related_model._meta.db_table
    periods = ", ".join(["%s"] * len(period_ids))
    statuses = ", ".join(["%s"] * len(APPROVED))
    approved = (
        f"FROM {values} v JOIN {submissions} s ON s.id = v.submission_id "
        f"WHERE s.period_id IN ({periods}) AND s.status IN ({statuses}) AND v.value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        # Options as reported, summed over reports.
        cursor.execute(
            f"INSERT INTO {table} (unit_id, period_id, indicator_id, option_id, rollup, value, reported) "
            f"SELECT s.unit_id, s.period_id, v.indicator_id, v.option_id, %s, SUM(v.value), COUNT(*) "
            f"{approved} AND v.option_id IS NOT NULL GROUP BY s.unit_id, s.period_id, v.indicator_id, v.option_id",
            [False, *period_ids, *APPROVED],
        )
        # Each report's total: its typed figure, else the sum of its options; then summed over reports.
        cursor.execute(
            f"INSERT INTO {table} (unit_id, period_id, indicator_id, option_id, rollup, value, reported) "  # noqa: S608 (table names from model metadata; values are bound parameters)
            f"SELECT r.unit_id, r.period_id, r.indicator_id, NULL, %s, SUM(r.total), COUNT(*) FROM ("
            f"SELECT s.unit_id, s.period_id, v.indicator_id, "
            f"COALESCE(MAX(CASE WHEN v.option_id IS NULL THEN v.value END), "
            f"SUM(CASE WHEN v.option_id IS NOT NULL THEN v.value END)) AS total "
            f"{approved} GROUP BY s.id, s.unit_id, s.period_id, v.indicator_id) r "
            f"GROUP BY r.unit_id, r.period_id, r.indicator_id",
            [False, *period_ids, *APPROVED],
        )
    links = _rollup_links(period_ids)
    if links:
        link_table = "analytics_rollup_link"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {link_table} (period_id integer, unit_id integer, ancestor_id integer)"
            )
            try:
                for start in range(0, len(links), 5000):
                    cursor.executemany(f"INSERT INTO {link_table} VALUES (%s, %s, %s)", links[start : start + 5000])  # noqa: S608 (table names from model metadata; values are bound parameters)
                cursor.execute(
                    f"INSERT INTO {table} (unit_id, period_id, indicator_id, option_id, rollup, value, reported) "  # noqa: S608 (table names from model metadata; values are bound parameters)
                    f"SELECT l.ancestor_id, t.period_id, t.indicator_id, t.option_id, %s, SUM(t.value), "
                    f"SUM(t.reported) FROM {table} t JOIN {link_table} l "
                    f"ON l.period_id = t.period_id AND l.unit_id = t.unit_id "
                    f"WHERE t.rollup = %s GROUP BY l.ancestor_id, t.period_id, t.indicator_id, t.option_id",
                    [True, False],
                )
            finally:
                cursor.execute(f"DROP TABLE {link_table}")
    return ApprovedTotal.objects.filter(period_id__in=period_ids).count()
