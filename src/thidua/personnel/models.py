"""Personnel records (hồ sơ cán bộ) enough for the commendation rules, and the yearly registration (đăng ký thi đua).

Scoping: a person is reached through the unit of a posting (công tác) that is open today or was open at any time
(``postings__org_unit``); the unit's officer and leader reach their unit's people, the emulation office its subtree
(read and change), auditors read. A cluster's secretariat does not reach people through its member units.
Intervals are half-open, as in the organisations app: ``valid_to`` is the first day no longer valid, ``None`` open.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.accounts.domain.roles import Role
from thidua.commendations.domain import rulesets
from thidua.core.models import TimestampedModel, VersionedModel
from thidua.core.scoping import VIEW, ScopedQuerySet

# People are the unit's own business: the cluster secretariat reaches member units' reports, not their people.
PERSON_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER, Role.EMULATION_OFFICE, Role.AUDITOR})
# Registrations are also read by the secretariat of the cluster whose window they answer.
REGISTRATION_ROLES = frozenset(Role)


class Rank(models.TextChoices):
    """Cấp bậc hàm Công an nhân dân (Luật Công an nhân dân 2018, Điều 22), plus workers without a rank."""

    PRIVATE_2 = "binh_nhi", "Binh nhì"
    PRIVATE_1 = "binh_nhat", "Binh nhất"
    CORPORAL = "ha_si", "Hạ sĩ"
    SERGEANT = "trung_si", "Trung sĩ"
    STAFF_SERGEANT = "thuong_si", "Thượng sĩ"
    SECOND_LIEUTENANT = "thieu_uy", "Thiếu úy"
    LIEUTENANT = "trung_uy", "Trung úy"
    SENIOR_LIEUTENANT = "thuong_uy", "Thượng úy"
    CAPTAIN = "dai_uy", "Đại úy"
    MAJOR = "thieu_ta", "Thiếu tá"
    LIEUTENANT_COLONEL = "trung_ta", "Trung tá"
    SENIOR_COLONEL = "thuong_ta", "Thượng tá"
    COLONEL = "dai_ta", "Đại tá"
    MAJOR_GENERAL = "thieu_tuong", "Thiếu tướng"
    LIEUTENANT_GENERAL = "trung_tuong", "Trung tướng"
    SENIOR_GENERAL = "thuong_tuong", "Thượng tướng"
    GENERAL = "dai_tuong", "Đại tướng"
    WORKER = "cong_nhan", "Công nhân công an (không có cấp bậc hàm)"


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(member.value, member.label[:1].upper() + member.label[1:]) for member in enum]


RATING_CHOICES = _choices(rulesets.DutyRating)
DISCIPLINE_CHOICES = _choices(rulesets.DisciplineLevel)
INNOVATION_CHOICES = _choices(rulesets.InnovationKind)
SCOPE_CHOICES = _choices(rulesets.EffectScope)


def _person_scope(access: Any, action: str, prefix: str = "") -> Q:
    if access.is_admin and action == VIEW:
        return Q()
    return Q(**{f"{prefix}postings__org_unit__in": access.unit_ids_for(action, PERSON_ROLES)})


class PersonQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return _person_scope(access, action)


class PersonRecordQuerySet(ScopedQuerySet):
    """Rows belonging to a person (ratings, discipline, innovations) follow the person."""

    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return _person_scope(access, action, prefix="person__")


class Person(VersionedModel):
    """An officer (cán bộ, chiến sĩ) with a stable identity: the số hiệu Công an nhân dân."""

    code = models.CharField("Số hiệu", max_length=40, unique=True)
    full_name = models.CharField("Họ và tên", max_length=200)
    birth_year = models.PositiveIntegerField("Năm sinh", null=True, blank=True)
    gender = models.CharField("Giới tính", max_length=10, choices=Gender.choices, blank=True)
    is_active = models.BooleanField("Đang công tác", default=True)
    notes = models.TextField("Ghi chú", blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"
        ordering = ["full_name", "code"]
        constraints = [
            models.CheckConstraint(
                name="personnel_person_birth_year_range",
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
                violation_error_message="Năm sinh không hợp lệ.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    def posting_on(self, day: date) -> Posting | None:
        """The posting in force on ``day`` (công tác tại đơn vị nào, cấp bậc, chức vụ gì)."""
        return (
            self.postings.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .select_related("org_unit")
            .first()
        )

    def current_posting(self) -> Posting | None:
        """Today's posting, or else the latest one (a person who has left keeps their last unit on record)."""
        from django.utils import timezone

        return (
            self.posting_on(timezone.localdate())
            or self.postings.select_related("org_unit").order_by("-valid_from").first()
        )


class PostingQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return _person_scope(access, action, prefix="person__")


