"""Authentication backend: Django's passwords and model permissions, except business actions.

Business actions (entering, submitting, reviewing, approving, voting, proposing) are decided by the rules
predicates alone, so even a superuser gets no business approval (DESIGN.md: system administrators manage
users, units and settings, and approve nothing).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from thidua.accounts.domain.roles import is_business_permission


class ThiduaModelBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if is_business_permission(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
