"""The narrative review pages as the unit's officer meets them, and as nobody else reaches them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thidua.collection.models import DataValue, NarrativeReport
from thidua.collection.services import submission_open

pytestmark = pytest.mark.django_db

TEXT = (
    "Ngày 05/01/2026, Công an tỉnh ban hành Kế hoạch số 05/KH-CAT.\n"
    "Điều tra làm rõ 98 vụ phạm tội; bắt giữ khoảng 45 đối tượng.\n"
)


@pytest.fixture
def report(cworld):
    return submission_open(
        unit=cworld.units["NAN"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["nan_officer"],
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, report, content: bytes = TEXT.encode(), name: str = "bao-cao.txt"):
    return client.post(f"/bao-cao/{report.pk}/loi-van/", {"file": SimpleUploadedFile(name, content)})


def test_the_form_links_to_the_upload_and_the_review_shows_each_figure_in_its_sentence(cworld, report):
    client = client_for(cworld.users["nan_officer"])
    assert f"/bao-cao/{report.pk}/loi-van/" in client.get(f"/bao-cao/{report.pk}/").content.decode()
    answer = upload(client, report)
    narrative = NarrativeReport.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/loi-van/{narrative.pk}/")
    page = client.get(answer["Location"]).content.decode()
    assert "<mark>98 vụ</mark>" in page
    assert "khoảng" in page and "không phải con số chính xác" in page
    assert "<mark>05" not in page and "<mark>2026" not in page  # a date and a document number are not figures
    assert "— bỏ qua —" in page


def test_accepting_on_the_page_fills_the_draft_and_it_shows_on_the_form(cworld, report):
    client = client_for(cworld.users["nan_officer"])
    upload(client, report)
    narrative = NarrativeReport.objects.get()
    solved = next(f for f in narrative.figures.all() if "98" in f.words)
    report.refresh_from_db()
    answer = client.post(
        f"/bao-cao/{report.pk}/loi-van/{narrative.pk}/",
        {
            "version": report.version,
            "chon": [solved.pk],
            f"chi-tieu-{solved.pk}": cworld.indicators["LAMRO"].pk,
            "thao-tac": "nhan",
        },
    )
    assert answer.status_code == 302
    assert DataValue.objects.get(submission=report, indicator=cworld.indicators["LAMRO"]).value == Decimal(98)
    page = client.get(answer["Location"]).content.decode()
    assert "Đã nhận vào «Số vụ điều tra làm rõ»" in page
    assert 'value="98"' in client.get(f"/bao-cao/{report.pk}/").content.decode()


def test_a_refusal_is_shown_next_to_the_figure_and_saves_nothing(cworld, report):
    client = client_for(cworld.users["nan_officer"])
    upload(client, report)
    narrative = NarrativeReport.objects.get()
    solved = next(f for f in narrative.figures.all() if "98" in f.words)
    report.refresh_from_db()
    answer = client.post(
        f"/bao-cao/{report.pk}/loi-van/{narrative.pk}/",
        {"version": report.version, "chon": [solved.pk], f"chi-tieu-{solved.pk}": cworld.indicators["TLKP"].pk},
    )
    assert answer.status_code == 400
    assert "là tỷ lệ, được tự tính" in answer.content.decode()
    assert not DataValue.objects.filter(submission=report).exists()


def test_a_bad_file_is_refused_on_the_page(cworld, report):
    answer = upload(client_for(cworld.users["nan_officer"]), report, b"MZ\x90\x00", "bao-cao.docx")
    assert answer.status_code == 400
    assert "Không nhận loại tệp" in answer.content.decode()
    assert not NarrativeReport.objects.exists()


@pytest.mark.parametrize("who", ["hti_officer", "nan_leader", "secretariat"])
def test_nobody_but_the_units_officers_reaches_the_pages(cworld, report, who):
    upload(client_for(cworld.users["nan_officer"]), report)
    narrative = NarrativeReport.objects.get()
    client = client_for(cworld.users[who])
    assert client.get(f"/bao-cao/{report.pk}/loi-van/").status_code == 404
    assert client.get(f"/bao-cao/{report.pk}/loi-van/{narrative.pk}/").status_code == 404
    assert upload(client, report).status_code == 404
    assert NarrativeReport.objects.count() == 1