class Posting(VersionedModel):
    """Where a person served, with which rank and position, over [valid_from, valid_to); no overlaps per person
    (checked by the service)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="postings", verbose_name="Cán bộ")
    org_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="postings", verbose_name="Đơn vị"
    )
    rank = models.CharField("Cấp bậc", max_length=20, choices=Rank.choices)
    position = models.CharField("Chức vụ", max_length=200, blank=True)
    valid_from = models.DateField("Từ ngày")
    valid_to = models.DateField("Đến trước ngày", null=True, blank=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        ordering = ["person_id", "valid_from"]
        constraints = [
            models.CheckConstraint(
                name="personnel_posting_interval",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu công tác.",
            ),
        ]
        indexes = [models.Index(fields=["org_unit", "valid_from"], name="personnel_posting_unit_idx")]

    def __str__(self) -> str:
        return f"{self.person.full_name}: {self.get_rank_display()}, {self.position}"


class DutyRating(VersionedModel):
    """The yearly duty rating of a person (xếp loại mức độ hoàn thành nhiệm vụ)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ratings", verbose_name="Cán bộ")
    year = models.PositiveIntegerField("Năm")
    rating = models.CharField("Xếp loại", max_length=20, choices=RATING_CHOICES)
    decision = models.CharField("Quyết định, văn bản xếp loại", max_length=200, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "xếp loại cán bộ"
        verbose_name_plural = "xếp loại cán bộ"
        ordering = ["person_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="personnel_rating_unique_year",
                violation_error_message="Cán bộ đã có xếp loại của năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_rating_display()}"


class UnitRatingQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin and action == VIEW:
            return Q()
        return Q(org_unit__in=access.unit_ids_for(action, REGISTRATION_ROLES if action == VIEW else PERSON_ROLES))


class UnitRating(VersionedModel):
    """A unit's yearly task completion (mức độ hoàn thành nhiệm vụ của tập thể)."""

    org_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="task_ratings", verbose_name="Đơn vị"
    )
    year = models.PositiveIntegerField("Năm")
    rating = models.CharField("Mức độ hoàn thành nhiệm vụ", max_length=20, choices=RATING_CHOICES)
    decision = models.CharField("Quyết định, văn bản xếp loại", max_length=200, blank=True)

    objects = UnitRatingQuerySet.as_manager()

    class Meta:
        verbose_name = "xếp loại đơn vị"
        verbose_name_plural = "xếp loại đơn vị"
        ordering = ["org_unit_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "year"],
                name="personnel_unit_rating_unique_year",
                violation_error_message="Đơn vị đã có xếp loại của năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.year}: {self.get_rating_display()}"


class DisciplineRecord(VersionedModel):
    """A discipline decision (quyết định kỷ luật) against a person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="discipline", verbose_name="Cán bộ")
    year = models.PositiveIntegerField("Năm")
    level = models.CharField("Hình thức kỷ luật", max_length=30, choices=DISCIPLINE_CHOICES)
    decision_number = models.CharField("Số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("Ngày quyết định", null=True, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["person_id", "year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_level_display()} {self.decision_number}".strip()


class Innovation(VersionedModel):
    """A recognised initiative, research topic or combat ingenuity (sáng kiến, đề tài khoa học, sáng tạo trong
    chiến đấu) with the scope of its effect."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="innovations", verbose_name="Cán bộ")
    kind = models.CharField("Loại", max_length=30, choices=INNOVATION_CHOICES)
    name = models.CharField("Tên", max_length=500)
    year = models.PositiveIntegerField("Năm công nhận")
    scope = models.CharField("Phạm vi ảnh hưởng", max_length=20, choices=SCOPE_CHOICES)
    decision = models.CharField("Quyết định công nhận", max_length=200, blank=True)

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "sáng kiến, đề tài"
        verbose_name_plural = "sáng kiến, đề tài"
        ordering = ["person_id", "year"]

    def __str__(self) -> str:
        return self.name


class AwardSource(models.TextChoices):
    MANUAL = "manual", "Nhập tay"
    IMPORT = "import", "Nhập từ Excel"
    DECISION = "decision", "Quyết định khen thưởng trên hệ thống"


class AwardRecordQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin and action == VIEW:
            return Q()
        unit_roles = REGISTRATION_ROLES if action == VIEW else PERSON_ROLES
        return _person_scope(access, action, prefix="person__") | Q(
            org_unit__in=access.unit_ids_for(action, unit_roles)
        )


class AwardRecord(VersionedModel):
    """A title or commendation received (danh hiệu thi đua, hình thức khen thưởng đã được tặng), by a person or
    a unit, with the decision that conferred it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="awards", verbose_name="Cán bộ"
    )
    org_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        verbose_name="Đơn vị",
    )
    year = models.PositiveIntegerField("Năm")
    award_code = models.CharField("Mã danh hiệu, hình thức", max_length=60)
    award_name = models.CharField("Danh hiệu, hình thức khen thưởng", max_length=300)
    decision_number = models.CharField("Số quyết định", max_length=100)
    decision_date = models.DateField("Ngày quyết định")
    signer = models.CharField("Người ký", max_length=200, blank=True)
    issued_by = models.CharField("Cấp quyết định", max_length=200, blank=True)
    source = models.CharField("Nguồn", max_length=20, choices=AwardSource.choices, default=AwardSource.MANUAL)
    source_ref = models.CharField("Tham chiếu nguồn", max_length=100, blank=True)

    objects = AwardRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "khen thưởng đã nhận"
        verbose_name_plural = "khen thưởng đã nhận"
        ordering = ["year", "decision_date", "pk"]
        constraints = [
            models.CheckConstraint(
                name="personnel_award_one_recipient",
                condition=(Q(person__isnull=False) & Q(org_unit__isnull=True))
                | (Q(person__isnull=True) & Q(org_unit__isnull=False)),
                violation_error_message="Khen thưởng phải ghi cho đúng một cán bộ hoặc một đơn vị.",
            ),
            models.UniqueConstraint(
                fields=["person", "year", "award_code", "decision_number"],
                condition=Q(person__isnull=False),
                name="personnel_award_unique_person",
                violation_error_message="Cán bộ đã có khen thưởng này theo cùng quyết định.",
            ),
            models.UniqueConstraint(
                fields=["org_unit", "year", "award_code", "decision_number"],
                condition=Q(org_unit__isnull=False),
                name="personnel_award_unique_unit",
                violation_error_message="Đơn vị đã có khen thưởng này theo cùng quyết định.",
            ),
        ]
        indexes = [models.Index(fields=["award_code", "year"], name="personnel_award_code_idx")]

    def __str__(self) -> str:
        return f"{self.award_name} năm {self.year} ({self.decision_number})"


# --- Registration (đăng ký thi đua) -------------------------------------------------------------------------------


class RegistrationWindowQuerySet(ScopedQuerySet):
    """Every active user reads the windows (dates are not secret); the emulation office over the scope manages them
    (checked by the service)."""

    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if action == VIEW or access.is_admin:
            return Q()
        return Q(org_unit__in=access.unit_ids_for(action, frozenset({Role.EMULATION_OFFICE}))) | Q(
            edition__in=access.edition_ids_for(action, frozenset({Role.EMULATION_OFFICE, Role.CLUSTER_SECRETARIAT}))
        )


class RegistrationWindow(VersionedModel):
    """When units of a scope register for a year's titles: a cluster edition's members, or a unit's subtree."""

    year = models.PositiveIntegerField("Năm")
    edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registration_windows",
        verbose_name="Cụm thi đua (năm)",
    )
    org_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registration_windows",
        verbose_name="Đơn vị (và các đơn vị trực thuộc)",
    )
    opens_on = models.DateField("Mở đăng ký từ ngày")
    deadline = models.DateField("Hạn đăng ký")
    note = models.TextField("Ghi chú", blank=True)

    objects = RegistrationWindowQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt đăng ký thi đua"
        verbose_name_plural = "đợt đăng ký thi đua"
        ordering = ["-year", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                name="personnel_window_one_scope",
                condition=(Q(edition__isnull=False) & Q(org_unit__isnull=True))
                | (Q(edition__isnull=True) & Q(org_unit__isnull=False)),
                violation_error_message="Đợt đăng ký phải gắn với đúng một cụm thi đua hoặc một đơn vị.",
            ),
            models.CheckConstraint(
                name="personnel_window_deadline_after_open",
                condition=Q(deadline__gte=models.F("opens_on")),
                violation_error_message="Hạn đăng ký không được trước ngày mở đăng ký.",
            ),
        ]

    def __str__(self) -> str:
        scope = self.edition if self.edition_id else self.org_unit
        return f"Đăng ký thi đua năm {self.year} — {scope}"


