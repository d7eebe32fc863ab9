from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.indicators import (
    Aggregation,
    ValueType,
    aggregate_rate,
    aggregate_sum,
    rate,
    validate_definition,
)


def define(**changes):
    args = {
        "code": "TLKP",
        "name": "Tỷ lệ điều tra khám phá",
        "value_type": ValueType.RATE,
        "aggregation": Aggregation.RATIO_OF_SUMS,
        "numerator": "LAMRO",
        "denominator": "XAYRA",
    }
    args.update(changes)
    validate_definition(**args)


def test_a_rate_is_defined_by_a_numerator_and_a_denominator():
    define()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"numerator": None}, "numerator"),
        ({"denominator": None}, "denominator"),
        ({"denominator": "LAMRO"}, "denominator"),
        ({"numerator": "TLKP"}, "numerator"),
        ({"aggregation": Aggregation.SUM}, "aggregation"),
        ({"value_type": ValueType.COUNT}, "numerator"),
        ({"value_type": ValueType.COUNT, "numerator": None, "denominator": None}, "aggregation"),
        (
            {"value_type": ValueType.TEXT, "numerator": None, "denominator": None, "aggregation": Aggregation.SUM},
            "aggregation",
        ),
        ({"code": " "}, "code"),
        ({"name": ""}, "name"),
    ],
)
def test_an_inconsistent_definition_is_refused_naming_the_field(changes, field):
    with pytest.raises(DomainError) as caught:
        define(**changes)
    assert caught.value.field == field


def test_a_rate_is_a_percentage_rounded_half_up_to_two_decimals():
    assert rate(Decimal(2), Decimal(3)) == Decimal("66.67")
    assert rate(Decimal(1), Decimal(8)) == Decimal("12.50")
    assert rate(Decimal(5), Decimal(0)) is None
    assert rate(None, Decimal(3)) is None


def test_a_rate_over_several_units_is_recomputed_from_the_summed_counts_not_averaged():
    # 90/100 and 1/10: the average of rates would be 50%; the restated rate is 91/110.
    assert aggregate_rate([(Decimal(90), Decimal(100)), (Decimal(1), Decimal(10))]) == Decimal("82.73")


def test_a_sum_of_nobody_reporting_is_empty_not_zero():
    assert aggregate_sum([None, None]) is None
    assert aggregate_sum([Decimal(3), None, Decimal(4)]) == Decimal(7)


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 10_000)), min_size=1, max_size=30))
def test_a_restated_rate_lies_between_the_lowest_and_highest_unit_rate(pairs):
    decimal_pairs = [(Decimal(min(n, d)), Decimal(d)) for n, d in pairs]
    rates = [rate(n, d) for n, d in decimal_pairs]
    combined = aggregate_rate(decimal_pairs)
    assert min(rates) - Decimal("0.01") <= combined <= max(rates) + Decimal("0.01")
