"""The page of one record of an officer's file: its edit form carries the version, a stale edit is said and
changes nothing, the history shows who changed what; awards written by a decision are read-only."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from thidua.personnel import services
from thidua.personnel.models import AwardSource, DisciplineRecord, DutyRating, Innovation, Posting


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_officer_corrects_a_posting_and_sees_its_history(pworld: Any, officer: Any) -> None:
    posting = Posting.objects.get(person=officer)
    client = client_for(pworld.users["canbo.nan"])
    url = f"/can-bo/{officer.pk}/cong-tac/{posting.pk}/"
    assert url in client.get(f"/can-bo/{officer.pk}/").content.decode()
    form = {
        "version": str(posting.version),
        "don_vi": str(posting.org_unit_id),
        "cap_bac": "trung_ta",
        "chuc_vu": "Trưởng phòng",
        "tu_ngay": "01/01/2020",
        "den_ngay": "",
    }
    page = client.post(url, form, follow=True)
    text = page.content.decode()
    assert "Đã lưu thay đổi" in text
    assert "Chức vụ: Phó Trưởng phòng → Trưởng phòng" in text
    assert "Lịch sử thay đổi" in text and "Ghi mới" in text
    posting.refresh_from_db()
    assert (posting.rank, posting.position, posting.version) == ("trung_ta", "Trưởng phòng", 2)


def test_a_stale_edit_is_refused_with_a_vietnamese_form_error(pworld: Any, officer: Any) -> None:
    posting = Posting.objects.get(person=officer)
    client = client_for(pworld.users["canbo.nan"])
    url = f"/can-bo/{officer.pk}/cong-tac/{posting.pk}/"
    form = {"version": "1", "don_vi": str(posting.org_unit_id), "cap_bac": "thieu_ta", "tu_ngay": "01/01/2020"}
    client.post(url, {**form, "chuc_vu": "Trưởng phòng"})
    page = client.post(url, {**form, "chuc_vu": "Đội trưởng"})
    assert page.status_code == 412
    text = page.content.decode()
    assert "Bản ghi đã được người khác sửa sau khi bạn mở trang" in text and "hãy tải lại trang" in text
    assert 'value="Đội trưởng"' in text  # what the user typed is kept to copy
    assert Posting.objects.get(pk=posting.pk).position == "Trưởng phòng"


def test_the_end_date_of_a_posting_is_checked(pworld: Any, officer: Any) -> None:
    posting = Posting.objects.get(person=officer)
    client = client_for(pworld.users["canbo.nan"])
    form = {"version": "1", "don_vi": str(posting.org_unit_id), "cap_bac": "thieu_ta", "tu_ngay": "01/01/2020"}
    page = client.post(f"/can-bo/{officer.pk}/cong-tac/{posting.pk}/", {**form, "den_ngay": "31/02/2024"})
    assert page.status_code == 400 and "hãy nhập theo dạng dd/mm/yyyy" in page.content.decode()
    client.post(f"/can-bo/{officer.pk}/cong-tac/{posting.pk}/", {**form, "den_ngay": "30/06/2024"})
    assert Posting.objects.get(pk=posting.pk).valid_to == date(2024, 6, 30)


def test_discipline_innovation_and_manual_award_are_edited_with_their_version(pworld: Any, officer: Any) -> None:
    actor = pworld.users["canbo.nan"]
    client = client_for(actor)
    record = services.discipline_create(person=officer, year=2022, level="reprimand", actor=actor)
    client.post(
        f"/can-bo/{officer.pk}/ky-luat/{record.pk}/",
        {"version": "1", "nam": "2022", "hinh_thuc": "warning", "so_quyet_dinh": "12/QĐ", "ngay_quyet_dinh": ""},
    )
    assert DisciplineRecord.objects.get(pk=record.pk).level == "warning"
    item = services.innovation_create(
        person=officer, kind="initiative", name="Sáng kiến A", year=2023, scope="base", actor=actor
    )
    client.post(
        f"/can-bo/{officer.pk}/sang-kien/{item.pk}/",
        {"version": "1", "loai": "initiative", "ten": "Sáng kiến Á", "nam": "2023", "pham_vi": "base"},
    )
    assert Innovation.objects.get(pk=item.pk).name == "Sáng kiến Á"
    award = services.award_record_create(
        person=officer,
        year=2023,
        award_code="advanced_soldier",
        award_name="",
        decision_number="5/QĐ",
        decision_date=date(2023, 12, 20),
        signer="",
        issued_by="",
        source=AwardSource.MANUAL,
        actor=actor,
    )
    page = client.post(
        f"/can-bo/{officer.pk}/khen-thuong/{award.pk}/",
        {
            "version": "1",
            "nam": "2023",
            "danh_hieu": "advanced_soldier",
            "so_quyet_dinh": "6/QĐ",
            "ngay_quyet_dinh": "21/12/2023",
        },
        follow=True,
    )
    assert "Số quyết định: 5/QĐ → 6/QĐ" in page.content.decode()
    assert "Ngày quyết định: 20/12/2023 → 21/12/2023" in page.content.decode()


def test_an_award_written_by_a_decision_has_no_edit_form(pworld: Any, officer: Any) -> None:
    award = services.award_record_create(
        person=officer,
        year=2024,
        award_code="advanced_soldier",
        award_name="",
        decision_number="9/QĐ-BCA",
        decision_date=date(2024, 12, 30),
        signer="",
        issued_by="",
        source=AwardSource.DECISION,
        actor=None,
    )
    client = client_for(pworld.users["canbo.nan"])
    url = f"/can-bo/{officer.pk}/khen-thuong/{award.pk}/"
    page = client.get(url)
    text = page.content.decode()
    assert "không sửa được ở đây" in text and "Lưu thay đổi" not in text
    refused = client.post(
        url,
        {
            "version": "1",
            "nam": "2024",
            "danh_hieu": "advanced_soldier",
            "so_quyet_dinh": "1",
            "ngay_quyet_dinh": "01/01/2024",
        },
    )
    assert refused.status_code == 403
    award.refresh_from_db()
    assert award.decision_number == "9/QĐ-BCA"


def test_another_unit_cannot_open_a_record(pworld: Any, officer: Any) -> None:
    posting = Posting.objects.get(person=officer)
    assert client_for(pworld.users["canbo.hti"]).get(f"/can-bo/{officer.pk}/cong-tac/{posting.pk}/").status_code == 404
    auditor = client_for(pworld.users["kiemtra.bca"]).get(f"/can-bo/{officer.pk}/cong-tac/{posting.pk}/")
    assert auditor.status_code == 200 and "Lưu thay đổi" not in auditor.content.decode()


def test_the_rating_form_does_not_overwrite_a_year_rated_meanwhile(pworld: Any, officer: Any) -> None:
    client = client_for(pworld.users["canbo.nan"])
    client.post(f"/can-bo/{officer.pk}/xep-loai/", {"version": "0", "nam": "2024", "xep_loai": "good"})
    page = client.post(
        f"/can-bo/{officer.pk}/xep-loai/", {"version": "0", "nam": "2024", "xep_loai": "completed"}, follow=True
    )
    assert "Năm 2024 đã có xếp loại" in page.content.decode()
    rating = DutyRating.objects.get(person=officer, year=2024)
    assert rating.rating == "good"
    url = f"/can-bo/{officer.pk}/xep-loai/{rating.pk}/"
    client.post(url, {"version": "1", "xep_loai": "excellent", "quyet_dinh": "QĐ 2"})
    stale = client.post(url, {"version": "1", "xep_loai": "completed"})
    assert stale.status_code == 412
    assert DutyRating.objects.get(pk=rating.pk).rating == "excellent"


def test_the_unit_rating_correction_carries_its_version(pworld: Any) -> None:
    nan = pworld.units["NAN"]
    client = client_for(pworld.users["vanphong.bca"])
    url = f"/can-bo/don-vi/{nan.pk}/"
    client.post(url, {"loai": "xep_loai", "version": "0", "nam": "2024", "xep_loai": "good"})
    client.post(url, {"loai": "xep_loai", "version": "1", "nam": "2024", "xep_loai": "excellent"})
    page = client.post(url, {"loai": "xep_loai", "version": "1", "nam": "2024", "xep_loai": "completed"}, follow=True)
    assert "Bản ghi đã được người khác sửa" in page.content.decode()
    assert 'name="version" value="2"' in page.content.decode()


def test_the_officers_file_and_the_units_records_export_to_excel(pworld: Any, officer: Any) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    actor = pworld.users["canbo.nan"]
    services.duty_rating_set(person=officer, year=2024, rating="excellent", decision="QĐ 7", actor=actor)
    export = client_for(actor).get(f"/can-bo/{officer.pk}/?format=xlsx")
    book = load_workbook(BytesIO(export.content))
    assert book.sheetnames == ["Quá trình công tác", "Xếp loại", "Kỷ luật", "Sáng kiến, đề tài", "Khen thưởng"]
    posting = [c.value for c in book["Quá trình công tác"][2]]
    assert posting[:3] == ["123-456", "Nguyễn Văn An", posting[2]] and posting[2].date() == date(2020, 1, 1)
    assert book["Quá trình công tác"]["C2"].number_format == "DD/MM/YYYY"
    assert [c.value for c in book["Xếp loại"][2]] == [2024, "Hoàn thành xuất sắc nhiệm vụ", "QĐ 7"]

    office = pworld.users["vanphong.bca"]
    services.unit_rating_set(org_unit=pworld.units["NAN"], year=2024, rating="good", actor=office)
    unit_book = load_workbook(
        BytesIO(client_for(office).get(f"/can-bo/don-vi/{pworld.units['NAN'].pk}/?format=xlsx").content)
    )
    assert [c.value for c in unit_book["Mức độ hoàn thành nhiệm vụ"][2]] == [2024, "Hoàn thành tốt nhiệm vụ", None]
    windows = client_for(office).get("/dang-ky-thi-dua/?format=xlsx")
    assert load_workbook(BytesIO(windows.content)).active.title == "Đợt đăng ký thi đua"
