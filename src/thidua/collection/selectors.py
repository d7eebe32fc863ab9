"""Reads of data collection, always scoped to the user."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.collection.domain.values import report_totals
from thidua.collection.domain.workflow import EDITABLE, Status, is_late
from thidua.collection.models import Attachment, DataValue, EntryWindow, Notification, Submission
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number
from thidua.core.exceptions import NotFound
from thidua.core.models import AuditEvent
from thidua.indicators.domain.indicators import ValueType
from thidua.indicators.domain.periods import default_period, previous_period, same_period_last_year
from thidua.indicators.domain.targets import TargetKind
from thidua.indicators.models import DataSet, DataSetItem, DisaggregationOption, Indicator, Period, Target
from thidua.organisations.models import ClusterEdition, ClusterMembership, OrgUnit
from thidua.organisations.selectors import unit_names_on


def submissions(*, user: Any, edition_id: int | None = None, period_id: int | None = None) -> QuerySet[Submission]:
    qs = Submission.objects.for_user(user).select_related("unit", "data_set__edition__cluster", "period")
    if edition_id is not None:
        qs = qs.filter(data_set__edition_id=edition_id)
    if period_id is not None:
        qs = qs.filter(period_id=period_id)
    return qs


def submission_get(*, user: Any, pk: int) -> Submission:
    found = submissions(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy báo cáo này trong phạm vi của bạn.", field="submission")
    return found


def values_of(*, user: Any, submission: Submission) -> QuerySet[DataValue]:
    return DataValue.objects.for_user(user).filter(submission=submission).select_related("indicator", "option")


def unread_notifications(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def notifications_of(*, user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


# Pages: the user's reports, the entry form, a value's history, the secretariat's overview ----------------------

REPORTING_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER})
REVIEWING_ROLES = frozenset({Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE, Role.AUDITOR})


def vn_number(value: Decimal | None) -> str:
    """1799 -> "1.799", 93.5 -> "93,5" (DOMAIN.md section 8); None -> ""."""
    return "" if value is None else format_number(value)


def _lateness(submission: Submission | None, window: EntryWindow | None, today: date) -> bool:
    if window is None:
        return False
    if submission is not None and submission.submitted_at is not None:
        return bool(submission.submitted_late)
    return is_late(None, window.deadline, today)


def _member_during(membership: ClusterMembership, period: Period) -> bool:
    return (membership.valid_from is None or membership.valid_from <= period.end) and (
        membership.valid_to is None or membership.valid_to > period.start
    )


@dataclass
class ReportRow:
    """One report the user's unit has to send (or has sent): unit x data set x period."""

    unit: OrgUnit
    unit_name: str
    data_set: DataSet
    period: Period
    submission: Submission | None
    window: EntryWindow | None
    late: bool

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else ""

    @property
    def status_label(self) -> str:
        return self.submission.status_label if self.submission else "Chưa mở"

    @property
    def needs_work(self) -> bool:
        """Still to be filled or fixed by the unit."""
        if self.submission is None:
            return self.window is not None and self.window.opens_on <= timezone.localdate()
        return self.submission.status_enum in EDITABLE


