"""The Excel round trip of a report: download the form, upload it back, see every change and problem, apply.

The uploaded bytes wait for «Áp dụng» in the user's session (the database), not on one server's disk, so any of
several app servers can take the second request. Only one upload waits per session, and it is bounded by the
upload size limit.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thidua.collection import excel, selectors
from thidua.collection.imports import Preview, WorkbookRejected, workbook_apply, workbook_preview
from thidua.collection.models import Submission
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, NotFound

PENDING = "collection_excel_upload"
TEMPLATE = "collection/excel_preview.html"


def _submission(request: HttpRequest, pk: int) -> Submission:
    try:
        return selectors.submission_get(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None


@login_required
@require_http_methods(["GET"])
def download(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    content = excel.build_workbook(submission, user=request.user)
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.filename_for(submission)}"'
    response["Cache-Control"] = "no-store"
    return response


def _page(
    request: HttpRequest,
    submission: Submission,
    *,
    preview: Preview | None = None,
    error: str = "",
    token: str = "",
    filename: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {
            "submission": submission,
            "preview": preview,
            "error": error,
            "token": token,
            "filename": filename,
            "max_size_mb": excel.LIMITS.max_bytes // (1024 * 1024),
        },
        status=status,
    )


def _preview(request: HttpRequest, submission: Submission) -> HttpResponse:
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _page(request, submission, error="Hãy chọn tệp Excel (.xlsx) để tải lên.", status=400)
    name = str(uploaded.name or "")
    if uploaded.size is not None and uploaded.size > excel.LIMITS.max_bytes:
        return _page(
            request,
            submission,
            error=f"Tệp quá lớn: tối đa {excel.LIMITS.max_bytes // (1024 * 1024)} MB.",
            filename=name,
            status=400,
        )
    content = uploaded.read(excel.LIMITS.max_bytes + 1)
    request.session.pop(PENDING, None)
    try:
        preview = workbook_preview(submission=submission, content=content, actor=request.user, filename=name)
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        return _page(request, submission, error=exc.message, filename=name, status=400)
    token = ""
    if preview.ok and preview.has_changes:
        token = secrets.token_urlsafe(24)
        request.session[PENDING] = {
            "token": token,
            "submission": submission.pk,
            "name": name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "content": base64.b64encode(content).decode("ascii"),
        }
    return _page(request, submission, preview=preview, token=token, filename=name)


def _apply(request: HttpRequest, submission: Submission) -> HttpResponse:
    pending: dict[str, Any] | None = request.session.get(PENDING)
    token = request.POST.get("token", "")
    if (
        not pending
        or not token
        or not secrets.compare_digest(str(pending.get("token", "")), token)
        or pending.get("submission") != submission.pk
    ):
        return _page(
            request,
            submission,
            error="Không còn tệp chờ áp dụng (phiên đã hết hạn hoặc tệp đã được áp dụng): hãy chọn lại tệp.",
            status=400,
        )
    content = base64.b64decode(pending["content"])
    name = str(pending.get("name", ""))
    if hashlib.sha256(content).hexdigest() != pending.get("sha256"):
        request.session.pop(PENDING, None)
        return _page(request, submission, error="Tệp chờ áp dụng bị hỏng: hãy chọn lại tệp.", status=400)
    try:
        preview = workbook_apply(submission=submission, content=content, actor=request.user, filename=name)
    except Forbidden:
        raise PermissionDenied from None
    except WorkbookRejected as exc:
        request.session.pop(PENDING, None)
        return _page(request, submission, preview=exc.preview, error=exc.message, filename=name, status=400)
    except DomainError as exc:
        request.session.pop(PENDING, None)
        return _page(request, submission, error=exc.message, filename=name, status=400)
    request.session.pop(PENDING, None)
    count = len(preview.changes)
    messages.success(request, f"Đã áp dụng {count} thay đổi từ tệp «{name}».")
    return redirect("collection:form", pk=submission.pk)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the upload form. POST with a file: the preview. POST with the preview's token: apply it."""
    submission = _submission(request, pk)
    if request.method == "POST":
        if "token" in request.POST:
            return _apply(request, submission)
        return _preview(request, submission)
    return _page(request, submission)
