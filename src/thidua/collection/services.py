"""Writes of the data-collection workflow. Each is one transaction with its audit event; notifications are
sent after commit. The submission row is locked (SELECT ... FOR UPDATE) by every write, so a value saved
and an approval can never interleave: whichever comes second sees the other's version."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thidua.collection.domain import evidence
from thidua.collection.domain.validation import (
    MissingPolicy,
    Operator,
    Rule,
    Severity,
    evaluate,
    is_outlier,
    validate_rule,
)
from thidua.collection.domain.values import parse_value, report_totals
from thidua.collection.domain.workflow import (
    EDITABLE,
    LOCKED,
    Action,
    check_separation_of_duties,
    is_editable,
    next_status,
    status_after_unlocked_edit,
)
from thidua.collection.models import (
    Attachment,
    DataValue,
    EntryWindow,
    LockException,
    Notification,
    Submission,
    ValidationRule,
)
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.indicators.domain.indicators import ValueType
from thidua.indicators.models import DataSet, DisaggregationOption, Indicator, Period
from thidua.organisations.models import ClusterMembership, OrgUnit
from thidua.organisations.selectors import member_during

VALUE_QUANTUM = Decimal("0.0001")

# Submissions ---------------------------------------------------------------------------------------------------


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("data_set__edition", "unit", "period")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submission_open(*, unit: OrgUnit, data_set: DataSet, period: Period, actor: Any) -> Submission:
    """The unit's report for this data set and period, created as a draft the first time it is opened."""
    probe = Submission(unit=unit, data_set=data_set, period=period)
    require(
        actor.has_perm("collection.enter_values", probe) or actor.has_perm("collection.submit", probe),
        "Chỉ cán bộ hoặc lãnh đạo của đơn vị được mở báo cáo của đơn vị.",
    )
    existing = Submission.objects.filter(unit=unit, data_set=data_set, period=period).first()
    if existing is not None:
        return existing
    if data_set.period_kind != period.kind:
        raise DomainError(f"Bộ chỉ tiêu «{data_set}» báo cáo theo loại kỳ khác với kỳ {period.code}.", field="period")
    if not member_during(data_set.edition_id, unit, period.start, period.end):
        raise DomainError(f"Đơn vị «{unit}» không thuộc {data_set.edition} trong kỳ {period.code}.", field="unit")
    submission = Submission.objects.create(unit=unit, data_set=data_set, period=period)
    audit.record(actor=actor, action="submission.open", obj=submission, after=audit.snapshot(submission))
    return submission


def _lock_exception_active(submission: Submission, now: datetime) -> bool:
    return submission.lock_exceptions.filter(until__gt=now).exists()


def _window(submission: Submission) -> EntryWindow | None:
    return EntryWindow.objects.filter(data_set=submission.data_set_id, period=submission.period_id).first()