def reports_of(*, user: Any, year: int | None = None, today: date | None = None) -> list[ReportRow]:
    """The reports of the units where the user is an officer or a leader: each data set of the cluster editions
    of ``year`` (default: this year) the unit belongs to, for each period of the data set's kind in that year."""
    today = today or timezone.localdate()
    year = year or today.year
    access = access_for(user)
    unit_ids = [unit_id for unit_id, held in access.unit_roles.items() if held & REPORTING_ROLES]
    if not unit_ids:
        return []
    memberships = list(
        ClusterMembership.objects.filter(unit_id__in=unit_ids, edition__year=year).select_related("unit", "edition")
    )
    edition_ids = {m.edition_id for m in memberships}
    sets = list(DataSet.objects.for_user(user).filter(edition__in=edition_ids).select_related("edition__cluster"))
    if not sets:
        return []
    kinds = {ds.period_kind for ds in sets}
    year_periods = list(Period.objects.filter(kind__in=kinds, year=year).order_by("start", "end"))
    existing = {
        (s.unit_id, s.data_set_id, s.period_id): s
        for s in Submission.objects.for_user(user).filter(unit_id__in=unit_ids, data_set__in=sets)
    }
    windows = {(w.data_set_id, w.period_id): w for w in EntryWindow.objects.filter(data_set__in=sets)}
    names = unit_names_on(list({m.unit_id: m.unit for m in memberships}.values()), today)
    rows = []
    for membership in memberships:
        for ds in sets:
            if ds.edition_id != membership.edition_id:
                continue
            for period in year_periods:
                if period.kind != ds.period_kind or not _member_during(membership, period):
                    continue
                submission = existing.get((membership.unit_id, ds.pk, period.pk))
                window = windows.get((ds.pk, period.pk))
                rows.append(
                    ReportRow(
                        unit=membership.unit,
                        unit_name=names.get(membership.unit_id) or str(membership.unit),
                        data_set=ds,
                        period=period,
                        submission=submission,
                        window=window,
                        late=_lateness(submission, window, today),
                    )
                )
    rows.sort(key=lambda r: (r.period.start, r.period.end, r.data_set.name, r.unit_name))
    return rows


def reviewable_editions(*, user: Any) -> QuerySet[ClusterEdition]:
    """The cluster editions whose reports the user reviews or oversees (secretariat, emulation office, auditor)."""
    access = access_for(user)
    ids = [edition_id for edition_id, held in access.edition_roles.items() if held & REVIEWING_ROLES]
    qs = ClusterEdition.objects.for_user(user).select_related("cluster")
    if not access.is_admin:
        qs = qs.filter(pk__in=ids)
    return qs.order_by("-year", "cluster__level", "cluster__number")


def reviewable_edition_get(*, user: Any, pk: int) -> ClusterEdition:
    edition = reviewable_editions(user=user).filter(pk=pk).first()
    if edition is None:
        raise NotFound("Không tìm thấy cụm thi đua này trong phạm vi của bạn.", field="edition")
    return edition


@dataclass
class AwaitingReview:
    edition: ClusterEdition
    period: Period
    count: int
    status: str = Status.SUBMITTED.value  # submitted: the cluster reviews; approved: the office finalises

    @property
    def waiting_for(self) -> str:
        return "chờ phê duyệt chính thức" if self.status == Status.APPROVED.value else "đã gửi, chờ duyệt"


def awaiting_review(*, user: Any) -> list[AwaitingReview]:
    """Reports waiting for the user, per edition and period: sent reports for the cluster's secretariat (and the
    office over the cluster), cluster-approved reports for the office's final approval."""
    access = access_for(user)
    reviewing = [
        edition_id
        for edition_id, held in access.edition_roles.items()
        if held & {Role.CLUSTER_SECRETARIAT, Role.EMULATION_OFFICE}
    ]
    finalising = [edition_id for edition_id, held in access.edition_roles.items() if Role.EMULATION_OFFICE in held]
    if not reviewing:
        return []
    waiting = Q(data_set__edition__in=reviewing, status=Status.SUBMITTED.value) | Q(
        data_set__edition__in=finalising, status=Status.APPROVED.value
    )
    counts: dict[tuple[int, int, str], int] = defaultdict(int)
    for key in (
        Submission.objects.for_user(user).filter(waiting).values_list("data_set__edition_id", "period_id", "status")
    ):
        counts[key] += 1
    editions = ClusterEdition.objects.select_related("cluster").in_bulk({e for e, _, _ in counts})
    periods_by_id = Period.objects.in_bulk({p for _, p, _ in counts})
    found = [AwaitingReview(editions[e], periods_by_id[p], n, status) for (e, p, status), n in counts.items()]
    found.sort(key=lambda a: (-a.edition.year, a.edition.cluster.number, a.period.start, a.status))
    return found


