"""Reported values, their submissions through the workflow, entry windows, validation rules, lock
exceptions, evidence files and notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.accounts.domain.roles import Role
from thidua.collection.domain.validation import MissingPolicy, Operator, Severity
from thidua.collection.domain.workflow import STATUS_LABELS, Status
from thidua.core.models import TimestampedModel, VersionedModel
from thidua.core.scoping import VIEW, ScopedQuerySet

OWN_UNIT_ROLES = frozenset(set(Role) - {Role.CLUSTER_SECRETARIAT})
EDITION_ROLES = frozenset({Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE, Role.AUDITOR})


def _submission_scope(access, action: str, prefix: str = "") -> Q:  # type: ignore[no-untyped-def]
    """A unit's own people and the offices over it reach its reports; a cluster's secretariat (and the office or
    auditor over the cluster's owner) reach the reports of that edition."""
    if access.is_admin and action == VIEW:
        return Q()
    return Q(**{f"{prefix}unit__in": access.unit_ids_for(action, OWN_UNIT_ROLES)}) | Q(
        **{f"{prefix}data_set__edition__in": access.edition_ids_for(action, EDITION_ROLES)}
    )


class SubmissionQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return _submission_scope(access, action)


class Submission(VersionedModel):
    """A unit's report for one data set and one period (báo cáo của đơn vị), moving through the workflow.

    Its version changes with every value saved, so an approval based on what the reviewer saw is refused
    when anything changed since.
    """

    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="submissions", verbose_name="Đơn vị"
    )
    data_set = models.ForeignKey(
        "indicators.DataSet", on_delete=models.PROTECT, related_name="submissions", verbose_name="Bộ chỉ tiêu"
    )
    period = models.ForeignKey(
        "indicators.Period", on_delete=models.PROTECT, related_name="submissions", verbose_name="Kỳ báo cáo"
    )
    status = models.CharField(
        "Trạng thái", max_length=16, choices=[(s.value, s.label) for s in Status], default=Status.DRAFT.value
    )
    submitted_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người gửi",
    )
    submitted_late = models.BooleanField("Gửi muộn", default=False)
    decided_at = models.DateTimeField("Duyệt/trả lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người duyệt/trả",
    )
    reason = models.TextField("Lý do trả lại / hủy duyệt", blank=True)
    review_flags = models.JSONField("Cảnh báo cần xem xét", default=list, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo số liệu"
        verbose_name_plural = "báo cáo số liệu"
        ordering = ["period_id", "data_set_id", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "data_set", "period"],
                name="collection_submission_unique",
                violation_error_message="Đơn vị đã có báo cáo của bộ chỉ tiêu này trong kỳ này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.data_set} — {self.period}"

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]


class DataValueQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return _submission_scope(access, action, prefix="submission__")


