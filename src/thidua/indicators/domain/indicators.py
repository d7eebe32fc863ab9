"""Indicators (chỉ tiêu): value types, direction, aggregation, and the rules that tie them together."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from thidua.core.domain.errors import DomainError


class ValueType(StrEnum):
    COUNT = "count"  # số lượng (vụ, đối tượng, người)
    DECIMAL = "decimal"  # số thập phân
    MONEY = "money"  # tiền (đồng)
    RATE = "rate"  # tỷ lệ = tử số / mẫu số
    BOOLEAN = "boolean"  # có / không
    TEXT = "text"  # văn bản

    @property
    def label(self) -> str:
        return VALUE_TYPE_LABELS[self]

    @property
    def is_numeric(self) -> bool:
        return self not in (ValueType.BOOLEAN, ValueType.TEXT)


VALUE_TYPE_LABELS = {
    ValueType.COUNT: "Số lượng",
    ValueType.DECIMAL: "Số thập phân",
    ValueType.MONEY: "Tiền (đồng)",
    ValueType.RATE: "Tỷ lệ (tính từ tử số và mẫu số)",
    ValueType.BOOLEAN: "Có/không",
    ValueType.TEXT: "Văn bản",
}


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher"  # càng cao càng tốt
    LOWER_IS_BETTER = "lower"  # kéo giảm
    NEUTRAL = "neutral"  # chỉ theo dõi

    @property
    def label(self) -> str:
        return {"higher": "Càng cao càng tốt", "lower": "Càng thấp càng tốt (kéo giảm)", "neutral": "Theo dõi"}[
            self.value
        ]


class Aggregation(StrEnum):
    SUM = "sum"  # cộng dồn
    RATIO_OF_SUMS = "ratio_of_sums"  # tỷ lệ của các tổng (never an average of rates)
    NONE = "none"  # không cộng được

    @property
    def label(self) -> str:
        return {"sum": "Cộng tổng", "ratio_of_sums": "Tỷ lệ của các tổng", "none": "Không tổng hợp"}[self.value]


def validate_definition(
    *,
    code: str,
    name: str,
    value_type: ValueType,
    aggregation: Aggregation,
    numerator: str | None,
    denominator: str | None,
) -> None:
    """A rate is computed from a numerator and a denominator indicator, and aggregates as a ratio of sums."""
    if not code.strip():
        raise DomainError("Mã chỉ tiêu không được để trống.", field="code")
    if not name.strip():
        raise DomainError("Tên chỉ tiêu không được để trống.", field="name")
    if value_type is ValueType.RATE:
        if not numerator:
            raise DomainError(f"Chỉ tiêu tỷ lệ «{code}» cần chỉ tiêu tử số.", field="numerator")
        if not denominator:
            raise DomainError(f"Chỉ tiêu tỷ lệ «{code}» cần chỉ tiêu mẫu số.", field="denominator")
        if numerator == denominator:
            raise DomainError("Tử số và mẫu số phải là hai chỉ tiêu khác nhau.", field="denominator")
        if code in (numerator, denominator):
            raise DomainError("Chỉ tiêu tỷ lệ không thể lấy chính nó làm tử số hay mẫu số.", field="numerator")
        if aggregation is not Aggregation.RATIO_OF_SUMS:
            raise DomainError(
                "Chỉ tiêu tỷ lệ phải tổng hợp theo «tỷ lệ của các tổng» (không lấy trung bình các tỷ lệ).",
                field="aggregation",
            )
    else:
        if numerator or denominator:
            raise DomainError("Chỉ chỉ tiêu tỷ lệ mới có tử số và mẫu số.", field="numerator")
        if aggregation is Aggregation.RATIO_OF_SUMS:
            raise DomainError("Chỉ chỉ tiêu tỷ lệ mới tổng hợp theo tỷ lệ của các tổng.", field="aggregation")
        if aggregation is Aggregation.SUM and not value_type.is_numeric:
            raise DomainError(f"Chỉ tiêu kiểu «{value_type.label}» không cộng tổng được.", field="aggregation")


PERCENT = Decimal(100)
RATE_QUANTUM = Decimal("0.01")


def rate(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """Percentage numerator/denominator, two decimals half up; None when it cannot be computed."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return (Decimal(numerator) * PERCENT / Decimal(denominator)).quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def aggregate_sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the reported values; None when nobody reported."""
    present = [Decimal(v) for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def aggregate_rate(pairs: Iterable[tuple[Decimal | None, Decimal | None]]) -> Decimal | None:
    """A rate over several units is recomputed from the summed counts, never averaged (DOMAIN.md section 3)."""
    pairs = list(pairs)
    return rate(aggregate_sum(n for n, _ in pairs), aggregate_sum(d for _, d in pairs))
