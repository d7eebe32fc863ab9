"""The pages: the list and its export, an officer's page, forms, the Excel import round trip, registration."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from thidua.personnel import services
from thidua.personnel.models import DutyRating, Person, Registration
from thidua.personnel.tests.services.test_imports import PEOPLE_ROWS, workbook


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_my_units_people_and_exports(pworld: Any, officer: Any) -> None:
    client = client_for(pworld.users["canbo.nan"])
    page = client.get("/can-bo/")
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    export = client.get("/can-bo/?format=xlsx")
    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][:2] == ["123-456", "Nguyễn Văn An"]
    other = client_for(pworld.users["canbo.hti"]).get("/can-bo/")
    assert "Nguyễn Văn An" not in other.content.decode()


def test_another_units_officer_gets_404_on_the_person(pworld: Any, officer: Any) -> None:
    assert client_for(pworld.users["canbo.hti"]).get(f"/can-bo/{officer.pk}/").status_code == 404
    assert client_for(pworld.users["kiemtra.bca"]).get(f"/can-bo/{officer.pk}/").status_code == 200


def test_the_officer_adds_a_rating_and_a_bad_year_is_said_in_vietnamese(pworld: Any, officer: Any) -> None:
    client = client_for(pworld.users["canbo.nan"])
    client.post(f"/can-bo/{officer.pk}/xep-loai/", {"nam": "2024", "xep_loai": "excellent", "quyet_dinh": "QĐ 1"})
    assert DutyRating.objects.get(person=officer, year=2024).rating == "excellent"
    page = client.post(f"/can-bo/{officer.pk}/xep-loai/", {"nam": "24", "xep_loai": "good"}, follow=True)
    assert "Năm «24» không hợp lệ" in page.content.decode()
    page = client.get(f"/can-bo/{officer.pk}/")
    assert "Hoàn thành xuất sắc nhiệm vụ" in page.content.decode()


def test_the_import_round_trip(pworld: Any) -> None:
    client = client_for(pworld.users["canbo.nan"])
    template = client.get("/can-bo/bieu-mau-nhap.xlsx")
    assert template.status_code == 200
    upload = BytesIO(workbook(people=PEOPLE_ROWS))
    upload.name = "hoso.xlsx"
    preview = client.post("/can-bo/nhap-excel/", {"file": upload})
    text = preview.content.decode()
    assert "Tạo mới" in text and "Áp dụng" in text
    assert not Person.objects.exists()
    token = preview.context["token"]
    done = client.post("/can-bo/nhap-excel/", {"token": token}, follow=True)
    assert "tạo mới 2" in done.content.decode()
    assert Person.objects.count() == 2


def test_the_import_shows_row_and_column_of_a_problem(pworld: Any) -> None:
    client = client_for(pworld.users["canbo.nan"])
    upload = BytesIO(workbook(people=[["CA-9", "Lê Văn G", 1980, "Nam", "KHONGCO", "Đại úy", "", "01/01/2020"]]))
    upload.name = "hoso.xlsx"
    text = client.post("/can-bo/nhap-excel/", {"file": upload}).content.decode()
    assert "E (Mã đơn vị)" in text and "KHONGCO" in text


def test_registration_pages(pworld: Any, officer: Any, monkeypatch: Any) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 1, 10))
    window = services.registration_window_create(
        year=2026,
        edition=pworld.editions[2026],
        opens_on=date(2026, 1, 5),
        deadline=date(2026, 1, 31),
        actor=pworld.users["vanphong.bca"],
    )
    officer_client = client_for(pworld.users["canbo.nan"])
    url = f"/dang-ky-thi-dua/{window.pk}/"
    assert "hạn 31/01/2026" in officer_client.get(url).content.decode()
    nan = pworld.units["NAN"]
    officer_client.post(url, {"hanh_dong": "dang_ky", "don_vi": nan.pk, "danh_hieu": "determined_to_win_unit"})
    officer_client.post(
        url, {"hanh_dong": "dang_ky", "don_vi": nan.pk, "can_bo": officer.pk, "danh_hieu": "advanced_soldier"}
    )
    assert Registration.objects.count() == 2
    client_for(pworld.users["lanhdao.nan"]).post(url, {"hanh_dong": "gui", "don_vi": nan.pk})
    assert set(Registration.objects.values_list("state", flat=True)) == {"submitted"}
    secretariat = client_for(pworld.users["thuongtruc.cum6"])
    text = secretariat.get(url).content.decode()
    assert "Đơn vị quyết thắng" in text and "Chiến sĩ tiên tiến" in text
    assert "Công an tỉnh Hà Tĩnh" in text  # not yet registered
    export = load_workbook(BytesIO(secretariat.get(url + "?format=xlsx").content)).active
    assert export.max_row == 3