@transaction.atomic
def value_save(
    *,
    submission: Submission,
    indicator: Indicator,
    raw: Any,
    option: DisaggregationOption | None = None,
    comment: str | None = None,
    expected_version: int | None = None,
    actor: Any,
) -> DataValue | None:
    """Save (or clear, with an empty ``raw``) one value of a draft or returned report.

    ``expected_version`` is the value's version the edit was based on (0 or None for a new value); a stale
    one is refused. Returns the stored value, or None when it was cleared.
    """
    submission = _locked(submission)
    require(actor.has_perm("collection.enter_values", submission), "Chỉ cán bộ nhập liệu của đơn vị được nhập số liệu.")
    now = timezone.now()
    if not is_editable(submission.status_enum, lock_exception=_lock_exception_active(submission, now)):
        raise DomainError(
            f"Báo cáo đang ở trạng thái «{submission.status_label}»: không sửa được số liệu. "
            "Nếu cần sửa, đề nghị cấp trên hủy duyệt hoặc mở khóa.",
            field="status",
        )
    window = _window(submission)
    if window is not None and timezone.localdate() < window.opens_on:
        raise DomainError(f"Chưa đến thời gian nhập số liệu (mở từ {window.opens_on:%d/%m/%Y}).", field="period")
    if not submission.data_set.items.filter(indicator=indicator).exists():
        raise DomainError(
            f"Chỉ tiêu «{indicator.code}» không có trong bộ chỉ tiêu «{submission.data_set}».", field="indicator"
        )
    if option is not None and not indicator.disaggregations.filter(pk=option.disaggregation_id).exists():
        raise DomainError(f"Chỉ tiêu «{indicator.code}» không có phân tổ «{option}».", field="option")
    parsed = parse_value(ValueType(indicator.value_type), raw, indicator=indicator.name)
    if option is None and not parsed.is_empty and indicator.disaggregations.exists():
        # The total of a breakdown is the sum of its options (report_totals); a typed total could silently differ.
        raise DomainError(
            f"«{indicator.name}» có phân tổ: hãy nhập theo từng phân tổ, tổng số được tự cộng.", field="option"
        )
    current = (
        DataValue.objects.select_for_update().filter(submission=submission, indicator=indicator, option=option).first()
    )
    if current is None:
        if expected_version not in (None, 0):
            raise DomainError("Số liệu này đã bị xóa sau khi bạn mở: hãy tải lại trang.", field="version")
        if parsed.is_empty and not comment:
            return None
        current = DataValue(submission=submission, indicator=indicator, option=option)
        before = None
    else:
        check_version(current, expected_version)
        before = audit.snapshot(current)
        bump_version(current)
    if parsed.is_empty and not (comment if comment is not None else current.comment):
        audit.record(actor=actor, action="value.clear", obj=current, before=before)
        current.delete()
        _touch(submission)
        return None
    # Stored with the column's four decimals, so the audit's "after" reads exactly as the next "before".
    number = parsed.number.quantize(VALUE_QUANTUM) if parsed.number is not None else None
    current.value, current.value_bool, current.value_text = number, parsed.flag, parsed.text
    if comment is not None:
        current.comment = nfc(comment)
    current.entered_by = actor
    current.flagged = False
    current.save()
    audit.record(
        actor=actor,
        action="value.save" if before else "value.create",
        obj=current,
        before=before,
        after=audit.snapshot(current),
    )
    _touch(submission)
    return current


def _touch(submission: Submission) -> None:
    """Any change of a value changes the report's version, so a review based on an older view is refused.

    A change made under a lock exception to an approved report sends it back for review: approved data is never
    data nobody reviewed."""
    before = audit.snapshot(submission) if submission.status_enum in LOCKED else None
    bump_version(submission)
    if before is not None:
        submission.status = status_after_unlocked_edit(submission.status_enum).value
        submission.save(update_fields=["version", "status", "updated_at"])
        _refresh_approved_totals(submission)
        audit.record(
            actor=None,
            action="submission.reopened_for_review",
            obj=submission,
            before=before,
            after=audit.snapshot(submission),
            reason="Số liệu sửa trong thời gian mở khóa: cần duyệt lại.",
        )
        _notify(
            _reviewers(submission),
            f"Báo cáo {submission} được sửa khi mở khóa: cần duyệt lại.",
            f"/bao-cao/{submission.pk}/",
        )
        return
    submission.save(update_fields=["version", "updated_at"])


def _refresh_approved_totals(submission: Submission) -> None:
    """Approved data shows in the analytics at once: its totals follow every approval and reopening, in the same
    transaction (no batch job)."""
    from thidua.analytics.services import approved_totals_refresh

    approved_totals_refresh(unit_id=submission.unit_id, period_id=submission.period_id)


def _reviewers(submission: Submission) -> list[Any]:
    from thidua.accounts.models import RoleAssignment

    today = timezone.localdate()
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            cluster_edition=submission.data_set.edition_id, role="cluster_secretariat", valid_from__lte=today
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .select_related("user")
    ]


def _values_by_code(submission: Submission) -> dict[str, Decimal | None]:
    """Totals per indicator code, with the data set's rates computed from their numerator and denominator."""
    values = [
        (v.indicator.code, v.option_id is not None, v.value) for v in submission.values.select_related("indicator")
    ]
    rates = [
        (ind.code, ind.numerator.code, ind.denominator.code)
        for ind in (
            item.indicator
            for item in submission.data_set.items.select_related("indicator__numerator", "indicator__denominator")
        )
        if ind.value_type == ValueType.RATE.value and ind.numerator and ind.denominator
    ]
    return report_totals(values, rates)


