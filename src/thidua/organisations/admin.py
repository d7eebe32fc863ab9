"""Catalogue administration. Unit histories change through services (merge, rename, close), so the
admin shows them read-only; cluster editions are edited here with the same audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from thidua.core.admin_site import AuditedAdmin
from thidua.organisations.models import (
    Cluster,
    ClusterEdition,
    ClusterMembership,
    OrgUnit,
    OrgUnitVersion,
    SuccessionEvent,
    SuccessionLink,
)


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionInline(ReadOnlyInline):
    model = OrgUnitVersion
    fk_name = "unit"
    fields = ["name", "short_name", "parent", "valid_from", "valid_to", "basis"]


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    list_display = ["code", "__str__", "unit_type"]
    list_filter = ["unit_type"]
    search_fields = ["code", "versions__name"]
    fields = ["code", "unit_type", "notes"]
    readonly_fields = ["code"]
    inlines = [VersionInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # created with its first version by the organisations service (thidua manage / import)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LinkInline(ReadOnlyInline):
    model = SuccessionLink
    fields = ["unit", "side"]


@admin.register(SuccessionEvent)
class SuccessionEventAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "effective_date", "basis"]
    list_filter = ["kind"]
    fields = ["kind", "effective_date", "basis", "note"]
    readonly_fields = ["kind", "effective_date"]
    inlines = [LinkInline]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(Cluster)
class ClusterAdmin(AuditedAdmin):
    list_display = ["number", "name", "level", "owner"]
    list_filter = ["level"]
    autocomplete_fields = ["owner"]


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ClusterMembership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(ClusterEdition)
class ClusterEditionAdmin(AuditedAdmin):
    list_display = ["cluster", "year", "leader", "deputy", "selection_method"]
    list_filter = ["year", "cluster"]
    autocomplete_fields = ["leader", "deputy"]
    inlines = [MembershipInline]
    search_fields = ["cluster__name"]
