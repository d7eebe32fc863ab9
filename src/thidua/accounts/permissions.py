"""Shared permission predicates (django-rules) on top of org-unit scoping.

Scoping (``for_user``) decides which rows a user reaches; these predicates decide which actions a role
allows on an object in reach. Services check them with ``actor.has_perm(name, obj)``.
"""

from __future__ import annotations

from typing import Any

import rules

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role

OFFICE = frozenset({Role.EMULATION_OFFICE})
CLUSTER_MANAGERS = frozenset({Role.EMULATION_OFFICE, Role.CLUSTER_SECRETARIAT})


@rules.predicate
def is_system_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and access_for(user).is_admin)


@rules.predicate
def is_emulation_office(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and access_for(user).is_emulation_office)


@rules.predicate
def is_emulation_office_over(user: Any, unit: Any) -> bool:
    """The user is the emulation office of a subtree that holds ``unit``."""
    if unit is None or not (user.is_authenticated and user.is_active):
        return False
    return unit.pk in access_for(user).unit_ids_for("change", OFFICE)


@rules.predicate
def manages_edition(user: Any, edition: Any) -> bool:
    """The user is the cluster secretariat of ``edition`` or the emulation office over it."""
    if edition is None or not (user.is_authenticated and user.is_active):
        return False
    return edition.pk in access_for(user).edition_ids_for("change", CLUSTER_MANAGERS)