def rules_for(submission: Submission) -> list[Rule]:
    rows = ValidationRule.objects.filter(is_active=True).filter(
        Q(edition__isnull=True) | Q(edition=submission.data_set.edition_id)
    )
    codes = set(submission.data_set.items.values_list("indicator__code", flat=True))
    rules = [
        Rule(
            code=r.code,
            name=r.name,
            left=r.left,
            operator=Operator(r.operator),
            right=r.right,
            severity=Severity(r.severity),
            missing=MissingPolicy(r.missing),
        )
        for r in rows
    ]
    return [rule for rule in rules if rule.indicators() <= codes]


@dataclass(frozen=True)
class CheckResult:
    blocking: list[str]
    needs_comment: list[str]
    flags: list[str]


def submission_check(submission: Submission, *, mark_flags: bool = False) -> CheckResult:
    """What would stop or warn a submission now: hard rules, soft rules without a comment, unusual values.

    Reading changes nothing; ``mark_flags`` (at submission) marks the unusual values for the reviewer."""
    values = _values_by_code(submission)
    violations = evaluate(rules_for(submission), values)
    commented = {v.indicator.code for v in submission.values.select_related("indicator") if v.comment.strip()}
    names = dict(submission.data_set.items.values_list("indicator__code", "indicator__name"))
    blocking = [v.describe(names) for v in violations if v.blocks]
    needs_comment = [v.describe(names) for v in violations if not v.blocks and not (v.rule.indicators() & commented)]
    flags = []
    for value in submission.values.select_related("indicator").filter(option__isnull=True, value__isnull=False):
        history = DataValue.objects.filter(
            submission__unit=submission.unit_id,
            submission__period__kind=submission.period.kind,
            submission__period__end__lt=submission.period.start,
            submission__status__in=[s.value for s in LOCKED],
            indicator=value.indicator_id,
            option__isnull=True,
            value__isnull=False,
        ).values_list("value", flat=True)
        if is_outlier(value.value, list(history)):
            flags.append(f"{value.indicator.name}: {format_number(value.value)} khác thường so với các kỳ trước.")
            if mark_flags and not value.flagged:
                DataValue.objects.filter(pk=value.pk).update(flagged=True)
    return CheckResult(blocking=blocking, needs_comment=needs_comment, flags=flags)


def _notify(users: Iterable[Any], message: str, url: str = "") -> None:
    recipients = [u for u in users if u is not None]

    def send() -> None:
        Notification.objects.bulk_create([Notification(user=u, message=message[:500], url=url) for u in recipients])

    transaction.on_commit(send)


def _unit_people(submission: Submission) -> list[Any]:
    from thidua.accounts.models import RoleAssignment

    today = timezone.localdate()
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            org_unit=submission.unit_id, role__in=["unit_officer", "unit_leader"], valid_from__lte=today
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .select_related("user")
    ]


def _transition(
    submission: Submission, action: Action, *, actor: Any, reason: str = "", expected_version: int | None
) -> Submission:
    before = audit.snapshot(submission)
    check_version(submission, expected_version)
    target = next_status(submission.status_enum, action, reason=reason)
    entered_by = {str(pk) for pk in submission.values.values_list("entered_by_id", flat=True) if pk}
    check_separation_of_duties(action, str(actor.pk), entered_by)
    now = timezone.now()
    if action is Action.SUBMIT:
        submission.submitted_at, submission.submitted_by = now, actor
        window = _window(submission)
        submission.submitted_late = bool(window and timezone.localdate() > window.deadline)
        submission.reason = ""
    else:
        submission.decided_at, submission.decided_by = now, actor
        if action in (Action.RETURN, Action.UNAPPROVE):
            submission.reason = nfc(reason)
    submission.status = target.value
    bump_version(submission)
    submission.save()
    audit.record(
        actor=actor,
        action=f"submission.{action.value}",
        obj=submission,
        before=before,
        after=audit.snapshot(submission),
        reason=nfc(reason),
    )
    return submission


@transaction.atomic
def submission_submit(*, submission: Submission, expected_version: int | None, actor: Any) -> Submission:
    """The unit leader sends the report to the cluster; hard rules block, soft rules need a comment."""
    submission = _locked(submission)
    require(actor.has_perm("collection.submit", submission), "Chỉ lãnh đạo đơn vị được gửi báo cáo.")
    check_version(submission, expected_version)
    if not submission.values.exists():
        raise DomainError("Báo cáo chưa có số liệu nào.", field="values")
    result = submission_check(submission, mark_flags=True)
    if result.blocking:
        raise DomainError(
            "Số liệu chưa hợp lệ: " + " ".join(result.blocking),
            field="values",
        )
    if result.needs_comment:
        raise DomainError("Cần giải thích ở chỉ tiêu liên quan: " + " ".join(result.needs_comment), field="comment")
    submission.review_flags = result.flags
    return _transition(submission, Action.SUBMIT, actor=actor, expected_version=expected_version)


