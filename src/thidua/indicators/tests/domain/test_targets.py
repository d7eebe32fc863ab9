from decimal import Decimal

import pytest

from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.indicators import Direction, ValueType
from thidua.indicators.domain.targets import TargetKind, is_met, required_value, validate_target


def check(kind, value, value_type=ValueType.COUNT):
    validate_target(kind=kind, value=Decimal(value), value_type=value_type, indicator_code="X")


def test_a_minimum_rate_is_for_rate_indicators_between_0_and_100():
    check(TargetKind.MIN_RATE, "80", ValueType.RATE)
    for value, field in (("101", "value"), ("-1", "value")):
        with pytest.raises(DomainError) as caught:
            check(TargetKind.MIN_RATE, value, ValueType.RATE)
        assert caught.value.field == field
    with pytest.raises(DomainError) as caught:
        check(TargetKind.MIN_RATE, "80", ValueType.COUNT)
    assert caught.value.field == "kind"


def test_a_count_target_is_a_whole_non_negative_number():
    check(TargetKind.ABSOLUTE, "1799")
    for bad in ("1.5", "-3"):
        with pytest.raises(DomainError) as caught:
            check(TargetKind.ABSOLUTE, bad)
        assert caught.value.field == "value"
    check(TargetKind.ABSOLUTE, "450000000000.50", ValueType.MONEY)


def test_a_reduction_cannot_exceed_100_percent():
    check(TargetKind.CHANGE_VS_LAST_YEAR, "-100")
    with pytest.raises(DomainError):
        check(TargetKind.CHANGE_VS_LAST_YEAR, "-101")


def test_yes_no_and_text_indicators_take_no_target():
    for value_type in (ValueType.BOOLEAN, ValueType.TEXT):
        with pytest.raises(DomainError) as caught:
            check(TargetKind.ABSOLUTE, "1", value_type)
        assert caught.value.field == "indicator"


def test_a_reduction_of_5_percent_against_the_same_period_last_year_sets_the_bar():
    assert required_value(TargetKind.CHANGE_VS_LAST_YEAR, Decimal(-5), Decimal(200)) == Decimal("190.00")
    assert required_value(TargetKind.CHANGE_VS_LAST_YEAR, Decimal(-5), None) is None
    assert required_value(TargetKind.ABSOLUTE, Decimal(0), None) == Decimal(0)


def test_lower_is_better_indicators_meet_their_target_at_or_under_it():
    assert is_met(Decimal(190), Decimal(185), Direction.LOWER_IS_BETTER) is True
    assert is_met(Decimal(190), Decimal(191), Direction.LOWER_IS_BETTER) is False
    assert is_met(Decimal(80), Decimal("80.00"), Direction.HIGHER_IS_BETTER) is True
    assert is_met(Decimal(80), None, Direction.HIGHER_IS_BETTER) is None
