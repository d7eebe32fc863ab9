"""Users and their role assignments (phân công vai trò) per org unit or cluster edition."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, _user_has_perm
from django.db import models
from django.db.models import Q

from thidua.accounts.domain.roles import ROLE_LABELS, Role, ScopeKind, is_business_permission
from thidua.core.models import TimestampedModel

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


def _roles_of(scope: ScopeKind) -> list[str]:
    return [role.value for role in Role if role.scope is scope]


class User(AbstractUser):
    full_name = models.CharField("Họ và tên", max_length=150, blank=True)
    position = models.CharField("Chức vụ", max_length=150, blank=True)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        # Django lets an active superuser do anything; business actions (enter, submit, review, approve, vote)
        # are decided by the role predicates alone, so a system administrator approves nothing (DESIGN.md).
        if is_business_permission(perm):
            return self.is_active and _user_has_perm(self, perm, obj)
        return super().has_perm(perm, obj)


class RoleAssignment(TimestampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="Người dùng")
    role = models.CharField("Vai trò", max_length=32, choices=ROLE_CHOICES)
    org_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name="Đơn vị",
    )
    cluster_edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name="Cụm thi đua (năm)",
    )
    valid_from = models.DateField("Hiệu lực từ ngày")
    valid_to = models.DateField("Hết hiệu lực từ ngày", null=True, blank=True)

    class Meta:
        verbose_name = "phân công vai trò"
        verbose_name_plural = "phân công vai trò"
        constraints = [
            models.CheckConstraint(
                name="accounts_role_scope_matches_role",
                condition=(
                    Q(
                        role__in=_roles_of(ScopeKind.UNIT) + _roles_of(ScopeKind.SUBTREE),
                        org_unit__isnull=False,
                        cluster_edition__isnull=True,
                    )
                    | Q(
                        role__in=_roles_of(ScopeKind.CLUSTER_EDITION),
                        org_unit__isnull=True,
                        cluster_edition__isnull=False,
                    )
                    | Q(role__in=_roles_of(ScopeKind.SYSTEM), org_unit__isnull=True, cluster_edition__isnull=True)
                ),
                violation_error_message="Phạm vi của vai trò không đúng loại (đơn vị, cụm thi đua hoặc toàn hệ thống).",
            ),
            models.CheckConstraint(
                name="accounts_role_valid_to_after_from",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                violation_error_message="Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            ),
        ]

    def __str__(self) -> str:
        scope = self.org_unit or self.cluster_edition or "toàn hệ thống"
        return f"{self.user} — {self.get_role_display()} — {scope}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)
