"""Importing personnel records from Excel (nhập hồ sơ cán bộ từ tệp Excel): a template, a preview, an application.

The workbook has one sheet per record kind (the template, :func:`template_workbook`, holds them with their headers
and an instructions sheet «Hướng dẫn»); row 1 is the header, data starts on row 2, empty rows are skipped:

* «Cán bộ»: Số hiệu, Họ và tên, Năm sinh, Giới tính, Mã đơn vị, Cấp bậc, Chức vụ, Từ ngày: a person and the posting
  starting on «Từ ngày» (a later date than the current posting's start is a move: the current one ends that day);
* «Xếp loại»: Số hiệu, Năm, Xếp loại, Quyết định;
* «Khen thưởng»: Số hiệu, Năm, Danh hiệu/hình thức (code or name), Số quyết định, Ngày quyết định, Người ký,
  Cấp quyết định;
* «Kỷ luật»: Số hiệu, Năm, Hình thức kỷ luật, Số quyết định, Ngày quyết định;
* «Sáng kiến»: Số hiệu, Loại, Tên, Năm, Phạm vi ảnh hưởng, Quyết định.

Each row is matched to what is stored by its natural key (số hiệu; số hiệu + năm; số hiệu + năm + danh hiệu + số
quyết định; ...), so the same file twice changes nothing. The preview lists each row's creation, change or problem by
sheet, row and column; applying is atomic: one problem anywhere and nothing is written. The file is checked by the
collection app's hardening (size, macros, non-zip, zip bombs, oversized sheets) before openpyxl parses it, read-only.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any

import openpyxl
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from thidua.accounts.access import access_for
from thidua.collection.excel import LIMITS, UNREADABLE, check_upload
from thidua.commendations.domain.catalogue import DEFAULT_CATALOGUE
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import ApplicationError
from thidua.core.services import nfc
from thidua.organisations.models import OrgUnit
from thidua.personnel import services
from thidua.personnel.domain.records import choice_from_text, format_day, parse_year
from thidua.personnel.models import (
    DISCIPLINE_CHOICES,
    INNOVATION_CHOICES,
    RATING_CHOICES,
    SCOPE_CHOICES,
    AwardRecord,
    AwardSource,
    DisciplineRecord,
    DutyRating,
    Gender,
    Innovation,
    Person,
    Rank,
)
from thidua.personnel.permissions import EDITORS

PEOPLE, RATINGS, AWARDS, DISCIPLINE, INNOVATIONS = "Cán bộ", "Xếp loại", "Khen thưởng", "Kỷ luật", "Sáng kiến"
INSTRUCTIONS = "Hướng dẫn"

COLUMNS: dict[str, tuple[str, ...]] = {
    PEOPLE: ("Số hiệu", "Họ và tên", "Năm sinh", "Giới tính", "Mã đơn vị", "Cấp bậc", "Chức vụ", "Từ ngày"),
    RATINGS: ("Số hiệu", "Năm", "Xếp loại", "Quyết định"),
    AWARDS: (
        "Số hiệu",
        "Năm",
        "Danh hiệu, hình thức khen thưởng",
        "Số quyết định",
        "Ngày quyết định",
        "Người ký",
        "Cấp quyết định",
    ),
    DISCIPLINE: ("Số hiệu", "Năm", "Hình thức kỷ luật", "Số quyết định", "Ngày quyết định"),
    INNOVATIONS: ("Số hiệu", "Loại", "Tên", "Năm", "Phạm vi ảnh hưởng", "Quyết định"),
}

CREATE, UPDATE, SAME = "Tạo mới", "Cập nhật", "Không đổi"
AWARD_CHOICES = [(t.code, t.name) for t in DEFAULT_CATALOGUE.titles] + [
    (f.code, f.name) for f in DEFAULT_CATALOGUE.forms
]
GENDER_CHOICES = list(Gender.choices)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def where(self) -> str:
        parts = [f"Trang «{self.sheet}»"]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column is not None:
            parts.append(f"cột {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Change:
    sheet: str
    row: int
    kind: str
    text: str


@dataclass(frozen=True)
class Preview:
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        found = {CREATE: 0, UPDATE: 0, SAME: 0}
        for change in self.changes:
            found[change.kind] += 1
        return found

    @property
    def created(self) -> int:
        return self.counts[CREATE]

    @property
    def updated(self) -> int:
        return self.counts[UPDATE]

    @property
    def unchanged(self) -> int:
        return self.counts[SAME]

    @property
    def has_changes(self) -> bool:
        return any(c.kind != SAME for c in self.changes)


class WorkbookRejected(ApplicationError):
    http_status = 400

    def __init__(self, preview: Preview) -> None:
        super().__init__(
            f"Tệp có {len(preview.problems)} lỗi nên chưa ghi thay đổi nào: hãy sửa các ô được nêu rồi tải lên lại.",
            field="file",
        )
        self.preview = preview


# --- Template -----------------------------------------------------------------------------------------------------

_HELP = (
    "Mỗi trang tính là một loại hồ sơ; dòng 1 là tiêu đề cột, dữ liệu bắt đầu từ dòng 2; dòng trống được bỏ qua.",
    "Cán bộ: số hiệu là khóa (không đổi); «Từ ngày» là ngày bắt đầu quá trình công tác (dd/mm/yyyy). "
    "Nếu «Từ ngày» sau ngày bắt đầu của quá trình đang mở, hệ thống coi là chuyển công tác: quá trình cũ kết thúc "
    "vào ngày đó.",
    "Cấp bậc: " + "; ".join(label for _, label in Rank.choices) + ".",
    "Giới tính: Nam; Nữ (có thể để trống).",
    "Xếp loại: " + "; ".join(label for _, label in RATING_CHOICES) + ".",
    "Khen thưởng: ghi tên hoặc mã danh hiệu, hình thức: "
    + "; ".join(f"{label} ({code})" for code, label in AWARD_CHOICES)
    + ".",
    "Kỷ luật: " + "; ".join(label for _, label in DISCIPLINE_CHOICES) + ".",
    "Sáng kiến: loại là "
    + "; ".join(label for _, label in INNOVATION_CHOICES)
    + "; phạm vi ảnh hưởng là "
    + "; ".join(label for _, label in SCOPE_CHOICES)
    + ".",
    "Cán bộ ở các trang khác phải có trong trang «Cán bộ» của tệp hoặc đã có trong hệ thống, thuộc đơn vị của bạn.",
    "Tải lên một tệp nhiều lần không tạo bản ghi trùng: dòng đã có và không đổi được bỏ qua.",
)


def template_workbook() -> bytes:
    book = Workbook()
    help_sheet = book.active
    help_sheet.title = INSTRUCTIONS
    help_sheet["A1"] = "Biểu mẫu nhập hồ sơ cán bộ"
    help_sheet["A1"].font = Font(bold=True, size=14)
    for index, line in enumerate(_HELP, start=3):
        help_sheet.cell(row=index, column=1, value=line)
    help_sheet.column_dimensions["A"].width = 140
    fill = PatternFill("solid", fgColor="D9E1F2")
    for name, headers in COLUMNS.items():
        sheet = book.create_sheet(name)
        sheet.append(list(headers))
        for index, cell in enumerate(sheet[1], start=1):
            cell.font = Font(bold=True)
            cell.fill = fill
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(headers[index - 1]) + 4)
        sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Reading ------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    sheet: str
    number: int
    values: tuple[object, ...]

    def raw(self, index: int) -> object:
        value = self.values[index] if index < len(self.values) else None
        if isinstance(value, str):
            value = nfc(value)
            return value or None
        return value

    def text(self, index: int) -> str:
        value = self.raw(index)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()


def _sheet_named(book: Any, name: str) -> Any:
    for candidate in book.sheetnames:
        if unicodedata.normalize("NFC", candidate).strip().casefold() == name.casefold():
            return book[candidate]
    return None


def read_rows(content: bytes, *, filename: str | None = None) -> tuple[dict[str, list[Row]], list[Problem]]:
    """The data rows of each known sheet; problems with headers. Raises DomainError for a file that cannot be read."""
    check_upload(content, filename=filename)
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured("openpyxl must parse uploads with defusedxml: install the defusedxml package.")
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 - whatever openpyxl trips on, the user is told the file is unreadable
        raise DomainError(UNREADABLE, field="file") from None
    rows: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    try:
        for name, headers in COLUMNS.items():
            sheet = _sheet_named(book, name)
            if sheet is None:
                continue
            sheet.reset_dimensions()
            found: list[Row] = []
            for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=len(headers), values_only=True), start=1):
                if number > LIMITS.max_rows:
                    raise DomainError(f"Trang «{name}» có hơn {LIMITS.max_rows} dòng: quá lớn.", field="file")
                if number == 1:
                    for index, expected in enumerate(headers):
                        got = cells[index] if index < len(cells) else None
                        if nfc(str(got or "")).casefold() != expected.casefold():
                            problems.append(
                                Problem(
                                    name,
                                    1,
                                    get_column_letter(index + 1),
                                    f"Tiêu đề cột phải là «{expected}» (tệp ghi «{got or ''}»): "
                                    "hãy dùng biểu mẫu tải từ hệ thống.",
                                )
                            )
                    continue
                if any(v is not None and str(v).strip() for v in cells):
                    found.append(Row(name, number, tuple(cells)))
            rows[name] = found
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - a broken file, never a traceback
        raise DomainError(UNREADABLE, field="file") from None
    finally:
        book.close()
    if not rows:
        problems.append(
            Problem(
                PEOPLE,
                None,
                None,
                "Tệp không có trang tính nào của biểu mẫu (" + ", ".join(f"«{n}»" for n in COLUMNS) + ").",
            )
        )
    return rows, problems


# --- Planning -----------------------------------------------------------------------------------------------------


class _CellError(Exception):
    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _cell(row: Row, index: int, parse: Callable[[object], Any]) -> Any:
    try:
        return parse(row.raw(index))
    except DomainError as exc:
        raise _CellError(index, exc.message) from None


def _required(row: Row, index: int) -> str:
    text = row.text(index)
    if not text:
        raise _CellError(index, f"Thiếu «{COLUMNS[row.sheet][index]}».")
    return text


def _date(value: object, *, required: bool, label: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DomainError(f"Thiếu «{label}».")
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise DomainError(f"{label} «{text}» không hợp lệ: hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.")


def _optional_year(value: object) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_year(value, label="Năm sinh")


@dataclass
class _Plan:
    actor: Any
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    operations: list[Callable[[], None]] = field(default_factory=list)
    new_people: dict[str, Row] = field(default_factory=dict)
    people: dict[str, Person | None] = field(default_factory=dict)
    units: dict[str, OrgUnit | None] = field(default_factory=dict)
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def problem(self, row: Row, index: int | None, message: str) -> None:
        column = None
        if index is not None:
            column = f"{get_column_letter(index + 1)} ({COLUMNS[row.sheet][index]})"
        self.problems.append(Problem(row.sheet, row.number, column, message))

    def change(self, row: Row, kind: str, text: str, operation: Callable[[], None] | None = None) -> None:
        self.changes.append(Change(row.sheet, row.number, kind, text))
        if operation is not None and kind != SAME:
            self.operations.append(operation)

    def unique(self, row: Row, key: tuple[Any, ...]) -> bool:
        first = self.seen.get(key)
        if first is not None:
            self.problem(row, None, f"Trùng với dòng {first} của cùng trang: mỗi bản ghi chỉ ghi một lần.")
            return False
        self.seen[key] = row.number
        return True

    def unit(self, code: str) -> OrgUnit | None:
        if code not in self.units:
            editable = access_for(self.actor).unit_ids_for("change", EDITORS)
            self.units[code] = OrgUnit.objects.filter(code__iexact=code, pk__in=editable).first()
        return self.units[code]

    def person(self, code: str) -> Person | None:
        """An existing person the actor edits (``None`` otherwise)."""
        if code not in self.people:
            found = Person.objects.filter(code=code).first()
            if found is not None and not services._allowed(self.actor, "personnel.edit_person", found):
                found = None
            self.people[code] = found
        return self.people[code]


def _person_ref(plan: _Plan, row: Row) -> tuple[str, Person | None] | None:
    """The số hiệu of column A, known in the file or stored within reach; a problem otherwise."""
    code = row.text(0).upper()
    if not code:
        plan.problem(row, 0, "Thiếu «Số hiệu».")
        return None
    person = plan.person(code)
    if person is None and code not in plan.new_people:
        plan.problem(
            row, 0, f"Không có cán bộ số hiệu {code} trong phạm vi của bạn, cũng không có trong trang «{PEOPLE}»."
        )
        return None
    return code, person


def _lookup(plan: _Plan, code: str) -> Person:
    person = Person.objects.get(code=code)
    plan.people[code] = person
    return person


def _plan_people(plan: _Plan, rows: list[Row]) -> None:
    # First pass: which codes the file defines, so other sheets may refer to new people.
    for row in rows:
        code = row.text(0).upper()
        if code:
            plan.new_people.setdefault(code, row)
    for row in rows:
        try:
            code = _required(row, 0).upper()
            name = _required(row, 1)
            birth_year = _cell(row, 2, _optional_year)
            gender_text = row.text(3)
            gender = (
                choice_from_text(gender_text, GENDER_CHOICES, what="Giới tính", field="gender") if gender_text else ""
            )
            unit_code = _required(row, 4)
            rank = _cell(row, 5, lambda v: choice_from_text(v, Rank.choices, what="Cấp bậc", field="rank"))
            position = row.text(6)
            start = _cell(row, 7, lambda v: _date(v, required=True, label="Từ ngày"))
        except (_CellError, DomainError) as exc:
            index = exc.column if isinstance(exc, _CellError) else 3
            plan.problem(row, index, exc.message)
            continue
        unit = plan.unit(unit_code)
        if unit is None:
            plan.problem(row, 4, f"Không có đơn vị mã «{unit_code}» trong phạm vi nhập liệu của bạn.")
            continue
        if not plan.unique(row, (PEOPLE, code)):
            continue
        stored = Person.objects.filter(code=code).first()
        if stored is not None and plan.person(code) is None:
            plan.problem(row, 0, f"Cán bộ số hiệu {code} đang công tác ở đơn vị ngoài phạm vi của bạn.")
            continue
        post = position or "chưa ghi chức vụ"
        label = f"{name} ({code}), {dict(Rank.choices)[rank]}, {post}, {unit} từ {format_day(start)}"
        if stored is None:

            def create(code=code, name=name, by=birth_year, g=gender, u=unit, r=rank, p=position, s=start) -> None:  # type: ignore[no-untyped-def]
                services.person_create(
                    code=code,
                    full_name=name,
                    birth_year=by,
                    gender=g,
                    org_unit=u,
                    rank=r,
                    position=p,
                    valid_from=s,
                    actor=plan.actor,
                )

            plan.change(row, CREATE, label, create)
            continue
        person_changed = (stored.full_name, stored.birth_year, stored.gender) != (name, birth_year, gender)
        posting = stored.postings.filter(valid_from=start).first()
        posting_changed = posting is None or (posting.org_unit_id, posting.rank, posting.position) != (
            unit.pk,
            rank,
            position,
        )
        if not person_changed and not posting_changed:
            plan.change(row, SAME, label)
            continue

        def update(
            code=code, name=name, by=birth_year, g=gender, u=unit, r=rank, p=position, s=start, pc=person_changed
        ) -> None:  # type: ignore[no-untyped-def]
            person = _lookup(plan, code)
            if pc:
                services.person_update(
                    person=person,
                    full_name=name,
                    birth_year=by,
                    gender=g,
                    is_active=person.is_active,
                    notes=person.notes,
                    expected_version=person.version,
                    actor=plan.actor,
                )
            existing = person.postings.filter(valid_from=s).first()
            if existing is None:
                services.posting_create(person=person, org_unit=u, rank=r, position=p, valid_from=s, actor=plan.actor)
            elif (existing.org_unit_id, existing.rank, existing.position) != (u.pk, r, p):
                services.posting_update(
                    posting=existing,
                    org_unit=u,
                    rank=r,
                    position=p,
                    valid_from=s,
                    valid_to=existing.valid_to,
                    expected_version=existing.version,
                    actor=plan.actor,
                )

        what = []
        if person_changed:
            what.append("thông tin cá nhân")
        if posting_changed:
            what.append("quá trình công tác mới" if posting is None else "quá trình công tác")
        plan.change(row, UPDATE, f"{label} (sửa {', '.join(what)})", update)


def _plan_ratings(plan: _Plan, rows: list[Row]) -> None:
    for row in rows:
        ref = _person_ref(plan, row)
        try:
            year = _cell(row, 1, lambda v: parse_year(v))
            rating = _cell(row, 2, lambda v: choice_from_text(v, RATING_CHOICES, what="Xếp loại", field="rating"))
        except _CellError as exc:
            plan.problem(row, exc.column, exc.message)
            continue
        if ref is None or not plan.unique(row, (RATINGS, ref[0], year)):
            continue
        code, person = ref
        decision = row.text(3)
        stored = DutyRating.objects.filter(person=person, year=year).first() if person else None
        label = f"{code} năm {year}: {dict(RATING_CHOICES)[rating]}"
        kind = (
            CREATE if stored is None else (SAME if (stored.rating, stored.decision) == (rating, decision) else UPDATE)
        )

        def apply(code=code, year=year, rating=rating, decision=decision) -> None:  # type: ignore[no-untyped-def]
            person = _lookup(plan, code)
            existing = DutyRating.objects.filter(person=person, year=year).first()
            services.duty_rating_set(
                person=person,
                year=year,
                rating=rating,
                decision=decision,
                expected_version=existing.version if existing else None,
                actor=plan.actor,
            )

        plan.change(row, kind, label, apply)


def _plan_awards(plan: _Plan, rows: list[Row]) -> None:
    for row in rows:
        ref = _person_ref(plan, row)
        try:
            year = _cell(row, 1, lambda v: parse_year(v))
            award = _cell(
                row, 2, lambda v: choice_from_text(v, AWARD_CHOICES, what="Danh hiệu, hình thức", field="award")
            )
            number = _required(row, 3)
            day = _cell(row, 4, lambda v: _date(v, required=True, label="Ngày quyết định"))
        except _CellError as exc:
            plan.problem(row, exc.column, exc.message)
            continue
        if ref is None or not plan.unique(row, (AWARDS, ref[0], year, award, number)):
            continue
        code, person = ref
        signer, issued_by = row.text(5), row.text(6)
        stored = (
            AwardRecord.objects.filter(person=person, year=year, award_code=award, decision_number=number).first()
            if person
            else None
        )
        label = f"{code} năm {year}: {dict(AWARD_CHOICES)[award]}, Quyết định số {number} ngày {format_day(day)}"
        if stored is None:
            kind = CREATE
        elif (stored.decision_date, stored.signer, stored.issued_by) == (day, signer, issued_by):
            kind = SAME
        elif stored.source == AwardSource.DECISION:
            plan.problem(row, 4, "Khen thưởng này được ghi từ quyết định trên hệ thống: không sửa bằng tệp Excel.")
            continue
        else:
            kind = UPDATE

        def apply(
            code=code, year=year, award=award, number=number, day=day, signer=signer, issued_by=issued_by
        ) -> None:  # type: ignore[no-untyped-def]
            person = _lookup(plan, code)
            existing = AwardRecord.objects.filter(
                person=person, year=year, award_code=award, decision_number=number
            ).first()
            if existing is None:
                services.award_record_create(
                    person=person,
                    year=year,
                    award_code=award,
                    award_name=dict(AWARD_CHOICES)[award],
                    decision_number=number,
                    decision_date=day,
                    signer=signer,
                    issued_by=issued_by,
                    source=AwardSource.IMPORT,
                    actor=plan.actor,
                )
            else:
                services.award_record_update(
                    record=existing,
                    year=year,
                    award_code=award,
                    award_name=existing.award_name,
                    decision_number=number,
                    decision_date=day,
                    signer=signer,
                    issued_by=issued_by,
                    expected_version=existing.version,
                    actor=plan.actor,
                )

        plan.change(row, kind, label, apply)


def _plan_discipline(plan: _Plan, rows: list[Row]) -> None:
    for row in rows:
        ref = _person_ref(plan, row)
        try:
            year = _cell(row, 1, lambda v: parse_year(v))
            level = _cell(
                row, 2, lambda v: choice_from_text(v, DISCIPLINE_CHOICES, what="Hình thức kỷ luật", field="level")
            )
            day = _cell(row, 4, lambda v: _date(v, required=False, label="Ngày quyết định"))
        except _CellError as exc:
            plan.problem(row, exc.column, exc.message)
            continue
        number = row.text(3)
        if ref is None or not plan.unique(row, (DISCIPLINE, ref[0], year, level, number)):
            continue
        code, person = ref
        stored = (
            DisciplineRecord.objects.filter(person=person, year=year, level=level, decision_number=number).first()
            if person
            else None
        )
        label = f"{code} năm {year}: {dict(DISCIPLINE_CHOICES)[level]} {number}".strip()
        kind = CREATE if stored is None else (SAME if stored.decision_date == day else UPDATE)

        def apply(code=code, year=year, level=level, number=number, day=day) -> None:  # type: ignore[no-untyped-def]
            person = _lookup(plan, code)
            existing = DisciplineRecord.objects.filter(
                person=person, year=year, level=level, decision_number=number
            ).first()
            if existing is None:
                services.discipline_create(
                    person=person, year=year, level=level, decision_number=number, decision_date=day, actor=plan.actor
                )
            else:
                services.discipline_update(
                    record=existing,
                    year=year,
                    level=level,
                    decision_number=number,
                    decision_date=day,
                    expected_version=existing.version,
                    actor=plan.actor,
                )

        plan.change(row, kind, label, apply)


def _plan_innovations(plan: _Plan, rows: list[Row]) -> None:
    for row in rows:
        ref = _person_ref(plan, row)
        try:
            kind_value = _cell(row, 1, lambda v: choice_from_text(v, INNOVATION_CHOICES, what="Loại", field="kind"))
            name = _required(row, 2)
            year = _cell(row, 3, lambda v: parse_year(v))
            scope = _cell(row, 4, lambda v: choice_from_text(v, SCOPE_CHOICES, what="Phạm vi ảnh hưởng", field="scope"))
        except _CellError as exc:
            plan.problem(row, exc.column, exc.message)
            continue
        if ref is None or not plan.unique(row, (INNOVATIONS, ref[0], kind_value, name.casefold(), year)):
            continue
        code, person = ref
        decision = row.text(5)
        stored = (
            Innovation.objects.filter(person=person, kind=kind_value, name=name, year=year).first() if person else None
        )
        label = f"{code} năm {year}: {name} ({dict(SCOPE_CHOICES)[scope]})"
        kind = CREATE if stored is None else (SAME if (stored.scope, stored.decision) == (scope, decision) else UPDATE)

        def apply(code=code, k=kind_value, name=name, year=year, scope=scope, decision=decision) -> None:  # type: ignore[no-untyped-def]
            person = _lookup(plan, code)
            existing = Innovation.objects.filter(person=person, kind=k, name=name, year=year).first()
            if existing is None:
                services.innovation_create(
                    person=person, kind=k, name=name, year=year, scope=scope, decision=decision, actor=plan.actor
                )
            else:
                services.innovation_update(
                    innovation=existing,
                    kind=k,
                    name=name,
                    year=year,
                    scope=scope,
                    decision=decision,
                    expected_version=existing.version,
                    actor=plan.actor,
                )

        plan.change(row, kind, label, apply)


_PLANNERS: dict[str, Callable[[_Plan, list[Row]], None]] = {
    PEOPLE: _plan_people,
    RATINGS: _plan_ratings,
    AWARDS: _plan_awards,
    DISCIPLINE: _plan_discipline,
    INNOVATIONS: _plan_innovations,
}


def _plan(content: bytes, filename: str | None, actor: Any) -> _Plan:
    rows, header_problems = read_rows(content, filename=filename)
    plan = _Plan(actor=actor)
    plan.problems.extend(header_problems)
    _plan_people(plan, rows.get(PEOPLE, []))
    for name in (RATINGS, AWARDS, DISCIPLINE, INNOVATIONS):
        _PLANNERS[name](plan, rows.get(name, []))
    return plan


def _require_editor(actor: Any) -> None:
    if not access_for(actor).unit_ids_for("change", EDITORS):
        raise DomainError(
            "Chỉ cán bộ nhập liệu của đơn vị hoặc cơ quan thường trực thi đua được nhập hồ sơ cán bộ từ Excel.",
            field="file",
        )


def import_preview(*, content: bytes, actor: Any, filename: str | None = None) -> Preview:
    """What applying the file would create or change, row by row, and every problem; writes nothing."""
    _require_editor(actor)
    plan = _plan(content, filename, actor)
    return Preview(tuple(plan.changes), tuple(plan.problems))


@transaction.atomic
def import_apply(*, content: bytes, actor: Any, filename: str | None = None) -> Preview:
    """Apply every change of the file in one transaction through the services; nothing at all when any row has a
    problem (``WorkbookRejected`` with the preview)."""
    _require_editor(actor)
    plan = _plan(content, filename, actor)
    preview = Preview(tuple(plan.changes), tuple(plan.problems))
    if not preview.ok:
        raise WorkbookRejected(preview)
    failures: list[Problem] = []
    for change, operation in zip([c for c in plan.changes if c.kind != SAME], plan.operations, strict=True):
        try:
            operation()
        except DomainError as exc:
            failures.append(Problem(change.sheet, change.row, None, exc.message))
            break
    if failures:
        raise WorkbookRejected(Preview(preview.changes, tuple(failures)))  # the transaction rolls back
    if plan.operations:
        person = Person.objects.filter(code__in=list(plan.people)).first()
        if person is not None:
            audit.record(
                actor=actor,
                action="personnel.excel_import",
                obj=person,
                after={
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "filename": filename or "",
                    "changes": len(plan.operations),
                },
            )
    return preview
