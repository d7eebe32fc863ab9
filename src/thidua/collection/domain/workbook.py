"""The Excel round trip of a unit's report (biểu mẫu Excel): the layout both the file we write and the file we
read back follow, and the comparison of an uploaded sheet against the stored values.

The contract: one visible sheet «Số liệu» whose header is on row 4 and whose lines start on row 5, one line per
indicator total or disaggregation option; the only cells a unit fills are «Giá trị» and «Ghi chú». Three hidden
columns carry the indicator code, the option code and the version of the stored value the file was made from, so
lines may be re-ordered without losing their meaning and an upload based on stale data is detected (DESIGN.md:
"a stale edit is refused, never merged silently"). A very hidden sheet carries the report's id.

Nothing here touches a database: the caller passes the form's lines, the stored values and the cells it read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum

from thidua.collection.domain.values import Parsed, parse_value
from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.indicators import ValueType

SHEET_NAME = "Số liệu"
META_SHEET_NAME = "thidua"
FORMAT_VERSION = "1"
TITLE_ROW = 1
SUBTITLE_ROW = 2
INSTRUCTIONS_ROW = 3
HEADER_ROW = 4
FIRST_DATA_ROW = 5
TOTAL_LABEL = "Tổng số"
YES, NO = "Có", "Không"
EMPTY_DISPLAY = "(trống)"

# Keys of the meta sheet (column A: key, column B: value).
META_FORMAT = "dinh_dang"
META_SUBMISSION = "bao_cao"
META_UNIT = "don_vi"
META_DATA_SET = "bo_chi_tieu"
META_PERIOD = "ky"

# What a spreadsheet runs as a formula when a cell's text starts with it; thidua.core.exports.safe_cell stores
# such text with a leading apostrophe, which reading back removes.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Col(IntEnum):
    """The columns of the sheet, in order (1 = A)."""

    LABEL = 1
    UNIT = 2
    OPTION = 3
    TARGET = 4
    PREVIOUS = 5
    LAST_YEAR = 6
    VALUE = 7
    COMMENT = 8
    INDICATOR_CODE = 9
    OPTION_CODE = 10
    VERSION = 11

    @property
    def letter(self) -> str:
        return chr(ord("A") + self.value - 1)

    @property
    def header(self) -> str:
        return HEADERS[self]


HEADERS: dict[Col, str] = {
    Col.LABEL: "Chỉ tiêu",
    Col.UNIT: "Đơn vị tính",
    Col.OPTION: "Phân tổ",
    Col.TARGET: "Chỉ tiêu được giao",
    Col.PREVIOUS: "Kỳ trước",
    Col.LAST_YEAR: "Cùng kỳ năm trước",
    Col.VALUE: "Giá trị",
    Col.COMMENT: "Ghi chú",
    Col.INDICATOR_CODE: "Mã chỉ tiêu",
    Col.OPTION_CODE: "Mã phân tổ",
    Col.VERSION: "Phiên bản",
}
COLUMN_COUNT = len(Col)
EDITABLE_COLUMNS = (Col.VALUE, Col.COMMENT)
HIDDEN_COLUMNS = (Col.INDICATOR_CODE, Col.OPTION_CODE, Col.VERSION)

Key = tuple[str, str | None]
"""A line of the form: (indicator code, option code), the option None for the indicator's total."""


@dataclass(frozen=True)
class FormLine:
    """One line of the form: an indicator's total or one option of its breakdown (phân tổ)."""

    indicator_code: str
    indicator_name: str
    value_type: ValueType
    unit_of_measure: str = ""
    option_code: str | None = None
    option_name: str = ""
    section: str = ""
    has_options: bool = False  # the indicator is broken down: its total line is the sum of its options

    @property
    def key(self) -> Key:
        return (self.indicator_code, self.option_code)

    @property
    def label(self) -> str:
        return f"{self.indicator_name} — {self.option_name}" if self.option_code else self.indicator_name

    @property
    def is_computed(self) -> bool:
        """Rates are computed from their numerator and denominator, and the total of a breakdown is the sum of its
        options: neither is entered."""
        return self.value_type is ValueType.RATE or (self.has_options and self.option_code is None)


