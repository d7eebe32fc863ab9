"""Pages where a unit prepares its report (báo cáo số liệu): the list of its reports, the entry form saved cell by
cell as the officer types, evidence files, a value's history and the workflow buttons. Views parse, call a service
or a selector, and render; refusals are shown in Vietnamese next to the field they are about."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thidua.collection import selectors, services
from thidua.collection.domain.workflow import LOCKED, TRANSITIONS, Action, Status, is_editable
from thidua.collection.models import Submission
from thidua.collection.views.uploads import posted_file, upload_context
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, NotFound
from thidua.core.forms import parse_day
from thidua.indicators.selectors import data_sets, period_get
from thidua.organisations.selectors import org_unit_get

# Who may press which workflow button (the service checks again; this only decides what the page offers).
ACTION_PERMISSIONS = {
    Action.SUBMIT: "collection.submit",
    Action.RETURN: "collection.review",
    Action.APPROVE: "collection.review",
    Action.FINALISE: "collection.finalise",
    Action.UNAPPROVE: "collection.unapprove",
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _submission_or_404(user: Any, pk: int) -> Submission:
    """Missing and out of scope answer alike (404)."""
    try:
        return selectors.submission_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _version(raw: str | None, *, field: str = "version") -> int:
    """The version an edit was based on; a page always sends one, so nothing is ever merged silently."""
    if raw is None or not raw.strip().isdigit():
        raise DomainError("Thiếu phiên bản của dữ liệu bạn đã mở: hãy tải lại trang.", field=field)
    return int(raw)


def _status_of(exc: DomainError) -> int:
    return int(getattr(exc, "http_status", 400))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The user's reports: each data set of their unit's cluster editions x its periods, with status and deadline."""
    user: Any = request.user
    this_year = timezone.localdate().year
    raw_year = request.GET.get("nam", "")
    year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else this_year
    rows = selectors.reports_of(user=user, year=year)
    return render(
        request,
        "collection/index.html",
        {
            "rows": rows,
            "year": year,
            "years": sorted({this_year - 1, this_year, year}),
            "reviewable": selectors.reviewable_editions(user=user).filter(year=year),
        },
    )


@login_required
@require_GET
def open_report(request: HttpRequest) -> HttpResponse:
    """Open (creating it as a draft the first time) the unit's report for a data set and a period."""
    user: Any = request.user
    code, data_set_id, period_code = (request.GET.get(k, "").strip() for k in ("don-vi", "bo", "ky"))
    if not (code and data_set_id.isdigit() and period_code):
        raise Http404
    try:
        unit = org_unit_get(user=user, code=code)
        data_set = data_sets(user=user).filter(pk=int(data_set_id)).first()
        if data_set is None:
            raise NotFound("Không tìm thấy bộ chỉ tiêu này.", field="data_set")
        period = period_get(user=user, code=period_code)
    except NotFound:
        raise Http404 from None
    try:
        submission = services.submission_open(unit=unit, data_set=data_set, period=period, actor=user)
    except Forbidden:
        raise Http404 from None  # another unit's report: refused alike whether it exists or not
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("collection:index")
    # The service hands back an existing report without asking who wants it: only its readers are sent there.
    if not selectors.submissions(user=user).filter(pk=submission.pk).exists():
        raise Http404
    return redirect("collection:form", pk=submission.pk)


def _abilities(user: Any, submission: Submission, lock_until: Any) -> dict[str, Any]:
    status = submission.status_enum
    editable = is_editable(status, lock_exception=lock_until is not None)
    actions = [
        action
        for action, perm in ACTION_PERMISSIONS.items()
        if (status, action) in TRANSITIONS and user.has_perm(perm, submission)
    ]
    return {
        "can_enter": editable and user.has_perm("collection.enter_values", submission),
        "editable_status": editable,
        "actions": actions,
        "can_submit": Action.SUBMIT in actions,
        "can_review": Action.RETURN in actions,
        "can_finalise": Action.FINALISE in actions,
        "can_unapprove": Action.UNAPPROVE in actions,
        "needs_reason": Action.RETURN in actions or Action.UNAPPROVE in actions,
        "can_unlock": status in LOCKED and user.has_perm("collection.grant_lock_exception", submission),
    }


def _render_form(
    request: HttpRequest,
    submission: Submission,
    *,
    status: int = 200,
    action_error: DomainError | None = None,
    upload_error: str = "",
    reason: str = "",
    unlock: dict[str, str] | None = None,
) -> HttpResponse:
    user: Any = request.user
    check = services.submission_check(submission)
    data = selectors.entry_form(user=user, submission=submission)
    abilities = _abilities(user, submission, data.lock_until)
    return render(
        request,
        "collection/form.html",
        {
            "s": submission,
            "f": data,
            "check": check,
            **abilities,
            "action_error": action_error,
            "reason": reason,
            "upload_error": upload_error,
            **(unlock or {}),
            **upload_context(),
            "is_locked": submission.status_enum in (Status.APPROVED, Status.FINALISED),
            "reviewer": selectors.reviewable_editions(user=user).filter(pk=submission.data_set.edition_id).exists(),
        },
        status=status,
    )


