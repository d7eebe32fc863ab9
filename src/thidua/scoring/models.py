"""Schema of the scoring app: scales (thang điểm) per cluster edition and period, their tree of groups and criteria,
criteria not assigned to a unit, classification bands, and per unit a scorecard (phiếu chấm điểm) with one row per
criterion (self score with evidence, cluster score and comment, explanation, approved score)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.accounts.domain.roles import Role
from thidua.core.models import TimestampedModel, VersionedModel
from thidua.core.scoping import VIEW, ScopedQuerySet
from thidua.scoring.domain.quantitative import LOWER_IS_BETTER_RULE_LABELS
from thidua.scoring.domain.scale import CRITERION_KIND_LABELS, RankingBasis
from thidua.scoring.domain.workflow import CARD_STATE_LABELS, CardState

SCALE_MANAGERS = frozenset({Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE})
CARD_READERS = frozenset({Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE, Role.AUDITOR})
OWN_UNIT_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER, Role.EMULATION_OFFICE, Role.AUDITOR})


class ScaleState(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    PUBLISHED = "published", "Đã ban hành"


class ScaleQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        """Readers: whoever reads the edition (its members included). Writers: its secretariat and the office."""
        if action == VIEW:
            return Q() if access.is_admin else Q(edition__in=access.edition_ids)
        return Q(edition__in=access.edition_ids_for(action, SCALE_MANAGERS))


class Scale(VersionedModel):
    """The scale of the giao ước thi đua of a cluster edition for one period (e.g. Cụm 6, 2024, 6 tháng)."""

    edition = models.ForeignKey(
        "organisations.ClusterEdition", on_delete=models.PROTECT, related_name="scales", verbose_name="Cụm (năm)"
    )
    period = models.ForeignKey(
        "indicators.Period", on_delete=models.PROTECT, related_name="scales", verbose_name="Kỳ chấm điểm"
    )
    name = models.CharField("Tên thang điểm", max_length=300)
    declared_total = models.DecimalField("Tổng điểm", max_digits=9, decimal_places=2)
    basis = models.CharField("Căn cứ (văn bản)", max_length=300, blank=True)
    ranking_basis = models.CharField(
        "Xếp hạng theo",
        max_length=10,
        choices=[(b.value, b.label) for b in RankingBasis],
        default=RankingBasis.TOTAL.value,
    )
    state = models.CharField("Trạng thái", max_length=10, choices=ScaleState.choices, default=ScaleState.DRAFT)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="Sao chép từ"
    )

    objects = ScaleQuerySet.as_manager()

    class Meta:
        verbose_name = "thang điểm"
        verbose_name_plural = "thang điểm"
        ordering = ["edition_id", "period__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "period"],
                name="scoring_scale_unique_period",
                violation_error_message="Cụm đã có thang điểm cho kỳ này.",
            ),
            models.CheckConstraint(
                name="scoring_scale_total_positive",
                condition=Q(declared_total__gt=0),
                violation_error_message="Tổng điểm của thang điểm phải lớn hơn 0.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Node(models.Model):
    """A group (nhóm tiêu chí) or a criterion (tiêu chí) of a scale; only criteria are scored."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="Thuộc nhóm"
    )
    is_group = models.BooleanField("Là nhóm", default=False)
    code = models.CharField("Mã", max_length=20)
    name = models.CharField("Nội dung", max_length=500)
    order = models.PositiveIntegerField("Thứ tự", default=0)
    declared_total = models.DecimalField("Tổng điểm của nhóm", max_digits=9, decimal_places=2, null=True, blank=True)
    kind = models.CharField(
        "Loại tiêu chí", max_length=16, blank=True, choices=[(k.value, v) for k, v in CRITERION_KIND_LABELS.items()]
    )
    max_score = models.DecimalField("Điểm tối đa", max_digits=9, decimal_places=2, default=0)
    min_score = models.DecimalField("Điểm thấp nhất (cộng/trừ)", max_digits=9, decimal_places=2, default=0)
    outside_total = models.BooleanField("Ngoài thang điểm", default=False)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scoring_criteria",
        verbose_name="Chỉ tiêu",
    )
    lower_is_better_rule = models.CharField(
        "Cách chấm chỉ tiêu kéo giảm",
        max_length=20,
        blank=True,
        choices=[(k.value, v) for k, v in LOWER_IS_BETTER_RULE_LABELS.items()],
    )
    points_per_occurrence = models.DecimalField("Điểm mỗi lần", max_digits=9, decimal_places=2, null=True, blank=True)
    bonus_points = models.DecimalField("Điểm cộng mỗi lần", max_digits=9, decimal_places=2, null=True, blank=True)
    penalty_points = models.DecimalField("Điểm trừ mỗi lần", max_digits=9, decimal_places=2, null=True, blank=True)
    guidance = models.TextField("Hướng dẫn chấm", blank=True)

    class Meta:
        verbose_name = "nhóm / tiêu chí"
        verbose_name_plural = "nhóm / tiêu chí"
        ordering = ["scale_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "code"],
                name="scoring_node_unique_code",
                violation_error_message="Thang điểm đã có mục cùng mã.",
            ),
            models.CheckConstraint(
                name="scoring_node_group_or_criterion",
                condition=Q(is_group=True, kind="") | Q(is_group=False) & ~Q(kind=""),
                violation_error_message="Nhóm không có loại tiêu chí; tiêu chí phải có loại.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class NotAssigned(models.Model):
    """A criterion not assigned to a unit (không giao): left out of that unit's maximum."""

    criterion = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="not_assigned")
    unit = models.ForeignKey("organisations.OrgUnit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("Lý do", max_length=300, blank=True)

    class Meta:
        verbose_name = "tiêu chí không giao"
        verbose_name_plural = "tiêu chí không giao"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit"],
                name="scoring_not_assigned_unique",
                violation_error_message="Tiêu chí đã được đánh dấu không giao cho đơn vị này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} — không giao {self.unit}"


class Band(models.Model):
    """A classification band (mức xếp loại) of a scale: at or above ``min_percent`` of the unit's maximum."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField("Mức xếp loại", max_length=100)
    min_percent = models.DecimalField("Từ (% điểm tối đa)", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "mức xếp loại"
        verbose_name_plural = "mức xếp loại"
        ordering = ["scale_id", "-min_percent"]

    def __str__(self) -> str:
        return self.label


class ScorecardQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        """A unit's own people (and the offices over it) reach its scorecard; the edition's secretariat, the office
        and the auditors over the cluster reach every scorecard of the edition; other members do not."""
        if access.is_admin and action == VIEW:
            return Q()
        return Q(unit__in=access.unit_ids_for(action, OWN_UNIT_ROLES)) | Q(
            scale__edition__in=access.edition_ids_for(action, CARD_READERS)
        )


class Scorecard(VersionedModel):
    """A unit's scorecard (phiếu chấm điểm) on a scale, with its workflow state and cached totals."""

    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="scorecards")
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="scorecards", verbose_name="Đơn vị"
    )
    state = models.CharField(
        "Trạng thái",
        max_length=24,
        choices=[(s.value, CARD_STATE_LABELS[s]) for s in CardState],
        default=CardState.DRAFT.value,
    )
    self_total = models.DecimalField("Tổng tự chấm", max_digits=10, decimal_places=2, null=True, blank=True)
    cluster_total = models.DecimalField("Tổng cụm chấm", max_digits=10, decimal_places=2, null=True, blank=True)
    approved_total = models.DecimalField("Tổng điểm duyệt", max_digits=10, decimal_places=2, null=True, blank=True)
    max_total = models.DecimalField("Điểm tối đa của đơn vị", max_digits=10, decimal_places=2, default=0)
    # The approved total's tie-break figures (domain.scale.rank_units), kept with it so ranking reads one row per unit.
    approved_first_group = models.DecimalField(
        "Điểm duyệt nhóm I", max_digits=10, decimal_places=2, null=True, blank=True
    )
    approved_full_count = models.PositiveIntegerField("Số tiêu chí đạt điểm tối đa", null=True, blank=True)
    preliminary = models.BooleanField("Điểm định lượng tạm tính", default=True)
    restated = models.BooleanField("So sánh quy đổi theo đơn vị trước sắp xếp", default=False)
    submitted_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("Duyệt lúc", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField("Khóa lúc", null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        verbose_name = "phiếu chấm điểm"
        verbose_name_plural = "phiếu chấm điểm"
        ordering = ["scale_id", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "unit"],
                name="scoring_scorecard_unique_unit",
                violation_error_message="Đơn vị đã có phiếu chấm điểm của thang điểm này.",
            ),
            models.CheckConstraint(
                name="scoring_scorecard_state_valid",
                condition=Q(state__in=[s.value for s in CardState]),
                violation_error_message="Trạng thái phiếu chấm điểm không hợp lệ.",
            ),
        ]

    def __str__(self) -> str:
        return f"Phiếu chấm điểm {self.unit} — {self.scale}"

    @property
    def state_enum(self) -> CardState:
        return CardState(self.state)

    @property
    def state_label(self) -> str:
        return CARD_STATE_LABELS[CardState(self.state)]


