"""Who may do what to a secret ballot (object: the ballot, or the edition for creating one).

The cluster's secretariat of the edition, or the emulation office over the cluster's owner, prepares, opens and
closes a ballot; the people on its roll vote; auditors over the cluster read the totals. Results exist only after
closing (the services refuse them before), whoever asks.

Names avoid Django's model-permission prefixes (add_, change_, delete_, view_): only the other names are business
permissions that a superuser does not get for free (``accounts.domain.roles.is_business_permission``).
"""

from __future__ import annotations

from typing import Any

import rules

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.accounts.permissions import CLUSTER_MANAGERS, manages_edition


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def manages_ballot(user: Any, ballot: Any) -> bool:
    if ballot is None or not _active(user):
        return False
    return ballot.edition_id in access_for(user).edition_ids_for("change", CLUSTER_MANAGERS)


@rules.predicate
def audits_ballot(user: Any, ballot: Any) -> bool:
    if ballot is None or not _active(user):
        return False
    return Role.AUDITOR in access_for(user).edition_roles.get(ballot.edition_id, frozenset())


@rules.predicate
def is_on_roll(user: Any, ballot: Any) -> bool:
    if ballot is None or ballot.pk is None or not _active(user):
        return False
    return bool(ballot.roll.filter(user=user).exists())


rules.add_perm("voting.create_ballot", manages_edition)  # object: the cluster edition
rules.add_perm("voting.manage_ballot", manages_ballot)  # settings, candidates, roll, open, close, minutes
rules.add_perm("voting.cast", is_on_roll)
rules.add_perm("voting.read_turnout", manages_ballot | audits_ballot)  # who has voted, never how
rules.add_perm("voting.read_results", manages_ballot | audits_ballot | is_on_roll)  # totals, once closed
