"""/api/v1/submissions/...: the reporting cycle through the API with tokens; stale edits and actions are refused
with 412, a change without a version with 428; whoever entered a value never approves; approval locks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from thidua.accounts.services import role_assign, token_create
from thidua.collection.models import DataValue, Submission
from thidua.core.models import AuditEvent
from thidua.core.testing import LONG_AGO

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/api/v1/submissions/"


@pytest.fixture
def api(cworld: Any) -> Any:
    """``api("nan_officer")``: an API client sending that user's ``Authorization: Token <key>``."""
    clients: dict[str, APIClient] = {}

    def make(username: str) -> APIClient:
        if username not in clients:
            client = APIClient()
            key = token_create(user=cworld.users[username], actor=cworld.admin)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
            clients[username] = client
        return clients[username]

    return make


def _open(cworld: Any, api: Any, unit: str = "NAN", officer: str = "nan_officer") -> dict[str, Any]:
    response = api(officer).post(
        SUBMISSIONS, {"unit": unit, "data_set": cworld.data_set.pk, "period": "2026S1"}, format="json"
    )
    assert response.status_code in (200, 201), response.json()
    return response.json()  # type: ignore[no-any-return]


def _put(api: Any, user: str, pk: int, indicator: str, value: Any, **extra: Any) -> Any:
    headers = {"HTTP_IF_MATCH": extra.pop("if_match")} if "if_match" in extra else {}
    return api(user).put(
        f"{SUBMISSIONS}{pk}/values/", {"indicator": indicator, "value": value, **extra}, format="json", **headers
    )


def _act(api: Any, user: str, pk: int, action: str, version: int | None, reason: str = "", **headers: Any) -> Any:
    body: dict[str, Any] = {"action": action, "reason": reason}
    if version is not None:
        body["version"] = version
    return api(user).post(f"{SUBMISSIONS}{pk}/actions/", body, format="json", **headers)


def _version(api: Any, user: str, pk: int) -> int:
    response = api(user).get(f"{SUBMISSIONS}{pk}/")
    assert response.status_code == 200, response.json()
    return int(response["ETag"].strip('"'))


def _filled_and_submitted(cworld: Any, api: Any, unit: str = "NAN") -> dict[str, Any]:
    officer, leader = f"{unit.lower()}_officer", f"{unit.lower()}_leader"
    report = _open(cworld, api, unit, officer)
    for indicator, option, value in (("XAYRA", "IT", "60"), ("XAYRA", "NT", "40"), ("LAMRO", "", "75")):
        assert _put(api, officer, report["id"], indicator, value, option=option).status_code == 201
    response = _act(api, leader, report["id"], "submit", _version(api, leader, report["id"]))
    assert response.status_code == 200, response.json()
    return response.json()  # type: ignore[no-any-return]


# The whole cycle ---------------------------------------------------------------------------------------------------


