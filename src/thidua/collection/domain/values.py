"""Reading a typed value by the indicator's value type (giá trị nhập theo kiểu chỉ tiêu)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import parse_number
from thidua.indicators.domain.indicators import ValueType

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
