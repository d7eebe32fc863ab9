"""Pages for the indicator catalogue and the periods. Parse, call a selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.indicators import selectors


def _whole_number(raw: str | None) -> int | None:
    """A filter typed in the URL: ASCII digits only ("²".isdigit() is true but int() refuses it), at most 9."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    items = selectors.indicators(user=request.user).prefetch_related("disaggregations")
    if wants_xlsx(request):
        rows = [
            (
                i.code,
                i.name,
                i.unit_of_measure,
                i.get_value_type_display(),
                i.get_direction_display(),
                i.get_aggregation_display(),
                i.numerator.code if i.numerator else "",
                i.denominator.code if i.denominator else "",
            )
            for i in items
        ]
        return xlsx_response(
            "chi-tieu",
            "Chỉ tiêu",
            ["Mã", "Tên chỉ tiêu", "Đơn vị tính", "Kiểu giá trị", "Chiều đánh giá", "Cách tổng hợp", "Tử số", "Mẫu số"],
            rows,
        )
    return render(request, "indicators/indicators.html", {"indicators": items})


@login_required
def periods(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _whole_number(request.GET.get("nam"))
    kind = request.GET.get("loai") or None
    items = selectors.periods(user=request.user, year=year, kind=kind)
    if wants_xlsx(request):
        rows = [(p.code, p.name, p.get_kind_display(), p.start, p.end, p.get_calendar_display()) for p in items]
        return xlsx_response(
            "ky-bao-cao", "Kỳ báo cáo", ["Mã", "Tên kỳ", "Loại", "Từ ngày", "Đến hết ngày", "Cách tính"], rows
        )
    current = selectors.current_period(user=request.user, kind="half_year", today=today)
    return render(
        request,
        "indicators/periods.html",
        {"periods": items, "year": year, "kind": kind, "current": current, "kinds": items.model.kind.field.choices},
    )
