"""Writes of the reports app: drafts (the narrative written in the browser) and the files built from them.

A draft edit carries the version it was based on (a stale one is refused) and is audited. Requesting a file queues a
background task (django-tasks, database backend) after the transaction commits; the task builds the file, reports its
progress, and keeps the file with the fingerprint of the data it was built from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.indicators.models import Period
from thidua.organisations.models import ClusterEdition, OrgUnit
from thidua.organisations.selectors import member_during
from thidua.reports import builder
from thidua.reports.convert import convert
from thidua.reports.domain.layout import ReportKind, document_number, file_name
from thidua.reports.models import FileFormat, FileStatus, ReportDraft, ReportFile
from thidua.reports.render_docx import render_docx
from thidua.reports.render_xlsx import render_xlsx

WRITE_REFUSED = (
    "Chỉ thường trực cụm của năm đó viết báo cáo của cụm; báo cáo của đơn vị do cán bộ, lãnh đạo đơn vị đó viết."
)
TEXT_FIELDS = (
    "place",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients",
    "situation",
    "leadership",
    "activities",
    "assessment",
    "direction",
    "proposals",
)


def _kind(value: ReportKind | str) -> ReportKind:
    try:
        return ReportKind(value)
    except ValueError:
        raise DomainError("Loại báo cáo phải là sơ kết 6 tháng hoặc tổng kết năm.", field="kind") from None


def check_report_scope(*, kind: ReportKind, edition: ClusterEdition, period: Period, unit: OrgUnit | None) -> None:
    """The period matches the kind and the edition's year; a unit's report comes from a member of the edition."""
    if period.kind != kind.period_kind:
        wanted = "6 tháng (ví dụ 2026S1)" if kind is ReportKind.HALF_YEAR else "năm (ví dụ 2025)"
        raise DomainError(f"{kind.label} cần kỳ báo cáo {wanted}, không phải kỳ «{period.code}».", field="period")
    if period.year != edition.year:
        raise DomainError(
            f"Kỳ «{period.code}» không thuộc năm {edition.year} của {edition.cluster.name}.", field="period"
        )
    if unit is not None and not member_during(edition.pk, unit, period.start, period.end):
        raise DomainError(f"Đơn vị «{unit}» không là thành viên {edition} trong kỳ {period.code}.", field="unit")


@transaction.atomic
def report_draft_create(
    *, kind: ReportKind | str, edition: ClusterEdition, period: Period, unit: OrgUnit | None = None, actor: Any
) -> ReportDraft:
    """A new draft of the cluster's (no unit) or a unit's báo cáo sơ kết / tổng kết."""
    report_kind = _kind(kind)
    draft = ReportDraft(kind=report_kind.value, edition=edition, period=period, unit=unit, created_by=actor)
    require(actor.has_perm("reports.write_report", draft), WRITE_REFUSED)
    check_report_scope(kind=report_kind, edition=edition, period=period, unit=unit)
    full_clean(draft)
    draft.save()
    audit.record(actor=actor, action="report_draft.create", obj=draft, after=audit.snapshot(draft))
    return draft


@transaction.atomic
def report_draft_update(
    *,
    draft: ReportDraft,
    expected_version: int | None,
    actor: Any,
    number: str | None = None,
    issued_on: date | None = None,
    clear_issued_on: bool = False,
    **texts: str,
) -> ReportDraft:
    """Save the document's particulars and the narrative sections; refused if someone saved in between."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise DomainError(f"Không có mục «{sorted(unknown)[0]}» trong báo cáo.", field=sorted(unknown)[0])
    locked = ReportDraft.objects.select_for_update().select_related("edition__cluster", "period").get(pk=draft.pk)
    require(actor.has_perm("reports.write_report", locked), WRITE_REFUSED)
    check_version(locked, expected_version)
    before = audit.snapshot(locked)
    if number is not None:
        cleaned = nfc(number)
        document_number(cleaned)  # refuses a malformed number, naming it
        locked.number = cleaned
    if issued_on is not None or clear_issued_on:
        locked.issued_on = issued_on
    for name, value in texts.items():
        setattr(locked, name, nfc(value))
    bump_version(locked)
    full_clean(locked)
    locked.save()
    audit.record(actor=actor, action="report_draft.update", obj=locked, before=before, after=audit.snapshot(locked))
    return locked


# Files -------------------------------------------------------------------------------------------------------------


def build_bytes(
    draft: ReportDraft, file_format: str, *, user: Any, progress: Callable[[int], None] | None = None
) -> tuple[str, bytes]:
    """Build one file (.docx, .xlsx or .pdf) of a draft, saved or not; returns (file name, content)."""
    report = builder.build_document(draft, user=user, progress=progress or builder._nothing)
    issuer = draft.unit.code if draft.unit_id else f"CUM{draft.edition.cluster.number}"
    name = file_name(ReportKind(draft.kind), issuer, draft.period.code, file_format)
    if file_format == FileFormat.XLSX:
        content = render_xlsx(report)
    else:
        content = render_docx(report)
        if file_format == FileFormat.PDF:
            if progress:
                progress(85)
            content = convert(content, source_suffix="docx", target="pdf")
    if progress:
        progress(95)
    return name, content


def _enqueue(file_id: int) -> None:
    from thidua.reports.tasks import build_report_file

    result = build_report_file.enqueue(file_id)
    ReportFile.objects.filter(pk=file_id).update(task_id=str(result.id)[:64])


