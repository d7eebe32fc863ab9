"""Reading a typed value by the indicator's value type (giá trị nhập theo kiểu chỉ tiêu)."""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import parse_number
from thidua.indicators.domain.indicators import ValueType, rate

YES = {"có", "co", "x", "1", "true", "yes", "đạt", "dat"}
NO = {"không", "khong", "0", "false", "no", "không đạt", "khong dat"}


@dataclass(frozen=True)
class Parsed:
    number: Decimal | None = None
    flag: bool | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return self.number is None and self.flag is None and not self.text


def parse_value(value_type: ValueType, raw: object, *, indicator: str, field: str = "value") -> Parsed:
    """Empty input clears the value; anything else must fit the type, or a Vietnamese refusal names the cell."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed()
    if value_type is ValueType.RATE:
        raise DomainError(f"«{indicator}» là tỷ lệ, được tính từ tử số và mẫu số: không nhập trực tiếp.", field=field)
    if value_type is ValueType.TEXT:
        return Parsed(text=unicodedata.normalize("NFC", str(raw)).strip())
    if value_type is ValueType.BOOLEAN:
        if isinstance(raw, bool):
            return Parsed(flag=raw)
        word = unicodedata.normalize("NFC", str(raw)).strip().lower()
        if word in YES:
            return Parsed(flag=True)
        if word in NO:
            return Parsed(flag=False)
        raise DomainError(f"«{indicator}»: hãy nhập «có» hoặc «không», không phải «{raw}».", field=field)
    number = parse_number(raw, field=field)
    if value_type is ValueType.COUNT:
        if number != number.to_integral_value():
            raise DomainError(f"«{indicator}» là số lượng: hãy nhập số nguyên, không phải «{raw}».", field=field)
        if number < 0:
            raise DomainError(f"«{indicator}» là số lượng: không được âm.", field=field)
    elif number < 0:
        raise DomainError(f"«{indicator}»: giá trị không được âm.", field=field)
    return Parsed(number=number)


K = TypeVar("K", bound=Hashable)


def report_totals(
    values: Iterable[tuple[K, bool, Decimal | None]], rates: Iterable[tuple[K, K, K]] = ()
) -> dict[K, Decimal | None]:
    """Each indicator's total in a report: its own figure, or the sum of its options when only those were reported;
    each rate ``(rate, numerator, denominator)`` recomputed from the totals (rates are never typed or averaged).

    ``values`` are ``(indicator, is_option_value, figure)``; indicators are keyed however the caller likes.
    """
    totals: dict[K, Decimal | None] = {}
    parts: dict[K, list[Decimal]] = {}
    for key, is_option, figure in values:
        if figure is None:
            continue
        if is_option:
            parts.setdefault(key, []).append(figure)
        else:
            totals[key] = figure
    for key, numbers in parts.items():
        totals.setdefault(key, sum(numbers, Decimal(0)))
    for key, numerator, denominator in rates:
        totals[key] = rate(totals.get(numerator), totals.get(denominator))
    return totals
