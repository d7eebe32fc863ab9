from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.collection.domain.validation import (
    MissingPolicy,
    Operator,
    Rule,
    Severity,
    Term,
    evaluate,
    is_outlier,
    parse_side,
    validate_rule,
)
from thidua.core.domain.errors import DomainError

D = Decimal
SOLVED_LE_OCCURRED = Rule("R1", "Số vụ làm rõ không vượt số vụ xảy ra", "LAMRO", Operator.LE, "XAYRA")


def test_a_side_is_a_sum_of_indicators_and_numbers():
    assert parse_side("A + 2 * B - 5", field="left") == (Term(D(1), "A"), Term(D(2), "B"), Term(D(-5), None))
    assert parse_side("tt-xh_1", field="left") == (Term(D(1), "TT-XH_1"),)
    assert parse_side("0,5 * A", field="left") == (Term(D("0.5"), "A"),)


@pytest.mark.parametrize("text", ["", "A B", "A + * B", "+", "A ++ B", "(A)"])
def test_an_unreadable_side_is_refused_naming_the_side(text):
    with pytest.raises(DomainError) as caught:
        parse_side(text, field="right")
    assert caught.value.field == "right"


def test_solved_cases_above_occurred_cases_break_the_rule():
    violations = evaluate([SOLVED_LE_OCCURRED], {"LAMRO": D(1300), "XAYRA": D(1250)})
    assert len(violations) == 1
    assert violations[0].blocks
    assert violations[0].message == "Số vụ làm rõ không vượt số vụ xảy ra: LAMRO = 1.300 nhưng XAYRA = 1.250."
    assert evaluate([SOLVED_LE_OCCURRED], {"LAMRO": D(1100), "XAYRA": D(1250)}) == []


def test_missing_values_follow_the_rules_policy():
    skip = SOLVED_LE_OCCURRED
    zero = Rule("R2", "Bị can không vượt đối tượng bắt giữ", "BICAN", Operator.LE, "BATGIU", missing=MissingPolicy.ZERO)
    fail = Rule("R3", "Phải báo cáo số vụ", "XAYRA", Operator.GE, "0", missing=MissingPolicy.FAIL)
    values = {"LAMRO": D(5), "BICAN": D(3)}
    found = {v.rule.code: v for v in evaluate([skip, zero, fail], values)}
    assert set(found) == {"R2", "R3"}
    assert found["R3"].missing == ("XAYRA",)
    assert "thiếu số liệu XAYRA" in found["R3"].message


def test_a_soft_rule_warns_without_blocking():
    soft = Rule("R4", "Tỷ lệ khám phá không quá 100%", "TLKP", Operator.LE, "100", severity=Severity.SOFT)
    (violation,) = evaluate([soft], {"TLKP": D("104.5")})
    assert not violation.blocks
    assert "104,5" in violation.message


def test_a_rule_must_name_an_indicator():
    with pytest.raises(DomainError) as caught:
        validate_rule(Rule("R5", "Vô nghĩa", "1", Operator.LE, "2"))
    assert caught.value.field == "left"


def test_a_value_far_outside_the_units_own_history_is_flagged():
    history = [D(120), D(131), D(125), D(118), D(127)]
    assert is_outlier(D(1250), history)  # a slipped digit
    assert not is_outlier(D(133), history)
    assert not is_outlier(D(1250), history[:2])  # too little history to judge
    assert is_outlier(D(40), [D(10), D(10), D(10)])
    assert not is_outlier(D(11), [D(10), D(10), D(10)])


@given(st.lists(st.integers(0, 10_000), min_size=3, max_size=12), st.integers(0, 10_000))
def test_a_value_equal_to_the_median_of_its_history_is_never_flagged(history, _):
    import statistics

    values = [D(v) for v in history]
    assert not is_outlier(D(statistics.median(values)), values)


def test_ordinary_variation_between_periods_is_not_flagged():
    assert not is_outlier(D(120), [D(100), D(112), D(95)])
    assert not is_outlier(D(1), [D(0), D(0), D(0)])  # one incident after three clean periods is not an outlier
    assert is_outlier(D(1120), [D(100), D(112), D(95)])


def test_a_violation_names_the_indicators_for_the_user():
    (violation,) = evaluate([SOLVED_LE_OCCURRED], {"LAMRO": D(1300), "XAYRA": D(1250)})
    text = violation.describe({"LAMRO": "Số vụ điều tra làm rõ", "XAYRA": "Số vụ xảy ra"})
    assert text == "Số vụ làm rõ không vượt số vụ xảy ra: Số vụ điều tra làm rõ = 1.300 nhưng Số vụ xảy ra = 1.250."
