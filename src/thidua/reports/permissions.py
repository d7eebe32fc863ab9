"""Who may do what to a report draft (object: the draft; for creating, an unsaved draft saying whose report it is).

A cluster's report is written by the secretariat of that edition (thường trực cụm) only; a unit's own report to its
cluster by the unit's officers and leader. Readers follow ``models.draft_scope``. Names avoid Django's
model-permission prefixes, so a superuser gets none of them for free.
"""

from __future__ import annotations

from typing import Any

import rules

from thidua.accounts.access import access_for
from thidua.core.scoping import CHANGE, VIEW
from thidua.reports.models import EDITION_READERS, OWN_UNIT_ROLES, SECRETARIAT, UNIT_READERS


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def writes_report(user: Any, draft: Any) -> bool:
    if draft is None or not _active(user):
        return False
    access = access_for(user)
    if draft.unit_id is None:
        return draft.edition_id in access.edition_ids_for(CHANGE, SECRETARIAT)
    return draft.unit_id in access.unit_ids_for(CHANGE, OWN_UNIT_ROLES)


@rules.predicate
def reads_report(user: Any, draft: Any) -> bool:
    if draft is None or not _active(user):
        return False
    access = access_for(user)
    if access.is_admin:
        return True
    if draft.unit_id is None:
        return draft.edition_id in access.edition_ids
    return draft.unit_id in access.unit_ids_for(VIEW, UNIT_READERS) or draft.edition_id in access.edition_ids_for(
        VIEW, EDITION_READERS
    )


rules.add_perm("reports.write_report", writes_report)  # create, edit the narrative, build files
rules.add_perm("reports.read_report", reads_report)  # read the draft, download its files
