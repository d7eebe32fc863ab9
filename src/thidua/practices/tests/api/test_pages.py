"""The registry's pages: list with search and XLSX export, recording, editing with a version, replication."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.practices.models import Practice
from thidua.practices.services import practice_create

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def camera(pworld):
    return practice_create(
        kind="effective_model",
        title="Mô hình «Camera an ninh»",
        unit=pworld.units["NAN"],
        period=pworld.periods["2026S1"],
        description="Lắp camera ở ngõ xóm.",
        tags="camera",
        actor=pworld.users["nan_officer"],
    )


def test_the_list_searches_without_accents_and_exports_what_it_shows(pworld, camera):
    client = client_for(pworld.users["nan_officer"])
    assert "Mô hình «Camera an ninh»" in client.get("/dien-hinh/?q=mo+hinh").content.decode()
    assert "Mô hình «Camera an ninh»" not in client.get("/dien-hinh/?q=duong+day").content.decode()
    answer = client.get("/dien-hinh/?q=MO+HINH&format=xlsx")
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert [c.value for c in sheet[2]][:4] == [
        "Mô hình hiệu quả",
        "Mô hình «Camera an ninh»",
        "Công an tỉnh Nghệ An",
        "2026S1",
    ]


def test_an_officer_records_an_entry_and_a_bad_form_is_refused_in_vietnamese(pworld):
    client = client_for(pworld.users["nan_officer"])
    assert client.get("/dien-hinh/them/").status_code == 200
    form = {
        "loai": "good_way",
        "ten": "Tổ liên gia an toàn PCCC",
        "don-vi": pworld.units["NAN"].pk,
        "ky": "2025S1",
        "noi-dung": "",
        "tu-khoa": "pccc",
    }
    refused = client.post("/dien-hinh/them/", form)
    assert refused.status_code == 400 and "Cần ghi nội dung" in refused.content.decode()
    assert not Practice.objects.exists()
    form["noi-dung"] = "Mỗi tổ 5–10 hộ."
    answer = client.post("/dien-hinh/them/", form)
    practice = Practice.objects.get()
    assert answer.status_code == 302 and practice.unit == pworld.units["NAN"] and practice.tag_names == ["pccc"]


def test_a_stale_edit_on_the_page_is_refused(pworld, camera):
    client = client_for(pworld.users["nan_officer"])
    form = {"loai": "effective_model", "ten": "Tên mới", "ky": "2026S1", "noi-dung": "Nội dung", "version": 1}
    assert client.post(f"/dien-hinh/{camera.pk}/sua/", form).status_code == 302
    answer = client.post(f"/dien-hinh/{camera.pk}/sua/", {**form, "ten": "Tên khác"})
    assert answer.status_code == 412 and "người khác sửa" in answer.content.decode()
    camera.refresh_from_db()
    assert camera.title == "Tên mới"


def test_another_units_officer_neither_reads_an_unpublished_entry_nor_edits(pworld, camera):
    client = client_for(pworld.users["hti_officer"])
    assert client.get(f"/dien-hinh/{camera.pk}/").status_code == 404
    assert "Camera" not in client.get("/dien-hinh/").content.decode()
    assert client.get(f"/dien-hinh/{camera.pk}/sua/").status_code == 404


def test_a_published_entry_is_replicated_from_its_page(pworld, camera):
    leader = client_for(pworld.users["nan_leader"])
    assert (
        leader.post(f"/dien-hinh/{camera.pk}/cong-bo/", {"cong-bo": "1", "version": camera.version}).status_code == 302
    )
    client = client_for(pworld.users["hti_officer"])
    assert "Ghi nhận áp dụng" in client.get(f"/dien-hinh/{camera.pk}/").content.decode()
    answer = client.post(
        f"/dien-hinh/{camera.pk}/nhan-rong/", {"don-vi": pworld.units["HTI"].pk, "tu-ngay": "01/07/2026"}
    )
    assert answer.status_code == 302
    page = client.get(f"/dien-hinh/{camera.pk}/").content.decode()
    assert "Công an tỉnh Hà Tĩnh" in page and "01/07/2026" in page
    bad = client.post(f"/dien-hinh/{camera.pk}/nhan-rong/", {"don-vi": pworld.units["HTI"].pk, "tu-ngay": "31/02/2026"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()