@transaction.atomic
def report_file_request(*, draft: ReportDraft, file_format: str, actor: Any) -> ReportFile:
    """Queue the building of a file; the background worker (``thidua worker``) builds it."""
    if file_format not in FileFormat.values:
        raise DomainError("Định dạng tệp phải là docx, xlsx hoặc pdf.", field="file_format")
    require(actor.has_perm("reports.write_report", draft), WRITE_REFUSED)
    item = ReportFile(draft=draft, file_format=file_format, requested_by=actor, draft_version=draft.version)
    full_clean(item, exclude=["content"])
    item.save()
    audit.record(
        actor=actor,
        action="report_file.request",
        obj=item,
        after={"draft": draft.pk, "file_format": file_format, "draft_version": draft.version},
    )
    transaction.on_commit(lambda: _enqueue(item.pk))
    return item


def _set_progress(file_id: int, percent: int) -> None:
    ReportFile.objects.filter(pk=file_id).update(progress=min(max(percent, 0), 100), updated_at=timezone.now())


def report_file_build(*, file_id: int) -> ReportFile:
    """Run by the background task: build the file and keep it with the data version it was built from.

    Progress is written outside any transaction so the page sees it while the file is being built. A failure is kept
    on the file, in Vietnamese, and never half a file.
    """
    item = ReportFile.objects.select_related("draft__edition__cluster", "draft__period", "requested_by").get(pk=file_id)
    if item.status == FileStatus.DONE:
        return item
    ReportFile.objects.filter(pk=file_id).update(
        status=FileStatus.RUNNING, progress=5, started_at=timezone.now(), error=""
    )
    draft = (
        ReportDraft.objects.select_related("edition__cluster__owner", "edition__leader", "period", "unit")
        .filter(pk=item.draft_id)
        .get()
    )
    version = builder.data_version(draft)
    try:
        name, content = build_bytes(
            draft, item.file_format, user=item.requested_by, progress=lambda p: _set_progress(file_id, p)
        )
    except DomainError as exc:
        ReportFile.objects.filter(pk=file_id).update(
            status=FileStatus.FAILED, error=exc.message, finished_at=timezone.now()
        )
    except Exception as exc:
        ReportFile.objects.filter(pk=file_id).update(
            status=FileStatus.FAILED,
            error=f"Lỗi hệ thống khi tạo tệp ({type(exc).__name__}); hãy báo quản trị hệ thống.",
            finished_at=timezone.now(),
        )
        raise
    else:
        ReportFile.objects.filter(pk=file_id).update(
            status=FileStatus.DONE,
            progress=100,
            content=content,
            size=len(content),
            filename=name,
            data_version=version,
            draft_version=draft.version,
            finished_at=timezone.now(),
        )
    item.refresh_from_db()
    return item


@transaction.atomic
def report_file_build_now(*, draft: ReportDraft, file_format: str, actor: Any) -> ReportFile:
    """Build a file in the foreground (the demo loader uses it: the same code as the background task)."""
    require(actor.has_perm("reports.write_report", draft), WRITE_REFUSED)
    item = ReportFile(draft=draft, file_format=file_format, requested_by=actor, draft_version=draft.version)
    full_clean(item, exclude=["content"])
    item.save()
    audit.record(
        actor=actor,
        action="report_file.request",
        obj=item,
        after={"draft": draft.pk, "file_format": file_format, "draft_version": draft.version},
    )
    return report_file_build(file_id=item.pk)


# The command line --------------------------------------------------------------------------------------------------

FORMATS_BY_SUFFIX = {".docx": FileFormat.DOCX, ".xlsx": FileFormat.XLSX, ".pdf": FileFormat.PDF}


def command_draft(*, kind: str, cluster_number: int, period_code: str, unit_code: str | None) -> ReportDraft:
    """The draft ``thidua report`` builds: the saved one for this report if there is one, else an unsaved draft whose
    narrative sections say they are still to be written. Bad input gets one Vietnamese sentence."""
    from thidua.organisations.models import Cluster, ClusterLevel

    report_kind = _kind(kind)
    period = Period.objects.filter(code=nfc(period_code).upper()).first()
    if period is None:
        raise DomainError(f"Không có kỳ báo cáo «{period_code}» (ví dụ: 2026S1 cho sơ kết, 2025 cho tổng kết).")
    clusters = list(Cluster.objects.filter(number=cluster_number).select_related("owner"))
    if len(clusters) > 1:
        clusters = [c for c in clusters if c.level == ClusterLevel.MINISTRY] or clusters
    if not clusters:
        raise DomainError(f"Không có cụm thi đua số {cluster_number}.")
    if len(clusters) > 1:
        raise DomainError(f"Có nhiều cụm thi đua số {cluster_number}; không xác định được cụm cần lập báo cáo.")
    edition = (
        ClusterEdition.objects.filter(cluster=clusters[0], year=period.year)
        .select_related("cluster__owner", "leader")
        .first()
    )
    if edition is None:
        raise DomainError(f"{clusters[0].name} chưa có thành phần của năm {period.year}.")
    unit = None
    if unit_code:
        unit = (
            OrgUnit.objects.filter(code=nfc(unit_code).upper()).first()
            or OrgUnit.objects.filter(code=nfc(unit_code)).first()
        )
        if unit is None:
            raise DomainError(f"Không có đơn vị mã «{unit_code}».")
    check_report_scope(kind=report_kind, edition=edition, period=period, unit=unit)
    saved = (
        ReportDraft.objects.filter(kind=report_kind.value, edition=edition, period=period, unit=unit)
        .select_related("edition__cluster__owner", "edition__leader", "period", "unit")
        .first()
    )
    return saved or ReportDraft(kind=report_kind.value, edition=edition, period=period, unit=unit)


def command_format(out: str) -> str:
    from pathlib import Path

    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS_BY_SUFFIX:
        raise DomainError(f"Tệp kết quả «{out}» phải có đuôi .docx, .xlsx hoặc .pdf.", field="out")
    return FORMATS_BY_SUFFIX[suffix].value