@transaction.atomic
def submission_return(*, submission: Submission, reason: str, expected_version: int | None, actor: Any) -> Submission:
    submission = _locked(submission)
    require(actor.has_perm("collection.review", submission), "Chỉ thường trực cụm được trả lại báo cáo.")
    result = _transition(submission, Action.RETURN, actor=actor, reason=reason, expected_version=expected_version)
    _notify(
        _unit_people(result),
        f"Báo cáo {result.data_set.name} kỳ {result.period.code} bị trả lại: {reason}",
        f"/bao-cao/{result.pk}/",
    )
    return result


@transaction.atomic
def submission_approve(*, submission: Submission, expected_version: int | None, actor: Any) -> Submission:
    """Approval locks the data. It must be based on the version the reviewer saw."""
    submission = _locked(submission)
    require(actor.has_perm("collection.review", submission), "Chỉ thường trực cụm được duyệt báo cáo.")
    result = _transition(submission, Action.APPROVE, actor=actor, expected_version=expected_version)
    _refresh_approved_totals(result)
    _notify(
        _unit_people(result),
        f"Báo cáo {result.data_set.name} kỳ {result.period.code} đã được cụm duyệt.",
        f"/bao-cao/{result.pk}/",
    )
    return result


@transaction.atomic
def submission_finalise(*, submission: Submission, expected_version: int | None, actor: Any) -> Submission:
    submission = _locked(submission)
    require(
        actor.has_perm("collection.finalise", submission),
        "Chỉ cơ quan thường trực thi đua, khen thưởng được phê duyệt chính thức.",
    )
    return _transition(submission, Action.FINALISE, actor=actor, expected_version=expected_version)


@transaction.atomic
def submission_unapprove(
    *, submission: Submission, reason: str, expected_version: int | None, actor: Any
) -> Submission:
    """A higher level reopens an approved report, with a reason; it goes back to the unit as returned."""
    submission = _locked(submission)
    require(actor.has_perm("collection.unapprove", submission), "Chỉ cấp trên được hủy duyệt báo cáo.")
    result = _transition(submission, Action.UNAPPROVE, actor=actor, reason=reason, expected_version=expected_version)
    _refresh_approved_totals(result)
    _notify(
        _unit_people(result),
        f"Báo cáo {result.data_set.name} kỳ {result.period.code} bị hủy duyệt: {reason}",
        f"/bao-cao/{result.pk}/",
    )
    return result


@dataclass(frozen=True)
class BulkOutcome:
    submission_id: int
    ok: bool
    message: str


def submissions_review(
    *, decisions: Iterable[tuple[Submission, str, str, int | None]], actor: Any
) -> list[BulkOutcome]:
    """Approve or return several reports, each with its own reason and version; each stands or falls alone."""
    outcomes = []
    for submission, action, reason, version in decisions:
        try:
            if action == Action.APPROVE.value:
                submission_approve(submission=submission, expected_version=version, actor=actor)
                message = "Đã duyệt."
            elif action == Action.RETURN.value:
                submission_return(submission=submission, reason=reason, expected_version=version, actor=actor)
                message = "Đã trả lại."
            else:
                raise DomainError(f"Thao tác «{action}» không hợp lệ.", field="action")
            outcomes.append(BulkOutcome(submission.pk, True, message))
        except DomainError as exc:
            outcomes.append(BulkOutcome(submission.pk, False, exc.message))
    return outcomes


@transaction.atomic
def lock_exception_grant(*, submission: Submission, until: datetime, reason: str, actor: Any) -> LockException:
    """Allow the unit to correct an approved report until ``until``; audited, with a reason."""
    submission = _locked(submission)
    require(actor.has_perm("collection.grant_lock_exception", submission), "Chỉ cấp trên được mở khóa số liệu.")
    if submission.status_enum not in LOCKED:
        # Only approved data is locked; a report under review is returned, not unlocked (so no approval can race
        # an edit made under an exception).
        raise DomainError(
            f"Chỉ mở khóa báo cáo đã duyệt; báo cáo đang ở trạng thái «{submission.status_label}».", field="status"
        )
    if not nfc(reason):
        raise DomainError("Cần ghi lý do mở khóa.", field="reason")
    if until <= timezone.now():
        raise DomainError("Thời hạn mở khóa phải ở tương lai.", field="until")
    exception = LockException.objects.create(submission=submission, granted_by=actor, reason=nfc(reason), until=until)
    audit.record(
        actor=actor,
        action="submission.lock_exception",
        obj=submission,
        after=audit.snapshot(exception),
        reason=nfc(reason),
    )
    _notify(_unit_people(submission), f"Báo cáo {submission} được mở khóa để sửa đến {until:%d/%m/%Y %H:%M}.")
    return exception


