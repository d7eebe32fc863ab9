"""Who may do what to a report (object: the submission). Separation of duties: entering, submitting,
reviewing and finalising are different roles."""

from __future__ import annotations

from typing import Any

import rules

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.accounts.permissions import is_system_admin, manages_edition


def _holds_on_unit(role: Role) -> Any:
    @rules.predicate
    def predicate(user: Any, submission: Any) -> bool:
        if submission is None or not (user.is_authenticated and user.is_active):
            return False
        return role in access_for(user).unit_roles.get(submission.unit_id, frozenset())

    return predicate


def _holds_on_edition(*roles: Role) -> Any:
    wanted = frozenset(roles)

    @rules.predicate
    def predicate(user: Any, submission: Any) -> bool:
        if submission is None or not (user.is_authenticated and user.is_active):
            return False
        held = access_for(user).edition_roles.get(submission.data_set.edition_id, frozenset())
        return bool(held & wanted)

    return predicate


is_unit_officer = _holds_on_unit(Role.UNIT_OFFICER)
is_unit_leader = _holds_on_unit(Role.UNIT_LEADER)
reviews_edition = _holds_on_edition(Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE)
is_office_over_edition = _holds_on_edition(Role.EMULATION_OFFICE)

rules.add_perm("collection.enter_values", is_unit_officer)
rules.add_perm("collection.submit", is_unit_leader)
rules.add_perm("collection.review", reviews_edition)  # return or approve
rules.add_perm("collection.finalise", is_office_over_edition)
rules.add_perm("collection.unapprove", is_office_over_edition)  # "a higher level may unapprove"
rules.add_perm("collection.grant_lock_exception", is_office_over_edition)
rules.add_perm("collection.manage_rules", is_system_admin | manages_edition)  # object: the edition
