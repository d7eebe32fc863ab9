"""Pages of scoring (chấm điểm thi đua): scales of an edition, a unit's scorecard and its workflow, the ranking.

Views parse, authorise (through the services and the scoped selectors), call a service or a selector, and render;
refusals are shown in Vietnamese and change nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number
from thidua.core.exceptions import NotFound
from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.indicators.models import Period
from thidua.organisations.selectors import cluster_edition_get
from thidua.scoring import selectors, services
from thidua.scoring.domain.quantitative import LOWER_IS_BETTER_RULE_LABELS
from thidua.scoring.domain.scale import CRITERION_KIND_LABELS
from thidua.scoring.domain.workflow import CLUSTER_SCORING_STATES, CardState
from thidua.scoring.models import Scale, ScaleState, Scorecard


def _version(raw: str | None) -> int:
    if raw is None or not raw.strip().isdigit():
        raise DomainError("Thiếu phiên bản của phiếu bạn đã mở: hãy tải lại trang.", field="version")
    return int(raw)


def _count(raw: str | None, label: str, field: str) -> int | None:
    text = (raw or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise DomainError(f"{label}: hãy nhập một số nguyên không âm (bạn nhập «{text}»).", field=field)
    return int(text)


def _scale_or_404(user: Any, pk: int) -> Scale:
    try:
        return selectors.scale_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


def _card_or_404(user: Any, pk: int) -> Scorecard:
    try:
        return selectors.scorecard_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Scales of every edition the user reads, the ranking of each, and the scorecards the user may open."""
    user: Any = request.user
    scales = list(selectors.scales(user=user))
    cards = list(
        selectors.scorecards(user=user)
        .filter(scale__state=ScaleState.PUBLISHED)
        .order_by("-scale__period__start", "unit__code")
    )
    if wants_xlsx(request):
        return xlsx_response(
            "thang-diem",
            "Thang điểm",
            ["Cụm thi đua", "Kỳ", "Tên thang điểm", "Tổng điểm", "Trạng thái"],
            [(str(s.edition), s.period.name, s.name, s.declared_total, s.get_state_display()) for s in scales],
        )
    return render(
        request,
        "scoring/index.html",
        {
            "scales": scales,
            "cards": cards[:200],
            "todo": selectors.todo(user=user),
            "new_targets": selectors.new_scale_targets(user=user),
        },
    )


@login_required
@require_GET
def scale_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The tree of a scale with each group's total checked, the bands and the criteria not assigned."""
    user: Any = request.user
    scale = _scale_or_404(user, pk)
    view = selectors.scale_view(user=user, scale=scale)
    if wants_xlsx(request):
        return xlsx_response(
            f"thang-diem-{scale.period.code}",
            "Thang điểm",
            ["Mã", "Nội dung", "Loại", "Điểm tối đa", "Chỉ tiêu", "Không giao cho"],
            [
                (
                    r.node.code,
                    r.node.name,
                    r.kind_label or "Nhóm",
                    r.maximum,
                    r.node.indicator.code if r.node.indicator else "",
                    ", ".join(r.not_assigned_to),
                )
                for r in view.rows
            ],
        )
    can_edit = user.has_perm("scoring.edit_scale", scale)
    targets = selectors.copy_targets(user=user, source=scale)
    editing = can_edit and scale.state == ScaleState.DRAFT
    return render(
        request,
        "scoring/scale.html",
        {
            "scale": scale,
            "view": view,
            "can_edit": can_edit,
            "copy_targets": targets,
            "editing": editing,
            "groups": [r.node for r in view.rows if r.is_group] if editing else [],
            "criteria": [r.node for r in view.rows if not r.is_group] if editing else [],
            "members": selectors.scale_members(scale=scale) if editing else [],
            "indicators": selectors.indicator_choices(user=user) if editing else [],
            "kinds": CRITERION_KIND_LABELS.items(),
            "rules": LOWER_IS_BETTER_RULE_LABELS.items(),
            "bands_text": "\n".join(f"{b.label}: {format_number(b.min_percent)}" for b in view.bands),
            "ranking_url": reverse("scoring:ranking", args=[scale.edition_id, scale.period.code]),
        },
    )


