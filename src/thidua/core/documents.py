"""Word documents laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I asks (DOMAIN.md section 7), shared by the tally
minutes, the reports and the commendation dossiers: A4, margins 20/20/30/15 mm, Times New Roman, page numbers centred
at the top from page 2, the two-column header (governing body over the issuing unit with a short rule; the national
title over the underlined motto; number, place and date below), the title and summary line, the signer block and
«Nơi nhận:». The wording rules (date text, recipient lines) are in ``thidua.core.domain.documents``."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.core.domain.documents import PLACEHOLDER, recipient_lines, vietnamese_date

__all__ = [
    "BODY_SIZE",
    "FONT",
    "MARGINS",
    "PARAGRAPH_GAP",
    "PLACEHOLDER",
    "TABLE_SIZE",
    "cell_paragraph",
    "grid",
    "national_header",
    "new_document",
    "no_borders",
    "page_number_header",
    "paragraph",
    "recipient_lines",
    "recipients",
    "save",
    "set_font",
    "short_rule",
    "signature",
    "title_lines",
    "vietnamese_date",
]

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(13)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
PARAGRAPH_GAP = Pt(6)  # at least 6 pt between paragraphs
HEADER_WIDTHS = (Cm(6.5), Cm(10))


def set_font(run: Any, size: Any, *, bold: bool = False, italic: bool = False, underline: bool = False) -> Any:
    run.font.name = FONT
    run.font.size = size
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    # Word picks the East Asian font slot for some Vietnamese letters unless it is set too.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def paragraph(
    container: Any,
    text: str = "",
    *,
    size: Any = BODY_SIZE,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    indent: bool = False,
    after: Any = PARAGRAPH_GAP,
) -> Any:
    """A body paragraph: justified, 14 pt, 6 pt after; ``indent`` adds the 1 cm first-line indent."""
    added = container.add_paragraph()
    added.alignment = align
    fmt = added.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = after
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        set_font(added.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return added


def cell_paragraph(cell: Any, text: str, **kwargs: Any) -> Any:
    """A centred line in a table cell (the cell's own empty first paragraph is dropped first)."""
    kwargs.setdefault("align", WD_ALIGN_PARAGRAPH.CENTER)
    kwargs.setdefault("after", Pt(0))
    first = cell.paragraphs[0]
    if not first.runs and not first.text:
        first._element.getparent().remove(first._element)
    return paragraph(cell, text, **kwargs)


def short_rule(cell: Any, width: Any) -> None:
    """The short line under the issuing unit and under the national motto."""
    line = paragraph(cell, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(6), size=Pt(4))
    side = max(((cell.width or Cm(7)) - width) // 2, 0)
    line.paragraph_format.left_indent = side
    line.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    line._p.get_or_add_pPr().append(borders)


def _table_borders(table: Any, attributes: dict[str, str]) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in attributes.items():
            element.set(qn(key), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def no_borders(table: Any) -> None:
    """A layout table (header, signers): no lines."""
    _table_borders(table, {"w:val": "nil"})


def grid(table: Any) -> None:
    """A data table: thin single lines around every cell."""
    _table_borders(table, {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"})


def page_number_header(section: Any) -> None:
    """Page numbers centred at the top, from page 2 (the first page has its own, empty header)."""
    section.different_first_page_header_footer = True
    line = section.header.paragraphs[0]
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = set_font(line.add_run(), BODY_SIZE)
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


def new_document(*, landscape: bool = False, header_distance: Any = None) -> Any:
    """An empty document: Times New Roman 14 pt, A4 (portrait unless ``landscape``), the decree's margins and the
    page numbers."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    if header_distance is not None:
        section.header_distance = header_distance
    page_number_header(section)
    return document


def national_header(
    document: Any,
    *,
    governing_body: str,
    issuer: str,
    number_line: str,
    place_date: str,
    widths: tuple[Any, Any] = HEADER_WIDTHS,
) -> None:
    """The two-column header: governing body (if any) over the issuing unit (bold) and a short rule on the left; the
    national title over the underlined motto on the right; «Số: ...» and the place and date (italics) below."""
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    header.autofit = False
    no_borders(header)
    for column, width in zip(header.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice follows
    for row in header.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    left, right = header.rows[0].cells
    if governing_body:  # a decision issued by a unit in its own name has none
        cell_paragraph(left, governing_body, size=Pt(13))
    cell_paragraph(left, issuer, size=Pt(13), bold=True)
    short_rule(left, Cm(2.5))
    cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(13), bold=True)
    cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=Pt(14), bold=True, underline=True)
    number_cell, date_cell = header.rows[1].cells
    cell_paragraph(number_cell, number_line, size=Pt(13))
    cell_paragraph(date_cell, place_date, size=Pt(14), italic=True)


def title_lines(document: Any, title: str, summary: str) -> None:
    """The document's name («BÁO CÁO», «BIÊN BẢN KIỂM PHIẾU») and the summary line, bold and centred."""
    paragraph(document, after=Pt(0))
    paragraph(document, title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(0))
    paragraph(document, summary, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(12))


def signature(cell: Any, titles: Sequence[str], name: str, *, note: str = "", blank_lines: int = 3) -> None:
    """A signer in a layout-table cell: the authority and title lines (bold), the italic note such as «(Ký, ghi rõ họ
    tên)», room to sign, and the name (bold)."""
    for title in titles:
        cell_paragraph(cell, title, bold=True)
    if note:
        cell_paragraph(cell, note, size=Pt(13), italic=True)
    for _ in range(blank_lines):
        cell_paragraph(cell, "")
    cell_paragraph(cell, name, bold=True)


def recipients(container: Any, items: list[str], *, in_cell: bool = False) -> None:
    """«Nơi nhận:» (12 pt bold italic) then one line a recipient (11 pt), as ``recipient_lines`` words them; in a
    layout-table cell beside the signer, or as paragraphs of the document."""
    add = cell_paragraph if in_cell else paragraph
    add(container, "Nơi nhận:", size=Pt(12), bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=Pt(0))
    for line in recipient_lines(items):
        add(container, line, size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT, after=Pt(0))


def save(document: Any) -> bytes:
    out = BytesIO()
    document.save(out)
    return out.getvalue()