# The entry form ------------------------------------------------------------------------------------------------


@dataclass
class Slot:
    """One stored figure of the form: an indicator's total (option None) or one of its options."""

    indicator: Indicator
    option: DisaggregationOption | None
    value: DataValue | None
    kind: str = "number"  # how it is typed: number, boolean, text, or hidden (a rate, or a total of options)

    @property
    def key(self) -> str:
        return f"{self.indicator.pk}-{self.option.pk if self.option else 0}"

    @property
    def version(self) -> int:
        return self.value.version if self.value else 0

    @property
    def text(self) -> str:
        """The value as typed in the form (Vietnamese number format)."""
        if self.value is None:
            return ""
        if self.value.value is not None:
            return vn_number(self.value.value)
        if self.value.value_bool is not None:
            return "Có" if self.value.value_bool else "Không"
        return self.value.value_text

    @property
    def comment(self) -> str:
        return self.value.comment if self.value else ""

    @property
    def flagged(self) -> bool:
        return bool(self.value and self.value.flagged)


@dataclass
class FormRow:
    item: DataSetItem
    indicator: Indicator
    main: Slot
    options: list[Slot]
    total: Decimal | None
    target: Target | None
    previous: Decimal | None
    last_year: Decimal | None

    @property
    def is_rate(self) -> bool:
        return self.indicator.value_type == ValueType.RATE.value

    @property
    def is_split(self) -> bool:
        return bool(self.options)

    @property
    def input_kind(self) -> str:
        if self.is_rate:
            return "rate"
        if self.is_split:
            return "split"
        return self.main.kind

    @property
    def total_text(self) -> str:
        return vn_number(self.total)

    @property
    def previous_text(self) -> str:
        return vn_number(self.previous)

    @property
    def last_year_text(self) -> str:
        return vn_number(self.last_year)

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        kind = TargetKind(self.target.kind)
        amount = vn_number(self.target.value)
        if kind is TargetKind.MIN_RATE:
            return f"≥ {amount}%"
        if kind is TargetKind.CHANGE_VS_LAST_YEAR:
            change = self.target.value
            return f"{'giảm' if change < 0 else 'tăng'} {vn_number(abs(change))}% so với cùng kỳ"
        return f"{amount} {self.indicator.unit_of_measure}".strip()


@dataclass
class FormSection:
    name: str
    rows: list[FormRow]


@dataclass
class EntryForm:
    submission: Submission
    unit_name: str
    sections: list[FormSection]
    window: EntryWindow | None
    late: bool
    lock_until: datetime | None
    previous_code: str
    last_year_code: str
    attachments: list[Attachment] = field(default_factory=list)
    steps: list[WorkflowStep] = field(default_factory=list)


@dataclass(frozen=True)
class WorkflowStep:
    """One step the report went through (from the audit log): who, when, what, why."""

    label: str
    actor: str
    at: datetime
    reason: str


STEP_LABELS = {
    "submission.submit": "Gửi báo cáo",
    "submission.return": "Trả lại",
    "submission.approve": "Cụm duyệt",
    "submission.finalise": "Phê duyệt chính thức",
    "submission.unapprove": "Hủy duyệt",
    "submission.lock_exception": "Mở khóa có thời hạn",
    "submission.reopened_for_review": "Sửa khi mở khóa: cần duyệt lại",
}


def workflow_steps(submission: Submission) -> list[WorkflowStep]:
    """The report's steps, oldest first, so the cluster's approval and the final approval both stay visible."""
    events = AuditEvent.objects.filter(
        object_type=Submission._meta.label_lower, object_id=str(submission.pk), action__in=list(STEP_LABELS)
    ).order_by("seq")
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={e.actor_id for e in events if e.actor_id})}
    return [
        WorkflowStep(STEP_LABELS[e.action], str(users.get(e.actor_id, e.actor_username or "hệ thống")), e.at, e.reason)
        for e in events
    ]


