"""Every list a user can see exports to XLSX (openpyxl), with formula-like text neutralised."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is stored as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def xlsx_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    # The row number is counted here: openpyxl's ``sheet.max_row`` rescans the sheet, which made exports quadratic.
    for row_number, row in enumerate(rows, start=2):
        values = [safe_cell(v) for v in row]
        sheet.append(values)
        for i, value in enumerate(values):
            if isinstance(value, date):
                sheet.cell(row=row_number, column=i + 1).number_format = "DD/MM/YYYY"
            elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                sheet.cell(row=row_number, column=i + 1).number_format = "#,##0.##"
            widths[i] = max(widths[i], min(60, len(str(value)) if value is not None else 0))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def wants_xlsx(request: Any) -> bool:
    return bool(request.GET.get("format") == "xlsx")