class DataValue(VersionedModel):
    """One reported figure (số liệu) of a submission, optionally for one disaggregation option."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="values", verbose_name="Chỉ tiêu"
    )
    option = models.ForeignKey(
        "indicators.DisaggregationOption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        verbose_name="Phân tổ",
    )
    value = models.DecimalField("Giá trị", max_digits=20, decimal_places=4, null=True, blank=True)
    value_bool = models.BooleanField("Có/không", null=True, blank=True)
    value_text = models.TextField("Nội dung", blank=True)
    comment = models.TextField("Ghi chú, giải thích", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Người nhập",
    )
    flagged = models.BooleanField("Khác thường so với các kỳ trước", default=False)

    objects = DataValueQuerySet.as_manager()

    class Meta:
        verbose_name = "số liệu"
        verbose_name_plural = "số liệu"
        ordering = ["submission_id", "indicator_id", "option_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"],
                condition=Q(option__isnull=True),
                name="collection_value_unique_total",
            ),
            models.UniqueConstraint(
                fields=["submission", "indicator", "option"],
                condition=Q(option__isnull=False),
                name="collection_value_unique_option",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} = {self.display}"

    @property
    def display(self) -> str:
        if self.value is not None:
            return f"{self.value.normalize():f}"
        if self.value_bool is not None:
            return "Có" if self.value_bool else "Không"
        return self.value_text


class EntryWindow(TimestampedModel):
    """When a data set's reports for a period may be entered, and their deadline (hạn gửi báo cáo)."""

    data_set = models.ForeignKey("indicators.DataSet", on_delete=models.CASCADE, related_name="windows")
    period = models.ForeignKey("indicators.Period", on_delete=models.PROTECT, related_name="windows")
    opens_on = models.DateField("Mở nhập từ ngày")
    deadline = models.DateField("Hạn gửi báo cáo")

    class Meta:
        verbose_name = "thời hạn nhập liệu"
        verbose_name_plural = "thời hạn nhập liệu"
        constraints = [
            models.UniqueConstraint(fields=["data_set", "period"], name="collection_window_unique"),
            models.CheckConstraint(
                name="collection_window_deadline_after_open",
                condition=Q(deadline__gte=models.F("opens_on")),
                violation_error_message="Hạn gửi báo cáo không được trước ngày mở nhập.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data_set} — {self.period}: hạn {self.deadline:%d/%m/%Y}"


class ValidationRuleQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin or action == VIEW:
            return Q()
        return Q(edition__in=access.edition_ids_for(action, EDITION_ROLES))


class ValidationRule(VersionedModel):
    """A check on the values of a report, e.g. «Số vụ làm rõ không vượt số vụ xảy ra»."""

    edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="validation_rules",
        verbose_name="Áp dụng cho cụm (năm)",
        help_text="Bỏ trống: áp dụng cho mọi cụm.",
    )
    code = models.CharField("Mã quy tắc", max_length=40)
    name = models.CharField("Nội dung", max_length=300)
    left = models.CharField("Vế trái", max_length=300)
    operator = models.CharField("Phép so sánh", max_length=2, choices=[(o.value, o.value) for o in Operator])
    right = models.CharField("Vế phải", max_length=300)
    severity = models.CharField(
        "Mức độ", max_length=8, choices=[(s.value, s.label) for s in Severity], default=Severity.HARD.value
    )
    missing = models.CharField(
        "Khi thiếu số liệu",
        max_length=8,
        choices=[(m.value, m.label) for m in MissingPolicy],
        default=MissingPolicy.SKIP.value,
    )
    is_active = models.BooleanField("Đang áp dụng", default=True)

    objects = ValidationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "quy tắc kiểm tra số liệu"
        verbose_name_plural = "quy tắc kiểm tra số liệu"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="collection_rule_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.left} {self.operator} {self.right}"


class LockException(TimestampedModel):
    """Permission from above to correct an approved report until a given time (mở khóa có thời hạn)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="lock_exceptions")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("Lý do")
    until = models.DateTimeField("Được sửa đến")

    class Meta:
        verbose_name = "mở khóa số liệu"
        verbose_name_plural = "mở khóa số liệu"

    def __str__(self) -> str:
        return f"{self.submission} — đến {self.until:%d/%m/%Y %H:%M}"


def evidence_path(instance: Attachment, filename: str) -> str:
    return f"evidence/{instance.submission_id}/{instance.sha256[:16]}-{filename}"


class Attachment(TimestampedModel):
    """An evidence file (tài liệu kiểm chứng), checked by content and size before it is kept."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    value = models.ForeignKey(DataValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments")
    file = models.FileField("Tệp", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("Tên tệp", max_length=255)
    kind = models.CharField("Loại tệp", max_length=16)
    size = models.PositiveBigIntegerField("Dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"

    def __str__(self) -> str:
        return self.original_name


class Notification(TimestampedModel):
    """An in-app notice (thông báo): a report returned or approved, a deadline approaching."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField("Nội dung", max_length=500)
    url = models.CharField("Đường dẫn", max_length=300, blank=True)
    read_at = models.DateTimeField("Đã đọc lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message


# Narrative reports (báo cáo bằng lời văn) and the figures proposed from them -----------------------------------


class NarrativeQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return _submission_scope(access, action, prefix="submission__")


def narrative_path(instance: NarrativeReport, filename: str) -> str:
    return f"narrative/{instance.submission_id}/{instance.sha256[:16]}-{filename}"


class NarrativeReport(VersionedModel):
    """A unit's narrative report (.txt or .docx) uploaded on a draft, kept with its text so the review of the
    figures found in it can be resumed. Nothing in it reaches the report until the officer accepts a figure."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="narratives")
    file = models.FileField("Tệp", upload_to=narrative_path, max_length=300)
    original_name = models.CharField("Tên tệp", max_length=255)
    kind = models.CharField("Loại tệp", max_length=8)
    size = models.PositiveBigIntegerField("Dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    # The text read from the file, NFC: the figures' spans index it.
    text = models.TextField("Nội dung")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = NarrativeQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo bằng lời văn"
        verbose_name_plural = "báo cáo bằng lời văn"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class FigureStatus(models.TextChoices):
    PENDING = "pending", "Chờ xem xét"
    ACCEPTED = "accepted", "Đã nhận vào báo cáo"
    SKIPPED = "skipped", "Bỏ qua"


class NarrativeFigure(models.Model):
    """One figure found in a narrative report (thidua.reports.extract), with the indicator proposed for it and,
    once the officer decides, the indicator (and breakdown option) it was accepted into, or "bỏ qua"."""

    narrative = models.ForeignKey(NarrativeReport, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveIntegerField("Thứ tự")
    value = models.DecimalField("Giá trị", max_digits=28, decimal_places=6)
    low = models.DecimalField(max_digits=28, decimal_places=6, null=True, blank=True)
    high = models.DecimalField(max_digits=28, decimal_places=6, null=True, blank=True)
    unit = models.CharField("Đơn vị tính", max_length=40, blank=True)
    qualifier = models.CharField("Từ chỉ mức độ", max_length=16, blank=True)
    change = models.CharField("Tăng/giảm", max_length=16, blank=True)
    same_period = models.BooleanField("So với cùng kỳ", default=False)
    words = models.CharField("Nguyên văn", max_length=300)
    span_start = models.PositiveIntegerField()
    span_end = models.PositiveIntegerField()
    phrase_start = models.PositiveIntegerField()
    phrase_end = models.PositiveIntegerField()
    proposed = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chỉ tiêu đề xuất",
    )
    score = models.FloatField(null=True, blank=True)
    status = models.CharField("Trạng thái", max_length=16, choices=FigureStatus.choices, default=FigureStatus.PENDING)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Chỉ tiêu đã nhận",
    )
    option = models.ForeignKey(
        "indicators.DisaggregationOption", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data_value = models.ForeignKey(DataValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "số liệu trong báo cáo lời văn"
        verbose_name_plural = "số liệu trong báo cáo lời văn"
        ordering = ["narrative_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["narrative", "order"], name="collection_narrative_figure_order"),
        ]

    def __str__(self) -> str:
        return self.words