def _slot_kind(indicator: Indicator, option: DisaggregationOption | None, *, split: bool) -> str:
    if option is not None:
        return "number"
    if split or indicator.value_type == ValueType.RATE.value:
        return "hidden"  # only its comment is typed; the figure is computed
    if indicator.value_type == ValueType.BOOLEAN.value:
        return "boolean"
    if indicator.value_type == ValueType.TEXT.value:
        return "text"
    return "number"


def _totals(values: Iterable[DataValue], rates: Iterable[Indicator]) -> dict[int, Decimal | None]:
    """Per indicator id: its total, rates computed from their numerator and denominator (never typed)."""
    return report_totals(
        ((v.indicator_id, v.option_id is not None, v.value) for v in values),
        ((i.pk, i.numerator_id, i.denominator_id) for i in rates if i.numerator_id and i.denominator_id),
    )


def _other_period_totals(
    *, user: Any, submission: Submission, code: str, indicator_ids: list[int], rates: list[Indicator]
) -> dict[int, Decimal | None]:
    """The unit's figures of another period, from its other reports (approved ones first)."""
    if not code:
        return {}
    values = list(
        DataValue.objects.for_user(user)
        .filter(submission__unit=submission.unit_id, submission__period__code=code, indicator__in=indicator_ids)
        .exclude(submission=submission)
        .select_related("submission")
    )
    by_submission: dict[int, list[DataValue]] = defaultdict(list)
    for value in values:
        by_submission[value.submission_id].append(value)
    order = {s: i for i, s in enumerate((Status.FINALISED, Status.APPROVED, Status.SUBMITTED))}
    ranked = sorted(
        by_submission.values(),
        key=lambda vs: (order.get(vs[0].submission.status_enum, 9), -vs[0].submission.updated_at.timestamp()),
    )
    merged: dict[int, Decimal | None] = {}
    for group in ranked:
        for indicator_id, total in _totals(group, rates).items():
            if merged.get(indicator_id) is None:
                merged[indicator_id] = total
    return merged


def _period_code(rule: Any, code: str) -> str:
    try:
        return str(rule(code))
    except DomainError:  # a campaign has no previous period nor a same period last year
        return ""


def lock_exception_until(submission: Submission) -> datetime | None:
    """Until when an exception granted from above lets the unit correct this locked report (None: no exception)."""
    latest = submission.lock_exceptions.filter(until__gt=timezone.now()).order_by("-until").first()
    return latest.until if latest else None


def entry_form(*, user: Any, submission: Submission) -> EntryForm:
    """Everything the entry form shows: the data set's sections in order, each indicator with its stored values,
    the unit's target, the previous period and the same period last year."""
    items = list(
        submission.data_set.items.select_related("indicator").prefetch_related("indicator__disaggregations__options")
    )
    indicator_ids = [item.indicator_id for item in items]
    rates = [item.indicator for item in items if item.indicator.value_type == ValueType.RATE.value]
    values = list(values_of(user=user, submission=submission))
    stored = {(v.indicator_id, v.option_id): v for v in values}
    totals = _totals(values, rates)
    targets = {
        t.indicator_id: t
        for t in Target.objects.for_user(user).filter(
            unit=submission.unit_id, period=submission.period_id, indicator__in=indicator_ids, option__isnull=True
        )
    }
    previous_code = _period_code(previous_period, submission.period.code)
    last_year_code = _period_code(same_period_last_year, submission.period.code)
    previous = _other_period_totals(
        user=user, submission=submission, code=previous_code, indicator_ids=indicator_ids, rates=rates
    )
    last_year = _other_period_totals(
        user=user, submission=submission, code=last_year_code, indicator_ids=indicator_ids, rates=rates
    )
    sections: list[FormSection] = []
    for item in items:
        indicator = item.indicator
        options = (
            []
            if indicator.value_type == ValueType.RATE.value
            else [
                Slot(indicator, option, stored.get((indicator.pk, option.pk)))
                for disaggregation in indicator.disaggregations.all()
                for option in disaggregation.options.all()
            ]
        )
        main_kind = _slot_kind(indicator, None, split=bool(options))
        row = FormRow(
            item=item,
            indicator=indicator,
            main=Slot(indicator, None, stored.get((indicator.pk, None)), main_kind),
            options=options,
            total=totals.get(indicator.pk),
            target=targets.get(indicator.pk),
            previous=previous.get(indicator.pk),
            last_year=last_year.get(indicator.pk),
        )
        if not sections or sections[-1].name != item.section:
            sections.append(FormSection(item.section, []))
        sections[-1].rows.append(row)
    window = EntryWindow.objects.filter(data_set=submission.data_set_id, period=submission.period_id).first()
    return EntryForm(
        submission=submission,
        unit_name=unit_names_on([submission.unit], submission.period.end).get(submission.unit_id)
        or str(submission.unit),
        sections=sections,
        window=window,
        late=_lateness(submission, window, timezone.localdate()),
        lock_until=lock_exception_until(submission),
        previous_code=previous_code,
        last_year_code=last_year_code,
        attachments=list(submission.attachments.select_related("uploaded_by").order_by("created_at")),
        steps=workflow_steps(submission),
    )


