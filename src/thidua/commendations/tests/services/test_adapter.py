"""The adapter builds the pure records from the database: chains over the personnel history and the awards, and a
unit's streak across the 2025 merger under each merger policy."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.commendations import selectors, services
from thidua.commendations.domain.eligibility import MergerPolicy
from thidua.commendations.models import CatalogueEntry, RuleCriterion, RuleSet
from thidua.commendations.tests.worlds import KWorld, award, rate
from thidua.core.domain.errors import DomainError


def chain_result(result: Any) -> Any:
    return next(r for r in result.results if r.article and "liên tục" in r.requirement)


def test_a_chain_broken_by_one_missing_year_names_that_year(kworld: KWorld) -> None:
    k = kworld
    for year in (2022, 2023, 2025):
        award(k, year, "base_emulation_soldier", person="NA001")
    result = selectors.person_eligibility(k.people["NA001"], "ministry_emulation_soldier", 2025)
    chain = chain_result(result)
    assert chain.met is False
    assert "gián đoạn năm 2024" in chain.explanation
    # The decisions of the years that do count are the evidence.
    assert any("2025" in e.text for e in chain.evidence)


def test_an_unbroken_chain_with_an_initiative_is_eligible(kworld: KWorld) -> None:
    from thidua.personnel.services import innovation_create

    k = kworld
    for year in (2023, 2024, 2025):
        award(k, year, "base_emulation_soldier", person="NA002")
    innovation_create(
        person=k.people["NA002"],
        kind="initiative",
        name="Phần mềm quản lý hồ sơ",
        year=2025,
        scope="ministry",
        actor=k.users["ctct"],
    )
    result = selectors.person_eligibility(k.people["NA002"], "ministry_emulation_soldier", 2025)
    assert result.eligible, result.lines()


def test_duty_rating_and_members_come_from_personnel_records(kworld: KWorld) -> None:
    k = kworld
    selectors_result = selectors.unit_eligibility(k.units["NAN"], "advanced_unit", 2025)
    share = next(r for r in selectors_result.results if "trên 50%" in r.requirement)
    assert "0/3" in share.explanation  # three people posted, none Chiến sĩ tiên tiến yet
    for code in ("NA001", "NA002"):
        award(k, 2025, "advanced_soldier", person=code)
        rate(k, code, 2025, "good")
    again = selectors.unit_eligibility(k.units["NAN"], "advanced_unit", 2025)
    share = next(r for r in again.results if "trên 50%" in r.requirement)
    assert share.met is True and "2/3" in share.explanation


@pytest.fixture
def streak(kworld: KWorld) -> KWorld:
    """A 3-year Đơn vị quyết thắng chain required for the Cờ thi đua của Bộ Công an (added as data), and the merged
    Ninh Bình: its own 2025, the old Ninh Bình's 2023 and 2024, Hà Nam's 2024 only, Nam Định none."""
    k = kworld
    for ruleset in RuleSet.objects.all():
        if ruleset.valid_from is None:
            continue
        services.rule_data_save(
            obj=RuleCriterion(
                ruleset=ruleset,
                title=CatalogueEntry.objects.get(code="ministry_emulation_flag"),
                order=9,
                kind="consecutive_title",
                params={"title": "determined_to_win_unit", "length": 3, "assess_review_year": False},
                article="Điều 26",
            ),
            actor=k.users["ctct"],
        )
    award(k, 2025, "determined_to_win_unit", unit="NBH2")
    award(k, 2024, "determined_to_win_unit", unit="NBH")
    award(k, 2023, "determined_to_win_unit", unit="NBH")
    award(k, 2024, "determined_to_win_unit", unit="HNA")
    return k


def test_merger_restart_policy_breaks_the_chain_at_the_merger(streak: KWorld) -> None:
    result = selectors.unit_eligibility(
        streak.units["NBH2"], "ministry_emulation_flag", 2025, merger_policy=MergerPolicy.RESTART
    )
    chain = chain_result(result)
    assert chain.met is False
    assert "chưa được thành lập" in chain.explanation and "Công an tỉnh Ninh Bình" in chain.explanation


def test_merger_inherit_best_continues_the_line_of_the_predecessor_with_the_full_chain(streak: KWorld) -> None:
    result = selectors.unit_eligibility(
        streak.units["NBH2"], "ministry_emulation_flag", 2025, merger_policy=MergerPolicy.INHERIT_BEST
    )
    chain = chain_result(result)
    assert chain.met is True
    assert {e.year for e in chain.evidence} == {2023, 2024, 2025}


def test_merger_inherit_all_needs_every_predecessor(streak: KWorld) -> None:
    result = selectors.unit_eligibility(
        streak.units["NBH2"], "ministry_emulation_flag", 2025, merger_policy=MergerPolicy.INHERIT_ALL
    )
    chain = chain_result(result)
    assert chain.met is False
    assert "có đơn vị tiền thân chưa đủ chuỗi" in chain.explanation


def test_the_merger_policy_is_a_setting_of_the_rule_set(streak: KWorld) -> None:
    for row in RuleSet.objects.all():
        row.merger_policy = "inherit_best"
        services.rule_data_save(obj=row, actor=streak.users["ctct"], expected_version=row.version)
    result = selectors.unit_eligibility(streak.units["NBH2"], "ministry_emulation_flag", 2025)
    assert chain_result(result).met is True


def test_a_criterion_with_bad_parameters_is_refused_and_not_stored(kworld: KWorld) -> None:
    ruleset = RuleSet.objects.get(code="luat-2022-nd152-2025")
    before = ruleset.criteria.count()
    with pytest.raises(DomainError) as exc:
        services.rule_data_save(
            obj=RuleCriterion(
                ruleset=ruleset,
                title=CatalogueEntry.objects.get(code="advanced_unit"),
                kind="member_title_share",
                params={"title": "advanced_soldier", "percent": "150", "comparison": "more_than"},
                article="Điều 28",
            ),
            actor=kworld.users["ctct"],
        )
    assert "không quá 100%" in exc.value.message
    assert ruleset.criteria.count() == before


def test_overlapping_rule_sets_are_refused(kworld: KWorld) -> None:
    row = RuleSet.objects.get(code="luat-2022-nd98-2023")
    row.valid_to = None
    with pytest.raises(DomainError) as exc:
        services.rule_data_save(obj=row, actor=kworld.users["ctct"], expected_version=row.version)
    assert "cùng có hiệu lực" in exc.value.message


def test_unit_officers_cannot_edit_rule_data(kworld: KWorld) -> None:
    row = RuleSet.objects.get(code="luat-2022-nd98-2023")
    with pytest.raises(DomainError):
        services.rule_data_save(obj=row, actor=kworld.users["canbo.nan"], expected_version=row.version)
