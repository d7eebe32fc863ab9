"""Validation rules as data (quy tắc kiểm tra số liệu): left side, operator, right side, importance, and
what to do when a value is missing. E.g. ``TTXH-LAMRO <= TTXH-XAYRA`` (solved cases never exceed occurred
cases), ``TTXH-TLKP <= 100``, ``BICAN <= DOITUONG-BATGIU``.

A side is a sum of terms, each an indicator code or a number, optionally multiplied by a number:
``A + B - 2 * C + 5``. Pure Python: the database stores the rule's text.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number as _fmt


class Operator(StrEnum):
    LE = "<="
    LT = "<"
    EQ = "=="
    NE = "!="
    GE = ">="
    GT = ">"


class Severity(StrEnum):
    HARD = "hard"  # chặn gửi báo cáo
    SOFT = "soft"  # cho gửi nếu có giải thích

    @property
    def label(self) -> str:
        return {"hard": "Bắt buộc (chặn gửi)", "soft": "Cảnh báo (cần giải thích)"}[self.value]


class MissingPolicy(StrEnum):
    SKIP = "skip"  # bỏ qua quy tắc khi thiếu số liệu
    ZERO = "zero"  # coi số liệu thiếu là 0
    FAIL = "fail"  # thiếu số liệu là vi phạm

    @property
    def label(self) -> str:
        return {"skip": "Bỏ qua quy tắc", "zero": "Coi như bằng 0", "fail": "Coi là vi phạm"}[self.value]


_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_TERM = re.compile(r"\s*([+-])?\s*(?:(\d+(?:[.,]\d+)?)\s*\*\s*)?([A-Za-z][A-Za-z0-9_-]*|\d+(?:[.,]\d+)?)\s*")


@dataclass(frozen=True)
class Term:
    coefficient: Decimal
    code: str | None  # None: a constant equal to ``coefficient``


def parse_side(text: str, *, field: str) -> tuple[Term, ...]:
    """``"A + 2 * B - 5"`` -> terms; a clear refusal naming the field when it cannot be read."""
    source = text.strip()
    if not source:
        raise DomainError("Vế của quy tắc không được để trống.", field=field)
    terms: list[Term] = []
    position = 0
    while position < len(source):
        match = _TERM.match(source, position)
        if match is None or match.end() == position:
            raise DomainError(f"Không đọc được biểu thức «{source}» từ vị trí {position + 1}.", field=field)
        sign, factor, token = match.groups()
        if terms and sign is None:
            raise DomainError(f"Thiếu dấu + hoặc - trong biểu thức «{source}».", field=field)
        coefficient = Decimal(-1 if sign == "-" else 1)
        if factor:
            coefficient *= Decimal(factor.replace(",", "."))
        if token[0].isdigit():
            try:
                terms.append(Term(coefficient * Decimal(token.replace(",", ".")), None))
            except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
                raise DomainError(f"Số «{token}» không hợp lệ.", field=field) from None
        else:
            terms.append(Term(coefficient, token.upper()))
        position = match.end()
    return tuple(terms)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    left: str
    operator: Operator
    right: str
    severity: Severity = Severity.HARD
    missing: MissingPolicy = MissingPolicy.SKIP

    def indicators(self) -> set[str]:
        return {t.code for t in parse_side(self.left, field="left") + parse_side(self.right, field="right") if t.code}


def validate_rule(rule: Rule) -> None:
    parse_side(rule.left, field="left")
    parse_side(rule.right, field="right")
    if not rule.code.strip():
        raise DomainError("Mã quy tắc không được để trống.", field="code")
    if not rule.indicators():
        raise DomainError("Quy tắc phải nhắc tới ít nhất một chỉ tiêu.", field="left")


@dataclass(frozen=True)
class Violation:
    rule: Rule
    left: Decimal | None
    right: Decimal | None
    missing: tuple[str, ...]

    @property
    def blocks(self) -> bool:
        return self.rule.severity is Severity.HARD

    @property
    def message(self) -> str:
        return self.describe({})

    def describe(self, names: Mapping[str, str]) -> str:
        """The message with indicator codes replaced by their names where ``names`` knows them."""

        def named(text: str) -> str:
            return _CODE.sub(lambda m: names.get(m.group(0).upper(), m.group(0)), text)

        if self.missing:
            return f"{self.rule.name}: thiếu số liệu {', '.join(names.get(c, c) for c in self.missing)}."
        return (
            f"{self.rule.name}: {named(self.rule.left)} = {_fmt(self.left)} "
            f"nhưng {named(self.rule.right)} = {_fmt(self.right)}."
        )


def _side_value(
    terms: Iterable[Term], values: Mapping[str, Decimal | None], policy: MissingPolicy
) -> tuple[Decimal | None, list[str]]:
    total = Decimal(0)
    missing: list[str] = []
    for term in terms:
        if term.code is None:
            total += term.coefficient
            continue
        value = values.get(term.code)
        if value is None:
            missing.append(term.code)
            if policy is MissingPolicy.ZERO:
                continue
            return None, missing
        total += term.coefficient * value
    return total, missing


_COMPARE = {
    Operator.LE: lambda a, b: a <= b,
    Operator.LT: lambda a, b: a < b,
    Operator.EQ: lambda a, b: a == b,
    Operator.NE: lambda a, b: a != b,
    Operator.GE: lambda a, b: a >= b,
    Operator.GT: lambda a, b: a > b,
}


def evaluate(rules: Iterable[Rule], values: Mapping[str, Decimal | None]) -> list[Violation]:
    """Every rule the values break, in rule order. ``values`` maps indicator code -> value (None: missing)."""
    found: list[Violation] = []
    for rule in rules:
        left, missing_left = _side_value(parse_side(rule.left, field="left"), values, rule.missing)
        right, missing_right = _side_value(parse_side(rule.right, field="right"), values, rule.missing)
        missing = tuple(missing_left + missing_right)
        if left is None or right is None:
            if rule.missing is MissingPolicy.FAIL:
                found.append(Violation(rule, left, right, missing))
            continue
        if not _COMPARE[rule.operator](left, right):
            found.append(Violation(rule, left, right, ()))
    return found


def is_outlier(value: Decimal | None, history: Iterable[Decimal], *, spread: Decimal = Decimal(5)) -> bool:
    """A value far outside the unit's own history is flagged for review (not refused).

    Far = more than ``spread`` deviations from the median of at least three earlier values, where a deviation is
    the median absolute deviation but never less than a tenth of the median (nor less than 1): ordinary
    year-to-year variation of a few earlier figures is not flagged, a slipped digit is.
    """
    earlier = [Decimal(v) for v in history]
    if value is None or len(earlier) < 3:
        return False
    median = Decimal(statistics.median(earlier))
    deviation = Decimal(statistics.median([abs(v - median) for v in earlier]))
    deviation = max(deviation, abs(median) / 10, Decimal(1))
    return abs(value - median) > spread * deviation
