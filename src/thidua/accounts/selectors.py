"""Reads about the signed-in user: roles, units, cluster editions."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.accounts.models import RoleAssignment


def active_roles(*, user: Any) -> QuerySet[RoleAssignment]:
    today = timezone.localdate()
    return (
        RoleAssignment.objects.filter(user=user, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .select_related("org_unit", "cluster_edition__cluster")
        .order_by("role")
    )
