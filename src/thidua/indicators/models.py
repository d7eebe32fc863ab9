"""Indicators, disaggregations, periods, data sets and targets."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from thidua.accounts.domain.roles import Role
from thidua.core.models import TimestampedModel, VersionedModel
from thidua.core.scoping import VIEW, CatalogueQuerySet, ScopedQuerySet
from thidua.indicators.domain.indicators import Aggregation, Direction, ValueType
from thidua.indicators.domain.targets import TARGET_KIND_LABELS, TargetKind

OWN_UNIT_ROLES = frozenset(set(Role) - {Role.CLUSTER_SECRETARIAT})
SECRETARIAT = frozenset({Role.CLUSTER_SECRETARIAT})


def _choices(enum: type) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]  # type: ignore[attr-defined]


class PeriodKindChoices(models.TextChoices):
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    HALF_YEAR = "half_year", "6 tháng"
    NINE_MONTHS = "nine_months", "9 tháng"
    YEAR = "year", "Năm"
    CAMPAIGN = "campaign", "Đợt thi đua"


class CalendarChoices(models.TextChoices):
    DECREE_09 = "nd09", "Nghị định 09/2019/NĐ-CP (từ ngày 15 tháng trước đến ngày 14 tháng này)"
    PLAIN = "plain", "Lịch dương (từ đầu tháng đến cuối tháng)"


class Disaggregation(TimestampedModel):
    """A breakdown of an indicator's value (phân tổ), e.g. by severity of crime."""

    code = models.CharField("Mã phân tổ", max_length=40, unique=True)
    name = models.CharField("Tên phân tổ", max_length=200)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "phân tổ"
        verbose_name_plural = "phân tổ"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class DisaggregationOption(models.Model):
    disaggregation = models.ForeignKey(Disaggregation, on_delete=models.CASCADE, related_name="options")
    code = models.CharField("Mã", max_length=40)
    name = models.CharField("Tên", max_length=200)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "giá trị phân tổ"
        verbose_name_plural = "giá trị phân tổ"
        ordering = ["disaggregation_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["disaggregation", "code"], name="indicators_disagg_option_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(VersionedModel):
    """An indicator of the movement (chỉ tiêu), e.g. "Số vụ phạm tội về trật tự xã hội xảy ra"."""

    code = models.CharField("Mã chỉ tiêu", max_length=40, unique=True)
    name = models.CharField("Tên chỉ tiêu", max_length=300)
    unit_of_measure = models.CharField("Đơn vị tính", max_length=40, blank=True)
    value_type = models.CharField("Kiểu giá trị", max_length=16, choices=_choices(ValueType))
    direction = models.CharField("Chiều đánh giá", max_length=16, choices=_choices(Direction), default="higher")
    aggregation = models.CharField("Cách tổng hợp", max_length=16, choices=_choices(Aggregation), default="sum")
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Tử số"
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Mẫu số"
    )
    disaggregations = models.ManyToManyField(
        Disaggregation, blank=True, related_name="indicators", verbose_name="Phân tổ"
    )
    synonyms = models.TextField("Cách gọi khác (mỗi dòng một cách)", blank=True)
    description = models.TextField("Giải thích", blank=True)
    is_active = models.BooleanField("Đang dùng", default=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="indicators_rate_has_numerator_and_denominator",
                condition=(
                    Q(
                        value_type="rate",
                        numerator__isnull=False,
                        denominator__isnull=False,
                        aggregation="ratio_of_sums",
                    )
                    | (
                        ~Q(value_type="rate")
                        & Q(numerator__isnull=True, denominator__isnull=True)
                        & ~Q(aggregation="ratio_of_sums")
                    )
                ),
                violation_error_message="Chỉ tiêu tỷ lệ cần tử số, mẫu số và tổng hợp theo tỷ lệ của các tổng.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Period(TimestampedModel):
    """A reporting period (kỳ báo cáo): code such as 2024S1, 2024, 2024Q3, 2024M07, or a campaign."""

    code = models.CharField("Mã kỳ", max_length=40, unique=True)
    kind = models.CharField("Loại kỳ", max_length=16, choices=PeriodKindChoices.choices)
    year = models.PositiveIntegerField("Năm")
    number = models.PositiveSmallIntegerField("Số thứ tự trong năm", null=True, blank=True)
    name = models.CharField("Tên kỳ", max_length=200)
    start = models.DateField("Từ ngày")
    end = models.DateField("Đến hết ngày")
    calendar = models.CharField("Cách tính kỳ", max_length=8, choices=CalendarChoices.choices, blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["start", "-end"]
        constraints = [
            models.CheckConstraint(
                name="indicators_period_end_not_before_start",
                condition=Q(end__gte=F("start")),
                violation_error_message="Ngày kết thúc kỳ không được trước ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DataSetQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin:
            return Q()
        if action == VIEW:
            return Q(edition__in=access.edition_ids)
        return Q(edition__in=access.edition_ids_for(action))


class DataSet(VersionedModel):
    """The indicators a cluster edition reports for a period type (bộ chỉ tiêu báo cáo)."""

    code = models.CharField("Mã bộ chỉ tiêu", max_length=40)
    name = models.CharField("Tên bộ chỉ tiêu", max_length=200)
    edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.PROTECT,
        related_name="data_sets",
        verbose_name="Cụm thi đua (năm)",
    )
    period_kind = models.CharField("Loại kỳ báo cáo", max_length=16, choices=PeriodKindChoices.choices)
    indicators = models.ManyToManyField(Indicator, through="DataSetItem", related_name="data_sets")

    objects = DataSetQuerySet.as_manager()

    class Meta:
        verbose_name = "bộ chỉ tiêu báo cáo"
        verbose_name_plural = "bộ chỉ tiêu báo cáo"
        ordering = ["edition_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                name="indicators_dataset_unique_code",
                violation_error_message="Cụm này đã có bộ chỉ tiêu cùng mã.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DataSetItem(models.Model):
    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="data_set_items")
    section = models.CharField("Nhóm", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("Thứ tự", default=0)

    class Meta:
        verbose_name = "chỉ tiêu trong bộ"
        verbose_name_plural = "chỉ tiêu trong bộ"
        ordering = ["data_set_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "indicator"], name="indicators_dataset_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.data_set} — {self.indicator}"


class TargetQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin and action == VIEW:
            return Q()
        # A unit's own people and the offices over it reach its targets in every year; a cluster secretariat
        # reaches its members' targets of its own edition only.
        own_units = access.unit_ids_for(action, OWN_UNIT_ROLES)
        managed_editions = access.edition_ids_for(action, SECRETARIAT)
        return Q(unit__in=own_units) | Q(edition__in=managed_editions)


class Target(VersionedModel):
    """A target assigned to a unit for an indicator and a period (chỉ tiêu được giao)."""

    edition = models.ForeignKey(
        "organisations.ClusterEdition",
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name="Cụm thi đua (năm)",
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="targets", verbose_name="Đơn vị"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name="Chỉ tiêu")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="targets", verbose_name="Kỳ")
    option = models.ForeignKey(
        DisaggregationOption,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="Phân tổ",
    )
    kind = models.CharField("Cách giao", max_length=16, choices=[(k.value, TARGET_KIND_LABELS[k]) for k in TargetKind])
    value = models.DecimalField("Giá trị", max_digits=20, decimal_places=4)
    note = models.CharField("Ghi chú", max_length=300, blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "chỉ tiêu được giao"
        verbose_name_plural = "chỉ tiêu được giao"
        ordering = ["period_id", "unit_id", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "period"],
                condition=Q(option__isnull=True),
                name="indicators_target_unique_total",
                violation_error_message="Đơn vị đã được giao chỉ tiêu này cho kỳ này.",
            ),
            models.UniqueConstraint(
                fields=["unit", "indicator", "period", "option"],
                condition=Q(option__isnull=False),
                name="indicators_target_unique_option",
                violation_error_message="Đơn vị đã được giao chỉ tiêu này (phân tổ này) cho kỳ này.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.indicator.code} — {self.period.code}"
