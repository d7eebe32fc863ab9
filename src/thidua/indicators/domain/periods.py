"""Reporting periods (kỳ báo cáo) and the calendars that bound them (lịch kỳ báo cáo).

Government periodic reports close their figures by Nghị định 09/2019/NĐ-CP, Art. 12 (the
default calendar, ``CalendarKind.DECREE_09``):

* month (tháng): from the 15th of the previous month to the 14th of the reporting month;
* quarter (quý): from the 15th of the month before the quarter to the 14th of its last month;
* first half-year (6 tháng đầu năm, sơ kết): 15 December of the previous year to 14 June;
  second half-year (6 tháng cuối năm): 15 June to 14 December;
* nine months (9 tháng): 15 December of the previous year to 14 September;
* year (năm, tổng kết): 15 December of the previous year to 14 December.

The alternative plain calendar (lịch dương, ``CalendarKind.PLAIN``) uses calendar months,
quarters, halves and years (e.g. 2024S1 = 01/01/2024–30/06/2024). Emulation campaigns
(đợt thi đua cao điểm) have their own date ranges and are built with :func:`campaign_period`.

Standard period codes: ``2024`` (year), ``2024S1``/``2024S2`` (half-years), ``2024N9``
(nine months), ``2024Q1``–``2024Q4`` (quarters), ``2024M01``–``2024M12`` (months).

Every period is described by the first and last *reporting month* it covers; the calendar
then turns those months into dates. All end dates are inclusive.

This module is pure Python (standard library only); refusals raise
:class:`~thidua.core.domain.errors.DomainError` with a Vietnamese message.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from thidua.core.domain.errors import DomainError

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarKind",
    "PeriodKind",
    "PeriodSpec",
    "calendar_from_setting",
    "campaign_period",
    "format_period_code",
    "parse_period_code",
    "period_bounds",
    "period_containing",
    "period_for_code",
    "periods_of_year",
    "previous_period",
    "same_period_last_year",
]

MIN_YEAR = 1990
"""Earliest year accepted in a standard period code (năm nhỏ nhất)."""

MAX_YEAR = 2100
"""Latest year accepted in a standard period code (năm lớn nhất)."""

CALENDAR_SETTING = "THIDUA_PERIOD_CALENDAR"
"""Name of the setting that selects the reporting calendar (cấu hình lịch kỳ báo cáo)."""


class PeriodKind(StrEnum):
    """Kind of reporting period (loại kỳ báo cáo)."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEAR = "year"
    CAMPAIGN = "campaign"

    @property
    def label(self) -> str:
        """Vietnamese label of the kind (tên loại kỳ), e.g. ``"Quý"``."""
        return _PERIOD_KIND_LABELS[self]


_PERIOD_KIND_LABELS: dict[PeriodKind, str] = {
    PeriodKind.MONTH: "Tháng",
    PeriodKind.QUARTER: "Quý",
    PeriodKind.HALF_YEAR: "6 tháng",
    PeriodKind.NINE_MONTHS: "9 tháng",
    PeriodKind.YEAR: "Năm",
    PeriodKind.CAMPAIGN: "Đợt thi đua",
}


class CalendarKind(StrEnum):
    """Calendar that turns reporting months into dates (lịch kỳ báo cáo)."""

    DECREE_09 = "nd09"
    PLAIN = "plain"

    @property
    def label(self) -> str:
        """Vietnamese label of the calendar (tên lịch kỳ báo cáo)."""
        return _CALENDAR_KIND_LABELS[self]


_CALENDAR_KIND_LABELS: dict[CalendarKind, str] = {
    CalendarKind.DECREE_09: "Nghị định 09/2019/NĐ-CP (15 tháng trước – 14 tháng này)",
    CalendarKind.PLAIN: "Lịch dương (đầu tháng – cuối tháng)",
}

# Standard (non-campaign) kinds, in the order used to break ties when sorting.
_STANDARD_KINDS: tuple[PeriodKind, ...] = (
    PeriodKind.MONTH,
    PeriodKind.QUARTER,
    PeriodKind.HALF_YEAR,
    PeriodKind.NINE_MONTHS,
    PeriodKind.YEAR,
)

# Allowed ``number`` values per standard kind; ``None`` means the kind has no number.
_NUMBERS: dict[PeriodKind, tuple[int, ...] | None] = {
    PeriodKind.MONTH: tuple(range(1, 13)),
    PeriodKind.QUARTER: (1, 2, 3, 4),
    PeriodKind.HALF_YEAR: (1, 2),
    PeriodKind.NINE_MONTHS: None,
    PeriodKind.YEAR: None,
}

