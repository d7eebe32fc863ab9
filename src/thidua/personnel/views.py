"""Pages of personnel records (/can-bo/) and registration (/dang-ky-thi-dua/): parse, authorise, call a service or a
selector, render. Refusals are shown in Vietnamese and change nothing.

The uploaded workbook waits for «Áp dụng» in the user's session (as in the collection app's Excel round trip).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from thidua.accounts.access import access_for
from thidua.collection.excel import LIMITS, XLSX_CONTENT_TYPE
from thidua.commendations.domain.catalogue import DEFAULT_CATALOGUE, Recipient
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, NotFound, StaleEdit
from thidua.core.exports import safe_cell, wants_xlsx, xlsx_response
from thidua.core.forms import parse_day
from thidua.core.scoping import CHANGE
from thidua.organisations.models import ClusterEdition, OrgUnit
from thidua.personnel import imports, selectors, services
from thidua.personnel.domain.records import format_day, parse_year
from thidua.personnel.models import (
    DISCIPLINE_CHOICES,
    INNOVATION_CHOICES,
    RATING_CHOICES,
    SCOPE_CHOICES,
    AwardSource,
    Gender,
    Person,
    Rank,
    RegistrationState,
    RegistrationWindow,
)
from thidua.personnel.permissions import EDITORS, LEADERS, OFFICE, OFFICERS
from thidua.personnel.services import award_name_for

PENDING = "personnel_excel_upload"
AWARD_CHOICES = imports.AWARD_CHOICES
INDIVIDUAL_TITLES = [(t.code, t.name) for t in DEFAULT_CATALOGUE.titles_for(recipient=Recipient.INDIVIDUAL)]
COLLECTIVE_TITLES = [(t.code, t.name) for t in DEFAULT_CATALOGUE.titles_for(recipient=Recipient.COLLECTIVE)]
COLLECTIVE_AWARDS = [(t.code, t.name) for t in DEFAULT_CATALOGUE.titles_for(recipient=Recipient.COLLECTIVE)] + [
    (f.code, f.name) for f in DEFAULT_CATALOGUE.forms if Recipient.COLLECTIVE in f.recipients
]


def _stale_message(exc: StaleEdit) -> str:
    current = exc.extra.get("current_version")
    return (
        f"Bản ghi đã được người khác sửa sau khi bạn mở trang (nay là phiên bản {current}): "
        "thay đổi của bạn chưa được lưu, hãy tải lại trang rồi nhập lại."
    )


def _error_message(exc: DomainError) -> str:
    return _stale_message(exc) if isinstance(exc, StaleEdit) else exc.message


def _attempt(request: HttpRequest, back: str, action: Callable[[], Any], success: str) -> HttpResponse:
    try:
        action()
    except DomainError as exc:  # Forbidden and stale edits included: said in Vietnamese, nothing changed
        messages.error(request, _error_message(exc))
    else:
        messages.success(request, success)
    return redirect(back)


Sheet = tuple[str, list[str], list[list[Any]]]


def _sheets_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    """A workbook of several lists (an officer's file, a unit's records), each on its own sheet, formatted as
    ``thidua.core.exports.xlsx_response`` formats one: bold headers, dates dd/mm/yyyy, formula-like text neutralised."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(h) for h in headers]
        for row in rows:
            values = [safe_cell(v) for v in row]
            sheet.append(values)
            for i, value in enumerate(values):
                if isinstance(value, date | datetime):
                    fmt = "DD/MM/YYYY HH:MM" if isinstance(value, datetime) else "DD/MM/YYYY"
                    sheet.cell(row=sheet.max_row, column=i + 1).number_format = fmt
                widths[i] = max(widths[i], min(60, len(str(value)) if value is not None else 0))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = width + 2
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _version(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() else None


def _rating_base(raw: str | None) -> int:
    """The version a rating form was based on; a form that sends none saw no rating for the year."""
    version = _version(raw)
    return services.NEW_RATING if version is None else version


def _year(raw: str | None, label: str = "Năm") -> int:
    return parse_year(raw, label=label)


def _optional_year(raw: str | None) -> int | None:
    return parse_year(raw, field="birth_year", label="Năm sinh") if (raw or "").strip() else None


def _required_day(raw: str | None, field: str, label: str) -> date:
    day = parse_day(raw, field=field)
    if day is None:
        raise DomainError(f"Hãy nhập {label} (dd/mm/yyyy).", field=field)
    return day


def _unit_in(units: list[OrgUnit], raw: str | None) -> OrgUnit:
    for unit in units:
        if str(unit.pk) == (raw or "").strip():
            return unit
    raise DomainError("Hãy chọn một đơn vị trong phạm vi của bạn.", field="org_unit")


def _person(request: HttpRequest, pk: int) -> Person:
    try:
        return selectors.person_get(user=request.user, pk=pk)
    except NotFound:
        raise Http404 from None


# --- Officers -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Officers of my units, with filters (unit, name or số hiệu, working or not) and an XLSX export."""
    user: Any = request.user
    units = selectors.units_in_reach(user=user)
    unit = next((u for u in units if str(u.pk) == request.GET.get("don_vi", "")), None)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("trang_thai", "")
    active = {"dang": True, "nghi": False}.get(status)
    rows = []
    for person in selectors.people(user=user, unit=unit, query=query, active=active):
        posting = selectors.posting_current(person, person.postings.all())
        rows.append((person, posting))
    if wants_xlsx(request):
        return xlsx_response(
            "danh-sach-can-bo",
            "Cán bộ",
            [
                "Số hiệu",
                "Họ và tên",
                "Năm sinh",
                "Giới tính",
                "Đơn vị",
                "Cấp bậc",
                "Chức vụ",
                "Từ ngày",
                "Đang công tác",
            ],
            [
                [
                    p.code,
                    p.full_name,
                    p.birth_year,
                    p.get_gender_display(),
                    str(post.org_unit) if post else "",
                    post.get_rank_display() if post else "",
                    post.position if post else "",
                    post.valid_from if post else None,
                    "Có" if p.is_active else "Không",
                ]
                for p, post in rows
            ],
        )
    editable = selectors.units_in_reach(user=user, action=CHANGE)
    editable = [u for u in editable if u.pk in access_for(user).unit_ids_for("change", EDITORS)]
    return render(
        request,
        "personnel/index.html",
        {
            "rows": rows,
            "units": units,
            "unit": unit,
            "q": query,
            "status": status,
            "editable_units": editable,
            "ranks": Rank.choices,
            "genders": Gender.choices,
            "today": format_day(timezone.localdate()),
        },
    )


@login_required
@require_POST
def person_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    post = request.POST
    units = selectors.units_in_reach(user=user, action=CHANGE)
    try:
        person = services.person_create(
            code=post.get("so_hieu", ""),
            full_name=post.get("ho_ten", ""),
            birth_year=_optional_year(post.get("nam_sinh")),
            gender=post.get("gioi_tinh", ""),
            org_unit=_unit_in(units, post.get("don_vi")),
            rank=post.get("cap_bac", ""),
            position=post.get("chuc_vu", ""),
            valid_from=_required_day(post.get("tu_ngay"), "valid_from", "ngày bắt đầu công tác"),
            actor=user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("personnel:index")
    messages.success(request, f"Đã thêm cán bộ {person.full_name}.")
    return redirect("personnel:person", pk=person.pk)


@login_required
@require_GET
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer's page: postings, ratings, discipline, initiatives, awards; forms for those who edit."""
    user: Any = request.user
    try:
        record = selectors.person_file(user=user, pk=pk)
    except NotFound:
        raise Http404 from None
    if wants_xlsx(request):
        return _person_workbook(record)
    can_edit = services._allowed(user, "personnel.edit_person", record.person)
    return render(
        request,
        "personnel/person.html",
        {
            "f": record,
            "person": record.person,
            "can_edit": can_edit,
            "units": selectors.units_in_reach(user=user, action=CHANGE) if can_edit else [],
            "ranks": Rank.choices,
            "genders": Gender.choices,
            "ratings": RATING_CHOICES,
            "levels": DISCIPLINE_CHOICES,
            "kinds": INNOVATION_CHOICES,
            "scopes": SCOPE_CHOICES,
            "awards": AWARD_CHOICES,
            "this_year": timezone.localdate().year,
        },
    )


def _person_workbook(record: selectors.PersonFile) -> HttpResponse:
    """The officer's whole file as a workbook: one sheet per list of the page."""
    return _sheets_response(
        f"ho-so-can-bo-{record.person.code}",
        [
            (
                "Quá trình công tác",
                ["Số hiệu", "Họ và tên", "Từ ngày", "Đến trước ngày", "Đơn vị", "Cấp bậc", "Chức vụ"],
                [
                    [
                        record.person.code,
                        record.person.full_name,
                        p.valid_from,
                        p.valid_to,
                        str(p.org_unit),
                        p.get_rank_display(),
                        p.position,
                    ]
                    for p in record.postings
                ],
            ),
            (
                "Xếp loại",
                ["Năm", "Xếp loại", "Quyết định"],
                [[r.year, r.get_rating_display(), r.decision] for r in record.ratings],
            ),
            (
                "Kỷ luật",
                ["Năm", "Hình thức", "Số quyết định", "Ngày quyết định"],
                [[d.year, d.get_level_display(), d.decision_number, d.decision_date] for d in record.discipline],
            ),
            (
                "Sáng kiến, đề tài",
                ["Năm công nhận", "Loại", "Tên", "Phạm vi ảnh hưởng", "Quyết định công nhận"],
                [[i.year, i.get_kind_display(), i.name, i.get_scope_display(), i.decision] for i in record.innovations],
            ),
            (
                "Khen thưởng",
                [
                    "Năm",
                    "Danh hiệu, hình thức",
                    "Số quyết định",
                    "Ngày quyết định",
                    "Người ký",
                    "Cấp quyết định",
                    "Nguồn",
                ],
                [
                    [
                        a.year,
                        a.award_name,
                        a.decision_number,
                        a.decision_date,
                        a.signer,
                        a.issued_by,
                        a.get_source_display(),
                    ]
                    for a in record.awards
                ],
            ),
        ],
    )


def _person_action(request: HttpRequest, pk: int, action: Callable[[Person, Any], Any], success: str) -> HttpResponse:
    person = _person(request, pk)
    back = reverse("personnel:person", args=[person.pk])
    return _attempt(request, back, lambda: action(person, request.POST), success)


@login_required
@require_POST
def person_update(request: HttpRequest, pk: int) -> HttpResponse:
    def act(person: Person, post: Any) -> Any:
        return services.person_update(
            person=person,
            full_name=post.get("ho_ten", ""),
            birth_year=_optional_year(post.get("nam_sinh")),
            gender=post.get("gioi_tinh", ""),
            is_active=post.get("dang_cong_tac") == "1",
            notes=post.get("ghi_chu", ""),
            expected_version=_version(post.get("version")),
            actor=request.user,
        )

    return _person_action(request, pk, act, "Đã lưu thông tin cán bộ.")


@login_required
@require_POST
def posting_create(request: HttpRequest, pk: int) -> HttpResponse:
    def act(person: Person, post: Any) -> Any:
        units = selectors.units_in_reach(user=request.user, action=CHANGE)
        return services.posting_create(
            person=person,
            org_unit=_unit_in(units, post.get("don_vi")),
            rank=post.get("cap_bac", ""),
            position=post.get("chuc_vu", ""),
            valid_from=_required_day(post.get("tu_ngay"), "valid_from", "ngày bắt đầu"),
            actor=request.user,
        )

    return _person_action(request, pk, act, "Đã ghi quá trình công tác mới.")


@login_required
@require_POST
def rating_set(request: HttpRequest, pk: int) -> HttpResponse:
    def act(person: Person, post: Any) -> Any:
        return services.duty_rating_set(
            person=person,
            year=_year(post.get("nam")),
            rating=post.get("xep_loai", ""),
            decision=post.get("quyet_dinh", ""),
            expected_version=_rating_base(post.get("version")),
            actor=request.user,
        )

    return _person_action(request, pk, act, "Đã lưu xếp loại.")


@login_required
@require_POST
def discipline_create(request: HttpRequest, pk: int) -> HttpResponse:
    def act(person: Person, post: Any) -> Any:
        return services.discipline_create(
            person=person,
            year=_year(post.get("nam")),
            level=post.get("hinh_thuc", ""),
            decision_number=post.get("so_quyet_dinh", ""),
            decision_date=parse_day(post.get("ngay_quyet_dinh"), field="decision_date"),
            actor=request.user,
        )

    return _person_action(request, pk, act, "Đã ghi kỷ luật.")


@login_required
@require_POST
def innovation_create(request: HttpRequest, pk: int) -> HttpResponse:
    def act(person: Person, post: Any) -> Any:
        return services.innovation_create(
            person=person,
            kind=post.get("loai", ""),
            name=post.get("ten", ""),
            year=_year(post.get("nam")),
            scope=post.get("pham_vi", ""),
            decision=post.get("quyet_dinh", ""),
            actor=request.user,
        )

    return _person_action(request, pk, act, "Đã ghi sáng kiến, đề tài.")


def _award_fields(post: Any) -> dict[str, Any]:
    code = post.get("danh_hieu", "")
    return {
        "year": _year(post.get("nam")),
        "award_code": code,
        "award_name": post.get("ten_hien_thi", "") or award_name_for(code),
        "decision_number": post.get("so_quyet_dinh", ""),
        "decision_date": _required_day(post.get("ngay_quyet_dinh"), "decision_date", "ngày quyết định"),
        "signer": post.get("nguoi_ky", ""),
        "issued_by": post.get("cap_quyet_dinh", ""),
    }


@login_required
@require_POST
def award_create(request: HttpRequest, pk: int) -> HttpResponse:
    def act(person: Person, post: Any) -> Any:
        return services.award_record_create(
            person=person, source=AwardSource.MANUAL, actor=request.user, **_award_fields(post)
        )

    return _person_action(request, pk, act, "Đã ghi khen thưởng.")


# --- One record of the file: its page, its edit form, its history -------------------------------------------------

RECORD_KINDS = {
    "cong-tac": ("posting", "Quá trình công tác"),
    "xep-loai": ("rating", "Xếp loại năm"),
    "ky-luat": ("discipline", "Kỷ luật"),
    "sang-kien": ("innovation", "Sáng kiến, đề tài"),
    "khen-thuong": ("award", "Khen thưởng đã nhận"),
}
DECISION_AWARD_NOTE = (
    "Khen thưởng này được ghi từ quyết định khen thưởng ban hành trên hệ thống nên không sửa được ở đây: "
    "muốn sửa, hãy sửa quyết định đó."
)


def _day_text(day: date | None) -> str:
    return format_day(day) if day else ""


def _record_values(kind: str, row: Any) -> dict[str, str]:
    """The edit form's fields (named as posted) filled from the stored record."""
    if kind == "posting":
        return {
            "don_vi": str(row.org_unit_id),
            "cap_bac": row.rank,
            "chuc_vu": row.position,
            "tu_ngay": _day_text(row.valid_from),
            "den_ngay": _day_text(row.valid_to),
        }
    if kind == "rating":
        return {"xep_loai": row.rating, "quyet_dinh": row.decision}
    if kind == "discipline":
        return {
            "nam": str(row.year),
            "hinh_thuc": row.level,
            "so_quyet_dinh": row.decision_number,
            "ngay_quyet_dinh": _day_text(row.decision_date),
        }
    if kind == "innovation":
        return {
            "loai": row.kind,
            "ten": row.name,
            "nam": str(row.year),
            "pham_vi": row.scope,
            "quyet_dinh": row.decision,
        }
    return {
        "nam": str(row.year),
        "danh_hieu": row.award_code,
        "so_quyet_dinh": row.decision_number,
        "ngay_quyet_dinh": _day_text(row.decision_date),
        "nguoi_ky": row.signer,
        "cap_quyet_dinh": row.issued_by,
    }


def _record_save(kind: str, row: Any, post: Any, user: Any) -> Any:
    version = _version(post.get("version"))
    if version is None:
        raise DomainError("Thiếu phiên bản của bản ghi: hãy tải lại trang rồi sửa lại.", field="version")
    if kind == "posting":
        units = selectors.units_in_reach(user=user, action=CHANGE)
        unit = None if post.get("don_vi") == str(row.org_unit_id) else _unit_in(units, post.get("don_vi"))
        return services.posting_update(
            posting=row,
            org_unit=unit,
            rank=post.get("cap_bac", ""),
            position=post.get("chuc_vu", ""),
            valid_from=_required_day(post.get("tu_ngay"), "valid_from", "ngày bắt đầu"),
            valid_to=parse_day(post.get("den_ngay"), field="valid_to"),
            expected_version=version,
            actor=user,
        )
    if kind == "rating":
        return services.duty_rating_set(
            person=row.person,
            year=row.year,
            rating=post.get("xep_loai", ""),
            decision=post.get("quyet_dinh", ""),
            expected_version=version,
            actor=user,
        )
    if kind == "discipline":
        return services.discipline_update(
            record=row,
            year=_year(post.get("nam")),
            level=post.get("hinh_thuc", ""),
            decision_number=post.get("so_quyet_dinh", ""),
            decision_date=parse_day(post.get("ngay_quyet_dinh"), field="decision_date"),
            expected_version=version,
            actor=user,
        )
    if kind == "innovation":
        return services.innovation_update(
            innovation=row,
            kind=post.get("loai", ""),
            name=post.get("ten", ""),
            year=_year(post.get("nam")),
            scope=post.get("pham_vi", ""),
            decision=post.get("quyet_dinh", ""),
            expected_version=version,
            actor=user,
        )
    fields = _award_fields(post)
    if fields["award_code"] == row.award_code:
        fields["award_name"] = row.award_name  # a name typed at import stays; a new title takes its catalogue name
    return services.award_record_update(record=row, expected_version=version, actor=user, **fields)


@login_required
@require_http_methods(["GET", "POST"])
def record_page(request: HttpRequest, pk: int, kind: str, rid: int) -> HttpResponse:
    """One posting, rating, discipline record, innovation or award: its values, its history and, for those who edit
    the officer's file, a form carrying the version it was based on (a stale edit is refused, never merged)."""
    user: Any = request.user
    if kind not in RECORD_KINDS:
        raise Http404
    model_kind, heading = RECORD_KINDS[kind]
    person = _person(request, pk)
    try:
        row = selectors.person_record(user=user, person=person, kind=model_kind, pk=rid)
    except NotFound:
        raise Http404 from None
    from_decision = model_kind == "award" and row.source == AwardSource.DECISION
    can_edit = services._allowed(user, "personnel.edit_person", person) and not from_decision
    values = _record_values(model_kind, row)
    error, status = "", 200
    if request.method == "POST":
        if not can_edit:
            error, status = (DECISION_AWARD_NOTE if from_decision else services.EDIT_MESSAGE), 403
        else:
            try:
                _record_save(model_kind, row, request.POST, user)
            except DomainError as exc:
                error = _error_message(exc)
                status = getattr(exc, "http_status", 400)
                values = {k: request.POST.get(k, "") for k in values}
            else:
                messages.success(request, f"Đã lưu thay đổi: {heading.lower()}.")
                return redirect("personnel:record", pk=person.pk, kind=kind, rid=row.pk)
    units = selectors.units_in_reach(user=user, action=CHANGE) if can_edit and model_kind == "posting" else []
    if model_kind == "posting" and all(u.pk != row.org_unit_id for u in units):
        units = [row.org_unit, *units]
    awards = list(AWARD_CHOICES)
    if model_kind == "award" and row.award_code not in {c for c, _ in awards}:
        awards.insert(0, (row.award_code, row.award_name))
    return render(
        request,
        "personnel/record.html",
        {
            "person": person,
            "row": row,
            "kind": model_kind,
            "slug": kind,
            "heading": heading,
            "v": values,
            "version": request.POST.get("version", row.version) if error else row.version,
            "error": error,
            "can_edit": can_edit,
            "from_decision": from_decision,
            "decision_note": DECISION_AWARD_NOTE,
            "history": selectors.record_history(row),
            "units": units,
            "ranks": Rank.choices,
            "ratings": RATING_CHOICES,
            "levels": DISCIPLINE_CHOICES,
            "kinds": INNOVATION_CHOICES,
            "scopes": SCOPE_CHOICES,
            "awards": awards,
        },
        status=status,
    )


# --- A unit's own records -----------------------------------------------------------------------------------------


def _unit(request: HttpRequest, pk: int) -> OrgUnit:
    user: Any = request.user
    unit = next((u for u in selectors.units_in_reach(user=user) if u.pk == pk), None)
    if unit is None:
        raise Http404
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def unit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's task completion per year and its collective awards; forms for its officer and the office."""
    user: Any = request.user
    unit = _unit(request, pk)
    back = reverse("personnel:unit", args=[unit.pk])
    if request.method == "POST":
        post = request.POST
        if post.get("loai") == "xep_loai":
            return _attempt(
                request,
                back,
                lambda: services.unit_rating_set(
                    org_unit=unit,
                    year=_year(post.get("nam")),
                    rating=post.get("xep_loai", ""),
                    decision=post.get("quyet_dinh", ""),
                    expected_version=_rating_base(post.get("version")),
                    actor=user,
                ),
                "Đã lưu mức độ hoàn thành nhiệm vụ của đơn vị.",
            )
        return _attempt(
            request,
            back,
            lambda: services.award_record_create(
                org_unit=unit, source=AwardSource.MANUAL, actor=user, **_award_fields(post)
            ),
            "Đã ghi khen thưởng của đơn vị.",
        )
    ratings = list(selectors.unit_ratings(user=user, unit=unit))
    awards = list(selectors.unit_awards(user=user, unit=unit))
    if wants_xlsx(request):
        return _sheets_response(
            f"xep-loai-khen-thuong-{unit.code}",
            [
                (
                    "Khen thưởng đơn vị",
                    ["Năm", "Danh hiệu, hình thức", "Số quyết định", "Ngày quyết định", "Người ký", "Cấp quyết định"],
                    [[a.year, a.award_name, a.decision_number, a.decision_date, a.signer, a.issued_by] for a in awards],
                ),
                (
                    "Mức độ hoàn thành nhiệm vụ",
                    ["Năm", "Xếp loại", "Quyết định"],
                    [[r.year, r.get_rating_display(), r.decision] for r in ratings],
                ),
            ],
        )
    return render(
        request,
        "personnel/unit.html",
        {
            "unit": unit,
            "ratings": ratings,
            "awards": awards,
            "can_edit": services._allowed(user, "personnel.edit_unit_records", unit),
            "rating_choices": RATING_CHOICES,
            "award_choices": COLLECTIVE_AWARDS,
            "this_year": timezone.localdate().year,
        },
    )


# --- Excel import -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(imports.template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="bieu-mau-ho-so-can-bo.xlsx"'
    return response


def _import_page(request: HttpRequest, *, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("preview", None)
    context.setdefault("error", "")
    context.setdefault("token", "")
    context.setdefault("filename", "")
    context["columns"] = imports.COLUMNS
    context["max_size_mb"] = LIMITS.max_bytes // (1024 * 1024)
    return render(request, "personnel/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload → preview (every row's creation, change or problem) → «Áp dụng», all or nothing."""
    if request.method == "GET":
        return _import_page(request)
    if request.POST.get("token"):
        return _import_apply(request)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        return _import_page(request, error="Hãy chọn tệp Excel (.xlsx) để tải lên.", status=400)
    name = str(uploaded.name or "")
    if uploaded.size is not None and uploaded.size > LIMITS.max_bytes:
        return _import_page(
            request, error=f"Tệp quá lớn: tối đa {LIMITS.max_bytes // (1024 * 1024)} MB.", filename=name, status=400
        )
    content = uploaded.read(LIMITS.max_bytes + 1)
    request.session.pop(PENDING, None)
    try:
        preview = imports.import_preview(content=content, actor=request.user, filename=name)
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        return _import_page(request, error=exc.message, filename=name, status=400)
    token = ""
    if preview.ok and preview.has_changes:
        token = secrets.token_urlsafe(24)
        request.session[PENDING] = {
            "token": token,
            "name": name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "content": base64.b64encode(content).decode("ascii"),
        }
    return _import_page(request, preview=preview, token=token, filename=name)


def _import_apply(request: HttpRequest) -> HttpResponse:
    pending: dict[str, Any] | None = request.session.get(PENDING)
    token = request.POST.get("token", "")
    if not pending or not secrets.compare_digest(str(pending.get("token", "")), token):
        return _import_page(
            request,
            error="Không còn tệp chờ áp dụng (phiên đã hết hạn hoặc tệp đã được áp dụng): hãy chọn lại tệp.",
            status=400,
        )
    request.session.pop(PENDING, None)
    content = base64.b64decode(pending["content"])
    name = str(pending.get("name", ""))
    if hashlib.sha256(content).hexdigest() != pending.get("sha256"):
        return _import_page(request, error="Tệp chờ áp dụng bị hỏng: hãy chọn lại tệp.", status=400)
    try:
        preview = imports.import_apply(content=content, actor=request.user, filename=name)
    except Forbidden:
        raise PermissionDenied from None
    except imports.WorkbookRejected as exc:
        return _import_page(request, preview=exc.preview, error=exc.message, filename=name, status=400)
    except DomainError as exc:
        return _import_page(request, error=exc.message, filename=name, status=400)
    counts = preview.counts
    messages.success(
        request,
        f"Đã áp dụng tệp «{name}»: tạo mới {counts[imports.CREATE]}, cập nhật {counts[imports.UPDATE]}, "
        f"không đổi {counts[imports.SAME]} dòng.",
    )
    return redirect("personnel:index")


# --- Registration -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def windows(request: HttpRequest) -> HttpResponse:
    """Registration windows (đợt đăng ký thi đua) by year; the emulation office opens one."""
    user: Any = request.user
    access = access_for(user)
    office_units = [
        u for u in selectors.units_in_reach(user=user, action=CHANGE) if u.pk in access.unit_ids_for("change", OFFICE)
    ]
    office_editions = list(
        ClusterEdition.objects.filter(pk__in=access.edition_ids_for("change", OFFICE)).select_related("cluster")
    )
    if request.method == "POST":
        post = request.POST
        scope = post.get("pham_vi", "")

        def create() -> Any:
            edition = next((e for e in office_editions if f"cum-{e.pk}" == scope), None)
            unit = next((u for u in office_units if f"dv-{u.pk}" == scope), None)
            if edition is None and unit is None:
                raise DomainError("Hãy chọn cụm thi đua hoặc đơn vị của đợt đăng ký.", field="scope")
            return services.registration_window_create(
                year=_year(post.get("nam")),
                edition=edition,
                org_unit=unit,
                opens_on=_required_day(post.get("mo_tu"), "opens_on", "ngày mở đăng ký"),
                deadline=_required_day(post.get("han"), "deadline", "hạn đăng ký"),
                note=post.get("ghi_chu", ""),
                actor=user,
            )

        return _attempt(request, reverse("personnel:windows"), create, "Đã mở đợt đăng ký thi đua.")
    today = timezone.localdate()
    rows = [(w, w.opens_on <= today <= w.deadline) for w in selectors.windows(user=user)]
    if wants_xlsx(request):
        return xlsx_response(
            "dot-dang-ky-thi-dua",
            "Đợt đăng ký thi đua",
            ["Năm", "Phạm vi", "Mở từ", "Hạn đăng ký", "Tình trạng", "Ghi chú"],
            [
                [
                    w.year,
                    str(w.edition) if w.edition else f"{w.org_unit} và các đơn vị trực thuộc",
                    w.opens_on,
                    w.deadline,
                    "Đang mở" if is_open else "Không trong thời hạn",
                    w.note,
                ]
                for w, is_open in rows
            ],
        )
    return render(
        request,
        "personnel/windows.html",
        {
            "windows": rows,
            "office_units": office_units,
            "office_editions": office_editions,
            "next_year": today.year if today.month < 7 else today.year + 1,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One window: my units' registrations with the forms to register and submit; who registered what, per title."""
    user: Any = request.user
    try:
        window = selectors.window_get(user=user, pk=pk)
    except NotFound:
        raise Http404 from None
    access = access_for(user)
    covered = selectors.window_units(window)
    units_in_scope = [u for u in covered if access.is_admin or u.pk in access.unit_ids_for("view")]
    back = reverse("personnel:window", args=[window.pk])
    if request.method == "POST":
        return _window_post(request, window, units_in_scope, back)
    regs = list(selectors.registrations(user=user, window=window))
    if wants_xlsx(request):
        return xlsx_response(
            f"dang-ky-thi-dua-{window.year}",
            "Đăng ký thi đua",
            ["Danh hiệu", "Đơn vị", "Cán bộ", "Số hiệu", "Trạng thái", "Đăng ký lúc", "Đúng hạn", "Lý do đăng ký muộn"],
            [
                [
                    award_name_for(r.award_code),
                    str(r.org_unit),
                    r.person.full_name if r.person else "",
                    r.person.code if r.person else "",
                    r.get_state_display(),
                    timezone.localtime(r.registered_at),
                    "Có" if r.on_time else "Không",
                    r.late_reason,
                ]
                for r in regs
            ],
        )
    by_title: dict[str, list[Any]] = defaultdict(list)
    for r in regs:
        by_title[award_name_for(r.award_code)].append(r)
    submitted_units = {r.org_unit_id for r in regs if r.state == RegistrationState.SUBMITTED}
    officer_units = access.unit_ids_for("change", OFFICERS)
    leader_units = access.unit_ids_for("change", LEADERS)
    office_units = access.unit_ids_for("change", OFFICE)
    mine = []
    for unit in units_in_scope:
        if unit.pk not in officer_units | leader_units | office_units:
            continue
        unit_regs = [r for r in regs if r.org_unit_id == unit.pk]
        for r in unit_regs:
            r.award_title = award_name_for(r.award_code)  # type: ignore[attr-defined]
        mine.append(
            {
                "unit": unit,
                "regs": unit_regs,
                "officer": unit.pk in officer_units,
                "leader": unit.pk in leader_units,
                "office": unit.pk in office_units,
                "drafts": sum(1 for r in unit_regs if r.state == RegistrationState.DRAFT),
                "people": list(selectors.members_on(unit, min(timezone.localdate(), date(window.year, 12, 31))))
                if unit.pk in officer_units | office_units
                else [],
            }
        )
    today = timezone.localdate()
    return render(
        request,
        "personnel/window.html",
        {
            "window": window,
            "mine": mine,
            "by_title": sorted(by_title.items()),
            "not_registered": [u for u in units_in_scope if u.pk not in submitted_units],
            "is_open": window.opens_on <= today <= window.deadline,
            "is_late": today > window.deadline,
            "individual_titles": INDIVIDUAL_TITLES,
            "collective_titles": COLLECTIVE_TITLES,
            "can_manage": services._allowed(user, "personnel.manage_window", window),
        },
    )


def _window_post(request: HttpRequest, window: RegistrationWindow, units: list[OrgUnit], back: str) -> HttpResponse:
    user: Any = request.user
    post = request.POST
    action = post.get("hanh_dong", "")
    unit = next((u for u in units if str(u.pk) == post.get("don_vi", "")), None)
    if unit is None and action != "gia_han":
        messages.error(request, "Hãy chọn một đơn vị thuộc đợt đăng ký này.")
        return redirect(back)
    if action == "gui":
        return _attempt(
            request,
            back,
            lambda: services.registration_submit(window=window, org_unit=unit, actor=user),
            "Đã gửi đăng ký thi đua của đơn vị.",
        )
    if action == "rut":

        def withdraw() -> None:
            registration = (
                selectors.registrations(user=user, window=window, unit=unit)
                .filter(pk=_version(post.get("dang_ky")) or 0)
                .first()
            )
            if registration is None:
                raise NotFound("Không tìm thấy đăng ký.")
            services.registration_withdraw(registration=registration, actor=user)

        return _attempt(request, back, withdraw, "Đã rút đăng ký.")
    if action == "gia_han":
        return _attempt(
            request,
            back,
            lambda: services.registration_window_update(
                window=window,
                opens_on=_required_day(post.get("mo_tu"), "opens_on", "ngày mở đăng ký"),
                deadline=_required_day(post.get("han"), "deadline", "hạn đăng ký"),
                note=post.get("ghi_chu", window.note),
                expected_version=_version(post.get("version")),
                actor=user,
            ),
            "Đã sửa thời hạn đăng ký.",
        )

    def register() -> Any:
        person = None
        if post.get("can_bo"):
            person = selectors.person_get(user=user, pk=_version(post.get("can_bo")) or 0)
        return services.registration_create(
            window=window,
            org_unit=unit,
            person=person,
            award_code=post.get("danh_hieu", ""),
            reason=post.get("ly_do", ""),
            actor=user,
        )

    return _attempt(request, back, register, "Đã ghi đăng ký thi đua.")
