"""The report as a Word document laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I asks (DOMAIN.md section 7).

A4 portrait; margins 20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman; page numbers centred at the top
from page 2; the two-column header («BỘ CÔNG AN» over the issuing unit, the national title over the motto), the
number, place and date in italics, «BÁO CÁO» and the summary line, the body at 14 pt justified with a 1 cm first-line
indent and 6 pt between paragraphs, tables at 12 pt, the signer block beside «Nơi nhận:», then the appendices.

Large tables (a 15-unit cluster with 150 indicators has 2,400 rows) are written as WordprocessingML directly: building
them cell by cell through python-docx's object model costs seconds.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Mm, Pt

from thidua.core.documents import (
    FONT,
    national_header,
    new_document,
    no_borders,
    recipients,
    save,
    signature,
    title_lines,
)
from thidua.core.documents import paragraph as _paragraph
from thidua.reports.domain.document import Chart, ColumnKind, Heading, Paragraph, ReportDocument, Table

TABLE_HALF_POINTS = 24  # 12 pt
TEXT_WIDTH_TWIPS = round((210 - 30 - 15) / 25.4 * 1440)  # A4 width minus the side margins


# Fast tables -------------------------------------------------------------------------------------------------------

_RUN_PROPS = (
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    "{bold}"
    f'<w:sz w:val="{TABLE_HALF_POINTS}"/><w:szCs w:val="{TABLE_HALF_POINTS}"/>'
)
_BORDER = '<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


def _cell_xml(text: str, width: int, *, align: str, bold: bool = False, span: int = 1) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    run = ""
    if text:
        props = _RUN_PROPS.replace("{bold}", "<w:b/>" if bold else "")
        run = f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="20" w:after="20"/><w:jc w:val="{align}"/></w:pPr>{run}</w:p></w:tc>'
    )


def table_xml(table: Table) -> str:
    """The table as one ``w:tbl`` element: bordered, fixed layout, header row repeated on every page."""
    total = sum(c.width for c in table.columns)
    widths = [int(TEXT_WIDTH_TWIPS * c.width / total) for c in table.columns]
    borders = "".join(_BORDER.format(edge=e) for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    parts = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr><w:tblGrid>",
        "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
        "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>",
        "".join(_cell_xml(c.label, w, align="center", bold=True) for c, w in zip(table.columns, widths, strict=True)),
        "</w:tr>",
    ]
    aligns = ["left" if c.kind is ColumnKind.TEXT else "right" for c in table.columns]
    aligns[0] = "center"
    for index, texts in enumerate(table.texts()):
        if index in table.groups:
            group = _cell_xml(texts[0], sum(widths), align="left", bold=True, span=len(widths))
            parts.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{group}</w:tr>")
            continue
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.append("".join(_cell_xml(t, w, align=a) for t, w, a in zip(texts, widths, aligns, strict=True)))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _append_table(document: Any, table: Table, spliced: list[str]) -> None:
    """A caption, then a placeholder paragraph that ``render_docx`` replaces with the table's XML in the saved file
    (moving a 2,400-row tree into python-docx's document and serialising it back costs more than writing it)."""
    if table.caption:
        _paragraph(document, table.caption, size=Pt(13), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(4))
    document.add_paragraph().add_run(_marker(len(spliced)))
    spliced.append(table_xml(table))
    _paragraph(document, after=Pt(0))


def _marker(index: int) -> str:
    return f"@@THIDUA-TABLE-{index}@@"


def _splice(content: bytes, spliced: list[str]) -> bytes:
    """Replace each placeholder paragraph of ``word/document.xml`` by its table."""
    source = zipfile.ZipFile(BytesIO(content))
    xml = source.read("word/document.xml").decode("utf-8")
    for index, table in enumerate(spliced):
        at = xml.index(_marker(index))
        start = xml.rindex("<w:p>", 0, at)
        end = xml.index("</w:p>", at) + len("</w:p>")
        xml = xml[:start] + table + xml[end:]
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            data = xml.encode("utf-8") if info.filename == "word/document.xml" else source.read(info.filename)
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


# The document ------------------------------------------------------------------------------------------------------


def _header(document: Any, report: ReportDocument) -> None:
    national_header(
        document,
        governing_body=report.governing_body,
        issuer=report.issuer,
        number_line=report.number_line,
        place_date=report.place_date,
        widths=(Cm(6.3), Cm(10.2)),
    )
    title_lines(document, report.title, report.summary)


def _blocks(document: Any, blocks: Any, spliced: list[str]) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _paragraph(document, block.text, bold=True, indent=True)
        elif isinstance(block, Paragraph):
            _paragraph(document, block.text, italic=block.italic, indent=True)
        elif isinstance(block, Table):
            _append_table(document, block, spliced)
        elif isinstance(block, Chart):
            document.add_picture(BytesIO(block.png), width=Cm(15))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _paragraph(document, block.caption, size=Pt(13), align=WD_ALIGN_PARAGRAPH.CENTER, italic=True)


def _closing(document: Any, report: ReportDocument) -> None:
    """«Nơi nhận:» with the recipients on the left, the signer on the right (Phụ lục I)."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    no_borders(table)
    left, right = table.rows[0].cells
    table.columns[0].width, table.columns[1].width = Cm(8), Cm(8.5)
    left.width, right.width = Cm(8), Cm(8.5)
    recipients(left, report.recipients, in_cell=True)
    titles = [report.signer.authority] if report.signer.authority else []
    signature(right, [*titles, report.signer.title], report.signer.name, blank_lines=4)


def _appendices(document: Any, report: ReportDocument, spliced: list[str]) -> None:
    for appendix in report.appendices:
        page_break = _paragraph(document, after=Pt(0))
        page_break.add_run().add_break(WD_BREAK.PAGE)
        _paragraph(document, appendix.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(0))
        number = report.number_line.removeprefix("Số: ").strip()
        _paragraph(
            document,
            f"(Kèm theo Báo cáo số {number} {report.place_date.split(', ', 1)[-1]})",
            size=Pt(13),
            align=WD_ALIGN_PARAGRAPH.CENTER,
            italic=True,
        )
        _blocks(document, appendix.blocks, spliced)


def render_docx(report: ReportDocument) -> bytes:
    document = new_document(header_distance=Mm(10))
    _header(document, report)
    spliced: list[str] = []
    _blocks(document, report.blocks, spliced)
    _paragraph(document, after=Pt(0))
    _closing(document, report)
    _appendices(document, report, spliced)
    return _splice(save(document), spliced)