_ROMAN_QUARTERS: dict[int, str] = {1: "I", 2: "II", 3: "III", 4: "IV"}

_CODE_RE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:S(?P<half>[12])|(?P<nine>N9)|Q(?P<quarter>[1-4])|M(?P<month>0[1-9]|1[0-2]))?"
)

# Anything shaped like a standard code, valid or not (used to keep campaign codes apart).
_STANDARD_LOOKALIKE_RE = re.compile(r"[0-9]{4}(?:[SNQM][0-9]*)?", re.IGNORECASE)

_ACCEPTED_FORMS = (
    "YYYY (năm), YYYYS1 hoặc YYYYS2 (6 tháng đầu/cuối năm), YYYYN9 (9 tháng), "
    "YYYYQ1 đến YYYYQ4 (quý), YYYYM01 đến YYYYM12 (tháng, bắt buộc hai chữ số), "
    f"với năm YYYY từ {MIN_YEAR} đến {MAX_YEAR}; ví dụ: 2024, 2024S1, 2024N9, 2024Q3, 2024M07"
)


@dataclass(frozen=True)
class PeriodSpec:
    """One reporting period record (kỳ báo cáo): kind, code and inclusive date range.

    ``number`` is the month (1–12), quarter (1–4) or half (1–2); it is ``None`` for the
    year, the nine-month period and campaigns (đợt thi đua). ``end`` is inclusive.
    """

    code: str
    kind: PeriodKind
    year: int
    number: int | None
    start: date
    end: date
    name: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError(
                f"Ngày kết thúc kỳ ({_fmt(self.end)}) không được trước ngày bắt đầu ({_fmt(self.start)}).",
                field="end",
            )

    def contains(self, day: date) -> bool:
        """Whether the figures of ``day`` fall in this period (ngày thuộc kỳ), bounds included."""
        if isinstance(day, datetime):
            day = day.date()
        return self.start <= day <= self.end


# --------------------------------------------------------------------------- helpers


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _coerce_kind(kind: PeriodKind | str) -> PeriodKind:
    try:
        return PeriodKind(kind)
    except ValueError:
        accepted = ", ".join(k.value for k in PeriodKind)
        raise DomainError(
            f"Loại kỳ báo cáo “{kind}” không hợp lệ. Các loại được chấp nhận: {accepted}.",
            field="kind",
        ) from None


def _coerce_calendar(calendar: CalendarKind | str) -> CalendarKind:
    try:
        return CalendarKind(calendar)
    except ValueError:
        raise DomainError(
            f"Lịch kỳ báo cáo “{calendar}” không hợp lệ. Chỉ chấp nhận: "
            f"“{CalendarKind.DECREE_09.value}” hoặc “{CalendarKind.PLAIN.value}”.",
            field="calendar",
        ) from None


def _check_standard(kind: PeriodKind | str, year: int, number: int | None) -> PeriodKind:
    """Validate a (kind, year, number) triple of a standard period; return the kind."""
    kind = _coerce_kind(kind)
    if kind is PeriodKind.CAMPAIGN:
        raise DomainError(
            "Đợt thi đua không có mã kỳ chuẩn và không tính được ngày theo lịch; "
            "hãy khai báo ngày bắt đầu và ngày kết thúc của đợt.",
            field="kind",
        )
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            f"Năm của kỳ báo cáo ({year}) phải là số nguyên từ {MIN_YEAR} đến {MAX_YEAR}.",
            field="year",
        )
    allowed = _NUMBERS[kind]
    if allowed is None:
        if number is not None:
            raise DomainError(
                f"Kỳ “{kind.label}” không có số thứ tự (nhận được {number}).",
                field="number",
            )
    elif isinstance(number, bool) or number not in allowed:
        raise DomainError(
            f"Số thứ tự của kỳ “{kind.label}” phải từ {allowed[0]} đến {allowed[-1]} (nhận được {number}).",
            field="number",
        )
    return kind


def _required_number(number: int | None) -> int:
    if number is None:
        raise DomainError("Kỳ tháng, quý hoặc 6 tháng cần số thứ tự trong năm.", field="number")
    return number


def _month_span(kind: PeriodKind, number: int | None) -> tuple[int, int]:
    """First and last reporting month covered by a standard period (tháng đầu, tháng cuối)."""
    if kind is PeriodKind.MONTH:
        number = _required_number(number)
        return number, number
    if kind is PeriodKind.QUARTER:
        number = _required_number(number)
        return 3 * number - 2, 3 * number
    if kind is PeriodKind.HALF_YEAR:
        number = _required_number(number)
        return 6 * number - 5, 6 * number
    if kind is PeriodKind.NINE_MONTHS:
        return 1, 9
    return 1, 12


