"""Layout and wording rules of a báo cáo sơ kết / tổng kết (Nghị định 30/2020/NĐ-CP, Phụ lục I and III; DOMAIN.md
section 7): the date line, the document number, the section numbering, the title and summary line (trích yếu), and how
figures are written in the tables (DOMAIN.md section 8)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from thidua.core.domain.documents import vietnamese_date
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number

# Phụ lục III: abbreviations of the document types.
DOCUMENT_TYPES = {
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
}
NUMBER_PLACEHOLDER = "      "  # left blank for the clerk to write the number by hand (văn thư cấp số)
_NUMBER = re.compile(r"^(?P<n>\d{1,4})?/(?P<type>[^\W\d_]+)(?:-(?P<issuer>[\w.\-]+))?$")


class ReportKind(StrEnum):
    """Sơ kết 6 tháng (half year) or tổng kết năm (year)."""

    HALF_YEAR = "so_ket"
    YEAR = "tong_ket"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def period_kind(self) -> str:
        """The kind of reporting period the report covers (indicators' period kinds)."""
        return "half_year" if self is ReportKind.HALF_YEAR else "year"


KIND_LABELS = {ReportKind.HALF_YEAR: "Báo cáo sơ kết 6 tháng", ReportKind.YEAR: "Báo cáo tổng kết năm"}
CLI_KINDS = {"so-ket": ReportKind.HALF_YEAR, "tong-ket": ReportKind.YEAR}


def place_and_date(place: str, day: date) -> str:
    """«Nghệ An, ngày 05 tháng 01 năm 2026» (printed in italics under the national motto)."""
    place = unicodedata.normalize("NFC", place).strip() or "…………"
    return f"{place}, {vietnamese_date(day)}"


def document_number(raw: str, *, default_issuer: str = "") -> str:
    """The number line «Số: 05/BC-CAT» from what the secretariat typed («05/BC-CAT», «5/BC-CAT» or «/BC-CAT»).

    A number below 10 gets its leading zero (Phụ lục I); a blank number leaves room for the clerk. A blank field
    gives «Số:       /BC-<issuer>». The type must be one of Phụ lục III's abbreviations.
    """
    text = unicodedata.normalize("NFC", raw).strip().replace(" ", "")
    if text.lower().startswith("số:"):
        text = text[3:]
    if not text:
        suffix = f"-{default_issuer}" if default_issuer else ""
        return f"Số: {NUMBER_PLACEHOLDER}/BC{suffix}"
    match = _NUMBER.match(text)
    if match is None:
        raise DomainError(
            f"Số văn bản «{raw.strip()}» không đúng dạng «05/BC-CAT» (số/loại văn bản-cơ quan ban hành).",
            field="number",
        )
    kind = match["type"]
    if kind not in DOCUMENT_TYPES:
        allowed = ", ".join(DOCUMENT_TYPES)
        raise DomainError(
            f"Loại văn bản «{kind}» trong số văn bản không có trong Phụ lục III (dùng một trong: {allowed}).",
            field="number",
        )
    number = f"{int(match['n']):02d}" if match["n"] else NUMBER_PLACEHOLDER
    issuer = f"-{match['issuer']}" if match["issuer"] else (f"-{default_issuer}" if default_issuer else "")
    return f"Số: {number}/{kind}{issuer}"


_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number: int) -> str:
    """Section numbers I, II, III, IV, V of the outline (1 to 39)."""
    if not 0 < number < 40:
        raise ValueError("section numbers run from 1 to 39")
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def section_heading(number: int, title: str) -> str:
    """«II. KẾT QUẢ THỰC HIỆN»: Roman number, title in capitals."""
    return f"{roman(number)}. {title.upper()}"


def subsection_heading(number: int, title: str) -> str:
    """«2. Kết quả thực hiện các nội dung, chỉ tiêu thi đua»."""
    return f"{number}. {title}"


def appendix_heading(number: int, title: str) -> str:
    return f"Phụ lục {roman(number)}. {title.upper()}"


def period_phrase(kind: ReportKind, year: int) -> str:
    """«6 tháng đầu năm 2026» or «năm 2025»."""
    return f"6 tháng đầu năm {year}" if kind is ReportKind.HALF_YEAR else f"năm {year}"


