"""Who may do what in scoring (objects: the scale's edition, or a scorecard).

Separation of duties (DOMAIN.md section 4): the unit officer self-scores and answers explanation requests, the unit
leader submits, the cluster secretariat (thường trực cụm) of the edition scores, comments, requests explanations and
approves, the emulation office locks and unlocks. Scales are prepared by the secretariat or the office.

Names avoid Django's model-permission prefixes, so a superuser gets none of them for free.
"""

from __future__ import annotations

from typing import Any

import rules

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.accounts.permissions import CLUSTER_MANAGERS, manages_edition


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _unit_role(user: Any, card: Any, role: Role) -> bool:
    if card is None or not _active(user):
        return False
    return role in access_for(user).unit_roles.get(card.unit_id, frozenset()) and (
        card.unit_id in access_for(user).unit_ids_for("change")
    )


@rules.predicate
def is_unit_officer_of(user: Any, card: Any) -> bool:
    return _unit_role(user, card, Role.UNIT_OFFICER)


@rules.predicate
def is_unit_leader_of(user: Any, card: Any) -> bool:
    return _unit_role(user, card, Role.UNIT_LEADER)


@rules.predicate
def is_secretariat_of(user: Any, card: Any) -> bool:
    if card is None or not _active(user):
        return False
    edition_id = card.scale.edition_id
    return Role.CLUSTER_SECRETARIAT in access_for(user).edition_roles.get(edition_id, frozenset())


@rules.predicate
def is_office_over(user: Any, card: Any) -> bool:
    if card is None or not _active(user):
        return False
    return Role.EMULATION_OFFICE in access_for(user).edition_roles.get(card.scale.edition_id, frozenset())


@rules.predicate
def manages_scale(user: Any, scale: Any) -> bool:
    if scale is None or not _active(user):
        return False
    return scale.edition_id in access_for(user).edition_ids_for("change", CLUSTER_MANAGERS)


rules.add_perm("scoring.manage_scale", manages_edition)  # object: the edition (create, copy)
rules.add_perm("scoring.edit_scale", manages_scale)  # object: the scale
rules.add_perm("scoring.self_score", is_unit_officer_of)  # object: the scorecard
rules.add_perm("scoring.submit", is_unit_leader_of)
rules.add_perm("scoring.explain", is_unit_officer_of | is_unit_leader_of)
rules.add_perm("scoring.cluster_score", is_secretariat_of)
rules.add_perm("scoring.approve", is_secretariat_of)
rules.add_perm("scoring.lock", is_office_over)