def _reporting_month(day: date, calendar: CalendarKind) -> tuple[int, int]:
    """The (year, month) whose report a day's figures belong to (tháng báo cáo)."""
    if calendar is CalendarKind.DECREE_09 and day.day >= 15:
        if day.month == 12:
            return day.year + 1, 1
        return day.year, day.month + 1
    return day.year, day.month


def _period_name(kind: PeriodKind, year: int, number: int | None) -> str:
    if kind is PeriodKind.MONTH:
        number = _required_number(number)
        return f"Tháng {number:02d}/{year}"
    if kind is PeriodKind.QUARTER:
        number = _required_number(number)
        return f"Quý {_ROMAN_QUARTERS[number]}/{year}"
    if kind is PeriodKind.HALF_YEAR:
        half = "đầu" if number == 1 else "cuối"
        return f"6 tháng {half} năm {year}"
    if kind is PeriodKind.NINE_MONTHS:
        return f"9 tháng năm {year}"
    return f"Năm {year}"


def _build(kind: PeriodKind, year: int, number: int | None, calendar: CalendarKind) -> PeriodSpec:
    start, end = period_bounds(kind, year, number, calendar)
    return PeriodSpec(
        code=format_period_code(kind, year, number),
        kind=kind,
        year=year,
        number=number,
        start=start,
        end=end,
        name=_period_name(kind, year, number),
    )


def _year_before(kind: PeriodKind, year: int, number: int | None, what: str) -> int:
    """``year - 1``, refused (field ``code``) when it leaves the accepted range."""
    if year - 1 < MIN_YEAR:
        raise DomainError(
            f"{what} của kỳ “{format_period_code(kind, year, number)}” rơi vào năm "
            f"{year - 1}, ngoài phạm vi {MIN_YEAR}–{MAX_YEAR}.",
            field="code",
        )
    return year - 1


# --------------------------------------------------------------------------- public API


def parse_period_code(code: str) -> tuple[PeriodKind, int, int | None]:
    """Parse a standard period code (mã kỳ báo cáo) into ``(kind, year, number)``.

    Surrounding whitespace is stripped and letters are upper-cased, so ``" 2024m07 "`` is
    ``(MONTH, 2024, 7)``. ``number`` is ``None`` for the year and the nine-month period.
    Campaign codes (đợt thi đua) are not standard codes and are refused.
    """
    if not isinstance(code, str):
        raise DomainError(
            f"Mã kỳ báo cáo phải là chuỗi ký tự (nhận được {code!r}). Các dạng được chấp nhận: {_ACCEPTED_FORMS}.",
            field="code",
        )
    cleaned = code.strip().upper()
    if not cleaned:
        raise DomainError(
            f"Mã kỳ báo cáo đang để trống. Các dạng được chấp nhận: {_ACCEPTED_FORMS}.",
            field="code",
        )
    match = _CODE_RE.fullmatch(cleaned)
    if match is None:
        raise DomainError(
            f"Mã kỳ báo cáo “{code.strip()}” không hợp lệ. Các dạng được chấp nhận: {_ACCEPTED_FORMS}.",
            field="code",
        )
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            f"Mã kỳ báo cáo “{code.strip()}” không hợp lệ: năm {year} nằm ngoài phạm vi "
            f"{MIN_YEAR}–{MAX_YEAR}. Các dạng được chấp nhận: {_ACCEPTED_FORMS}.",
            field="code",
        )
    if match["half"]:
        return PeriodKind.HALF_YEAR, year, int(match["half"])
    if match["nine"]:
        return PeriodKind.NINE_MONTHS, year, None
    if match["quarter"]:
        return PeriodKind.QUARTER, year, int(match["quarter"])
    if match["month"]:
        return PeriodKind.MONTH, year, int(match["month"])
    return PeriodKind.YEAR, year, None


def format_period_code(kind: PeriodKind, year: int, number: int | None) -> str:
    """Build the standard period code (mã kỳ báo cáo), e.g. ``(MONTH, 2024, 7) -> "2024M07"``.

    Refuses campaigns (field ``kind``), years outside 1990–2100 (field ``year``) and numbers
    that do not fit the kind (field ``number``).
    """
    kind = _check_standard(kind, year, number)
    if kind is PeriodKind.MONTH:
        return f"{year}M{number:02d}"
    if kind is PeriodKind.QUARTER:
        return f"{year}Q{number}"
    if kind is PeriodKind.HALF_YEAR:
        return f"{year}S{number}"
    if kind is PeriodKind.NINE_MONTHS:
        return f"{year}N9"
    return f"{year}"


