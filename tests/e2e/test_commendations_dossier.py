"""A proposal dossier in a real Chromium (issue 6, item 4): the officer of Nghệ An drafts a dossier for Cụm 6, adds
a person with the statements the unit certifies and sends it; the cluster's secretariat returns it with a reason;
the officer sees the reason and the eligibility of each criterion. Served by a live server on the commendations
test world."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.helpers import click_and_wait, needs_chromium, signed_in

pytestmark = needs_chromium


@pytest.fixture
def kworld(transactional_db: Any) -> Any:
    from thidua.commendations.tests.worlds import build_kworld, rate

    k = build_kworld()
    rate(k, "NA001", 2025, "good")
    return k


@pytest.fixture
def e2e_world(kworld: Any) -> Any:
    """The live server serves the commendations test world."""
    return kworld


def test_a_dossier_is_drafted_sent_and_returned_in_the_browser(server: str, browser: Any, kworld: Any) -> None:
    officer = signed_in(browser, server, "canbo.nan")
    officer.goto(f"{server}/khen-thuong/tao/")
    officer.select_option("select[name=cum]", label="Cụm thi đua số 6 năm 2025")
    officer.fill("input[name=nam]", "2025")
    click_and_wait(officer, "button:has-text('Lập hồ sơ')")
    assert "Đang soạn" in officer.inner_text("body")
    dossier_url = officer.url

    officer.fill("input[name=so_hieu]", "NA001")
    officer.select_option("fieldset:has-text('Cá nhân') select[name=danh_hieu]", label="Chiến sĩ tiên tiến")
    officer.check("fieldset:has-text('Cá nhân') input[name=xac_nhan_abides_by_law]")
    officer.check("fieldset:has-text('Cá nhân') input[name=xac_nhan_takes_part_in_movement]")
    click_and_wait(officer, "button:has-text('Thêm cá nhân')")
    assert "Nguyễn Văn An" in officer.inner_text("table")
    click_and_wait(officer, "button:has-text('Gửi hồ sơ')")
    assert "Đã gửi cụm thi đua" in officer.inner_text("body")
    officer.click("summary:has-text('Đủ tiêu chuẩn')")
    assert "Điều 24" in officer.inner_text("details")

    secretariat = signed_in(browser, server, "thuongtruc")
    secretariat.goto(f"{server}/khen-thuong/")
    click_and_wait(secretariat, "section.card a")
    assert secretariat.url == dossier_url
    secretariat.fill("input[name=ly_do]", "Bổ sung biên bản họp xét")
    click_and_wait(secretariat, "button:has-text('Trả lại hồ sơ')")
    assert "Bị trả lại" in secretariat.inner_text("body")

    officer.goto(dossier_url)
    assert "Lý do trả lại: Bổ sung biên bản họp xét" in officer.inner_text("body")
    assert officer.is_visible("button:has-text('Gửi hồ sơ')")
