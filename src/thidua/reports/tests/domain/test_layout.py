"""Layout and wording rules of the báo cáo (Nghị định 30/2020/NĐ-CP, Phụ lục I and III; DOMAIN.md sections 7-8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.core.domain.errors import DomainError
from thidua.reports.domain.document import (
    Column,
    ColumnKind,
    cell_text,
    recipient_lines,
    recipients_from_text,
)
from thidua.reports.domain.layout import (
    ReportKind,
    change_text,
    direction_heading,
    document_number,
    file_name,
    outline,
    percent_text,
    place_and_date,
    place_from_unit_name,
    roman,
    summary_line,
    vietnamese_date,
)


def test_the_date_is_written_with_leading_zeros() -> None:
    assert vietnamese_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert place_and_date("Nghệ An", date(2026, 1, 5)) == "Nghệ An, ngày 05 tháng 01 năm 2026"


def test_a_missing_place_leaves_room_to_write_it() -> None:
    assert place_and_date("  ", date(2026, 12, 20)) == "…………, ngày 20 tháng 12 năm 2026"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("05/BC-CAT", "Số: 05/BC-CAT"),
        ("5/BC-CAT", "Số: 05/BC-CAT"),
        ("Số: 12/BC-CTĐ", "Số: 12/BC-CTĐ"),
        ("123/TTr-CAT", "Số: 123/TTr-CAT"),
        ("/BC-CAT", "Số:       /BC-CAT"),
        ("", "Số:       /BC"),
    ],
)
def test_the_document_number(typed: str, printed: str) -> None:
    assert document_number(typed) == printed


def test_a_document_type_outside_phu_luc_iii_is_refused_by_name() -> None:
    with pytest.raises(DomainError, match="«XX»") as caught:
        document_number("05/XX-CAT")
    assert caught.value.field == "number"
    with pytest.raises(DomainError, match="không đúng dạng"):
        document_number("năm")


@given(st.integers(min_value=1, max_value=39))
def test_roman_numbers_are_distinct_and_use_only_roman_letters(n: int) -> None:
    assert set(roman(n)) <= set("IVX")
    assert roman(n) != roman(n + 1 if n < 39 else n - 1)


def test_section_numbering_follows_the_usual_outline() -> None:
    headings = [h for h, _ in outline(ReportKind.HALF_YEAR, 2026, cluster_report=True)]
    assert headings == [
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert outline(ReportKind.YEAR, 2025, cluster_report=False)[1][1][4] == "5. Tham gia hoạt động của cụm thi đua"
    assert direction_heading(ReportKind.YEAR, 2025) == "Phương hướng, nhiệm vụ năm 2026"


def test_the_summary_line() -> None:
    assert summary_line(ReportKind.YEAR, 2025, "Cụm thi đua số 6") == (
        "Tổng kết phong trào thi đua “Vì an ninh Tổ quốc” năm 2025 của Cụm thi đua số 6"
    )


def test_figures_are_written_the_vietnamese_way() -> None:
    assert cell_text(Decimal("1799"), ColumnKind.NUMBER) == "1.799"
    assert cell_text(Decimal("93.456"), ColumnKind.PERCENT) == "93,5%"
    assert percent_text(None) == "—"
    assert cell_text(Decimal("12"), ColumnKind.CHANGE) == "+12"
    assert cell_text(Decimal("-3.25"), ColumnKind.CHANGE_PERCENT) == "-3,3%"
    assert cell_text(None, ColumnKind.NUMBER) == "—" and cell_text(None, ColumnKind.TEXT) == ""
    assert change_text(Decimal(12), Decimal("5.26")) == "+12 (+5,3%)"
    assert change_text(Decimal(0), None) == "0"


def test_recipients_end_with_the_archive_line() -> None:
    typed = "- Cục Công tác chính trị;\nLưu: VT, Cụm.\n\nCác đơn vị thành viên"
    assert recipient_lines(recipients_from_text(typed)) == [
        "- Cục Công tác chính trị;",
        "- Các đơn vị thành viên;",
        "- Lưu: VT, Cụm.",
    ]
    assert recipient_lines([]) == ["- Lưu: VT."]


def test_names_for_files_and_places() -> None:
    assert file_name(ReportKind.HALF_YEAR, "CUM6", "2026S1", "docx") == "bao-cao-so-ket-CUM6-2026S1.docx"
    assert file_name(ReportKind.YEAR, "CAT-NAN", "2025", "pdf") == "bao-cao-tong-ket-CAT-NAN-2025.pdf"
    assert place_from_unit_name("Công an tỉnh Nghệ An") == "Nghệ An"
    assert Column("x").kind is ColumnKind.TEXT
