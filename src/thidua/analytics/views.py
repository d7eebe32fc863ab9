"""Pages of the analytics app (phân tích số liệu): the indicator explorer and the dashboard of a cluster edition.

Views parse the query string, check what the user may read and call the selectors; a refusal is shown in
Vietnamese. Every table exports (the explorer to XLSX, the pivot table to CSV and XLSX)."""

from __future__ import annotations

import csv
import hashlib
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from thidua.analytics import charts, selectors
from thidua.analytics.domain.pivot import DIMENSION_LABELS, DIMENSIONS, check_dimensions, pivot
from thidua.analytics.models import ApprovedTotal
from thidua.collection.models import Submission
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number
from thidua.core.exceptions import NotFound
from thidua.core.exports import safe_cell, xlsx_response
from thidua.indicators.models import Indicator, Period
from thidua.organisations.domain.succession import restatement_warnings
from thidua.organisations.models import OrgUnit
from thidua.organisations.selectors import cluster_edition_get, cluster_editions, unit_names_on
from thidua.organisations.services import all_successions
from thidua.scoring.selectors import cluster_ranking

OWN, ROLLUP = "bao-cao", "cong-don"
PAGE_SIZE = 300
UNIT_CHOICES = 300  # beyond this many units in reach, the unit is typed by its code instead of chosen in a list
SELF, CHILDREN = "don-vi", "cap-duoi"
EXPLORER_CACHE_SECONDS = 600


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{format_number(value)}%"


def _period(raw: str | None, edition: Any = None) -> Period:
    """The period asked for; else the latest with reports (of the edition, when there is one); else the latest
    that has started."""
    if raw:
        period = Period.objects.filter(code=raw.strip().upper()).first()
        if period is None:
            raise DomainError(f"Không có kỳ báo cáo mã «{raw}».", field="ky")
        return period
    today = timezone.localdate()
    started = Period.objects.filter(start__lte=today).exclude(kind="campaign").order_by("-end")
    # One indexed EXISTS per period (there are few periods; the totals table is large).
    reported = (
        ApprovedTotal.objects.filter(period=OuterRef("pk"))
        if edition is None
        else Submission.objects.filter(period=OuterRef("pk"), data_set__edition=edition)
    )
    period = started.filter(Exists(reported)).first() or started.first()
    if period is None:
        raise DomainError("Chưa có kỳ báo cáo nào.", field="ky")
    return period


def _indicator(raw: str | None) -> Indicator | None:
    if not raw:
        return None
    indicator = Indicator.objects.filter(code=raw.strip().upper()).first()
    if indicator is None:
        raise DomainError(f"Không có chỉ tiêu mã «{raw}».", field="chi_tieu")
    return indicator


def _indicator_options(chosen: str | None) -> str:
    """The <option>s of the active indicators (150 and more: built in one pass, not through the template)."""
    chosen = (chosen or "").strip().upper()
    rows = Indicator.objects.filter(is_active=True).order_by("code").values_list("code", "name")
    return mark_safe(  # noqa: S308 (codes and names escaped)
        "".join(
            f'<option value="{escape(code)}"{" selected" if code == chosen else ""}>{escape(code)} — {escape(name)}'
            "</option>"
            for code, name in rows
        )
    )


def _row_cells(row: selectors.ResultRow) -> dict[str, Any]:
    return {
        "row": row,
        "target": format_number(row.target),
        "actual": format_number(row.actual),
        "percent_of_target": _percent(row.percent_of_target),
        "last_year": format_number(row.last_year),
        "change": format_number(row.change),
        "change_percent": _percent(row.change_percent),
        "met": {True: "Đạt", False: "Chưa đạt", None: ""}[row.met],
    }


def _rows_html(cells: list[dict[str, Any]]) -> str:
    """The explorer's table rows in one pass (a page holds 300 rows; through the template language they cost more
    than computing them)."""
    out = []
    for c in cells:
        row = c["row"]
        badge = ' <span class="badge">quy đổi</span>' if row.restated else ""
        out.append(
            f"<tr><td>{escape(row.unit_name)}</td><td>{escape(row.indicator.name)}{badge}</td>"
            f"<td>{escape(row.indicator.unit_of_measure)}</td>"
            f'<td class="num">{c["target"]}</td><td class="num">{c["actual"]}</td>'
            f'<td class="num">{c["percent_of_target"]}</td><td class="num">{c["last_year"]}</td>'
            f'<td class="num">{c["change"]}</td><td class="num">{c["change_percent"]}</td><td>{c["met"]}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 (texts escaped above; the figures are format_number's digits)


RESULT_HEADERS = [
    "Đơn vị",
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Chỉ tiêu giao",
    "Kết quả",
    "% so với chỉ tiêu",
    "Cùng kỳ năm trước",
    "Tăng (+), giảm (-)",
    "% so với cùng kỳ",
    "Quy đổi",
]


def _result_values(row: selectors.ResultRow) -> list[Any]:
    return [
        row.unit_name,
        row.indicator.code,
        row.indicator.name,
        row.indicator.unit_of_measure,
        row.target,
        row.actual,
        row.percent_of_target,
        row.last_year,
        row.change,
        row.change_percent,
        "Có" if row.restated else "",
    ]


