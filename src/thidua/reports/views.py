"""Pages of the báo cáo sơ kết / tổng kết: the list, the draft editor (narrative sections written in the browser),
building files in the background with visible progress, and downloading them. Views parse, authorise, call a service
or selector, and render; refusals are shown in Vietnamese and change nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import NotFound
from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.core.forms import parse_day
from thidua.indicators.models import Period
from thidua.reports import builder, selectors, services
from thidua.reports.domain.layout import KIND_LABELS, ReportKind
from thidua.reports.models import FileFormat, ReportDraft

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
NARRATIVE = (
    ("situation", "I. Đặc điểm tình hình"),
    ("leadership", "II.1. Công tác lãnh đạo, chỉ đạo, tổ chức phong trào thi đua"),
    ("activities", "II.5. Hoạt động của cụm thi đua"),
    ("assessment", "III. Đánh giá chung (ưu điểm, tồn tại hạn chế, nguyên nhân)"),
    ("direction", "IV. Phương hướng, nhiệm vụ"),
    ("proposals", "V. Đề xuất, kiến nghị"),
)
PARTICULARS = (
    ("number", "Số, ký hiệu (ví dụ 05/BC-CTĐ)"),
    ("place", "Địa danh"),
    ("signer_authority", "Thẩm quyền ký (ví dụ TM. CỤM THI ĐUA SỐ 6)"),
    ("signer_title", "Chức vụ người ký"),
    ("signer_name", "Họ tên người ký"),
)


def _draft_or_404(user: Any, pk: int, action: str = "view") -> ReportDraft:
    try:
        return selectors.draft_get(user=user, pk=pk, action=action)
    except NotFound:
        raise Http404 from None


def _version(raw: str | None) -> int:
    if raw is None or not raw.strip().isdigit():
        raise DomainError("Thiếu phiên bản của báo cáo bạn đã mở: hãy tải lại trang.", field="version")
    return int(raw)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The reports the user can read, per edition and period, and the reports the user may start."""
    user: Any = request.user
    drafts = list(selectors.drafts(user=user))
    if wants_xlsx(request):
        return xlsx_response(
            "bao-cao-so-ket-tong-ket.xlsx",
            "Báo cáo sơ kết, tổng kết",
            ["Loại", "Cụm thi đua", "Kỳ", "Đơn vị", "Số, ký hiệu", "Cập nhật lúc"],
            [
                (d.kind_label, str(d.edition), d.period.code, str(d.unit) if d.unit_id else "", d.number, d.updated_at)
                for d in drafts
            ],
        )
    choices = selectors.report_choices(user=user)
    years = sorted({c.edition.year for c in choices}, reverse=True)
    periods = list(selectors.report_periods().filter(year__in=years)) if years else []
    return render(
        request,
        "reports/index.html",
        {"drafts": drafts, "choices": choices, "periods": periods, "kinds": list(KIND_LABELS.items())},
    )


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    choices = selectors.report_choices(user=user)
    key = request.POST.get("bao_cao", "")
    chosen = next((c for c in choices if f"{c.edition.pk}:{c.unit.pk if c.unit else ''}" == key), None)
    try:
        if chosen is None:
            raise DomainError("Hãy chọn báo cáo của cụm hoặc của đơn vị bạn phụ trách.", field="edition")
        period = Period.objects.filter(pk=request.POST.get("ky", "") or 0).first()
        if period is None:
            raise DomainError("Hãy chọn kỳ báo cáo.", field="period")
        kind = ReportKind.HALF_YEAR if period.kind == "half_year" else ReportKind.YEAR
        draft = services.report_draft_create(
            kind=kind, edition=chosen.edition, period=period, unit=chosen.unit, actor=user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:index")
    messages.success(request, "Đã tạo báo cáo. Hãy viết các phần tường thuật rồi tạo tệp.")
    return redirect("reports:draft", pk=draft.pk)


def _detail_context(user: Any, draft: ReportDraft, form: dict[str, str] | None = None) -> dict[str, Any]:
    files = selectors.files_of(user=user, draft=draft)
    current = builder.data_version(draft)
    values = form or {
        **{name: getattr(draft, name) for name, _ in (*PARTICULARS, *NARRATIVE)},
        "recipients": draft.recipients,
        "issued_on": draft.issued_on.strftime("%d/%m/%Y") if draft.issued_on else "",
    }
    return {
        "draft": draft,
        "can_write": user.has_perm("reports.write_report", draft),
        "files": [(f, f.status == "done" and f.data_version != current) for f in files],
        "particulars": [(name, label, values.get(name, "")) for name, label in PARTICULARS],
        "narrative": [(name, label, values.get(name, "")) for name, label in NARRATIVE],
        "form": values,
        "formats": FileFormat.choices,
    }


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft editor (writers) or the read-only report (readers), with the files built from it."""
    user: Any = request.user
    report = _draft_or_404(user, pk)
    if request.method == "POST":
        post = request.POST
        try:
            if not user.has_perm("reports.write_report", report):
                raise DomainError(services.WRITE_REFUSED)
            issued_on = parse_day(post.get("issued_on"), field="issued_on")
            services.report_draft_update(
                draft=report,
                expected_version=_version(post.get("phien_ban")),
                actor=user,
                number=post.get("number", ""),
                issued_on=issued_on,
                clear_issued_on=issued_on is None,
                recipients=post.get("recipients", ""),
                **{name: post.get(name, "") for name, _ in (*PARTICULARS, *NARRATIVE) if name != "number"},
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            form = {k: post.get(k, "") for k in post}
            return render(request, "reports/draft.html", _detail_context(user, report, form), status=400)
        messages.success(request, "Đã lưu báo cáo.")
        return redirect("reports:draft", pk=report.pk)
    return render(request, "reports/draft.html", _detail_context(user, report))


@login_required
@require_POST
def build(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    report = _draft_or_404(user, pk)
    try:
        services.report_file_request(draft=report, file_format=request.POST.get("dinh_dang", ""), actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã xếp việc tạo tệp; tiến độ hiện ở bảng dưới.")
    return redirect("reports:draft", pk=report.pk)


@login_required
@never_cache
@require_GET
def file_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One file's row, polled by htmx while it is being built."""
    user: Any = request.user
    try:
        item = selectors.file_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None
    stale = item.status == "done" and item.data_version != builder.data_version(item.draft)
    return render(request, "reports/_file_row.html", {"f": item, "stale": stale})


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    try:
        item = selectors.file_get(user=user, pk=pk, with_content=True)
    except NotFound:
        raise Http404 from None
    if item.status != "done" or item.content is None:
        raise Http404
    response = HttpResponse(bytes(item.content), content_type=CONTENT_TYPES[item.file_format])
    response["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    return response
