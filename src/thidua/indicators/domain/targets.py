"""Targets (chỉ tiêu được giao) per unit x indicator x period.

A target is an absolute value, a change against the same period last year (in percent: -10 means
"kéo giảm 10% so với cùng kỳ"), or a minimum rate (e.g. tỷ lệ điều tra khám phá đạt 80% trở lên).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.indicators import Direction, ValueType


class TargetKind(StrEnum):
    ABSOLUTE = "absolute"
    CHANGE_VS_LAST_YEAR = "change"
    MIN_RATE = "min_rate"

    @property
    def label(self) -> str:
        return TARGET_KIND_LABELS[self]


TARGET_KIND_LABELS = {
    TargetKind.ABSOLUTE: "Giá trị tuyệt đối",
    TargetKind.CHANGE_VS_LAST_YEAR: "Tăng/giảm so với cùng kỳ (%)",
    TargetKind.MIN_RATE: "Tỷ lệ tối thiểu (%)",
}


def validate_target(*, kind: TargetKind, value: Decimal, value_type: ValueType, indicator_code: str) -> None:
    if not value_type.is_numeric:
        raise DomainError(
            f"Chỉ tiêu «{indicator_code}» không phải dạng số nên không giao chỉ tiêu được.", field="indicator"
        )
    if kind is TargetKind.MIN_RATE:
        if value_type is not ValueType.RATE:
            raise DomainError(
                f"Chỉ tiêu «{indicator_code}» không phải tỷ lệ: chỉ giao «tỷ lệ tối thiểu» cho chỉ tiêu tỷ lệ.",
                field="kind",
            )
        if not Decimal(0) <= value <= Decimal(100):
            raise DomainError("Tỷ lệ tối thiểu phải từ 0 đến 100 (%).", field="value")
    elif kind is TargetKind.CHANGE_VS_LAST_YEAR:
        if value < Decimal(-100):
            raise DomainError("Mức giảm so với cùng kỳ không thể quá 100%.", field="value")
    elif value < 0:
        raise DomainError("Chỉ tiêu giao không được là số âm.", field="value")
    elif value_type is ValueType.COUNT and value != value.to_integral_value():
        raise DomainError(
            f"Chỉ tiêu «{indicator_code}» đếm theo số lượng: giá trị giao phải là số nguyên.", field="value"
        )


def required_value(kind: TargetKind, value: Decimal, same_period_last_year: Decimal | None) -> Decimal | None:
    """The figure the unit has to reach; None when a change target has no last-year figure to start from."""
    if kind is TargetKind.CHANGE_VS_LAST_YEAR:
        if same_period_last_year is None:
            return None
        return (same_period_last_year * (Decimal(100) + value) / Decimal(100)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return value


def is_met(required: Decimal | None, actual: Decimal | None, direction: Direction) -> bool | None:
    """Whether the result reaches the target; lower-is-better indicators must stay at or under it."""
    if required is None or actual is None:
        return None
    if direction is Direction.LOWER_IS_BETTER:
        return actual <= required
    return actual >= required