def _explorer(request: HttpRequest) -> tuple[dict[str, Any], int] | HttpResponse:
    """The explorer's context and status, or the Excel export."""
    user = request.user
    units = selectors.readable_units(user=user, limit=UNIT_CHOICES)
    context: dict[str, Any] = {
        "units": units,
        "unit_choices": UNIT_CHOICES,
        "periods": Period.objects.exclude(kind="campaign").order_by("-start", "end"),
        "indicator_options": _indicator_options(request.GET.get("chi_tieu")),
        "restated": request.GET.get("quy_doi") == "1",
        "figures": request.GET.get("so_lieu", OWN),
        "scope": request.GET.get("pham_vi", SELF),
        "rows": [],
    }
    try:
        period = _period(request.GET.get("ky"))
        indicator = _indicator(request.GET.get("chi_tieu"))
        context.update(period=period, indicator=indicator)
        code = (request.GET.get("don_vi") or "").strip().upper()
        unit = selectors.readable_unit(user=user, code=code) if code else selectors.home_unit(user=user)
        context["unit"] = unit
        if unit is not None:
            shown = [unit]
            if context["scope"] == CHILDREN:
                shown = selectors.units_directly_under(unit, period)
            options = {
                "period": period,
                "indicators": [indicator] if indicator else None,
                "restated": context["restated"],
                "user": user,
                "rollup": context["figures"] == ROLLUP,
            }
            if request.GET.get("format") == "xlsx":
                rows = selectors.indicator_results(units=shown, **options)
                return xlsx_response(
                    f"phan-tich-{unit.code}-{period.code}.xlsx",
                    "Kết quả thực hiện chỉ tiêu",
                    RESULT_HEADERS,
                    [_result_values(r) for r in rows],
                )
            # Long lists paginate (the whole list is in the Excel export); a page computes only its own rows.
            grid = selectors.ResultGrid(units=shown, **options)
            page = Paginator(grid, PAGE_SIZE).get_page(request.GET.get("trang"))
            context["page"] = page
            context["rows"] = [_row_cells(r) for r in page.object_list]
            context["rows_html"] = _rows_html(context["rows"])
            query = request.GET.copy()
            query.pop("trang", None)
            context["query"] = query.urlencode()
            context["previous"] = grid.last_year
            if context["restated"]:
                successions = all_successions()
                context["notes"] = sorted({n for u in shown for n in restatement_warnings(u.code, successions)})
    except DomainError as exc:
        context["error"] = exc.message
        return context, 404 if isinstance(exc, NotFound) else 400
    return context, 200


def _explorer_key(request: HttpRequest) -> str:
    """What the explorer's content depends on: the user and the units they may read, the query, the day, and the
    data stamp (advanced in the transaction of every audited write, approvals included)."""
    readable = selectors.readable_unit_ids(request.user)
    parts = (
        request.user.pk,
        None if readable is None else (len(readable), hash(readable)),
        sorted(request.GET.lists()),
        timezone.localdate().isoformat(),
        selectors.data_stamp(),
    )
    return "analytics:explorer:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@login_required
@require_GET
def explorer(request: HttpRequest) -> HttpResponse:
    """Any indicator, for any unit in reach or the units directly under it, for any period: against the target and
    the same period last year, as it was or restated (quy đổi).

    The page's content is kept in the cache under ``_explorer_key``: an approval (or any audited change) moves the
    data stamp in its own transaction, so the next request computes the page again and shows it at once."""
    key = None if request.GET.get("format") == "xlsx" else _explorer_key(request)
    content = None if key is None else cache.get(key)
    if content is not None:
        return render(request, "analytics/explorer.html", {"content": content})
    computed = _explorer(request)
    if isinstance(computed, HttpResponse):
        return computed  # the Excel export, never kept
    context, status = computed
    context["content"] = render_to_string("analytics/explorer_content.html", context, request=request)
    if key is not None and status == 200:
        cache.set(key, context["content"], EXPLORER_CACHE_SECONDS)
    return render(request, "analytics/explorer.html", context, status=status)


@login_required
@require_GET
def dashboards(request: HttpRequest) -> HttpResponse:
    """The cluster editions the user may read, each leading to its dashboard."""
    return render(request, "analytics/dashboards.html", {"editions": cluster_editions(user=request.user)})


def _ranking(edition: Any, period: Period, user: Any) -> list[dict[str, Any]]:
    """The cluster's ranking (bảng xếp hạng) from the scoring app, formatted for the page."""
    return [
        {
            "rank": r.rank or "—",
            "unit_name": r.unit_name,
            "approved_total": format_number(r.approved_total),
            "max_total": format_number(r.max_total),
            "percent": _percent(r.percent),
            "band": r.band or "",
            "state_label": r.state_label,
        }
        for r in cluster_ranking(edition=edition, period=period, user=user)
    ]


