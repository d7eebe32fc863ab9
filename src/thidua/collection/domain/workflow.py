"""The reporting workflow (quy trình báo cáo) of a unit x data set x period.

draft -> submitted (by the unit leader) -> returned with a reason (by the cluster) or approved (by the
cluster) -> finalised (by the emulation office). Approval locks the data; a higher level may unapprove
with a reason. Whoever entered a value never approves it (separation of duties, DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from enum import StrEnum

from thidua.core.domain.errors import DomainError


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    FINALISED = "finalised"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "Đang nhập",
    Status.SUBMITTED: "Đã gửi, chờ duyệt",
    Status.RETURNED: "Bị trả lại",
    Status.APPROVED: "Cụm đã duyệt",
    Status.FINALISED: "Đã phê duyệt chính thức",
}


class Action(StrEnum):
    SUBMIT = "submit"  # lãnh đạo đơn vị gửi báo cáo
    RETURN = "return"  # thường trực cụm trả lại, nêu lý do
    APPROVE = "approve"  # thường trực cụm duyệt
    FINALISE = "finalise"  # cơ quan thường trực thi đua phê duyệt chính thức
    UNAPPROVE = "unapprove"  # cấp trên hủy duyệt, nêu lý do

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.SUBMIT: "Gửi báo cáo",
    Action.RETURN: "Trả lại",
    Action.APPROVE: "Duyệt",
    Action.FINALISE: "Phê duyệt chính thức",
    Action.UNAPPROVE: "Hủy duyệt",
}

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.RETURN): Status.RETURNED,
    (Status.SUBMITTED, Action.APPROVE): Status.APPROVED,
    (Status.APPROVED, Action.FINALISE): Status.FINALISED,
    (Status.APPROVED, Action.UNAPPROVE): Status.RETURNED,
    (Status.FINALISED, Action.UNAPPROVE): Status.RETURNED,
}

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
LOCKED = frozenset({Status.APPROVED, Status.FINALISED})
NEEDS_REASON = frozenset({Action.RETURN, Action.UNAPPROVE})


def next_status(status: Status, action: Action, *, reason: str = "") -> Status:
    """The status after ``action``, or a refusal saying why it cannot be done now."""
    target = TRANSITIONS.get((status, action))
    if target is None:
        raise DomainError(
            f"Không thể «{action.label.lower()}» báo cáo đang ở trạng thái «{status.label}».", field="status"
        )
    if action in NEEDS_REASON and not reason.strip():
        raise DomainError(f"Cần ghi lý do khi «{action.label.lower()}».", field="reason")
    return target


def check_separation_of_duties(action: Action, actor_key: str, entered_by: Collection[str]) -> None:
    """Whoever entered a value of the report never approves or finalises it."""
    if action in (Action.APPROVE, Action.FINALISE) and actor_key in entered_by:
        raise DomainError(
            "Người đã nhập số liệu của báo cáo này không được duyệt báo cáo (nguyên tắc tách bạch nhiệm vụ).",
            field="actor",
        )


def is_editable(status: Status, *, lock_exception: bool = False) -> bool:
    """Values change only while the unit is preparing the report, or under an exception granted from above."""
    return status in EDITABLE or lock_exception


def is_late(submitted_on: date | None, deadline: date | None, today: date) -> bool:
    """Late when submitted after the deadline, or still not submitted once the deadline has passed."""
    if deadline is None:
        return False
    if submitted_on is None:
        return today > deadline
    return submitted_on > deadline


def status_after_unlocked_edit(status: Status) -> Status:
    """A value changed under a lock exception sends an approved or finalised report back for review (it is
    submitted again), so approved data is never data nobody reviewed."""
    return Status.SUBMITTED if status in LOCKED else status
