"""The reporting cycle in a real Chromium (issue 3, "Done when"): the officer enters values and attaches evidence, the
leader submits, the secretariat returns it with a reason, the officer corrects, the leader submits again, the
secretariat approves, and the officer can no longer edit. Served by a live server on the ``cworld`` data."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.helpers import PDF, SCRIPT_ERRORS, click_and_wait, needs_chromium, signed_in

pytestmark = needs_chromium


def type_and_enter(page: Any, selector: str, text: str) -> None:
    """Type a figure and press Enter (which moves on); wait until the server says the cell is saved."""
    field = page.locator(selector)
    key = field.get_attribute("id").removeprefix("val-")
    field.fill(text)
    field.press("Enter")
    page.wait_for_selector(f"#note-{key} .ok")


def test_the_reporting_cycle_in_the_browser(server: str, browser: Any, cworld: Any) -> None:
    officer = signed_in(browser, server, "nan_officer")
    officer.click("text=Báo cáo")
    click_and_wait(officer, "a:has-text('Mở báo cáo') >> nth=0")
    form_url = officer.url
    assert re.search(r"/bao-cao/\d+/$", form_url)
    assert "Đang nhập" in officer.inner_text("#status")

    # The officer types: totals and the rate appear as they type; each cell is saved as they go.
    officer.fill("input[data-code=XAYRA][data-option=IT]", "10")
    officer.fill("input[data-code=XAYRA][data-option=NT]", "5")
    assert officer.inner_text("output[data-total-of=XAYRA]") == "15"
    officer.fill("input[data-code=LAMRO]", "8")
    assert officer.inner_text("output[data-rate=TLKP]") == "53,33"
    type_and_enter(officer, "input[data-code=XAYRA][data-option=IT]", "10")
    assert officer.evaluate("document.activeElement.dataset.option") == "NT"  # Enter moved on
    type_and_enter(officer, "input[data-code=XAYRA][data-option=NT]", "5")
    type_and_enter(officer, "input[data-code=LAMRO]", "8")

    officer.set_input_files("#id_file", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    click_and_wait(officer, "button:has-text('Đính kèm')")
    assert "Đã đính kèm tệp «bien-ban.pdf»" in officer.inner_text("body")
    assert officer.input_value("input[data-code=LAMRO]") == "8"  # the values survived the reload

    # The leader sends the report.
    leader = signed_in(browser, server, "nan_leader")
    leader.goto(form_url)
    click_and_wait(leader, "button[value=submit]")
    assert leader.inner_text("#status") == "Đã gửi, chờ duyệt"

    # The secretariat finds it on "Việc cần làm" and returns it with a reason.
    secretariat = signed_in(browser, server, "secretariat")
    click_and_wait(secretariat, "ul.reviews-todo a")
    assert "Đã gửi, chờ duyệt" in secretariat.inner_text("table.overview")
    click_and_wait(secretariat, "table.overview a:has-text('Nghệ An')")
    secretariat.fill("#reason", "Số vụ làm rõ chưa khớp biên bản")
    click_and_wait(secretariat, "button[value=return]")
    assert secretariat.inner_text("#status") == "Bị trả lại"

    # The officer sees why, corrects the figure and closes the browser tab without leaving the cell: nothing lost.
    officer.goto(form_url)
    assert "Số vụ làm rõ chưa khớp biên bản" in officer.inner_text(".reason")
    officer.fill("input[data-code=LAMRO]", "9")
    officer.close(run_before_unload=True)
    for _ in range(20):
        leader.goto(form_url)
        if leader.input_value("input[data-code=LAMRO]") == "9":
            break
        leader.wait_for_timeout(250)
    assert leader.input_value("input[data-code=LAMRO]") == "9"
    click_and_wait(leader, "button[value=submit]")
    assert leader.inner_text("#status") == "Đã gửi, chờ duyệt"

    # The secretariat approves it from the overview, several at once if need be.
    secretariat.goto(f"{server}/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/")
    secretariat.check("input[name=chon]")
    click_and_wait(secretariat, "button[value=approve]")
    assert "Đã duyệt." in secretariat.inner_text(".messages")
    assert "Cụm đã duyệt" in secretariat.inner_text("table.overview")

    # The officer can no longer edit.
    officer = signed_in(browser, server, "nan_officer")
    officer.goto(form_url)
    assert officer.inner_text("#status") == "Cụm đã duyệt"
    assert "chỉ xem" in officer.inner_text(".readonly-note")
    assert officer.is_disabled("input[data-code=LAMRO]") and officer.input_value("input[data-code=LAMRO]") == "9"
    assert officer.locator("#id_file").count() == 0
    assert "bien-ban.pdf" in officer.inner_text("#tai-lieu")
    assert not SCRIPT_ERRORS


def test_the_excel_round_trip_through_the_page(server: str, browser: Any, cworld: Any, tmp_path: Any) -> None:
    """Download the unit's form from the page, fill it in Excel (openpyxl here), upload it, check the preview,
    apply it, and find the figures in the form."""
    from openpyxl import load_workbook

    from thidua.collection.domain.workbook import FIRST_DATA_ROW, SHEET_NAME, Col

    officer = signed_in(browser, server, "nan_officer")
    officer.click("text=Báo cáo")
    click_and_wait(officer, "a:has-text('Mở báo cáo') >> nth=0")
    form_url = officer.url
    with officer.expect_download() as download_info:
        officer.click("text=Tải biểu mẫu Excel của báo cáo này")
    workbook_path = tmp_path / "bieu-mau.xlsx"
    download_info.value.save_as(workbook_path)

    workbook = load_workbook(workbook_path)
    sheet = workbook[SHEET_NAME]
    filled = {("XAYRA", "MUCDO:IT"): "1.200", ("XAYRA", "MUCDO:NT"): "300", ("LAMRO", None): "1.100"}
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        key = (sheet.cell(row, Col.INDICATOR_CODE).value, sheet.cell(row, Col.OPTION_CODE).value or None)
        if key in filled:
            sheet.cell(row, Col.VALUE).value = filled[key]
    workbook.save(workbook_path)

    click_and_wait(officer, "text=Nhập số liệu từ tệp Excel")
    officer.set_input_files("input[type=file]", str(workbook_path))
    click_and_wait(officer, "button:has-text('Xem trước')")
    preview = officer.inner_text("main")
    assert "1.200" in preview and "1.100" in preview
    click_and_wait(officer, "button:has-text('Áp dụng')")
    assert officer.url == form_url
    assert officer.input_value("input[data-code=XAYRA][data-option=IT]") == "1.200"
    assert officer.input_value("input[data-code=LAMRO]") == "1.100"
    assert officer.inner_text("output[data-total-of=XAYRA]") == "1.500"
    assert not SCRIPT_ERRORS
