"""Catalogue administration. Unit histories change through services (merge, rename, close), so the
admin shows them read-only; cluster editions are edited here with the same audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from thidua.core.admin_site import AuditedAdmin
from thidua.core.domain.errors import DomainError
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


class OrgUnitAddForm(forms.ModelForm):  # type: ignore[type-arg]
    """A new unit with its first name and parent, created by the organisations service (validated, audited)."""

    name = forms.CharField(label="Tên đơn vị", max_length=200)
    short_name = forms.CharField(label="Tên viết tắt", max_length=60, required=False)
    parent = forms.ModelChoiceField(label="Đơn vị cấp trên", queryset=OrgUnit.objects.all(), required=False)
    valid_from = forms.DateField(label="Hiệu lực từ ngày (dd/mm/yyyy)")
    basis = forms.CharField(label="Căn cứ (văn bản)", max_length=300, required=False)

    class Meta:
        model = OrgUnit
        fields = ["code", "unit_type", "notes"]

    def _create(self) -> Any:
        from thidua.organisations.services import org_unit_create

        data = self.cleaned_data
        return org_unit_create(
            code=data["code"],
            unit_type=data["unit_type"],
            name=data["name"],
            short_name=data["short_name"],
            parent=data["parent"],
            valid_from=data["valid_from"],
            basis=data["basis"],
            notes=data["notes"],
            actor=self.actor,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            # Try the service in a transaction that is always rolled back, so its refusal shows on the form.
            try:
                with transaction.atomic():
                    self._create()
                    raise _DryRunDone
            except _DryRunDone:
                pass
            except DomainError as exc:
                field = exc.field if exc.field in self.fields else None
                raise forms.ValidationError({field: exc.message} if field else exc.message) from None
        return data

    def save(self, commit: bool = True) -> Any:
        self.instance = self._create()
        return self.instance


class _DryRunDone(Exception):
    pass


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdmin):
    """Units are added here through the organisations service; later changes of name or parent, mergers and
    closures go through the services (they keep the history), so existing versions are shown read-only."""

    list_display = ["code", "__str__", "unit_type"]
    list_filter = ["unit_type"]
    search_fields = ["code", "versions__name"]
    fields = ["code", "unit_type", "notes"]
    readonly_fields = ["code"]
    inlines = [VersionInline]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            form = type("BoundOrgUnitAddForm", (OrgUnitAddForm,), {"actor": request.user})
            kwargs["form"] = form
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["code", "unit_type", "name", "short_name", "parent", "valid_from", "basis", "notes"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["code"] if obj is not None else []

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> Any:
        return [VersionInline] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        # On add, the form's save() already created the unit through the service (with its audit event).

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if change:
            super().save_related(request, form, formsets, change)

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
