"""Business errors raised by the pure domain rules.

Messages are Vietnamese sentences a user can act on; ``field`` names the form field, column or
argument the message is about, so pages, the API and the command line can point at it.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the input (lỗi nghiệp vụ)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
