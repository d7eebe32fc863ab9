"""Who may do what in the good-practice registry (object: the practice, or the unit for recording one).

A unit's officers and leaders record and edit its entries; the emulation office over the unit may do so for it.
Publishing (công bố, so every user can read and replicate it) belongs to the unit's leader or the office over it.
A unit records that it adopted someone else's practice (nhân rộng) through its own officers, leaders or office.
Names avoid Django's model-permission prefixes, so a superuser gets none of them for free.
"""

from __future__ import annotations

from typing import Any

import rules

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.practices.models import EDITOR_ROLES

PUBLISHER_ROLES = frozenset({Role.UNIT_LEADER, Role.EMULATION_OFFICE})


def _holds(user: Any, unit_id: int | None, roles: frozenset[Role]) -> bool:
    if unit_id is None or not (user.is_authenticated and user.is_active):
        return False
    return unit_id in access_for(user).unit_ids_for("change", roles)


@rules.predicate
def records_for_unit(user: Any, unit: Any) -> bool:
    return unit is not None and _holds(user, unit.pk, EDITOR_ROLES)


@rules.predicate
def edits_practice(user: Any, practice: Any) -> bool:
    return practice is not None and _holds(user, practice.unit_id, EDITOR_ROLES)


@rules.predicate
def publishes_practice(user: Any, practice: Any) -> bool:
    return practice is not None and _holds(user, practice.unit_id, PUBLISHER_ROLES)


rules.add_perm("practices.record", records_for_unit)  # object: the unit
rules.add_perm("practices.edit", edits_practice)
rules.add_perm("practices.publish", publishes_practice)
rules.add_perm("practices.replicate_for", records_for_unit)  # object: the adopting unit
