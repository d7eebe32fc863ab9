"""REST API plumbing shared by every app: one error rendering, If-Match handling."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
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
    response = drf_exception_handler(exc, context)
    if response is not None:
        message = VIETNAMESE_MESSAGES.get(type(exc))
        if message is not None:
            response.data = error_body(message)
        elif isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
            field, errors = next(iter(response.data.items()), ("", [""]))
            text = errors[0] if isinstance(errors, list) and errors else str(errors)
            response.data = error_body(f"Trường «{field}»: {text}", field, {"errors": response.data})
    return response


# DRF's own refusals, in the users' language (its Vietnamese catalogue is incomplete).
VIETNAMESE_MESSAGES: dict[type[Exception], str] = {
    exceptions.NotAuthenticated: "Cần đăng nhập hoặc gửi mã truy cập API (tiêu đề Authorization: Token <mã>).",
    exceptions.AuthenticationFailed: "Mã truy cập API hoặc thông tin đăng nhập không hợp lệ.",
    exceptions.PermissionDenied: "Bạn không có quyền thực hiện việc này.",
    exceptions.NotFound: "Không tìm thấy dữ liệu yêu cầu trong phạm vi của bạn.",
    exceptions.MethodNotAllowed: "Phương thức HTTP này không được hỗ trợ tại địa chỉ này.",
    exceptions.ParseError: "Nội dung gửi lên không đọc được (JSON không hợp lệ).",
    exceptions.UnsupportedMediaType: "Kiểu nội dung gửi lên không được hỗ trợ; hãy gửi JSON.",
    exceptions.Throttled: "Quá nhiều yêu cầu; hãy thử lại sau.",
}


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
