"""Criteria stored as kind + JSON parameters round-trip to the pure criteria, and bad parameters are refused."""

from __future__ import annotations

import pytest

from thidua.commendations.domain.codec import KINDS, criterion_from_data, criterion_to_data
from thidua.commendations.domain.rulesets import DEFAULT_RULESETS, ConsecutiveTitle
from thidua.core.domain.errors import DomainError


def test_every_default_criterion_round_trips_through_its_stored_form() -> None:
    for ruleset in DEFAULT_RULESETS:
        for criteria in ruleset.criteria.values():
            for criterion in criteria:
                kind, params = criterion_to_data(criterion)
                rebuilt = criterion_from_data(
                    kind, params, article=criterion.article, enabled=criterion.enabled, verify=criterion.verify
                )
                assert rebuilt == criterion


def test_a_chain_is_data_its_length_and_step_come_from_the_parameters() -> None:
    chain = criterion_from_data(
        "consecutive_title", {"title": "base_emulation_soldier", "length": 3}, article="Điều 22"
    )
    assert isinstance(chain, ConsecutiveTitle)
    assert (chain.length, chain.step_years) == (3, 1)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(DomainError) as exc:
        criterion_from_data("shiny", {}, article="Điều 1")
    assert exc.value.field == "kind"


@pytest.mark.parametrize(
    ("kind", "params", "words"),
    [
        ("consecutive_title", {"title": "x"}, "thiếu tham số length"),
        ("consecutive_title", {"title": "x", "length": "ba"}, "length phải là số nguyên"),
        ("member_title_share", {"title": "x", "percent": "50", "comparison": "about"}, "comparison"),
        ("duty_rating_at_least", {"minimum": "good", "colour": "red"}, "không có tham số: colour"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(kind: str, params: dict[str, object], words: str) -> None:
    with pytest.raises(DomainError) as exc:
        criterion_from_data(kind, params, article="Điều 1")
    assert words in exc.value.message
    assert exc.value.field == "params"


def test_every_kind_of_the_pure_core_has_a_stored_name() -> None:
    assert len(KINDS) == 12


def test_percentages_are_stored_as_people_write_them() -> None:
    share = criterion_from_data(
        "member_title_share", {"title": "x", "percent": "70", "comparison": "at_least"}, article="Điều 27"
    )
    assert criterion_to_data(share)[1]["percent"] == "70"
    half = criterion_from_data(
        "member_title_share", {"title": "x", "percent": "66,5", "comparison": "at_least"}, article="Điều 27"
    )
    assert criterion_to_data(half)[1]["percent"] == "66.5"
