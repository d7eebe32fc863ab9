"""The report's tables as a workbook: one sheet per table of the document, the same rows, numbers kept as numbers."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from thidua.core.exports import safe_cell
from thidua.reports.domain.document import ColumnKind, ReportDocument, Table

NUMBER_FORMAT = "#,##0.##"
PERCENT_FORMAT = '0.0"%"'
FORMATS = {
    ColumnKind.PERCENT: PERCENT_FORMAT,
    ColumnKind.CHANGE: "+#,##0.##;-#,##0.##;0",
    ColumnKind.CHANGE_PERCENT: '+0.0"%";-0.0"%";0"%"',
}
_BOLD = Font(bold=True)


def _sheet_name(name: str, used: set[str]) -> str:
    base = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Bảng"
    candidate, n = base, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def _write_table(workbook: Workbook, table: Table, report: ReportDocument, used: set[str]) -> None:
    sheet = workbook.create_sheet(_sheet_name(table.sheet, used))
    for column, letter in zip(table.columns, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", strict=False):
        sheet.column_dimensions[letter].width = max(8, round(column.width * 12))
    title = WriteOnlyCell(sheet, value=safe_cell(table.caption))
    title.font = _BOLD
    sheet.append([title])
    sheet.append([safe_cell(f"{report.summary} ({report.number_line}; {report.place_date})")])
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.label)
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        header.append(cell)
    sheet.append(header)
    for index, row in enumerate(table.rows):
        if index in table.groups:
            cell = WriteOnlyCell(sheet, value=safe_cell(row[0]))
            cell.font = _BOLD
            sheet.append([cell])
            continue
        cells = []
        for value, column in zip(row, table.columns, strict=True):
            if isinstance(value, Decimal | int) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = FORMATS.get(column.kind, NUMBER_FORMAT)
            else:
                cell = WriteOnlyCell(sheet, value=safe_cell(value))
            cells.append(cell)
        sheet.append(cells)


def render_xlsx(report: ReportDocument) -> bytes:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    cover = workbook.create_sheet(_sheet_name("Báo cáo", used))
    for line in (
        report.governing_body,
        report.issuer,
        report.number_line,
        report.place_date,
        report.title,
        report.summary,
    ):
        cover.append([safe_cell(line)])
    for table in report.tables():
        _write_table(workbook, table, report, used)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
