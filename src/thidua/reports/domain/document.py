"""The plain document model of a report: what the figures and the narrative say, gathered once, before any format.

The .docx, .xlsx and .pdf renderers all read this one model, so the three files never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from thidua.core.domain.documents import recipient_lines as recipient_lines  # re-exported
from thidua.reports.domain.layout import number_text, percent_text, signed_text

Cell = str | int | Decimal | None


class ColumnKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"
    CHANGE = "change"  # «+12», «-3»
    CHANGE_PERCENT = "change_percent"  # «+5,3%»


@dataclass(frozen=True)
class Column:
    label: str
    kind: ColumnKind = ColumnKind.TEXT
    width: float = 1.0  # relative width in the .docx table and the .xlsx sheet


def cell_text(value: Cell, kind: ColumnKind) -> str:
    """How a cell reads in the document: 1.799, 93,5%, «—» for none."""
    if value is None:
        return "—" if kind is not ColumnKind.TEXT else ""
    if isinstance(value, str):
        return value
    if kind is ColumnKind.PERCENT:
        return percent_text(value)
    if kind is ColumnKind.CHANGE:
        return signed_text(value)
    if kind is ColumnKind.CHANGE_PERCENT:
        return signed_text(value, percent=True)
    return number_text(value)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: «I. ĐẶC ĐIỂM TÌNH HÌNH»; 2: «1. Công tác lãnh đạo ...»


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Table:
    """A table; ``group`` rows (a text in the first cell only) print as a heading row across the table."""

    sheet: str  # the worksheet name in the .xlsx (at most 31 characters)
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    groups: frozenset[int] = frozenset()  # indexes of group rows

    def texts(self) -> list[list[str]]:
        return [
            [cell_text(value, column.kind) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]


@dataclass(frozen=True)
class Chart:
    caption: str
    png: bytes


Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Signer:
    authority: str  # «TM. CỤM THI ĐUA SỐ 6», «KT. GIÁM ĐỐC»
    title: str  # «CỤM TRƯỞNG», «PHÓ GIÁM ĐỐC»
    name: str


@dataclass(frozen=True)
class Appendix:
    title: str
    blocks: tuple[Block, ...]


@dataclass
class ReportDocument:
    governing_body: str  # «BỘ CÔNG AN»
    issuer: str  # «CỤM THI ĐUA SỐ 6», «CÔNG AN TỈNH NGHỆ AN»
    number_line: str  # «Số: 05/BC-CTĐ»
    place_date: str  # «Nghệ An, ngày 05 tháng 01 năm 2026»
    title: str  # «BÁO CÁO»
    summary: str  # trích yếu
    day: date
    blocks: list[Block] = field(default_factory=list)
    signer: Signer = Signer("", "", "")
    recipients: list[str] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    demo: bool = False

    def tables(self) -> list[Table]:
        """Every table of the body and the appendices, in reading order (the sheets of the .xlsx)."""
        found = [b for b in self.blocks if isinstance(b, Table)]
        for appendix in self.appendices:
            found += [b for b in appendix.blocks if isinstance(b, Table)]
        return found


def recipients_from_text(text: str) -> list[str]:
    """One recipient a line, without the leading dash and the trailing «;» or «.» the document adds back."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-–•").strip().rstrip(";.").strip()
        if line:
            lines.append(line)
    return lines