@login_required
@require_POST
def scale_create(request: HttpRequest) -> HttpResponse:
    """A new, empty scale for an edition and period the user manages."""
    user: Any = request.user
    post = request.POST
    edition_pk, _, period_pk = post.get("dich", "").partition(":")
    try:
        try:
            edition = cluster_edition_get(user=user, pk=int(edition_pk))
            period = Period.objects.get(pk=int(period_pk))
        except (ValueError, NotFound, Period.DoesNotExist):
            raise DomainError("Hãy chọn cụm và kỳ của thang điểm.", field="dich") from None
        scale = services.scale_create(
            edition=edition,
            period=period,
            name=post.get("ten", ""),
            declared_total=post.get("tong_diem", ""),
            basis=post.get("can_cu", ""),
            ranking_basis=post.get("xep_hang_theo", "total"),
            actor=user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("scoring:index")
    messages.success(request, "Đã tạo thang điểm; hãy thêm nhóm và tiêu chí.")
    return redirect("scoring:scale", pk=scale.pk)


@login_required
@require_POST
def scale_edit(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """Draft edits of a scale: a group, a criterion, a criterion not assigned to a unit, the bands."""
    user: Any = request.user
    scale = _scale_or_404(user, pk)
    post = request.POST
    nodes = {str(n.pk): n for n in scale.nodes.all()}
    try:
        if part == "nhom":
            services.group_add(
                scale=scale,
                code=post.get("ma", ""),
                name=post.get("ten", ""),
                parent=nodes.get(post.get("nhom_cha", "")),
                declared_total=post.get("tong_diem") or None,
                actor=user,
            )
        elif part == "tieu-chi":
            group = nodes.get(post.get("nhom", ""))
            if group is None:
                raise DomainError("Hãy chọn nhóm của tiêu chí.", field="group")
            indicator = selectors.indicator_for_criterion(user=user, pk=post.get("chi_tieu"))
            services.criterion_add(
                scale=scale,
                group=group,
                code=post.get("ma", ""),
                name=post.get("ten", ""),
                kind=post.get("loai", ""),
                max_score=post.get("diem_toi_da", ""),
                min_score=post.get("diem_thap_nhat") or 0,
                indicator=indicator,
                lower_is_better_rule=post.get("cach_cham_keo_giam", ""),
                points_per_occurrence=post.get("diem_moi_lan") or None,
                bonus_points=post.get("diem_cong") or None,
                penalty_points=post.get("diem_tru") or None,
                outside_total=post.get("ngoai_thang_diem") == "1",
                actor=user,
            )
        elif part == "khong-giao":
            criterion = nodes.get(post.get("tieu_chi", ""))
            unit = next((u for u in selectors.scale_members(scale=scale) if str(u.pk) == post.get("don_vi")), None)
            if criterion is None or unit is None:
                raise DomainError("Hãy chọn tiêu chí và đơn vị.", field="criterion")
            services.criterion_not_assign(criterion=criterion, unit=unit, reason=post.get("ly_do", ""), actor=user)
        elif part == "xep-loai":
            bands = []
            for line in post.get("muc", "").replace(";", "\n").splitlines():
                if line.strip():
                    label, _, threshold = line.rpartition(":")
                    if not label.strip():
                        raise DomainError(f"Dòng «{line.strip()}»: hãy ghi «Tên mức: ngưỡng %».", field="bands")
                    bands.append((label.strip(), threshold.strip().rstrip("%")))
            services.bands_set(scale=scale, bands=bands, actor=user)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã lưu thay đổi của thang điểm.")
    return redirect("scoring:scale", pk=scale.pk)


@login_required
@require_POST
def scale_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    source = _scale_or_404(user, pk)
    raw = request.POST.get("dich", "")
    edition_pk, _, period_pk = raw.partition(":")
    try:
        try:
            edition = cluster_edition_get(user=user, pk=int(edition_pk))
            period = Period.objects.get(pk=int(period_pk))
        except (ValueError, NotFound, Period.DoesNotExist):
            raise DomainError("Hãy chọn cụm và kỳ để sao chép thang điểm sang.", field="dich") from None
        copy = services.scale_copy(source=source, edition=edition, period=period, actor=user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("scoring:scale", pk=source.pk)
    messages.success(request, f"Đã sao chép thang điểm sang {period.name} ({edition}); thang điểm mới đang soạn.")
    return redirect("scoring:scale", pk=copy.pk)


@login_required
@require_POST
def scale_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    scale = _scale_or_404(user, pk)
    try:
        services.scale_publish(scale=scale, expected_version=_version(request.POST.get("version")), actor=user)
        messages.success(request, "Đã ban hành thang điểm; các đơn vị đã có phiếu chấm điểm.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("scoring:scale", pk=scale.pk)


@login_required
@require_POST
def scale_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    scale = _scale_or_404(user, pk)
    try:
        services.quantitative_refresh(scale=scale, actor=user)
        messages.success(request, "Đã tính lại điểm các tiêu chí định lượng theo số liệu đã duyệt.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(request.POST.get("next") or reverse("scoring:scale", args=[scale.pk]))


@login_required
@never_cache
@require_GET
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's scorecard: every criterion with the self score, evidence, cluster score, explanation, approved score,
    and the step the user may take now."""
    user: Any = request.user
    card = _card_or_404(user, pk)
    rows = selectors.scorecard_rows(user=user, card=card)
    if wants_xlsx(request):
        return xlsx_response(
            f"phieu-cham-diem-{card.unit.code}-{card.scale.period.code}",
            "Phiếu chấm điểm",
            [
                "Mã",
                "Nội dung",
                "Điểm tối đa",
                "Chỉ tiêu giao",
                "Kết quả",
                "Tự chấm",
                "Cụm chấm",
                "Nhận xét",
                "Yêu cầu giải trình",
                "Giải trình",
                "Điểm duyệt",
            ],
            [
                (
                    r.node.code,
                    r.node.name + (" (không giao)" if r.not_assigned else ""),
                    r.node.declared_total if r.node.is_group else r.node.max_score,
                    r.score.target if r.score else None,
                    r.score.actual if r.score else None,
                    r.group_self if r.node.is_group else (r.score.self_score if r.score else None),
                    r.group_cluster if r.node.is_group else (r.score.cluster_score if r.score else None),
                    r.score.cluster_comment if r.score else "",
                    r.score.explanation_request if r.score else "",
                    r.score.explanation if r.score else "",
                    r.group_approved if r.node.is_group else (r.score.approved_score if r.score else None),
                )
                for r in rows
            ],
        )
    state = card.state_enum
    return render(
        request,
        "scoring/scorecard.html",
        {
            "card": card,
            "rows": rows,
            "can_self_score": state is CardState.DRAFT and user.has_perm("scoring.self_score", card),
            "can_submit": state is CardState.DRAFT and user.has_perm("scoring.submit", card),
            "can_cluster_score": state in CLUSTER_SCORING_STATES and user.has_perm("scoring.cluster_score", card),
            "can_explain": state is CardState.EXPLANATION_REQUESTED and user.has_perm("scoring.explain", card),
            "can_approve": state in (CardState.SUBMITTED, CardState.EXPLAINED)
            and user.has_perm("scoring.approve", card),
            "can_lock": state is CardState.APPROVED and user.has_perm("scoring.lock", card),
            "can_unlock": state is CardState.LOCKED and user.has_perm("scoring.lock", card),
            "can_refresh": user.has_perm("scoring.edit_scale", card.scale),
            "ranking_url": reverse("scoring:ranking", args=[card.scale.edition_id, card.scale.period.code]),
        },
    )


STEPS = {
    "tu-cham": "self_score",
    "tai-lieu": "evidence",
    "gui": "submit",
    "cum-cham": "cluster_score",
    "yeu-cau-giai-trinh": "request",
    "giai-trinh": "explain",
    "duyet": "approve",
    "khoa": "lock",
    "mo-khoa": "unlock",
}

DONE = {
    "self_score": "Đã lưu điểm tự chấm.",
    "evidence": "Đã đính kèm tài liệu kiểm chứng.",
    "submit": "Đã gửi phiếu tự chấm lên cụm.",
    "cluster_score": "Đã lưu điểm cụm chấm.",
    "request": "Đã gửi yêu cầu giải trình cho đơn vị.",
    "explain": "Đã gửi giải trình.",
    "approve": "Đã duyệt điểm.",
    "lock": "Đã khóa phiếu chấm điểm.",
    "unlock": "Đã mở khóa phiếu chấm điểm.",
}


@login_required
@require_POST
def scorecard_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user: Any = request.user
    card = _card_or_404(user, pk)
    action = STEPS.get(step)
    if action is None:
        raise Http404
    post = request.POST
    criterion = post.get("tieu_chi")
    criterion_id = int(criterion) if criterion and criterion.isdigit() else None
    try:
        if action == "evidence":
            upload = request.FILES.get("tep")
            if upload is None or criterion_id is None:
                raise DomainError("Hãy chọn tệp tài liệu kiểm chứng.", field="file")
            services.evidence_add(
                card=card, criterion=criterion_id, name=upload.name or "tai-lieu", content=upload.read(), actor=user
            )
        else:
            version = _version(post.get("version"))
            if action in ("self_score", "cluster_score", "request", "explain") and criterion_id is None:
                raise DomainError("Thiếu tiêu chí.", field="criterion")
            if action == "self_score":
                achieved = post.get("dat")
                services.self_score_set(
                    card=card,
                    criterion=criterion_id,  # type: ignore[arg-type]
                    achieved=None if achieved in (None, "") else achieved == "1",
                    count=_count(post.get("so_lan"), "Số lần", "count"),
                    bonus_count=_count(post.get("so_lan_cong"), "Số lần được cộng", "bonus_count"),
                    penalty_count=_count(post.get("so_lan_tru"), "Số lần bị trừ", "penalty_count"),
                    note=post.get("thuyet_minh", ""),
                    expected_version=version,
                    actor=user,
                )
            elif action == "submit":
                services.scorecard_submit(card=card, expected_version=version, actor=user)
            elif action == "cluster_score":
                services.cluster_score_set(
                    card=card,
                    criterion=criterion_id,  # type: ignore[arg-type]
                    score=post.get("diem"),
                    comment=post.get("nhan_xet", ""),
                    expected_version=version,
                    actor=user,
                )
            elif action == "request":
                services.explanation_request(
                    card=card,
                    criterion=criterion_id,  # type: ignore[arg-type]
                    text=post.get("noi_dung", ""),
                    expected_version=version,
                    actor=user,
                )
            elif action == "explain":
                services.explanation_give(
                    card=card,
                    criterion=criterion_id,  # type: ignore[arg-type]
                    text=post.get("noi_dung", ""),
                    expected_version=version,
                    actor=user,
                )
            elif action == "approve":
                services.scorecard_approve(card=card, expected_version=version, actor=user)
            elif action == "lock":
                services.scorecard_lock(card=card, expected_version=version, actor=user)
            elif action == "unlock":
                services.scorecard_unlock(card=card, reason=post.get("ly_do", ""), expected_version=version, actor=user)
    except DomainError as error:
        messages.error(request, error.message)
        status_url = reverse("scoring:scorecard", args=[card.pk])
        return redirect(status_url)
    messages.success(request, DONE[action])
    anchor = f"#tc-{criterion_id}" if criterion_id else ""
    return redirect(reverse("scoring:scorecard", args=[card.pk]) + anchor)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    user: Any = request.user
    card = _card_or_404(user, pk)
    try:
        item = selectors.evidence_get(user=user, card=card, pk=evidence_pk)
    except NotFound:
        raise Http404 from None
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
@require_GET
def ranking(request: HttpRequest, edition_pk: int, period_code: str) -> HttpResponse:
    """The ranking of a cluster edition for a period, with the tie-break written out and the bands."""
    user: Any = request.user
    try:
        edition = cluster_edition_get(user=user, pk=edition_pk)
    except NotFound:
        raise Http404 from None
    period = Period.objects.filter(code=period_code).first()
    if period is None:
        raise Http404
    scale = selectors.scale_for(user=user, edition=edition, period=period)
    rows = selectors.cluster_ranking(edition=edition, period=period, user=user)
    if wants_xlsx(request):
        return xlsx_response(
            f"xep-hang-{period.code}",
            "Xếp hạng",
            [
                "Hạng",
                "Đơn vị",
                "Tự chấm",
                "Cụm chấm",
                "Điểm duyệt",
                "Điểm tối đa",
                "Tỷ lệ (%)",
                "Xếp loại",
                "Trạng thái",
                "Quy đổi theo đơn vị trước sắp xếp",
            ],
            [
                (
                    r.rank,
                    r.unit_name,
                    r.self_total,
                    r.cluster_total,
                    r.approved_total,
                    r.max_total,
                    r.percent,
                    r.band or "",
                    r.state_label,
                    "Có" if r.restated else "",
                )
                for r in rows
            ],
        )
    periods = [
        s.period
        for s in selectors.scales(user=user, edition=edition).filter(state=ScaleState.PUBLISHED)
        if s.period_id != period.pk
    ]
    return render(
        request,
        "scoring/ranking.html",
        {
            "edition": edition,
            "period": period,
            "scale": scale,
            "rows": rows,
            "bands": list(scale.bands.all()) if scale else [],
            "tie_break": selectors.TIE_BREAK_TEXT,
            "periods": periods,
            "any_restated": any(r.restated for r in rows),
            "fmt": format_number,
        },
    )