class CriterionScore(TimestampedModel):
    """One criterion of a scorecard: what the unit declared (tự chấm), what the cluster gave (cụm chấm), the
    explanation asked and given (giải trình) and the approved score (điểm duyệt).

    For a quantitative criterion the figures (target, result, same period last year) are read from approved data
    and targets, never typed; the score comes from Điều 6 over every unit of the cluster.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="scores")
    # Inputs the unit declares (by criterion type).
    achieved = models.BooleanField("Đạt", null=True, blank=True)
    count = models.PositiveIntegerField("Số lần", null=True, blank=True)
    bonus_count = models.PositiveIntegerField("Số lần được cộng", null=True, blank=True)
    penalty_count = models.PositiveIntegerField("Số lần bị trừ", null=True, blank=True)
    self_note = models.TextField("Thuyết minh tự chấm", blank=True)
    self_score = models.DecimalField("Điểm tự chấm", max_digits=9, decimal_places=2, null=True, blank=True)
    # Figures read from approved data (quantitative).
    target = models.DecimalField("Chỉ tiêu được giao", max_digits=20, decimal_places=4, null=True, blank=True)
    actual = models.DecimalField("Kết quả thực hiện", max_digits=20, decimal_places=4, null=True, blank=True)
    last_year = models.DecimalField("Cùng kỳ năm trước", max_digits=20, decimal_places=4, null=True, blank=True)
    outcome = models.CharField("Cách tính", max_length=30, blank=True)
    computed_score = models.DecimalField(
        "Điểm tính theo số liệu", max_digits=9, decimal_places=2, null=True, blank=True
    )
    # The cluster's review.
    cluster_score = models.DecimalField("Điểm cụm chấm", max_digits=9, decimal_places=2, null=True, blank=True)
    cluster_comment = models.TextField("Nhận xét của cụm", blank=True)
    explanation_request = models.TextField("Nội dung yêu cầu giải trình", blank=True)
    explanation = models.TextField("Giải trình của đơn vị", blank=True)
    approved_score = models.DecimalField("Điểm duyệt", max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        ordering = ["scorecard_id", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="scoring_criterion_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} — {self.scorecard.unit}"

    @property
    def explanation_open(self) -> bool:
        return bool(self.explanation_request) and not self.explanation


class Evidence(models.Model):
    """A file proving a self score (tài liệu kiểm chứng)."""

    score = models.ForeignKey(CriterionScore, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("Tệp", upload_to="scoring/evidence/%Y/")
    name = models.CharField("Tên tệp", max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("Tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        ordering = ["score_id", "pk"]

    def __str__(self) -> str:
        return self.name
