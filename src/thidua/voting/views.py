"""Pages of the secret ballot (bỏ phiếu kín bình xét, suy tôn). Views parse, call a service or a selector, and
render; refusals are shown in Vietnamese. The voter's page never shows what the voter chose, and no page shows totals
before the ballot is closed. Choices travel only in the body of a POST (never in a URL an access log keeps)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, NotFound
from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.core.forms import parse_day
from thidua.core.scoping import CHANGE
from thidua.voting import selectors, services
from thidua.voting.domain.ballot import Status
from thidua.voting.domain.tally import DENOMINATOR_LABELS, Denominator, Threshold, parse_fraction
from thidua.voting.models import Ballot

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STRICT, AT_LEAST = "tren", "tu"
DEFAULT_TITLE = "Bình xét, suy tôn Cờ thi đua của Bộ Công an năm {year}"


def _ballot_or_404(user: Any, pk: int, action: str = "view") -> Ballot:
    try:
        return selectors.ballot_get(user=user, pk=pk, action=action)
    except NotFound:
        raise Http404 from None


def _version(raw: str | None) -> int:
    if raw is None or not raw.strip().isdigit():
        raise DomainError("Thiếu phiên bản của dữ liệu bạn đã mở: hãy tải lại trang.", field="version")
    return int(raw)


def _whole(raw: str | None, field: str, label: str) -> int:
    text = (raw or "").strip()
    if not text.isdigit():
        raise DomainError(f"{label}: hãy nhập một số nguyên dương (bạn nhập «{text}»).", field=field)
    return int(text)


def _settings_from(post: Any) -> dict[str, Any]:
    """The settings form (create and update) as service arguments."""
    kind = post.get("nguong_kieu", STRICT)
    if kind not in (STRICT, AT_LEAST):
        raise DomainError("Hãy chọn «trên» hoặc «từ ... trở lên» cho tỷ lệ cần đạt.", field="threshold")
    fraction = parse_fraction(post.get("nguong_ty_le", ""))
    seats = _whole(post.get("so_suat"), "seats", "Số lượng đơn vị được suy tôn")
    raw_max = (post.get("toi_da") or "").strip()
    return {
        "title": post.get("noi_dung", ""),
        "seats": seats,
        "max_choices": _whole(raw_max, "max_choices", "Số đơn vị tối đa trên một phiếu") if raw_max else seats,
        "threshold": Threshold(fraction, strict=kind == STRICT),
        "denominator": post.get("ty_le_tren", Denominator.ROLL.value),
        "place": post.get("dia_danh", ""),
        "document_number": post.get("so_bien_ban", ""),
        "held_on": parse_day(post.get("ngay_bo_phieu"), field="held_on"),
        "teller_chair": post.get("truong_ban", ""),
        "teller_secretary": post.get("thu_ky", ""),
    }


def _settings_context(ballot: Ballot | None, post: Any = None) -> dict[str, Any]:
    """What the settings form shows: what was just typed, else the ballot's settings, else the usual defaults."""
    if post is not None:
        values = {k: post.get(k, "") for k in post}
    elif ballot is not None:
        threshold = ballot.threshold
        values = {
            "noi_dung": ballot.title,
            "so_suat": ballot.seats,
            "toi_da": ballot.max_choices,
            "nguong_kieu": STRICT if threshold.strict else AT_LEAST,
            "nguong_ty_le": threshold.share_label,
            "ty_le_tren": ballot.denominator,
            "dia_danh": ballot.place,
            "so_bien_ban": ballot.document_number,
            "ngay_bo_phieu": ballot.held_on.strftime("%d/%m/%Y") if ballot.held_on else "",
            "truong_ban": ballot.teller_chair,
            "thu_ky": ballot.teller_secretary,
        }
    else:
        values = {"so_suat": 1, "nguong_kieu": STRICT, "nguong_ty_le": "50%", "ty_le_tren": Denominator.ROLL.value}
    return {"form": values, "denominators": DENOMINATOR_LABELS.items(), "strict": STRICT, "at_least": AT_LEAST}


def _attempt(request: HttpRequest, back: str, action: Callable[[], Any], success: str) -> HttpResponse:
    try:
        action()
    except DomainError as exc:  # Forbidden and stale edits included: said in Vietnamese, nothing changed
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


# The list and creating -------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Ballots waiting for my vote, ballots I prepare, and the others I can see."""
    user: Any = request.user
    managed = list(selectors.ballots(user=user, action=CHANGE))
    managed_ids = {b.pk for b in managed}
    others = [(b, _page_for(user, b)) for b in selectors.ballots(user=user) if b.pk not in managed_ids]
    return render(
        request,
        "voting/index.html",
        {
            "to_vote": list(selectors.ballots_to_vote(user=user)),
            "managed": managed,
            "others": others,
            "can_create": selectors.manageable_editions(user=user).exists(),
        },
    )