@dataclass(frozen=True)
class StoredValue:
    """What the report holds now for a line; ``version`` 0 when nothing is stored. For a rate, ``value`` is the
    rate computed from the stored numerator and denominator."""

    value: Parsed = field(default_factory=Parsed)
    comment: str = ""
    version: int = 0


@dataclass(frozen=True)
class Formula:
    """A cell that holds a formula instead of a value."""

    text: str


@dataclass(frozen=True)
class SheetRow:
    """The cells of one row as read, in column order (index 0 is column A)."""

    number: int
    cells: tuple[object, ...]

    def cell(self, col: Col) -> object:
        return self.cells[col - 1] if col - 1 < len(self.cells) else None


@dataclass(frozen=True)
class UploadedWorkbook:
    """What was read from an uploaded file: the meta sheet (None when absent), the header row of «Số liệu» (None
    when the sheet is absent) and its rows below the header."""

    meta: Mapping[str, str] | None
    header: tuple[object, ...] | None
    rows: tuple[SheetRow, ...] = ()


@dataclass(frozen=True)
class Change:
    """A cell whose content differs from what the report holds."""

    sheet: str
    row: int
    column: str
    indicator_code: str
    option_code: str | None
    old: str
    new: str
    label: str = ""

    @property
    def column_title(self) -> str:
        return _column_title(self.column)


