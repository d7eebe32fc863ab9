"""Org units over time, succession, clusters and their yearly editions.

Validity intervals are half-open: ``valid_from`` is the first day, ``valid_to`` the first day no longer
valid (a unit that stopped operating on 01/03/2025 has ``valid_to`` = 2025-03-01).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import F, Q

from thidua.core.models import VersionedModel
from thidua.core.scoping import ScopedQuerySet
from thidua.organisations.domain.succession import SuccessionKind


class UnitType(models.TextChoices):
    MINISTRY = "ministry", "Bộ"
    GENERAL_DEPARTMENT = "general_department", "Tổng cục"
    DEPARTMENT = "department", "Cục"
    PROVINCIAL_POLICE = "provincial_police", "Công an tỉnh, thành phố"
    PROVINCIAL_DIVISION = "provincial_division", "Phòng"
    DISTRICT_POLICE = "district_police", "Công an huyện, quận, thị xã, thành phố"
    COMMUNE_POLICE = "commune_police", "Công an xã"
    WARD_POLICE = "ward_police", "Công an phường"
    SPECIAL_ZONE_POLICE = "special_zone_police", "Công an đặc khu"
    TEAM = "team", "Đội"
    OTHER = "other", "Khác"


class OrgUnitQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin:
            return Q()
        ids = access.directory_unit_ids if action == "view" else access.unit_ids_for(action)
        return Q(pk__in=ids)


class OrgUnit(VersionedModel):
    """A unit with a stable identity (mã đơn vị); its names and parents live in ``OrgUnitVersion``."""

    code = models.CharField("Mã đơn vị", max_length=40, unique=True)
    unit_type = models.CharField("Loại đơn vị", max_length=32, choices=UnitType.choices)
    notes = models.TextField("Ghi chú", blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]

    def __str__(self) -> str:
        name = getattr(self, "_display_name", None)
        if name is None:
            latest = self.versions.order_by("-valid_from").first() if self.pk else None
            name = latest.name if latest else self.code
            self._display_name = name
        return name

    def version_on(self, day):  # type: ignore[no-untyped-def]
        return (
            self.versions.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .select_related("parent")
            .first()
        )


class OrgUnitVersion(models.Model):
    """The name and parent of a unit over [valid_from, valid_to)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions", verbose_name="Đơn vị")
    name = models.CharField("Tên đơn vị", max_length=200)
    short_name = models.CharField("Tên viết tắt", max_length=60, blank=True)
    parent = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_versions",
        verbose_name="Đơn vị cấp trên",
    )
    valid_from = models.DateField("Hiệu lực từ ngày")
    valid_to = models.DateField("Hết hiệu lực từ ngày", null=True, blank=True)
    basis = models.CharField("Căn cứ (văn bản)", max_length=300, blank=True)

    class Meta:
        verbose_name = "tên và cấp trên theo thời gian"
        verbose_name_plural = "tên và cấp trên theo thời gian"
        ordering = ["unit_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="organisations_version_unique_start"),
            models.CheckConstraint(
                name="organisations_version_valid_to_after_from",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                violation_error_message="Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            ),
            models.CheckConstraint(
                name="organisations_version_not_own_parent",
                condition=~Q(parent=F("unit")),
                violation_error_message="Đơn vị không thể là cấp trên của chính nó.",
            ),
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="organisations_version_dates")]

    def __str__(self) -> str:
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "nay"
        return f"{self.name} ({self.valid_from:%d/%m/%Y} – {end})"

    @property
    def last_day(self):  # type: ignore[no-untyped-def]
        """The last day the version held (``valid_to`` is the first day it no longer did)."""
        return self.valid_to - timedelta(days=1) if self.valid_to else None


SUCCESSION_KIND_CHOICES = [(kind.value, kind.label) for kind in SuccessionKind]


class SuccessionEvent(VersionedModel):
    """A merge, split, rename or dissolution with its effective date (ngày hiệu lực)."""

    kind = models.CharField("Hình thức", max_length=20, choices=SUCCESSION_KIND_CHOICES)
    effective_date = models.DateField("Ngày hiệu lực")
    basis = models.CharField("Căn cứ (văn bản)", max_length=300, blank=True)
    note = models.TextField("Ghi chú", blank=True)

    class Meta:
        verbose_name = "sắp xếp, kế thừa đơn vị"
        verbose_name_plural = "sắp xếp, kế thừa đơn vị"
        ordering = ["effective_date", "pk"]

    def __str__(self) -> str:
        return f"{SuccessionKind(self.kind).label} {self.effective_date:%d/%m/%Y}"


