"""Vietnamese number formatting in scoring templates: ``{{ value|vn }}`` → 1.799 / 93,5 / —."""

from __future__ import annotations

from decimal import Decimal

from django import template

from thidua.core.domain.numbers import format_number

register = template.Library()


@register.filter
def vn(value: Decimal | int | None) -> str:
    return format_number(value)
