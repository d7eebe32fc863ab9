"""The life of a ballot, the voter roll and the recount (thidua ballot verify). No database."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.voting.domain.ballot import (
    RollEntry,
    Status,
    Verification,
    check_roll,
    ensure_can_open,
    ensure_closed,
    ensure_draft,
    ensure_open,
    frozen_fingerprint,
    verify,
)
from thidua.voting.domain.tally import BallotRules, Denominator, Threshold

RULES = BallotRules(seats=2, max_choices=2, threshold=Threshold(Fraction(1, 2), True), denominator=Denominator.ROLL)
A, B, C = 1, 2, 3


def test_candidates_roll_and_rules_change_only_before_opening() -> None:
    ensure_draft(Status.DRAFT)
    for status in (Status.OPEN, Status.CLOSED):
        with pytest.raises(DomainError, match="đã được chốt"):
            ensure_draft(status)


def test_a_ballot_opens_only_with_candidates_and_voters() -> None:
    with pytest.raises(DomainError, match="Chưa có đơn vị"):
        ensure_can_open(Status.DRAFT, candidates=0, voters=5)
    with pytest.raises(DomainError, match="Chưa có cử tri"):
        ensure_can_open(Status.DRAFT, candidates=5, voters=0)
    with pytest.raises(DomainError):
        ensure_can_open(Status.OPEN, candidates=5, voters=5)
    ensure_can_open(Status.DRAFT, candidates=5, voters=5)


def test_ballots_are_cast_only_while_open_and_results_exist_only_once_closed() -> None:
    ensure_open(Status.OPEN)
    with pytest.raises(DomainError, match="chưa mở"):
        ensure_open(Status.DRAFT)
    with pytest.raises(DomainError, match="đã kết thúc"):
        ensure_open(Status.CLOSED)
    ensure_closed(Status.CLOSED)
    for status in (Status.DRAFT, Status.OPEN):
        with pytest.raises(DomainError, match="sau khi kết thúc"):
            ensure_closed(status)


def test_one_voter_per_unit_and_a_person_votes_once() -> None:
    check_roll([RollEntry(10, "Hùng", 1, "Hà Tĩnh"), RollEntry(11, "Minh", 2, "Nghệ An")])
    with pytest.raises(DomainError, match=r"Hà Tĩnh.*mỗi đơn vị chỉ một cử tri"):
        check_roll([RollEntry(10, "Hùng", 1, "Hà Tĩnh"), RollEntry(11, "Minh", 1, "Hà Tĩnh")])
    with pytest.raises(DomainError, match=r"Hùng.*mỗi người chỉ bỏ một phiếu"):
        check_roll([RollEntry(10, "Hùng", 1, "Hà Tĩnh"), RollEntry(10, "Hùng", 2, "Nghệ An")])


def test_the_fingerprint_changes_with_anything_frozen_at_opening_but_not_with_order() -> None:
    base = frozen_fingerprint(candidates=[A, B], roll=[(10, 1), (11, 2)], rules=RULES)
    assert base == frozen_fingerprint(candidates=[B, A], roll=[(11, 2), (10, 1)], rules=RULES)
    changed = [
        frozen_fingerprint(candidates=[A, B, C], roll=[(10, 1), (11, 2)], rules=RULES),
        frozen_fingerprint(candidates=[A, B], roll=[(10, 1), (12, 2)], rules=RULES),
        frozen_fingerprint(
            candidates=[A, B],
            roll=[(10, 1), (11, 2)],
            rules=BallotRules(2, 2, Threshold(Fraction(1, 2), False), Denominator.ROLL),
        ),
        frozen_fingerprint(
            candidates=[A, B], roll=[(10, 1), (11, 2)], rules=BallotRules(1, 2, RULES.threshold, Denominator.ROLL)
        ),
    ]
    assert base not in changed and len(set(changed)) == len(changed)


def _verify(**overrides: Any) -> Verification:
    arguments: dict[str, Any] = {
        "status": Status.CLOSED,
        "papers": [[A, B], [A], []],
        "participations": 3,
        "roll_size": 5,
        "candidates": [A, B, C],
        "rules": RULES,
        "fingerprint_at_opening": "f",
        "fingerprint_now": "f",
        "recorded_totals": {A: 2, B: 1, C: 0},
    }
    arguments.update(overrides)
    return verify(**arguments)


def test_a_sound_ballot_verifies() -> None:
    result = _verify()
    assert result.ok, result.findings


@pytest.mark.parametrize(
    ("overrides", "wrong"),
    [
        ({"participations": 4}, "khác số cử tri đã bỏ phiếu"),
        ({"papers": [[A, B], [A], [], [C]], "recorded_totals": {A: 2, B: 1, C: 1}}, "khác số cử tri đã bỏ phiếu"),
        ({"recorded_totals": {A: 1, B: 2, C: 0}}, "KHÔNG khớp"),
        ({"fingerprint_now": "g"}, "bị thay đổi sau khi mở"),
        ({"papers": [[A, B, C], [A], []]}, "sai thể thức"),
        ({"papers": [[A]] * 6, "participations": 6}, "vượt số cử tri"),
    ],
)
def test_verification_names_what_is_wrong(overrides: dict[str, Any], wrong: str) -> None:
    result = _verify(**overrides)
    assert not result.ok
    assert any(wrong in f.text and not f.ok for f in result.findings), result.findings


def test_an_open_ballot_is_verified_without_comparing_totals() -> None:
    result = _verify(status=Status.OPEN, recorded_totals={})
    assert result.ok
    assert not any("kết thúc" in f.text for f in result.findings)


def test_a_draft_with_papers_does_not_verify() -> None:
    assert not _verify(status=Status.DRAFT, participations=0).ok
    assert _verify(status=Status.DRAFT, papers=[], participations=0).ok
