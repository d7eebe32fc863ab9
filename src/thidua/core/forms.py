"""Parsing of query parameters shared by pages (dates typed dd/mm/yyyy)."""

from __future__ import annotations

from datetime import date, datetime

from thidua.core.domain.errors import DomainError


def parse_day(raw: str | None, *, field: str = "ngay") -> date | None:
    if not raw:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw.strip(), fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise DomainError(f"Ngày «{raw}» không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.", field=field)
