"""Schema of the commendations app: the catalogue and rule sets as data, and the proposal dossiers.

Catalogue (``CatalogueEntry``): titles (danh hiệu thi đua) and commendation forms (hình thức khen thưởng) with level,
recipient, article and validity. Rule sets (``RuleSet``) carry their legal basis and validity dates and three
settings: the cap mode (warn or block), the merger policy for unit streaks, and nothing else hard-coded; their
criteria (``RuleCriterion``: kind + JSON parameters, validated by building the pure criterion), caps (``CapRule``),
the reward coefficients (``RewardCoefficient``) and base salaries (``BaseSalary``) are rows an administrator edits.

Dossiers (``Dossier``, hồ sơ đề nghị khen thưởng) go from a unit to its cluster and to the emulation office; each line
(``DossierLine``) is a person or a unit proposed for a title or form, with the eligibility snapshot taken at
submission, the vote result when the title needs one, and, once decided, the reward money and the award record.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.accounts.domain.roles import Role
from thidua.commendations.domain.caps import CapMode
from thidua.commendations.domain.catalogue import Level, Recipient
from thidua.commendations.domain.codec import KIND_LABELS
from thidua.commendations.domain.eligibility import MergerPolicy
from thidua.commendations.domain.workflow import STATE_LABELS, State
from thidua.core.models import VersionedModel
from thidua.core.scoping import VIEW, CatalogueQuerySet, ScopedQuerySet

LEVEL_CHOICES = [(level.value, level.label) for level in Level]
RECIPIENT_CHOICES = [
    (Recipient.INDIVIDUAL.value, "Cá nhân"),
    (Recipient.COLLECTIVE.value, "Tập thể"),
    ("both", "Cá nhân và tập thể"),
]
CAP_MODE_CHOICES = [(CapMode.WARN.value, "Cảnh báo"), (CapMode.BLOCK.value, "Chặn, không cho gửi")]
MERGER_CHOICES = [(p.value, p.label) for p in MergerPolicy]


class CatalogueEntry(VersionedModel):
    """A title or a commendation form of the catalogue (danh mục khen thưởng)."""

    class Kind(models.TextChoices):
        TITLE = "title", "Danh hiệu thi đua"
        FORM = "form", "Hình thức khen thưởng"

    code = models.SlugField("Mã", max_length=60, unique=True)
    kind = models.CharField("Loại", max_length=8, choices=Kind.choices)
    name = models.CharField("Tên (trong Công an nhân dân)", max_length=200)
    civil_name = models.CharField("Tên chung theo Luật", max_length=200, blank=True)
    level = models.CharField("Cấp", max_length=10, choices=LEVEL_CHOICES)
    recipient = models.CharField("Đối tượng", max_length=12, choices=RECIPIENT_CHOICES)
    article = models.CharField("Điều khoản", max_length=60, blank=True)
    legal_basis = models.CharField("Căn cứ", max_length=300)
    requires_vote = models.BooleanField("Phải qua bình xét, suy tôn (bỏ phiếu kín)", default=False)
    valid_from = models.DateField("Áp dụng từ ngày", null=True, blank=True)
    valid_to = models.DateField("Ngừng áp dụng từ ngày", null=True, blank=True)
    verify = models.TextField("Cần đối chiếu văn bản", blank=True)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "danh mục danh hiệu, hình thức khen thưởng"
        ordering = ["kind", "order", "code"]
        constraints = [
            models.CheckConstraint(
                name="commendations_entry_validity",
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                violation_error_message="Ngày ngừng áp dụng phải sau ngày bắt đầu áp dụng.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def for_individuals(self) -> bool:
        return self.recipient in (Recipient.INDIVIDUAL.value, "both")

    @property
    def for_units(self) -> bool:
        return self.recipient in (Recipient.COLLECTIVE.value, "both")


class RuleSet(VersionedModel):
    """A rule set (bộ tiêu chuẩn) under one legal basis, in force over [valid_from, valid_to).

    Settings carried here (chosen per rule set, so a new decree can change them): ``cap_mode`` — an exceeded cap
    warns or blocks the dossier; ``merger_policy`` — whether a unit's title streak survives a merger.
    """

    code = models.SlugField("Mã", max_length=60, unique=True)
    name = models.CharField("Tên bộ tiêu chuẩn", max_length=200)
    legal_basis = models.CharField("Căn cứ pháp lý", max_length=300)
    valid_from = models.DateField("Hiệu lực từ ngày", null=True, blank=True)
    valid_to = models.DateField("Hết hiệu lực từ ngày", null=True, blank=True)
    cap_mode = models.CharField(
        "Khi vượt giới hạn số lượng", max_length=5, choices=CAP_MODE_CHOICES, default=CapMode.WARN.value
    )
    merger_policy = models.CharField(
        "Tính chuỗi danh hiệu khi sắp xếp đơn vị",
        max_length=12,
        choices=MERGER_CHOICES,
        default=MergerPolicy.RESTART.value,
    )
    verify = models.TextField("Cần đối chiếu văn bản", blank=True)
    note = models.TextField("Ghi chú", blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "bộ tiêu chuẩn"
        verbose_name_plural = "bộ tiêu chuẩn danh hiệu thi đua"
        ordering = ["valid_from", "code"]
        constraints = [
            models.CheckConstraint(
                name="commendations_ruleset_validity",
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                violation_error_message="Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RuleCriterion(VersionedModel):
    """One criterion of a title in a rule set: kind + parameters (chains, thresholds…), article and requirement."""

    ruleset = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="criteria", verbose_name="Bộ tiêu chuẩn"
    )
    title = models.ForeignKey(
        CatalogueEntry, on_delete=models.PROTECT, related_name="criteria", verbose_name="Danh hiệu"
    )
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)
    kind = models.CharField("Loại tiêu chuẩn", max_length=30, choices=list(KIND_LABELS.items()))
    params = models.JSONField("Tham số", default=dict, blank=True)
    article = models.CharField("Điều khoản", max_length=60)
    requirement = models.CharField("Nội dung tiêu chuẩn", max_length=400, blank=True, editable=False)
    enabled = models.BooleanField("Đang áp dụng", default=True)
    verify = models.TextField("Cần đối chiếu văn bản", blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "tiêu chuẩn"
        verbose_name_plural = "tiêu chuẩn"
        ordering = ["ruleset_id", "title__order", "order", "pk"]

    def __str__(self) -> str:
        return self.requirement or self.get_kind_display()


class CapRule(VersionedModel):
    """A cap on proposals: a share of another title per unit and year, or a quota per cluster edition."""

    class Kind(models.TextChoices):
        SHARE = "share", "Tỷ lệ tối đa trong đơn vị"
        QUOTA = "quota", "Chỉ tiêu của cụm thi đua"

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="caps", verbose_name="Bộ tiêu chuẩn")
    kind = models.CharField("Loại giới hạn", max_length=5, choices=Kind.choices)
    title = models.ForeignKey(CatalogueEntry, on_delete=models.PROTECT, related_name="+", verbose_name="Danh hiệu")
    of_title = models.ForeignKey(
        CatalogueEntry,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Tính trên số đạt danh hiệu",
    )
    max_percent = models.DecimalField("Tỷ lệ tối đa (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    max_count = models.PositiveSmallIntegerField("Số lượng tối đa", null=True, blank=True)
    edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Riêng cho cụm thi đua (năm)",
    )
    mode = models.CharField(
        "Chế độ riêng (để trống: theo bộ tiêu chuẩn)", max_length=5, choices=CAP_MODE_CHOICES, blank=True
    )
    legal_basis = models.CharField("Căn cứ", max_length=300)
    verify = models.TextField("Cần đối chiếu văn bản", blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "giới hạn số lượng đề nghị"
        verbose_name_plural = "giới hạn số lượng đề nghị"
        ordering = ["ruleset_id", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                name="commendations_cap_shape",
                condition=(Q(kind="share") & Q(of_title__isnull=False) & Q(max_percent__isnull=False))
                | (Q(kind="quota") & Q(max_count__isnull=False)),
                violation_error_message=(
                    "Giới hạn theo tỷ lệ cần danh hiệu làm căn cứ và tỷ lệ tối đa; "
                    "chỉ tiêu của cụm cần số lượng tối đa."
                ),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.SHARE:
            return f"{self.title}: tối đa {self.max_percent}% số {self.of_title}"
        return f"{self.title}: tối đa {self.max_count} mỗi cụm"


class RewardCoefficient(VersionedModel):
    """Reward coefficient (hệ số tiền thưởng) of a title or form, times the base salary, over a validity."""

    entry = models.ForeignKey(
        CatalogueEntry, on_delete=models.PROTECT, related_name="coefficients", verbose_name="Danh hiệu, hình thức"
    )
    coefficient = models.DecimalField("Hệ số", max_digits=6, decimal_places=2)
    valid_from = models.DateField("Áp dụng từ ngày")
    valid_to = models.DateField("Ngừng áp dụng từ ngày", null=True, blank=True)
    legal_basis = models.CharField("Căn cứ", max_length=300)
    verify = models.TextField("Cần đối chiếu văn bản", blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "hệ số tiền thưởng"
        verbose_name_plural = "bảng hệ số tiền thưởng"
        ordering = ["entry__order", "valid_from"]
        constraints = [
            models.CheckConstraint(
                name="commendations_coefficient_positive",
                condition=Q(coefficient__gt=Decimal(0)),
                violation_error_message="Hệ số tiền thưởng phải lớn hơn 0.",
            ),
            models.CheckConstraint(
                name="commendations_coefficient_validity",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                violation_error_message="Ngày ngừng áp dụng phải sau ngày bắt đầu áp dụng.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry}: {self.coefficient}"


class BaseSalary(VersionedModel):
    """Base salary (mức lương cơ sở) in VND per month, in force from ``valid_from`` until the next row."""

    amount = models.DecimalField("Mức lương cơ sở (đồng/tháng)", max_digits=14, decimal_places=0)
    valid_from = models.DateField("Áp dụng từ ngày", unique=True)
    legal_basis = models.CharField("Căn cứ", max_length=300)
    verify = models.TextField("Cần đối chiếu văn bản", blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "mức lương cơ sở"
        verbose_name_plural = "mức lương cơ sở"
        ordering = ["valid_from"]
        constraints = [
            models.CheckConstraint(
                name="commendations_base_salary_positive",
                condition=Q(amount__gt=Decimal(0)),
                violation_error_message="Mức lương cơ sở phải lớn hơn 0.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} đồng từ {self.valid_from:%d/%m/%Y}"


# --- Proposal dossiers ---------------------------------------------------------------------------------------------

OWN_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER, Role.EMULATION_OFFICE})
CLUSTER_ROLES = frozenset({Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE})
# A dossier reaches its cluster once submitted; a returned one stays visible to the cluster that returned it.
CLUSTER_STATES = [s.value for s in State if s is not State.DRAFT]


class DossierQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        """The proposing unit's own people and the offices (and auditors, for reading) over it see every state; the
        cluster's managers see a dossier once it is sent to their edition. A secretariat's reach over the member
        units (through the edition) never shows their drafts."""
        if action == VIEW and access.is_admin:
            return Q()
        own_roles = OWN_ROLES if action != VIEW else OWN_ROLES | {Role.AUDITOR}
        return Q(unit__in=access.unit_ids_for(action, own_roles)) | Q(
            edition__in=access.edition_ids_for(action, CLUSTER_ROLES), state__in=CLUSTER_STATES
        )


class Dossier(VersionedModel):
    """A proposal dossier (hồ sơ đề nghị khen thưởng) of a unit for a year."""

    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="dossiers", verbose_name="Đơn vị đề nghị"
    )
    year = models.PositiveSmallIntegerField("Năm xét")
    edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.PROTECT,
        related_name="dossiers",
        null=True,
        blank=True,
        verbose_name="Gửi cụm thi đua (để trống: gửi thẳng cơ quan thường trực)",
    )
    summary = models.CharField("Trích yếu", max_length=300)
    state = models.CharField(
        "Trạng thái", max_length=10, choices=[(s.value, STATE_LABELS[s]) for s in State], default=State.DRAFT.value
    )
    # Printed on the tờ trình and the biên bản họp xét.
    number = models.CharField("Số tờ trình", max_length=60, blank=True)
    place = models.CharField("Địa danh", max_length=100, blank=True)
    signer = models.CharField("Người ký tờ trình", max_length=150, blank=True)
    signer_title = models.CharField("Chức vụ người ký", max_length=150, blank=True)
    meeting_date = models.DateField("Ngày họp xét", null=True, blank=True)
    meeting_chair = models.CharField("Chủ trì cuộc họp xét", max_length=150, blank=True)
    meeting_secretary = models.CharField("Thư ký cuộc họp xét", max_length=150, blank=True)
    meeting_attendance = models.CharField("Thành phần, số người dự họp", max_length=300, blank=True)

    cap_warnings = models.TextField("Cảnh báo giới hạn số lượng", blank=True, editable=False)
    return_reason = models.TextField("Lý do trả lại", blank=True, editable=False)
    ruleset = models.ForeignKey(
        RuleSet, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Bộ tiêu chuẩn"
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Người lập"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("Duyệt lúc", null=True, blank=True)

    decision_number = models.CharField("Số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)
    decision_signer = models.CharField("Người ký quyết định", max_length=150, blank=True)
    decision_issued_by = models.CharField("Cơ quan ban hành", max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                name="commendations_dossier_state_valid",
                condition=Q(state__in=[s.value for s in State]),
                violation_error_message="Trạng thái hồ sơ không hợp lệ.",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]


class DossierLine(VersionedModel):
    """A candidate of a dossier: a person or a unit, for a title or a form, with what was known at submission."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="lines", verbose_name="Hồ sơ")
    person = models.ForeignKey(
        "personnel.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_lines",
        verbose_name="Cá nhân",
    )
    org_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_lines",
        verbose_name="Tập thể",
    )
    entry = models.ForeignKey(
        CatalogueEntry, on_delete=models.PROTECT, related_name="lines", verbose_name="Danh hiệu, hình thức"
    )
    achievement = models.TextField("Tóm tắt thành tích", blank=True)
    attested = models.JSONField("Nội dung đơn vị xác nhận", default=dict, blank=True)
    eligibility_status = models.CharField("Kết quả xét tiêu chuẩn", max_length=14, blank=True)
    eligibility = models.JSONField("Xét tiêu chuẩn khi gửi", null=True, blank=True, editable=False)
    ballot = models.ForeignKey(
        "voting.Ballot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_lines",
        verbose_name="Cuộc bỏ phiếu bình xét",
    )
    vote_result = models.CharField("Kết quả bình xét", max_length=300, blank=True)
    reward_amount = models.DecimalField("Tiền thưởng (đồng)", max_digits=14, decimal_places=0, null=True, blank=True)
    reward_explanation = models.CharField("Cách tính tiền thưởng", max_length=300, blank=True)
    award_record_id = models.BigIntegerField("Mã bản ghi khen thưởng", null=True, blank=True, editable=False)
    office_verdict = models.CharField(
        "Cơ quan thường trực duyệt",
        max_length=12,
        blank=True,
        choices=[("approved", "Duyệt"), ("refused", "Không duyệt")],
        help_text="Để trống: chưa xét từng dòng (khi duyệt hồ sơ, dòng chưa xét được duyệt).",
    )
    office_reason = models.CharField("Lý do không duyệt", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "đối tượng đề nghị"
        verbose_name_plural = "đối tượng đề nghị"
        ordering = ["dossier_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="commendations_line_one_subject",
                condition=(Q(person__isnull=False) & Q(org_unit__isnull=True))
                | (Q(person__isnull=True) & Q(org_unit__isnull=False)),
                violation_error_message="Mỗi dòng đề nghị là một cá nhân hoặc một tập thể.",
            ),
            models.CheckConstraint(
                name="commendations_line_refusal_has_reason",
                condition=~Q(office_verdict="refused") | ~Q(office_reason=""),
                violation_error_message="Dòng không được duyệt phải có lý do.",
            ),
            models.UniqueConstraint(
                fields=["dossier", "person", "entry"],
                name="commendations_line_unique_person",
                violation_error_message="Cá nhân này đã được đề nghị danh hiệu, hình thức này trong hồ sơ.",
            ),
            models.UniqueConstraint(
                fields=["dossier", "org_unit", "entry"],
                name="commendations_line_unique_unit",
                violation_error_message="Tập thể này đã được đề nghị danh hiệu, hình thức này trong hồ sơ.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.org_unit}: {self.entry}"

    @property
    def refused(self) -> bool:
        return self.office_verdict == "refused"
