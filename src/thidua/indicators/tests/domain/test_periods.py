"""Reporting periods (kỳ báo cáo) under Decree 09/2019/NĐ-CP and the plain calendar."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.periods import (
    CalendarKind,
    PeriodKind,
    PeriodSpec,
    calendar_from_setting,
    campaign_period,
    format_period_code,
    parse_period_code,
    period_bounds,
    period_containing,
    period_for_code,
    periods_of_year,
    previous_period,
    same_period_last_year,
)

ND09 = CalendarKind.DECREE_09
PLAIN = CalendarKind.PLAIN
ONE_DAY = timedelta(days=1)

STANDARD_KINDS = [
    PeriodKind.MONTH,
    PeriodKind.QUARTER,
    PeriodKind.HALF_YEAR,
    PeriodKind.NINE_MONTHS,
    PeriodKind.YEAR,
]
NUMBERS: dict[PeriodKind, list[int | None]] = {
    PeriodKind.MONTH: list(range(1, 13)),
    PeriodKind.QUARTER: [1, 2, 3, 4],
    PeriodKind.HALF_YEAR: [1, 2],
    PeriodKind.NINE_MONTHS: [None],
    PeriodKind.YEAR: [None],
}

years = st.integers(min_value=1990, max_value=2100)
calendars = st.sampled_from(list(CalendarKind))
# Days whose reporting year stays inside 1990..2100 under both calendars.
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 14))


@st.composite
def standard_periods(draw: st.DrawFn, min_year: int = 1990, max_year: int = 2100) -> tuple[PeriodKind, int, int | None]:
    kind = draw(st.sampled_from(STANDARD_KINDS))
    year = draw(st.integers(min_value=min_year, max_value=max_year))
    number = draw(st.sampled_from(NUMBERS[kind]))
    return kind, year, number


def _refusal(code: str) -> DomainError:
    with pytest.raises(DomainError) as excinfo:
        parse_period_code(code)
    return excinfo.value


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (PeriodKind.MONTH, "Tháng"),
        (PeriodKind.QUARTER, "Quý"),
        (PeriodKind.HALF_YEAR, "6 tháng"),
        (PeriodKind.NINE_MONTHS, "9 tháng"),
        (PeriodKind.YEAR, "Năm"),
        (PeriodKind.CAMPAIGN, "Đợt thi đua"),
    ],
)
def test_each_period_kind_has_a_vietnamese_label(kind: PeriodKind, label: str) -> None:
    assert kind.label == label


def test_period_kind_values_are_the_stored_strings() -> None:
    assert [k.value for k in PeriodKind] == [
        "month",
        "quarter",
        "half_year",
        "nine_months",
        "year",
        "campaign",
    ]


def test_each_calendar_has_a_vietnamese_label_and_a_setting_value() -> None:
    assert CalendarKind.DECREE_09.value == "nd09"
    assert CalendarKind.PLAIN.value == "plain"
    assert CalendarKind.DECREE_09.label == ("Nghị định 09/2019/NĐ-CP (15 tháng trước – 14 tháng này)")
    assert CalendarKind.PLAIN.label == "Lịch dương (đầu tháng – cuối tháng)"


# --------------------------------------------------------------------------- Decree 09 bounds


def test_decree_09_is_the_default_calendar() -> None:
    assert period_for_code("2024S1") == period_for_code("2024S1", ND09)
    assert period_bounds(PeriodKind.YEAR, 2024, None) == period_bounds(PeriodKind.YEAR, 2024, None, ND09)


def test_half_year_under_decree_09_runs_from_15_december_to_14_june() -> None:
    assert period_bounds(PeriodKind.HALF_YEAR, 2024, 1) == (
        date(2023, 12, 15),
        date(2024, 6, 14),
    )


def test_second_half_year_under_decree_09_runs_from_15_june_to_14_december() -> None:
    assert period_bounds(PeriodKind.HALF_YEAR, 2024, 2) == (
        date(2024, 6, 15),
        date(2024, 12, 14),
    )


def test_year_under_decree_09_runs_from_15_december_of_previous_year_to_14_december() -> None:
    assert period_bounds(PeriodKind.YEAR, 2024, None) == (
        date(2023, 12, 15),
        date(2024, 12, 14),
    )


def test_nine_months_under_decree_09_runs_from_15_december_to_14_september() -> None:
    assert period_bounds(PeriodKind.NINE_MONTHS, 2024, None) == (
        date(2023, 12, 15),
        date(2024, 9, 14),
    )


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, date(2023, 12, 15), date(2024, 3, 14)),
        (2, date(2024, 3, 15), date(2024, 6, 14)),
        (3, date(2024, 6, 15), date(2024, 9, 14)),
        (4, date(2024, 9, 15), date(2024, 12, 14)),
    ],
)
def test_quarter_under_decree_09_runs_from_15th_of_month_before_to_14th_of_last_month(
    number: int, start: date, end: date
) -> None:
    assert period_bounds(PeriodKind.QUARTER, 2024, number) == (start, end)


@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, date(2023, 12, 15), date(2024, 1, 14)),
        (2, date(2024, 1, 15), date(2024, 2, 14)),
        (3, date(2024, 2, 15), date(2024, 3, 14)),
        (7, date(2024, 6, 15), date(2024, 7, 14)),
        (12, date(2024, 11, 15), date(2024, 12, 14)),
    ],
)
def test_month_under_decree_09_runs_from_15th_of_previous_month_to_14th(number: int, start: date, end: date) -> None:
    assert period_bounds(PeriodKind.MONTH, 2024, number) == (start, end)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2024S1", date(2023, 12, 15), date(2024, 6, 14)),
        ("2024S2", date(2024, 6, 15), date(2024, 12, 14)),
        ("2024", date(2023, 12, 15), date(2024, 12, 14)),
        ("2024N9", date(2023, 12, 15), date(2024, 9, 14)),
        ("2024Q3", date(2024, 6, 15), date(2024, 9, 14)),
        ("2024M07", date(2024, 6, 15), date(2024, 7, 14)),
        ("2024M01", date(2023, 12, 15), date(2024, 1, 14)),
    ],
)
def test_period_for_code_under_decree_09_gives_the_hand_checked_dates(code: str, start: date, end: date) -> None:
    period = period_for_code(code)
    assert (period.start, period.end) == (start, end)


# --------------------------------------------------------------------------- plain bounds


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2024S1", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024S2", date(2024, 7, 1), date(2024, 12, 31)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024N9", date(2024, 1, 1), date(2024, 9, 30)),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024Q2", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024Q4", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024M01", date(2024, 1, 1), date(2024, 1, 31)),
        ("2024M04", date(2024, 4, 1), date(2024, 4, 30)),
        ("2024M07", date(2024, 7, 1), date(2024, 7, 31)),
        ("2024M12", date(2024, 12, 1), date(2024, 12, 31)),
    ],
)
def test_plain_calendar_uses_calendar_months_quarters_halves_and_year(code: str, start: date, end: date) -> None:
    period = period_for_code(code, PLAIN)
    assert (period.start, period.end) == (start, end)


def test_plain_february_ends_on_the_29th_in_a_leap_year() -> None:
    assert period_bounds(PeriodKind.MONTH, 2024, 2, PLAIN) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )


def test_plain_february_ends_on_the_28th_in_a_common_year() -> None:
    assert period_bounds(PeriodKind.MONTH, 2023, 2, PLAIN) == (
        date(2023, 2, 1),
        date(2023, 2, 28),
    )


def test_period_bounds_refuses_campaigns_and_numbers_that_do_not_fit_the_kind() -> None:
    with pytest.raises(DomainError) as excinfo:
        period_bounds(PeriodKind.CAMPAIGN, 2024, None)
    assert excinfo.value.field == "kind"
    for kind, number in [
        (PeriodKind.MONTH, 13),
        (PeriodKind.MONTH, 0),
        (PeriodKind.MONTH, None),
        (PeriodKind.QUARTER, 5),
        (PeriodKind.HALF_YEAR, 3),
        (PeriodKind.YEAR, 1),
        (PeriodKind.NINE_MONTHS, 9),
    ]:
        with pytest.raises(DomainError) as excinfo:
            period_bounds(kind, 2024, number)
        assert excinfo.value.field == "number"
    with pytest.raises(DomainError) as excinfo:
        period_bounds(PeriodKind.YEAR, 1989, None)
    assert excinfo.value.field == "year"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("2024M07", "Tháng 07/2024"),
        ("2024M12", "Tháng 12/2024"),
        ("2024Q1", "Quý I/2024"),
        ("2024Q2", "Quý II/2024"),
        ("2024Q3", "Quý III/2024"),
        ("2024Q4", "Quý IV/2024"),
        ("2024S1", "6 tháng đầu năm 2024"),
        ("2024S2", "6 tháng cuối năm 2024"),
        ("2024N9", "9 tháng năm 2024"),
        ("2024", "Năm 2024"),
    ],
)
def test_each_standard_period_has_a_vietnamese_name(code: str, name: str) -> None:
    assert period_for_code(code).name == name
    assert period_for_code(code, PLAIN).name == name


def test_period_for_code_returns_the_full_record() -> None:
    assert period_for_code("2024Q3") == PeriodSpec(
        code="2024Q3",
        kind=PeriodKind.QUARTER,
        year=2024,
        number=3,
        start=date(2024, 6, 15),
        end=date(2024, 9, 14),
        name="Quý III/2024",
    )


def test_period_for_code_normalises_case_and_whitespace_of_the_code() -> None:
    period = period_for_code("  2024m07 ")
    assert period.code == "2024M07"
    assert period.kind is PeriodKind.MONTH
    assert period.number == 7


# --------------------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("code", "parsed"),
    [
        ("2024", (PeriodKind.YEAR, 2024, None)),
        ("2024S1", (PeriodKind.HALF_YEAR, 2024, 1)),
        ("2024S2", (PeriodKind.HALF_YEAR, 2024, 2)),
        ("2024N9", (PeriodKind.NINE_MONTHS, 2024, None)),
        ("2024Q1", (PeriodKind.QUARTER, 2024, 1)),
        ("2024Q4", (PeriodKind.QUARTER, 2024, 4)),
        ("2024M01", (PeriodKind.MONTH, 2024, 1)),
        ("2024M12", (PeriodKind.MONTH, 2024, 12)),
        ("1990", (PeriodKind.YEAR, 1990, None)),
        ("2100M12", (PeriodKind.MONTH, 2100, 12)),
        (" 2024q3\t", (PeriodKind.QUARTER, 2024, 3)),
        ("2024n9", (PeriodKind.NINE_MONTHS, 2024, None)),
    ],
)
def test_parse_period_code_reads_every_accepted_form(code: str, parsed: tuple[PeriodKind, int, int | None]) -> None:
    assert parse_period_code(code) == parsed


@pytest.mark.parametrize(
    "code",
    [
        "2024S3",
        "2024S0",
        "2024M7",
        "2024M00",
        "2024M13",
        "2024M007",
        "2024Q0",
        "2024Q5",
        "2024N8",
        "2024N",
        "24S1",
        "2024X",
        "",
        "   ",
        "2024 S1",
        "2024-S1",
        "S1 2024",
        "2024S1X",
        "1989",
        "2101",
        "０２０２４",
        "٢٠٢٤",
    ],
)
def test_bad_period_codes_are_refused_on_the_code_field(code: str) -> None:
    error = _refusal(code)
    assert error.field == "code"
    assert "YYYYM01" in error.message  # the accepted forms are listed
    assert "Mã kỳ báo cáo" in error.message


@pytest.mark.parametrize("code", ["2024S3", "2024M7", "24S1", "2024X", "1989"])
def test_period_code_refusal_shows_the_bad_code(code: str) -> None:
    assert f"“{code}”" in _refusal(code).message


def test_empty_period_code_refusal_says_it_is_empty() -> None:
    assert "để trống" in _refusal("  ").message


@pytest.mark.parametrize(
    ("kind", "year", "number", "code"),
    [
        (PeriodKind.YEAR, 2024, None, "2024"),
        (PeriodKind.HALF_YEAR, 2024, 1, "2024S1"),
        (PeriodKind.NINE_MONTHS, 2024, None, "2024N9"),
        (PeriodKind.QUARTER, 2024, 3, "2024Q3"),
        (PeriodKind.MONTH, 2024, 7, "2024M07"),
        (PeriodKind.MONTH, 2024, 11, "2024M11"),
    ],
)
def test_format_period_code_writes_the_standard_code(
    kind: PeriodKind, year: int, number: int | None, code: str
) -> None:
    assert format_period_code(kind, year, number) == code


def test_format_period_code_refuses_campaigns_bad_years_and_bad_numbers() -> None:
    cases: list[tuple[PeriodKind, int, int | None, str]] = [
        (PeriodKind.CAMPAIGN, 2024, None, "kind"),
        (PeriodKind.YEAR, 1989, None, "year"),
        (PeriodKind.YEAR, 2101, None, "year"),
        (PeriodKind.MONTH, 2024, 13, "number"),
        (PeriodKind.QUARTER, 2024, None, "number"),
        (PeriodKind.YEAR, 2024, 1, "number"),
    ]
    for kind, year, number, field in cases:
        with pytest.raises(DomainError) as excinfo:
            format_period_code(kind, year, number)
        assert excinfo.value.field == field


@given(standard_periods())
def test_formatting_then_parsing_a_period_code_gives_it_back(
    period: tuple[PeriodKind, int, int | None],
) -> None:
    code = format_period_code(*period)
    assert parse_period_code(code) == period
    assert format_period_code(*parse_period_code(code)) == code
    assert period_for_code(code).code == code


def test_campaign_codes_cannot_be_resolved_as_standard_periods() -> None:
    with pytest.raises(DomainError) as excinfo:
        period_for_code("DTD-2024-01")
    assert excinfo.value.field == "code"


# --------------------------------------------------------------------------- neighbours


@pytest.mark.parametrize(
    ("code", "last_year"),
    [
        ("2024S1", "2023S1"),
        ("2024S2", "2023S2"),
        ("2024M07", "2023M07"),
        ("2024Q3", "2023Q3"),
        ("2024N9", "2023N9"),
        ("2024", "2023"),
        (" 2024m01 ", "2023M01"),
    ],
)
def test_same_period_last_year_keeps_the_kind_and_number(code: str, last_year: str) -> None:
    assert same_period_last_year(code) == last_year


@pytest.mark.parametrize(
    ("code", "previous"),
    [
        ("2024S1", "2023S2"),
        ("2024S2", "2024S1"),
        ("2024M01", "2023M12"),
        ("2024M07", "2024M06"),
        ("2024Q1", "2023Q4"),
        ("2024Q3", "2024Q2"),
        ("2024", "2023"),
        ("2024N9", "2023N9"),
    ],
)
def test_previous_period_is_the_period_of_the_same_kind_just_before(code: str, previous: str) -> None:
    assert previous_period(code) == previous


@pytest.mark.parametrize("code", ["1990", "1990S1", "1990M01", "1990Q1", "1990N9"])
def test_there_is_no_period_before_1990(code: str) -> None:
    with pytest.raises(DomainError) as excinfo:
        previous_period(code)
    assert excinfo.value.field == "code"
    with pytest.raises(DomainError) as excinfo:
        same_period_last_year(code)
    assert excinfo.value.field == "code"


def test_previous_period_stays_in_1990_when_possible() -> None:
    assert previous_period("1990M02") == "1990M01"


@given(standard_periods(max_year=2099))
def test_same_period_last_year_undoes_adding_one_year(
    period: tuple[PeriodKind, int, int | None],
) -> None:
    kind, year, number = period
    next_year = format_period_code(kind, year + 1, number)
    assert same_period_last_year(next_year) == format_period_code(kind, year, number)


@given(standard_periods(min_year=1991))
def test_under_decree_09_last_year_has_the_same_dates_one_year_earlier(
    period: tuple[PeriodKind, int, int | None],
) -> None:
    code = format_period_code(*period)
    this_year = period_for_code(code)
    last_year = period_for_code(same_period_last_year(code))
    assert last_year.start == this_year.start.replace(year=this_year.start.year - 1)
    assert last_year.end == this_year.end.replace(year=this_year.end.year - 1)


@given(standard_periods(min_year=1991), calendars)
def test_previous_period_ends_the_day_before_the_period_starts(
    period: tuple[PeriodKind, int, int | None], calendar: CalendarKind
) -> None:
    kind = period[0]
    code = format_period_code(*period)
    current = period_for_code(code, calendar)
    previous = period_for_code(previous_period(code), calendar)
    assert previous.kind is kind
    if kind is PeriodKind.NINE_MONTHS:
        assert previous.year == current.year - 1
    else:
        assert previous.end + ONE_DAY == current.start


# --------------------------------------------------------------------------- periods of a year


def test_a_year_has_twenty_standard_periods_ordered_by_start_then_end() -> None:
    periods = periods_of_year(2024)
    assert len(periods) == 12 + 4 + 2 + 1 + 1
    assert [p.code for p in periods[:5]] == [
        "2024M01",
        "2024Q1",
        "2024S1",
        "2024N9",
        "2024",
    ]
    assert periods == sorted(periods, key=lambda p: (p.start, p.end))
    assert all(p.year == 2024 for p in periods)


def test_periods_of_year_can_be_restricted_to_some_kinds() -> None:
    quarters = periods_of_year(2024, [PeriodKind.QUARTER])
    assert [p.code for p in quarters] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    mixed = periods_of_year(2024, iter([PeriodKind.YEAR, PeriodKind.HALF_YEAR]), PLAIN)
    assert [p.code for p in mixed] == ["2024S1", "2024", "2024S2"]
    assert periods_of_year(2024, []) == []


def test_periods_of_year_refuses_campaigns_and_years_out_of_range() -> None:
    with pytest.raises(DomainError) as excinfo:
        periods_of_year(2024, [PeriodKind.CAMPAIGN])
    assert excinfo.value.field == "kinds"
    with pytest.raises(DomainError) as excinfo:
        periods_of_year(2101)
    assert excinfo.value.field == "year"


@pytest.mark.parametrize("kind", [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR])
@given(year=years, calendar=calendars)
def test_months_quarters_and_halves_tile_the_year_with_no_gap_or_overlap(
    kind: PeriodKind, year: int, calendar: CalendarKind
) -> None:
    whole = period_for_code(str(year), calendar)
    parts = periods_of_year(year, [kind], calendar)
    assert len(parts) == {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF_YEAR: 2}[kind]
    assert parts[0].start == whole.start
    assert parts[-1].end == whole.end
    for before, after in itertools.pairwise(parts):
        assert before.end + ONE_DAY == after.start


@given(year=st.integers(min_value=1991, max_value=2100), calendar=calendars)
def test_consecutive_years_follow_each_other_with_no_gap_or_overlap(year: int, calendar: CalendarKind) -> None:
    before = period_for_code(str(year - 1), calendar)
    after = period_for_code(str(year), calendar)
    assert before.end + ONE_DAY == after.start


# --------------------------------------------------------------------------- day -> period


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        (PeriodKind.YEAR, "2025"),
        (PeriodKind.HALF_YEAR, "2025S1"),
        (PeriodKind.NINE_MONTHS, "2025N9"),
        (PeriodKind.QUARTER, "2025Q1"),
        (PeriodKind.MONTH, "2025M01"),
    ],
)
def test_under_decree_09_figures_of_20_december_count_toward_the_next_year(kind: PeriodKind, code: str) -> None:
    assert period_containing(date(2024, 12, 20), kind).code == code


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        (PeriodKind.YEAR, "2024"),
        (PeriodKind.HALF_YEAR, "2024S2"),
        (PeriodKind.QUARTER, "2024Q4"),
        (PeriodKind.MONTH, "2024M12"),
    ],
)
def test_under_the_plain_calendar_20_december_stays_in_its_own_year(kind: PeriodKind, code: str) -> None:
    assert period_containing(date(2024, 12, 20), kind, PLAIN).code == code


def test_under_decree_09_14_june_closes_the_first_half_and_15_june_opens_the_second() -> None:
    assert period_containing(date(2024, 6, 14), PeriodKind.HALF_YEAR).code == "2024S1"
    assert period_containing(date(2024, 6, 15), PeriodKind.HALF_YEAR).code == "2024S2"


def test_under_decree_09_the_14th_closes_the_month_and_the_15th_opens_the_next() -> None:
    assert period_containing(date(2024, 7, 14), PeriodKind.MONTH).code == "2024M07"
    assert period_containing(date(2024, 7, 15), PeriodKind.MONTH).code == "2024M08"


@pytest.mark.parametrize(
    ("day", "calendar"),
    [
        (date(2024, 9, 15), ND09),
        (date(2024, 12, 14), ND09),
        (date(2024, 10, 1), PLAIN),
        (date(2024, 12, 31), PLAIN),
    ],
)
def test_days_after_the_nine_month_window_have_no_nine_month_period(day: date, calendar: CalendarKind) -> None:
    with pytest.raises(DomainError) as excinfo:
        period_containing(day, PeriodKind.NINE_MONTHS, calendar)
    assert excinfo.value.field == "day"
    assert "9 tháng" in excinfo.value.message


def test_the_last_day_of_the_nine_month_window_belongs_to_it() -> None:
    assert period_containing(date(2024, 9, 14), PeriodKind.NINE_MONTHS).code == "2024N9"
    assert period_containing(date(2024, 9, 30), PeriodKind.NINE_MONTHS, PLAIN).code == "2024N9"


def test_period_containing_refuses_campaigns_and_days_outside_the_years_range() -> None:
    with pytest.raises(DomainError) as excinfo:
        period_containing(date(2024, 1, 1), PeriodKind.CAMPAIGN)
    assert excinfo.value.field == "kind"
    with pytest.raises(DomainError) as excinfo:
        period_containing(date(2100, 12, 15), PeriodKind.YEAR)
    assert excinfo.value.field == "day"
    assert period_containing(date(1989, 12, 15), PeriodKind.YEAR).code == "1990"


def test_period_containing_accepts_a_datetime_as_its_day() -> None:
    period = period_containing(datetime(2024, 6, 15, 23, 59), PeriodKind.HALF_YEAR)
    assert period.code == "2024S2"
    assert period.contains(datetime(2024, 6, 15, 8, 0))


@given(day=days, kind=st.sampled_from(STANDARD_KINDS), calendar=calendars)
def test_the_period_containing_a_day_contains_that_day(day: date, kind: PeriodKind, calendar: CalendarKind) -> None:
    try:
        period = period_containing(day, kind, calendar)
    except DomainError:
        # Only the nine-month period has holes: the end of the year after its window.
        assert kind is PeriodKind.NINE_MONTHS
        year = period_containing(day, PeriodKind.YEAR, calendar)
        nine = period_for_code(f"{year.year}N9", calendar)
        assert nine.end < day <= year.end
        return
    assert period.kind is kind
    assert period.contains(day)
    assert not period.contains(period.start - ONE_DAY)
    assert not period.contains(period.end + ONE_DAY)


# --------------------------------------------------------------------------- records


def test_a_period_contains_its_first_and_last_day() -> None:
    period = period_for_code("2024M07")
    assert period.contains(date(2024, 6, 15))
    assert period.contains(date(2024, 7, 14))
    assert not period.contains(date(2024, 6, 14))
    assert not period.contains(date(2024, 7, 15))


def test_a_period_record_is_immutable() -> None:
    period = period_for_code("2024")
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.code = "2025"  # type: ignore[misc]


def test_a_period_record_cannot_end_before_it_starts() -> None:
    with pytest.raises(DomainError) as excinfo:
        PeriodSpec(
            code="X",
            kind=PeriodKind.CAMPAIGN,
            year=2024,
            number=None,
            start=date(2024, 2, 1),
            end=date(2024, 1, 31),
            name="X",
        )
    assert excinfo.value.field == "end"


# --------------------------------------------------------------------------- campaigns


def test_a_campaign_keeps_its_own_dates_and_takes_the_year_of_its_end() -> None:
    campaign = campaign_period(
        " DTD-TET-2025 ",
        " Đợt thi đua cao điểm Tết ",
        date(2024, 12, 1),
        date(2025, 2, 28),
    )
    assert campaign == PeriodSpec(
        code="DTD-TET-2025",
        kind=PeriodKind.CAMPAIGN,
        year=2025,
        number=None,
        start=date(2024, 12, 1),
        end=date(2025, 2, 28),
        name="Đợt thi đua cao điểm Tết",
    )
    assert campaign.contains(date(2025, 1, 15))
    assert not campaign.contains(date(2025, 3, 1))


def test_a_campaign_may_last_a_single_day() -> None:
    day = date(2024, 9, 2)
    assert campaign_period("DTD-29", "Ngày hội", day, day).contains(day)


def test_a_campaign_cannot_end_before_it_starts() -> None:
    with pytest.raises(DomainError) as excinfo:
        campaign_period("DTD-01", "Đợt 1", date(2024, 5, 2), date(2024, 5, 1))
    assert excinfo.value.field == "end"
    assert "02/05/2024" in excinfo.value.message


@pytest.mark.parametrize(
    ("code", "name", "field"),
    [("", "Đợt 1", "code"), ("  ", "Đợt 1", "code"), ("DTD-01", " ", "name")],
)
def test_a_campaign_needs_a_code_and_a_name(code: str, name: str, field: str) -> None:
    with pytest.raises(DomainError) as excinfo:
        campaign_period(code, name, date(2024, 1, 1), date(2024, 1, 31))
    assert excinfo.value.field == field


@pytest.mark.parametrize("code", ["2024", "2024S1", "2024q3", "2024M07", "2024N9", "2024S3", "2024M7"])
def test_a_campaign_code_must_not_look_like_a_standard_period_code(code: str) -> None:
    with pytest.raises(DomainError) as excinfo:
        campaign_period(code, "Đợt 1", date(2024, 1, 1), date(2024, 1, 31))
    assert excinfo.value.field == "code"


# --------------------------------------------------------------------------- setting


@pytest.mark.parametrize(
    ("value", "calendar"),
    [
        (None, ND09),
        ("", ND09),
        ("  ", ND09),
        ("nd09", ND09),
        ("ND09", ND09),
        ("plain", PLAIN),
        (" Plain ", PLAIN),
        (CalendarKind.PLAIN, PLAIN),
    ],
)
def test_the_calendar_setting_defaults_to_decree_09_and_accepts_nd09_or_plain(
    value: str | None, calendar: CalendarKind
) -> None:
    assert calendar_from_setting(value) is calendar


@pytest.mark.parametrize("value", ["nd9", "decree", "lich-duong", "09"])
def test_an_unknown_calendar_setting_is_refused_listing_the_accepted_values(
    value: str,
) -> None:
    with pytest.raises(DomainError) as excinfo:
        calendar_from_setting(value)
    error = excinfo.value
    assert error.field == "THIDUA_PERIOD_CALENDAR"
    assert f"“{value}”" in error.message
    assert "“nd09”" in error.message
    assert "“plain”" in error.message


def test_a_page_opens_on_the_shortest_period_running_today_else_the_latest_ended():
    from thidua.indicators.domain.periods import default_period

    s1, year = period_for_code("2026S1"), period_for_code("2026")
    assert default_period([s1, year], date(2026, 3, 1)) == s1
    assert default_period([s1, year], date(2026, 11, 25)) == year
    assert default_period([s1, year], date(2027, 1, 5)) == year
    assert default_period([s1, year], date(2025, 1, 5)) == s1
    assert default_period([], date(2026, 1, 1)) is None