def notifications_mark_read(*, user: Any, ids: Iterable[int]) -> int:
    """Mark the user's own notifications read (their inbox, not business data: no audit event)."""
    return Notification.objects.filter(user=user, pk__in=list(ids), read_at__isnull=True).update(read_at=timezone.now())


REMINDER_DAYS = 3


def deadline_reminders(*, today: date | None = None, days_ahead: int = REMINDER_DAYS) -> int:
    """Notify the officers and leaders of every member unit whose report is not yet sent and whose deadline falls
    within ``days_ahead`` days. Run daily (``thidua manage remind_deadlines``); a reminder is never sent twice."""
    today = today or timezone.localdate()
    created = 0
    windows = EntryWindow.objects.filter(deadline__gte=today, deadline__lte=today + timedelta(days=days_ahead))
    for window in windows.select_related("data_set__edition", "period"):
        memberships = ClusterMembership.objects.filter(edition=window.data_set.edition_id).select_related("unit")
        for membership in memberships:
            if not member_during(window.data_set.edition_id, membership.unit, window.period.start, window.period.end):
                continue
            submission = Submission.objects.filter(
                unit=membership.unit, data_set=window.data_set, period=window.period
            ).first()
            if submission is not None and submission.status_enum not in EDITABLE:
                continue
            message = (
                f"Sắp đến hạn gửi báo cáo {window.data_set.name} kỳ {window.period.name} của {membership.unit}: "
                f"hạn {window.deadline:%d/%m/%Y}."
            )
            url = f"/bao-cao/{submission.pk}/" if submission else "/bao-cao/"
            probe = submission or Submission(unit=membership.unit, data_set=window.data_set, period=window.period)
            for user in _unit_people(probe):
                _, made = Notification.objects.get_or_create(user=user, message=message[:500], defaults={"url": url})
                created += int(made)
    return created


# Windows and rules -------------------------------------------------------------------------------------------------


@transaction.atomic
def entry_window_set(*, data_set: DataSet, period: Period, opens_on: date, deadline: date, actor: Any) -> EntryWindow:
    require(
        actor.has_perm("indicators.manage_edition", data_set.edition),
        "Chỉ thường trực cụm hoặc cơ quan thường trực thi đua được đặt thời hạn báo cáo.",
    )
    if deadline < opens_on:
        raise DomainError("Hạn gửi báo cáo không được trước ngày mở nhập.", field="deadline")
    window, created = EntryWindow.objects.get_or_create(
        data_set=data_set, period=period, defaults={"opens_on": opens_on, "deadline": deadline}
    )
    before = None if created else audit.snapshot(window)
    window.opens_on, window.deadline = opens_on, deadline
    window.save()
    audit.record(actor=actor, action="entry_window.set", obj=window, before=before, after=audit.snapshot(window))
    return window


@transaction.atomic
def validation_rule_create(
    *,
    code: str,
    name: str,
    left: str,
    operator: str,
    right: str,
    severity: str = "hard",
    missing: str = "skip",
    edition: Any = None,
    actor: Any,
) -> ValidationRule:
    require(
        actor.has_perm("collection.manage_rules", edition)
        if edition
        else actor.has_perm("indicators.change_catalogue"),
        "Bạn không có quyền đặt quy tắc kiểm tra số liệu.",
    )
    try:
        rule = Rule(
            code=nfc(code).upper(),
            name=nfc(name),
            left=left,
            operator=Operator(operator),
            right=right,
            severity=Severity(severity),
            missing=MissingPolicy(missing),
        )
    except ValueError:
        raise DomainError(
            "Phép so sánh, mức độ hoặc cách xử lý thiếu số liệu không hợp lệ.", field="operator"
        ) from None
    validate_rule(rule)
    unknown = rule.indicators() - set(
        Indicator.objects.filter(code__in=rule.indicators()).values_list("code", flat=True)
    )
    if unknown:
        raise DomainError(f"Không có chỉ tiêu mã {', '.join(sorted(unknown))}.", field="left")
    row = ValidationRule(
        edition=edition,
        code=rule.code,
        name=rule.name,
        left=rule.left,
        operator=rule.operator.value,
        right=rule.right,
        severity=rule.severity.value,
        missing=rule.missing.value,
    )
    full_clean(row)
    row.save()
    audit.record(actor=actor, action="validation_rule.create", obj=row, after=audit.snapshot(row))
    return row


