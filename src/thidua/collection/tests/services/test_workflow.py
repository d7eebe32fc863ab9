"""The reporting workflow through the services, as the people of a cluster live it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from thidua.collection.models import Attachment, DataValue, Notification, Submission
from thidua.collection.services import (
    attachment_add,
    lock_exception_grant,
    submission_approve,
    submission_finalise,
    submission_open,
    submission_return,
    submission_submit,
    submission_unapprove,
    submissions_review,
    validation_rule_create,
    value_save,
)
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.core.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(cworld):
    return submission_open(
        unit=cworld.units["NAN"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["nan_officer"],
    )


def _it(world):
    """XAYRA is broken down by severity: its figures are entered per option (here «Ít nghiêm trọng»)."""
    return world.indicators["XAYRA"].disaggregations.get().options.get(code="IT")


def fill(world, report, occurred="1.250", solved="1.100"):
    officer = world.users["nan_officer"]
    value_save(submission=report, indicator=world.indicators["XAYRA"], option=_it(world), raw=occurred, actor=officer)
    value_save(submission=report, indicator=world.indicators["LAMRO"], raw=solved, actor=officer)
    report.refresh_from_db()
    return report


def submitted(world, report):
    fill(world, report)
    return submission_submit(submission=report, expected_version=report.version, actor=world.users["nan_leader"])


def test_the_officer_opens_a_draft_once_and_reopening_returns_the_same_report(cworld, report):
    again = submission_open(
        unit=cworld.units["NAN"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["nan_leader"],
    )
    assert again.pk == report.pk
    assert report.status == "draft"


def test_a_report_cannot_be_opened_for_a_unit_outside_the_edition_or_by_another_unit(cworld):
    with pytest.raises(DomainError) as caught:
        submission_open(
            unit=cworld.units["QBI"], data_set=cworld.data_set, period=cworld.periods["2026S1"], actor=cworld.admin
        )
    assert isinstance(caught.value, Forbidden) or caught.value.field == "unit"
    with pytest.raises(Forbidden):
        submission_open(
            unit=cworld.units["NAN"],
            data_set=cworld.data_set,
            period=cworld.periods["2026S1"],
            actor=cworld.users["hti_officer"],
        )
    with pytest.raises(DomainError) as caught:
        submission_open(
            unit=cworld.units["NAN"],
            data_set=cworld.data_set,
            period=cworld.periods["2026"],
            actor=cworld.users["nan_officer"],
        )
    assert caught.value.field == "period"
    assert not Submission.objects.exists()


def test_values_are_saved_as_typed_with_an_audit_event_before_and_after(cworld, report):
    officer = cworld.users["nan_officer"]
    value = value_save(
        submission=report, indicator=cworld.indicators["XAYRA"], option=_it(cworld), raw="1.250", actor=officer
    )
    changed = value_save(
        submission=report,
        indicator=cworld.indicators["XAYRA"],
        option=_it(cworld),
        raw="1.260",
        comment="Bổ sung 10 vụ",
        expected_version=value.version,
        actor=officer,
    )
    assert changed.value == 1260 and changed.version == 2 and changed.entered_by == officer
    event = AuditEvent.objects.filter(action="value.save").get()
    assert event.before["value"] == "1250.0000" and event.after["value"] == "1260.0000"
    assert event.after["comment"] == "Bổ sung 10 vụ"


def test_a_stale_edit_is_refused_and_the_stored_value_is_kept(cworld, report):
    officer = cworld.users["nan_officer"]
    value = value_save(
        submission=report, indicator=cworld.indicators["XAYRA"], option=_it(cworld), raw="100", actor=officer
    )
    value_save(
        submission=report,
        indicator=cworld.indicators["XAYRA"],
        option=_it(cworld),
        raw="110",
        expected_version=1,
        actor=officer,
    )
    with pytest.raises(StaleEdit):
        value_save(
            submission=report,
            indicator=cworld.indicators["XAYRA"],
            option=_it(cworld),
            raw="999",
            expected_version=value.version,
            actor=officer,
        )
    assert DataValue.objects.get().value == 110


@pytest.mark.parametrize(
    ("indicator", "raw", "field"),
    [("XAYRA", "12,5", "value"), ("XAYRA", "-1", "value"), ("TLKP", "85", "value"), ("LAMRO", "nhiều", "value")],
)
def test_a_bad_value_is_refused_in_vietnamese_naming_the_field_and_nothing_is_saved(
    cworld, report, indicator, raw, field
):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        value_save(
            submission=report, indicator=cworld.indicators[indicator], raw=raw, actor=cworld.users["nan_officer"]
        )
    assert caught.value.field == field
    assert not DataValue.objects.exists()
    assert AuditEvent.objects.count() == before


def test_only_the_units_officer_enters_values(cworld, report):
    for user in ("nan_leader", "hti_officer", "secretariat", "bca_office"):
        with pytest.raises(Forbidden):
            value_save(
                submission=report,
                indicator=cworld.indicators["XAYRA"],
                option=_it(cworld),
                raw="1",
                actor=cworld.users[user],
            )
    with pytest.raises(Forbidden):
        value_save(
            submission=report, indicator=cworld.indicators["XAYRA"], option=_it(cworld), raw="1", actor=cworld.admin
        )


def test_a_disaggregated_value_is_saved_per_option(cworld, report):
    severity = cworld.indicators["XAYRA"].disaggregations.get()
    serious = severity.options.get(code="NT")
    value = value_save(
        submission=report,
        indicator=cworld.indicators["XAYRA"],
        option=serious,
        raw="40",
        actor=cworld.users["nan_officer"],
    )
    assert value.option == serious


def test_the_leader_submits_and_the_report_is_then_locked_for_the_officer(cworld, report):
    result = submitted(cworld, report)
    assert result.status == "submitted"
    assert result.submitted_by == cworld.users["nan_leader"]
    assert result.submitted_late  # the window closed on 20/06/2026
    with pytest.raises(DomainError) as caught:
        value_save(
            submission=result,
            indicator=cworld.indicators["XAYRA"],
            option=_it(cworld),
            raw="5",
            expected_version=1,
            actor=cworld.users["nan_officer"],
        )
    assert caught.value.field == "status"


def test_only_the_leader_submits(cworld, report):
    fill(cworld, report)
    with pytest.raises(Forbidden):
        submission_submit(submission=report, expected_version=report.version, actor=cworld.users["nan_officer"])


def test_a_hard_rule_blocks_submission_and_changes_nothing(cworld, report):
    fill(cworld, report, occurred="100", solved="120")
    with pytest.raises(DomainError) as caught:
        submission_submit(submission=report, expected_version=report.version, actor=cworld.users["nan_leader"])
    assert "Số vụ làm rõ không vượt số vụ xảy ra" in caught.value.message
    assert Submission.objects.get().status == "draft"


def test_a_soft_rule_needs_a_comment_on_an_indicator_it_names(cworld, report):
    validation_rule_create(
        code="TLKP-MAX",
        name="Tỷ lệ khám phá thường không quá 95%",
        left="LAMRO",
        operator="<=",
        right="0,95 * XAYRA",
        severity="soft",
        actor=cworld.admin,
    )
    fill(cworld, report, occurred="100", solved="99")
    with pytest.raises(DomainError) as caught:
        submission_submit(submission=report, expected_version=report.version, actor=cworld.users["nan_leader"])
    assert caught.value.field == "comment"
    value = DataValue.objects.get(indicator__code="LAMRO")
    value_save(
        submission=report,
        indicator=cworld.indicators["LAMRO"],
        raw="99",
        comment="Chuyên án lớn đã phá",
        expected_version=value.version,
        actor=cworld.users["nan_officer"],
    )
    report.refresh_from_db()
    assert (
        submission_submit(submission=report, expected_version=report.version, actor=cworld.users["nan_leader"]).status
        == "submitted"
    )


def test_the_secretariat_returns_with_a_reason_and_the_unit_is_notified(
    cworld, report, django_capture_on_commit_callbacks
):
    result = submitted(cworld, report)
    with pytest.raises(DomainError) as caught:
        submission_return(
            submission=result, reason="", expected_version=result.version, actor=cworld.users["secretariat"]
        )
    assert caught.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        returned = submission_return(
            submission=result,
            reason="Thiếu số vụ làm rõ theo mức độ",
            expected_version=result.version,
            actor=cworld.users["secretariat"],
        )
    assert returned.status == "returned" and returned.reason == "Thiếu số vụ làm rõ theo mức độ"
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"nan_officer", "nan_leader"}
    assert "bị trả lại" in Notification.objects.first().message


def test_approval_locks_the_data_and_needs_the_version_the_reviewer_saw(cworld, report):
    result = submitted(cworld, report)
    with pytest.raises(StaleEdit):
        submission_approve(submission=result, expected_version=result.version - 1, actor=cworld.users["secretariat"])
    approved = submission_approve(submission=result, expected_version=result.version, actor=cworld.users["secretariat"])
    assert approved.status == "approved" and approved.decided_by == cworld.users["secretariat"]
    with pytest.raises(DomainError):
        value_save(
            submission=approved,
            indicator=cworld.indicators["XAYRA"],
            option=_it(cworld),
            raw="1",
            expected_version=1,
            actor=cworld.users["nan_officer"],
        )


def test_whoever_entered_a_value_cannot_approve_the_report(cworld, report):
    both = make_user(cworld, "hai_vai", "unit_officer", unit="NAN")
    from thidua.accounts.services import role_assign

    role_assign(user=both, role="cluster_secretariat", cluster_edition=cworld.editions[2026], actor=cworld.admin)
    value_save(submission=report, indicator=cworld.indicators["XAYRA"], option=_it(cworld), raw="10", actor=both)
    report.refresh_from_db()
    result = submission_submit(submission=report, expected_version=report.version, actor=cworld.users["nan_leader"])
    with pytest.raises(DomainError) as caught:
        submission_approve(submission=result, expected_version=result.version, actor=both)
    assert caught.value.field == "actor"


def test_the_system_administrator_approves_nothing(cworld, report):
    result = submitted(cworld, report)
    with pytest.raises(Forbidden):
        submission_approve(submission=result, expected_version=result.version, actor=cworld.admin)


def test_the_office_finalises_and_may_unapprove_with_a_reason(cworld, report):
    result = submitted(cworld, report)
    result = submission_approve(submission=result, expected_version=result.version, actor=cworld.users["secretariat"])
    with pytest.raises(Forbidden):
        submission_finalise(submission=result, expected_version=result.version, actor=cworld.users["secretariat"])
    final = submission_finalise(submission=result, expected_version=result.version, actor=cworld.users["bca_office"])
    assert final.status == "finalised"
    reopened = submission_unapprove(
        submission=final, reason="Sai số liệu tai nạn", expected_version=final.version, actor=cworld.users["bca_office"]
    )
    assert reopened.status == "returned"
    assert (
        value_save(
            submission=reopened,
            indicator=cworld.indicators["XAYRA"],
            option=_it(cworld),
            raw="1.251",
            expected_version=1,
            actor=cworld.users["nan_officer"],
        ).value
        == 1251
    )


def test_a_lock_exception_lets_the_officer_correct_an_approved_report_until_it_expires(cworld, report):
    result = submitted(cworld, report)
    result = submission_approve(submission=result, expected_version=result.version, actor=cworld.users["secretariat"])
    with pytest.raises(DomainError) as caught:
        lock_exception_grant(
            submission=result, until=timezone.now() + timedelta(days=1), reason="", actor=cworld.users["bca_office"]
        )
    assert caught.value.field == "reason"
    lock_exception_grant(
        submission=result,
        until=timezone.now() + timedelta(days=1),
        reason="Sửa lỗi đánh máy",
        actor=cworld.users["bca_office"],
    )
    value = value_save(
        submission=result,
        indicator=cworld.indicators["XAYRA"],
        option=_it(cworld),
        raw="1.249",
        expected_version=1,
        actor=cworld.users["nan_officer"],
    )
    assert value.value == 1249
    assert AuditEvent.objects.filter(action="submission.lock_exception", reason="Sửa lỗi đánh máy").exists()
    # The corrected report goes back to the cluster: approved data is never data nobody reviewed.
    reopened = Submission.objects.get(pk=result.pk)
    assert reopened.status == "submitted"
    assert AuditEvent.objects.filter(action="submission.reopened_for_review").count() == 1
    approved = submission_approve(
        submission=reopened, expected_version=reopened.version, actor=cworld.users["secretariat"]
    )
    assert approved.status == "approved"


def test_several_reports_are_reviewed_at_once_each_standing_alone(cworld, report):
    first = submitted(cworld, report)
    hti = submission_open(
        unit=cworld.units["HTI"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["hti_officer"],
    )
    outcomes = submissions_review(
        decisions=[
            (first, "approve", "", first.version),
            (hti, "approve", "", hti.version),
            (first, "return", "", first.version),
        ],
        actor=cworld.users["secretariat"],
    )
    assert [o.ok for o in outcomes] == [True, False, False]
    assert "Đang nhập" in outcomes[1].message
    assert Submission.objects.get(pk=first.pk).status == "approved"


def test_evidence_is_kept_only_when_its_content_is_a_document(cworld, report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = cworld.users["nan_officer"]
    kept = attachment_add(submission=report, name="Biên bản.pdf", content=b"%PDF-1.7 test", actor=officer)
    assert kept.kind == "pdf" and kept.size == 13 and (tmp_path / kept.file.name).exists()
    with pytest.raises(DomainError) as caught:
        attachment_add(submission=report, name="anh.pdf", content=b"MZ\x90\x00", actor=officer)
    assert caught.value.field == "file"
    assert Attachment.objects.count() == 1


def test_an_existing_report_is_not_handed_to_another_units_people(cworld, report):
    with pytest.raises(Forbidden):
        submission_open(
            unit=cworld.units["NAN"],
            data_set=cworld.data_set,
            period=cworld.periods["2026S1"],
            actor=cworld.users["hti_officer"],
        )


def test_only_an_approved_report_can_be_unlocked(cworld, report):
    result = submitted(cworld, report)
    with pytest.raises(DomainError) as caught:
        lock_exception_grant(
            submission=result,
            until=timezone.now() + timedelta(days=1),
            reason="Sửa lỗi",
            actor=cworld.users["bca_office"],
        )
    assert caught.value.field == "status"


def test_units_that_have_not_sent_are_reminded_once_when_the_deadline_approaches(cworld, report):
    from datetime import date

    from thidua.collection.services import deadline_reminders

    submitted(cworld, report)  # Nghệ An has sent: no reminder for it
    assert deadline_reminders(today=date(2026, 6, 10)) == 0  # 10 days ahead: too early
    created = deadline_reminders(today=date(2026, 6, 18))
    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert reminded == {"hti_officer", "hti_leader"}
    assert created == 2
    assert "hạn 20/06/2026" in Notification.objects.first().message
    assert deadline_reminders(today=date(2026, 6, 19)) == 0  # never twice


def test_a_typed_total_of_a_broken_down_indicator_is_refused(cworld, report):
    with pytest.raises(DomainError) as caught:
        value_save(
            submission=report, indicator=cworld.indicators["XAYRA"], raw="999", actor=cworld.users["nan_officer"]
        )
    assert caught.value.field == "option"
    assert not DataValue.objects.exists()
