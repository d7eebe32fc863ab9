"""The tally minutes (biên bản kiểm phiếu) as a Word document, laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I asks
(DOMAIN.md section 7): A4 portrait, Times New Roman, margins 20/20/30/15 mm, the two-column header, place and date in
italics with leading zeros, the title, the body justified with a first-line indent, the signers and "Nơi nhận"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from io import BytesIO
from typing import Any

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.core.domain.numbers import format_number
from thidua.organisations.selectors import unit_names_on
from thidua.voting.domain.tally import Tally, percent
from thidua.voting.selectors import Results, reference_day

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(13)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
PLACEHOLDER = "…………"
PARAGRAPH_GAP = Pt(6)  # at least 6 pt between paragraphs


def vietnamese_date(day: date) -> str:
    """«ngày 05 tháng 01 năm 2026»: with leading zeros, as Phụ lục I writes it."""
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


@dataclass(frozen=True)
class MinutesData:
    governing_body: str  # «BỘ CÔNG AN», or the provincial police for an internal cluster
    issuer: str  # «CỤM THI ĐUA SỐ 6»
    number: str  # «Số: 01/BB-CTĐ»; blank: left to fill in by hand
    place: str
    day: date
    title: str  # the ballot's content, printed as the summary line
    cluster: str  # «Cụm thi đua số 6 năm 2025»
    rules: str
    threshold_label: str
    denominator_label: str
    tally: Tally
    names: dict[int, str]  # candidate id -> unit name
    teller_chair: str = ""
    teller_secretary: str = ""
    recipients: list[str] = field(default_factory=list)


def minutes_from_results(results: Results) -> MinutesData:
    ballot = results.ballot
    edition = ballot.edition
    owner = edition.cluster.owner
    day = ballot.held_on or (timezone.localdate(ballot.closed_at) if ballot.closed_at else timezone.localdate())
    owner_name = unit_names_on([owner], reference_day(ballot)).get(owner.pk, str(owner))
    return MinutesData(
        governing_body=owner_name.upper(),
        issuer=edition.cluster.name.upper(),
        number=ballot.document_number,
        place=ballot.place,
        day=day,
        title=ballot.title,
        cluster=str(edition),
        rules=ballot.rules.describe(),
        threshold_label=ballot.threshold.label,
        denominator_label=ballot.rules.denominator.label,
        tally=results.tally,
        names=results.names,
        teller_chair=ballot.teller_chair,
        teller_secretary=ballot.teller_secretary,
        recipients=[
            f"Các đơn vị thành viên {edition.cluster.name}",
            "Cơ quan thường trực thi đua, khen thưởng (để báo cáo)",
            "Lưu: VT, Cụm",
        ],
    )


# Layout helpers ---------------------------------------------------------------------------------------------------


def _set_font(run: Any, size: Pt, *, bold: bool = False, italic: bool = False, underline: bool = False) -> Any:
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    # Word picks the East Asian font slot for some Vietnamese letters unless it is set too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _paragraph(
    container: Any,
    text: str = "",
    *,
    size: Pt = BODY_SIZE,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    indent: bool = False,
    after: Pt = PARAGRAPH_GAP,
) -> Any:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = after
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _cell_paragraph(cell: Any, text: str, **kwargs: Any) -> Any:
    """A centred line in a table cell (the cell's own first paragraph is used first)."""
    kwargs.setdefault("align", WD_ALIGN_PARAGRAPH.CENTER)
    kwargs.setdefault("after", Pt(0))
    first = cell.paragraphs[0]
    if not first.runs and not first.text:
        first._element.getparent().remove(first._element)
    return _paragraph(cell, text, **kwargs)


def _short_rule(cell: Any, width: Cm) -> None:
    """The short line under the issuing unit and under the national motto."""
    paragraph = _paragraph(cell, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(6), size=Pt(4))
    cell_width = cell.width or Cm(7)
    side = max((cell_width - width) // 2, 0)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table: Any) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _grid(table: Any) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    properties.append(borders)


def _page_number_header(section: Any) -> None:
    """Page numbers centred at the top, from page 2 (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _set_font(paragraph.add_run(), BODY_SIZE)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


# The document -----------------------------------------------------------------------------------------------------


def minutes_docx(data: MinutesData) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    _page_number_header(section)

    # Header: governing body over issuer (left), national title over motto (right); number, place and date below.
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    _no_borders(header)
    widths = (Cm(6.5), Cm(10))
    for row in header.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left, right = header.rows[0].cells
    _cell_paragraph(left, data.governing_body, size=Pt(13))
    _cell_paragraph(left, data.issuer, size=Pt(13), bold=True)
    _short_rule(left, Cm(2.5))
    _cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(13), bold=True)
    _cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=Pt(14), bold=True, underline=True)
    number_cell, date_cell = header.rows[1].cells
    _cell_paragraph(number_cell, f"Số: {data.number}" if data.number else f"Số: {PLACEHOLDER}/BB", size=Pt(13))
    _cell_paragraph(date_cell, f"{data.place or PLACEHOLDER}, {vietnamese_date(data.day)}", size=Pt(14), italic=True)

    _paragraph(document, after=Pt(0))
    _paragraph(document, "BIÊN BẢN KIỂM PHIẾU", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(0))
    _paragraph(document, data.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(12))

    tally = data.tally
    turnout = format_number(percent(Fraction(tally.cast, tally.roll_size))) if tally.roll_size else "0"
    least = tally.minimum_votes
    body = [
        f"Hôm nay, {vietnamese_date(data.day)}, {data.cluster} tổ chức bỏ phiếu kín: {data.title}.",
        f"Quy định bỏ phiếu: {data.rules}",
        "Ban kiểm phiếu đã tiến hành kiểm phiếu, kết quả như sau:",
        f"- Số cử tri trong danh sách: {tally.roll_size};",
        f"- Số cử tri đã bỏ phiếu (số phiếu thu vào): {tally.cast}, bằng {turnout}% số cử tri trong danh sách;",
        f"- Số phiếu hợp lệ: {tally.valid} (trong đó phiếu trắng: {tally.blank}); "
        f"số phiếu không hợp lệ: {tally.invalid};",
        f"- Tỷ lệ tính trên {data.denominator_label}: {tally.base}; để đạt {data.threshold_label}, đơn vị cần "
        + (
            f"ít nhất {least} phiếu đồng ý."
            if least is not None
            else "nhiều phiếu hơn số có thể có: không đơn vị nào đạt."
        ),
        "Số phiếu đồng ý của từng đơn vị:",
    ]
    for text in body:
        _paragraph(document, text, indent=True)

    table = document.add_table(rows=1, cols=5)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _grid(table)
    headings = ("STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)", "Kết quả")
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        _cell_paragraph(cell, text, size=TABLE_SIZE, bold=True)
    for number, result in enumerate(tally.results, start=1):
        cells = table.add_row().cells
        values = (
            str(number),
            data.names[result.candidate],
            str(result.votes),
            format_number(result.percent) if result.percent is not None else "—",
            result.outcome.label,
        )
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if i in (1, 4) else WD_ALIGN_PARAGRAPH.CENTER
            _cell_paragraph(cell, text, size=TABLE_SIZE, align=align)

    _paragraph(document, after=Pt(0))
    elected = [data.names[c] for c in tally.elected]
    if elected:
        conclusion = (
            f"Kết luận: {len(elected)} đơn vị đạt {data.threshold_label} {data.denominator_label} và được suy tôn "
            f"(số lượng suy tôn: {tally.rules.seats}): {', '.join(elected)}."
        )
    else:
        conclusion = "Kết luận: không có đơn vị nào được suy tôn ở lần bỏ phiếu này."
    _paragraph(document, conclusion, indent=True)
    if tally.tied:
        tied = [data.names[c] for c in tally.tied]
        votes = tally.totals[tally.tied[0]]
        _paragraph(
            document,
            f"Các đơn vị {', '.join(tied)} cùng đạt {votes} phiếu ở vị trí cuối trong khi chỉ còn "
            f"{tally.seats_left_for_tied} suất: chưa xác định đơn vị được suy tôn; đề nghị cụm xem xét, quyết định "
            "theo quy chế (bỏ phiếu lại giữa các đơn vị này).",
            indent=True,
        )
    _paragraph(
        document,
        "Biên bản được lập xong cùng ngày, đã thông qua trước các thành viên dự họp và nhất trí ký tên.",
        indent=True,
    )

    signers = document.add_table(rows=1, cols=2)
    signers.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(signers)
    for cell, (title, name) in zip(
        signers.rows[0].cells,
        (("THƯ KÝ", data.teller_secretary), ("TRƯỞNG BAN KIỂM PHIẾU", data.teller_chair)),
        strict=True,
    ):
        _cell_paragraph(cell, title, bold=True)
        _cell_paragraph(cell, "(Ký, ghi rõ họ tên)", size=Pt(13), italic=True)
        for _ in range(3):
            _cell_paragraph(cell, "")
        _cell_paragraph(cell, name or "", bold=True)

    _paragraph(document, after=Pt(0))
    _paragraph(document, "Nơi nhận:", size=Pt(12), bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=Pt(0))
    for i, recipient in enumerate(data.recipients):
        ending = "." if i == len(data.recipients) - 1 else ";"
        _paragraph(document, f"- {recipient}{ending}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT, after=Pt(0))

    out = BytesIO()
    document.save(out)
    return out.getvalue()