class RegistrationState(models.TextChoices):
    DRAFT = "draft", "Đã đăng ký, chờ lãnh đạo gửi"
    SUBMITTED = "submitted", "Đã gửi"


class RegistrationQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin and action == VIEW:
            return Q()
        return Q(org_unit__in=access.unit_ids_for(action, REGISTRATION_ROLES))


class Registration(TimestampedModel):
    """A unit's registration of a collective title, or of an individual title for one of its people."""

    window = models.ForeignKey(
        RegistrationWindow, on_delete=models.PROTECT, related_name="registrations", verbose_name="Đợt đăng ký"
    )
    year = models.PositiveIntegerField("Năm")
    org_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="registrations", verbose_name="Đơn vị"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name="Cán bộ",
    )
    award_code = models.CharField("Danh hiệu đăng ký", max_length=60)
    state = models.CharField(
        "Trạng thái", max_length=20, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    registered_at = models.DateTimeField("Đăng ký lúc")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Người đăng ký",
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
    on_time = models.BooleanField("Đúng hạn", default=True)
    late_reason = models.TextField("Lý do đăng ký sau hạn", blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        ordering = ["year", "org_unit_id", "person_id", "award_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "org_unit", "award_code"],
                condition=Q(person__isnull=True),
                name="personnel_registration_unique_unit",
                violation_error_message="Đơn vị đã đăng ký danh hiệu này trong năm.",
            ),
            models.UniqueConstraint(
                fields=["year", "person", "award_code"],
                condition=Q(person__isnull=False),
                name="personnel_registration_unique_person",
                violation_error_message="Cán bộ đã được đăng ký danh hiệu này trong năm.",
            ),
        ]

    def __str__(self) -> str:
        who = self.person.full_name if self.person_id else str(self.org_unit)
        return f"{who}: {self.award_code} năm {self.year}"
