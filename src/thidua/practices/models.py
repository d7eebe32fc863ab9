"""Schema of the good-practice registry (nhân tố mới, điển hình tiên tiến, mô hình hiệu quả, cách làm hay, gương
người tốt việc tốt): entries, their tags, evidence files and replications (nhân rộng)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.accounts.domain.roles import Role
from thidua.core.models import TimestampedModel, VersionedModel
from thidua.core.scoping import VIEW, ScopedQuerySet
from thidua.practices.domain.kinds import Kind

# Who records and edits a unit's entries: its own officers and leaders, and the emulation office over it.
EDITOR_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER, Role.EMULATION_OFFICE})


def practice_scope(access, action: str, prefix: str = "") -> Q:  # type: ignore[no-untyped-def]
    """Reading: the unit's own people, the emulation office (and auditor) over it and the secretariat of a cluster
    it is a member of read all its entries; a published entry (đã công bố) is read by every user, so other units
    can learn from it and replicate it. Changing: the unit's officers and leaders and the office over it."""
    if action == VIEW:
        if access.is_admin:
            return Q()
        return Q(**{f"{prefix}unit__in": access.unit_ids_for(VIEW)}) | Q(**{f"{prefix}published": True})
    return Q(**{f"{prefix}unit__in": access.unit_ids_for(action, EDITOR_ROLES)})


class PracticeQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return practice_scope(access, action)


class Practice(VersionedModel):
    """One entry of the registry: what a unit did, in which period, with what results."""

    kind = models.CharField("Loại", max_length=20, choices=[(k.value, k.label) for k in Kind])
    title = models.CharField("Tên", max_length=300)
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="practices", verbose_name="Đơn vị"
    )
    period = models.ForeignKey(
        "indicators.Period", on_delete=models.PROTECT, related_name="practices", verbose_name="Kỳ"
    )
    description = models.TextField("Nội dung, cách làm")
    results = models.TextField("Kết quả, hiệu quả", blank=True)
    published = models.BooleanField("Đã công bố", default=False)
    published_at = models.DateTimeField("Công bố lúc", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Người ghi nhận"
    )
    # Folded words (no accents, lower case) kept by the services: what search matches against.
    search_text = models.TextField(editable=False, default="")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "nhân tố mới, điển hình tiên tiến"
        verbose_name_plural = "nhân tố mới, điển hình tiên tiến"
        ordering = ["-period__start", "unit_id", "title"]
        constraints = [
            models.CheckConstraint(
                name="practices_practice_title_not_blank",
                condition=~Q(title=""),
                violation_error_message="Cần ghi tên nhân tố mới, mô hình, cách làm.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def tag_names(self) -> list[str]:
        return [t.name for t in self.tags.all()]


class PracticeTag(models.Model):
    """A keyword of an entry (từ khóa), with its folded form for filtering."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField("Từ khóa", max_length=60)
    key = models.CharField(max_length=60, db_index=True)

    class Meta:
        verbose_name = "từ khóa"
        verbose_name_plural = "từ khóa"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["practice", "key"], name="practices_tag_unique")]

    def __str__(self) -> str:
        return self.name


class ReplicationQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        return practice_scope(access, action, prefix="practice__")


class Replication(TimestampedModel):
    """Another unit adopted the practice (nhân rộng), since a date."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị áp dụng"
    )
    since = models.DateField("Áp dụng từ ngày")
    note = models.TextField("Ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "nhân rộng"
        verbose_name_plural = "nhân rộng"
        ordering = ["since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "unit"],
                name="practices_replication_unique",
                violation_error_message="Đơn vị này đã được ghi nhận áp dụng mô hình.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — từ {self.since:%d/%m/%Y}"


def practice_file_path(instance: PracticeAttachment, filename: str) -> str:
    return f"practices/{instance.practice_id}/{instance.sha256[:16]}-{filename}"


class PracticeAttachment(TimestampedModel):
    """A file about the entry (tài liệu), checked by content and size like evidence files."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("Tệp", upload_to=practice_file_path, max_length=300)
    original_name = models.CharField("Tên tệp", max_length=255)
    kind = models.CharField("Loại tệp", max_length=16)
    size = models.PositiveBigIntegerField("Dung lượng (byte)")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "tài liệu"
        verbose_name_plural = "tài liệu"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