def slot_get(*, user: Any, submission: Submission, indicator_id: Any, option_id: Any) -> Slot:
    """The form slot a posted value is for; an indicator outside the data set or an option outside the indicator
    is refused by name."""
    item = (
        submission.data_set.items.select_related("indicator").filter(indicator_id=_as_id(indicator_id, "indicator"))
    ).first()
    if item is None:
        raise DomainError("Chỉ tiêu không có trong bộ chỉ tiêu của báo cáo này.", field="indicator")
    option = None
    if option_id not in (None, "", "0", 0):
        option = DisaggregationOption.objects.filter(
            pk=_as_id(option_id, "option"), disaggregation__indicators=item.indicator
        ).first()
        if option is None:
            raise DomainError(f"Chỉ tiêu «{item.indicator.name}» không có phân tổ này.", field="option")
    value = values_of(user=user, submission=submission).filter(indicator=item.indicator, option=option).first()
    split = option is None and item.indicator.disaggregations.exists()
    return Slot(item.indicator, option, value, _slot_kind(item.indicator, option, split=split))


def _as_id(raw: Any, field_name: str) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise DomainError("Yêu cầu không hợp lệ: thiếu mã chỉ tiêu hoặc phân tổ.", field=field_name) from None


def attachment_get(*, user: Any, submission: Submission, pk: Any) -> Attachment:
    found = submission.attachments.filter(pk=int(pk)).first() if str(pk).isdigit() else None
    if found is None or not submissions(user=user).filter(pk=submission.pk).exists():
        raise NotFound("Không tìm thấy tệp này trong phạm vi của bạn.", field="file")
    return found


# A value's history ---------------------------------------------------------------------------------------------

HISTORY_ACTIONS = {"value.create": "Nhập mới", "value.save": "Sửa", "value.clear": "Xóa"}


@dataclass
class HistoryEntry:
    at: datetime
    who: str
    action: str
    before: str
    after: str
    before_comment: str
    after_comment: str
    reason: str


def _snapshot_text(data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    if data.get("value") is not None:
        return vn_number(Decimal(str(data["value"])))
    if data.get("value_bool") is not None:
        return "Có" if data["value_bool"] else "Không"
    return str(data.get("value_text") or "")


def value_history(*, user: Any, submission: Submission, value_pk: int) -> list[HistoryEntry]:
    """Who changed a value of this report, when, from what to what (from the audit log, oldest first)."""
    events = [
        e
        for e in AuditEvent.objects.filter(object_type=DataValue._meta.label_lower, object_id=str(value_pk)).order_by(
            "seq"
        )
        if (e.after or e.before or {}).get("submission_id") == submission.pk
    ]
    if not events:
        raise NotFound("Không tìm thấy lịch sử của số liệu này.", field="value")
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={e.actor_id for e in events if e.actor_id})}
    return [
        HistoryEntry(
            at=e.at,
            who=str(users.get(e.actor_id) or e.actor_username or "—"),
            action=HISTORY_ACTIONS.get(e.action, e.action),
            before=_snapshot_text(e.before),
            after=_snapshot_text(e.after),
            before_comment=str((e.before or {}).get("comment") or ""),
            after_comment=str((e.after or {}).get("comment") or ""),
            reason=e.reason,
        )
        for e in events
    ]


