"""Configuration of data collection for administrators: entry windows and validation rules. Reports and
values are read-only here: they change only through the workflow (pages, API, import)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from thidua.collection.domain.validation import MissingPolicy, Operator, Rule, Severity, validate_rule
from thidua.collection.models import Attachment, DataValue, EntryWindow, LockException, Submission, ValidationRule
from thidua.core.admin_site import AuditedAdmin
from thidua.core.domain.errors import DomainError


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["unit", "data_set", "period", "status", "submitted_at", "submitted_late"]
    list_filter = ["status", "period", "submitted_late"]


@admin.register(DataValue)
class DataValueAdmin(ReadOnlyAdmin):
    list_display = ["submission", "indicator", "option", "value", "value_bool", "entered_by", "flagged"]
    list_filter = ["flagged"]


@admin.register(LockException)
class LockExceptionAdmin(ReadOnlyAdmin):
    list_display = ["submission", "granted_by", "until", "reason"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "submission", "kind", "size", "uploaded_by", "created_at"]


@admin.register(EntryWindow)
class EntryWindowAdmin(AuditedAdmin):
    list_display = ["data_set", "period", "opens_on", "deadline"]
    list_filter = ["period"]


class ValidationRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ValidationRule
        fields = ["edition", "code", "name", "left", "operator", "right", "severity", "missing", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            validate_rule(
                Rule(
                    code=data.get("code") or "",
                    name=data.get("name") or "",
                    left=data.get("left") or "",
                    operator=Operator(data.get("operator") or "<="),
                    right=data.get("right") or "",
                    severity=Severity(data.get("severity") or "hard"),
                    missing=MissingPolicy(data.get("missing") or "skip"),
                )
            )
        except DomainError as exc:
            raise forms.ValidationError({exc.field if exc.field in self.fields else "left": exc.message}) from None
        return data


@admin.register(ValidationRule)
class ValidationRuleAdmin(AuditedAdmin):
    form = ValidationRuleForm
    list_display = ["code", "name", "left", "operator", "right", "severity", "missing", "edition", "is_active"]
    list_filter = ["severity", "is_active"]
    search_fields = ["code", "name"]