# Evidence ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, submission: Submission, name: str, content: bytes, value: DataValue | None = None, actor: Any
) -> Attachment:
    """Keep an evidence file after checking what it really is (not what its name says) and its size."""
    submission = _locked(submission)
    require(actor.has_perm("collection.enter_values", submission), "Chỉ cán bộ nhập liệu của đơn vị được đính kèm tệp.")
    if not is_editable(submission.status_enum, lock_exception=_lock_exception_active(submission, timezone.now())):
        raise DomainError(
            f"Báo cáo đang ở trạng thái «{submission.status_label}»: không đính kèm thêm được.", field="status"
        )
    kind = evidence.check(name, content)
    digest = hashlib.sha256(content).hexdigest()
    attachment = Attachment(
        submission=submission,
        value=value,
        original_name=nfc(name)[:255],
        kind=kind,
        size=len(content),
        sha256=digest,
        uploaded_by=actor,
    )
    attachment.file.save(evidence.safe_name(name), ContentFile(content), save=False)
    attachment.save()
    audit.record(actor=actor, action="attachment.add", obj=attachment, after=audit.snapshot(attachment))
    _touch(submission)
    return attachment


# Narrative reports (báo cáo bằng lời văn) ----------------------------------------------------------------------
# The officer uploads the unit's narrative report on a draft; the figures found in it (thidua.reports.extract) are
# kept with the indicator proposed for each, and reach the report only when the officer accepts them, one by one
# through value_save (so the report's validation, version checks and audit apply). Nothing is submitted.

NARRATIVE_SUFFIXES = (".txt", ".docx")


def _narrative_text(name: str, content: bytes) -> tuple[str, str]:
    """The file's kind ("txt" or "docx") and its text (NFC), or a Vietnamese refusal. A .docx is checked like an
    evidence file (a real Word package, no macros, no zip bomb); a .txt must be plain UTF-8 text."""
    import tempfile
    import unicodedata
    from pathlib import Path

    from thidua.reports.extract import read_text

    suffix = Path(name).suffix.casefold()
    if suffix not in NARRATIVE_SUFFIXES:
        hint = " Hãy lưu tệp Word dưới dạng .docx." if suffix in (".doc", ".rtf", ".odt") else ""
        raise DomainError(f"Tệp «{name}»: chỉ nhận báo cáo dạng .txt hoặc .docx.{hint}", field="file")
    if not content:
        raise DomainError("Tệp rỗng.", field="file")
    if len(content) > evidence.MAX_BYTES:
        raise DomainError(f"Tệp «{name}» quá lớn: tối đa {evidence.MAX_BYTES // (1024 * 1024)} MB.", field="file")
    if suffix == ".docx":
        if evidence.check(name, content) != "docx":
            raise DomainError(f"Tệp «{name}» không phải tài liệu Word .docx.", field="file")
        kind = "docx"
    else:
        if content.startswith((b"PK\x03\x04", evidence.OLE_MAGIC, b"%PDF-")) or b"\x00" in content[:8192]:
            raise DomainError(
                f"Tệp «{name}» không phải văn bản thuần (.txt): hãy lưu lại dạng văn bản với bảng mã UTF-8.",
                field="file",
            )
        kind = "txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bao-cao{suffix}"
        path.write_bytes(content)
        text = read_text(path)
    return kind, unicodedata.normalize("NFC", text)


def narrative_indicators(submission: Submission) -> list[Indicator]:
    """The indicators of the report's data set, in the order of its form: the only ones a figure may go to."""
    return [
        item.indicator
        for item in submission.data_set.items.select_related("indicator")
        .prefetch_related("indicator__disaggregations__options")
        .order_by("order", "pk")
    ]


