"""The secretariat writes the báo cáo sơ kết in a real Chromium (issue 5): starts the report, writes a narrative
section, builds the .docx (tasks run at once here: the immediate backend stands in for ``thidua worker``), downloads
it, and sees the file marked older than the data after the next edit."""

from __future__ import annotations

import urllib.request
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import SCRIPT_ERRORS, click_and_wait, needs_chromium, signed_in

pytestmark = needs_chromium


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_secretariat_writes_and_builds_the_half_year_report(
    immediate_tasks: None, server: str, browser: Any, cworld: Any
) -> None:
    from docx import Document

    # The first request loads every app's pages; on a busy machine it can take longer than a page's timeout.
    urllib.request.urlopen(f"{server}/accounts/login/", timeout=120).read()  # noqa: S310 - the live test server
    page = signed_in(browser, server, "secretariat")
    page.set_default_timeout(60_000)
    page.goto(f"{server}/bao-cao-tong-hop/")
    page.select_option("select[name=bao_cao]", index=0)
    page.select_option("select[name=ky]", label=page.locator("select[name=ky] option", has_text="2026S1").inner_text())
    click_and_wait(page, "button:has-text('Tạo báo cáo')")
    assert "Báo cáo sơ kết 6 tháng 2026S1" in page.inner_text("h1")

    page.fill("input[name=number]", "05/BC-CTĐ")
    page.fill("input[name=issued_on]", "20/06/2026")
    page.fill("input[name=place]", "Quảng Trị")
    page.fill("textarea[name=situation]", "Tình hình an ninh trật tự trên địa bàn Cụm ổn định.")
    click_and_wait(page, "button:has-text('Lưu báo cáo')")
    assert "Đã lưu báo cáo." in page.inner_text("body")

    click_and_wait(page, "button[value=docx]")
    row = page.locator("tbody tr", has_text="Word (.docx)")
    assert "Đã xong" in row.inner_text()
    with page.expect_download() as caught:
        row.locator("a").click()
    download = caught.value
    assert download.suggested_filename == "bao-cao-so-ket-CUM6-2026S1.docx"
    document = Document(BytesIO(Path(download.path()).read_bytes()))
    header = [p.text for r in document.tables[0].rows for c in r.cells for p in c.paragraphs]
    assert "Số: 05/BC-CTĐ" in header and "Quảng Trị, ngày 20 tháng 06 năm 2026" in header
    assert "Tình hình an ninh trật tự trên địa bàn Cụm ổn định." in [p.text for p in document.paragraphs]

    page.fill("textarea[name=direction]", "Tiếp tục tấn công trấn áp tội phạm.")
    click_and_wait(page, "button:has-text('Lưu báo cáo')")
    assert "Cũ hơn dữ liệu hiện tại" in page.inner_text("body")
    assert not SCRIPT_ERRORS
