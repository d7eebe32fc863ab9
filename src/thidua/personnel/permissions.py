"""Who may do what to personnel records and registrations (django-rules predicates on top of ``for_user``).

* Records of a person (postings, ratings, discipline, innovations, awards): the unit officer of the unit the person
  currently serves in, or the emulation office over it. Auditors and leaders only read.
* A unit's own records (task completion, collective awards): its unit officer or the emulation office over it.
* Registration: the unit officer registers, the unit leader submits (never the same person for one registration);
  the emulation office over the scope opens windows and may record a late registration with a reason.
"""

from __future__ import annotations

from typing import Any

import rules

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role

EDITORS = frozenset({Role.UNIT_OFFICER, Role.EMULATION_OFFICE})
OFFICE = frozenset({Role.EMULATION_OFFICE})
OFFICERS = frozenset({Role.UNIT_OFFICER})
LEADERS = frozenset({Role.UNIT_LEADER})


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def current_unit_ids(person: Any) -> set[int]:
    """Units of the person's open postings; for someone who has left, the unit of the last posting."""
    open_units = set(person.postings.filter(valid_to__isnull=True).values_list("org_unit_id", flat=True))
    if open_units:
        return open_units
    last = person.postings.order_by("-valid_from").values_list("org_unit_id", flat=True).first()
    return {last} if last is not None else set()


def _unit_id(obj: Any) -> int | None:
    return getattr(obj, "pk", None)


@rules.predicate
def edits_person(user: Any, person: Any) -> bool:
    if person is None or not _active(user):
        return False
    return bool(current_unit_ids(person) & access_for(user).unit_ids_for("change", EDITORS))


@rules.predicate
def edits_unit_records(user: Any, unit: Any) -> bool:
    """``unit``: an OrgUnit. Adding people to it, its task completion, its collective awards."""
    if unit is None or not _active(user):
        return False
    return _unit_id(unit) in access_for(user).unit_ids_for("change", EDITORS)


@rules.predicate
def registers_for_unit(user: Any, unit: Any) -> bool:
    if unit is None or not _active(user):
        return False
    return _unit_id(unit) in access_for(user).unit_ids_for("change", OFFICERS)


@rules.predicate
def submits_for_unit(user: Any, unit: Any) -> bool:
    if unit is None or not _active(user):
        return False
    return _unit_id(unit) in access_for(user).unit_ids_for("change", LEADERS)


@rules.predicate
def is_office_over_unit(user: Any, unit: Any) -> bool:
    if unit is None or not _active(user):
        return False
    return _unit_id(unit) in access_for(user).unit_ids_for("change", OFFICE)


@rules.predicate
def manages_window_scope(user: Any, window: Any) -> bool:
    """``window``: a RegistrationWindow (saved or not): the office over its unit, or over its edition's cluster."""
    if window is None or not _active(user):
        return False
    access = access_for(user)
    if window.org_unit_id is not None:
        return window.org_unit_id in access.unit_ids_for("change", OFFICE)
    return window.edition_id in access.edition_ids_for("change", OFFICE)


# Names avoid Django's model-permission prefixes (add_, change_, delete_, view_).
rules.add_perm("personnel.edit_person", edits_person)
rules.add_perm("personnel.edit_unit_records", edits_unit_records)
rules.add_perm("personnel.register", registers_for_unit)
rules.add_perm("personnel.submit_registration", submits_for_unit)
rules.add_perm("personnel.register_late", is_office_over_unit)
rules.add_perm("personnel.manage_window", manages_window_scope)
