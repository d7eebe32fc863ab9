import json
import unicodedata
from decimal import Decimal

import docx
import pytest

from thidua.core.domain.errors import DomainError
from thidua.reports.extract import Change, Figure, Qualifier, extract_figures, extract_file, figures_as_json, read_text
from thidua.reports.tests.domain.test_matching import INDICATORS

REPORT = """Trong 6 tháng đầu năm 2025, tội phạm về trật tự xã hội xảy ra 235 vụ, giảm 12 vụ (-4,9%) so với cùng kỳ; \
điều tra làm rõ 201 vụ, đạt 85,6%. Bắt giữ 1.799 đối tượng, khởi tố 1.024 bị can.
Tội phạm sử dụng công nghệ cao: phát hiện 56 vụ, các đối tượng chiếm đoạt hơn 450 tỷ đồng.
Tai nạn giao thông xảy ra 120 vụ, làm chết 45 người, bị thương 80 người; so với cùng kỳ giảm 15 vụ (-7,2%).
Đề án 06: kích hoạt 1,2 triệu tài khoản định danh điện tử mức độ 2, tiếp nhận gần 300 hồ sơ dịch vụ công trực tuyến.
Án rất nghiêm trọng, đặc biệt nghiêm trọng điều tra khám phá đạt 97,5%.
Đã tổ chức 12 hội nghị tuyên truyền."""


def test_each_figure_is_proposed_for_the_indicator_its_phrase_names():
    found = extract_figures(REPORT, INDICATORS)
    assert [(f.words, f.indicator) for f in found] == [
        ("235 vụ", "TTXH-XAYRA"),
        ("giảm 12 vụ", "TTXH-XAYRA"),
        ("-4,9%", "TTXH-XAYRA"),
        ("201 vụ", "TTXH-LAMRO"),
        ("85,6%", "TTXH-TLKP"),
        ("1.799 đối tượng", "DOITUONG-BATGIU"),
        ("1.024 bị can", "BICAN"),
        ("56 vụ", "CNC-VU"),
        ("hơn 450 tỷ đồng", "CNC-TIEN"),
        ("120 vụ", "TNGT-VU"),
        ("45 người", "TNGT-CHET"),
        ("80 người", "TNGT-BITHUONG"),
        ("giảm 15 vụ", "TNGT-VU"),
        ("-7,2%", "TNGT-VU"),
        ("1,2 triệu tài khoản", "VNEID-MUC2"),
        ("gần 300 hồ sơ", "DVC-HOSO"),
        ("97,5%", "RNT-TLKP"),
        ("12 hội nghị", None),
    ]
    assert all((f.score is None) == (f.indicator is None) for f in found)


def test_without_indicators_figures_come_without_proposals():
    found = extract_figures(REPORT)
    assert len(found) == 18
    assert {f.indicator for f in found} == {None}


def test_a_percentage_change_of_a_rate_or_a_count_follows_its_own_words():
    found = extract_figures(
        "Tỷ lệ điều tra khám phá đạt 86,2%, tăng 1,3% so với cùng kỳ.\n"
        "Số tài khoản định danh điện tử được kích hoạt tăng 3,2% so với cùng kỳ.",
        INDICATORS,
    )
    assert [(f.words, f.change, f.indicator) for f in found] == [
        ("86,2%", None, "TTXH-TLKP"),
        ("tăng 1,3%", Change.INCREASE, "TTXH-TLKP"),
        ("tăng 3,2%", Change.INCREASE, "VNEID-MUC2"),
    ]


def test_a_change_does_not_borrow_an_indicator_across_paragraphs():
    found = extract_figures("Bắt giữ 1.799 đối tượng.\nSo với cùng kỳ giảm 15 vụ.", INDICATORS)
    assert [(f.words, f.indicator) for f in found] == [("1.799 đối tượng", "DOITUONG-BATGIU"), ("giảm 15 vụ", None)]


def test_nfd_text_gets_the_same_proposals_and_spans_into_itself():
    decomposed = unicodedata.normalize("NFD", REPORT)
    composed, found = extract_figures(REPORT, INDICATORS), extract_figures(decomposed, INDICATORS)
    assert [(f.value, f.unit, f.indicator) for f in found] == [(f.value, f.unit, f.indicator) for f in composed]
    assert all(decomposed[f.span[0] : f.span[1]] == f.words for f in found)


def test_the_public_figure_has_value_unit_qualifier_phrase_and_span():
    (figure,) = extract_figures("các đối tượng chiếm đoạt hơn 450 tỷ đồng", INDICATORS)
    assert isinstance(figure, Figure)
    assert figure.value == Decimal(450_000_000_000)
    assert (figure.unit, figure.qualifier, figure.indicator) == ("đồng", Qualifier.MORE_THAN, "CNC-TIEN")
    assert figure.text == "các đối tượng chiếm đoạt hơn 450 tỷ đồng"
    assert figure.span == (25, 40)
    assert (figure.low, figure.high, figure.change) == (None, None, None)


def test_json_output_has_numbers_and_the_proposed_indicator():
    data = json.loads(json.dumps(figures_as_json(extract_figures(REPORT, INDICATORS)), ensure_ascii=False))
    first = data[0]
    assert first["value"] == 235 and isinstance(first["value"], int)
    assert {k: first[k] for k in ("unit", "qualifier", "text", "indicator")} == {
        "unit": "vụ",
        "qualifier": None,
        "text": "tội phạm về trật tự xã hội xảy ra 235 vụ",
        "indicator": "TTXH-XAYRA",
    }
    assert next(d for d in data if d["unit"] == "%")["value"] == 4.9


