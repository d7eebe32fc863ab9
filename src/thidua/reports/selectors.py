"""Reads of report drafts and their files, always scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.core.exceptions import NotFound
from thidua.core.scoping import CHANGE, VIEW
from thidua.indicators.models import Period
from thidua.organisations.models import ClusterEdition, OrgUnit
from thidua.organisations.selectors import unit_names_on
from thidua.reports.models import FileStatus, ReportDraft, ReportFile

NOT_FOUND = "Không tìm thấy báo cáo này trong phạm vi của bạn."


def drafts(*, user: Any, action: str = VIEW) -> QuerySet[ReportDraft]:
    return ReportDraft.objects.for_user(user, action).select_related(
        "edition__cluster__owner", "edition__leader", "period", "unit"
    )


def draft_get(*, user: Any, pk: int, action: str = VIEW) -> ReportDraft:
    """Missing and out of reach answer alike."""
    draft = drafts(user=user, action=action).filter(pk=pk).first()
    if draft is None:
        raise NotFound(NOT_FOUND, field="draft")
    return draft


def files_of(*, user: Any, draft: ReportDraft) -> list[ReportFile]:
    return list(ReportFile.objects.for_user(user).filter(draft=draft).select_related("requested_by").defer("content"))


def file_get(*, user: Any, pk: int, with_content: bool = False) -> ReportFile:
    qs = ReportFile.objects.for_user(user).select_related("draft")
    if not with_content:
        qs = qs.defer("content")
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy tệp báo cáo này trong phạm vi của bạn.", field="file")
    return found


def latest_done(files: list[ReportFile]) -> dict[str, ReportFile]:
    """The newest finished file of each format."""
    found: dict[str, ReportFile] = {}
    for item in files:
        if item.status == FileStatus.DONE and item.file_format not in found:
            found[item.file_format] = item
    return found


@dataclass(frozen=True)
class NewReportChoice:
    """A report the user may start: the edition (cluster report) or the edition and the user's unit."""

    edition: ClusterEdition
    unit: OrgUnit | None
    unit_name: str


def report_choices(*, user: Any) -> list[NewReportChoice]:
    """Cluster reports of the editions where the user is the secretariat; unit reports of the user's own units in
    the editions those units belong to."""
    access = access_for(user)
    secretariat = access.edition_ids_for(CHANGE, frozenset({Role.CLUSTER_SECRETARIAT}))
    own_units = access.unit_ids_for(CHANGE, frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER}))
    choices: list[NewReportChoice] = []
    for edition in ClusterEdition.objects.filter(pk__in=secretariat).select_related("cluster").order_by("-year"):
        choices.append(NewReportChoice(edition, None, ""))
    if own_units:
        editions = (
            ClusterEdition.objects.filter(memberships__unit__in=own_units)
            .select_related("cluster")
            .distinct()
            .order_by("-year")
        )
        units = list(OrgUnit.objects.filter(pk__in=own_units))
        for edition in editions:
            members = set(edition.memberships.values_list("unit_id", flat=True))
            for unit in units:
                if unit.pk in members:
                    name = unit_names_on([unit], date(edition.year, 12, 31)).get(unit.pk, str(unit))
                    choices.append(NewReportChoice(edition, unit, name))
    return choices


def report_periods(*, year: int | None = None) -> QuerySet[Period]:
    """Half-year and year periods (sơ kết, tổng kết), newest first."""
    qs = Period.objects.filter(kind__in=("half_year", "year"))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-start", "-end")
