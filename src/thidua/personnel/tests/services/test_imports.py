"""Excel import of personnel records: preview, atomic application, idempotence, and each bad row's message."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from thidua.core.domain.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.personnel import imports
from thidua.personnel.models import AwardRecord, DisciplineRecord, DutyRating, Innovation, Person, Posting

PEOPLE_ROWS = [
    ["CA-001", "Nguyễn Văn Bình", 1980, "Nam", "NAN", "Trung tá", "Trưởng phòng", "01/01/2019"],
    ["CA-002", "Trần Thị Cúc", 1990, "Nữ", "NAN", "Đại úy", "Cán bộ", date(2021, 3, 1)],
]


def workbook(**sheets: list[list[Any]]) -> bytes:
    names = {
        "people": imports.PEOPLE,
        "ratings": imports.RATINGS,
        "awards": imports.AWARDS,
        "discipline": imports.DISCIPLINE,
        "innovations": imports.INNOVATIONS,
    }
    book = Workbook()
    book.remove(book.active)
    for key, rows in sheets.items():
        name = names[key]
        sheet = book.create_sheet(name)
        sheet.append(list(imports.COLUMNS[name]))
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def full_file() -> bytes:
    return workbook(
        people=PEOPLE_ROWS,
        ratings=[["CA-001", 2023, "Hoàn thành xuất sắc nhiệm vụ", "QĐ 5"], ["ca-002", "2024", "good", ""]],
        awards=[
            ["CA-001", 2023, "Chiến sĩ thi đua cơ sở", "12/QĐ-CAT", "20/01/2024", "Đại tá Lê Văn E", "Công an tỉnh"]
        ],
        discipline=[["CA-002", 2022, "Khiển trách", "3/QĐ", "05/05/2022"]],
        innovations=[["CA-001", "Sáng kiến", "Phần mềm quản lý hồ sơ", 2023, "cơ sở", "QĐ 9"]],
    )


def test_the_template_has_every_sheet_with_its_headers() -> None:
    book = load_workbook(BytesIO(imports.template_workbook()))
    assert book.sheetnames == [imports.INSTRUCTIONS, *imports.COLUMNS]
    for name, headers in imports.COLUMNS.items():
        assert tuple(c.value for c in book[name][1]) == headers


def test_preview_lists_creations_and_writes_nothing(pworld: Any) -> None:
    preview = imports.import_preview(content=full_file(), actor=pworld.users["canbo.nan"])
    assert preview.ok, preview.problems
    assert preview.counts == {"Tạo mới": 7, "Cập nhật": 0, "Không đổi": 0}
    assert [(c.sheet, c.row) for c in preview.changes][:2] == [("Cán bộ", 2), ("Cán bộ", 3)]
    assert not Person.objects.exists()


def test_apply_writes_every_record_and_the_same_file_twice_changes_nothing(pworld: Any) -> None:
    actor = pworld.users["canbo.nan"]
    imports.import_apply(content=full_file(), actor=actor)
    assert Person.objects.count() == 2
    assert DutyRating.objects.get(person__code="CA-002", year=2024).rating == "good"
    award = AwardRecord.objects.get()
    assert (award.award_code, award.source, award.decision_date) == (
        "base_emulation_soldier",
        "import",
        date(2024, 1, 20),
    )
    assert DisciplineRecord.objects.get().level == "reprimand"
    assert Innovation.objects.get().scope == "base"
    events = AuditEvent.objects.count()
    again = imports.import_apply(content=full_file(), actor=actor)
    assert again.counts == {"Tạo mới": 0, "Cập nhật": 0, "Không đổi": 7}
    assert AuditEvent.objects.count() == events
    assert Person.objects.get(code="CA-001").version == 1


def test_a_later_start_date_is_a_move(pworld: Any) -> None:
    actor = pworld.users["canbo.nan"]
    imports.import_apply(content=workbook(people=PEOPLE_ROWS), actor=actor)
    moved = [["CA-001", "Nguyễn Văn Bình", 1980, "Nam", "NAN-PC02", "Thượng tá", "Trưởng phòng", "01/07/2025"]]
    preview = imports.import_apply(content=workbook(people=moved), actor=pworld.users["vanphong.bca"])
    assert preview.counts["Cập nhật"] == 1
    postings = list(Posting.objects.filter(person__code="CA-001").order_by("valid_from"))
    assert [(p.org_unit.code, p.valid_to) for p in postings] == [("NAN", date(2025, 7, 1)), ("NAN-PC02", None)]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["CA-9", "Lê Văn G", 1980, "Nam", "KHONGCO", "Đại úy", "", "01/01/2020"], "E (Mã đơn vị)", "KHONGCO"),
        (["CA-9", "Lê Văn G", 1980, "Nam", "NAN", "Đại tướng quân", "", "01/01/2020"], "F (Cấp bậc)", "Cấp bậc"),
        (["CA-9", "Lê Văn G", "19a0", "Nam", "NAN", "Đại úy", "", "01/01/2020"], "C (Năm sinh)", "Năm sinh «19a0»"),
        (["CA-9", "Lê Văn G", 1980, "Nam", "NAN", "Đại úy", "", "31/02/2020"], "H (Từ ngày)", "dd/mm/yyyy"),
        (["CA-9", "", 1980, "Nam", "NAN", "Đại úy", "", "01/01/2020"], "B (Họ và tên)", "Thiếu «Họ và tên»"),
        (["CA-9", "Lê Văn G", 1980, "Nam", "HTI", "Đại úy", "", "01/01/2020"], "E (Mã đơn vị)", "phạm vi"),
    ],
)
def test_a_bad_person_row_is_named_by_row_and_column(pworld: Any, row: list[Any], column: str, message: str) -> None:
    content = workbook(people=[PEOPLE_ROWS[0], row])
    preview = imports.import_preview(content=content, actor=pworld.users["canbo.nan"])
    assert len(preview.problems) == 1
    problem = preview.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("Cán bộ", 3, column)
    assert message in problem.message


def test_a_malformed_year_in_ratings_is_named(pworld: Any) -> None:
    content = workbook(people=PEOPLE_ROWS, ratings=[["CA-001", "năm 2023", "Hoàn thành tốt nhiệm vụ", ""]])
    problem = imports.import_preview(content=content, actor=pworld.users["canbo.nan"]).problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("Xếp loại", 2, "B (Năm)")
    assert "4 chữ số" in problem.message


def test_an_unknown_person_and_a_duplicate_row_are_named(pworld: Any) -> None:
    content = workbook(
        people=PEOPLE_ROWS,
        ratings=[["CA-777", 2023, "good", ""], ["CA-001", 2023, "good", ""], ["CA-001", 2023, "excellent", ""]],
    )
    problems = imports.import_preview(content=content, actor=pworld.users["canbo.nan"]).problems
    assert [(p.row, p.column) for p in problems] == [(2, "A (Số hiệu)"), (4, None)]
    assert "CA-777" in problems[0].message
    assert "Trùng với dòng 3" in problems[1].message


def test_one_bad_row_and_nothing_is_written(pworld: Any) -> None:
    content = workbook(people=PEOPLE_ROWS, ratings=[["CA-001", 2023, "rất tốt", ""]])
    with pytest.raises(imports.WorkbookRejected) as caught:
        imports.import_apply(content=content, actor=pworld.users["canbo.nan"])
    assert caught.value.preview.problems[0].column == "C (Xếp loại)"
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="person").exists()


def test_another_units_person_is_not_reached(pworld: Any) -> None:
    imports.import_apply(content=workbook(people=PEOPLE_ROWS), actor=pworld.users["canbo.nan"])
    content = workbook(ratings=[["CA-001", 2023, "good", ""]])
    problems = imports.import_preview(content=content, actor=pworld.users["canbo.hti"]).problems
    assert "Không có cán bộ số hiệu CA-001 trong phạm vi" in problems[0].message


def test_files_that_are_not_xlsx_are_refused_before_parsing(pworld: Any) -> None:
    actor = pworld.users["canbo.nan"]
    with pytest.raises(DomainError, match="macro"):
        imports.import_preview(content=full_file(), actor=actor, filename="hoso.xlsm")
    with pytest.raises(DomainError, match="không phải tệp Excel"):
        imports.import_preview(content=b"Ho ten,So hieu\n", actor=actor, filename="hoso.xlsx")


def test_wrong_headers_are_reported(pworld: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = imports.RATINGS
    sheet.append(["Mã", "Năm", "Xếp loại", "Quyết định"])
    buffer = BytesIO()
    book.save(buffer)
    problems = imports.import_preview(content=buffer.getvalue(), actor=pworld.users["canbo.nan"]).problems
    assert (problems[0].row, problems[0].column) == (1, "A")