def test_the_whole_reporting_cycle_runs_through_the_api_with_tokens(cworld: Any, api: Any) -> None:
    # The officer opens the report and enters the figures as typed (Vietnamese thousands separator).
    opened = api("nan_officer").post(
        SUBMISSIONS, {"unit": "nan", "data_set": cworld.data_set.pk, "period": "2026s1"}, format="json"
    )
    assert opened.status_code == 201, opened.json()
    report = opened.json()
    pk = report["id"]
    assert (report["unit"], report["period"], report["status"], report["status_label"]) == (
        "NAN",
        "2026S1",
        "draft",
        "Đang nhập",
    )
    assert opened["ETag"] == f'"{report["version"]}"'
    assert _put(api, "nan_officer", pk, "XAYRA", "1.200", option="IT").status_code == 201
    assert _put(api, "nan_officer", pk, "XAYRA", 599, option="NT").status_code == 201
    lamro = _put(api, "nan_officer", pk, "LAMRO", "1.799", comment="Tăng do chuyên án")
    assert lamro.status_code == 201, lamro.json()
    assert lamro["ETag"] == '"1"'
    assert Decimal(lamro.json()["value"]) == Decimal(1799)

    # Opening again returns the same report.
    again = api("nan_leader").post(
        SUBMISSIONS, {"unit": "NAN", "data_set": "6THANG", "edition": cworld.editions[2026].pk, "period": "2026S1"}
    )
    assert (again.status_code, again.json()["id"]) == (200, pk)

    # The leader submits what the officer entered.
    submitted = _act(api, "nan_leader", pk, "submit", _version(api, "nan_leader", pk))
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by"] == "nan_leader"

    # The secretariat sees it in its list, reads the figures and returns it with a reason.
    listed = api("secretariat").get(SUBMISSIONS, {"status": "submitted", "period": "2026S1"})
    assert [s["id"] for s in listed.json()] == [pk]
    values = api("secretariat").get(f"{SUBMISSIONS}{pk}/values/").json()
    assert sorted((v["indicator"], v["option"], v["display"]) for v in values) == [
        ("LAMRO", None, "1799"),
        ("XAYRA", "IT", "1200"),
        ("XAYRA", "NT", "599"),
    ]
    returned = _act(api, "secretariat", pk, "return", _version(api, "secretariat", pk), reason="Số vụ làm rõ quá cao")
    assert returned.status_code == 200, returned.json()
    assert (returned.json()["status"], returned.json()["reason"]) == ("returned", "Số vụ làm rõ quá cao")

    # The officer corrects the value it had entered (based on its version), the leader submits again.
    corrected = _put(api, "nan_officer", pk, "LAMRO", "1.700", if_match='"1"')
    assert corrected.status_code == 200, corrected.json()
    assert corrected["ETag"] == '"2"'
    assert corrected.json()["comment"] == "Tăng do chuyên án"  # a PUT without a comment keeps it
    resubmitted = _act(api, "nan_leader", pk, "submit", _version(api, "nan_leader", pk))
    assert resubmitted.status_code == 200, resubmitted.json()

    # The secretariat approves the version it has seen; the office finalises it.
    approved = _act(api, "secretariat", pk, "approve", None, HTTP_IF_MATCH=f'"{_version(api, "secretariat", pk)}"')
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["decided_by"]) == ("approved", "secretariat")
    finalised = _act(api, "bca_office", pk, "finalise", int(approved["ETag"].strip('"')))
    assert finalised.status_code == 200, finalised.json()
    assert finalised.json()["status"] == "finalised"

    # Every step is in the audit log, and the value's history shows the correction with before and after.
    actions = list(
        AuditEvent.objects.filter(object_type="collection.submission", object_id=str(pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "submission.open",
        "submission.submit",
        "submission.return",
        "submission.submit",
        "submission.approve",
        "submission.finalise",
    ]
    value_id = corrected.json()["id"]
    history = api("bca_auditor").get(f"{SUBMISSIONS}{pk}/values/{value_id}/history/")
    assert history.status_code == 200, history.json()
    steps = [(e["action"], e["who"], e["before"], e["after"]) for e in history.json()]
    assert steps == [("Nhập mới", "nan_officer", "", "1.799"), ("Sửa", "nan_officer", "1.799", "1.700")]
    assert history.json()[1]["after_comment"] == "Tăng do chuyên án"


def test_reading_one_value_gives_its_version_as_the_etag(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]
    created = _put(api, "nan_officer", pk, "LAMRO", "12").json()

    response = api("nan_leader").get(f"{SUBMISSIONS}{pk}/values/{created['id']}/")

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert (response.json()["indicator"], response.json()["entered_by"]) == ("LAMRO", "nan_officer")


def test_an_empty_value_clears_the_figure(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]
    _put(api, "nan_officer", pk, "LAMRO", "12")

    response = _put(api, "nan_officer", pk, "LAMRO", "", version=1)

    assert response.status_code == 204
    assert not DataValue.objects.filter(submission_id=pk).exists()
    assert AuditEvent.objects.filter(action="value.clear").count() == 1


def test_a_malformed_number_is_refused_in_vietnamese_and_changes_nothing(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]

    response = _put(api, "nan_officer", pk, "LAMRO", "mười hai")

    assert response.status_code == 400
    assert "không phải là số" in response.json()["detail"]
    assert response.json()["field"] == "value"
    assert not DataValue.objects.filter(submission_id=pk).exists()


def test_an_option_the_indicator_does_not_have_is_refused_by_name(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]

    response = _put(api, "nan_officer", pk, "LAMRO", "12", option="IT")

    assert response.status_code == 400
    assert response.json() == {"detail": "Chỉ tiêu «LAMRO» không có phân tổ «IT».", "field": "option"}


def test_a_rate_is_computed_not_entered(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]

    response = _put(api, "nan_officer", pk, "TLKP", "93,5")

    assert response.status_code == 400
    assert "tỷ lệ" in response.json()["detail"]


def test_lists_filter_by_edition_period_unit_and_status(cworld: Any, api: Any) -> None:
    nan = _filled_and_submitted(cworld, api, "NAN")
    hti = _open(cworld, api, "HTI", "hti_officer")
    secretariat = api("secretariat")
    edition = cworld.editions[2026].pk

    def ids(**params: Any) -> list[int]:
        response = secretariat.get(SUBMISSIONS, params)
        assert response.status_code == 200, response.json()
        return sorted(s["id"] for s in response.json())

    assert ids() == sorted([nan["id"], hti["id"]])
    assert ids(edition=edition, period="2026S1") == sorted([nan["id"], hti["id"]])
    assert ids(edition=cworld.editions[2025].pk) == []
    assert ids(edition="abc") == []
    assert ids(period="2026S2") == []
    assert ids(unit="hti") == [hti["id"]]
    assert ids(status="submitted") == [nan["id"]]
    assert ids(status="draft") == [hti["id"]]
    bad = secretariat.get(SUBMISSIONS, {"status": "dang-nhap"})
    assert bad.status_code == 400
    assert "không hợp lệ" in bad.json()["detail"]
    # A unit's own people see only their unit's reports.
    assert [s["id"] for s in api("hti_leader").get(SUBMISSIONS).json()] == [hti["id"]]


# Versions: 412 and 428 ---------------------------------------------------------------------------------------------


def test_a_value_edit_based_on_an_old_version_is_refused_with_412_and_changes_nothing(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]
    _put(api, "nan_officer", pk, "LAMRO", "10")
    assert _put(api, "nan_officer", pk, "LAMRO", "11", version=1).status_code == 200  # someone else's edit

    response = _put(api, "nan_officer", pk, "LAMRO", "12", if_match='"1"')

    assert response.status_code == 412
    body = response.json()
    assert "Dữ liệu đã được người khác sửa" in body["detail"]
    assert (body["field"], body["current_version"]) == ("version", 2)
    stored = DataValue.objects.get(submission_id=pk)
    assert (stored.value, stored.version) == (Decimal(11), 2)
    assert AuditEvent.objects.filter(action="value.save").count() == 1


def test_a_value_created_meanwhile_by_someone_else_is_not_overwritten(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]
    _put(api, "nan_officer", pk, "LAMRO", "10")

    # A client that still believes the value is new says so with version 0.
    response = _put(api, "nan_officer", pk, "LAMRO", "12", version=0)

    assert response.status_code == 412
    assert DataValue.objects.get(submission_id=pk).value == Decimal(10)


def test_changing_an_existing_value_without_a_version_is_refused_with_428(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]
    _put(api, "nan_officer", pk, "LAMRO", "10")

    response = _put(api, "nan_officer", pk, "LAMRO", "12")

    assert response.status_code == 428
    assert response.json() == {
        "detail": "Cần gửi phiên bản đang sửa (tiêu đề If-Match hoặc trường version).",
        "field": "version",
    }
    assert DataValue.objects.get(submission_id=pk).value == Decimal(10)


def test_a_workflow_action_without_a_version_is_refused_with_428(cworld: Any, api: Any) -> None:
    report = _filled_and_submitted(cworld, api)

    response = _act(api, "secretariat", report["id"], "approve", None)

    assert response.status_code == 428
    assert Submission.objects.get(pk=report["id"]).status == "submitted"


def test_an_approval_based_on_a_version_before_a_return_and_resubmission_is_refused_with_412(
    cworld: Any, api: Any
) -> None:
    report = _filled_and_submitted(cworld, api)
    pk, seen = report["id"], report["version"]
    # Meanwhile the office returns it, the officer changes a figure and the leader submits again.
    assert _act(api, "bca_office", pk, "return", seen, reason="Kiểm tra lại").status_code == 200
    lamro = next(v for v in api("nan_officer").get(f"{SUBMISSIONS}{pk}/values/").json() if v["indicator"] == "LAMRO")
    assert _put(api, "nan_officer", pk, "LAMRO", "70", version=lamro["version"]).status_code == 200
    assert _act(api, "nan_leader", pk, "submit", _version(api, "nan_leader", pk)).status_code == 200

    response = _act(api, "secretariat", pk, "approve", seen)

    assert response.status_code == 412
    assert "Dữ liệu đã được người khác sửa" in response.json()["detail"]
    assert Submission.objects.get(pk=pk).status == "submitted"


def test_a_malformed_if_match_is_refused_in_vietnamese(cworld: Any, api: Any) -> None:
    report = _filled_and_submitted(cworld, api)

    response = _act(api, "secretariat", report["id"], "approve", None, HTTP_IF_MATCH='"abc"')

    assert response.status_code == 400
    assert response.json()["field"] == "version"


def test_a_weak_etag_is_accepted_as_if_match(cworld: Any, api: Any) -> None:
    report = _filled_and_submitted(cworld, api)

    response = _act(api, "secretariat", report["id"], "approve", None, HTTP_IF_MATCH=f'W/"{report["version"]}"')

    assert response.status_code == 200, response.json()


# Separation of duties and locking ----------------------------------------------------------------------------------


def test_whoever_entered_a_value_cannot_approve_the_report_even_holding_the_secretariat_role(
    cworld: Any, api: Any
) -> None:
    # nan_officer also sits in Cụm 6's secretariat: it may review reports, but not one it has entered figures in.
    role_assign(
        user=cworld.users["nan_officer"],
        role="cluster_secretariat",
        cluster_edition=cworld.editions[2026],
        valid_from=LONG_AGO,
        actor=cworld.admin,
    )
    report = _filled_and_submitted(cworld, api)

    response = _act(api, "nan_officer", report["id"], "approve", report["version"])

    assert response.status_code == 400
    assert "tách bạch nhiệm vụ" in response.json()["detail"]
    assert Submission.objects.get(pk=report["id"]).status == "submitted"
    # Someone who entered nothing approves it.
    assert _act(api, "secretariat", report["id"], "approve", report["version"]).status_code == 200


def test_an_approved_report_refuses_value_changes_in_vietnamese(cworld: Any, api: Any) -> None:
    report = _filled_and_submitted(cworld, api)
    pk = report["id"]
    assert _act(api, "secretariat", pk, "approve", report["version"]).status_code == 200
    lamro = DataValue.objects.get(submission_id=pk, indicator__code="LAMRO")

    changed = _put(api, "nan_officer", pk, "LAMRO", "1", version=lamro.version)
    added = _put(api, "nan_officer", pk, "XAYRA", "100")

    for response in (changed, added):
        assert 400 <= response.status_code < 500
        assert "Cụm đã duyệt" in response.json()["detail"]
        assert "không sửa được số liệu" in response.json()["detail"]
    assert DataValue.objects.get(pk=lamro.pk).value == Decimal(75)
    assert DataValue.objects.filter(submission_id=pk).count() == 3


def test_the_unit_leader_cannot_enter_values_and_the_officer_cannot_submit(cworld: Any, api: Any) -> None:
    pk = _open(cworld, api)["id"]
    _put(api, "nan_officer", pk, "LAMRO", "10")

    entered_by_leader = _put(api, "nan_leader", pk, "XAYRA", "10")
    submitted_by_officer = _act(api, "nan_officer", pk, "submit", _version(api, "nan_officer", pk))

    assert entered_by_leader.status_code == 403
    assert submitted_by_officer.status_code == 403
    assert Submission.objects.get(pk=pk).status == "draft"


def test_returning_without_a_reason_is_refused(cworld: Any, api: Any) -> None:
    report = _filled_and_submitted(cworld, api)

    response = _act(api, "secretariat", report["id"], "return", report["version"], reason="  ")

    assert response.status_code == 400
    assert response.json()["field"] == "reason"


# Bulk review -------------------------------------------------------------------------------------------------------


def test_the_secretariat_approves_and_returns_several_reports_at_once_each_on_its_own(cworld: Any, api: Any) -> None:
    nan = _filled_and_submitted(cworld, api, "NAN")
    hti = _filled_and_submitted(cworld, api, "HTI")

    response = api("secretariat").post(
        f"{SUBMISSIONS}review/",
        {
            "decisions": [
                {"submission": nan["id"], "action": "approve", "version": nan["version"]},
                {"submission": hti["id"], "action": "return", "reason": "Thiếu giải thích", "version": hti["version"]},
            ]
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert [(o["submission"], o["ok"], o["status"]) for o in response.json()] == [
        (nan["id"], True, "approved"),
        (hti["id"], True, "returned"),
    ]
    assert Submission.objects.get(pk=hti["id"]).reason == "Thiếu giải thích"


def test_a_stale_decision_in_a_bulk_review_fails_alone(cworld: Any, api: Any) -> None:
    nan = _filled_and_submitted(cworld, api, "NAN")
    hti = _filled_and_submitted(cworld, api, "HTI")

    response = api("secretariat").post(
        f"{SUBMISSIONS}review/",
        {
            "decisions": [
                {"submission": nan["id"], "action": "approve", "version": nan["version"] - 1},
                {"submission": hti["id"], "action": "approve", "version": hti["version"]},
            ]
        },
        format="json",
    )

    assert response.status_code == 200
    first, second = response.json()
    assert (first["ok"], first["status"]) == (False, "submitted")
    assert "Dữ liệu đã được người khác sửa" in first["detail"]
    assert (second["ok"], second["status"]) == (True, "approved")


def test_a_bulk_review_without_versions_is_refused_with_428(cworld: Any, api: Any) -> None:
    nan = _filled_and_submitted(cworld, api, "NAN")

    response = api("secretariat").post(
        f"{SUBMISSIONS}review/", {"decisions": [{"submission": nan["id"], "action": "approve"}]}, format="json"
    )

    assert response.status_code == 428
    assert Submission.objects.get(pk=nan["id"]).status == "submitted"


def test_a_bulk_review_by_a_unit_leader_changes_nothing(cworld: Any, api: Any) -> None:
    hti = _filled_and_submitted(cworld, api, "HTI")

    response = api("hti_leader").post(
        f"{SUBMISSIONS}review/",
        {"decisions": [{"submission": hti["id"], "action": "approve", "version": hti["version"]}]},
        format="json",
    )

    assert response.status_code == 403
    assert Submission.objects.get(pk=hti["id"]).status == "submitted"


# Anonymous clients and the schema ----------------------------------------------------------------------------------


def test_an_anonymous_client_is_refused_with_401(cworld: Any) -> None:
    response = APIClient().get(SUBMISSIONS)

    assert response.status_code == 401
    assert "Token" in response.json()["detail"]


def test_the_openapi_schema_documents_the_collection_endpoints(cworld: Any, api: Any) -> None:
    response = api("nan_officer").get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path, methods in {
        "/api/v1/submissions/": {"get", "post"},
        "/api/v1/submissions/review/": {"post"},
        "/api/v1/submissions/{id}/": {"get"},
        "/api/v1/submissions/{id}/actions/": {"post"},
        "/api/v1/submissions/{id}/values/": {"get", "put"},
        "/api/v1/submissions/{id}/values/{value_pk}/": {"get"},
        "/api/v1/submissions/{id}/values/{value_pk}/history/": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
    assert {"412", "428"} <= set(paths["/api/v1/submissions/{id}/values/"]["put"]["responses"])
