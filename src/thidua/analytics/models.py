"""Schema of the analytics app: approved totals kept current as reports are approved (số liệu đã duyệt tổng hợp)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from thidua.core.scoping import VIEW, ScopedQuerySet


class ApprovedTotalQuerySet(ScopedQuerySet):
    def scope_q(self, access, action):  # type: ignore[no-untyped-def]
        if access.is_admin and action == VIEW:
            return Q()
        return Q(unit__in=access.unit_ids_for(action))


class ApprovedTotal(models.Model):
    """The approved figures of one unit, period, indicator (and disaggregation option), summed.

    ``rollup`` False: the unit's own approved reports; True: the sum of the own figures of every unit under it
    in the tree of the period (the unit itself excluded, so a province's own report and its communes' reports
    are never added together). Rates are not stored: they are recomputed from their numerator and denominator
    totals when read. Refreshed by ``services.approved_totals_refresh`` in the transaction of every approval,
    unapproval or edit under a lock exception (no batch job).
    """

    # No index per foreign key: the composite indexes below serve every read and write, and fewer indexes keep the
    # refresh inside an approval cheap (a single-column index on indicator also misleads SQLite's planner).
    unit = models.ForeignKey("organisations.OrgUnit", on_delete=models.CASCADE, related_name="+", db_index=False)
    period = models.ForeignKey("indicators.Period", on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="+", db_index=False)
    option = models.ForeignKey(
        "indicators.DisaggregationOption",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    rollup = models.BooleanField("Cộng các đơn vị trực thuộc", default=False)
    value = models.DecimalField("Tổng giá trị", max_digits=24, decimal_places=4, default=0)
    # Not a PositiveIntegerField: the roll-up upsert proposes a row holding a (possibly negative) change.
    reported = models.IntegerField("Số báo cáo đã duyệt có số liệu", default=0)

    objects = ApprovedTotalQuerySet.as_manager()

    class Meta:
        verbose_name = "số liệu đã duyệt (tổng hợp)"
        verbose_name_plural = "số liệu đã duyệt (tổng hợp)"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "rollup", "indicator"],
                condition=Q(option__isnull=True),
                name="analytics_total_unique_total",
            ),
            models.UniqueConstraint(
                fields=["period", "unit", "rollup", "indicator", "option"],
                condition=Q(option__isnull=False),
                name="analytics_total_unique_option",
            ),
        ]
        indexes = [models.Index(fields=["period", "unit", "rollup", "indicator"], name="analytics_total_read")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.period_id}/{self.indicator_id}/{self.option_id}: {self.value}"