def _page_for(user: Any, ballot: Ballot) -> str | None:
    """Where a ballot in the list leads this user, if anywhere: its page, the voting page, or its results."""
    if user.has_perm("voting.read_turnout", ballot):
        return reverse("voting:manage", args=[ballot.pk])
    if user.has_perm("voting.cast", ballot):
        return reverse("voting:vote", args=[ballot.pk])
    if ballot.status_enum is Status.CLOSED and user.has_perm("voting.read_results", ballot):
        return reverse("voting:results", args=[ballot.pk])
    return None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    editions = list(selectors.manageable_editions(user=user))
    if not editions:
        raise Http404
    post = request.POST if request.method == "POST" else None
    if post is not None:
        chosen = next((e for e in editions if str(e.pk) == post.get("cum", "")), None)
        try:
            if chosen is None:
                raise DomainError("Hãy chọn cụm thi đua (năm) của cuộc bỏ phiếu.", field="edition")
            ballot = services.ballot_create(edition=chosen, actor=user, **_settings_from(post))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã tạo cuộc bỏ phiếu. Hãy chọn các đơn vị bình xét và danh sách cử tri.")
            return redirect("voting:manage", pk=ballot.pk)
    context = _settings_context(None, post)
    if post is None:
        context["form"]["noi_dung"] = DEFAULT_TITLE.format(year=editions[0].year)
    return render(
        request,
        "voting/create.html",
        {**context, "editions": editions, "edition_pk": (post or {}).get("cum", str(editions[0].pk))},
    )


# The secretariat's page -------------------------------------------------------------------------------------------


@login_required
@never_cache
@require_GET
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Settings, candidates, roll, opening and closing; who has voted (never how); results once closed."""
    user: Any = request.user
    ballot = _ballot_or_404(user, pk)
    can_manage = user.has_perm("voting.manage_ballot", ballot)
    if not can_manage and not user.has_perm("voting.read_turnout", ballot):
        if ballot.roll.filter(user=user).exists():
            return redirect("voting:vote", pk=ballot.pk)
        if ballot.status_enum is Status.CLOSED and user.has_perm("voting.read_results", ballot):
            return redirect("voting:results", pk=ballot.pk)
        raise Http404
    units = selectors.eligible_units(ballot)
    candidates = list(ballot.candidates.select_related("unit"))
    names = selectors.unit_names(ballot, [*units, *(c.unit for c in candidates)])
    chosen_units = {c.unit_id for c in candidates}
    roll = {e.unit_id: e.user_id for e in ballot.roll.all()}
    voters = selectors.eligible_voters(ballot)
    draft = ballot.status_enum is Status.DRAFT
    return render(
        request,
        "voting/manage.html",
        {
            "ballot": ballot,
            "can_manage": can_manage,
            "draft": draft,
            "closed": ballot.status_enum is Status.CLOSED,
            "rules": ballot.rules.describe(),
            "unit_rows": [
                {
                    "unit": u,
                    "name": names.get(u.pk, str(u)),
                    "chosen": u.pk in chosen_units,
                    "people": voters[u.pk],
                    "voter": roll.get(u.pk),
                }
                for u in units
            ],
            "candidates": [{"name": names.get(c.unit_id, str(c.unit))} for c in candidates],
            "turnout": selectors.turnout(user=user, ballot=ballot),
            **_settings_context(ballot),
        },
    )


@login_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    ballot = _ballot_or_404(user, pk, CHANGE)
    back = reverse("voting:manage", args=[ballot.pk])
    return _attempt(
        request,
        back,
        lambda: services.ballot_update(
            ballot=ballot,
            changes=_settings_from(request.POST),
            expected_version=_version(request.POST.get("phien_ban")),
            actor=user,
        ),
        "Đã lưu quy định bỏ phiếu.",
    )


@login_required
@require_POST
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate units, in the order of the members' list."""
    user: Any = request.user
    ballot = _ballot_or_404(user, pk, CHANGE)
    wanted = set(request.POST.getlist("don_vi"))
    units = [u for u in selectors.eligible_units(ballot) if str(u.pk) in wanted]
    unknown = wanted - {str(u.pk) for u in units}

    def save() -> Any:
        if unknown:
            raise DomainError("Có đơn vị không còn là thành viên của cụm: hãy tải lại trang.", field="candidates")
        return services.ballot_candidates_set(
            ballot=ballot, units=units, expected_version=_version(request.POST.get("phien_ban")), actor=user
        )

    return _attempt(
        request, reverse("voting:manage", args=[ballot.pk]), save, f"Đã lưu danh sách {len(units)} đơn vị bình xét."
    )


