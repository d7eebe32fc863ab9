from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.core.admin_site import AuditedAdmin
from thidua.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedAdmin):
    list_display = ["seq", "at", "actor_username", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_username", "object_id"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
