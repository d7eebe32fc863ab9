"""Reads of the good-practice registry, always scoped to the user.

Who reads what (``models.practice_scope``): a unit's own officers and leaders, the emulation office and auditor over
it, and the secretariat of a cluster it is a member of read all the unit's entries, published or not; an entry its
unit has published (đã công bố) is read by every user, so any unit can learn from it and record that it adopted it.
Only the unit's officers and leaders and the office over it change an entry; only its leader or the office publish.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from thidua.accounts.access import access_for
from thidua.core.exceptions import NotFound
from thidua.core.scoping import CHANGE, VIEW
from thidua.indicators.models import Period
from thidua.organisations.models import OrgUnit
from thidua.practices.domain.search import fold, query_words
from thidua.practices.models import EDITOR_ROLES, Practice, Replication
from thidua.practices.permissions import PUBLISHER_ROLES


def _with_related(qs: QuerySet[Practice]) -> QuerySet[Practice]:
    return qs.select_related("unit", "period", "created_by").prefetch_related(
        "tags", "attachments", Prefetch("replications", queryset=Replication.objects.select_related("unit"))
    )


def practices(
    *,
    user: Any,
    query: str = "",
    kind: str | None = None,
    unit_id: int | None = None,
    period: Period | None = None,
    tag: str | None = None,
    published: bool | None = None,
    action: str = VIEW,
) -> QuerySet[Practice]:
    """Entries the user may read, filtered. ``query`` ignores accents and case ("mo hinh" finds "Mô hình"); each of
    its words must occur. ``period`` keeps the entries whose period lies inside it (2025 keeps 2025S1 and 2025)."""
    qs = Practice.objects.for_user(user, action)
    for word in query_words(query):
        qs = qs.filter(search_text__contains=word)
    if kind:
        qs = qs.filter(kind=kind)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if period is not None:
        qs = qs.filter(period__start__gte=period.start, period__end__lte=period.end)
    if tag:
        qs = qs.filter(tags__key=fold(tag))
    if published is not None:
        qs = qs.filter(published=published)
    return _with_related(qs).order_by("-period__start", "unit__code", "title").distinct()


def practice_get(*, user: Any, pk: int, action: str = VIEW) -> Practice:
    """Missing and out of reach answer alike."""
    found = _with_related(Practice.objects.for_user(user, action)).filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy mục này trong phạm vi của bạn.", field="practice")
    return found


def practices_for_report(*, units: Iterable[OrgUnit], period: Period, user: Any = None) -> list[Practice]:
    """Entries of ``units`` whose period is ``period`` or lies inside it, for the report documents (báo cáo sơ kết,
    tổng kết, mục "nhân tố mới, điển hình tiên tiến"). With ``user``, only what that user may read; without, the
    caller (a report the user is already allowed to build for these units) answers for the scope. Each has
    ``get_kind_display()``, ``title``, ``unit``, ``description``, ``results`` and ``replications.all()`` (with
    ``unit``, ``since``, ``note``)."""
    unit_ids = [u.pk for u in units]
    qs = Practice.objects.for_user(user) if user is not None else Practice.objects.all()
    qs = qs.filter(unit_id__in=unit_ids, period__start__gte=period.start, period__end__lte=period.end)
    return list(_with_related(qs).order_by("unit__code", "kind", "period__start", "title"))


def recording_units(*, user: Any) -> QuerySet[OrgUnit]:
    """Units the user may record entries for (and record as adopting a practice)."""
    ids = access_for(user).unit_ids_for(CHANGE, EDITOR_ROLES)
    return OrgUnit.objects.filter(pk__in=ids).order_by("code")


def filter_units(*, user: Any) -> QuerySet[OrgUnit]:
    """Units that have an entry the user may read (for the unit filter)."""
    ids = Practice.objects.for_user(user).values_list("unit_id", flat=True)
    return OrgUnit.objects.filter(pk__in=ids).order_by("code")


def filter_periods(*, user: Any) -> QuerySet[Period]:
    ids = Practice.objects.for_user(user).values_list("period_id", flat=True)
    return Period.objects.filter(pk__in=ids).order_by("-start", "end")


def todo(*, user: Any) -> list[tuple[str, str]]:
    """Entries of the user's units waiting to be published, for the unit's leader or the office over it."""
    ids = access_for(user).unit_ids_for(CHANGE, PUBLISHER_ROLES)
    if not ids:
        return []
    count = Practice.objects.for_user(user, CHANGE).filter(unit_id__in=ids, published=False).count()
    if not count:
        return []
    return [
        (
            f"{count} nhân tố mới, mô hình, cách làm hay của đơn vị chưa công bố.",
            reverse("practices:list") + "?cong-bo=chua",
        )
    ]
