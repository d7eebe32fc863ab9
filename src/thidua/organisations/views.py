"""Pages for the organisation tree, a unit's history and cluster editions. Parse, call a selector, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import NotFound
from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.core.forms import parse_day
from thidua.indicators.domain.periods import default_period
from thidua.indicators.selectors import data_sets, periods, targets
from thidua.organisations import selectors


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    error = None
    try:
        day = parse_day(request.GET.get("ngay")) or timezone.localdate()
    except DomainError as exc:
        error, day = exc.message, timezone.localdate()
    org_tree = selectors.org_tree_on(user=request.user, day=day)
    if wants_xlsx(request):
        rows = [
            (depth + 1, node.unit, node.name, node.parent or "", node.valid_from, node.valid_to)
            for depth, node in org_tree.walk()
        ]
        return xlsx_response(
            f"to-chuc-{day:%Y%m%d}",
            "Tổ chức",
            ["Cấp", "Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hết hiệu lực từ"],
            rows,
        )
    return render(
        request,
        "organisations/tree.html",
        {"day": day, "tree": org_tree, "rows": list(org_tree.walk()), "error": error},
    )


@login_required
def unit(request: HttpRequest, code: str) -> HttpResponse:
    try:
        history = selectors.org_unit_history(user=request.user, code=code)
    except NotFound:
        raise Http404 from None
    return render(request, "organisations/unit.html", {"h": history})


@login_required
def clusters(request: HttpRequest) -> HttpResponse:
    year_raw = request.GET.get("nam")
    year = int(year_raw) if year_raw and year_raw.isdigit() else None
    editions = list(selectors.cluster_editions(user=request.user, year=year))
    # Leaders and deputies under the names they had in the edition's year (its last day, or today).
    today = timezone.localdate()
    names: dict[int, dict[int, str]] = {}
    for edition_year in {e.year for e in editions}:
        units = [u for e in editions if e.year == edition_year for u in (e.leader, e.deputy) if u is not None]
        names[edition_year] = selectors.unit_names_on(units, min(date(edition_year, 12, 31), today))

    def name_in_year(e: Any, unit: Any) -> str:
        return names[e.year].get(unit.pk, str(unit)) if unit is not None else ""

    listed = [(e, name_in_year(e, e.leader), name_in_year(e, e.deputy)) for e in editions]
    if wants_xlsx(request):
        rows = [
            (
                e.cluster.number,
                e.cluster.name,
                e.year,
                leader,
                deputy,
                e.get_selection_method_display(),
                e.basis,
            )
            for e, leader, deputy in listed
        ]
        return xlsx_response(
            "cum-thi-dua",
            "Cụm thi đua",
            ["Số cụm", "Tên cụm", "Năm", "Cụm trưởng", "Cụm phó", "Cách xác định", "Căn cứ"],
            rows,
        )
    years = sorted({e.year for e in selectors.cluster_editions(user=request.user)}, reverse=True)
    return render(
        request,
        "organisations/clusters.html",
        {"editions": editions, "listed": listed, "year": year, "years": years},
    )


@login_required
def edition(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    try:
        ed = selectors.cluster_edition_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None
    memberships = list(ed.memberships.all())
    # The review periods of the year: sơ kết 6 tháng and tổng kết năm.
    year_periods = list(
        periods(user=user, year=ed.year)
        .filter(kind__in=["half_year", "year"])
        .exclude(kind="half_year", number=2)
        .order_by("start", "end")
    )
    code = request.GET.get("ky")
    period = next((p for p in year_periods if p.code == code), None) or default_period(
        year_periods, timezone.localdate()
    )
    edition_targets = list(targets(user=user, edition=ed, period=period)) if period else []
    names = selectors.unit_names_on([m.unit for m in memberships], period.end if period else timezone.localdate())
    if wants_xlsx(request) and period:
        rows = [
            (
                names.get(t.unit_id, str(t.unit)),
                t.indicator.code,
                t.indicator.name,
                t.get_kind_display(),
                t.value,
                t.indicator.unit_of_measure,
            )
            for t in edition_targets
        ]
        return xlsx_response(
            f"chi-tieu-giao-{ed.cluster.number}-{period.code}",
            "Chỉ tiêu được giao",
            ["Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Cách giao", "Giá trị", "Đơn vị tính"],
            rows,
        )
    # Units are shown under the names they had in the period viewed, not today's (a rename keeps the unit).
    return render(
        request,
        "organisations/edition.html",
        {
            "edition": ed,
            "memberships": memberships,
            "members": [(m, names.get(m.unit_id, str(m.unit))) for m in memberships],
            "leader_name": names.get(ed.leader_id, str(ed.leader)) if ed.leader_id else None,
            "deputy_name": names.get(ed.deputy_id, str(ed.deputy)) if ed.deputy_id else None,
            "target_rows": [(t, names.get(t.unit_id, str(t.unit))) for t in edition_targets],
            "names": names,
            "periods": year_periods,
            "period": period,
            "targets": edition_targets,
            "data_sets": data_sets(user=user, edition=ed),
            "other_years": selectors.cluster_editions(user=user).filter(cluster=ed.cluster).exclude(pk=ed.pk),
        },
    )
