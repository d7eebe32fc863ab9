"""Scoping of personnel reads, and the facts handed to the eligibility core (PersonRecord, UnitRecord)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.commendations.domain.eligibility import eligibility
from thidua.commendations.domain.rulesets import RULESET_2024, DisciplineLevel, DutyRating
from thidua.core.exceptions import NotFound
from thidua.personnel import selectors, services


def award(pworld: Any, person: Any, year: int, code: str = "base_emulation_soldier") -> Any:
    return services.award_record_create(
        person=person,
        year=year,
        award_code=code,
        award_name="",
        decision_number=f"{year}/QĐ-CAT",
        decision_date=date(year + 1, 1, 15),
        signer="Thiếu tướng Lê Văn D",
        issued_by="Công an tỉnh Nghệ An",
        source="manual",
        actor=pworld.users["canbo.nan"],
    )


def test_another_units_officer_cannot_see_a_person(pworld: Any, officer: Any) -> None:
    assert list(selectors.people(user=pworld.users["canbo.nan"])) == [officer]
    assert list(selectors.people(user=pworld.users["canbo.hti"])) == []
    with pytest.raises(NotFound):
        selectors.person_get(user=pworld.users["canbo.hti"], pk=officer.pk)
    with pytest.raises(NotFound):
        selectors.person_get(user=pworld.users["thuongtruc.cum6"], pk=officer.pk)


def test_leader_office_and_auditor_read(pworld: Any, officer: Any) -> None:
    for name in ("lanhdao.nan", "vanphong.bca", "kiemtra.bca"):
        assert selectors.person_get(user=pworld.users[name], pk=officer.pk) == officer


def test_unit_filter_follows_the_posting_on_the_day(pworld: Any, officer: Any) -> None:
    services.posting_create(
        person=officer,
        org_unit=pworld.units["NAN-PC02"],
        rank="trung_ta",
        position="Trưởng phòng",
        valid_from=date(2025, 7, 1),
        actor=pworld.users["vanphong.bca"],
    )
    office = pworld.users["vanphong.bca"]
    assert list(selectors.people(user=office, unit=pworld.units["NAN"], day=date(2025, 6, 30))) == [officer]
    assert list(selectors.people(user=office, unit=pworld.units["NAN"], day=date(2025, 7, 1))) == []
    assert list(selectors.people(user=office, unit=pworld.units["NAN-PC02"], day=date(2025, 7, 1))) == [officer]


def test_person_history_feeds_a_consecutive_title_chain(pworld: Any, officer: Any) -> None:
    actor = pworld.users["canbo.nan"]
    for year in (2022, 2023, 2024):
        services.duty_rating_set(person=officer, year=year, rating="excellent", actor=actor)
        award(pworld, officer, year)
    services.innovation_create(
        person=officer, kind="initiative", name="Phần mềm quản lý", year=2024, scope="ministry", actor=actor
    )
    services.discipline_create(person=officer, year=2021, level="reprimand", decision_number="7/QĐ", actor=actor)
    record = selectors.person_history(officer)
    assert record.key == "123-456"
    year = record.year_record(2024)
    assert year is not None and year.duty_rating is DutyRating.EXCELLENT
    assert year.titles == frozenset({"base_emulation_soldier"})
    assert "Quyết định số 2024/QĐ-CAT ngày 15/01/2025" in year.decisions["base_emulation_soldier"]
    assert record.discipline[0].level is DisciplineLevel.REPRIMAND
    result = eligibility(record, "ministry_emulation_soldier", 2024, RULESET_2024)
    chain = next(r for r in result.results if "liên tục" in r.requirement)
    assert chain.met is True


def test_a_missing_year_breaks_the_chain(pworld: Any, officer: Any) -> None:
    for year in (2022, 2024):
        award(pworld, officer, year)
    record = selectors.person_history(officer)
    result = eligibility(record, "ministry_emulation_soldier", 2024, RULESET_2024)
    chain = next(r for r in result.results if "liên tục" in r.requirement)
    assert chain.met is False
    assert "2023" in chain.explanation


def test_unit_history_counts_members_and_their_standing(pworld: Any, officer: Any) -> None:
    office = pworld.users["vanphong.bca"]
    nan = pworld.units["NAN"]
    services.unit_rating_set(org_unit=nan, year=2024, rating="excellent", actor=office)
    services.duty_rating_set(person=officer, year=2024, rating="good", actor=office)
    award(pworld, officer, 2024, "advanced_soldier")
    services.discipline_create(person=officer, year=2024, level="warning", actor=office)
    services.award_record_create(
        org_unit=nan,
        year=2024,
        award_code="determined_to_win_unit",
        award_name="",
        decision_number="9/QĐ-BCA",
        decision_date=date(2025, 1, 20),
        signer="",
        issued_by="Bộ Công an",
        source="manual",
        actor=office,
    )
    record = selectors.unit_history(nan)
    year = record.year_record(2024)
    assert year is not None and year.task_completion is DutyRating.EXCELLENT
    assert year.titles == frozenset({"determined_to_win_unit"})
    (member,) = year.members
    assert (member.person, member.duty_rating, member.discipline) == (
        "123-456",
        DutyRating.GOOD,
        DisciplineLevel.WARNING,
    )
    assert member.titles == frozenset({"advanced_soldier"})


def test_a_merged_units_history_names_its_predecessors(pworld: Any) -> None:
    office = pworld.users["vanphong.bca"]
    services.unit_rating_set(org_unit=pworld.units["NBH"], year=2024, rating="excellent", actor=office)
    services.unit_rating_set(org_unit=pworld.units["NBH2"], year=2025, rating="good", actor=office)
    record = selectors.unit_history(pworld.units["NBH2"])
    assert set(record.predecessors_by_year[2024]) == {"NBH", "HNA", "NDI"}
    assert any(r.key == "NBH" and r.year_record(2024) for r in record.predecessor_records)


def test_a_predecessor_span_follows_a_chain_across_a_merger_without_inventing_own_years(pworld: Any) -> None:
    office = pworld.users["vanphong.bca"]
    for year in (2022, 2023, 2024):
        services.unit_rating_set(org_unit=pworld.units["NBH"], year=year, rating="excellent", actor=office)
    services.unit_rating_set(org_unit=pworld.units["NBH2"], year=2025, rating="excellent", actor=office)
    record = selectors.unit_history(pworld.units["NBH2"], also_years=[2025], predecessor_span=range(2020, 2026))
    # Only the merged unit's own year: 2020–2024 are not invented as empty own years that would beat the predecessors.
    assert [y.year for y in record.years] == [2025]
    assert set(record.predecessors_by_year) >= {2020, 2021, 2022, 2023, 2024}
    assert set(record.predecessors_by_year[2023]) == {"NBH", "HNA", "NDI"}
    old = record.predecessor("NBH")
    assert old is not None
    assert [(y.year, y.task_completion) for y in old.years] == [
        (2022, DutyRating.EXCELLENT),
        (2023, DutyRating.EXCELLENT),
        (2024, DutyRating.EXCELLENT),
    ]
    # Passing the years themselves invents own (empty) years: the reason ``predecessor_span`` exists.
    invented = selectors.unit_history(pworld.units["NBH2"], years=range(2020, 2026))
    assert [y.year for y in invented.years] == [2020, 2021, 2022, 2023, 2024, 2025]


def test_also_years_adds_an_own_year_with_its_members_even_without_a_rating(pworld: Any, officer: Any) -> None:
    record = selectors.unit_history(pworld.units["NAN"], also_years=[2025], with_predecessors=False)
    year = record.year_record(2025)
    assert year is not None and year.task_completion is None
    assert [y.year for y in record.years] == [2025]
