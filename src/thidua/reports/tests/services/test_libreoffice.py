"""Generated files opened by LibreOffice headless: the .docx and .xlsx convert, and their text is the report's."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from thidua.reports.convert import convert, soffice_path
from thidua.reports.services import build_bytes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed; CI installs it"),
]


def test_docx_converts_to_text_with_the_header_and_the_figures(rworld: Any, fake_sources: None) -> None:
    _, content = build_bytes(rworld.draft, "docx", user=rworld.users["secretariat"])
    text = convert(content, source_suffix="docx", target="txt:Text").decode("utf-8-sig")
    for expected in (
        "BỘ CÔNG AN",
        "CỤM THI ĐUA SỐ 6",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-CTĐ",
        "Quảng Trị, ngày 05 tháng 06 năm 2026",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "Công an tỉnh Nghệ An",
        "Nơi nhận:",
    ):
        assert expected in text


def test_xlsx_converts_to_csv_with_the_same_rows(rworld: Any, fake_sources: None) -> None:
    _, content = build_bytes(rworld.draft, "xlsx", user=rworld.users["secretariat"])
    # LibreOffice writes the first sheet as CSV; the cover names the report.
    text = convert(content, source_suffix="xlsx", target="csv:Text - txt - csv (StarCalc):44,34,76").decode("utf-8")
    assert "Số: 05/BC-CTĐ" in text and "CỤM THI ĐUA SỐ 6" in text


def test_xlsx_keeps_figures_as_numbers(rworld: Any, fake_sources: None) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    _, content = build_bytes(rworld.draft, "xlsx", user=rworld.users["secretariat"])
    workbook = load_workbook(BytesIO(content))
    assert workbook.sheetnames[0] == "Báo cáo"
    assert {"Kết quả chỉ tiêu", "Xếp hạng", "Điển hình tiên tiến", "Đề nghị khen thưởng"} <= set(workbook.sheetnames)
    sheet = workbook["Kết quả chỉ tiêu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("STT", "Đơn vị", "Chỉ tiêu giao")
    assert rows[3][0] == "1. Số vụ điều tra làm rõ (vụ)"
    assert rows[4][1] == "Công an tỉnh Ninh Bình" and rows[4][2] == 1000


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_is_the_docx_converted(rworld: Any, fake_sources: None, tmp_path: Any) -> None:
    name, content = build_bytes(rworld.draft, "pdf", user=rworld.users["secretariat"])
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    pdf = tmp_path / name
    pdf.write_bytes(content)
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()  # noqa: S603, S607
    text = " ".join(raw.split())  # lines wrap differently where Times New Roman is not installed
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "ngày 05 tháng 06 năm 2026" in text


def test_missing_libreoffice_is_said_in_vietnamese(monkeypatch: Any) -> None:
    from thidua.core.domain.errors import DomainError
    from thidua.reports import convert as module

    monkeypatch.setattr(module, "soffice_path", lambda: None)
    with pytest.raises(DomainError, match="chưa cài LibreOffice"):
        module.convert(b"x", source_suffix="docx", target="pdf")
