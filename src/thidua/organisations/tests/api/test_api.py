"""REST API v1 for the organisation: the tree on a date, a unit's history, cluster editions."""

from __future__ import annotations

import pytest

from thidua.accounts.services import token_create
from thidua.organisations.services import cluster_edition_update


def get(client, user, url: str, status: int = 200):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def unit_codes(body) -> list[str]:
    return [u["code"] for u in body["units"]]


# Authentication ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v1/org-tree/", "/api/v1/org-units/BCA/", "/api/v1/cluster-editions/", "/api/v1/cluster-editions/1/"]
)
def test_an_anonymous_caller_is_refused(client, world, url):
    response = client.get(url)

    assert response.status_code in (401, 403)
    assert "BCA" not in response.content.decode()


def test_a_token_authenticates_the_caller_with_his_own_scope(client, world):
    key = token_create(user=world.users["hti_officer"], actor=world.admin)

    response = client.get("/api/v1/org-tree/?date=2025-07-01", headers={"Authorization": f"Token {key}"})

    assert response.status_code == 200
    assert unit_codes(response.json()) == ["HTI", "NAN", "NBH2", "QTR2", "THA"]


def test_a_wrong_token_is_refused(client, world):
    token_create(user=world.users["hti_officer"], actor=world.admin)

    response = client.get("/api/v1/org-tree/", headers={"Authorization": "Token khong-dung"})

    assert response.status_code in (401, 403)


def test_a_new_token_replaces_the_previous_one(client, world):
    old = token_create(user=world.users["hti_officer"], actor=world.admin)
    new = token_create(user=world.users["hti_officer"], actor=world.admin)

    assert client.get("/api/v1/cluster-editions/", headers={"Authorization": f"Token {old}"}).status_code in (401, 403)
    assert client.get("/api/v1/cluster-editions/", headers={"Authorization": f"Token {new}"}).status_code == 200


def test_the_api_is_read_only(client, world):
    client.force_login(world.admin)

    assert client.post("/api/v1/org-tree/", {}).status_code in (403, 405)
    assert client.delete(f"/api/v1/cluster-editions/{world.editions[2026].pk}/").status_code in (403, 405)


# The tree on a date -------------------------------------------------------------------------------------------------


def test_the_tree_on_30_06_2025_has_the_old_provinces(client, world):
    body = get(client, world.admin, "/api/v1/org-tree/?date=2025-06-30")

    assert body["date"] == "2025-06-30"
    provinces = [u for u in body["units"] if u["parent"] == "BCA"]
    assert [u["code"] for u in provinces] == ["HNA", "HTI", "NDI", "NAN", "NBH", "QBI", "QTR", "THA"]
    assert body["units"][0] == {
        "code": "BCA",
        "name": "Bộ Công an",
        "parent": None,
        "valid_from": "2000-01-01",
        "valid_to": None,
        "depth": 0,
    }
    hna = next(u for u in body["units"] if u["code"] == "HNA")
    assert (hna["valid_to"], hna["depth"]) == ("2025-07-01", 1)
    assert "NBH2" not in unit_codes(body)


def test_the_tree_on_01_07_2025_has_the_merged_provinces(client, world):
    body = get(client, world.admin, "/api/v1/org-tree/?date=01/07/2025")

    assert [u["code"] for u in body["units"] if u["parent"] == "BCA"] == ["HTI", "NAN", "NBH2", "QTR2", "THA"]


def test_the_tree_before_01_03_2025_has_the_wards_under_the_district(client, world):
    body = get(client, world.admin, "/api/v1/org-tree/?date=2025-02-28")

    ward = next(u for u in body["units"] if u["code"] == "NAN-BENTHUY")
    assert (ward["parent"], ward["depth"]) == ("NAN-VINH", 3)


def test_an_impossible_date_is_refused_in_vietnamese_naming_the_field(client, world):
    body = get(client, world.admin, "/api/v1/org-tree/?date=2025-02-31", status=400)

    assert body == {
        "detail": "Ngày «2025-02-31» không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        "field": "date",
    }


def test_a_unit_officer_gets_the_tree_of_his_scope_only(client, world):
    body = get(client, world.users["hti_officer"], "/api/v1/org-tree/?date=2025-02-28")

    assert unit_codes(body) == ["HTI", "NAN", "NBH", "QBI", "THA"]
    assert all(u["depth"] == 0 for u in body["units"])


# One unit ----------------------------------------------------------------------------------------------------------


