"""The one scoping mechanism: ``Model.objects.for_user(user, action)``.

Every selector starts from ``for_user``; each model says in ``scope_q`` which of its rows a user's
access covers. Access (the units and cluster editions a user's roles reach) is computed once per
user object by ``thidua.accounts.access``.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

VIEW = "view"
CHANGE = "change"


class ScopedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def scope_q(self, access: Any, action: str) -> Q:
        raise NotImplementedError(f"{self.model.__name__} must say which rows a user's access covers")

    def for_user(self, user: Any, action: str = VIEW) -> ScopedQuerySet:
        from thidua.accounts.access import access_for

        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        access = access_for(user)
        return self.filter(self.scope_q(access, action)).distinct()


class CatalogueQuerySet(ScopedQuerySet):
    """Shared catalogues (indicators, periods): every active user reads them; administrators and the
    emulation office change them."""

    def scope_q(self, access: Any, action: str) -> Q:
        if action == VIEW or access.is_admin or access.is_emulation_office:
            return Q()
        return Q(pk__in=[])
