"""A unit's narrative report in a real Chromium (issue 5, item 4, "Done when"): the officer uploads a .docx made
with python-docx, reviews the figures found, changes one proposed indicator, picks the breakdown options, accepts,
and finds the values in the draft form (which is not submitted). Served by a live server on the ``cworld`` data."""

from __future__ import annotations

import io
import re
from typing import Any

from tests.e2e.helpers import SCRIPT_ERRORS, click_and_wait, needs_chromium, signed_in

pytestmark = needs_chromium


NARRATIVE = [
    "BÁO CÁO sơ kết 6 tháng đầu năm 2026",
    "Thực hiện Kế hoạch số 05/KH-CAT ngày 05/01/2026 của Công an tỉnh, tình hình an ninh, trật tự được giữ vững.",
    "Trên địa bàn xảy ra 120 vụ phạm tội về trật tự xã hội (giảm 12 vụ so với cùng kỳ), trong đó 105 vụ nghiêm "
    "trọng, 15 vụ ít nghiêm trọng.",
    "Đã khám phá 98 vụ phạm tội về trật tự xã hội, đạt tỷ lệ 81,7%. Bắt hơn 45 đối tượng.",
]


def narrative_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in NARRATIVE:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def row(page: Any, words: str) -> Any:
    return page.locator(f"table.figures tr:has(mark:text-is('{words}'))")


def test_a_narrative_report_through_upload_review_and_acceptance(server: str, browser: Any, cworld: Any) -> None:
    officer = signed_in(browser, server, "nan_officer")
    officer.click("text=Báo cáo")
    click_and_wait(officer, "a:has-text('Mở báo cáo') >> nth=0")
    form_url = officer.url
    click_and_wait(officer, "#narrative-link")
    officer.set_input_files(
        "#narrative-file",
        files=[
            {
                "name": "Báo cáo sơ kết.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": narrative_docx(),
            }
        ],
    )
    click_and_wait(officer, "button:has-text('Tải lên và tìm số liệu')")
    assert re.search(r"/loi-van/\d+/$", officer.url)
    review_url = officer.url
    body = officer.inner_text("table.figures")
    for words in ("120 vụ", "105 vụ", "15 vụ", "98 vụ", "81,7%", "hơn 45 đối tượng"):
        assert row(officer, words).count() == 1, words
    assert officer.locator("mark:text-is('2026')").count() == 0  # dates, years, document numbers are not figures
    assert officer.locator("mark:has-text('05/')").count() == 0
    assert "không phải con số chính xác" in row(officer, "hơn 45 đối tượng").inner_text()
    assert "nhập theo phân tổ" in body

    # "98 vụ" was proposed for the wrong indicator: the officer changes it; the breakdown needs its options.
    solved = row(officer, "98 vụ")
    solved.locator("select[name^=chi-tieu]").select_option(label="Số vụ điều tra làm rõ (vụ)")
    solved.locator("input[name=chon]").check()
    for words, option in (
        ("105 vụ", "Mức độ nghiêm trọng: Nghiêm trọng"),
        ("15 vụ", "Mức độ nghiêm trọng: Ít nghiêm trọng"),
    ):
        line = row(officer, words)
        line.locator("select[name^=chi-tieu]").select_option(label="Số vụ phạm tội về trật tự xã hội xảy ra (vụ)")
        line.locator("select[name^=phan-to]").select_option(label=option)
        line.locator("input[name=chon]").check()
    for words in ("120 vụ", "giảm 12 vụ", "81,7%", "hơn 45 đối tượng"):
        row(officer, words).locator("input[name=chon]").uncheck()
    click_and_wait(officer, "button:has-text('Nhận vào báo cáo')")
    assert "Đã nhận 3 số liệu vào báo cáo" in officer.inner_text(".messages")
    assert "Đã nhận vào «Số vụ điều tra làm rõ»" in row(officer, "98 vụ").inner_text()
    assert officer.url == review_url

    # The values are in the draft form, which is still a draft.
    officer.goto(form_url)
    assert officer.input_value("input[data-code=LAMRO]") == "98"
    assert officer.input_value("input[data-code=XAYRA][data-option=NT]") == "105"
    assert officer.input_value("input[data-code=XAYRA][data-option=IT]") == "15"
    assert officer.inner_text("output[data-total-of=XAYRA]") == "120"
    assert "Đang nhập" in officer.inner_text("#status")
    assert not SCRIPT_ERRORS