@login_required
@require_GET
def form(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry form of one report, grouped by the data set's sections."""
    return _render_form(request, _submission_or_404(request.user, pk))


@login_required
@require_POST
def save_value(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one cell (htmx): answers the refreshed cell with its new version, or the refusal in Vietnamese; a stale
    version is refused (412) and the cell shows the value stored now."""
    user: Any = request.user
    submission = _submission_or_404(user, pk)
    post = request.POST
    try:
        slot = selectors.slot_get(
            user=user, submission=submission, indicator_id=post.get("indicator"), option_id=post.get("option")
        )
    except DomainError as exc:
        return render(request, "collection/_cell_error.html", {"message": exc.message}, status=400)
    typed = post.get("value", "")
    comment = post.get("comment")  # absent (an option's cell): the stored comment is kept
    error: DomainError | None = None
    status = 200
    try:
        services.value_save(
            submission=submission,
            indicator=slot.indicator,
            option=slot.option,
            raw=typed,
            comment=comment,
            expected_version=_version(post.get("version")),
            actor=user,
        )
    except DomainError as exc:
        error, status = exc, _status_of(exc)
    fresh = selectors.slot_get(
        user=user, submission=submission, indicator_id=slot.indicator.pk, option_id=slot.option.pk if slot.option else 0
    )
    submission.refresh_from_db()
    stale = error is not None and error.field == "version"
    return render(
        request,
        "collection/_saved.html",
        {
            "s": submission,
            "slot": fresh,
            "error": error,
            "saved": error is None,
            "stale": stale,
            "typed": typed,
            "typed_comment": comment or "",
            "check": services.submission_check(submission),
            "can_enter": True,
        },
        status=status,
    )


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Download an evidence file of a report in the user's scope."""
    user: Any = request.user
    submission = _submission_or_404(user, pk)
    try:
        found = selectors.attachment_get(user=user, submission=submission, pk=attachment_pk)
    except NotFound:
        raise Http404 from None
    return FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.original_name,
        content_type=CONTENT_TYPES.get(found.kind, "application/octet-stream"),
    )


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach an evidence file (checked by its content and size)."""
    user: Any = request.user
    submission = _submission_or_404(user, pk)
    form_url = reverse("collection:form", args=[submission.pk]) + "#tai-lieu"
    try:
        upload_file = posted_file(request)  # refused before it is read into memory
        attachment = services.attachment_add(
            submission=submission, name=upload_file.name or "tep", content=upload_file.read(), actor=user
        )
    except DomainError as exc:
        return _render_form(request, submission, status=_status_of(exc), upload_error=exc.message)
    messages.success(request, f"Đã đính kèm tệp «{attachment.original_name}».")
    return HttpResponseRedirect(form_url)


@login_required
@require_POST
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """A workflow step on the report: submit, return with a reason, approve, finalise, unapprove with a reason."""
    user: Any = request.user
    submission = _submission_or_404(user, pk)
    reason = request.POST.get("reason", "")
    try:
        try:
            step = Action(request.POST.get("action", ""))
        except ValueError:
            raise DomainError("Thao tác không hợp lệ.", field="action") from None
        version = _version(request.POST.get("version"))
        if step is Action.SUBMIT:
            services.submission_submit(submission=submission, expected_version=version, actor=user)
        elif step is Action.RETURN:
            services.submission_return(submission=submission, reason=reason, expected_version=version, actor=user)
        elif step is Action.APPROVE:
            services.submission_approve(submission=submission, expected_version=version, actor=user)
        elif step is Action.FINALISE:
            services.submission_finalise(submission=submission, expected_version=version, actor=user)
        else:
            services.submission_unapprove(submission=submission, reason=reason, expected_version=version, actor=user)
    except DomainError as exc:
        submission.refresh_from_db()
        return _render_form(request, submission, status=_status_of(exc), action_error=exc, reason=reason)
    messages.success(request, f"Đã thực hiện «{step.label}». Báo cáo chuyển sang trạng thái mới.")
    return redirect("collection:form", pk=submission.pk)


@login_required
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """The office lets the unit correct an approved report until the end of a given day, with a reason."""
    user: Any = request.user
    submission = _submission_or_404(user, pk)
    raw_day, reason = request.POST.get("den-ngay", ""), request.POST.get("reason", "")
    try:
        day = parse_day(raw_day, field="den-ngay")
        if day is None:
            raise DomainError("Hãy nhập ngày hết hạn mở khóa.", field="den-ngay")
        until = timezone.make_aware(datetime.combine(day, time(23, 59, 59)))
        services.lock_exception_grant(submission=submission, until=until, reason=reason, actor=user)
    except DomainError as exc:
        return _render_form(
            request,
            submission,
            status=_status_of(exc),
            unlock={"unlock_error": exc.message, "unlock_until": raw_day, "unlock_reason": reason},
        )
    messages.success(request, f"Đã mở khóa báo cáo để đơn vị sửa đến hết ngày {day:%d/%m/%Y}.")
    return redirect("collection:form", pk=submission.pk)


@login_required
@require_GET
def history(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    """A value's history from the audit log: who, when, before -> after (a fragment beside the cell)."""
    user: Any = request.user
    submission = _submission_or_404(user, pk)
    try:
        entries = selectors.value_history(user=user, submission=submission, value_pk=value_pk)
    except NotFound:
        raise Http404 from None
    template = "collection/_history.html" if _is_htmx(request) else "collection/history.html"
    return render(request, template, {"s": submission, "entries": entries, "value_pk": value_pk})
