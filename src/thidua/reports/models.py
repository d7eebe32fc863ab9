"""Report drafts (the narrative the secretariat writes in the browser, with the document's number, place, date,
signer and recipients) and the files built from them, each kept with the version of the data it was built from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.accounts.domain.roles import Role
from thidua.core.models import TimestampedModel, VersionedModel
from thidua.core.scoping import VIEW, ScopedQuerySet
from thidua.reports.domain.layout import KIND_LABELS, ReportKind

OWN_UNIT_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER})
UNIT_READERS = frozenset(set(Role) - {Role.CLUSTER_SECRETARIAT})
EDITION_READERS = frozenset({Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE, Role.AUDITOR})
SECRETARIAT = frozenset({Role.CLUSTER_SECRETARIAT})


def draft_scope(access, action: str, prefix: str = "") -> Q:  # type: ignore[no-untyped-def]
    """Readers: a cluster report is read by whoever reads the edition; a unit's report by its own people, the offices
    over it, and the edition's secretariat (it is sent to them). Writers: the edition's secretariat writes the cluster
    report; the unit's officers and leader write the unit's report."""
    unit_null = Q(**{f"{prefix}unit__isnull": True})
    if action == VIEW:
        if access.is_admin:
            return Q()
        return (
            (unit_null & Q(**{f"{prefix}edition__in": access.edition_ids}))
            | Q(**{f"{prefix}unit__in": access.unit_ids_for(VIEW, UNIT_READERS)})
            | (~unit_null & Q(**{f"{prefix}edition__in": access.edition_ids_for(VIEW, EDITION_READERS)}))
        )
    return (unit_null & Q(**{f"{prefix}edition__in": access.edition_ids_for(action, SECRETARIAT)})) | Q(
        **{f"{prefix}unit__in": access.unit_ids_for(action, OWN_UNIT_ROLES)}
    )


class ReportDraftQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return draft_scope(access, action)


class ReportDraft(VersionedModel):
    """A báo cáo sơ kết / tổng kết being written: the cluster's (no unit) or one member unit's to its cluster."""

    kind = models.CharField("Loại báo cáo", max_length=10, choices=[(k.value, KIND_LABELS[k]) for k in ReportKind])
    edition = models.ForeignKey(
        "organisations.ClusterEdition", on_delete=models.PROTECT, related_name="+", verbose_name="Cụm thi đua (năm)"
    )
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="+", verbose_name="Kỳ")
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Đơn vị (báo cáo của đơn vị gửi cụm)",
    )
    number = models.CharField("Số, ký hiệu", max_length=60, blank=True, help_text="Ví dụ: 05/BC-CTĐ")
    place = models.CharField("Địa danh", max_length=100, blank=True)
    issued_on = models.DateField("Ngày ban hành", null=True, blank=True)
    signer_authority = models.CharField("Thẩm quyền ký", max_length=150, blank=True, help_text="Ví dụ: TM. CỤM")
    signer_title = models.CharField("Chức vụ người ký", max_length=150, blank=True)
    signer_name = models.CharField("Họ tên người ký", max_length=150, blank=True)
    recipients = models.TextField("Nơi nhận (mỗi dòng một nơi)", blank=True)
    situation = models.TextField("I. Đặc điểm tình hình", blank=True)
    leadership = models.TextField("II.1. Công tác lãnh đạo, chỉ đạo, tổ chức phong trào", blank=True)
    activities = models.TextField("II.5. Hoạt động của cụm", blank=True)
    assessment = models.TextField("III. Đánh giá chung (ưu điểm, tồn tại hạn chế, nguyên nhân)", blank=True)
    direction = models.TextField("IV. Phương hướng, nhiệm vụ", blank=True)
    proposals = models.TextField("V. Đề xuất, kiến nghị", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="Người tạo"
    )

    objects = ReportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo sơ kết, tổng kết"
        verbose_name_plural = "báo cáo sơ kết, tổng kết"
        ordering = ["-period__start", "edition_id", "unit_id", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "edition", "period"],
                condition=Q(unit__isnull=True),
                name="reports_draft_unique_cluster_report",
                violation_error_message="Cụm đã có báo cáo loại này cho kỳ này.",
            ),
            models.UniqueConstraint(
                fields=["kind", "edition", "period", "unit"],
                condition=Q(unit__isnull=False),
                name="reports_draft_unique_unit_report",
                violation_error_message="Đơn vị đã có báo cáo loại này cho kỳ này.",
            ),
        ]

    def __str__(self) -> str:
        whose = f" — {self.unit}" if self.unit_id else ""
        return f"{self.kind_label} {self.period.code} — {self.edition}{whose}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[ReportKind(self.kind)]

    @property
    def report_kind(self) -> ReportKind:
        return ReportKind(self.kind)


class FileFormat(models.TextChoices):
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"
    PDF = "pdf", "PDF (.pdf)"


class FileStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Lỗi"


class ReportFileQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return draft_scope(access, action, prefix="draft__")


class ReportFile(TimestampedModel):
    """A file built from a draft, kept with the fingerprint of the data it was built from (``data_version``).

    The content lives in the database so every app server (and the worker) sees it (DESIGN.md: stateless servers).
    """

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="files", verbose_name="Báo cáo")
    file_format = models.CharField("Định dạng", max_length=4, choices=FileFormat.choices)
    status = models.CharField("Trạng thái", max_length=8, choices=FileStatus.choices, default=FileStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("Tiến độ (%)", default=0)
    data_version = models.CharField("Phiên bản dữ liệu", max_length=64, blank=True)
    draft_version = models.PositiveIntegerField("Phiên bản bản thảo", default=0)
    filename = models.CharField("Tên tệp", max_length=200, blank=True)
    content = models.BinaryField("Nội dung", null=True, blank=True, editable=False)
    size = models.PositiveIntegerField("Dung lượng (byte)", default=0)
    error = models.TextField("Lỗi", blank=True)
    task_id = models.CharField("Mã công việc nền", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="Người yêu cầu"
    )
    started_at = models.DateTimeField("Bắt đầu lúc", null=True, blank=True)
    finished_at = models.DateTimeField("Xong lúc", null=True, blank=True)

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        verbose_name = "tệp báo cáo"
        verbose_name_plural = "tệp báo cáo"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["draft", "file_format", "status"], name="reports_file_draft_idx")]
        constraints = [
            models.CheckConstraint(
                name="reports_file_progress_range",
                condition=Q(progress__lte=100),
                violation_error_message="Tiến độ không vượt quá 100%.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft} ({self.file_format})"

    @property
    def is_finished(self) -> bool:
        return self.status in (FileStatus.DONE, FileStatus.FAILED)