def test_a_unit_reads_with_its_versions_predecessors_and_restatement(client, world):
    body = get(client, world.admin, "/api/v1/org-units/nbh2/")

    assert (body["code"], body["name"], body["unit_type"]) == ("NBH2", "Công an tỉnh Ninh Bình", "provincial_police")
    assert body["versions"] == [
        {
            "name": "Công an tỉnh Ninh Bình",
            "short_name": "",
            "parent": "BCA",
            "valid_from": "2025-07-01",
            "valid_to": None,
            "basis": "",
        }
    ]
    assert [p["code"] for p in body["predecessors"]] == ["HNA", "NBH", "NDI"]
    assert body["predecessors"][0] == {"code": "HNA", "name": "Công an tỉnh Hà Nam"}
    assert body["successors"] == []
    assert [p["code"] for p in body["restated_from"]] == ["HNA", "NBH", "NDI"]
    assert body["restatement_notes"] == []


def test_an_old_province_names_its_successor(client, world):
    body = get(client, world.admin, "/api/v1/org-units/QBI/")

    assert body["successors"] == [{"code": "QTR2", "name": "Công an tỉnh Quảng Trị"}]
    assert body["versions"][0]["valid_to"] == "2025-07-01"


@pytest.mark.parametrize("code", ["NAN-PC02", "KHONGCO"])
def test_a_unit_outside_the_callers_scope_is_not_found(client, world, code):
    body = get(client, world.users["hti_officer"], f"/api/v1/org-units/{code}/", status=404)

    assert body["field"] == "unit"
    assert "trong phạm vi của bạn" in body["detail"]


# Cluster editions --------------------------------------------------------------------------------------------------


def test_the_editions_are_listed_newest_first_with_their_members(client, world):
    body = get(client, world.users["hti_officer"], "/api/v1/cluster-editions/")

    assert [(e["cluster_number"], e["year"], e["leader"], e["deputy"]) for e in body] == [
        (6, 2026, "QTR2", "NBH2"),
        (6, 2025, "HTI", "THA"),
        (6, 2024, "NAN", "HTI"),
    ]
    assert [m["code"] for m in body[2]["members"]] == ["NBH", "THA", "NAN", "HTI", "QBI"]


def test_the_2025_edition_members_carry_their_dates(client, world):
    body = get(client, world.admin, "/api/v1/cluster-editions/?year=2025")

    assert len(body) == 1
    members = {m["code"]: (m["valid_from"], m["valid_to"]) for m in body[0]["members"]}
    assert members == {
        "NBH": (None, "2025-07-01"),
        "QBI": (None, "2025-07-01"),
        "THA": (None, None),
        "NAN": (None, None),
        "HTI": (None, None),
        "NBH2": ("2025-07-01", None),
        "QTR2": ("2025-07-01", None),
    }


def test_a_caller_outside_every_cluster_gets_an_empty_list(client, world):
    assert get(client, world.users["pc02_officer"], "/api/v1/cluster-editions/") == []


def test_an_edition_reads_with_an_etag_that_changes_with_its_version(client, world):
    edition = world.editions[2026]
    client.force_login(world.admin)

    first = client.get(f"/api/v1/cluster-editions/{edition.pk}/")
    cluster_edition_update(edition=edition, expected_version=edition.version, basis="Biên bản 2026", actor=world.admin)
    second = client.get(f"/api/v1/cluster-editions/{edition.pk}/")

    assert first.status_code == second.status_code == 200
    assert first["ETag"] == f'"{edition.version}"'
    assert second["ETag"] == f'"{edition.version + 1}"'
    assert first.json()["version"] == edition.version
    body = second.json()
    assert (body["id"], body["year"], body["cluster_name"], body["level"]) == (
        edition.pk,
        2026,
        "Cụm thi đua số 6",
        "ministry",
    )
    assert (body["basis"], body["selection_method"], body["leader"]) == ("Biên bản 2026", "elected", "QTR2")


def test_an_edition_outside_the_callers_scope_is_not_found(client, world):
    body = get(client, world.users["pc02_officer"], f"/api/v1/cluster-editions/{world.editions[2026].pk}/", status=404)

    assert body["field"] == "edition"
    assert body["detail"] == "Không tìm thấy cụm thi đua này trong phạm vi của bạn."


def test_a_missing_edition_is_not_found(client, world):
    get(client, world.admin, "/api/v1/cluster-editions/999999/", status=404)
