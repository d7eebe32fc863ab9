"""Numbers as Vietnamese users write them (DOMAIN.md section 8): "." groups thousands, "," is the
decimal mark; "1.799" is 1799 and "93,5" is 93.5."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from thidua.core.domain.errors import DomainError

_GROUPED = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
MAX_INTEGER_DIGITS = 16  # the database keeps 20 digits, 4 of them after the decimal mark
MAX_DECIMAL_PLACES = 4


def parse_number(raw: object, *, field: str = "value") -> Decimal:
    """Parse a typed number. Accepts 1.799 / 1.799,5 / 93,5 / 93.5 / 1799; refuses anything else by name."""
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, bool):
        raise DomainError(f"«{raw}» không phải là số.", field=field)
    elif isinstance(raw, int | float):
        value = Decimal(str(raw))
    else:
        text = unicodedata.normalize("NFC", str(raw)).strip().replace(" ", "").replace("\u00a0", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".", 1)
        elif _GROUPED.match(text):
            text = text.replace(".", "")
        if not _PLAIN.match(text):
            raise DomainError(f"«{raw}» không phải là số (ví dụ hợp lệ: 1.799 hoặc 93,5).", field=field)
        try:
            value = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern only lets plain numbers through
            raise DomainError(f"«{raw}» không phải là số (ví dụ hợp lệ: 1.799 hoặc 93,5).", field=field) from None
    if not value.is_finite():
        raise DomainError(f"«{raw}» không phải là số hữu hạn.", field=field)
    if abs(value) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise DomainError(f"«{raw}» quá lớn: tối đa {MAX_INTEGER_DIGITS} chữ số phần nguyên.", field=field)
    if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES), rounding=ROUND_DOWN):
        raise DomainError(f"«{raw}» có quá {MAX_DECIMAL_PLACES} chữ số sau dấu phẩy.", field=field)
    return value


def format_number(value: Decimal | int | None) -> str:
    """A number as Vietnamese readers write it: 1.799 and 93,5 ("—" when there is none)."""
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")
