"""The organisation and cluster pages as a logged-in user sees them (Vietnamese, scoped, exportable)."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from thidua.indicators.services import target_set
from thidua.organisations.services import org_unit_rename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def page(client, user, url: str, status: int = 200) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].endswith('.xlsx"')
    return load_workbook(BytesIO(response.content)).active


# The tree --------------------------------------------------------------------------------------------------------


def test_the_tree_on_01_07_2025_shows_the_merged_provinces(client, world):
    html = page(client, world.admin, "/to-chuc/?ngay=01/07/2025")

    assert "Tổ chức tại ngày 01/07/2025" in html
    assert "Công an tỉnh Quảng Trị" in html
    assert 'href="/to-chuc/NBH2/"' in html
    assert "Công an tỉnh Hà Nam" not in html
    assert "Công an tỉnh Quảng Bình" not in html
    assert "Công an thành phố Vinh" not in html


def test_the_tree_on_28_02_2025_still_shows_the_district_and_the_old_provinces(client, world):
    html = page(client, world.admin, "/to-chuc/?ngay=28/02/2025")

    assert "Công an thành phố Vinh" in html
    assert "Công an tỉnh Hà Nam" in html
    assert 'href="/to-chuc/NBH2/"' not in html


def test_the_tree_also_accepts_an_iso_date(client, world):
    assert "Tổ chức tại ngày 30/06/2025" in page(client, world.admin, "/to-chuc/?ngay=2025-06-30")


def test_an_impossible_date_shows_a_vietnamese_error_and_no_traceback(client, world):
    html = page(client, world.admin, "/to-chuc/?ngay=31/02/2025")

    assert "Ngày «31/02/2025» không hợp lệ: hãy nhập theo dạng dd/mm/yyyy" in html
    assert "Traceback" not in html
    assert "ValueError" not in html


def test_a_unit_officer_sees_no_departments_or_wards_of_another_province(client, world):
    html = page(client, world.users["hti_officer"], "/to-chuc/?ngay=28/02/2025")

    assert "Công an tỉnh Hà Tĩnh" in html
    assert "Phòng Cảnh sát hình sự" not in html
    assert "Công an phường Bến Thủy" not in html
    assert "Công an thành phố Vinh" not in html


def test_the_tree_exports_to_a_real_workbook(client, world):
    client.force_login(world.admin)

    sheet = workbook(client.get("/to-chuc/?ngay=01/07/2025&format=xlsx"))

    assert sheet.title == "Tổ chức"
    assert [c.value for c in sheet[1]] == [
        "Cấp",
        "Mã đơn vị",
        "Tên đơn vị",
        "Mã đơn vị cấp trên",
        "Hiệu lực từ",
        "Hết hiệu lực từ",
    ]
    assert [c.value for c in sheet[2]] == [1, "BCA", "Bộ Công an", None, datetime(2000, 1, 1), None]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["NBH2"][2:5] == ("Công an tỉnh Ninh Bình", "BCA", datetime(2025, 7, 1))
    assert rows["NAN-BENTHUY"][0] == 3
    assert "HNA" not in rows


def test_pages_ask_an_anonymous_visitor_to_log_in(client, world):
    response = client.get("/to-chuc/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# One unit ----------------------------------------------------------------------------------------------------------


def test_the_page_of_the_new_ninh_binh_lists_its_predecessors(client, world):
    html = page(client, world.admin, "/to-chuc/NBH2/")

    assert "Công an tỉnh Ninh Bình" in html
    assert "Đơn vị tiền thân" in html
    assert "Công an tỉnh Hà Nam" in html
    assert "Công an tỉnh Nam Định" in html
    assert "Hợp nhất 01/07/2025" in html
    assert "Số liệu quy đổi cộng thêm số liệu của" in html


def test_the_page_of_quang_binh_names_its_successor(client, world):
    html = page(client, world.admin, "/to-chuc/qbi/")

    assert "Đơn vị kế thừa" in html
    assert 'href="/to-chuc/QTR2/"' in html
    assert "<td>30/06/2025</td>" in html  # the last day it held, not the first day it no longer did


def test_the_page_of_a_ward_shows_its_move_from_the_district_to_the_province(client, world):
    html = page(client, world.admin, "/to-chuc/NAN-BENTHUY/")

    assert "Công an phường Bến Thủy" in html
    assert 'Công an thành phố Vinh <span class="muted">(NAN-VINH)</span>' in html
    assert 'Công an tỉnh Nghệ An <span class="muted">(NAN)</span>' in html
    assert "01/03/2025" in html


@pytest.mark.parametrize("code", ["NAN-PC02", "NAN-BENTHUY", "KHONGCO"])
def test_a_unit_outside_the_users_scope_is_not_found(client, world, code):
    html = page(client, world.users["hti_officer"], f"/to-chuc/{code}/", status=404)

    assert "Không tìm thấy" in html
    assert "Phòng Cảnh sát hình sự" not in html


def test_a_peers_page_names_no_predecessor_outside_the_users_scope(client, world):
    # Hà Tĩnh's officer may open the new Ninh Bình (a Cụm 6 peer) but not learn of Hà Nam or Nam Định.
    html = page(client, world.users["hti_officer"], "/to-chuc/NBH2/")

    assert "Hợp nhất 01/07/2025" in html
    for hidden in ("HNA", "NDI", "Công an tỉnh Hà Nam", "Công an tỉnh Nam Định"):
        assert hidden not in html


def test_a_unit_officer_may_open_a_cluster_peer(client, world):
    assert "Công an tỉnh Nghệ An" in page(client, world.users["hti_officer"], "/to-chuc/NAN/")


# Clusters ----------------------------------------------------------------------------------------------------------


def test_the_cluster_list_shows_every_year_of_cluster_6_with_its_leader(client, world):
    html = page(client, world.users["hti_officer"], "/cum-thi-dua/")

    assert html.count("Cụm thi đua số 6</a>") == 3
    assert "Công an tỉnh Nghệ An" in html  # leader 2024
    assert "Biên bản ngày 25/01/2024" in html
    assert "Bầu, luân phiên" in html


def test_the_cluster_list_filters_by_year(client, world):
    html = page(client, world.admin, "/cum-thi-dua/?nam=2024")

    assert html.count("Cụm thi đua số 6</a>") == 1
    assert "Biên bản ngày 25/01/2024" in html


def test_a_user_outside_every_cluster_sees_an_empty_list(client, world):
    html = page(client, world.users["pc02_officer"], "/cum-thi-dua/")

    assert "Chưa có cụm thi đua nào trong phạm vi của bạn." in html


def test_the_cluster_list_exports_to_a_real_workbook(client, world):
    client.force_login(world.admin)

    sheet = workbook(client.get("/cum-thi-dua/?format=xlsx"))

    assert sheet.title == "Cụm thi đua"
    assert sheet["A1"].value == "Số cụm"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        ("Cụm thi đua số 6", 2026, "Công an tỉnh Quảng Trị", "Công an tỉnh Ninh Bình"),
        ("Cụm thi đua số 6", 2025, "Công an tỉnh Hà Tĩnh", "Công an tỉnh Thanh Hóa"),
        ("Cụm thi đua số 6", 2024, "Công an tỉnh Nghệ An", "Công an tỉnh Hà Tĩnh"),
    ]


def test_the_2025_edition_page_shows_members_joining_and_leaving_on_the_merger(client, world):
    html = page(client, world.users["hti_officer"], f"/cum-thi-dua/{world.editions[2025].pk}/")

    assert "Cụm thi đua số 6 — năm 2025" in html
    assert "Cụm trưởng: <strong>Công an tỉnh Hà Tĩnh</strong>" in html
    assert "Cụm phó: <strong>Công an tỉnh Thanh Hóa</strong>" in html
    assert "đến trước 01/07/2025" in html
    assert "từ 01/07/2025" in html
    assert "Công an tỉnh Quảng Bình" in html
    assert "cả năm" in html


def test_the_edition_page_links_to_the_other_years(client, world):
    html = page(client, world.admin, f"/cum-thi-dua/{world.editions[2026].pk}/")

    assert f'href="/cum-thi-dua/{world.editions[2024].pk}/"' in html
    assert f'href="/cum-thi-dua/{world.editions[2025].pk}/"' in html


def test_an_edition_outside_the_users_scope_is_not_found(client, world):
    html = page(client, world.users["pc02_officer"], f"/cum-thi-dua/{world.editions[2026].pk}/", status=404)

    assert "Không tìm thấy" in html


def test_the_edition_targets_export_to_a_real_workbook(client, world):
    client.force_login(world.admin)

    sheet = workbook(client.get(f"/cum-thi-dua/{world.editions[2026].pk}/?ky=2026&format=xlsx"))

    assert sheet.title == "Chỉ tiêu được giao"
    assert [c.value for c in sheet[1]] == ["Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Cách giao", "Giá trị", "Đơn vị tính"]


def test_an_earlier_edition_shows_its_members_under_the_names_they_had_that_year(client, world):
    org_unit_rename(
        unit=world.units["THA"], new_name="Công an tỉnh Thanh Hoá mới", effective=date(2026, 1, 1), actor=world.admin
    )

    html_2024 = page(client, world.admin, f"/cum-thi-dua/{world.editions[2024].pk}/")
    html_2026 = page(client, world.admin, f"/cum-thi-dua/{world.editions[2026].pk}/")

    assert "Công an tỉnh Thanh Hóa</a>" in html_2024
    assert "Công an tỉnh Thanh Hoá mới" not in html_2024
    assert "Công an tỉnh Thanh Hoá mới</a>" in html_2026
    assert "Cụm phó: <strong>Công an tỉnh Thanh Hóa</strong>" in page(
        client, world.admin, f"/cum-thi-dua/{world.editions[2025].pk}/"
    )


def test_the_edition_page_lists_the_targets_of_the_period_under_the_units_names_then(client, world):
    target_set(
        edition=world.editions[2024],
        unit=world.units["THA"],
        indicator=world.indicators["LAMRO"],
        period=world.periods["2024"],
        kind="absolute",
        value="120",
        actor=world.admin,
    )
    org_unit_rename(
        unit=world.units["THA"], new_name="Công an tỉnh Thanh Hoá mới", effective=date(2026, 1, 1), actor=world.admin
    )
    client.force_login(world.admin)

    html = page(client, world.admin, f"/cum-thi-dua/{world.editions[2024].pk}/?ky=2024")
    sheet = workbook(client.get(f"/cum-thi-dua/{world.editions[2024].pk}/?ky=2024&format=xlsx"))

    assert "<td>Công an tỉnh Thanh Hóa</td><td>Số vụ điều tra làm rõ</td>" in html
    assert [c.value for c in sheet[2]][:3] == ["Công an tỉnh Thanh Hóa", "LAMRO", "Số vụ điều tra làm rõ"]


def test_the_cluster_list_names_each_years_leader_as_it_was_that_year(client, world):
    org_unit_rename(
        unit=world.units["NAN"], new_name="Công an tỉnh Nghệ An mới", effective=date(2025, 1, 1), actor=world.admin
    )
    client.force_login(world.admin)

    html = page(client, world.admin, "/cum-thi-dua/?nam=2024")
    sheet = workbook(client.get("/cum-thi-dua/?format=xlsx"))

    assert "<td>Công an tỉnh Nghệ An</td>" in html
    assert "Nghệ An mới" not in html
    leaders = {row[2]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert leaders[2024] == "Công an tỉnh Nghệ An"


def test_a_rename_names_the_unit_before_and_after(client, world):
    org_unit_rename(
        unit=world.units["THA"], new_name="Công an tỉnh Thanh Hoá mới", effective=date(2026, 1, 1), actor=world.admin
    )
    html = page(client, world.admin, "/to-chuc/THA/")
    assert "Đổi tên 01/01/2026: Công an tỉnh Thanh Hóa → Công an tỉnh Thanh Hoá mới" in html
