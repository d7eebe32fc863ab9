"""Pages of the good-practice registry (/dien-hinh/): the list with search, filters and XLSX export, an entry's
page with its replications and files, and the forms to record and edit. Views parse, call a service or a selector,
and render; refusals are shown in Vietnamese next to the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.collection.views.uploads import posted_file, upload_context
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import NotFound
from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.core.forms import parse_day
from thidua.indicators.models import Period
from thidua.indicators.selectors import period_get, periods
from thidua.practices import selectors, services
from thidua.practices.domain.kinds import KIND_LABELS, Kind
from thidua.practices.models import Practice

PAGE_SIZE = 50
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _practice_or_404(user: Any, pk: int, action: str = "view") -> Practice:
    try:
        return selectors.practice_get(user=user, pk=pk, action=action)
    except NotFound:
        raise Http404 from None


def _version(raw: str | None) -> int:
    if raw is None or not raw.strip().isdigit():
        raise DomainError("Thiếu phiên bản của dữ liệu bạn đã mở: hãy tải lại trang.", field="version")
    return int(raw)


def _status_of(exc: DomainError) -> int:
    return int(getattr(exc, "http_status", 400))


def _period_or_none(user: Any, code: str) -> Period | None:
    if not code:
        return None
    try:
        return period_get(user=user, code=code)
    except NotFound:
        return None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The registry: search ignoring accents and case, filters by kind, unit, period, tag, published; XLSX export."""
    user: Any = request.user
    get = request.GET
    query = get.get("q", "").strip()
    kind = get.get("loai", "") if get.get("loai", "") in {k.value for k in Kind} else ""
    raw_unit = get.get("don-vi", "")
    unit_id = int(raw_unit) if raw_unit.isdigit() else None
    period = _period_or_none(user, get.get("ky", "").strip())
    tag = get.get("tu-khoa", "").strip()
    published = {"roi": True, "chua": False}.get(get.get("cong-bo", ""))
    rows = selectors.practices(
        user=user, query=query, kind=kind or None, unit_id=unit_id, period=period, tag=tag or None, published=published
    )
    if wants_xlsx(request):
        return xlsx_response(
            "nhan-to-moi-dien-hinh",
            "Nhân tố mới, điển hình",
            ["Loại", "Tên", "Đơn vị", "Kỳ", "Nội dung", "Kết quả", "Từ khóa", "Đơn vị nhân rộng", "Công bố"],
            (
                [
                    p.get_kind_display(),
                    p.title,
                    str(p.unit),
                    p.period.code,
                    p.description,
                    p.results,
                    ", ".join(p.tag_names),
                    "; ".join(f"{r.unit} (từ {r.since:%d/%m/%Y})" for r in p.replications.all()),
                    "Đã công bố" if p.published else "Chưa công bố",
                ]
                for p in rows
            ),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(get.get("trang"))
    params = get.copy()
    params.pop("trang", None)
    return render(
        request,
        "practices/index.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": list(KIND_LABELS.items()),
            "unit_id": unit_id,
            "units": selectors.filter_units(user=user),
            "period_code": period.code if period else "",
            "periods": selectors.filter_periods(user=user),
            "tag": tag,
            "published": get.get("cong-bo", ""),
            "can_record": selectors.recording_units(user=user).exists(),
            "params": params.urlencode(),
        },
    )


def _form_context(user: Any, values: dict[str, str], error: DomainError | None = None) -> dict[str, Any]:
    return {
        "v": {key.replace("-", "_"): value for key, value in values.items()},
        "error": error,
        "kinds": list(KIND_LABELS.items()),
        "units": selectors.recording_units(user=user),
        "periods": periods(user=user).filter(kind__in=["half_year", "year"]),
    }


