"""Pure rules of personnel records: overlapping postings, typed choices, years, registration deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.personnel.domain.records import Interval, choice_from_text, find_overlap, parse_year, registration_timing

RANKS = [("thieu_ta", "Thiếu tá"), ("dai_uy", "Đại úy")]


def test_back_to_back_postings_do_not_overlap() -> None:
    first = Interval("a", date(2020, 1, 1), date(2025, 7, 1))
    second = Interval("b", date(2025, 7, 1))
    assert find_overlap([second, first]) is None


def test_an_open_posting_overlaps_a_later_one() -> None:
    first = Interval("a", date(2020, 1, 1))
    second = Interval("b", date(2025, 7, 1), date(2026, 1, 1))
    assert find_overlap([first, second]) == (first, second)


@given(st.dates(), st.integers(1, 3000), st.integers(0, 3000))
def test_overlap_is_symmetric(start: date, length: int, shift: int) -> None:
    a = Interval("a", start, None if length > 2500 else date.fromordinal(start.toordinal() + length))
    b_start = date.fromordinal(min(start.toordinal() + shift, date.max.toordinal() - 1))
    b = Interval("b", b_start)
    assert a.overlaps(b) == b.overlaps(a)


def test_choices_accept_label_or_code_whatever_the_case_and_spacing() -> None:
    assert choice_from_text("  thiếu  TÁ ", RANKS, what="Cấp bậc", field="rank") == "thieu_ta"
    assert choice_from_text("dai_uy", RANKS, what="Cấp bậc", field="rank") == "dai_uy"


def test_an_unknown_choice_lists_the_accepted_labels() -> None:
    with pytest.raises(DomainError, match=r"Cấp bậc «Đại tướng quân» không hợp lệ.*Thiếu tá; Đại úy"):
        choice_from_text("Đại tướng quân", RANKS, what="Cấp bậc", field="rank")


@pytest.mark.parametrize("value", [2025, "2025", 2025.0, " 2025 "])
def test_years_from_cells(value: object) -> None:
    assert parse_year(value) == 2025


@pytest.mark.parametrize("value", ["25", "năm 2025", 2025.5, None, True, "1800"])
def test_malformed_years_are_refused(value: object) -> None:
    with pytest.raises(DomainError):
        parse_year(value)


def test_registration_timing() -> None:
    window = {"opens_on": date(2026, 1, 5), "deadline": date(2026, 1, 31), "year": 2026}
    assert registration_timing(today=date(2026, 1, 31), late_allowed=False, **window) is True
    with pytest.raises(DomainError, match="hạn 31/01/2026"):
        registration_timing(today=date(2026, 2, 1), late_allowed=False, **window)
    assert registration_timing(today=date(2026, 2, 1), late_allowed=True, **window) is False
    with pytest.raises(DomainError, match="mở từ ngày 05/01/2026"):
        registration_timing(today=date(2026, 1, 4), late_allowed=True, **window)
