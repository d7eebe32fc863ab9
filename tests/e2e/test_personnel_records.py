"""An officer's file in a real Chromium: the unit officer opens the list and an officer, records a duty rating,
corrects a posting and sees the change and its history; then loads officers from the Excel template (download,
fill, upload, preview, apply). Served by a live server on the ``world`` data, built through the services."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.e2e.helpers import SCRIPT_ERRORS, click_and_wait, needs_chromium, signed_in

pytestmark = needs_chromium


@pytest.fixture
def officer(transactional_db: Any, world: Any) -> Any:
    """Nghệ An's unit officer (canbo.nan) and one of its officers, Nguyễn Văn An, posted since 2020."""
    from thidua.core.testing import make_user
    from thidua.personnel.services import person_create

    user = make_user(world, "canbo.nan", "unit_officer", unit="NAN")
    return person_create(
        code="123-456",
        full_name="Nguyễn Văn An",
        birth_year=1985,
        gender="male",
        org_unit=world.units["NAN"],
        rank="thieu_ta",
        position="Phó Trưởng phòng",
        valid_from=date(2020, 1, 1),
        actor=user,
    )


@pytest.fixture
def e2e_world(officer: Any) -> Any:
    """The live server serves the ``world`` data with the officer built."""
    return officer


def test_the_officer_rates_and_corrects_a_posting_in_the_browser(server: str, browser: Any, officer: Any) -> None:
    page = signed_in(browser, server, "canbo.nan")
    page.goto(f"{server}/can-bo/")
    click_and_wait(page, "a:has-text('Nguyễn Văn An')")
    assert page.inner_text("h1") == "Nguyễn Văn An"

    rating = page.locator("form[action$='/xep-loai/']")
    rating.locator("input[name=nam]").fill("2024")
    rating.locator("select[name=xep_loai]").select_option(label="Hoàn thành xuất sắc nhiệm vụ")
    rating.locator("input[name=quyet_dinh]").fill("15/QĐ-CAT")
    with page.expect_navigation():
        rating.locator("button[type=submit]").click()
    assert "Đã lưu xếp loại." in page.inner_text(".messages")
    assert "15/QĐ-CAT" in page.inner_text("body")

    click_and_wait(page, "a[href*='/cong-tac/']")
    page.select_option("select[name=cap_bac]", label="Trung tá")
    page.fill("input[name=chuc_vu]", "Trưởng phòng")
    click_and_wait(page, "button:has-text('Lưu thay đổi')")
    body = page.inner_text("body")
    assert "Đã lưu thay đổi" in body
    assert "Cấp bậc: Thiếu tá → Trung tá" in body and "Chức vụ: Phó Trưởng phòng → Trưởng phòng" in body
    assert "Ghi mới" in body and "Sửa" in body  # the history: recorded, then corrected

    click_and_wait(page, "a:has-text('Hồ sơ của Nguyễn Văn An')")
    postings = page.locator("table").first.inner_text()
    assert "Trung tá" in postings and "Trưởng phòng" in postings and "01/01/2020" in postings
    assert not SCRIPT_ERRORS


def test_the_officer_loads_people_from_the_excel_template(
    server: str, browser: Any, officer: Any, tmp_path: Path
) -> None:
    from thidua.personnel import imports

    page = signed_in(browser, server, "canbo.nan")
    page.goto(f"{server}/can-bo/")
    click_and_wait(page, "a:has-text('Nhập hồ sơ từ Excel')")
    with page.expect_download() as download_info:
        page.click("a:has-text('Tải biểu mẫu Excel')")
    book = load_workbook(BytesIO(Path(download_info.value.path()).read_bytes()))
    sheet = book[imports.PEOPLE]
    sheet.append(["CA-009", "Lê Thị Hoa", 1992, "Nữ", "NAN", "Đại úy", "Cán bộ", "01/03/2021"])
    filled = tmp_path / "ho-so.xlsx"
    book.save(filled)

    page.set_input_files("input[type=file]", str(filled))
    click_and_wait(page, "button:has-text('Xem trước')")
    preview = page.inner_text("body")
    assert "Tạo mới" in preview and "Lê Thị Hoa" in preview
    click_and_wait(page, "button:has-text('Áp dụng')")
    assert "Đã áp dụng tệp «ho-so.xlsx»: tạo mới 1" in page.inner_text(".messages")
    assert "Lê Thị Hoa" in page.inner_text("table")
    assert not SCRIPT_ERRORS
