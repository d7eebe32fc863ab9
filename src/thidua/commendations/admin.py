"""Administration of the commendations catalogue (/quan-tri/): titles and forms, rule sets with their criteria
(kind + JSON parameters, checked by building the pure criterion), caps, reward coefficients and base salaries.

Every save goes through ``services.rule_data_save`` (validated, versioned, audited); the form runs the same checks
first so a refusal shows on the form and nothing is stored. Rule data is never deleted (it ends by its validity
dates), except a criterion or a cap, through ``services.rule_data_delete``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from thidua.commendations import services
from thidua.commendations.models import (
    BaseSalary,
    CapRule,
    CatalogueEntry,
    RewardCoefficient,
    RuleCriterion,
    RuleSet,
)
from thidua.core.admin_site import AuditedAdmin
from thidua.core.domain.errors import DomainError


class _DryRun(Exception):
    pass


class RuleDataForm(forms.ModelForm):  # type: ignore[type-arg]
    """Runs the service's checks in a transaction that is always rolled back, so a refusal shows on the form."""

    actor: Any = None

    def _post_clean(self) -> None:
        super()._post_clean()  # the instance now holds the submitted values
        if self.errors:
            return
        try:
            with transaction.atomic():
                services.rule_data_check(self.instance)
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)


class RuleDataAdmin(AuditedAdmin):
    form = RuleDataForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.rule_data_save(obj=obj, actor=request.user, expected_version=obj.version if change else None)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(RuleDataAdmin):
    list_display = ["name", "code", "kind", "level", "recipient", "article", "requires_vote", "valid_from", "valid_to"]
    list_filter = ["kind", "level", "recipient"]
    search_fields = ["name", "code", "civil_name"]


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = RuleCriterion
    extra = 0
    can_delete = False
    fields = ["title", "order", "kind", "params", "article", "requirement", "enabled"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RuleSet)
class RuleSetAdmin(RuleDataAdmin):
    list_display = ["name", "legal_basis", "valid_from", "valid_to", "cap_mode", "merger_policy"]
    search_fields = ["name", "legal_basis", "code"]
    inlines = [CriterionInline]


@admin.register(RuleCriterion)
class RuleCriterionAdmin(RuleDataAdmin):
    list_display = ["requirement", "title", "ruleset", "kind", "article", "enabled"]
    list_filter = ["ruleset", "title", "kind", "enabled"]
    search_fields = ["requirement", "article"]
    readonly_fields = ["requirement"]


@admin.register(CapRule)
class CapRuleAdmin(RuleDataAdmin):
    list_display = ["__str__", "ruleset", "kind", "edition", "mode"]
    list_filter = ["ruleset", "kind"]


@admin.register(RewardCoefficient)
class RewardCoefficientAdmin(RuleDataAdmin):
    list_display = ["entry", "coefficient", "valid_from", "valid_to", "legal_basis"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(RuleDataAdmin):
    list_display = ["amount", "valid_from", "legal_basis"]
