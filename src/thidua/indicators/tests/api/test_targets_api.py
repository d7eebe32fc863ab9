"""/api/v1/targets/: create, read with an ETag, change with If-Match; tokens; Vietnamese refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from thidua.core.models import AuditEvent
from thidua.core.testing import make_user
from thidua.indicators.models import Target

pytestmark = pytest.mark.django_db

TARGETS = "/api/v1/targets/"


@pytest.fixture
def secretariat(world: Any) -> Any:
    return make_user(world, "thuongtruc.cum6", "cluster_secretariat", edition_year=2026)


@pytest.fixture
def api(secretariat: Any, with_token: Any) -> Any:
    return with_token(secretariat)


def _body(world: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "edition": world.editions[2026].pk,
        "unit": "NAN",
        "indicator": "LAMRO",
        "period": "2026S1",
        "kind": "absolute",
        "value": "1.799",
    }
    body.update(overrides)
    return body


def _created(world: Any, api: Any) -> dict[str, Any]:
    response = api.post(TARGETS, _body(world), format="json")
    assert response.status_code == 201, response.json()
    return response.json()  # type: ignore[no-any-return]


def test_posting_a_target_creates_it_at_version_1(world: Any, api: Any) -> None:
    response = api.post(TARGETS, _body(world), format="json")

    assert response.status_code == 201
    assert response["ETag"] == '"1"'
    body = response.json()
    assert (body["unit"], body["indicator"], body["period"], body["version"]) == ("NAN", "LAMRO", "2026S1", 1)
    assert Decimal(body["value"]) == Decimal(1799)
    assert Target.objects.get(pk=body["id"]).value == Decimal(1799)


def test_reading_a_target_gives_its_version_as_the_etag(world: Any, api: Any) -> None:
    created = _created(world, api)

    response = api.get(f"{TARGETS}{created['id']}/")

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json()["id"] == created["id"]


def test_putting_with_the_current_version_changes_the_target_and_moves_the_etag(world: Any, api: Any) -> None:
    created = _created(world, api)

    response = api.put(f"{TARGETS}{created['id']}/", _body(world, value="1.850"), format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"2"'
    assert Decimal(response.json()["value"]) == Decimal(1850)
    event = AuditEvent.objects.get(action="target.update", object_id=str(created["id"]))
    assert Decimal(event.before["value"]) == Decimal(1799)
    assert Decimal(event.after["value"]) == Decimal(1850)


def test_putting_with_a_stale_version_is_refused_with_412_and_the_value_is_unchanged(world: Any, api: Any) -> None:
    created = _created(world, api)
    url = f"{TARGETS}{created['id']}/"
    api.put(url, _body(world, value="1.850"), format="json", HTTP_IF_MATCH='"1"')

    response = api.put(url, _body(world, value="2.000"), format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 412
    body = response.json()
    assert "phiên bản" in body["detail"]
    assert body["field"] == "version"
    current = api.get(url)
    assert current["ETag"] == '"2"'
    assert Decimal(current.json()["value"]) == Decimal(1850)


def test_putting_without_if_match_is_refused_with_428_and_the_value_is_unchanged(world: Any, api: Any) -> None:
    created = _created(world, api)

    response = api.put(f"{TARGETS}{created['id']}/", _body(world, value="5"), format="json")

    assert response.status_code == 428
    assert response.json()["field"] == "version"
    assert Target.objects.get(pk=created["id"]).value == Decimal(1799)


def test_a_weak_etag_in_if_match_is_accepted(world: Any, api: Any) -> None:
    created = _created(world, api)

    response = api.put(f"{TARGETS}{created['id']}/", _body(world, value="10"), format="json", HTTP_IF_MATCH='W/"1"')

    assert response.status_code == 200
    assert response["ETag"] == '"2"'


def test_an_if_match_that_is_not_a_version_number_is_refused(world: Any, api: Any) -> None:
    created = _created(world, api)

    response = api.put(f"{TARGETS}{created['id']}/", _body(world, value="10"), format="json", HTTP_IF_MATCH='"abc"')

    assert response.status_code == 400
    assert response.json()["field"] == "version"
    assert Target.objects.get(pk=created["id"]).version == 1


def test_posting_again_a_target_that_already_exists_without_its_version_does_not_overwrite_it(
    world: Any, api: Any
) -> None:
    created = _created(world, api)

    response = api.post(TARGETS, _body(world, value="5"), format="json")

    assert response.status_code == 412
    assert response.json()["field"] == "version"
    assert Target.objects.get(pk=created["id"]).value == Decimal(1799)


def test_a_put_cannot_move_a_target_to_another_unit(world: Any, api: Any) -> None:
    created = _created(world, api)

    response = api.put(f"{TARGETS}{created['id']}/", _body(world, unit="THA"), format="json", HTTP_IF_MATCH='"1"')

    assert response.status_code == 400
    assert response.json()["field"] == "unit"
    assert Target.objects.get(pk=created["id"]).unit.code == "NAN"


def test_a_malformed_number_is_refused_naming_the_value_and_nothing_is_saved(world: Any, api: Any) -> None:
    response = api.post(TARGETS, _body(world, value="12abc"), format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "value"
    assert "12abc" in body["detail"]
    assert not Target.objects.exists()


def test_a_unit_outside_the_edition_is_refused_naming_the_unit(world: Any, api: Any) -> None:
    # Hà Nam merged into Ninh Bình on 01/07/2025: it is neither in the 2026 edition nor in its secretariat's reach.
    response = api.post(TARGETS, _body(world, unit="HNA"), format="json")

    assert response.status_code in (400, 404)
    assert response.json()["field"] == "unit"
    assert not Target.objects.exists()


def test_a_unit_that_joined_after_the_period_closed_is_refused_naming_the_unit(world: Any, with_token: Any) -> None:
    office = make_user(world, "pc.bca", "emulation_office", unit="BCA")
    body = _body(world, edition=world.editions[2025].pk, unit="NBH2", period="2025S1")

    response = with_token(office).post(TARGETS, body, format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "unit"
    assert "2025S1" in response.json()["detail"]
    assert not Target.objects.exists()


def test_an_unknown_period_is_refused_naming_the_period(world: Any, api: Any) -> None:
    response = api.post(TARGETS, _body(world, period="2026Q9"), format="json")

    assert response.status_code in (400, 404)
    assert response.json()["field"] == "period"
    assert not Target.objects.exists()


def test_a_minimum_rate_on_a_count_indicator_is_refused_naming_the_kind(world: Any, api: Any) -> None:
    response = api.post(TARGETS, _body(world, kind="min_rate", value="80"), format="json")

    assert response.status_code == 400
    assert response.json()["field"] == "kind"
    assert not Target.objects.exists()


def test_the_list_can_be_filtered_by_unit_and_period(world: Any, api: Any) -> None:
    _created(world, api)
    api.post(TARGETS, _body(world, unit="THA"), format="json")

    response = api.get(TARGETS, {"unit": "tha", "period": "2026S1"})

    assert response.status_code == 200
    assert [t["unit"] for t in response.json()] == ["THA"]


def test_token_authentication_identifies_the_user(world: Any, secretariat: Any, with_token: Any) -> None:
    response = with_token(secretariat).post(TARGETS, _body(world), format="json")

    assert response.status_code == 201
    event = AuditEvent.objects.get(action="target.create", object_id=str(response.json()["id"]))
    assert event.actor_username == "thuongtruc.cum6"


def test_a_wrong_token_is_refused(world: Any, api: Any) -> None:
    api.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")

    response = api.get(TARGETS)

    # 403 rather than 401: session authentication comes first and sends no WWW-Authenticate challenge.
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_a_replaced_token_stops_working(world: Any, secretariat: Any, with_token: Any) -> None:
    old_client = with_token(secretariat)
    with_token(secretariat)  # a new token replaces the old one

    assert old_client.get(TARGETS).status_code in (401, 403)


def test_the_indicator_and_period_catalogues_are_readable(world: Any, api: Any) -> None:
    indicators = api.get("/api/v1/indicators/")
    periods = api.get("/api/v1/periods/", {"year": 2024})

    assert indicators.status_code == 200
    rate = next(i for i in indicators.json() if i["code"] == "TLKP")
    assert (rate["numerator"], rate["denominator"]) == ("LAMRO", "XAYRA")
    assert periods.status_code == 200
    first_half = next(p for p in periods.json() if p["code"] == "2024S1")
    assert (first_half["start"], first_half["end"]) == ("2023-12-15", "2024-06-14")


def test_naming_a_unit_outside_ones_reach_is_refused_without_revealing_its_name(world: Any, api: Any) -> None:
    # NAN-PC02 is a department inside Nghệ An: the Cụm 6 secretariat may not even learn what it is called.
    response = api.post(TARGETS, _body(world, unit="NAN-PC02"), format="json")

    assert response.status_code in (400, 403, 404)
    assert response.json()["field"] == "unit"
    assert "Phòng Cảnh sát hình sự" not in response.content.decode()
    assert not Target.objects.exists()


def test_an_unknown_unit_and_a_unit_outside_ones_reach_are_refused_alike(world: Any, api: Any) -> None:
    unknown = api.post(TARGETS, _body(world, unit="KHONG-CO"), format="json")
    hidden = api.post(TARGETS, _body(world, unit="NAN-PC02"), format="json")

    assert unknown.status_code == hidden.status_code
    assert unknown.json()["field"] == hidden.json()["field"] == "unit"


def _severity_targets(world: Any, api: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    from thidua.indicators.services import disaggregation_create, indicator_create

    severity = disaggregation_create(
        code="MUCDO", name="Mức độ", options=[("RNT", "Rất nghiêm trọng")], actor=world.admin
    )
    indicator_create(
        code="LAMRO-MD",
        name="Số vụ làm rõ theo mức độ",
        value_type="count",
        disaggregations=[severity],
        actor=world.admin,
    )
    total = api.post(TARGETS, _body(world, indicator="LAMRO-MD", value="100"), format="json").json()
    part = api.post(TARGETS, _body(world, indicator="LAMRO-MD", option="RNT", value="20"), format="json").json()
    return total, part


def test_a_put_changes_the_target_at_its_url_and_never_another_one(world: Any, api: Any) -> None:
    total, part = _severity_targets(world, api)

    # The body leaves out the breakdown option: the target at the URL is still the one changed.
    response = api.put(
        f"{TARGETS}{part['id']}/", _body(world, indicator="LAMRO-MD", value="25"), format="json", HTTP_IF_MATCH='"1"'
    )

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["id"] == part["id"]
    assert Target.objects.get(pk=total["id"]).value == Decimal(100)
    assert Target.objects.get(pk=total["id"]).version == 1


def test_a_put_cannot_move_a_target_to_another_breakdown_option_or_edition(world: Any, api: Any) -> None:
    total, part = _severity_targets(world, api)

    other_option = api.put(
        f"{TARGETS}{total['id']}/",
        _body(world, indicator="LAMRO-MD", option="RNT", value="1"),
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    other_edition = api.put(
        f"{TARGETS}{total['id']}/",
        _body(world, indicator="LAMRO-MD", edition=world.editions[2025].pk, value="1"),
        format="json",
        HTTP_IF_MATCH='"1"',
    )

    assert (other_option.status_code, other_option.json()["field"]) == (400, "option")
    assert other_edition.status_code in (400, 404)
    assert other_edition.json()["field"] == "edition"
    assert Decimal(api.get(f"{TARGETS}{part['id']}/").json()["value"]) == Decimal(20)
    assert Decimal(api.get(f"{TARGETS}{total['id']}/").json()["value"]) == Decimal(100)


def test_listing_targets_costs_the_same_queries_for_one_unit_or_five(world: Any, api: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _created(world, api)
    with CaptureQueriesContext(connection) as one:
        assert len(api.get(TARGETS).json()) == 1
    for unit in ("THA", "HTI", "NBH2", "QTR2"):
        api.post(TARGETS, _body(world, unit=unit), format="json")
    with CaptureQueriesContext(connection) as five:
        assert len(api.get(TARGETS).json()) == 5

    assert len(five.captured_queries) == len(one.captured_queries)