def period_bounds(
    kind: PeriodKind,
    year: int,
    number: int | None,
    calendar: CalendarKind = CalendarKind.DECREE_09,
) -> tuple[date, date]:
    """First and last day, inclusive, of a standard period (ngày đầu kỳ, ngày cuối kỳ).

    Decree 09: from the 15th of the month before the first reporting month to the 14th of
    the last one. Plain calendar: from the 1st of the first month to the last day of the last.
    """
    kind = _check_standard(kind, year, number)
    calendar = _coerce_calendar(calendar)
    first, last = _month_span(kind, number)
    if calendar is CalendarKind.DECREE_09:
        start = date(year - 1, 12, 15) if first == 1 else date(year, first - 1, 15)
        return start, date(year, last, 14)
    return date(year, first, 1), date(year, last, _calendar.monthrange(year, last)[1])


def period_for_code(code: str, calendar: CalendarKind = CalendarKind.DECREE_09) -> PeriodSpec:
    """The standard period (kỳ báo cáo) of a code, with its dates and Vietnamese name.

    The returned ``code`` is normalised (``" 2024m07"`` -> ``"2024M07"``). Campaign codes
    cannot be resolved here (their dates are not derived from a calendar).
    """
    kind, year, number = parse_period_code(code)
    return _build(kind, year, number, _coerce_calendar(calendar))


def campaign_period(code: str, name: str, start: date, end: date) -> PeriodSpec:
    """A campaign period (đợt thi đua cao điểm) with its own inclusive date range.

    ``code`` and ``name`` are stripped and must not be empty; ``code`` must not look like a
    standard period code (e.g. ``2024``, ``2024Q3``, ``2024S3``). ``year`` is the year of
    ``end`` and ``number`` is ``None``.
    """
    clean_code = code.strip() if isinstance(code, str) else ""
    if not clean_code:
        raise DomainError("Mã đợt thi đua không được để trống.", field="code")
    if _STANDARD_LOOKALIKE_RE.fullmatch(clean_code):
        raise DomainError(
            f"Mã đợt thi đua “{clean_code}” trùng dạng với mã kỳ báo cáo định kỳ "
            f"({_ACCEPTED_FORMS}); hãy chọn mã khác, ví dụ: DTD-2024-01.",
            field="code",
        )
    clean_name = name.strip() if isinstance(name, str) else ""
    if not clean_name:
        raise DomainError("Tên đợt thi đua không được để trống.", field="name")
    if isinstance(start, datetime):
        start = start.date()
    if isinstance(end, datetime):
        end = end.date()
    if end < start:
        raise DomainError(
            f"Ngày kết thúc đợt thi đua ({_fmt(end)}) không được trước ngày bắt đầu ({_fmt(start)}).",
            field="end",
        )
    return PeriodSpec(
        code=clean_code,
        kind=PeriodKind.CAMPAIGN,
        year=end.year,
        number=None,
        start=start,
        end=end,
        name=clean_name,
    )


def same_period_last_year(code: str) -> str:
    """Code of the same period one year earlier (cùng kỳ năm trước): ``2024S1 -> 2023S1``."""
    kind, year, number = parse_period_code(code)
    return format_period_code(kind, _year_before(kind, year, number, "Cùng kỳ năm trước"), number)


def previous_period(code: str) -> str:
    """Code of the immediately preceding period of the same kind (kỳ liền trước).

    ``2024M01 -> 2023M12``, ``2024Q1 -> 2023Q4``, ``2024S1 -> 2023S2``, ``2024 -> 2023``;
    the nine-month period occurs once a year, so ``2024N9 -> 2023N9``.
    """
    kind, year, number = parse_period_code(code)
    if number is not None and number > 1:
        return format_period_code(kind, year, number - 1)
    previous_year = _year_before(kind, year, number, "Kỳ liền trước")
    numbers = _NUMBERS[kind]
    last = numbers[-1] if numbers is not None else None
    return format_period_code(kind, previous_year, last)


