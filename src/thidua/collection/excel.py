"""The unit's report as an Excel workbook (biểu mẫu Excel), and reading such a workbook back safely.

Writing follows the layout of ``domain/workbook.py``. Reading refuses, before any XML is parsed by openpyxl, what
has no business in a data form: files over the size limit, anything that is not a real .xlsx zip, macro workbooks,
zip bombs and oversized sheets. openpyxl then parses with defusedxml (it does so whenever defusedxml is installed;
reading refuses to run otherwise).
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from pathlib import PurePath
from typing import Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser
from django.core.exceptions import ImproperlyConfigured
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from thidua.collection.domain import workbook as layout
from thidua.collection.domain.values import Parsed, report_totals
from thidua.collection.domain.workbook import (
    COLUMN_COUNT,
    HEADER_ROW,
    SHEET_NAME,
    Col,
    FormLine,
    Formula,
    Key,
    SheetRow,
    StoredValue,
    UploadedWorkbook,
)
from thidua.collection.domain.workflow import LOCKED
from thidua.collection.models import DataValue, Submission
from thidua.core.domain.errors import DomainError
from thidua.core.exports import safe_cell
from thidua.indicators.domain.indicators import ValueType
from thidua.indicators.domain.periods import previous_period, same_period_last_year
from thidua.indicators.domain.targets import TargetKind
from thidua.indicators.models import DataSetItem, DisaggregationOption, Target

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Limits:
    """What an uploaded form may weigh. A report of 150 indicators with their breakdowns is well under 100 KB and
    1,000 rows; the limits leave room for that many times over, not for a file built to exhaust the server."""

    max_bytes: int = 5 * 1024 * 1024
    max_uncompressed: int = 30 * 1024 * 1024
    max_ratio: int = 100  # uncompressed / compressed, for parts large enough to matter
    ratio_floor: int = 256 * 1024
    max_entries: int = 1000
    max_rows: int = 10_000
    max_columns: int = 100


LIMITS = Limits()
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam", ".xlsb"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx files encrypted with a password
ZIP_MAGIC = b"PK\x03\x04"
NOT_XLSX = "Tệp không phải tệp Excel .xlsx hợp lệ: hãy tải lên biểu mẫu .xlsx đã tải từ hệ thống."
UNREADABLE = "Không đọc được tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx): hãy lưu lại tệp rồi thử lại."


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def _refuse(message: str) -> DomainError:
    return DomainError(message, field="file")


# Checks before parsing -----------------------------------------------------------------------------------------


class _Oversized(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _SheetCounter(ContentHandler):
    """Counts the rows and columns of a worksheet part as it streams by, stopping at the limits."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits
        self.in_sheet_data = self.in_row = False
        self.rows = self.column = 0

    def startElement(self, name: str, attrs: Any) -> None:
        local = name.rpartition(":")[2]
        if local == "sheetData":
            self.in_sheet_data = True
        elif local == "row" and self.in_sheet_data:
            self.in_row, self.column = True, 0
            number = attrs.get("r", "")
            self.rows = max(self.rows + 1, int(number)) if number.isascii() and number.isdigit() else self.rows + 1
            if self.rows > self.limits.max_rows:
                limit = f"{self.limits.max_rows:,}".replace(",", ".")
                raise _Oversized(
                    f"Trang tính trong tệp có hơn {limit} dòng: quá lớn cho một biểu mẫu báo cáo. "
                    "Hãy dùng biểu mẫu tải từ hệ thống và xóa các dòng thừa."
                )
        elif local == "c" and self.in_row:
            ref = attrs.get("r", "")
            letters = "".join(ch for ch in ref if ch.isascii() and ch.isalpha())
            try:
                self.column = column_index_from_string(letters.upper()) if letters else self.column + 1
            except ValueError:
                self.column = self.limits.max_columns + 1
            if self.column > self.limits.max_columns:
                raise _Oversized(
                    f"Trang tính trong tệp có hơn {self.limits.max_columns} cột: quá lớn cho một biểu mẫu báo cáo. "
                    "Hãy dùng biểu mẫu tải từ hệ thống."
                )

    def endElement(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "sheetData":
            self.in_sheet_data = False
        elif local == "row":
            self.in_row = False


def _looks_like_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as stream:
        head = stream.read(64)
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def check_upload(content: bytes, *, filename: str | None = None, limits: Limits | None = None) -> None:
    """Refuse, before openpyxl parses anything, a file that is too big, not an .xlsx, carries macros, is a zip
    bomb or holds an oversized sheet. Raises DomainError with a Vietnamese message."""
    limits = limits or LIMITS
    if len(content) > limits.max_bytes:
        raise _refuse(f"Tệp quá lớn ({_size(len(content))}): tối đa {_size(limits.max_bytes)}.")
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix in MACRO_SUFFIXES:
        raise _refuse("Không nhận tệp Excel có macro (.xlsm, .xlsb...): hãy lưu lại dạng .xlsx (Excel Workbook).")
    if content.startswith(OLE_MAGIC):
        raise _refuse("Tệp là Excel 97-2003 (.xls) hoặc tệp đặt mật khẩu: hãy lưu lại dạng .xlsx, không đặt mật khẩu.")
    if suffix not in ("", ".xlsx") or not content.startswith(ZIP_MAGIC):
        raise _refuse(NOT_XLSX)
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _refuse(NOT_XLSX) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise _refuse(f"Tệp có quá nhiều thành phần ({len(infos)}): không phải biểu mẫu báo cáo.")
        names = {info.filename.replace("\\", "/").lower(): info for info in infos}
        if any(name.rpartition("/")[2] == "vbaproject.bin" for name in names):
            raise _refuse("Tệp có chứa macro (vbaProject.bin): hãy lưu lại dạng .xlsx không có macro.")
        content_types = names.get("[content_types].xml")
        if content_types is None or "xl/workbook.xml" not in names:
            raise _refuse(NOT_XLSX)
        if any(info.flag_bits & 0x1 for info in infos):
            raise _refuse("Tệp có phần bị mã hóa: hãy lưu lại dạng .xlsx không đặt mật khẩu.")
        # zipfile never inflates a part beyond its declared size (it stops there and the CRC check fails), so
        # the declared sizes bound what parsing can cost.
        total = sum(info.file_size for info in infos)
        if total > limits.max_uncompressed:
            raise _refuse(
                f"Tệp giải nén ra {_size(total)} (tối đa {_size(limits.max_uncompressed)}): "
                "tệp nén bất thường, không nhận."
            )
        for info in infos:
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise _refuse(
                    f"Tệp nén bất thường (thành phần «{info.filename}» giải nén lớn gấp hơn {limits.max_ratio} lần): "
                    "không nhận."
                )
        try:
            if content_types.file_size > 1024 * 1024:
                raise _refuse(NOT_XLSX)
            declared = archive.read(content_types).lower()
            if b"macroenabled" in declared or b"vbaproject" in declared:
                raise _refuse("Tệp là Excel có macro: hãy lưu lại dạng .xlsx (Excel Workbook).")
            for info in infos:
                if info.is_dir() or info.file_size == 0 or not _looks_like_xml(archive, info):
                    continue
                counter = _SheetCounter(limits)
                parser = make_parser()
                parser.setContentHandler(counter)
                with archive.open(info) as stream:
                    parser.parse(stream)
        except _Oversized as exc:
            raise _refuse(exc.message) from None
        except (SAXException, DefusedXmlException, zipfile.BadZipFile, EOFError, OSError, ValueError):
            raise _refuse(UNREADABLE) from None


# Reading -------------------------------------------------------------------------------------------------------


def _cell(cell: Any) -> object:
    value = cell.value
    if isinstance(value, ArrayFormula | DataTableFormula):
        return Formula(str(getattr(value, "text", "") or "="))
    if getattr(cell, "data_type", None) == "f":
        return Formula(str(value))
    return value


def _sheet(book: Any, name: str) -> Any:
    for candidate in book.sheetnames:
        if unicodedata.normalize("NFC", candidate) == name:
            return book[candidate]
    return None


def read_workbook(content: bytes, *, filename: str | None = None, limits: Limits | None = None) -> UploadedWorkbook:
    """The meta sheet and the rows of «Số liệu», after ``check_upload``; DomainError when unreadable."""
    limits = limits or LIMITS
    check_upload(content, filename=filename, limits=limits)
    if not openpyxl.DEFUSEDXML:
        raise ImproperlyConfigured("openpyxl must parse uploads with defusedxml: install the defusedxml package.")
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except Exception:  # noqa: BLE001 - whatever openpyxl trips on, the user is told the file is unreadable
        raise _refuse(UNREADABLE) from None
    try:
        meta_sheet = _sheet(book, layout.META_SHEET_NAME)
        meta = None
        if meta_sheet is not None:
            meta = {}
            for key, value in meta_sheet.iter_rows(min_row=1, max_row=50, max_col=2, values_only=True):
                if key is not None:
                    meta[str(key).strip()] = "" if value is None else str(value).strip()
        sheet = _sheet(book, SHEET_NAME)
        if sheet is None:
            return UploadedWorkbook(meta=meta, header=None)
        sheet.reset_dimensions()  # a stated dimension may be smaller than the sheet: read every row there is
        header: tuple[object, ...] | None = None
        rows = []
        for number, cells in enumerate(sheet.iter_rows(min_row=HEADER_ROW, max_col=COLUMN_COUNT), start=HEADER_ROW):
            if number > limits.max_rows:
                raise _refuse(f"Trang «{SHEET_NAME}» có hơn {limits.max_rows} dòng: quá lớn cho một biểu mẫu.")
            values = tuple(_cell(c) for c in cells)
            if number == HEADER_ROW:
                header = values
            elif any(v is not None for v in values):
                rows.append(SheetRow(number, values))
        return UploadedWorkbook(meta=meta, header=header or (), rows=tuple(rows))
    except DomainError:
        raise
    except Exception:  # noqa: BLE001 - as above: a broken file, never a traceback
        raise _refuse(UNREADABLE) from None
    finally:
        book.close()


# The form and what it holds ------------------------------------------------------------------------------------


def option_key(option: DisaggregationOption) -> str:
    """Option codes are unique within their breakdown only, so the form names an option with both codes."""
    return f"{option.disaggregation.code}:{option.code}"


@dataclass(frozen=True)
class FormContext:
    lines: list[FormLine]
    items: list[DataSetItem]
    options: dict[str, DisaggregationOption]


def form_of(submission: Submission) -> FormContext:
    """The lines of the report's form, in the data set's order: each indicator's total, then its options."""
    items = list(
        submission.data_set.items.select_related("indicator__numerator", "indicator__denominator")
        .prefetch_related("indicator__disaggregations__options__disaggregation")
        .order_by("order", "pk")
    )
    lines: list[FormLine] = []
    options: dict[str, DisaggregationOption] = {}
    for item in items:
        ind = item.indicator
        base = {
            "indicator_code": ind.code,
            "indicator_name": ind.name,
            "value_type": ValueType(ind.value_type),
            "unit_of_measure": ind.unit_of_measure,
            "section": item.section,
        }
        lines.append(FormLine(**base, has_options=bool(ind.disaggregations.all())))
        for disaggregation in sorted(ind.disaggregations.all(), key=lambda d: d.code):
            for option in sorted(disaggregation.options.all(), key=lambda o: (o.order, o.code)):
                key = option_key(option)
                options[key] = option
                lines.append(FormLine(**base, option_code=key, option_name=option.name))
    return FormContext(lines, items, options)


def _parsed(value: DataValue) -> Parsed:
    return Parsed(number=value.value, flag=value.value_bool, text=value.value_text)


def _key(value: DataValue) -> Key:
    return (value.indicator.code, option_key(value.option) if value.option_id else None)


def _rates(items: list[DataSetItem], values: Iterable[DataValue]) -> dict[str, Decimal | None]:
    """The rate lines of the report, computed from the stored totals."""
    rate_items = [
        (item.indicator.code, item.indicator.numerator.code, item.indicator.denominator.code)
        for item in items
        if item.indicator.value_type == ValueType.RATE.value and item.indicator.numerator and item.indicator.denominator
    ]
    totals = report_totals(((v.indicator.code, v.option_id is not None, v.value) for v in values), rate_items)
    return {code: totals.get(code) for code, _, _ in rate_items}


def stored_of(submission: Submission, form: FormContext) -> dict[Key, StoredValue]:
    """What the report holds now, by line; a rate line holds the rate computed from its numerator and denominator."""
    values = list(DataValue.objects.filter(submission=submission).select_related("indicator", "option__disaggregation"))
    stored = {_key(v): StoredValue(_parsed(v), v.comment, v.version) for v in values}
    for code, computed in _rates(form.items, values).items():
        existing = stored.get((code, None), StoredValue())
        stored[(code, None)] = StoredValue(Parsed(number=computed), existing.comment, existing.version)
    # The total line of a breakdown shows the sum of its options (it is computed, never typed).
    totals = report_totals((v.indicator.code, v.option_id is not None, v.value) for v in values)
    for line in form.lines:
        if line.has_options and line.option_code is None:
            existing = stored.get(line.key, StoredValue())
            stored[line.key] = StoredValue(
                Parsed(number=totals.get(line.indicator_code)), existing.comment, existing.version
            )
    return stored


def _history(submission: Submission, form: FormContext, code: str, user: Any) -> dict[Key, object]:
    """The unit's approved figures of another period, as far as the user may see them."""
    values = list(
        DataValue.objects.for_user(user)
        .filter(
            submission__unit=submission.unit_id,
            submission__period__code=code,
            submission__status__in=[s.value for s in LOCKED],
            indicator__in=[item.indicator_id for item in form.items],
        )
        .select_related("indicator", "option__disaggregation")
        .order_by("submission_id")
    )
    found: dict[Key, object] = {}
    for value in values:
        found.setdefault(_key(value), layout.cell_value(_parsed(value)))
    for indicator_code, computed in _rates(form.items, values).items():
        if computed is not None:
            found[(indicator_code, None)] = layout.cell_value(Parsed(number=computed))
    return found


def _targets(submission: Submission, form: FormContext, user: Any) -> dict[Key, object]:
    shown: dict[Key, object] = {}
    for target in (
        Target.objects.for_user(user)
        .filter(
            unit=submission.unit_id, period=submission.period_id, indicator__in=[i.indicator_id for i in form.items]
        )
        .select_related("indicator", "option__disaggregation")
    ):
        key = (target.indicator.code, option_key(target.option) if target.option_id else None)
        amount = layout.display_number(target.value)
        kind = TargetKind(target.kind)
        if kind is TargetKind.CHANGE_VS_LAST_YEAR:
            shown[key] = f"{'Tăng' if target.value >= 0 else 'Giảm'} {amount.lstrip('-')}% so với cùng kỳ"
        elif kind is TargetKind.MIN_RATE:
            shown[key] = f"Từ {amount}% trở lên"
        else:
            shown[key] = layout.cell_value(Parsed(number=target.value))
    return shown


def _other_period(code: str, which: Any) -> str | None:
    try:
        return str(which(code))
    except DomainError:
        return None  # campaigns have no previous period or same period last year


# Writing -------------------------------------------------------------------------------------------------------

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MUTED = Font(italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
COMPUTED_FILL = PatternFill("solid", fgColor="E7E6E6")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
WIDTHS = {Col.LABEL: 48, Col.UNIT: 10, Col.OPTION: 20, Col.TARGET: 18, Col.PREVIOUS: 12, Col.LAST_YEAR: 14}
NUMBER_FORMATS = {
    ValueType.COUNT: "#,##0",
    ValueType.MONEY: "#,##0",
    ValueType.DECIMAL: "General",
    ValueType.RATE: "0.00",
}


def filename_for(submission: Submission) -> str:
    """An ASCII name (bao-cao-NAN-6THANG-2026S1.xlsx) so every browser and mail client keeps it."""
    parts = [submission.unit.code, submission.data_set.code, submission.period.code]
    safe = ["".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in p) for p in parts]
    return "bao-cao-" + "-".join(safe) + ".xlsx"


def _put(sheet: Any, row: int, col: Col, value: object, **style: Any) -> Any:
    cell = sheet.cell(row=row, column=int(col), value=safe_cell(value))
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def build_workbook(submission: Submission, *, user: Any) -> bytes:
    """The report as a workbook: labels and reference figures locked, «Giá trị» and «Ghi chú» open, codes and
    versions in hidden columns, the report's id on a very hidden sheet."""
    form = form_of(submission)
    stored = stored_of(submission, form)
    targets = _targets(submission, form, user)
    period = submission.period
    previous_code = _other_period(period.code, previous_period)
    last_year_code = _other_period(period.code, same_period_last_year)
    previous = _history(submission, form, previous_code, user) if previous_code else {}
    last_year = _history(submission, form, last_year_code, user) if last_year_code else {}

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    last_visible = Col.COMMENT.letter
    _put(sheet, layout.TITLE_ROW, Col.LABEL, f"BÁO CÁO SỐ LIỆU — {submission.data_set.name}".upper(), font=TITLE)
    sheet.merge_cells(f"A{layout.TITLE_ROW}:{last_visible}{layout.TITLE_ROW}")
    _put(
        sheet,
        layout.SUBTITLE_ROW,
        Col.LABEL,
        f"Đơn vị: {submission.unit} — Kỳ: {period.name} ({period.code}) — Trạng thái: {submission.status_label}",
        font=BOLD,
    )
    sheet.merge_cells(f"A{layout.SUBTITLE_ROW}:{last_visible}{layout.SUBTITLE_ROW}")
    _put(
        sheet,
        layout.INSTRUCTIONS_ROW,
        Col.LABEL,
        "Chỉ nhập vào hai cột «Giá trị» và «Ghi chú» (ô nền vàng). Viết số kiểu Việt Nam: 1.799 hoặc 93,5. "
        "Không chèn, xóa hay đổi chỗ cột; không sửa các cột mã ẩn. Tỷ lệ được tính tự động.",
        font=MUTED,
        alignment=Alignment(wrap_text=True, vertical="top"),
    )
    sheet.merge_cells(f"A{layout.INSTRUCTIONS_ROW}:{last_visible}{layout.INSTRUCTIONS_ROW}")
    sheet.row_dimensions[layout.INSTRUCTIONS_ROW].height = 32
    for col in Col:
        _put(
            sheet,
            HEADER_ROW,
            col,
            col.header,
            font=BOLD,
            fill=HEADER_FILL,
            border=GRID,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )

    yes_no = DataValidation(
        type="list",
        formula1=f'"{layout.YES},{layout.NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Chọn «{layout.YES}» hoặc «{layout.NO}».",
        promptTitle="Có/không",
        prompt=f"Chọn «{layout.YES}» hoặc «{layout.NO}» trong danh sách.",
        showInputMessage=True,
    )
    whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error="Chỉ tiêu đếm số lượng: hãy nhập số nguyên không âm.",
    )
    non_negative = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error="Hãy nhập một số không âm.",
    )
    validations = {ValueType.BOOLEAN: yes_no, ValueType.COUNT: whole, ValueType.DECIMAL: non_negative}
    validations[ValueType.MONEY] = non_negative

    row = layout.FIRST_DATA_ROW
    section = None
    for line in form.lines:
        if line.section and line.section != section:
            section = line.section
            _put(sheet, row, Col.LABEL, section, font=BOLD, fill=SECTION_FILL)
            sheet.merge_cells(f"A{row}:{last_visible}{row}")
            row += 1
        current = stored.get(line.key, StoredValue())
        number_format = NUMBER_FORMATS.get(line.value_type, "General")
        _put(sheet, row, Col.LABEL, line.indicator_name, border=GRID, alignment=Alignment(wrap_text=True))
        _put(sheet, row, Col.UNIT, line.unit_of_measure, border=GRID)
        _put(sheet, row, Col.OPTION, line.option_name if line.option_code else layout.TOTAL_LABEL, border=GRID)
        for col, source in ((Col.TARGET, targets), (Col.PREVIOUS, previous), (Col.LAST_YEAR, last_year)):
            _put(sheet, row, col, source.get(line.key), border=GRID, number_format=number_format)
        value_cell = _put(
            sheet, row, Col.VALUE, layout.cell_value(current.value), border=GRID, number_format=number_format
        )
        if line.is_computed:
            value_cell.fill = COMPUTED_FILL
            note = (
                "Tỷ lệ tự tính từ tử số và mẫu số: không nhập vào ô này."
                if line.value_type is ValueType.RATE
                else "Tổng số tự cộng từ các phân tổ bên dưới: không nhập vào ô này."
            )
            value_cell.comment = Comment(note, "thidua")
        else:
            value_cell.fill = INPUT_FILL
            value_cell.protection = UNLOCKED
            if line.value_type in validations:
                validations[line.value_type].add(value_cell.coordinate)
        _put(
            sheet,
            row,
            Col.COMMENT,
            current.comment or None,
            border=GRID,
            fill=INPUT_FILL,
            protection=UNLOCKED,
            alignment=Alignment(wrap_text=True),
        )
        _put(sheet, row, Col.INDICATOR_CODE, line.indicator_code)
        _put(sheet, row, Col.OPTION_CODE, line.option_code)
        _put(sheet, row, Col.VERSION, current.version)
        row += 1

    for validation in (yes_no, whole, non_negative):
        if validation.sqref:
            sheet.add_data_validation(validation)
    for col, width in WIDTHS.items():
        sheet.column_dimensions[col.letter].width = width
    sheet.column_dimensions[Col.VALUE.letter].width = 16
    sheet.column_dimensions[Col.COMMENT.letter].width = 40
    for col in layout.HIDDEN_COLUMNS:
        sheet.column_dimensions[col.letter].hidden = True
    sheet.freeze_panes = f"A{layout.FIRST_DATA_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # Protection keeps labels, references and codes from being typed over by accident; it is not access
    # control (the upload is checked cell by cell), so there is no password and widths stay adjustable.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False

    meta = book.create_sheet(layout.META_SHEET_NAME)
    for key, value in (
        (layout.META_FORMAT, layout.FORMAT_VERSION),
        (layout.META_SUBMISSION, str(submission.pk)),
        (layout.META_UNIT, f"{submission.unit.code} {submission.unit}"),
        (layout.META_DATA_SET, f"{submission.data_set.code} {submission.data_set.name}"),
        (layout.META_PERIOD, period.code),
    ):
        meta.append([safe_cell(key), safe_cell(value)])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    book.active = 0
    book.properties.creator = "thidua"
    book.properties.title = f"{submission.data_set.name} — {submission.unit} — {period.code}"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
