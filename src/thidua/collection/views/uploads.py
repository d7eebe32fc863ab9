"""The evidence upload every page with a file field shares (report form, narrative report, practice): what the file
input accepts, the size limit it shows, and the posted file refused before it is read into memory when it is missing or
too large."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from thidua.collection.domain import evidence
from thidua.core.domain.errors import DomainError

ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx"
MAX_MB = evidence.MAX_BYTES // (1024 * 1024)


def upload_context() -> dict[str, Any]:
    """``accept`` and ``max_mb`` for the template's file input."""
    return {"accept": ACCEPT, "max_mb": MAX_MB}


def posted_file(request: HttpRequest, *, missing: str = "Hãy chọn tệp cần đính kèm.") -> Any:
    """The posted «file»; a DomainError naming the field when there is none or it is larger than the limit."""
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(missing, field="file")
    if upload.size is not None and upload.size > evidence.MAX_BYTES:
        raise DomainError(f"Tệp «{upload.name}» quá lớn: tối đa {MAX_MB} MB.", field="file")
    return upload
