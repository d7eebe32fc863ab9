"""The life of a proposal dossier (hồ sơ đề nghị khen thưởng): states, who moves it, and when.

A unit drafts a dossier for a year and sends it either to its cluster (cụm thi đua, when the dossier names a cluster
edition) or straight to the emulation office (cơ quan thường trực thi đua, khen thưởng):

    draft ──submit──▶ submitted (to the cluster) ──accept──▶ accepted ──forward──▶ at_office
      │                    │                                                        │
      └──submit (no cluster)──────────────────────────────────────────────────────▶ at_office ──approve──▶ approved
                           └──return (reason)──▶ returned ◀──return (reason)────────┘          │
                                                  └──submit──▶ …                              decide
                                                                                                ▼
                                                                                             decided

A return always carries a reason; a returned dossier is edited by its unit and submitted again. Lines may be edited
only in ``draft`` or ``returned``. ``decided`` is final: the awards are in the history.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from thidua.core.domain.errors import DomainError

__all__ = ["STATE_LABELS", "Action", "State", "editable", "next_state"]


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    AT_OFFICE = "at_office"
    APPROVED = "approved"
    DECIDED = "decided"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: Final = {
    State.DRAFT: "Đang soạn",
    State.SUBMITTED: "Đã gửi cụm thi đua",
    State.RETURNED: "Bị trả lại",
    State.ACCEPTED: "Cụm đã tiếp nhận",
    State.AT_OFFICE: "Đã trình cơ quan thường trực",
    State.APPROVED: "Đã duyệt",
    State.DECIDED: "Đã có quyết định khen thưởng",
}


class Action(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"
    FORWARD = "forward"
    APPROVE = "approve"
    DECIDE = "decide"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Final = {
    Action.SUBMIT: "gửi hồ sơ",
    Action.RETURN: "trả lại hồ sơ",
    Action.ACCEPT: "tiếp nhận hồ sơ",
    Action.FORWARD: "trình cơ quan thường trực",
    Action.APPROVE: "duyệt hồ sơ",
    Action.DECIDE: "ghi quyết định khen thưởng",
}


def editable(state: State) -> bool:
    """Whether the unit may change the dossier's lines (draft, or returned for correction)."""
    return state in (State.DRAFT, State.RETURNED)


def next_state(state: State, action: Action, *, via_cluster: bool, reason: str = "") -> State:
    """The state after ``action``; refuses a move the workflow does not allow, and a return without a reason."""
    if action is Action.SUBMIT and editable(state):
        return State.SUBMITTED if via_cluster else State.AT_OFFICE
    if action is Action.RETURN and state in (State.SUBMITTED, State.AT_OFFICE):
        if not reason.strip():
            raise DomainError("Trả lại hồ sơ phải ghi rõ lý do để đơn vị bổ sung, sửa đổi.", field="reason")
        return State.RETURNED
    if action is Action.ACCEPT and state is State.SUBMITTED:
        return State.ACCEPTED
    if action is Action.FORWARD and state is State.ACCEPTED:
        return State.AT_OFFICE
    if action is Action.APPROVE and state is State.AT_OFFICE:
        return State.APPROVED
    if action is Action.DECIDE and state is State.APPROVED:
        return State.DECIDED
    raise DomainError(
        f"Không thể {action.label} khi hồ sơ đang ở trạng thái «{state.label}».",
        field="state",
    )