@dataclass(frozen=True)
class Problem:
    """Something in the file that stops it from being applied; ``row`` and ``column`` are None for the file as a
    whole."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def column_title(self) -> str:
        return _column_title(self.column) if self.column else ""

    @property
    def location(self) -> str:
        parts = [f"Trang «{self.sheet}»"]
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.column:
            parts.append(f"cột {self.column} ({self.column_title})" if self.column_title else f"cột {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Edit:
    """What to save for one line: its new content and the version it was based on."""

    row: int
    indicator_code: str
    option_code: str | None
    value: Parsed
    comment: str
    expected_version: int
    computed: bool = False

    @property
    def key(self) -> Key:
        return (self.indicator_code, self.option_code)

    @property
    def raw(self) -> object:
        """The value as the entry service takes it (None clears; a rate's value is never sent)."""
        if self.computed or self.value.is_empty:
            return None
        if self.value.number is not None:
            return self.value.number
        if self.value.flag is not None:
            return self.value.flag
        return self.value.text


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()
    edits: tuple[Edit, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _column_title(letter: str) -> str:
    for col in Col:
        if col.letter == letter:
            return col.header
    return ""


# Display and cell values ---------------------------------------------------------------------------------------


def display_number(number: Decimal) -> str:
    """Vietnamese style: "." groups thousands, "," marks decimals (1.799; 93,5)."""
    text = f"{number.normalize():f}"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def display(value: Parsed) -> str:
    if value.number is not None:
        return display_number(value.number)
    if value.flag is not None:
        return YES if value.flag else NO
    return value.text or EMPTY_DISPLAY


def cell_value(value: Parsed) -> object:
    """What the «Giá trị» cell holds for a stored value: a number (whole numbers as int), «Có»/«Không», text."""
    if value.number is not None:
        number = value.number.normalize()
        return int(number) if number == number.to_integral_value() else number
    if value.flag is not None:
        return YES if value.flag else NO
    return value.text or None


def restore_text(text: str) -> str:
    """Undo the apostrophe that neutralised formula-like text on export."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _nfc(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return unicodedata.normalize("NFC", restore_text(str(raw))).strip()


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _version(raw: object) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if raw >= 0 else None
    if isinstance(raw, float) and raw.is_integer() and raw >= 0:
        return int(raw)
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip())
    return None


# The comparison ------------------------------------------------------------------------------------------------


def check_meta(meta: Mapping[str, str] | None, *, submission_id: int) -> list[Problem]:
    """The file must be a form downloaded from this system for this very report."""
    if meta is None:
        return [
            Problem(
                SHEET_NAME,
                None,
                None,
                "Tệp không phải biểu mẫu tải từ hệ thống (thiếu phần thông tin ẩn của biểu mẫu). "
                "Hãy tải biểu mẫu Excel từ trang báo cáo rồi nhập số liệu vào đó.",
            )
        ]
    if meta.get(META_FORMAT) != FORMAT_VERSION:
        return [
            Problem(
                SHEET_NAME,
                None,
                None,
                "Biểu mẫu thuộc phiên bản khác của hệ thống: hãy tải lại biểu mẫu Excel từ trang báo cáo.",
            )
        ]
    if meta.get(META_SUBMISSION) != str(submission_id):
        described = " — ".join(v for v in (meta.get(META_UNIT), meta.get(META_DATA_SET), meta.get(META_PERIOD)) if v)
        return [
            Problem(
                SHEET_NAME,
                None,
                None,
                f"Tệp này là biểu mẫu của báo cáo khác ({described or 'không rõ'}), không phải báo cáo đang mở. "
                "Hãy chọn đúng tệp, hoặc tải biểu mẫu của báo cáo này.",
            )
        ]
    return []


def check_header(header: tuple[object, ...] | None) -> list[Problem]:
    """Every column must be where the form put it: a moved or deleted column would shift every value."""
    if header is None:
        return [
            Problem(
                SHEET_NAME,
                None,
                None,
                f"Tệp không có trang «{SHEET_NAME}» của biểu mẫu: đừng đổi tên hay xóa trang này.",
            )
        ]
    problems = []
    for col in Col:
        found = _nfc(header[col - 1]) if col - 1 < len(header) else ""
        if found != col.header:
            problems.append(
                Problem(
                    SHEET_NAME,
                    HEADER_ROW,
                    col.letter,
                    f"Ô {col.letter}{HEADER_ROW} phải là «{col.header}», không phải «{found or EMPTY_DISPLAY}»: "
                    "tệp không đúng mẫu (có thể đã chèn, xóa hay đổi chỗ cột). Hãy nhập vào biểu mẫu tải về.",
                )
            )
    return problems


def compare(
    uploaded: UploadedWorkbook,
    *,
    form: Sequence[FormLine],
    stored: Mapping[Key, StoredValue],
    submission_id: int,
) -> Comparison:
    """Every cell of the upload that differs from the report, every problem that stops the file, and what to
    save. Unchanged lines produce nothing, so the same file applied twice changes nothing the second time."""
    problems = check_meta(uploaded.meta, submission_id=submission_id)
    if problems:
        return Comparison(problems=tuple(problems))
    problems = check_header(uploaded.header)
    if problems:
        return Comparison(problems=tuple(problems))
    lines = {line.key: line for line in form}
    seen: dict[Key, int] = {}
    changes: list[Change] = []
    edits: list[Edit] = []
    for row in uploaded.rows:
        outcome = _compare_row(row, lines, stored, seen)
        problems.extend(outcome.problems)
        changes.extend(outcome.changes)
        edits.extend(outcome.edits)
    return Comparison(tuple(changes), tuple(problems), tuple(edits))


def _problem(row: SheetRow, col: Col, message: str) -> Comparison:
    return Comparison(problems=(Problem(SHEET_NAME, row.number, col.letter, message),))


def _compare_row(
    row: SheetRow, lines: Mapping[Key, FormLine], stored: Mapping[Key, StoredValue], seen: dict[Key, int]
) -> Comparison:
    code_cell, option_cell = row.cell(Col.INDICATOR_CODE), row.cell(Col.OPTION_CODE)
    value_cell, comment_cell = row.cell(Col.VALUE), row.cell(Col.COMMENT)
    if _is_blank(code_cell):
        if _is_blank(value_cell) and _is_blank(comment_cell):
            return Comparison()  # a heading, a note, an empty row
        return _problem(
            row,
            Col.VALUE if not _is_blank(value_cell) else Col.COMMENT,
            f"Dòng {row.number} không gắn với chỉ tiêu nào của biểu mẫu (thiếu mã ở cột ẩn "
            f"{Col.INDICATOR_CODE.letter}): đừng chèn dòng mới; nhập vào dòng có sẵn của chỉ tiêu.",
        )
    key: Key = (_nfc(code_cell), _nfc(option_cell) or None)
    line = lines.get(key)
    if line is None:
        option = f", phân tổ «{key[1]}»" if key[1] else ""
        return _problem(
            row,
            Col.INDICATOR_CODE,
            f"Mã chỉ tiêu «{key[0]}»{option} ở dòng {row.number} không có trong bộ chỉ tiêu của báo cáo này: "
            "đừng sửa các cột ẩn; hãy tải lại biểu mẫu.",
        )
    if key in seen:
        return _problem(
            row,
            Col.INDICATOR_CODE,
            f"«{line.label}» có hai dòng (dòng {seen[key]} và dòng {row.number}): hãy giữ một dòng.",
        )
    seen[key] = row.number
    version = _version(row.cell(Col.VERSION))
    if version is None:
        return _problem(
            row,
            Col.VERSION,
            f"Phiên bản ở cột ẩn {Col.VERSION.letter} của dòng {row.number} không hợp lệ: "
            "đừng sửa các cột ẩn; hãy tải lại biểu mẫu.",
        )
    problems: list[Problem] = []
    if isinstance(comment_cell, Formula):
        problems.append(
            Problem(
                SHEET_NAME,
                row.number,
                Col.COMMENT.letter,
                f"Ô {Col.COMMENT.letter}{row.number} chứa công thức «{comment_cell.text}»: hãy ghi chú bằng chữ.",
            )
        )
        comment = ""
    else:
        comment = _nfc(comment_cell)
    current = stored.get(key, StoredValue())
    new_value, value_problem = _read_value(row, line, value_cell, current)
    if value_problem is not None:
        problems.append(value_problem)
    if problems or new_value is None:
        return Comparison(problems=tuple(problems))
    value_changed = not line.is_computed and new_value != current.value
    comment_changed = comment != current.comment
    if not (value_changed or comment_changed):
        return Comparison()
    if version != current.version:
        column = Col.VALUE if value_changed else Col.COMMENT
        return _problem(
            row,
            column,
            f"«{line.label}» đã được sửa trên hệ thống sau khi tải tệp này (phiên bản trong tệp {version}, "
            f"hiện tại {current.version}): hãy tải lại biểu mẫu và nhập lại thay đổi.",
        )
    changes = []
    if value_changed:
        changes.append(
            Change(
                SHEET_NAME,
                row.number,
                Col.VALUE.letter,
                line.indicator_code,
                line.option_code,
                display(current.value),
                display(new_value),
                line.label,
            )
        )
    if comment_changed:
        changes.append(
            Change(
                SHEET_NAME,
                row.number,
                Col.COMMENT.letter,
                line.indicator_code,
                line.option_code,
                current.comment or EMPTY_DISPLAY,
                comment or EMPTY_DISPLAY,
                line.label,
            )
        )
    edit = Edit(
        row=row.number,
        indicator_code=line.indicator_code,
        option_code=line.option_code,
        value=current.value if line.is_computed else new_value,
        comment=comment,
        expected_version=version,
        computed=line.is_computed,
    )
    return Comparison(changes=tuple(changes), edits=(edit,))


def _read_value(
    row: SheetRow, line: FormLine, raw: object, current: StoredValue
) -> tuple[Parsed | None, Problem | None]:
    """The typed value of the «Giá trị» cell, or the problem with it."""
    where = f"{Col.VALUE.letter}{row.number}"

    def refuse(message: str) -> tuple[Parsed | None, Problem | None]:
        return None, Problem(SHEET_NAME, row.number, Col.VALUE.letter, message)

    if line.is_computed:
        # A rate or the total of a breakdown is computed by the system: whatever the cell holds is not read, so the
        # same file uploaded again (after its numerator changed, say) still changes nothing.
        return current.value, None
    if isinstance(raw, Formula):
        return refuse(f"Ô {where} chứa công thức «{raw.text}»: hãy nhập giá trị, không nhập công thức.")
    try:
        return parse_value(line.value_type, _nfc(raw) if isinstance(raw, str) else raw, indicator=line.label), None
    except DomainError as exc:
        return refuse(f"Ô {where}: {exc.message}")