@login_required
@require_POST
def roll(request: HttpRequest, pk: int) -> HttpResponse:
    """One voter per member unit: ``cu_tri_<unit id>`` = the chosen person's id, or empty for none."""
    user: Any = request.user
    ballot = _ballot_or_404(user, pk, CHANGE)
    people = {str(person.pk): person for found in selectors.eligible_voters(ballot).values() for person in found}
    entries = []
    problem = ""
    for unit in selectors.eligible_units(ballot):
        raw = request.POST.get(f"cu_tri_{unit.pk}", "")
        if not raw:
            continue
        if raw not in people:
            problem = "Có cử tri không còn là cán bộ của đơn vị: hãy tải lại trang."
            continue
        entries.append((people[raw], unit))

    def save() -> Any:
        if problem:
            raise DomainError(problem, field="roll")
        return services.ballot_roll_set(
            ballot=ballot, entries=entries, expected_version=_version(request.POST.get("phien_ban")), actor=user
        )

    return _attempt(
        request, reverse("voting:manage", args=[ballot.pk]), save, f"Đã lưu danh sách {len(entries)} cử tri."
    )


@login_required
@require_POST
def open_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    ballot = _ballot_or_404(user, pk, CHANGE)
    return _attempt(
        request,
        reverse("voting:manage", args=[ballot.pk]),
        lambda: services.ballot_open(
            ballot=ballot, expected_version=_version(request.POST.get("phien_ban")), actor=user
        ),
        "Đã mở bỏ phiếu: danh sách đơn vị bình xét và danh sách cử tri đã được chốt.",
    )


@login_required
@require_POST
def close_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    ballot = _ballot_or_404(user, pk, CHANGE)
    try:
        services.ballot_close(ballot=ballot, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("voting:manage", pk=ballot.pk)
    messages.success(request, "Đã kết thúc bỏ phiếu và kiểm phiếu.")
    return redirect("voting:results", pk=ballot.pk)


# The voter's page -------------------------------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose up to N units and cast once; afterwards only «Bạn đã bỏ phiếu», never the choices."""
    user: Any = request.user
    ballot = _ballot_or_404(user, pk)
    if not user.has_perm("voting.cast", ballot):
        raise Http404
    ticked: set[str] = set()
    if request.method == "POST":
        ticked = set(request.POST.getlist("chon"))
        try:
            if not all(raw.isdigit() for raw in ticked):
                raise DomainError("Lựa chọn không hợp lệ: hãy tải lại trang.", field="choices")
            if request.POST.get("xac_nhan") != "1":
                raise DomainError("Hãy đánh dấu ô xác nhận trước khi bỏ phiếu.", field="confirm")
            services.ballot_cast(ballot=ballot, voter=user, choices=[int(raw) for raw in ticked])
        except services.AlreadyVoted:
            return redirect("voting:vote", pk=ballot.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Phiếu của bạn đã được ghi nhận.")
            return redirect("voting:vote", pk=ballot.pk)
        ballot.refresh_from_db()
    voted = selectors.has_voted(user=user, ballot=ballot)
    candidates = list(ballot.candidates.select_related("unit"))
    names = selectors.unit_names(ballot, [c.unit for c in candidates])
    return render(
        request,
        "voting/vote.html",
        {
            "ballot": ballot,
            "voted": voted,
            "is_open": ballot.status_enum is Status.OPEN,
            "closed": ballot.status_enum is Status.CLOSED,
            "rules": ballot.rules.describe(),
            # What was ticked is shown back only in the answer to a refused attempt; it is never stored.
            "candidates": [
                {"pk": c.pk, "name": names.get(c.unit_id, str(c.unit)), "ticked": str(c.pk) in ticked and not voted}
                for c in candidates
            ],
        },
    )


# Results ------------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    ballot = _ballot_or_404(user, pk)
    try:
        found = selectors.ballot_results(user=user, ballot=ballot)
    except Forbidden:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("voting:index")
    if wants_xlsx(request):
        return xlsx_response(
            f"ket-qua-bo-phieu-{ballot.pk}",
            "Kết quả bỏ phiếu",
            ["STT", "Đơn vị", "Số phiếu đồng ý", f"Tỷ lệ (%) trên {ballot.rules.denominator.label}", "Kết quả"],
            [(r.number, r.unit_name, r.votes, r.percent, r.outcome.label) for r in found.rows],
        )
    return render(
        request,
        "voting/results.html",
        {
            "ballot": ballot,
            "results": found,
            "rules": ballot.rules.describe(),
            "can_manage": user.has_perm("voting.manage_ballot", ballot),
        },
    )


@login_required
@require_GET
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    ballot = _ballot_or_404(user, pk)
    try:
        content = services.ballot_minutes(ballot=ballot, user=user)
    except Forbidden:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("voting:index")
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{ballot.pk}.docx"'
    return response
