"""The scorecard workflow (quy trình chấm điểm) of one unit on one scale (DOMAIN.md section 4).

draft (tự chấm) → submitted (lãnh đạo đơn vị gửi, cụm chấm) → explanation requested (yêu cầu giải trình) →
explained (đã giải trình, cụm chấm lại) → approved (điểm duyệt) → locked (khóa); a locked scorecard is unlocked only
by the emulation office, with a reason, back to approved.
"""

from __future__ import annotations

from enum import StrEnum

from thidua.core.domain.errors import DomainError


class CardState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    EXPLANATION_REQUESTED = "explanation_requested"
    EXPLAINED = "explained"
    APPROVED = "approved"
    LOCKED = "locked"

    @property
    def label(self) -> str:
        return CARD_STATE_LABELS[self]


CARD_STATE_LABELS = {
    CardState.DRAFT: "Đơn vị đang tự chấm",
    CardState.SUBMITTED: "Đã gửi, cụm đang chấm",
    CardState.EXPLANATION_REQUESTED: "Cụm yêu cầu giải trình",
    CardState.EXPLAINED: "Đã giải trình, cụm chấm lại",
    CardState.APPROVED: "Đã duyệt điểm",
    CardState.LOCKED: "Đã khóa",
}

SELF_SCORING_STATES = frozenset({CardState.DRAFT})
CLUSTER_SCORING_STATES = frozenset({CardState.SUBMITTED, CardState.EXPLANATION_REQUESTED, CardState.EXPLAINED})
FINAL_STATES = frozenset({CardState.APPROVED, CardState.LOCKED})

_TRANSITIONS: dict[str, frozenset[CardState]] = {
    "submit": frozenset({CardState.DRAFT}),
    "request_explanation": CLUSTER_SCORING_STATES,
    "explain": frozenset({CardState.EXPLANATION_REQUESTED}),
    "approve": frozenset({CardState.SUBMITTED, CardState.EXPLAINED}),
    "lock": frozenset({CardState.APPROVED}),
    "unlock": frozenset({CardState.LOCKED}),
}

_REFUSALS = {
    "self_score": "Chỉ chấm được điểm tự chấm khi phiếu chấm đang ở bước đơn vị tự chấm.",
    "cluster_score": "Cụm chỉ chấm được khi đơn vị đã gửi phiếu tự chấm và điểm chưa được duyệt.",
    "submit": "Chỉ gửi được phiếu đang tự chấm.",
    "request_explanation": "Chỉ yêu cầu giải trình được khi cụm đang chấm.",
    "explain": "Chỉ giải trình được khi cụm đã yêu cầu giải trình.",
    "approve": "Chỉ duyệt được khi cụm đã chấm xong và không còn yêu cầu giải trình nào chưa được trả lời.",
    "lock": "Chỉ khóa được phiếu đã duyệt điểm.",
    "unlock": "Phiếu chấm chưa bị khóa.",
}


def ensure_can(step: str, state: CardState) -> None:
    """Refuse a step the scorecard's state does not allow, in words the user understands."""
    if step == "self_score":
        allowed = SELF_SCORING_STATES
    elif step == "cluster_score":
        allowed = CLUSTER_SCORING_STATES
    else:
        allowed = _TRANSITIONS[step]
    if state not in allowed:
        raise DomainError(f"{_REFUSALS[step]} Trạng thái hiện tại: «{state.label}».", field="state")