@transaction.atomic
def narrative_upload(*, submission: Submission, name: str, content: bytes, actor: Any) -> Any:
    """Keep a narrative report of a draft (or returned) report and the figures found in it, each with the indicator
    of the report's data set its words match best (by name and synonyms), or none. Changes no value."""
    from thidua.collection.models import NarrativeFigure, NarrativeReport
    from thidua.reports.extract import extract_figures

    submission = _locked(submission)
    require(
        actor.has_perm("collection.enter_values", submission),
        "Chỉ cán bộ nhập liệu của đơn vị được tải lên báo cáo bằng lời văn.",
    )
    if not is_editable(submission.status_enum, lock_exception=_lock_exception_active(submission, timezone.now())):
        raise DomainError(
            f"Báo cáo đang ở trạng thái «{submission.status_label}»: không nhận thêm số liệu từ báo cáo lời văn.",
            field="status",
        )
    kind, text = _narrative_text(name, content)
    indicators = {i.code: i for i in narrative_indicators(submission)}
    terms = [(i.code, i.name, i.synonyms, i.unit_of_measure) for i in indicators.values()]
    figures = extract_figures(text, terms)
    narrative = NarrativeReport(
        submission=submission,
        original_name=nfc(name)[:255],
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        text=text,
        uploaded_by=actor,
    )
    narrative.file.save(evidence.safe_name(name), ContentFile(content), save=False)
    full_clean(narrative)
    narrative.save()
    NarrativeFigure.objects.bulk_create(
        [
            NarrativeFigure(
                narrative=narrative,
                order=index,
                value=figure.value,
                low=figure.low,
                high=figure.high,
                unit=(figure.unit or "")[:40],
                qualifier=figure.qualifier.value if figure.qualifier else "",
                change=figure.change.value if figure.change else "",
                same_period=figure.same_period,
                words=figure.words[:300],
                span_start=figure.span[0],
                span_end=figure.span[1],
                phrase_start=figure.phrase_span[0],
                phrase_end=figure.phrase_span[1],
                proposed=indicators.get(figure.indicator) if figure.indicator else None,
                score=figure.score,
            )
            for index, figure in enumerate(figures, start=1)
        ]
    )
    after = audit.snapshot(narrative) or {}
    after.pop("text", None)
    after["figures"] = len(figures)
    after["proposed"] = sum(1 for f in figures if f.indicator)
    audit.record(actor=actor, action="narrative.upload", obj=narrative, after=after)
    return narrative


@dataclass(frozen=True)
class FigureDecision:
    """The officer's decision on one figure: the indicator (and breakdown option) to accept it into; ``indicator``
    None means "bỏ qua" (skip)."""

    figure_id: int
    indicator_id: int | None = None
    option_id: int | None = None


def narrative_refusal(figure: Any, indicator: Indicator, option: DisaggregationOption | None) -> str:
    """Why a figure cannot go to this indicator as it stands (empty when it can)."""
    label = f"Số liệu «{figure.words}»"
    if indicator.value_type == ValueType.RATE.value:
        parts = [i.name for i in (indicator.numerator, indicator.denominator) if i is not None]
        source = f" từ «{parts[0]}» và «{parts[1]}»" if len(parts) == 2 else ""
        return (
            f"{label}: «{indicator.name}» là tỷ lệ, được tự tính{source}; không nhận trực tiếp. "
            "Hãy chọn chỉ tiêu khác hoặc «bỏ qua»."
        )
    if indicator.value_type in (ValueType.BOOLEAN.value, ValueType.TEXT.value):
        return f"{label}: «{indicator.name}» không nhập bằng số. Hãy chọn chỉ tiêu khác hoặc «bỏ qua»."
    breakdowns = list(indicator.disaggregations.all())
    if breakdowns and option is None:
        return f"{label}: «{indicator.name}» nhập theo phân tổ ({breakdowns[0].name}): hãy chọn phân tổ."
    if option is not None and option.disaggregation_id not in {d.pk for d in breakdowns}:
        return f"{label}: «{indicator.name}» không có phân tổ «{option.name}»."
    return ""


@dataclass(frozen=True)
class NarrativeOutcome:
    accepted: int
    skipped: int


