"""Filters typed into a URL (năm, loại, kỳ): a malformed one is ignored or refused, never a server error."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.core.testing import make_user

pytestmark = pytest.mark.django_db

MALFORMED = ["abc", "²", "-1", "2024.5", "99999999999999999999"]


@pytest.fixture
def officer_client(world: Any, signed_in: Any) -> Any:
    return signed_in(make_user(world, "nhaplieu.hti", "unit_officer", unit="HTI"))


def test_the_periods_page_filters_by_year(officer_client: Any) -> None:
    response = officer_client.get("/ky-bao-cao/", {"nam": "2024"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "2024S1" in text
    assert "2026S1" not in text


@pytest.mark.parametrize("year", MALFORMED)
def test_a_malformed_year_on_the_periods_page_is_ignored(officer_client: Any, year: str) -> None:
    response = officer_client.get("/ky-bao-cao/", {"nam": year})

    assert response.status_code in (200, 400)


@pytest.mark.parametrize("year", MALFORMED)
def test_a_malformed_year_in_the_periods_api_is_ignored_or_refused(officer_client: Any, year: str) -> None:
    response = officer_client.get("/api/v1/periods/", {"year": year})

    assert response.status_code in (200, 400)


@pytest.mark.parametrize("edition", MALFORMED)
def test_a_malformed_edition_in_the_targets_api_is_ignored_or_refused(officer_client: Any, edition: str) -> None:
    response = officer_client.get("/api/v1/targets/", {"edition": edition})

    assert response.status_code in (200, 400)


def test_the_periods_api_filters_by_year_and_kind(officer_client: Any) -> None:
    response = officer_client.get("/api/v1/periods/", {"year": 2025, "kind": "half_year"})

    assert [p["code"] for p in response.json()] == ["2025S1"]


def test_the_indicator_catalogue_page_lists_the_rate_with_its_parts(officer_client: Any) -> None:
    response = officer_client.get("/chi-tieu/")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Tỷ lệ điều tra khám phá" in text
    assert "LAMRO" in text


def test_the_indicator_catalogue_exports_to_excel(officer_client: Any) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    response = officer_client.get("/chi-tieu/", {"format": "xlsx"})

    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    tlkp = next(r for r in rows if r[0] == "TLKP")
    assert (tlkp[6], tlkp[7]) == ("LAMRO", "XAYRA")
