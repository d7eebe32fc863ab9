"""The life of a proposal dossier: who moves it where, and the return that always carries a reason."""

from __future__ import annotations

import pytest

from thidua.commendations.domain.workflow import Action, State, editable, next_state
from thidua.core.domain.errors import DomainError


def test_a_dossier_for_a_cluster_goes_through_the_cluster_to_the_office() -> None:
    state = next_state(State.DRAFT, Action.SUBMIT, via_cluster=True)
    assert state is State.SUBMITTED
    state = next_state(state, Action.ACCEPT, via_cluster=True)
    state = next_state(state, Action.FORWARD, via_cluster=True)
    assert state is State.AT_OFFICE
    state = next_state(state, Action.APPROVE, via_cluster=True)
    assert next_state(state, Action.DECIDE, via_cluster=True) is State.DECIDED


def test_a_dossier_without_cluster_goes_straight_to_the_office() -> None:
    assert next_state(State.DRAFT, Action.SUBMIT, via_cluster=False) is State.AT_OFFICE


def test_a_return_needs_a_reason_and_the_returned_dossier_can_be_sent_again() -> None:
    with pytest.raises(DomainError) as exc:
        next_state(State.SUBMITTED, Action.RETURN, via_cluster=True, reason="  ")
    assert exc.value.field == "reason"
    returned = next_state(State.AT_OFFICE, Action.RETURN, via_cluster=True, reason="Thiếu biên bản họp xét")
    assert returned is State.RETURNED and editable(returned)
    assert next_state(returned, Action.SUBMIT, via_cluster=True) is State.SUBMITTED


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (State.DRAFT, Action.APPROVE),
        (State.SUBMITTED, Action.APPROVE),
        (State.ACCEPTED, Action.DECIDE),
        (State.DECIDED, Action.RETURN),
        (State.APPROVED, Action.SUBMIT),
    ],
)
def test_moves_the_workflow_does_not_allow_are_refused(state: State, action: Action) -> None:
    with pytest.raises(DomainError) as exc:
        next_state(state, action, via_cluster=True, reason="x")
    assert state.label in exc.value.message


def test_only_draft_and_returned_dossiers_are_editable() -> None:
    assert [s for s in State if editable(s)] == [State.DRAFT, State.RETURNED]
