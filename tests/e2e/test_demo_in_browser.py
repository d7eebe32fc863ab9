"""A newcomer logs in to the demo in a real Chromium and sees their unit, cluster and periods in Vietnamese."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.e2e.helpers import launch_chromium, login, needs_chromium

pytestmark = needs_chromium
# Screenshots for docs/user-guide.md are refreshed only on request: THIDUA_SCREENSHOTS=1 pytest tests/e2e
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TAKE_SCREENSHOTS = os.environ.get("THIDUA_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module: the demo runs in its own process, so no database call meets Playwright's loop."""
    with launch_chromium() as chromium:
        yield chromium


def test_unit_officer_lands_on_viec_can_lam_with_unit_cluster_and_period(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    login(page, demo_server, "canbo.nghean", password=DEMO_PASSWORD)
    body = page.inner_text("body")
    assert "Việc cần làm" in body
    assert "DỮ LIỆU MẪU" in body
    assert "Cán bộ nhập liệu — Công an tỉnh Nghệ An" in body
    assert "Cụm thi đua số 6" in body
    assert "6 tháng đầu năm 2026" in body
    if TAKE_SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / "viec-can-lam.png"), full_page=True)

    page.click("text=Cụm thi đua số 6")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "Cụm trưởng" in body and "Công an tỉnh Quảng Trị" in body
    assert "Chỉ tiêu được giao" in body

    page.goto(f"{demo_server}/to-chuc/?ngay=30/06/2025")
    assert "Công an tỉnh Quảng Bình" in page.inner_text("body")
    page.goto(f"{demo_server}/to-chuc/?ngay=01/07/2025")
    assert "Công an tỉnh Quảng Bình" not in page.inner_text("body")
    page.close()


def test_a_wrong_password_gets_a_vietnamese_message(browser, demo_server):
    page = browser.new_page()
    page.goto(f"{demo_server}/accounts/login/")
    page.fill("#id_username", "canbo.hatinh")
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.inner_text("body")
    page.close()


def test_emulation_office_sees_the_tree_before_and_after_the_2025_mergers(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, demo_server, "ctct.bo", password=DEMO_PASSWORD)
    page.goto(f"{demo_server}/to-chuc/?ngay=28/02/2025")
    before = page.inner_text("body")
    assert "Công an thành phố Vinh" in before and "Công an tỉnh Hà Nam" in before
    page.goto(f"{demo_server}/to-chuc/?ngay=01/07/2025")
    after = page.inner_text("body")
    assert "Công an thành phố Vinh" not in after and "Công an tỉnh Hà Nam" not in after
    assert "Công an phường Trường Vinh" in after
    if TAKE_SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / "to-chuc-01-07-2025.png"), full_page=True)
    page.goto(f"{demo_server}/to-chuc/CAT-NBH-2025/")
    history = page.inner_text("body")
    assert "Công an tỉnh Hà Nam" in history and "Công an tỉnh Nam Định" in history
    page.close()
