"""Who may do what to a proposal dossier (object: the dossier, or the proposing unit for creating one).

* The proposing unit's officers and leaders draft, edit and submit its dossiers (``propose``).
* The cluster's secretariat of the dossier's edition (or the emulation office over the cluster's owner) accepts,
  returns and forwards a dossier sent to the cluster (``review_in_cluster``).
* The emulation office over the unit's parent (cơ quan thường trực cấp trên) returns, approves and records the
  decision (``approve``); a provincial office never approves its own province's dossier, the ministry's does.
* Whoever proposed a dossier (created or submitted it) never approves or decides it: the services refuse it.

Names avoid Django's model-permission prefixes (add_, change_, delete_, view_), so a superuser does not get them.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils import timezone

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.accounts.permissions import CLUSTER_MANAGERS

PROPOSERS = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER})
OFFICE = frozenset({Role.EMULATION_OFFICE})


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def proposes_for_unit(user: Any, unit: Any) -> bool:
    if unit is None or not _active(user):
        return False
    return unit.pk in access_for(user).unit_ids_for("change", PROPOSERS)


@rules.predicate
def proposes_dossier(user: Any, dossier: Any) -> bool:
    if dossier is None or not _active(user):
        return False
    return dossier.unit_id in access_for(user).unit_ids_for("change", PROPOSERS)


@rules.predicate
def reviews_in_cluster(user: Any, dossier: Any) -> bool:
    if dossier is None or dossier.edition_id is None or not _active(user):
        return False
    return dossier.edition_id in access_for(user).edition_ids_for("change", CLUSTER_MANAGERS)


def approving_unit_id(dossier: Any) -> int:
    """The unit whose emulation office approves: the proposing unit's parent at the end of the year (or now)."""
    from datetime import date

    unit = dossier.unit
    day = min(date(dossier.year, 12, 31), timezone.localdate())
    version = unit.version_on(day) or unit.versions.order_by("-valid_from").first()
    parent_id = getattr(version, "parent_id", None)
    return int(parent_id) if parent_id is not None else int(unit.pk)


@rules.predicate
def office_over_dossier(user: Any, dossier: Any) -> bool:
    if dossier is None or not _active(user):
        return False
    return approving_unit_id(dossier) in access_for(user).unit_ids_for("change", OFFICE)


rules.add_perm("commendations.propose", proposes_for_unit)  # object: the proposing unit
rules.add_perm("commendations.edit_dossier", proposes_dossier)  # lines, settings, submit
rules.add_perm("commendations.review_in_cluster", reviews_in_cluster)  # accept, return, forward, link ballots
rules.add_perm("commendations.approve", office_over_dossier)  # return, approve, decide
