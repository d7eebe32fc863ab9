"""Pure rules of personnel records: postings never overlap, choices typed by people, years and deadlines.

Intervals are half-open as everywhere in thidua: ``valid_to`` is the first day no longer valid, ``None`` open.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from thidua.core.domain.errors import DomainError

__all__ = [
    "Interval",
    "choice_from_text",
    "find_overlap",
    "format_day",
    "parse_year",
    "registration_timing",
]

MIN_YEAR = 1945
MAX_YEAR = 2100


def format_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Interval:
    """A posting's interval [valid_from, valid_to), with an identifier for messages (``key``)."""

    key: str
    valid_from: date
    valid_to: date | None = None

    def overlaps(self, other: Interval) -> bool:
        ends_after_other_starts = self.valid_to is None or self.valid_to > other.valid_from
        other_ends_after_start = other.valid_to is None or other.valid_to > self.valid_from
        return ends_after_other_starts and other_ends_after_start

    @property
    def text(self) -> str:
        end = "nay" if self.valid_to is None else f"trước {format_day(self.valid_to)}"
        return f"từ {format_day(self.valid_from)} đến {end}"


def find_overlap(intervals: Iterable[Interval]) -> tuple[Interval, Interval] | None:
    """The first pair of intervals sharing a day, in start order; ``None`` when none overlap."""
    ordered = sorted(intervals, key=lambda i: i.valid_from)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if first.overlaps(second):
                return first, second
    return None


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def choice_from_text(text: object, choices: Sequence[tuple[str, str]], *, what: str, field: str) -> str:
    """The stored value of a choice typed as its code or its Vietnamese label, case and spacing ignored.

    Refuses anything else with a message listing the accepted labels.
    """
    typed = _fold("" if text is None else str(text))
    for value, label in choices:
        if typed and typed in (_fold(value), _fold(label)):
            return value
    accepted = "; ".join(label for _, label in choices)
    shown = "" if text is None else str(text).strip()
    raise DomainError(f"{what} «{shown}» không hợp lệ: hãy dùng một trong các giá trị: {accepted}.", field=field)


def parse_year(value: object, *, field: str = "year", label: str = "Năm") -> int:
    """A year typed in a form or a cell: 2025, "2025", 2025.0 (Excel); refuses anything else."""
    if isinstance(value, bool):
        raise DomainError(f"{label} «{value}» không hợp lệ: hãy nhập năm gồm 4 chữ số, ví dụ 2025.", field=field)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise DomainError(f"{label} «{text}» không hợp lệ: hãy nhập năm gồm 4 chữ số, ví dụ 2025.", field=field)
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"{label} {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.", field=field)
    return year


def registration_timing(*, today: date, opens_on: date, deadline: date, year: int, late_allowed: bool) -> bool:
    """Whether a registration made ``today`` is on time; refuses it before the window opens, and after the
    deadline unless ``late_allowed`` (the emulation office, with a reason). The deadline day itself is on time."""
    if today < opens_on:
        raise DomainError(
            f"Đăng ký thi đua năm {year} mở từ ngày {format_day(opens_on)}: chưa đến thời gian đăng ký.",
            field="window",
        )
    if today <= deadline:
        return True
    if not late_allowed:
        raise DomainError(
            f"Đã hết hạn đăng ký thi đua năm {year} (hạn {format_day(deadline)}). "
            "Đề nghị cơ quan thường trực thi đua, khen thưởng ghi nhận đăng ký muộn, kèm lý do.",
            field="window",
        )
    return False
