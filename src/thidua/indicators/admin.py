from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from thidua.core.admin_site import AuditedAdmin
from thidua.core.domain.errors import DomainError
from thidua.indicators.domain.indicators import Aggregation, ValueType, validate_definition
from thidua.indicators.models import (
    DataSet,
    DataSetItem,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    Period,
    Target,
)


class IndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Indicator
        fields = [
            "code", "name", "unit_of_measure", "value_type", "direction", "aggregation", "numerator", "denominator",
            "disaggregations", "synonyms", "description", "is_active",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            validate_definition(
                code=data.get("code") or "",
                name=data.get("name") or "",
                value_type=ValueType(data.get("value_type") or "count"),
                aggregation=Aggregation(data.get("aggregation") or "sum"),
                numerator=data["numerator"].code if data.get("numerator") else None,
                denominator=data["denominator"].code if data.get("denominator") else None,
            )
        except DomainError as exc:
            raise forms.ValidationError({exc.field or "__all__": exc.message}) from None
        return data


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    form = IndicatorForm
    list_display = ["code", "name", "unit_of_measure", "value_type", "direction", "aggregation", "is_active"]
    list_filter = ["value_type", "direction", "is_active"]
    search_fields = ["code", "name", "synonyms"]
    filter_horizontal = ["disaggregations"]


class OptionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DisaggregationOption
    extra = 0


@admin.register(Disaggregation)
class DisaggregationAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    inlines = [OptionInline]


@admin.register(Period)
class PeriodAdmin(AuditedAdmin):
    list_display = ["code", "name", "kind", "start", "end", "calendar"]
    list_filter = ["kind", "year"]
    search_fields = ["code", "name"]


class ItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DataSetItem
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(DataSet)
class DataSetAdmin(AuditedAdmin):
    list_display = ["code", "name", "edition", "period_kind"]
    inlines = [ItemInline]


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["unit", "indicator", "period", "kind", "value"]
    list_filter = ["period", "edition"]
    readonly_fields = ["edition", "unit", "indicator", "period", "option", "kind", "value", "note"]

    def has_add_permission(self, request: Any, *args: Any) -> bool:
        return False  # targets are assigned through the cluster pages and the API (membership is checked there)