FIELDS = ("loai", "ten", "don-vi", "ky", "noi-dung", "ket-qua", "tu-khoa")


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Record a new entry for one of the user's units."""
    user: Any = request.user
    units = selectors.recording_units(user=user)
    if not units.exists():
        raise Http404
    if request.method == "GET":
        values = dict.fromkeys(FIELDS, "")
        values["don-vi"] = str(units.first().pk)  # type: ignore[union-attr]
        return render(request, "practices/form.html", _form_context(user, values))
    post = request.POST
    values = {k: post.get(k, "") for k in FIELDS}
    try:
        unit = units.filter(pk=int(values["don-vi"]) if values["don-vi"].isdigit() else 0).first()
        if unit is None:
            raise DomainError("Hãy chọn đơn vị.", field="unit")
        period = _period_or_none(user, values["ky"])
        if period is None:
            raise DomainError("Hãy chọn kỳ.", field="period")
        practice = services.practice_create(
            kind=values["loai"],
            title=values["ten"],
            unit=unit,
            period=period,
            description=values["noi-dung"],
            results=values["ket-qua"],
            tags=values["tu-khoa"],
            actor=user,
        )
    except DomainError as exc:
        return render(request, "practices/form.html", _form_context(user, values, exc), status=_status_of(exc))
    messages.success(request, f"Đã ghi nhận «{practice.title}».")
    return redirect("practices:detail", pk=practice.pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an entry; a form based on an older version is refused and shows what is stored now."""
    user: Any = request.user
    practice = _practice_or_404(user, pk, action="change")
    if not user.has_perm("practices.edit", practice):
        raise Http404
    if request.method == "GET":
        values = {
            "loai": practice.kind,
            "ten": practice.title,
            "don-vi": str(practice.unit_id),
            "ky": practice.period.code,
            "noi-dung": practice.description,
            "ket-qua": practice.results,
            "tu-khoa": ", ".join(practice.tag_names),
        }
        context = _form_context(user, values)
        context.update(practice=practice, version=practice.version)
        return render(request, "practices/form.html", context)
    post = request.POST
    values = {k: post.get(k, "") for k in FIELDS}
    values["don-vi"] = str(practice.unit_id)
    try:
        period = _period_or_none(user, values["ky"])
        if period is None:
            raise DomainError("Hãy chọn kỳ.", field="period")
        services.practice_edit(
            practice=practice,
            kind=values["loai"],
            title=values["ten"],
            period=period,
            description=values["noi-dung"],
            results=values["ket-qua"],
            tags=values["tu-khoa"],
            expected_version=_version(post.get("version")),
            actor=user,
        )
    except DomainError as exc:
        practice.refresh_from_db()
        context = _form_context(user, values, exc)
        context.update(practice=practice, version=post.get("version", ""), current_version=practice.version)
        return render(request, "practices/form.html", context, status=_status_of(exc))
    messages.success(request, "Đã lưu thay đổi.")
    return redirect("practices:detail", pk=practice.pk)


def _render_detail(request: HttpRequest, practice: Practice, *, status: int = 200, **extra: Any) -> HttpResponse:
    user: Any = request.user
    adopters = selectors.recording_units(user=user).exclude(pk=practice.unit_id)
    adopters = adopters.exclude(pk__in=[r.unit_id for r in practice.replications.all()])
    can_edit = user.has_perm("practices.edit", practice)
    return render(
        request,
        "practices/detail.html",
        {
            "p": practice,
            "can_edit": can_edit,
            "can_publish": user.has_perm("practices.publish", practice),
            "adopters": adopters,
            **upload_context(),
            **extra,
        },
        status=status,
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _practice_or_404(request.user, pk))


@login_required
@require_POST
def replicate(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that one of the user's units adopted the practice (nhân rộng), since a date."""
    user: Any = request.user
    practice = _practice_or_404(user, pk)
    post = request.POST
    raw_unit, raw_since, note = post.get("don-vi", ""), post.get("tu-ngay", ""), post.get("ghi-chu", "")
    try:
        unit = selectors.recording_units(user=user).filter(pk=int(raw_unit) if raw_unit.isdigit() else 0).first()
        if unit is None:
            raise DomainError("Hãy chọn đơn vị áp dụng trong phạm vi của bạn.", field="unit")
        services.replication_add(
            practice=practice, unit=unit, since=parse_day(raw_since, field="since"), note=note, actor=user
        )
    except DomainError as exc:
        practice = _practice_or_404(user, pk)
        return _render_detail(
            request,
            practice,
            status=_status_of(exc),
            replicate_error=exc.message,
            r={"unit": raw_unit, "since": raw_since, "note": note},
        )
    messages.success(request, f"Đã ghi nhận «{unit}» áp dụng mô hình.")
    return redirect("practices:detail", pk=practice.pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    practice = _practice_or_404(user, pk)
    wanted = request.POST.get("cong-bo") == "1"
    try:
        services.practice_publish(
            practice=practice, published=wanted, expected_version=_version(request.POST.get("version")), actor=user
        )
    except DomainError as exc:
        return _render_detail(request, _practice_or_404(user, pk), status=_status_of(exc), publish_error=exc.message)
    messages.success(request, "Đã công bố." if wanted else "Đã thu hồi công bố.")
    return redirect("practices:detail", pk=practice.pk)


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    practice = _practice_or_404(user, pk)
    try:
        upload = posted_file(request)
        attachment = services.practice_attach(
            practice=practice, name=upload.name or "tep", content=upload.read(), actor=user
        )
    except DomainError as exc:
        return _render_detail(request, _practice_or_404(user, pk), status=_status_of(exc), upload_error=exc.message)
    messages.success(request, f"Đã đính kèm tệp «{attachment.original_name}».")
    return redirect("practices:detail", pk=practice.pk)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    practice = _practice_or_404(request.user, pk)
    found = practice.attachments.filter(pk=attachment_pk).first()
    if found is None:
        raise Http404
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=CONTENT_TYPES.get(found.kind, "application/octet-stream"),
    )
