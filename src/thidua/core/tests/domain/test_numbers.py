from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import parse_number


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.799", Decimal(1799)),
        ("450.000.000.000", Decimal(450_000_000_000)),
        ("93,5", Decimal("93.5")),
        ("1.799,25", Decimal("1799.25")),
        ("93.5", Decimal("93.5")),
        ("0.125", Decimal("0.125")),
        (" 12 ", Decimal(12)),
        ("-5", Decimal(-5)),
        (7, Decimal(7)),
        (Decimal("2.5"), Decimal("2.5")),
    ],
)
def test_numbers_are_read_as_vietnamese_users_write_them(typed, value):
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "1,2,3", "NaN", "Infinity", "12 vụ", True])
def test_a_malformed_number_is_refused_naming_the_field(typed):
    with pytest.raises(DomainError) as caught:
        parse_number(typed, field="value")
    assert caught.value.field == "value"


@given(st.integers(min_value=1000, max_value=10**15))
def test_thousands_grouped_with_dots_read_back_as_the_same_integer(n):
    grouped = f"{n:,}".replace(",", ".")
    assert parse_number(grouped) == n


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal(1799), "1.799"), (Decimal("93.50"), "93,5"), (Decimal(-1250), "-1.250"), (None, "—"), (0, "0")],
)
def test_numbers_are_written_back_the_vietnamese_way(value, text):
    from thidua.core.domain.numbers import format_number

    assert format_number(value) == text


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_writing_then_reading_a_number_gives_it_back(value):
    from thidua.core.domain.numbers import format_number

    assert parse_number(format_number(value)) == value


@pytest.mark.parametrize(
    ("typed", "says"),
    [("99999999999999999999999", "quá lớn"), ("1e5", "không phải là số"), ("1,23456", "chữ số sau dấu phẩy")],
)
def test_a_number_the_database_cannot_keep_exactly_is_refused_before_saving(typed, says):
    with pytest.raises(DomainError) as caught:
        parse_number(typed, field="C12")
    assert caught.value.field == "C12"
    assert says in caught.value.message
