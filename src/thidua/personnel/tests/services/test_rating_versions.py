"""A yearly rating entered on a page carries what the page was based on: a «new» year or the version corrected."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import StaleEdit
from thidua.personnel import services
from thidua.personnel.models import DutyRating, UnitRating


def test_a_new_year_rated_meanwhile_by_someone_else_is_not_overwritten(pworld: Any, officer: Any) -> None:
    first, second = pworld.users["canbo.nan"], pworld.users["vanphong.bca"]
    services.duty_rating_set(
        person=officer, year=2024, rating="good", expected_version=services.NEW_RATING, actor=first
    )
    with pytest.raises(DomainError, match="Năm 2024 đã có xếp loại «Hoàn thành tốt nhiệm vụ»"):
        services.duty_rating_set(
            person=officer, year=2024, rating="completed", expected_version=services.NEW_RATING, actor=second
        )
    assert DutyRating.objects.get(person=officer, year=2024).rating == "good"


def test_a_correction_of_an_older_version_is_refused(pworld: Any, officer: Any) -> None:
    actor = pworld.users["canbo.nan"]
    row = services.duty_rating_set(person=officer, year=2024, rating="good", expected_version=0, actor=actor)
    services.duty_rating_set(person=officer, year=2024, rating="excellent", expected_version=row.version, actor=actor)
    with pytest.raises(StaleEdit):
        services.duty_rating_set(
            person=officer, year=2024, rating="completed", expected_version=row.version, actor=actor
        )
    assert DutyRating.objects.get(person=officer, year=2024).rating == "excellent"


def test_a_unit_rating_carries_its_version_too(pworld: Any) -> None:
    office, nan = pworld.users["vanphong.bca"], pworld.units["NAN"]
    row = services.unit_rating_set(org_unit=nan, year=2024, rating="good", expected_version=0, actor=office)
    with pytest.raises(DomainError, match="Năm 2024 đã có xếp loại"):
        services.unit_rating_set(org_unit=nan, year=2024, rating="excellent", expected_version=0, actor=office)
    services.unit_rating_set(org_unit=nan, year=2024, rating="excellent", expected_version=row.version, actor=office)
    with pytest.raises(StaleEdit):
        services.unit_rating_set(
            org_unit=nan, year=2024, rating="completed", expected_version=row.version, actor=office
        )
    with pytest.raises(DomainError, match="Không còn xếp loại năm 2023"):
        services.unit_rating_set(org_unit=nan, year=2023, rating="good", expected_version=3, actor=office)
    assert UnitRating.objects.get(org_unit=nan, year=2024).rating == "excellent"
