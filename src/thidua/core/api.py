"""REST API plumbing shared by every app: one error rendering, If-Match handling."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import ApplicationError


def error_body(message: str, field: str | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": message}
    if field:
        body["field"] = field
    if extra:
        body.update(extra)
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Business errors become {"detail": <Vietnamese message>, "field": <field>} with their HTTP status."""
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.message, exc.field, exc.extra), status=exc.http_status)
    if isinstance(exc, DomainError):
        return Response(error_body(exc.message, exc.field), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        field, texts = next(iter(messages.items()))
        return Response(error_body(" ".join(texts), None if field in ("__all__", "detail") else field), status=400)
    return drf_exception_handler(exc, context)


def if_match_version(request: Any, body_version: Any = None) -> int | None:
    """The version an edit was based on: the If-Match header (ETag "N" or W/"N") or a ``version`` field."""
    header = request.headers.get("If-Match")
    raw = header.strip().removeprefix("W/").strip('"') if header else body_version
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ApplicationError("Phiên bản (If-Match hoặc version) phải là một số nguyên.", field="version") from None
