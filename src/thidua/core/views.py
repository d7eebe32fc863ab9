"""System pages: health check and the error pages (never a traceback)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

_ready = False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 once the database answers and every migration is applied; 503 otherwise."""
    global _ready
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _ready:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if pending:
                return JsonResponse(
                    {"status": "starting", "detail": "Cơ sở dữ liệu chưa cập nhật cấu trúc."}, status=503
                )
            _ready = True
    except Exception:  # noqa: BLE001 - any database failure means "not ready", reported without details
        return JsonResponse({"status": "unavailable", "detail": "Không kết nối được cơ sở dữ liệu."}, status=503)
    return JsonResponse({"status": "ok"})


def error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_page(request, 400, "Yêu cầu không hợp lệ", "Yêu cầu gửi lên không hợp lệ. Hãy quay lại và thử lại.")


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_page(request, 403, "Không có quyền", "Bạn không có quyền thực hiện việc này.")


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_page(
        request, 404, "Không tìm thấy", "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu, hoặc bạn không có quyền xem."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(
        request,
        500,
        "Lỗi hệ thống",
        "Hệ thống gặp lỗi khi xử lý yêu cầu. Lỗi đã được ghi lại; hãy thử lại sau ít phút.",
    )