def direction_heading(kind: ReportKind, year: int) -> str:
    """Section IV: the next period's tasks (6 tháng cuối năm, or the next year)."""
    if kind is ReportKind.HALF_YEAR:
        return f"Phương hướng, nhiệm vụ 6 tháng cuối năm {year}"
    return f"Phương hướng, nhiệm vụ năm {year + 1}"


def summary_line(kind: ReportKind, year: int, issuer_name: str, movement: str = "Vì an ninh Tổ quốc") -> str:
    """The trích yếu under «BÁO CÁO»."""
    verb = "Sơ kết" if kind is ReportKind.HALF_YEAR else "Tổng kết"
    return f"{verb} phong trào thi đua “{movement}” {period_phrase(kind, year)} của {issuer_name}"


def outline(kind: ReportKind, year: int, *, cluster_report: bool) -> list[tuple[str, list[str]]]:
    """The usual outline of DOMAIN.md section 7: top-level sections with their numbered subsections."""
    activities = "Hoạt động của cụm thi đua" if cluster_report else "Tham gia hoạt động của cụm thi đua"
    return [
        (section_heading(1, "Đặc điểm tình hình"), []),
        (
            section_heading(2, "Kết quả thực hiện"),
            [
                subsection_heading(1, "Công tác lãnh đạo, chỉ đạo, tổ chức phong trào thi đua"),
                subsection_heading(2, "Kết quả thực hiện các nội dung, chỉ tiêu thi đua"),
                subsection_heading(3, "Nhân tố mới, điển hình tiên tiến, mô hình hiệu quả, cách làm hay"),
                subsection_heading(4, "Công tác khen thưởng"),
                subsection_heading(5, activities),
            ],
        ),
        (section_heading(3, "Đánh giá chung"), []),
        (section_heading(4, direction_heading(kind, year)), []),
        (section_heading(5, "Đề xuất, kiến nghị"), []),
    ]


def place_from_unit_name(name: str) -> str:
    """The place name of a provincial police: «Công an tỉnh Nghệ An» -> «Nghệ An»."""
    for prefix in ("Công an tỉnh ", "Công an thành phố ", "Công an "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# Figures in the tables -------------------------------------------------------------------------------------------


def rounded(value: Decimal | int | None, places: int = 2) -> Decimal | None:
    """Figures in documents carry at most ``places`` decimals (half up)."""
    if value is None:
        return None
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP).normalize()


def number_text(value: Decimal | int | None) -> str:
    """1.799 / 93,5 / «—» when there is no figure."""
    return format_number(rounded(value))


def percent_text(value: Decimal | int | None) -> str:
    """«93,5%» (one decimal at most); «—» when there is none."""
    if value is None:
        return "—"
    return f"{format_number(rounded(value, 1))}%"


def signed_text(value: Decimal | int | None, *, percent: bool = False) -> str:
    """A change against the same period last year: «+12», «-3», «+5,3%», «0»."""
    if value is None:
        return "—"
    figure = rounded(value, 1 if percent else 2)
    assert figure is not None  # noqa: S101 - value is not None
    text = format_number(abs(figure)) + ("%" if percent else "")
    if figure > 0:
        return f"+{text}"
    if figure < 0:
        return f"-{text}"
    return text


def change_text(change: Decimal | int | None, change_percent: Decimal | int | None) -> str:
    """«+12 (+5,3%)»: the change in units and in percent of last year's figure."""
    if change is None:
        return "—"
    if change_percent is None:
        return signed_text(change)
    return f"{signed_text(change)} ({signed_text(change_percent, percent=True)})"


def file_name(kind: ReportKind, issuer_code: str, period_code: str, extension: str) -> str:
    """«bao-cao-so-ket-CUM6-2026S1.docx»: ASCII only, so every browser and mail system keeps it."""
    stem = "bao-cao-so-ket" if kind is ReportKind.HALF_YEAR else "bao-cao-tong-ket"
    safe = re.sub(r"[^A-Za-z0-9]+", "-", issuer_code).strip("-") or "don-vi"
    return f"{stem}-{safe}-{period_code}.{extension}"