@transaction.atomic
def narrative_decide(
    *, narrative: Any, decisions: Iterable[FigureDecision], expected_version: int | None, actor: Any
) -> NarrativeOutcome:
    """Accept figures into the draft (each through value_save) or skip them; all or nothing.

    ``expected_version`` is the report's version the review page showed: if any value changed since, nothing is
    accepted (the officer reviews again). A figure for a rate, a non-numeric indicator or a broken-down indicator
    without its option is refused with the figure named (ApplicationError, ``extra["errors"]`` by figure id).
    Every decision is an audit event; the values written are audited by value_save itself."""
    from thidua.collection.models import FigureStatus, NarrativeFigure
    from thidua.core.exceptions import ApplicationError

    decisions = list(decisions)
    submission = _locked(narrative.submission)
    require(
        actor.has_perm("collection.enter_values", submission),
        "Chỉ cán bộ nhập liệu của đơn vị được nhận số liệu vào báo cáo.",
    )
    check_version(submission, expected_version)
    if not decisions:
        raise DomainError("Hãy chọn ít nhất một số liệu.", field="figures")
    open_states = [FigureStatus.PENDING, FigureStatus.SKIPPED]
    figures = {
        f.pk: f
        for f in NarrativeFigure.objects.select_for_update().filter(
            narrative=narrative, pk__in=[d.figure_id for d in decisions]
        )
    }
    allowed = {i.pk: i for i in narrative_indicators(submission)}
    options = {
        o.pk: o
        for o in DisaggregationOption.objects.filter(
            pk__in=[d.option_id for d in decisions if d.option_id is not None]
        ).select_related("disaggregation")
    }
    errors: dict[int, str] = {}
    slots: dict[tuple[int, int | None], int] = {}
    plan: list[tuple[Any, Indicator | None, DisaggregationOption | None]] = []
    for decision in decisions:
        figure = figures.get(decision.figure_id)
        if figure is None:
            raise DomainError("Không tìm thấy số liệu đã chọn trong báo cáo lời văn này.", field="figures")
        if figure.status not in open_states:
            errors[figure.pk] = f"Số liệu «{figure.words}» đã được nhận vào báo cáo trước đó."
            continue
        if decision.indicator_id is None:
            plan.append((figure, None, None))
            continue
        indicator = allowed.get(decision.indicator_id)
        if indicator is None:
            errors[figure.pk] = f"Số liệu «{figure.words}»: chỉ tiêu đã chọn không có trong bộ chỉ tiêu của báo cáo."
            continue
        option = options.get(decision.option_id) if decision.option_id is not None else None
        refusal = narrative_refusal(figure, indicator, option)
        if refusal:
            errors[figure.pk] = refusal
            continue
        slot = (indicator.pk, option.pk if option else None)
        if slot in slots:
            errors[figure.pk] = (
                f"Số liệu «{figure.words}» và «{figures[slots[slot]].words}» cùng vào «{indicator.name}»: "
                "hãy chỉ nhận một."
            )
            continue
        slots[slot] = figure.pk
        plan.append((figure, indicator, option))
    if errors:
        raise ApplicationError(
            "Chưa nhận được: " + " ".join(errors.values()), field="figures", extra={"errors": errors}
        )
    accepted = skipped = 0
    now = timezone.now()
    for figure, indicator, option in plan:
        before = audit.snapshot(figure)
        if indicator is None:
            figure.status = FigureStatus.SKIPPED
            figure.indicator, figure.option, figure.data_value = None, None, None
            skipped += 1
        else:
            current = DataValue.objects.filter(submission=submission, indicator=indicator, option=option).first()
            try:
                stored = value_save(
                    submission=submission,
                    indicator=indicator,
                    option=option,
                    raw=figure.value,
                    expected_version=current.version if current else None,
                    actor=actor,
                )
            except DomainError as exc:
                raise ApplicationError(
                    f"Số liệu «{figure.words}»: {exc.message}",
                    field="figures",
                    extra={"errors": {figure.pk: exc.message}},
                ) from None
            figure.status = FigureStatus.ACCEPTED
            figure.indicator, figure.option, figure.data_value = indicator, option, stored
            accepted += 1
        figure.decided_by, figure.decided_at = actor, now
        figure.save()
        audit.record(
            actor=actor,
            action="narrative.accept" if indicator is not None else "narrative.skip",
            obj=figure,
            before=before,
            after=audit.snapshot(figure),
            reason=f"Từ báo cáo lời văn «{narrative.original_name}»: {figure.words}",
        )
    return NarrativeOutcome(accepted=accepted, skipped=skipped)
