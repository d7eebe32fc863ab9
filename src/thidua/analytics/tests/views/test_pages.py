"""The explorer and the cluster dashboard as users see them: scoped to their units, exports matching the page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.analytics.tests.helpers import approved_report
from thidua.core.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cworld):
    approved_report(cworld, "NAN", "2025S1", {("XAYRA", "IT"): "100", "LAMRO": "80"})
    approved_report(cworld, "NAN", "2026S1", {("XAYRA", "IT"): "90", ("XAYRA", "NT"): "30", "LAMRO": "96"})
    approved_report(cworld, "HTI", "2026S1", {("XAYRA", "IT"): "40", "LAMRO": "30"})
    approved_report(cworld, "HTI", "2025S1", {("XAYRA", "IT"): "50", "LAMRO": "20"}, status="submitted")
    return cworld


def _client(client, world, username):
    client.force_login(world.users[username])
    return client


def test_an_officer_explores_the_own_unit_against_the_same_period_last_year(client, data):
    page = _client(client, data, "nan_officer").get(reverse("analytics:explorer"), {"don_vi": "NAN", "ky": "2026S1"})
    assert page.status_code == 200
    shown = {
        c["row"].indicator_code: (c["actual"], c["last_year"], c["change"], c["change_percent"])
        for c in page.context["rows"]
    }
    # XAYRA 120 (90 + 30) against 100 a year earlier: +20, +20%; TLKP 96/120 = 80% against 80%.
    assert shown == {
        "XAYRA": ("120", "100", "20", "20%"),
        "LAMRO": ("96", "80", "16", "20%"),
        "TLKP": ("80", "80", "0", "0%"),
    }
    assert "Hà Tĩnh" not in page.content.decode()


def test_an_officer_cannot_read_another_units_figures(client, data):
    page = _client(client, data, "hti_officer").get(reverse("analytics:explorer"), {"don_vi": "NAN", "ky": "2026S1"})
    assert page.status_code == 404
    assert "Không tìm thấy đơn vị mã «NAN»" in page.content.decode()


def test_unapproved_figures_never_show(client, data):
    page = _client(client, data, "hti_officer").get(
        reverse("analytics:explorer"), {"don_vi": "HTI", "ky": "2026S1", "chi_tieu": "XAYRA"}
    )
    rows = page.context["rows"]
    assert [(c["actual"], c["last_year"]) for c in rows] == [("40", "—")]


def test_the_explorer_exports_what_it_shows(client, data):
    response = _client(client, data, "nan_officer").get(
        reverse("analytics:explorer"), {"don_vi": "NAN", "ky": "2026S1", "chi_tieu": "LAMRO", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.values)[:2]
    assert header[5] == "Kết quả" and row[1:3] == ("LAMRO", "Số vụ điều tra làm rõ") and row[5] == 96


def test_the_dashboard_is_refused_outside_the_users_editions(client, data):
    make_user(data, "outsider", "unit_officer", unit="QTR2")
    page = _client(client, data, "outsider").get(reverse("analytics:dashboard", args=[data.editions[2024].pk]))
    assert page.status_code == 404


def test_the_secretariat_sees_every_member_with_charts(client, data):
    page = _client(client, data, "secretariat").get(
        reverse("analytics:dashboard", args=[data.editions[2026].pk]), {"ky": "2026S1", "chi_tieu": "LAMRO"}
    )
    assert page.status_code == 200
    names = [c["row"].unit_name for c in page.context["results"]]
    assert "Công an tỉnh Nghệ An" in names and "Công an tỉnh Hà Tĩnh" in names
    assert "<svg" in page.context["chart_units"] and "<svg" in page.context["chart_trend"]


def test_the_pivot_exports_to_csv_and_xlsx_with_the_same_figures(client, data):
    c = _client(client, data, "secretariat")
    url = reverse("analytics:dashboard", args=[data.editions[2026].pk])
    params = {"ky": "2026S1", "hang": "unit", "cot": "indicator"}
    lines = list(csv.reader(io.StringIO(c.get(url, {**params, "format": "csv"}).content.decode("utf-8-sig"))))
    header = lines[1]
    by_unit = {line[0]: dict(zip(header[1:], line[1:], strict=True)) for line in lines[2:]}
    assert by_unit["Công an tỉnh Nghệ An"]["XAYRA — Số vụ phạm tội về trật tự xã hội xảy ra"] == "120"
    assert by_unit["Công an tỉnh Nghệ An"]["TLKP — Tỷ lệ điều tra khám phá"] == "80"
    assert by_unit["Công an tỉnh Hà Tĩnh"]["TLKP — Tỷ lệ điều tra khám phá"] == "75"
    assert by_unit["Công an tỉnh Thanh Hóa"]["LAMRO — Số vụ điều tra làm rõ"] == ""
    sheet = load_workbook(io.BytesIO(c.get(url, {**params, "format": "xlsx"}).content)).active
    rows = {r[0]: r[1:] for r in list(sheet.values)[1:]}
    assert rows["Công an tỉnh Nghệ An"] == (120, 96, 80)


def test_a_pivot_with_one_dimension_twice_is_refused(client, data):
    page = _client(client, data, "secretariat").get(
        reverse("analytics:dashboard", args=[data.editions[2026].pk]), {"hang": "unit", "cot": "unit"}
    )
    assert page.status_code == 400
    assert "hai chiều khác nhau" in page.content.decode()


def test_an_approval_shows_on_the_next_request_of_a_page_already_seen(client, data):
    """The explorer keeps its pages, but an approval moves the data stamp: the next request shows the new figure."""
    from thidua.collection.models import Submission
    from thidua.collection.services import submission_approve

    viewer = _client(client, data, "hti_officer")
    query = {"don_vi": "HTI", "ky": "2026S1", "chi_tieu": "XAYRA"}
    first = viewer.get(reverse("analytics:explorer"), query).content.decode()
    assert ">40<" in first and ">50<" not in first  # last year's report is only submitted
    assert ">50<" not in viewer.get(reverse("analytics:explorer"), query).content.decode()  # kept, unchanged
    submitted = Submission.objects.get(unit=data.units["HTI"], period=data.periods["2025S1"])
    submission_approve(submission=submitted, expected_version=submitted.version, actor=data.users["secretariat"])
    after = viewer.get(reverse("analytics:explorer"), query).content.decode()
    assert ">50<" in after  # the same period last year, approved a moment ago


def test_an_export_of_an_unknown_period_says_why(client, data):
    page = _client(client, data, "nan_officer").get(
        reverse("analytics:explorer"), {"don_vi": "NAN", "ky": "2099S1", "format": "xlsx"}
    )
    assert page.status_code == 400
    assert "Không có kỳ báo cáo mã «2099S1»" in page.content.decode()


def test_restated_a_member_merged_during_the_period_has_no_row_of_its_own(client, data):
    c = _client(client, data, "bca_office")
    url = reverse("analytics:dashboard", args=[data.editions[2025].pk])
    as_was = c.get(url, {"ky": "2025", "chi_tieu": "LAMRO"})
    restated = c.get(url, {"ky": "2025", "chi_tieu": "LAMRO", "quy_doi": "1"})
    assert as_was.status_code == restated.status_code == 200
    as_was_units = {c["row"].unit.code for c in as_was.context["results"]}
    restated_units = {c["row"].unit.code for c in restated.context["results"]}
    # The year 2025 straddles the merger: as it was, both the old and the new provinces are members during it;
    # restated, the old ones are inside NBH2 and QTR2 and get no row of their own.
    assert {"NBH", "QBI", "NBH2", "QTR2"} <= as_was_units
    assert not {"NBH", "QBI"} & restated_units
    assert {"NAN", "HTI", "THA", "NBH2", "QTR2"} <= restated_units
