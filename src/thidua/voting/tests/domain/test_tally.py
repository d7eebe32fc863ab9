"""Counting a secret ballot (DOMAIN.md section 6): thresholds, denominators, blank and invalid ballots, seats, ties.
No database."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.voting.domain.tally import (
    BallotRules,
    Denominator,
    Outcome,
    PaperKind,
    Threshold,
    check_choices,
    classify_paper,
    parse_fraction,
    parse_threshold,
    tally,
)

A, B, C, D, E = 1, 2, 3, 4, 5
MORE_THAN_HALF = Threshold(Fraction(1, 2), strict=True)


def rules(
    seats: int = 2, threshold: str = "trên 50%", denominator: Denominator = Denominator.ROLL, **kw: int
) -> BallotRules:
    return BallotRules(
        seats=seats,
        max_choices=kw.get("max_choices", seats),
        threshold=parse_threshold(threshold),
        denominator=denominator,
    )


# Thresholds ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fraction", "strict", "label"),
    [
        ("trên 50%", Fraction(1, 2), True, "trên 50%"),
        ("Trên 50% tổng số thành viên", Fraction(1, 2), True, "trên 50%"),
        ("quá bán", Fraction(1, 2), True, "trên 50%"),
        ("hơn 50%", Fraction(1, 2), True, "trên 50%"),
        ("từ 70% trở lên", Fraction(7, 10), False, "từ 70% trở lên"),
        ("đạt từ 66,67% trở lên", Fraction(6667, 10000), False, "từ 66,67% trở lên"),
        ("trên 2/3", Fraction(2, 3), True, "trên 2/3"),
        ("từ 2/3 trở lên", Fraction(2, 3), False, "từ 2/3 trở lên"),
        ("ít nhất 3/4", Fraction(3, 4), False, "từ 75% trở lên"),
        (">= 60%", Fraction(3, 5), False, "từ 60% trở lên"),
        ("> 60%", Fraction(3, 5), True, "trên 60%"),
        # The same text typed with decomposed Vietnamese letters (NFD) reads the same.
        ("tre\u0302n 50%", Fraction(1, 2), True, "trên 50%"),
    ],
)
def test_thresholds_are_read_as_the_cluster_rules_word_them(
    text: str, fraction: Fraction, strict: bool, label: str
) -> None:
    threshold = parse_threshold(text)
    assert (threshold.fraction, threshold.strict, threshold.label) == (fraction, strict, label)


@pytest.mark.parametrize("text", ["2/3", "50%", "trên 50% trở lên"])
def test_a_threshold_that_does_not_say_more_than_or_at_least_is_refused(text: str) -> None:
    with pytest.raises(DomainError, match="hãy ghi rõ") as refused:
        parse_threshold(text)
    assert refused.value.field == "threshold"


@pytest.mark.parametrize("text", ["", "một nửa", "trên 2/0", "trên 150%"])
def test_a_threshold_without_a_sensible_share_is_refused(text: str) -> None:
    with pytest.raises(DomainError):
        parse_threshold(text)


def test_impossible_or_empty_thresholds_are_refused() -> None:
    with pytest.raises(DomainError, match="trên 100%"):
        Threshold(Fraction(1), strict=True)
    with pytest.raises(DomainError, match="0%"):
        Threshold(Fraction(0), strict=False)


def test_fractions_are_exact() -> None:
    assert parse_fraction("66,67%") == Fraction(6667, 10000)
    assert parse_fraction("2/3") == Fraction(2, 3)
    assert parse_fraction("70") == Fraction(7, 10)


def test_more_than_half_of_six_needs_four_but_at_least_half_needs_three() -> None:
    at_least_half = parse_threshold("từ 50% trở lên")
    assert not MORE_THAN_HALF.is_met(3, 6)
    assert MORE_THAN_HALF.is_met(4, 6)
    assert at_least_half.is_met(3, 6)
    assert (MORE_THAN_HALF.minimum_votes(6), at_least_half.minimum_votes(6)) == (4, 3)


def test_two_thirds_of_six_is_four_reached_but_not_exceeded() -> None:
    assert parse_threshold("từ 2/3 trở lên").is_met(4, 6)
    assert not parse_threshold("trên 2/3").is_met(4, 6)
    assert parse_threshold("trên 2/3").minimum_votes(6) == 5


def test_nobody_meets_a_threshold_when_nobody_could_vote() -> None:
    assert not parse_threshold("từ 50% trở lên").is_met(0, 0)
    assert MORE_THAN_HALF.minimum_votes(0) is None


# Ballots -------------------------------------------------------------------------------------------------------------


def test_blank_and_invalid_ballots() -> None:
    candidates = {A, B, C}
    assert classify_paper([], candidates, 2) is PaperKind.BLANK
    assert classify_paper([A, B], candidates, 2) is PaperKind.VALID
    assert classify_paper([A, B, C], candidates, 2) is PaperKind.INVALID  # more names than allowed
    assert classify_paper([A, A], candidates, 2) is PaperKind.INVALID  # one name twice
    assert classify_paper([D], candidates, 2) is PaperKind.INVALID  # not a candidate


def test_a_voter_cannot_cast_an_invalid_ballot_and_the_order_of_ticking_is_not_kept() -> None:
    assert check_choices([C, A], {A, B, C}, 2) == (A, C)
    assert check_choices([], {A, B, C}, 2) == ()
    with pytest.raises(DomainError, match="tối đa 2"):
        check_choices([A, B, C], {A, B, C}, 2)
    with pytest.raises(DomainError, match="một lần"):
        check_choices([A, A], {A, B, C}, 2)
    with pytest.raises(DomainError, match="không nằm trong danh sách"):
        check_choices([D], {A, B, C}, 2)


# The count -----------------------------------------------------------------------------------------------------------


def test_the_denominator_decides_who_reaches_more_than_half() -> None:
    """Roll of 6; 4 voters present: one blank, one invalid; A is approved on 2 ballots."""
    papers = [[A], [A, B], [], [A, B, C]]
    counted = {d: tally(papers, candidates=[A, B, C], roll_size=6, rules=rules(denominator=d)) for d in Denominator}
    assert {d: (c.cast, c.valid, c.blank, c.invalid, c.base) for d, c in counted.items()} == {
        Denominator.ROLL: (4, 3, 1, 1, 6),
        Denominator.CAST: (4, 3, 1, 1, 4),
        Denominator.VALID: (4, 3, 1, 1, 3),
    }
    assert counted[Denominator.ROLL].totals == {A: 2, B: 1, C: 0}  # the invalid ballot counts for nobody
    assert counted[Denominator.ROLL].elected == ()  # 2/6
    assert counted[Denominator.CAST].elected == ()  # 2/4 is not more than half
    assert counted[Denominator.VALID].elected == (A,)  # 2/3


def test_units_are_chosen_by_votes_up_to_the_seats() -> None:
    papers = [[A, B], [A, B], [A, C], [A, C], [B, C], [A, B]]
    counted = tally(papers, candidates=[A, B, C], roll_size=6, rules=rules(seats=2))
    assert counted.totals == {A: 5, B: 4, C: 3}
    assert counted.elected == (A, B)
    assert [(r.candidate, r.rank, r.outcome) for r in counted.results] == [
        (A, 1, Outcome.ELECTED),
        (B, 2, Outcome.ELECTED),
        (C, 3, Outcome.BELOW_THRESHOLD),  # 3/6 is not more than half
    ]
    assert counted.results[0].percent == Decimal("83.33")


def test_a_unit_over_the_threshold_without_a_seat_is_told_apart_from_one_below_it() -> None:
    papers = [[A, B], [A, B], [A, C], [A, C], [B, C]]
    counted = tally(papers, candidates=[A, B, C], roll_size=5, rules=rules(seats=1, max_choices=2))
    assert counted.elected == (A,)
    outcomes = {r.candidate: r.outcome for r in counted.results}
    assert outcomes == {A: Outcome.ELECTED, B: Outcome.NO_SEAT, C: Outcome.NO_SEAT}


def test_a_tie_at_the_last_seat_is_reported_never_broken() -> None:
    """Three seats; A has 5 votes, B, C and D 4 each: A is chosen, and B, C, D tie for the two seats left."""
    papers = [[A, B, C], [A, B, D], [A, C, D], [A, B, C], [A, D], [B, C, D]]
    counted = tally(papers, candidates=[B, A, C, D], roll_size=6, rules=rules(seats=3, threshold="trên 50%"))
    assert counted.totals == {A: 5, B: 4, C: 4, D: 4}
    assert counted.elected == (A,)
    assert set(counted.tied) == {B, C, D}
    assert counted.seats_left_for_tied == 2
    assert [r.rank for r in counted.results] == [1, 2, 2, 2]


def test_units_with_equal_votes_that_all_fit_are_all_chosen() -> None:
    papers = [[A, B], [A, B], [A, B], [C]]
    counted = tally(papers, candidates=[A, B, C], roll_size=4, rules=rules(seats=2))
    assert counted.elected == (A, B)
    assert counted.tied == ()


def test_a_tie_below_the_threshold_does_not_matter() -> None:
    papers = [[A], [A], [A], [B], [C]]
    counted = tally(papers, candidates=[A, B, C], roll_size=5, rules=rules(seats=1))
    assert (counted.elected, counted.tied) == ((A,), ())


def test_with_nobody_voting_nobody_is_chosen() -> None:
    counted = tally([], candidates=[A, B], roll_size=5, rules=rules(denominator=Denominator.CAST))
    assert (counted.cast, counted.base, counted.elected) == (0, 0, ())
    assert all(r.share is None and r.percent is None for r in counted.results)


def test_more_ballots_than_voters_is_refused() -> None:
    with pytest.raises(DomainError, match="nhiều hơn số cử tri"):
        tally([[A], [A], [B]], candidates=[A, B], roll_size=2, rules=rules())


def test_a_candidate_listed_twice_is_refused() -> None:
    with pytest.raises(DomainError):
        tally([], candidates=[A, A], roll_size=2, rules=rules())


def test_rules_are_described_as_the_minutes_print_them() -> None:
    assert rules(seats=2, threshold="từ 2/3 trở lên").describe() == (
        "Mỗi phiếu chọn tối đa 2 đơn vị; đơn vị được suy tôn phải đạt từ 2/3 trở lên tổng số cử tri trong danh sách "
        "(toàn thể thành viên); suy tôn không quá 2 đơn vị."
    )


# Properties ----------------------------------------------------------------------------------------------------------


@st.composite
def elections(draw: Any) -> tuple[list[list[int]], list[int], int, BallotRules]:
    candidates = list(range(1, draw(st.integers(1, 6)) + 1))
    seats = draw(st.integers(1, len(candidates) + 1))
    max_choices = draw(st.integers(1, len(candidates)))
    roll_size = draw(st.integers(1, 12))
    papers = draw(
        st.lists(
            st.lists(st.sampled_from(candidates), unique=True, max_size=max_choices),
            max_size=roll_size,
        )
    )
    denominator_part = draw(st.integers(1, 10))
    strict = draw(st.booleans())  # "trên" allows 0% but not 100%; "từ ... trở lên" allows 100% but not 0%
    numerator = draw(st.integers(0, denominator_part - 1) if strict else st.integers(1, denominator_part))
    fraction = Fraction(numerator, denominator_part)
    rules = BallotRules(
        seats=seats,
        max_choices=max_choices,
        threshold=Threshold(fraction, strict),
        denominator=draw(st.sampled_from(list(Denominator))),
    )
    return papers, candidates, roll_size, rules


@settings(max_examples=300, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_the_order_of_ballots_and_of_the_candidate_list_changes_nobody_chosen(election: Any, rnd: Any) -> None:
    papers, candidates, roll_size, rules = election
    counted = tally(papers, candidates=candidates, roll_size=roll_size, rules=rules)
    shuffled_papers, shuffled_candidates = list(papers), list(candidates)
    rnd.shuffle(shuffled_papers)
    rnd.shuffle(shuffled_candidates)
    again = tally(shuffled_papers, candidates=shuffled_candidates, roll_size=roll_size, rules=rules)
    assert again.totals == counted.totals
    assert set(again.elected) == set(counted.elected)
    assert set(again.tied) == set(counted.tied)


@settings(max_examples=300, deadline=None)
@given(elections())
def test_seats_thresholds_and_ties_hold(election: Any) -> None:
    papers, candidates, roll_size, rules = election
    counted = tally(papers, candidates=candidates, roll_size=roll_size, rules=rules)
    votes = counted.totals
    assert sum(votes.values()) == sum(len(p) for p in papers)
    assert counted.cast == len(papers) == counted.valid + counted.invalid
    assert len(counted.elected) <= rules.seats
    for chosen in counted.elected:
        assert rules.threshold.is_met(votes[chosen], counted.base)
        assert all(votes[chosen] > votes[other] for other in candidates if other not in (*counted.elected,))
    if counted.tied:
        assert len({votes[c] for c in counted.tied}) == 1
        assert 0 < counted.seats_left_for_tied < len(counted.tied)
        assert len(counted.elected) + counted.seats_left_for_tied == rules.seats
    else:
        qualified = [c for c in candidates if rules.threshold.is_met(votes[c], counted.base)]
        assert len(counted.elected) == min(rules.seats, len(qualified))


@settings(max_examples=300, deadline=None)
@given(elections())
def test_one_more_vote_never_unseats_a_unit_chosen(election: Any) -> None:
    papers, candidates, roll_size, rules = election
    assume(len(papers) < roll_size)
    counted = tally(papers, candidates=candidates, roll_size=roll_size, rules=rules)
    for chosen in counted.elected:
        again = tally([*papers, [chosen]], candidates=candidates, roll_size=roll_size, rules=rules)
        assert chosen in again.elected


@st.composite
def shares(draw: Any) -> tuple[int, int, Fraction]:
    """(votes, base, threshold fraction), half of them exactly on the threshold."""
    denominator = draw(st.integers(2, 10))
    fraction = Fraction(draw(st.integers(1, denominator - 1)), denominator)
    if draw(st.booleans()):
        times = draw(st.integers(1, 4))
        return fraction.numerator * times, fraction.denominator * times, fraction
    base = draw(st.integers(1, 40))
    return draw(st.integers(0, base)), base, fraction


@settings(max_examples=200, deadline=None)
@given(shares())
def test_more_than_and_at_least_differ_exactly_when_the_share_equals_the_threshold(
    share: tuple[int, int, Fraction],
) -> None:
    votes, base, fraction = share
    more_than, at_least = Threshold(fraction, True), Threshold(fraction, False)
    assert (more_than.is_met(votes, base) != at_least.is_met(votes, base)) == (Fraction(votes, base) == fraction)
    least = at_least.minimum_votes(base)
    assert least is not None and at_least.is_met(least, base) and not at_least.is_met(least - 1, base)
    fewest = more_than.minimum_votes(base)
    assert fewest is None or (more_than.is_met(fewest, base) and not more_than.is_met(fewest - 1, base))