# The secretariat's overview ------------------------------------------------------------------------------------


def overview_periods(*, user: Any, edition: ClusterEdition) -> list[Period]:
    """Periods the edition's data sets report: those with an entry window, and those of the edition's year."""
    sets = DataSet.objects.for_user(user).filter(edition=edition)
    kinds = set(sets.values_list("period_kind", flat=True))
    windowed = set(EntryWindow.objects.filter(data_set__in=sets).values_list("period_id", flat=True))
    found = Period.objects.filter(Q(pk__in=windowed) | Q(kind__in=kinds, year=edition.year))
    return list(found.order_by("start", "end"))


def overview_default_period(*, user: Any, edition: ClusterEdition, choices: list[Period]) -> Period | None:
    """The period under review now: the latest one with reports waiting for review; else the latest whose entry
    window has opened; else the period running today."""
    if not choices:
        return None
    waiting = set(
        Submission.objects.for_user(user)
        .filter(data_set__edition=edition, status=Status.SUBMITTED.value)
        .values_list("period_id", flat=True)
    )
    pending = [p for p in choices if p.pk in waiting]
    if pending:
        return max(pending, key=lambda p: (p.end, p.start))
    today = timezone.localdate()
    opened = {
        w.period_id: w.deadline
        for w in EntryWindow.objects.filter(data_set__edition=edition, opens_on__lte=today).order_by("deadline")
    }
    with_window = [p for p in choices if p.pk in opened]
    if with_window:
        return max(with_window, key=lambda p: (opened[p.pk], p.end))
    return default_period(choices, today)


@dataclass
class OverviewRow:
    unit: OrgUnit
    unit_name: str
    data_set: DataSet
    submission: Submission | None
    window: EntryWindow | None
    late: bool
    value_count: int

    @property
    def status_label(self) -> str:
        return self.submission.status_label if self.submission else "Chưa mở"

    @property
    def can_decide(self) -> bool:
        return self.submission is not None and self.submission.status == Status.SUBMITTED.value


def overview_rows(*, user: Any, edition: ClusterEdition, period: Period) -> list[OverviewRow]:
    """Every member unit during the period x every data set of the period's kind: status, timeliness, values."""
    today = timezone.localdate()
    memberships = [
        m for m in edition.memberships.select_related("unit").order_by("order", "pk") if _member_during(m, period)
    ]
    sets = list(DataSet.objects.for_user(user).filter(edition=edition, period_kind=period.kind).order_by("code"))
    found = {
        (s.unit_id, s.data_set_id): s
        for s in Submission.objects.for_user(user)
        .filter(data_set__in=sets, period=period)
        .select_related("submitted_by", "decided_by")
        .annotate(
            value_count=Count(
                "values",
                filter=Q(values__value__isnull=False)
                | Q(values__value_bool__isnull=False)
                | Q(values__value_text__gt=""),
            )
        )
    }
    windows = {w.data_set_id: w for w in EntryWindow.objects.filter(data_set__in=sets, period=period)}
    names = unit_names_on([m.unit for m in memberships], period.end)
    rows = []
    for membership in memberships:
        for ds in sets:
            submission = found.get((membership.unit_id, ds.pk))
            window = windows.get(ds.pk)
            rows.append(
                OverviewRow(
                    unit=membership.unit,
                    unit_name=names.get(membership.unit_id) or str(membership.unit),
                    data_set=ds,
                    submission=submission,
                    window=window,
                    late=_lateness(submission, window, today),
                    value_count=getattr(submission, "value_count", 0) if submission else 0,
                )
            )
    return rows
