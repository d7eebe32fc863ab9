from datetime import date

import pytest

from thidua.collection.domain.workflow import (
    TRANSITIONS,
    Action,
    Status,
    check_separation_of_duties,
    is_editable,
    is_late,
    next_status,
)
from thidua.core.domain.errors import DomainError


def test_a_report_goes_from_draft_through_submission_and_approval_to_finalisation():
    status = Status.DRAFT
    for action, expected in [
        (Action.SUBMIT, Status.SUBMITTED),
        (Action.APPROVE, Status.APPROVED),
        (Action.FINALISE, Status.FINALISED),
    ]:
        status = next_status(status, action)
        assert status is expected


def test_a_returned_report_goes_back_to_the_unit_and_can_be_submitted_again():
    returned = next_status(Status.SUBMITTED, Action.RETURN, reason="Thiếu số vụ làm rõ")
    assert returned is Status.RETURNED
    assert is_editable(returned)
    assert next_status(returned, Action.SUBMIT) is Status.SUBMITTED


@pytest.mark.parametrize("action", [Action.RETURN, Action.UNAPPROVE])
def test_returning_or_unapproving_needs_a_reason(action):
    status = Status.SUBMITTED if action is Action.RETURN else Status.APPROVED
    with pytest.raises(DomainError) as caught:
        next_status(status, action, reason="  ")
    assert caught.value.field == "reason"


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(Action))
def test_only_the_listed_transitions_are_allowed(status, action):
    if (status, action) in TRANSITIONS:
        assert next_status(status, action, reason="lý do") is TRANSITIONS[(status, action)]
    else:
        with pytest.raises(DomainError) as caught:
            next_status(status, action, reason="lý do")
        assert caught.value.field == "status"
        assert status.label in caught.value.message


def test_approved_and_finalised_reports_are_locked_unless_an_exception_was_granted():
    for status in (Status.SUBMITTED, Status.APPROVED, Status.FINALISED):
        assert not is_editable(status)
        assert is_editable(status, lock_exception=True)
    assert is_editable(Status.DRAFT)


def test_whoever_entered_a_value_never_approves_or_finalises_the_report():
    for action in (Action.APPROVE, Action.FINALISE):
        with pytest.raises(DomainError) as caught:
            check_separation_of_duties(action, "7", {"7", "9"})
        assert caught.value.field == "actor"
    check_separation_of_duties(Action.APPROVE, "8", {"7", "9"})
    check_separation_of_duties(Action.RETURN, "7", {"7"})  # returning is not approving


def test_a_report_is_late_when_sent_after_the_deadline_or_still_missing_after_it():
    deadline = date(2026, 6, 20)
    assert not is_late(date(2026, 6, 20), deadline, date(2026, 7, 1))
    assert is_late(date(2026, 6, 21), deadline, date(2026, 7, 1))
    assert is_late(None, deadline, date(2026, 6, 21))
    assert not is_late(None, deadline, date(2026, 6, 20))
    assert not is_late(None, None, date(2030, 1, 1))
