"""The Excel round trip through the pages, as the unit's officer uses it in the browser."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from thidua.collection.domain.workbook import FIRST_DATA_ROW, SHEET_NAME, Col
from thidua.collection.models import DataValue
from thidua.collection.services import submission_open, value_save
from thidua.collection.views.excel import PENDING
from thidua.core.models import AuditEvent
from thidua.indicators.models import DisaggregationOption

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IT, NT = ("XAYRA", "MUCDO:IT"), ("XAYRA", "MUCDO:NT")
"""The option lines of XAYRA (broken down by severity): its «Tổng số» line is their sum, never typed."""


@pytest.fixture
def report(cworld):
    return submission_open(
        unit=cworld.units["NAN"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["nan_officer"],
    )


def urls(report) -> tuple[str, str]:
    return f"/bao-cao/{report.pk}/excel/", f"/bao-cao/{report.pk}/excel/tai-len/"


def fill(content: bytes, values: dict[str | tuple[str, str], object]) -> bytes:
    """Type into «Giá trị» of the lines meant: "LAMRO" for a total line, ("XAYRA", "MUCDO:IT") for an option."""
    book = load_workbook(BytesIO(content))
    sheet = book[SHEET_NAME]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        code, option = sheet.cell(row, Col.INDICATOR_CODE).value, sheet.cell(row, Col.OPTION_CODE).value
        key = (code, option) if option else code
        if key in values:
            sheet.cell(row, Col.VALUE).value = values[key]
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx(content: bytes, name: str = "bao-cao.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def values(report) -> dict[tuple[str, str | None], Decimal]:
    return {
        (v.indicator.code, v.option.code if v.option else None): v.value
        for v in DataValue.objects.filter(submission=report).select_related("indicator", "option")
    }


def test_the_officer_downloads_the_form_as_an_xlsx(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])

    response = client.get(urls(report)[0])

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-NAN-6THANG-2026S1.xlsx"'
    assert load_workbook(BytesIO(response.content))[SHEET_NAME]["G4"].value == "Giá trị"


def test_the_secretariat_of_the_cluster_may_download_a_members_form(client, cworld, report):
    client.force_login(cworld.users["secretariat"])

    assert client.get(urls(report)[0]).status_code == 200


def test_the_upload_page_offers_the_form_and_the_file_field(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])

    html = client.get(urls(report)[1]).content.decode()

    assert "Nhập số liệu từ Excel" in html
    assert 'type="file" name="file"' in html
    assert 'enctype="multipart/form-data"' in html
    assert f'href="/bao-cao/{report.pk}/excel/"' in html


def test_upload_preview_then_apply_saves_the_values_and_returns_to_the_form(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])
    download, upload = urls(report)
    filled = fill(client.get(download).content, {IT: 800, NT: 400, "LAMRO": "1.100"})

    preview = client.post(upload, {"file": xlsx(filled)})

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Thay đổi (3)" in html
    assert "Số vụ điều tra làm rõ" in html
    assert "1.100" in html
    assert "G (Giá trị)" in html
    assert ">Áp dụng</button>" in html
    assert values(report) == {}
    token = client.session[PENDING]["token"]
    assert f'value="{token}"' in html

    applied = client.post(upload, {"token": token})

    assert applied.status_code == 302
    assert applied["Location"] == f"/bao-cao/{report.pk}/"
    assert values(report) == {
        ("XAYRA", "IT"): Decimal(800),
        ("XAYRA", "NT"): Decimal(400),
        ("LAMRO", None): Decimal(1100),
    }
    assert PENDING not in client.session

    events = AuditEvent.objects.count()
    client.post(upload, {"file": xlsx(filled)})
    again = client.post(upload, {"token": "anything"})
    assert "Không còn tệp chờ áp dụng" in again.content.decode()
    assert AuditEvent.objects.count() == events


def test_the_same_file_uploaded_after_applying_shows_no_change_and_no_apply_button(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])
    download, upload = urls(report)
    filled = fill(client.get(download).content, {IT: 80, NT: 40, "LAMRO": 90})
    client.post(upload, {"file": xlsx(filled)})
    client.post(upload, {"token": client.session[PENDING]["token"]})

    html = client.post(upload, {"file": xlsx(filled)}).content.decode()

    assert "Tệp không có thay đổi nào" in html
    assert ">Áp dụng</button>" not in html


def test_a_malformed_number_is_shown_by_sheet_row_and_column_and_cannot_be_applied(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])
    download, upload = urls(report)
    filled = fill(client.get(download).content, {IT: 80, NT: 40, "LAMRO": "mười"})

    response = client.post(upload, {"file": xlsx(filled)})

    html = response.content.decode()
    assert "Lỗi cần sửa (1)" in html
    assert "«mười» không phải là số" in html
    assert "<td>Số liệu</td>" in html
    assert "G (Giá trị)" in html
    assert ">Áp dụng</button>" not in html
    assert PENDING not in client.session
    assert values(report) == {}


def test_a_change_on_the_system_between_preview_and_apply_is_refused_and_nothing_saved(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])
    download, upload = urls(report)
    filled = fill(client.get(download).content, {IT: 80, NT: 40, "LAMRO": 90})
    client.post(upload, {"file": xlsx(filled)})
    value_save(
        submission=report,
        indicator=cworld.indicators["XAYRA"],
        option=DisaggregationOption.objects.get(disaggregation__code="MUCDO", code="IT"),
        raw="7",
        actor=cworld.users["nan_officer"],
    )

    response = client.post(upload, {"token": client.session[PENDING]["token"]})

    html = response.content.decode()
    assert response.status_code == 400
    assert "chưa áp dụng thay đổi nào" in html
    assert "đã được sửa trên hệ thống" in html
    assert values(report) == {("XAYRA", "IT"): Decimal(7)}


def test_a_file_that_is_not_an_xlsx_is_refused_with_a_vietnamese_message(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])

    response = client.post(urls(report)[1], {"file": xlsx(b"not a workbook", name="so-lieu.xlsm")})

    assert response.status_code == 400
    assert "Không nhận tệp Excel có macro" in response.content.decode()


def test_posting_without_a_file_asks_for_one(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])

    response = client.post(urls(report)[1], {})

    assert response.status_code == 400
    assert "Hãy chọn tệp Excel" in response.content.decode()


@pytest.mark.parametrize("username", ["hti_officer", "hti_leader"])
def test_another_units_report_is_not_found_for_download_or_upload(client, cworld, report, username):
    client.force_login(cworld.users[username])
    download, upload = urls(report)

    assert client.get(download).status_code == 404
    assert client.get(upload).status_code == 404
    response = client.post(upload, {"file": xlsx(b"PK\x03\x04")})
    assert response.status_code == 404
    assert "Nghệ An" not in response.content.decode()


def test_the_leader_sees_the_report_but_may_not_import_values(client, cworld, report):
    client.force_login(cworld.users["nan_officer"])
    filled = fill(client.get(urls(report)[0]).content, {"LAMRO": 1})
    client.force_login(cworld.users["nan_leader"])

    assert client.post(urls(report)[1], {"file": xlsx(filled)}).status_code == 403
    assert values(report) == {}


def test_anonymous_visitors_are_sent_to_the_login_page(client, report):
    response = client.get(urls(report)[0])

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
