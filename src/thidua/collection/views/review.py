"""The cluster secretariat's pages (thường trực cụm): completeness and timeliness of every member's report for a
period, approving or returning several at once; and every user's notifications. Parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from thidua.collection import selectors, services
from thidua.collection.domain.workflow import Action, Status
from thidua.core.exceptions import NotFound
from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.organisations.selectors import unit_names_on

NOTIFICATIONS_PER_PAGE = 50
NOT_OPENED = "chua-mo"
STATUS_FILTERS = {NOT_OPENED: "Chưa mở", **{s.value: s.label for s in Status}}


def _edition_or_404(user: Any, pk: int) -> Any:
    try:
        return selectors.reviewable_edition_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def _local(moment: Any) -> Any:
    return timezone.localtime(moment) if moment else None


def _period_choice(user: Any, edition: Any, code: str | None) -> tuple[list[Any], Any]:
    choices = selectors.overview_periods(user=user, edition=edition)
    wanted = (code or "").strip().upper()
    chosen = next((p for p in choices if p.code.upper() == wanted), None) if wanted else None
    if wanted and chosen is None:
        raise Http404
    return choices, chosen or selectors.overview_default_period(user=user, edition=edition, choices=choices)


@login_required
@require_GET
def overview(request: HttpRequest, edition_pk: int) -> HttpResponse:
    """Every member unit's report for the period: status, when sent, on time or late, how many values."""
    user: Any = request.user
    edition = _edition_or_404(user, edition_pk)
    choices, period = _period_choice(user, edition, request.GET.get("ky"))
    rows = selectors.overview_rows(user=user, edition=edition, period=period) if period else []
    status_filter = request.GET.get("trang-thai", "")
    if status_filter in STATUS_FILTERS:
        rows = [r for r in rows if (r.submission.status if r.submission else NOT_OPENED) == status_filter]
    if wants_xlsx(request) and period is not None:
        return xlsx_response(
            f"tinh-hinh-bao-cao-cum-{edition.cluster.number}-{edition.year}-{period.code}",
            "Tình hình báo cáo",
            [
                "Đơn vị",
                "Bộ chỉ tiêu",
                "Kỳ",
                "Trạng thái",
                "Gửi lúc",
                "Hạn gửi",
                "Đúng hạn / muộn",
                "Số liệu đã nhập",
                "Lý do trả lại / hủy duyệt",
            ],
            [
                (
                    r.unit_name,
                    r.data_set.name,
                    period.code,
                    r.status_label,
                    _local(r.submission.submitted_at if r.submission else None),
                    r.window.deadline if r.window else None,
                    "Muộn" if r.late else ("Đúng hạn" if r.submission and r.submission.submitted_at else ""),
                    r.value_count,
                    r.submission.reason if r.submission else "",
                )
                for r in rows
            ],
        )
    sent = {Status.SUBMITTED.value, Status.APPROVED.value, Status.FINALISED.value}
    probe = next((r.submission for r in rows if r.submission is not None), None)
    return render(
        request,
        "collection/overview.html",
        {
            "edition": edition,
            "periods": choices,
            "period": period,
            "status_filters": STATUS_FILTERS,
            "status_filter": status_filter,
            "rows": rows,
            "sent": sum(1 for r in rows if r.submission and r.submission.status in sent),
            "waiting": sum(1 for r in rows if r.can_decide),
            "late": sum(1 for r in rows if r.late),
            "can_decide": probe is not None and user.has_perm("collection.review", probe),
        },
    )


@login_required
@require_POST
def bulk(request: HttpRequest, edition_pk: int) -> HttpResponse:
    """Approve or return the chosen reports, each with its own reason and the version the reviewer saw."""
    user: Any = request.user
    edition = _edition_or_404(user, edition_pk)
    post = request.POST
    back = reverse("collection:overview", args=[edition.pk]) + (f"?ky={post['ky']}" if post.get("ky") else "")
    step = post.get("action", "")
    if step not in (Action.APPROVE.value, Action.RETURN.value):
        messages.error(request, "Hãy bấm «Duyệt» hoặc «Trả lại».")
        return redirect(back)
    chosen = [int(pk) for pk in post.getlist("chon") if pk.isdigit()]
    if not chosen:
        messages.error(request, "Chưa chọn báo cáo nào.")
        return redirect(back)
    found = {s.pk: s for s in selectors.submissions(user=user, edition_id=edition.pk).filter(pk__in=chosen)}
    names = unit_names_on([s.unit for s in found.values()], timezone.localdate())
    decisions = []
    for pk in chosen:
        if pk not in found:
            messages.error(request, f"Báo cáo số {pk}: không tìm thấy trong phạm vi của bạn.")
            continue
        raw_version = post.get(f"phien_ban_{pk}", "")
        version = int(raw_version) if raw_version.isdigit() else -1  # no version: refused as stale, never merged
        decisions.append((found[pk], step, post.get(f"ly_do_{pk}", ""), version))
    for outcome in services.submissions_review(decisions=decisions, actor=user):
        submission = found[outcome.submission_id]
        text = f"{names.get(submission.unit_id) or submission.unit} — {submission.data_set.name}: {outcome.message}"
        (messages.success if outcome.ok else messages.error)(request, text)
    return redirect(back)


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read. ``?dem=1``: the unread count shown
    beside the menu of every page (empty once the session has ended, never the login page inside the menu)."""
    user: Any = request.user
    if not user.is_authenticated:
        return HttpResponse("") if request.GET.get("dem") else redirect_to_login(request.get_full_path())
    unread = selectors.unread_notifications(user=user)
    if request.GET.get("dem"):
        return render(request, "collection/_notification_count.html", {"count": unread.count()})
    page = Paginator(selectors.notifications_of(user=user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("trang"))
    fresh = {n.pk for n in page.object_list if n.read_at is None}
    services.notifications_mark_read(user=user, ids=fresh)
    return render(request, "collection/notifications.html", {"page": page, "fresh": fresh})