class SuccessionLink(models.Model):
    class Side(models.TextChoices):
        PREDECESSOR = "predecessor", "Đơn vị trước"
        SUCCESSOR = "successor", "Đơn vị kế thừa"

    event = models.ForeignKey(SuccessionEvent, on_delete=models.CASCADE, related_name="links")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="succession_links")
    side = models.CharField(max_length=12, choices=Side.choices)

    class Meta:
        verbose_name = "đơn vị liên quan"
        verbose_name_plural = "đơn vị liên quan"
        constraints = [
            models.UniqueConstraint(fields=["event", "unit", "side"], name="organisations_succession_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.unit}"


class ClusterLevel(models.TextChoices):
    MINISTRY = "ministry", "Cụm thi đua của Bộ"
    PROVINCE = "province", "Cụm thi đua trong Công an tỉnh"


class SelectionMethod(models.TextChoices):
    ASSIGNED = "assigned", "Chỉ định"
    ELECTED = "elected", "Bầu, luân phiên"


class ClusterQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin:
            return Q()
        return Q(editions__pk__in=access.edition_ids) | Q(owner__in=access.subtree_unit_ids)


class Cluster(VersionedModel):
    """An emulation cluster (cụm thi đua); its composition lives in one edition per year."""

    number = models.PositiveIntegerField("Số cụm")
    name = models.CharField("Tên cụm", max_length=200)
    level = models.CharField("Cấp", max_length=20, choices=ClusterLevel.choices)
    owner = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="owned_clusters",
        verbose_name="Đơn vị tổ chức cụm (Bộ hoặc Công an tỉnh)",
    )

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = "cụm thi đua"
        verbose_name_plural = "cụm thi đua"
        ordering = ["level", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "number"],
                name="organisations_cluster_unique_number",
                violation_error_message="Số cụm này đã có trong cùng đơn vị tổ chức cụm.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ClusterEditionQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin:
            return Q()
        return Q(pk__in=access.edition_ids if action == "view" else access.edition_ids_for(action))


class ClusterEdition(VersionedModel):
    """A cluster in one year: members, leader (cụm trưởng), deputy (cụm phó), how chosen, basis document.

    Editions are never overwritten: each year is its own row.
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="editions", verbose_name="Cụm")
    year = models.PositiveIntegerField("Năm")
    leader = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_editions",
        verbose_name="Cụm trưởng",
    )
    deputy = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_editions",
        verbose_name="Cụm phó",
    )
    selection_method = models.CharField(
        "Cách xác định cụm trưởng, cụm phó",
        max_length=20,
        choices=SelectionMethod.choices,
        default=SelectionMethod.ASSIGNED,
    )
    basis = models.CharField("Căn cứ (số, ký hiệu văn bản)", max_length=300, blank=True)
    basis_date = models.DateField("Ngày văn bản", null=True, blank=True)
    members = models.ManyToManyField(OrgUnit, through="ClusterMembership", related_name="cluster_editions")

    objects = ClusterEditionQuerySet.as_manager()

    class Meta:
        verbose_name = "cụm thi đua theo năm"
        verbose_name_plural = "cụm thi đua theo năm"
        ordering = ["cluster__level", "cluster__number", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year"],
                name="organisations_edition_unique_year",
                violation_error_message="Cụm này đã có thành phần của năm đó.",
            ),
            models.CheckConstraint(
                name="organisations_edition_leader_not_deputy",
                condition=Q(leader__isnull=True) | Q(deputy__isnull=True) | ~Q(leader=F("deputy")),
                violation_error_message="Cụm trưởng và cụm phó phải là hai đơn vị khác nhau.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster.name} năm {self.year}"


class ClusterMembership(models.Model):
    """A unit's membership of an edition; dates only when it joined or left during the year (e.g. a merger)."""

    edition = models.ForeignKey(ClusterEdition, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="memberships", verbose_name="Đơn vị")
    valid_from = models.DateField("Từ ngày", null=True, blank=True)
    valid_to = models.DateField("Đến trước ngày", null=True, blank=True)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "thành viên cụm"
        verbose_name_plural = "thành viên cụm"
        ordering = ["edition_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "unit"],
                name="organisations_membership_unique",
                violation_error_message="Đơn vị đã là thành viên của cụm trong năm này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.edition}"
