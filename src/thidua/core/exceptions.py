"""One error hierarchy for services, rendered alike by pages, the API and the command line.

``ApplicationError`` extends the domain's ``DomainError`` so a refusal raised by a pure rule and one
raised by a service carry the same Vietnamese ``message`` and the same ``field``.
"""

from __future__ import annotations

from typing import Any

from thidua.core.domain.errors import DomainError


class ApplicationError(DomainError):
    """A request was refused; ``message`` is Vietnamese and says what to do."""

    http_status = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message, field=field)
        self.extra = extra or {}


class NotFound(ApplicationError):
    """Missing and forbidden look the same, so nobody learns what exists outside their units."""

    http_status = 404


class Forbidden(ApplicationError):
    """The user may see the object but not do this to it."""

    http_status = 403


class StaleEdit(ApplicationError):
    """The edit was based on an older version than the one stored (HTTP 412)."""

    http_status = 412

    def __init__(self, *, current_version: int, sent_version: int | None) -> None:
        super().__init__(
            "Dữ liệu đã được người khác sửa sau khi bạn mở (phiên bản hiện tại "
            f"{current_version}, bạn gửi phiên bản {sent_version}): hãy tải lại và nhập lại thay đổi.",
            field="version",
            extra={"current_version": current_version},
        )
