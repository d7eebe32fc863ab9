"""Helpers every service uses: permission checks, optimistic versions, normalised text."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit


def nfc(text: str | None) -> str:
    """Vietnamese text may arrive as NFC or NFD (DOMAIN.md section 8); we store NFC, trimmed."""
    return unicodedata.normalize("NFC", text or "").strip()


def check_version(obj: Any, expected_version: int | None) -> None:
    """Refuse an edit based on an older version than the stored one (never merge silently)."""
    if expected_version is not None and expected_version != obj.version:
        raise StaleEdit(current_version=obj.version, sent_version=expected_version)


def bump_version(obj: Any) -> None:
    obj.version = (obj.version or 0) + 1


def require(allowed: bool, message: str = "Bạn không có quyền thực hiện việc này.") -> None:
    if not allowed:
        raise Forbidden(message)


def full_clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    """Model validation turned into one DomainError naming the first field at fault."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.message_dict.items()))
            raise DomainError(" ".join(errors), field=None if field == "__all__" else field) from None
        raise DomainError(" ".join(exc.messages)) from None