def _pivot_labels(units: list[OrgUnit], names: dict[int, str], indicators: list[Indicator], periods: list[Period]):  # type: ignore[no-untyped-def]
    return {
        "unit": [(u.pk, names.get(u.pk, u.code)) for u in units],
        "indicator": [(i.pk, f"{i.code} — {i.name}") for i in indicators],
        "period": [(p.pk, p.code) for p in periods],
    }


@login_required
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """One cluster edition and period: ranking, charts by unit and over periods, and a pivot table."""
    user = request.user
    try:
        edition = cluster_edition_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None
    context: dict[str, Any] = {"edition": edition, "restated": request.GET.get("quy_doi") == "1"}
    try:
        period = _period(request.GET.get("ky"), edition)
        indicators = selectors.edition_indicators(edition)
        indicator = _indicator(request.GET.get("chi_tieu")) or (indicators[0] if indicators else None)
        rows_dim, cols_dim = request.GET.get("hang", "unit"), request.GET.get("cot", "indicator")
        third = check_dimensions(rows_dim, cols_dim)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "analytics/dashboard.html", context, status=400)
    readable = selectors.readable_unit_ids(user)
    units = [u for u in selectors.edition_units(edition, period) if readable is None or u.pk in readable]
    if context["restated"]:
        # Restated, a member that merged during the period is summed into its successor's row: no row of its own.
        summed = selectors.restatement_map(u.pk for u in units)
        folded = {source for unit, sources in summed.items() for source in sources if source != unit}
        units = [u for u in units if u.pk not in folded]
    names = unit_names_on(units, period.end)
    periods = selectors.periods_like(period)
    context.update(
        period=period,
        periods=Period.objects.exclude(kind="campaign").order_by("-start", "end"),
        indicators=indicators,
        indicator=indicator,
        units=units,
        rows_dim=rows_dim,
        cols_dim=cols_dim,
        dimensions=[(d, DIMENSION_LABELS[d]) for d in DIMENSIONS],
    )
    context["ranking"] = _ranking(edition, period, user)
    if indicator is not None and units:
        results = selectors.indicator_results(
            units=units, period=period, indicators=[indicator], restated=context["restated"], user=user
        )
        context["results"] = [_row_cells(r) for r in results]
        context["chart_units"] = charts.bars_by_unit(
            title=f"{indicator.name} — {period.code}",
            names=[r.unit_name for r in results],
            actual=[r.actual for r in results],
            last_year=[r.last_year for r in results],
        )
        series = selectors.trend(
            units=units, periods=periods, indicator=indicator, restated=context["restated"], user=user
        )
        context["chart_trend"] = charts.trend_lines(
            title=f"{indicator.name} qua các kỳ",
            periods=[p.code for p in periods],
            series=[(names.get(u.pk, u.code), series[u.pk]) for u in units if u.pk in series],
        )
    # Pivot: the third dimension is held at the chosen period, indicator or unit.
    fixed_unit = next((u for u in units if u.code == request.GET.get("don_vi")), units[0] if units else None)
    fixed = {
        "period": period.pk,
        "indicator": indicator.pk if indicator else None,
        "unit": fixed_unit.pk if fixed_unit else None,
    }[third]
    pivot_periods = periods if "period" in (rows_dim, cols_dim) else [period]
    pivot_units = units if "unit" in (rows_dim, cols_dim) else ([fixed_unit] if fixed_unit else [])
    pivot_indicators = indicators if "indicator" in (rows_dim, cols_dim) else ([indicator] if indicator else [])
    values = selectors.approved_totals(
        unit_ids=[u.pk for u in pivot_units],
        period_ids=[p.pk for p in pivot_periods],
        indicator_ids=[i.pk for i in pivot_indicators],
        restated=context["restated"],
    )
    table = pivot(
        {(u, i, p): v for (u, p, i), v in values.items()},
        rows=rows_dim,
        columns=cols_dim,
        labels=_pivot_labels(units, names, indicators, periods),
        fixed=fixed,
    )
    held = {
        "period": period.code,
        "indicator": indicator.name if indicator else "",
        "unit": names.get(fixed_unit.pk, "") if fixed_unit else "",
    }[third]
    title = f"{DIMENSION_LABELS[third]}: {held}"
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        filename = f"bang-tong-hop-{edition.cluster.number}-{edition.year}-{period.code}"
        lines = [[label, *line] for label, line in table.rows]
        if export == "xlsx":
            return xlsx_response(f"{filename}.xlsx", "Bảng tổng hợp", [table.corner, *table.columns], lines)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")  # so Excel opens the UTF-8 file with its diacritics
        writer = csv.writer(response)
        writer.writerow([title])
        writer.writerow([table.corner, *table.columns])
        for line in lines:
            writer.writerow(
                [safe_cell(v) if isinstance(v, str) else ("" if v is None else f"{v.normalize():f}") for v in line]
            )
        return response
    context["pivot"] = {
        "title": title,
        "corner": table.corner,
        "columns": table.columns,
        "rows": [(label, [format_number(v) for v in line]) for label, line in table.rows],
    }
    context["query"] = request.GET.urlencode()
    return render(request, "analytics/dashboard.html", context)
