"""Pages of the commendations app (/khen-thuong/): dossiers and their workflow, the documents, the rule sets and the
eligibility of a person or unit. Views parse, call a service or a selector, and render; refusals are shown in
Vietnamese and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.commendations import selectors, services
from thidua.commendations.documents import DECIDED_ONLY, DOCUMENTS, DOCX, candidate_name
from thidua.commendations.domain.rulesets import Attestation
from thidua.commendations.domain.workflow import State, editable
from thidua.commendations.models import CatalogueEntry, Dossier
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number
from thidua.core.exceptions import NotFound
from thidua.core.exports import wants_xlsx, xlsx_response
from thidua.core.forms import parse_day
from thidua.core.scoping import CHANGE
from thidua.organisations.models import ClusterEdition, OrgUnit


def _dossier_or_404(user: Any, pk: int, action: str = "view") -> Dossier:
    try:
        return selectors.dossier_get(user=user, pk=pk, action=action)
    except NotFound:
        raise Http404 from None


def _version(raw: str | None) -> int:
    if raw is None or not raw.strip().isdigit():
        raise DomainError("Thiếu phiên bản của dữ liệu bạn đã mở: hãy tải lại trang.", field="version")
    return int(raw)


def _year(raw: str | None) -> int:
    text = (raw or "").strip()
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise DomainError(f"Năm xét «{text}» không hợp lệ: hãy nhập năm, ví dụ 2025.", field="year")
    return int(text)


def _attempt(request: HttpRequest, back: str, action: Callable[[], Any], success: str) -> HttpResponse:
    try:
        action()
    except DomainError as exc:  # Forbidden and stale edits included: said in Vietnamese, nothing changed
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


def _money(value: Any) -> str:
    return f"{format_number(value)} đồng" if value is not None else "—"


# --- The list and creating ------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The dossiers the user can see, newest year first; XLSX export."""
    user: Any = request.user
    rows = [
        {"dossier": d, "unit_name": selectors.unit_name(d.unit, d.year), "lines": d.lines.count()}
        for d in selectors.dossiers(user=user).order_by("-year", "unit__code", "pk")
    ]
    if wants_xlsx(request):
        return xlsx_response(
            "ho-so-de-nghi-khen-thuong",
            "Hồ sơ đề nghị",
            ["Năm", "Đơn vị", "Trích yếu", "Gửi tới", "Số đối tượng", "Trạng thái", "Số quyết định"],
            [
                [
                    r["dossier"].year,
                    r["unit_name"],
                    r["dossier"].summary,
                    str(r["dossier"].edition or "Cơ quan thường trực"),
                    r["lines"],
                    r["dossier"].state_label,
                    r["dossier"].decision_number,
                ]
                for r in rows
            ],
        )
    return render(
        request,
        "commendations/index.html",
        {"rows": rows, "can_create": bool(selectors.proposing_units(user=user)), "todo": selectors.todo(user=user)},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    units = selectors.proposing_units(user=user)
    if not units:
        raise Http404
    year = timezone.localdate().year - (1 if timezone.localdate().month < 7 else 0)
    editions = list(ClusterEdition.objects.filter(memberships__unit__in=units).select_related("cluster").distinct())
    post = request.POST if request.method == "POST" else None
    if post is not None:
        try:
            unit = next((u for u in units if str(u.pk) == post.get("don_vi")), None)
            if unit is None:
                raise DomainError("Hãy chọn đơn vị đề nghị.", field="unit")
            chosen_year = _year(post.get("nam"))
            raw_edition = post.get("cum", "")
            edition = next((e for e in editions if str(e.pk) == raw_edition), None)
            if raw_edition and edition is None:
                raise DomainError("Cụm thi đua đã chọn không hợp lệ.", field="edition")
            dossier = services.dossier_create(
                unit=unit,
                year=chosen_year,
                edition=edition,
                summary=post.get("trich_yeu", ""),
                place=post.get("dia_danh", ""),
                signer=post.get("nguoi_ky", ""),
                signer_title=post.get("chuc_vu", ""),
                actor=user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã lập hồ sơ. Hãy thêm các cá nhân, tập thể được đề nghị.")
            return redirect("commendations:dossier", pk=dossier.pk)
    form = (
        {k: post.get(k, "") for k in post}
        if post
        else {"nam": str(year), "trich_yeu": f"Đề nghị khen thưởng tổng kết công tác năm {year}"}
    )
    return render(
        request,
        "commendations/create.html",
        {
            "units": [(u, selectors.unit_name(u, year)) for u in units],
            "editions": sorted(editions, key=lambda e: (-e.year, e.cluster.number)),
            "form": form,
        },
    )


# --- One dossier ----------------------------------------------------------------------------------------------------


ATTESTATIONS = [(a.value, a.label) for a in Attestation]


@login_required
@never_cache
@require_GET
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    d = _dossier_or_404(user, pk)
    lines = selectors.lines_of(d)
    state = d.state_enum
    can_edit = editable(state) and user.has_perm("commendations.edit_dossier", d)
    in_cluster = user.has_perm("commendations.review_in_cluster", d)
    office = user.has_perm("commendations.approve", d)
    proposer = user.pk in {d.created_by_id, d.submitted_by_id}
    ballots = []
    if (
        d.edition_id
        and (can_edit or in_cluster)
        and state in (State.DRAFT, State.RETURNED, State.SUBMITTED, State.ACCEPTED)
    ):
        from thidua.voting.domain.ballot import Status
        from thidua.voting.models import Ballot

        ballots = list(Ballot.objects.filter(edition=d.edition, status=Status.CLOSED.value))
    rows = [
        {
            "line": line,
            "name": candidate_name(line, d.year),
            "snapshot": line.eligibility or {},
            "money": _money(line.reward_amount) if line.reward_amount is not None else "",
        }
        for line in lines
    ]
    if wants_xlsx(request):
        return xlsx_response(
            f"ho-so-{d.pk}",
            "Đối tượng đề nghị",
            [
                "STT",
                "Cá nhân / tập thể",
                "Danh hiệu, hình thức",
                "Xét tiêu chuẩn",
                "Bình xét",
                "Cơ quan thường trực",
                "Lý do không duyệt",
                "Tiền thưởng (đồng)",
            ],
            [
                [
                    i,
                    r["name"],
                    r["line"].entry.name,
                    r["snapshot"].get("status_label", ""),
                    r["line"].vote_result,
                    r["line"].get_office_verdict_display(),
                    r["line"].office_reason,
                    r["line"].reward_amount,
                ]
                for i, r in enumerate(rows, start=1)
            ],
        )
    entries = list(CatalogueEntry.objects.order_by("kind", "order"))
    return render(
        request,
        "commendations/dossier.html",
        {
            "d": d,
            "unit_name": selectors.unit_name(d.unit, d.year),
            "rows": rows,
            "can_edit": can_edit,
            "can_submit": can_edit,
            "can_accept": in_cluster and state is State.SUBMITTED,
            "can_forward": in_cluster and state is State.ACCEPTED,
            "can_return": (in_cluster and state is State.SUBMITTED) or (office and state is State.AT_OFFICE),
            "can_approve": office and not proposer and state is State.AT_OFFICE,
            "can_decide": office and not proposer and state is State.APPROVED,
            "proposer_blocked": office and proposer and state in (State.AT_OFFICE, State.APPROVED),
            "can_link": bool(ballots),
            "ballots": ballots,
            "person_entries": [e for e in entries if e.for_individuals],
            "unit_entries": [e for e in entries if e.for_units],
            "attestations": ATTESTATIONS,
            "documents": [
                (slug, label)
                for slug, (label, _) in DOCUMENTS.items()
                if slug not in DECIDED_ONLY or state is State.DECIDED
            ],
            "can_judge_lines": office and not proposer and state is State.AT_OFFICE,
            "total": _money(selectors.total_reward(d)) if state is State.DECIDED else "",
            "today": timezone.localdate(),
        },
    )


def _back(d: Dossier) -> str:
    return reverse("commendations:dossier", args=[d.pk])


@login_required
@require_POST
def update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    d = _dossier_or_404(user, pk, CHANGE)
    post = request.POST

    def save() -> Any:
        return services.dossier_update(
            dossier=d,
            changes={
                "summary": post.get("trich_yeu", ""),
                "number": post.get("so", ""),
                "place": post.get("dia_danh", ""),
                "signer": post.get("nguoi_ky", ""),
                "signer_title": post.get("chuc_vu", ""),
                "meeting_date": parse_day(post.get("ngay_hop"), field="meeting_date"),
                "meeting_chair": post.get("chu_tri", ""),
                "meeting_secretary": post.get("thu_ky", ""),
                "meeting_attendance": post.get("thanh_phan", ""),
            },
            expected_version=_version(post.get("phien_ban")),
            actor=user,
        )

    return _attempt(request, _back(d), save, "Đã lưu thông tin hồ sơ.")


@login_required
@require_POST
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a person (by số hiệu) or a unit (by code) for a title or form, with the statements the unit certifies."""
    from thidua.personnel.models import Person

    user: Any = request.user
    d = _dossier_or_404(user, pk, CHANGE)
    post = request.POST

    def save() -> Any:
        entry = CatalogueEntry.objects.filter(code=post.get("danh_hieu", "")).first()
        if entry is None:
            raise DomainError("Hãy chọn danh hiệu, hình thức khen thưởng.", field="entry")
        person = org_unit = None
        person_code = (post.get("so_hieu") or "").strip()
        unit_code = (post.get("ma_don_vi") or "").strip()
        if person_code:
            person = Person.objects.for_user(user).filter(code=person_code).first()
            if person is None:
                raise DomainError(f"Không tìm thấy cán bộ số hiệu «{person_code}» trong đơn vị.", field="person")
        elif unit_code:
            org_unit = OrgUnit.objects.filter(code=unit_code).first()
            if org_unit is None:
                raise DomainError(f"Không tìm thấy đơn vị mã «{unit_code}».", field="org_unit")
        attested: dict[str, Any] = {key: True for key, _ in ATTESTATIONS if post.get(f"xac_nhan_{key}")}
        if org_unit is not None:
            if post.get("vuot_chi_tieu"):
                attested["targets_exceeded"] = True
            factors = [x for x in (post.get("nhan_to_moi") or "").splitlines() if x.strip()]
            if factors:
                attested["new_factors"] = factors
        return services.dossier_line_add(
            dossier=d,
            entry=entry,
            person=person,
            org_unit=org_unit,
            achievement=post.get("thanh_tich", ""),
            attested=attested,
            expected_version=_version(post.get("phien_ban")),
            actor=user,
        )

    return _attempt(request, _back(d), save, "Đã thêm đối tượng đề nghị.")


@login_required
@require_POST
def line_remove(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    user: Any = request.user
    d = _dossier_or_404(user, pk, CHANGE)
    found = d.lines.filter(pk=line).first()
    if found is None:
        raise Http404
    return _attempt(
        request,
        _back(d),
        lambda: services.dossier_line_remove(
            line=found, expected_version=_version(request.POST.get("phien_ban")), actor=user
        ),
        "Đã bỏ đối tượng khỏi hồ sơ.",
    )


@login_required
@require_POST
def line_ballot(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    from thidua.voting.models import Ballot

    user: Any = request.user
    d = _dossier_or_404(user, pk, CHANGE)
    found = d.lines.filter(pk=line).first()
    if found is None:
        raise Http404

    def save() -> Any:
        ballot = Ballot.objects.filter(edition=d.edition_id, pk=request.POST.get("bo_phieu") or 0).first()
        if ballot is None:
            raise DomainError("Hãy chọn cuộc bỏ phiếu đã kết thúc của cụm.", field="ballot")
        return services.dossier_line_link_ballot(
            line=found, ballot=ballot, expected_version=_version(request.POST.get("phien_ban")), actor=user
        )

    return _attempt(request, _back(d), save, "Đã gắn kết quả bình xét.")


@login_required
@require_POST
def line_verdict(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    """The office approves one candidate or not, with a reason (the dossier is before it, not yet approved)."""
    user: Any = request.user
    d = _dossier_or_404(user, pk)
    found = d.lines.filter(pk=line).first()
    if found is None:
        raise Http404
    post = request.POST
    verdict = post.get("ket_qua", "")

    def save() -> Any:
        return services.dossier_line_verdict(
            line=found,
            verdict=verdict,
            reason=post.get("ly_do", ""),
            expected_version=_version(post.get("phien_ban")),
            actor=user,
        )

    done = {"approved": "Đã duyệt đối tượng này.", "refused": "Đã ghi không duyệt đối tượng này, kèm lý do."}
    return _attempt(request, _back(d), save, done.get(verdict, "Đã bỏ kết quả xét đối tượng này."))


_MOVES: dict[str, tuple[Callable[..., Any], str]] = {
    "gui": (services.dossier_submit, "Đã gửi hồ sơ."),
    "tiep-nhan": (services.dossier_accept, "Đã tiếp nhận hồ sơ."),
    "trinh": (services.dossier_forward, "Đã trình hồ sơ lên cơ quan thường trực."),
    "duyet": (services.dossier_approve, "Đã duyệt hồ sơ."),
}


@login_required
@require_POST
def move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user: Any = request.user
    d = _dossier_or_404(user, pk)
    if action == "tra-lai":
        return _attempt(
            request,
            _back(d),
            lambda: services.dossier_return(
                dossier=d,
                reason=request.POST.get("ly_do", ""),
                expected_version=_version(request.POST.get("phien_ban")),
                actor=user,
            ),
            "Đã trả lại hồ sơ cho đơn vị.",
        )
    if action not in _MOVES:
        raise Http404
    service, success = _MOVES[action]
    return _attempt(
        request,
        _back(d),
        lambda: service(dossier=d, expected_version=_version(request.POST.get("phien_ban")), actor=user),
        success,
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    d = _dossier_or_404(user, pk)
    post = request.POST

    def save() -> Any:
        return services.dossier_decide(
            dossier=d,
            decision_number=post.get("so_quyet_dinh", ""),
            decision_date=parse_day(post.get("ngay_quyet_dinh"), field="decision_date"),  # type: ignore[arg-type]
            signer=post.get("nguoi_ky", ""),
            issued_by=post.get("co_quan", ""),
            expected_version=_version(post.get("phien_ban")),
            actor=user,
        )

    return _attempt(request, _back(d), save, "Đã ghi quyết định khen thưởng vào lịch sử khen thưởng.")


@login_required
@require_GET
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user: Any = request.user
    d = _dossier_or_404(user, pk)
    if kind not in DOCUMENTS or (kind in DECIDED_ONLY and d.state_enum is not State.DECIDED):
        raise Http404
    _label, build = DOCUMENTS[kind]
    response = HttpResponse(build(d), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{kind}-{d.year}-{d.pk}.docx"'
    return response


# --- Rule sets and eligibility --------------------------------------------------------------------------------------


@login_required
@require_GET
def rulesets(request: HttpRequest) -> HttpResponse:
    """Every rule set with its legal basis, validity, settings, criteria and caps; the catalogue and reward table."""
    user: Any = request.user
    rows = selectors.ruleset_rows(user=user)
    if wants_xlsx(request):
        return xlsx_response(
            "bo-tieu-chuan",
            "Bộ tiêu chuẩn",
            ["Bộ tiêu chuẩn", "Căn cứ", "Hiệu lực", "Danh hiệu", "Điều", "Tiêu chuẩn", "Áp dụng", "Cần đối chiếu"],
            [
                [
                    r.row.name,
                    r.row.legal_basis,
                    r.validity,
                    title,
                    c.article,
                    c.requirement,
                    "Có" if c.enabled else "Không",
                    c.verify,
                ]
                for r in rows
                for title, criteria in r.titles
                for c in criteria
            ],
        )
    from thidua.commendations.models import BaseSalary, RewardCoefficient

    return render(
        request,
        "commendations/rulesets.html",
        {
            "rows": rows,
            "entries": selectors.catalogue_entries(user=user),
            "coefficients": [
                (c, format_number(c.coefficient)) for c in RewardCoefficient.objects.select_related("entry")
            ],
            "salaries": [(s, _money(s.amount)) for s in BaseSalary.objects.all()],
        },
    )


@login_required
@require_GET
def eligibility(request: HttpRequest) -> HttpResponse:
    """Eligibility of a person (số hiệu) or a unit (mã) for a title in a year: each criterion with its evidence."""
    from thidua.personnel.models import Person

    user: Any = request.user
    get = request.GET
    titles = list(CatalogueEntry.objects.filter(kind=CatalogueEntry.Kind.TITLE).order_by("order"))
    context: dict[str, Any] = {
        "titles": titles,
        "form": {k: get.get(k, "") for k in get},
        "targets_rule": selectors.TARGETS_RULE,
    }
    if get.get("danh_hieu"):
        try:
            year = _year(get.get("nam"))
            title = next((t for t in titles if t.code == get.get("danh_hieu")), None)
            if title is None:
                raise DomainError("Hãy chọn danh hiệu thi đua.", field="title")
            person_code = (get.get("so_hieu") or "").strip()
            unit_code = (get.get("ma_don_vi") or "").strip()
            chosen = selectors.ruleset_choice(year)
            if person_code:
                person = Person.objects.for_user(user).filter(code=person_code).first()
                if person is None:
                    raise DomainError(
                        f"Không tìm thấy cán bộ số hiệu «{person_code}» trong phạm vi của bạn.", field="person"
                    )
                result = selectors.person_eligibility(person, title.code, year)
            elif unit_code:
                unit = OrgUnit.objects.for_user(user).filter(code=unit_code).first()
                if unit is None:
                    raise DomainError(
                        f"Không tìm thấy đơn vị mã «{unit_code}» trong phạm vi của bạn.", field="org_unit"
                    )
                result = selectors.unit_eligibility(unit, title.code, year)
            else:
                raise DomainError("Hãy nhập số hiệu cán bộ hoặc mã đơn vị.", field="person")
            context["snapshot"] = selectors.eligibility_snapshot(result, chosen.note)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "commendations/eligibility.html", context)
