"""The scorecard workflow's allowed steps, state by state."""

from __future__ import annotations

import pytest

from thidua.core.domain.errors import DomainError
from thidua.scoring.domain.workflow import CardState, ensure_can


@pytest.mark.parametrize(
    ("step", "allowed"),
    [
        ("self_score", {CardState.DRAFT}),
        ("submit", {CardState.DRAFT}),
        ("cluster_score", {CardState.SUBMITTED, CardState.EXPLANATION_REQUESTED, CardState.EXPLAINED}),
        ("explain", {CardState.EXPLANATION_REQUESTED}),
        ("approve", {CardState.SUBMITTED, CardState.EXPLAINED}),
        ("lock", {CardState.APPROVED}),
        ("unlock", {CardState.LOCKED}),
    ],
)
def test_each_step_is_allowed_only_in_its_states(step, allowed):
    for state in CardState:
        if state in allowed:
            ensure_can(step, state)
        else:
            with pytest.raises(DomainError, match=state.label):
                ensure_can(step, state)
