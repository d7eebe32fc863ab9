"""The Django admin, in Vietnamese, for system administrators only; every save is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from thidua.core import audit


def is_system_admin(user: Any) -> bool:
    from thidua.accounts.access import access_for

    return bool(user.is_active and user.is_authenticated and access_for(user).is_admin)


class ThiduaAdminSite(admin.AdminSite):
    site_header = "thidua — Quản trị danh mục"
    site_title = "thidua"
    index_title = "Danh mục và cấu hình"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admin-only access and an audit event for every add, change and delete."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_system_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change:
                before = audit.snapshot(type(obj).objects.get(pk=obj.pk))
                if hasattr(obj, "version"):
                    obj.version += 1
            super().save_model(request, obj, form, change)
            audit.record(
                actor=request.user,
                action="admin.change" if change else "admin.add",
                obj=obj,
                before=before,
                after=audit.snapshot(obj),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(actor=request.user, action="admin.delete", obj=obj, before=audit.snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
