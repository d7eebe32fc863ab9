"""The .docx read back: the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I (DOMAIN.md section 7)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.reports.services import build_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(rworld: Any, fake_sources: None) -> Any:
    name, content = build_bytes(rworld.draft, "docx", user=rworld.users["secretariat"])
    assert name == "bao-cao-so-ket-CUM6-2026S1.docx"
    return Document(BytesIO(content))


def _texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


def _cell_paragraphs(document: Any, table_index: int) -> list[Any]:
    table = document.tables[table_index]
    return [p for row in table.rows for cell in row.cells for p in cell.paragraphs if p.text]


def test_page_is_a4_portrait_with_the_decree_margins(document: Any) -> None:
    section = document.sections[0]

    def mm(length: Any) -> float:
        return round(length.mm)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    assert section.orientation == WD_ORIENT.PORTRAIT


def test_page_numbers_are_centred_at_the_top_from_page_two(document: Any) -> None:
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in header._p.xml
    assert not section.first_page_header.paragraphs[0].text


def test_header_block_names_the_ministry_the_cluster_and_the_national_motto(document: Any) -> None:
    by_text = {p.text: p for p in _cell_paragraphs(document, 0)}
    ministry = by_text["BỘ CÔNG AN"]
    assert ministry.runs[0].font.size == Pt(13) and not ministry.runs[0].font.bold
    issuer = by_text["CỤM THI ĐUA SỐ 6"]
    assert issuer.runs[0].font.bold and issuer.runs[0].font.size == Pt(13)
    nation = by_text["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert nation.runs[0].font.bold and nation.runs[0].font.size == Pt(13)
    motto = by_text["Độc lập - Tự do - Hạnh phúc"]
    assert motto.runs[0].font.bold and motto.runs[0].font.underline and motto.runs[0].font.size == Pt(14)


def test_number_place_and_date_follow_the_decree(document: Any) -> None:
    by_text = {p.text: p for p in _cell_paragraphs(document, 0)}
    assert "Số: 05/BC-CTĐ" in by_text
    dated = by_text["Quảng Trị, ngày 05 tháng 06 năm 2026"]
    assert dated.runs[0].font.italic


def test_title_summary_and_body_fonts(document: Any) -> None:
    paragraphs = {p.text: p for p in document.paragraphs if p.text}
    title = paragraphs["BÁO CÁO"]
    assert title.runs[0].font.bold and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    summary = paragraphs["Sơ kết phong trào thi đua “Vì an ninh Tổ quốc” 6 tháng đầu năm 2026 của Cụm thi đua số 6"]
    assert summary.runs[0].font.bold
    body = paragraphs["Tình hình an ninh chính trị ổn định."]
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.runs[0].font.size == Pt(14) and body.runs[0].font.name == "Times New Roman"
    assert body.paragraph_format.first_line_indent is not None and body.paragraph_format.space_after >= Pt(6)
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_sections_follow_the_usual_outline(document: Any) -> None:
    texts = _texts(document)
    headings = [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Công tác lãnh đạo, chỉ đạo, tổ chức phong trào thi đua",
        "2. Kết quả thực hiện các nội dung, chỉ tiêu thi đua",
        "3. Nhân tố mới, điển hình tiên tiến, mô hình hiệu quả, cách làm hay",
        "4. Công tác khen thưởng",
        "5. Hoạt động của cụm thi đua",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        "Phụ lục I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THI ĐUA",
        "Phụ lục II. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA",
    ]
    positions = [texts.index(h) for h in headings]
    assert positions == sorted(positions)
    # A section nobody wrote says so, instead of being silently empty.
    assert any(t.startswith("(Chưa có nội dung") for t in texts)


def test_results_table_shows_target_result_percent_and_same_period_last_year(document: Any) -> None:
    results = next(t for t in document.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 8)
    header = [c.text for c in results.rows[0].cells]
    assert header == [
        "STT",
        "Đơn vị",
        "Chỉ tiêu giao",
        "Kết quả",
        "% đạt",
        "Cùng kỳ năm trước",
        "Tăng (+), giảm (-)",
        "Tăng, giảm (%)",
    ]
    assert results.rows[1].cells[0].text == "1. Số vụ điều tra làm rõ (vụ)"
    row = [c.text for c in results.rows[2].cells]
    # Vietnamese number format: thousands with ".", decimals with ",".
    assert row[:5] == ["1.1", "Công an tỉnh Ninh Bình", "1.000", "1.000", "100%"]
    assert row[5] == "988"
    run = results.rows[2].cells[1].paragraphs[0].runs[0]
    assert run.font.name == "Times New Roman" and run.font.size == Pt(12)


def test_ranking_practices_commendations_signer_and_recipients(document: Any) -> None:
    texts = _texts(document)
    all_cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Công an tỉnh Nghệ An" in all_cells and "Xuất sắc" in all_cells
    assert any("Camera an ninh khu dân cư" in t for t in texts)
    assert "Cờ thi đua của Bộ Công an" in all_cells
    closing = _cell_paragraphs(document, next(i for i, t in enumerate(document.tables) if "Nơi nhận:" in t._tbl.xml))
    by_text = {p.text: p for p in closing}
    nhan = by_text["Nơi nhận:"]
    assert nhan.runs[0].font.bold and nhan.runs[0].font.italic and nhan.runs[0].font.size == Pt(12)
    assert by_text["- Lưu: VT, Cụm."].runs[0].font.size == Pt(11)
    assert "TM. CỤM THI ĐUA SỐ 6" in by_text and "CỤM TRƯỞNG" in by_text and "Nguyễn Văn A" in by_text


def test_charts_are_pictures_in_the_document(document: Any) -> None:
    assert len(document.inline_shapes) == 2


def test_a_units_report_has_its_own_header_and_no_cluster_ranking(rworld: Any, fake_sources: None) -> None:
    _, content = build_bytes(rworld.unit_draft, "docx", user=rworld.users["nan_officer"])
    document = Document(BytesIO(content))
    header = [p.text for p in _cell_paragraphs(document, 0)]
    assert "CÔNG AN TỈNH NGHỆ AN" in header
    texts = _texts(document)
    assert "5. Tham gia hoạt động của cụm thi đua" in texts
    assert not any(t.startswith("Phụ lục II") for t in texts)
    all_cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Công an tỉnh Hà Tĩnh" not in all_cells


def test_with_the_real_selectors_and_no_approved_data_the_report_says_so(rworld: Any) -> None:
    _, content = build_bytes(rworld.draft, "docx", user=rworld.users["secretariat"])
    texts = _texts(Document(BytesIO(content)))
    assert "Chưa có số liệu đã duyệt của kỳ này." in texts