# --- Reading files ---------------------------------------------------------------------------


def test_a_txt_report_is_read_as_utf8_with_or_without_bom(tmp_path):
    plain, bom = tmp_path / "bao-cao.txt", tmp_path / "bao-cao-bom.TXT"
    plain.write_text(REPORT, encoding="utf-8")
    bom.write_text(REPORT, encoding="utf-8-sig")
    assert read_text(plain) == read_text(bom) == REPORT
    assert [f.value for f in extract_file(bom)] == [f.value for f in extract_figures(REPORT)]


def test_a_decomposed_txt_keeps_its_form_so_spans_point_into_it(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", REPORT), encoding="utf-8")
    text = read_text(path)
    assert not unicodedata.is_normalized("NFC", text)
    for figure in extract_file(path, INDICATORS):
        assert text[figure.span[0] : figure.span[1]] == figure.words


def test_a_txt_in_another_encoding_is_refused_in_vietnamese(tmp_path):
    path = tmp_path / "bao-cao.txt"
    path.write_bytes("Bắt giữ 15 đối tượng".encode("utf-16"))
    with pytest.raises(DomainError, match="không phải văn bản UTF-8") as caught:
        read_text(path)
    assert caught.value.field == "file"


@pytest.mark.parametrize("name", ["bao-cao.pdf", "bao-cao.doc", "bao-cao.xlsx", "bao-cao"])
def test_other_files_are_refused_in_vietnamese(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(DomainError, match=r"chỉ nhận báo cáo dạng \.txt hoặc \.docx"):
        read_text(path)


def test_a_word_97_file_gets_a_hint_to_save_as_docx(tmp_path):
    path = tmp_path / "bao-cao.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DomainError, match=r"Hãy lưu tệp Word dưới dạng \.docx"):
        read_text(path)


def test_a_missing_or_broken_file_is_refused_in_vietnamese(tmp_path):
    with pytest.raises(DomainError, match="Không tìm thấy tệp"):
        read_text(tmp_path / "khong-co.txt")
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(DomainError, match=r"không phải tệp Word \.docx hợp lệ"):
        read_text(broken)


@pytest.fixture
def report_docx(tmp_path):
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "CÔNG AN TỈNH HÀ TĨNH    Số: 05/BC-CAT"
    document.add_heading("BÁO CÁO Sơ kết 6 tháng đầu năm 2025", level=1)
    document.add_paragraph("I. KẾT QUẢ")
    document.add_paragraph("Bắt giữ 1.799 đối tượng, khởi tố 1.024 bị can; chiếm đoạt hơn 450 tỷ đồng.")
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(table.rows[0].cells, ["STT", "Chỉ tiêu", "Năm 2024", "Năm 2025"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Số vụ tai nạn giao thông", "135", "120"], strict=True):
        cell.text = text
    merged = table.rows[2].cells[0].merge(table.rows[2].cells[1])
    merged.text = "Số tài khoản định danh điện tử mức độ 2 được kích hoạt"
    table.rows[2].cells[2].text = "0,9 triệu"
    table.rows[2].cells[3].text = "1,2 triệu tài khoản"
    document.add_paragraph(
        unicodedata.normalize("NFD", "Tai nạn giao thông giảm 15 vụ (-11,1%) so với cùng kỳ; gần 300 hồ sơ.")
    )
    path = tmp_path / "bao-cao.docx"
    document.save(path)
    return path


def test_a_docx_is_read_paragraphs_and_table_rows_in_order_without_its_header(report_docx):
    lines = read_text(report_docx).split("\n")
    assert lines[:4] == [
        "BÁO CÁO Sơ kết 6 tháng đầu năm 2025",
        "I. KẾT QUẢ",
        "Bắt giữ 1.799 đối tượng, khởi tố 1.024 bị can; chiếm đoạt hơn 450 tỷ đồng.",
        "STT | Chỉ tiêu | Năm 2024 | Năm 2025",
    ]
    assert lines[4] == "1 | Số vụ tai nạn giao thông | 135 | 120"
    assert lines[5] == "Số tài khoản định danh điện tử mức độ 2 được kích hoạt | 0,9 triệu | 1,2 triệu tài khoản"
    assert unicodedata.normalize("NFC", lines[6]).startswith("Tai nạn giao thông giảm 15 vụ")
    assert "05/BC-CAT" not in read_text(report_docx)


def test_figures_of_a_docx_report_with_their_indicators(report_docx):
    found = extract_file(report_docx, INDICATORS)
    assert [(unicodedata.normalize("NFC", f.words), f.value, f.unit, f.indicator) for f in found] == [
        ("1.799 đối tượng", 1799, "đối tượng", "DOITUONG-BATGIU"),
        ("1.024 bị can", 1024, "bị can", "BICAN"),
        ("hơn 450 tỷ đồng", 450_000_000_000, "đồng", "CNC-TIEN"),
        ("135", 135, None, "TNGT-VU"),
        ("120", 120, None, "TNGT-VU"),
        ("0,9 triệu", 900_000, None, "VNEID-MUC2"),
        ("1,2 triệu tài khoản", 1_200_000, "tài khoản", "VNEID-MUC2"),
        ("giảm 15 vụ", 15, "vụ", "TNGT-VU"),
        ("-11,1%", Decimal("11.1"), "%", "TNGT-VU"),
        ("gần 300 hồ sơ", 300, "hồ sơ", None),
    ]
    text = read_text(report_docx)
    assert all(text[f.span[0] : f.span[1]] == f.words for f in found)