def periods_of_year(
    year: int,
    kinds: Iterable[PeriodKind] | None = None,
    calendar: CalendarKind = CalendarKind.DECREE_09,
) -> list[PeriodSpec]:
    """All standard periods (kỳ báo cáo định kỳ) of a year, ordered by ``(start, end)``.

    ``kinds`` restricts the kinds returned (default: month, quarter, half-year, nine months
    and year). Campaigns have no standard periods and are refused (field ``kinds``).
    """
    calendar = _coerce_calendar(calendar)
    wanted: Collection[PeriodKind] = _STANDARD_KINDS if kinds is None else {_coerce_kind(k) for k in kinds}
    if PeriodKind.CAMPAIGN in wanted:
        raise DomainError(
            "Đợt thi đua không phải kỳ báo cáo định kỳ nên không liệt kê được theo năm.",
            field="kinds",
        )
    periods: list[PeriodSpec] = []
    for kind in _STANDARD_KINDS:
        if kind not in wanted:
            continue
        numbers = _NUMBERS[kind]
        for number in numbers if numbers is not None else (None,):
            periods.append(_build(kind, year, number, calendar))
    order = {kind: index for index, kind in enumerate(_STANDARD_KINDS)}
    periods.sort(key=lambda p: (p.start, p.end, order[p.kind]))
    return periods


def period_containing(
    day: date,
    kind: PeriodKind,
    calendar: CalendarKind = CalendarKind.DECREE_09,
) -> PeriodSpec:
    """The period of a kind whose report a day's figures belong to (kỳ chứa ngày).

    Under Decree 09 a day on or after the 15th counts toward the next month, so 20/12/2024
    belongs to 2025M01, 2025Q1, 2025S1 and year 2025. Days after the nine-month window
    (15/09–14/12 under Decree 09, October–December under the plain calendar) belong to no
    nine-month period and are refused (field ``day``).
    """
    kind = _coerce_kind(kind)
    calendar = _coerce_calendar(calendar)
    if isinstance(day, datetime):
        day = day.date()
    if kind is PeriodKind.CAMPAIGN:
        raise DomainError(
            "Không suy ra được đợt thi đua từ một ngày; đợt thi đua có ngày riêng do đơn vị khai báo.",
            field="kind",
        )
    year, month = _reporting_month(day, calendar)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(
            f"Ngày {_fmt(day)} thuộc kỳ báo cáo năm {year}, ngoài phạm vi {MIN_YEAR}–{MAX_YEAR}.",
            field="day",
        )
    number: int | None
    if kind is PeriodKind.MONTH:
        number = month
    elif kind is PeriodKind.QUARTER:
        number = (month - 1) // 3 + 1
    elif kind is PeriodKind.HALF_YEAR:
        number = 1 if month <= 6 else 2
    elif kind is PeriodKind.NINE_MONTHS:
        if month > 9:
            window = (
                "15/09 đến 14/12 (theo Nghị định 09/2019/NĐ-CP)"
                if calendar is CalendarKind.DECREE_09
                else "01/10 đến 31/12 (theo lịch dương)"
            )
            raise DomainError(
                f"Ngày {_fmt(day)} không thuộc kỳ 9 tháng nào: số liệu từ {window} "
                "chỉ thuộc quý IV, 6 tháng cuối năm và cả năm.",
                field="day",
            )
        number = None
    else:
        number = None
    return _build(kind, year, number, calendar)


def calendar_from_setting(value: str | None) -> CalendarKind:
    """Read the ``THIDUA_PERIOD_CALENDAR`` setting (cấu hình lịch kỳ báo cáo).

    ``None`` or an empty value selects the Decree 09 calendar; ``"nd09"`` and ``"plain"`` are
    accepted case-insensitively, with surrounding whitespace ignored.
    """
    if value is None:
        return CalendarKind.DECREE_09
    cleaned = value.strip().lower() if isinstance(value, str) else None
    if cleaned == "":
        return CalendarKind.DECREE_09
    for kind in CalendarKind:
        if cleaned == kind.value:
            return kind
    raise DomainError(
        f"Giá trị “{value}” của {CALENDAR_SETTING} không hợp lệ. Chỉ chấp nhận: "
        f"“{CalendarKind.DECREE_09.value}” – {CalendarKind.DECREE_09.label}, mặc định "
        f"khi để trống; hoặc “{CalendarKind.PLAIN.value}” – {CalendarKind.PLAIN.label}.",
        field=CALENDAR_SETTING,
    )


class _Dated(Protocol):
    start: date
    end: date


_P = TypeVar("_P", bound=_Dated)


def default_period(periods: Sequence[_P], today: date) -> _P | None:
    """The period a page opens on (kỳ mặc định): the shortest one running today; else the latest one that has
    already ended; else the first one."""
    if not periods:
        return None
    running = [p for p in periods if p.start <= today <= p.end]
    if running:
        return min(running, key=lambda p: (p.end - p.start, p.start))
    ended = [p for p in periods if p.end < today]
    if ended:
        return max(ended, key=lambda p: (p.end, p.start))
    return min(periods, key=lambda p: (p.start, p.end))
