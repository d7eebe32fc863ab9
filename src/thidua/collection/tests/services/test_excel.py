"""The Excel round trip through the services: download the form, fill it as a user would, preview, apply."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from thidua.collection import excel
from thidua.collection.domain.values import report_totals
from thidua.collection.domain.workbook import FIRST_DATA_ROW, HEADER_ROW, SHEET_NAME, Col, restore_text
from thidua.collection.imports import WorkbookRejected, workbook_apply, workbook_preview
from thidua.collection.models import DataValue, Submission
from thidua.collection.services import submission_approve, submission_open, submission_submit, value_save
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden
from thidua.core.exports import safe_cell
from thidua.core.models import AuditEvent
from thidua.indicators.models import DataSetItem, DisaggregationOption
from thidua.indicators.services import indicator_create, target_set

pytestmark = pytest.mark.django_db

IT, NT = ("XAYRA", "MUCDO:IT"), ("XAYRA", "MUCDO:NT")
"""The option lines of XAYRA (broken down by severity): its «Tổng số» line is their sum, never typed."""


@pytest.fixture
def report(cworld):
    return submission_open(
        unit=cworld.units["NAN"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["nan_officer"],
    )


def download(world, report, user="nan_officer") -> bytes:
    return excel.build_workbook(report, user=world.users[user])


def line_row(sheet, code: str, option: str | None = None) -> int:
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.cell(row, Col.INDICATOR_CODE).value == code and sheet.cell(row, Col.OPTION_CODE).value == option:
            return row
    raise AssertionError(f"no line {code} {option}")


def fill(content: bytes, values: dict, comments: dict | None = None) -> bytes:
    """What a user does in Excel: type into «Giá trị» and «Ghi chú» of the lines they mean, then save."""
    book = load_workbook(BytesIO(content))
    sheet = book[SHEET_NAME]
    for key, value in values.items():
        code, option = key if isinstance(key, tuple) else (key, None)
        sheet.cell(line_row(sheet, code, option), Col.VALUE).value = value
    for key, comment in (comments or {}).items():
        code, option = key if isinstance(key, tuple) else (key, None)
        sheet.cell(line_row(sheet, code, option), Col.COMMENT).value = comment
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def stored(report) -> dict:
    return {
        (v.indicator.code, v.option.code if v.option else None): (v.value, v.comment, v.version)
        for v in DataValue.objects.filter(submission=report).select_related("indicator", "option")
    }


def totals(report) -> dict:
    """Each indicator's total as the report counts it: a broken-down indicator's total is the sum of its options."""
    return report_totals(
        (v.indicator.code, v.option_id is not None, v.value)
        for v in DataValue.objects.filter(submission=report).select_related("indicator")
    )


def shown(world, report, code: str) -> object:
    """The «Giá trị» cell of an indicator's line in a fresh download (a rate: computed from the stored figures)."""
    sheet = load_workbook(BytesIO(download(world, report)))[SHEET_NAME]
    return sheet.cell(line_row(sheet, code), Col.VALUE).value


def option(code: str) -> DisaggregationOption:
    return DisaggregationOption.objects.get(disaggregation__code="MUCDO", code=code)


def unprotected(content: bytes) -> bytes:
    """The form with its sheet protection removed, as a user must do to type into a locked (computed) cell."""
    book = load_workbook(BytesIO(content))
    book[SHEET_NAME].protection.sheet = False
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def officer(world):
    return world.users["nan_officer"]


def rebuilt(content: bytes, extra: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The same .xlsx with more parts added (a macro, a bomb...)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


# The form -----------------------------------------------------------------------------------------------------


def test_openpyxl_parses_uploads_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_the_form_is_a_vietnamese_workbook_with_codes_out_of_the_way(cworld, report):
    book = load_workbook(BytesIO(download(cworld, report)))
    sheet = book[SHEET_NAME]

    assert [sheet.cell(HEADER_ROW, c).value for c in Col][:8] == [
        "Chỉ tiêu",
        "Đơn vị tính",
        "Phân tổ",
        "Chỉ tiêu được giao",
        "Kỳ trước",
        "Cùng kỳ năm trước",
        "Giá trị",
        "Ghi chú",
    ]
    assert "Công an tỉnh Nghệ An" in sheet["A2"].value
    assert "2026S1" in sheet["A2"].value
    assert all(sheet.column_dimensions[c.letter].hidden for c in (Col.INDICATOR_CODE, Col.OPTION_CODE, Col.VERSION))
    assert sheet.cell(FIRST_DATA_ROW, Col.LABEL).value == "I. Phòng, chống tội phạm"
    xayra = line_row(sheet, "XAYRA")
    assert sheet.cell(xayra, Col.LABEL).value == "Số vụ phạm tội về trật tự xã hội xảy ra"
    assert sheet.cell(xayra, Col.OPTION).value == "Tổng số"
    assert sheet.cell(xayra + 1, Col.OPTION).value == "Ít nghiêm trọng"
    assert sheet.cell(xayra + 1, Col.OPTION_CODE).value == "MUCDO:IT"
    assert sheet.cell(xayra + 2, Col.OPTION).value == "Nghiêm trọng"
    assert sheet.cell(xayra, Col.VERSION).value == 0
    # Labels are protected; only «Giá trị» and «Ghi chú» are open, except the computed rate and the total of a
    # breakdown (the sum of its options).
    assert sheet.protection.sheet
    assert sheet.cell(xayra, Col.LABEL).protection.locked
    assert sheet.cell(xayra, Col.VALUE).protection.locked
    assert not sheet.cell(xayra + 1, Col.VALUE).protection.locked
    assert not sheet.cell(xayra, Col.COMMENT).protection.locked
    assert sheet.cell(line_row(sheet, "TLKP"), Col.VALUE).protection.locked
    # The report's id travels on a sheet the user does not see.
    meta = book[excel.layout.META_SHEET_NAME]
    assert meta.sheet_state == "veryHidden"
    assert {r[0]: r[1] for r in meta.iter_rows(values_only=True)}["bao_cao"] == str(report.pk)
    assert excel.filename_for(report) == "bao-cao-NAN-6THANG-2026S1.xlsx"


def test_counts_are_validated_as_whole_numbers_and_yes_no_lines_offer_a_list(cworld, report):
    flag = indicator_create(
        code="DOTXUAT", name="Để xảy ra vụ việc đột xuất, bất ngờ", value_type="boolean", actor=cworld.admin
    )
    DataSetItem.objects.create(data_set=cworld.data_set, indicator=flag, section="II. Khác", order=10)

    sheet = load_workbook(BytesIO(download(cworld, report)))[SHEET_NAME]

    flag_cell = f"{Col.VALUE.letter}{line_row(sheet, 'DOTXUAT')}"
    count_cell = f"{Col.VALUE.letter}{line_row(sheet, 'LAMRO')}"
    by_type = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert by_type["list"].formula1 == '"Có,Không"'
    assert flag_cell in by_type["list"].sqref
    assert count_cell in by_type["whole"].sqref
    labels = [sheet.cell(r, Col.LABEL).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    assert labels.index("II. Khác") == labels.index("Để xảy ra vụ việc đột xuất, bất ngờ") - 1


def test_the_form_shows_the_target_and_the_same_period_last_year(cworld, report):
    target_set(
        edition=cworld.editions[2026],
        unit=cworld.units["NAN"],
        indicator=cworld.indicators["LAMRO"],
        period=cworld.periods["2026S1"],
        kind="absolute",
        value="1.200",
        actor=cworld.admin,
    )
    last_year = Submission.objects.create(
        unit=cworld.units["NAN"], data_set=cworld.data_set, period=cworld.periods["2025S1"], status="approved"
    )
    DataValue.objects.create(submission=last_year, indicator=cworld.indicators["XAYRA"], value=Decimal(1000))
    DataValue.objects.create(submission=last_year, indicator=cworld.indicators["LAMRO"], value=Decimal(850))

    sheet = load_workbook(BytesIO(download(cworld, report)))[SHEET_NAME]

    assert sheet.cell(line_row(sheet, "LAMRO"), Col.TARGET).value == 1200
    assert sheet.cell(line_row(sheet, "XAYRA"), Col.LAST_YEAR).value == 1000
    assert sheet.cell(line_row(sheet, "TLKP"), Col.LAST_YEAR).value == 85
    assert sheet.cell(line_row(sheet, "XAYRA"), Col.PREVIOUS).value is None  # 2025S2 was never reported


def test_text_that_looks_like_a_formula_is_neutralised_on_export_and_reads_back_unchanged(cworld, report):
    value_save(
        submission=report,
        indicator=cworld.indicators["LAMRO"],
        raw="12",
        comment='=HYPERLINK("http://example.invalid","bấm vào đây")',
        actor=officer(cworld),
    )
    content = download(cworld, report)

    with zipfile.ZipFile(BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(BytesIO(content))[SHEET_NAME]
    cell = sheet.cell(line_row(sheet, "LAMRO"), Col.COMMENT)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://example.invalid","bấm vào đây")'
    preview = workbook_preview(submission=report, content=content, actor=officer(cworld))
    assert preview.ok
    assert preview.changes == ()


@given(text=st.text(max_size=20))
def test_the_reader_undoes_exactly_what_safe_cell_does(text):
    if not (text.startswith("'") and text[1:].startswith(("=", "+", "-", "@", "\t", "\r"))):
        assert restore_text(safe_cell(text)) == text


# The round trip -----------------------------------------------------------------------------------------------


def test_the_round_trip_previews_then_applies_every_change_with_its_audit_event(cworld, report):
    filled = fill(
        download(cworld, report),
        {IT: "80", NT: 40, "LAMRO": "90"},
        {"LAMRO": "Tăng do chuyên án"},
    )
    events = AuditEvent.objects.count()

    preview = workbook_preview(submission=report, content=filled, actor=officer(cworld))

    assert preview.ok
    assert [(c.sheet, c.column, c.indicator_code, c.option_code, c.old, c.new) for c in preview.changes] == [
        (SHEET_NAME, "G", "XAYRA", "MUCDO:IT", "(trống)", "80"),
        (SHEET_NAME, "G", "XAYRA", "MUCDO:NT", "(trống)", "40"),
        (SHEET_NAME, "G", "LAMRO", None, "(trống)", "90"),
        (SHEET_NAME, "H", "LAMRO", None, "(trống)", "Tăng do chuyên án"),
    ]
    assert all(c.row >= FIRST_DATA_ROW for c in preview.changes)
    assert stored(report) == {}
    assert AuditEvent.objects.count() == events  # a preview writes nothing

    applied = workbook_apply(submission=report, content=filled, actor=officer(cworld))

    assert applied.changes == preview.changes
    assert stored(report) == {
        ("XAYRA", "IT"): (Decimal(80), "", 1),
        ("XAYRA", "NT"): (Decimal(40), "", 1),
        ("LAMRO", None): (Decimal(90), "Tăng do chuyên án", 1),
    }
    new_events = list(AuditEvent.objects.order_by("seq")[events:])
    assert [e.action for e in new_events] == ["value.create"] * 3 + ["submission.excel_import"]
    assert {e.actor_username for e in new_events} == {"nan_officer"}
    assert DataValue.objects.filter(submission=report, entered_by=officer(cworld)).count() == 3
    assert totals(report)["XAYRA"] == Decimal(120)


def test_applying_the_same_file_twice_changes_nothing_the_second_time(cworld, report):
    filled = fill(download(cworld, report), {IT: 80, NT: 40, "LAMRO": 90})
    workbook_apply(submission=report, content=filled, actor=officer(cworld))
    before, events, version = stored(report), AuditEvent.objects.count(), Submission.objects.get(pk=report.pk).version

    again = workbook_apply(submission=report, content=filled, actor=officer(cworld))

    assert again.changes == ()
    assert again.ok
    assert stored(report) == before
    assert AuditEvent.objects.count() == events
    assert Submission.objects.get(pk=report.pk).version == version


def test_a_fresh_download_carries_the_new_versions_and_one_more_edit_changes_one_line(cworld, report):
    workbook_apply(
        submission=report,
        content=fill(download(cworld, report), {IT: 80, NT: 40, "LAMRO": 90}),
        actor=officer(cworld),
    )
    sheet = load_workbook(BytesIO(download(cworld, report)))[SHEET_NAME]
    assert sheet.cell(line_row(sheet, *IT), Col.VERSION).value == 1
    assert sheet.cell(line_row(sheet, "TLKP"), Col.VALUE).value == 75  # computed: 90 / 120

    preview = workbook_apply(
        submission=report, content=fill(download(cworld, report), {"LAMRO": "100"}), actor=officer(cworld)
    )

    assert [(c.indicator_code, c.old, c.new) for c in preview.changes] == [("LAMRO", "90", "100")]
    assert stored(report)[("LAMRO", None)][::2] == (Decimal(100), 2)
    assert stored(report)[("XAYRA", "IT")][::2] == (Decimal(80), 1)


def test_a_malformed_number_is_refused_naming_sheet_row_and_column_and_nothing_is_saved(cworld, report):
    content = download(cworld, report)
    row = line_row(load_workbook(BytesIO(content))[SHEET_NAME], "LAMRO")
    filled = fill(content, {IT: 80, NT: 40, "LAMRO": "9O"})
    events = AuditEvent.objects.count()

    preview = workbook_preview(submission=report, content=filled, actor=officer(cworld))
    [problem] = preview.problems
    assert (problem.sheet, problem.row, problem.column) == (SHEET_NAME, row, "G")
    assert f"G{row}" in problem.message
    assert "«9O» không phải là số" in problem.message

    with pytest.raises(WorkbookRejected) as refused:
        workbook_apply(submission=report, content=filled, actor=officer(cworld))

    assert refused.value.preview.problems == preview.problems
    assert "chưa áp dụng thay đổi nào" in refused.value.message
    assert stored(report) == {}  # not even the good XAYRA option lines
    assert AuditEvent.objects.count() == events


def test_a_count_written_1_5_is_refused_and_1_799_is_read_as_one_thousand_seven_hundred_ninety_nine(cworld, report):
    content = download(cworld, report)

    [problem] = workbook_preview(
        submission=report, content=fill(content, {"LAMRO": "1,5"}), actor=officer(cworld)
    ).problems
    assert problem.column == "G"
    assert "số nguyên" in problem.message

    workbook_apply(submission=report, content=fill(content, {IT: "1.799"}), actor=officer(cworld))
    assert stored(report)[("XAYRA", "IT")][0] == Decimal(1799)


def test_a_file_downloaded_before_a_change_on_the_system_is_refused_as_stale(cworld, report):
    content = download(cworld, report)
    value_save(
        submission=report, indicator=cworld.indicators["XAYRA"], option=option("IT"), raw="130", actor=officer(cworld)
    )
    filled = fill(content, {IT: 125, NT: 40, "LAMRO": 90})

    [problem] = workbook_preview(submission=report, content=filled, actor=officer(cworld)).problems
    assert problem.column == "G"
    assert "đã được sửa trên hệ thống sau khi tải tệp này" in problem.message

    with pytest.raises(WorkbookRejected):
        workbook_apply(submission=report, content=filled, actor=officer(cworld))
    assert stored(report) == {("XAYRA", "IT"): (Decimal(130), "", 1)}


def test_a_rate_typed_into_its_computed_cell_is_ignored_even_after_its_numerator_changed(cworld, report):
    workbook_apply(
        submission=report,
        content=fill(download(cworld, report), {IT: 80, NT: 40, "LAMRO": 90}),
        actor=officer(cworld),
    )
    content = unprotected(download(cworld, report))  # TLKP holds 75: the cell is locked, so unprotect it first
    filled = fill(content, {"LAMRO": 100, "TLKP": "95"})

    preview = workbook_preview(submission=report, content=filled, actor=officer(cworld))

    assert preview.ok
    assert [(c.indicator_code, c.old, c.new) for c in preview.changes] == [("LAMRO", "90", "100")]

    workbook_apply(submission=report, content=filled, actor=officer(cworld))
    assert ("TLKP", None) not in stored(report)  # nothing typed is stored for a rate
    assert shown(cworld, report, "TLKP") == pytest.approx(83.33)  # 100 / 120, computed: neither 95 nor 75
    before, events, version = stored(report), AuditEvent.objects.count(), Submission.objects.get(pk=report.pk).version

    again = workbook_preview(submission=report, content=filled, actor=officer(cworld))
    assert again.ok
    assert again.changes == ()
    assert workbook_apply(submission=report, content=filled, actor=officer(cworld)).changes == ()
    assert stored(report) == before
    assert AuditEvent.objects.count() == events
    assert Submission.objects.get(pk=report.pk).version == version


def test_a_value_typed_into_the_total_of_a_breakdown_is_ignored_and_the_total_stays_the_sum_of_its_options(
    cworld, report
):
    content = unprotected(download(cworld, report))  # the «Tổng số» value cell is locked like a rate's
    sheet = load_workbook(BytesIO(content))[SHEET_NAME]
    assert sheet.cell(line_row(sheet, "XAYRA"), Col.OPTION).value == "Tổng số"
    filled = fill(content, {"XAYRA": 999, IT: 80, NT: 40, "LAMRO": 90}, {"XAYRA": "Tổng hai mức độ"})

    preview = workbook_preview(submission=report, content=filled, actor=officer(cworld))

    assert preview.ok
    assert [(c.column, c.indicator_code, c.option_code, c.new) for c in preview.changes] == [
        ("H", "XAYRA", None, "Tổng hai mức độ"),  # the total's comment counts, its value does not
        ("G", "XAYRA", "MUCDO:IT", "80"),
        ("G", "XAYRA", "MUCDO:NT", "40"),
        ("G", "LAMRO", None, "90"),
    ]

    workbook_apply(submission=report, content=filled, actor=officer(cworld))

    assert stored(report)[("XAYRA", None)] == (None, "Tổng hai mức độ", 1)  # the typed 999 was never saved
    assert totals(report)["XAYRA"] == Decimal(120)  # 80 + 40
    assert shown(cworld, report, "TLKP") == 75  # 90 / 120, not 90 / 999
    assert workbook_preview(submission=report, content=filled, actor=officer(cworld)).changes == ()


def test_a_comment_on_the_computed_rate_is_kept_and_the_rate_stays_computed(cworld, report):
    filled = fill(download(cworld, report), {IT: 80, NT: 40, "LAMRO": 90}, {"TLKP": "Vượt chỉ tiêu 80%"})

    workbook_apply(submission=report, content=filled, actor=officer(cworld))

    assert stored(report)[("TLKP", None)] == (None, "Vượt chỉ tiêu 80%", 1)
    fresh = download(cworld, report)
    sheet = load_workbook(BytesIO(fresh))[SHEET_NAME]
    assert sheet.cell(line_row(sheet, "TLKP"), Col.VALUE).value == 75
    assert workbook_preview(submission=report, content=fresh, actor=officer(cworld)).changes == ()


def test_a_formula_typed_in_a_value_cell_is_refused(cworld, report):
    filled = fill(download(cworld, report), {IT: "=2+3"})

    [problem] = workbook_preview(submission=report, content=filled, actor=officer(cworld)).problems

    assert "chứa công thức «=2+3»" in problem.message


def test_a_file_of_another_report_is_refused(cworld, report):
    other = submission_open(
        unit=cworld.units["HTI"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["hti_officer"],
    )
    hti_file = fill(download(cworld, other, user="hti_officer"), {"LAMRO": 5})

    [problem] = workbook_preview(submission=report, content=hti_file, actor=officer(cworld)).problems

    assert "báo cáo khác" in problem.message
    assert "HTI" in problem.message


def test_an_officer_of_another_unit_may_not_preview_or_apply(cworld, report):
    filled = fill(download(cworld, report), {"LAMRO": 5})

    with pytest.raises(Forbidden):
        workbook_preview(submission=report, content=filled, actor=cworld.users["hti_officer"])
    with pytest.raises(Forbidden):
        workbook_apply(submission=report, content=filled, actor=cworld.users["nan_leader"])
    assert stored(report) == {}


def test_an_approved_report_takes_no_changes_from_a_file(cworld, report):
    content = download(cworld, report)
    workbook_apply(submission=report, content=fill(content, {IT: 80, NT: 40, "LAMRO": 90}), actor=officer(cworld))
    report.refresh_from_db()
    report = submission_submit(submission=report, expected_version=report.version, actor=cworld.users["nan_leader"])
    submission_approve(submission=report, expected_version=report.version, actor=cworld.users["secretariat"])
    late = fill(download(cworld, report), {"LAMRO": 100})

    with pytest.raises(WorkbookRejected) as refused:
        workbook_apply(submission=report, content=late, actor=officer(cworld))

    assert "Cụm đã duyệt" in refused.value.preview.problems[0].message
    assert stored(report)[("LAMRO", None)][0] == Decimal(90)


# Files refused before parsing ---------------------------------------------------------------------------------


def refused(world, report, content: bytes, filename: str | None = None) -> str:
    with pytest.raises(DomainError) as exc:
        workbook_preview(submission=report, content=content, actor=officer(world), filename=filename)
    return exc.value.message


def test_a_macro_workbook_is_refused_by_its_name_and_by_its_content(cworld, report):
    content = download(cworld, report)

    assert "macro" in refused(cworld, report, content, filename="bao-cao.xlsm")
    assert "vbaProject.bin" in refused(cworld, report, rebuilt(content, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))


def test_a_workbook_declaring_macro_content_is_refused(cworld, report):
    content = download(cworld, report)
    with zipfile.ZipFile(BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
        )
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, types if info.filename == "[Content_Types].xml" else source.read(info))

    assert "macro" in refused(cworld, report, out.getvalue())


def test_a_zip_bomb_is_refused_before_parsing(cworld, report, monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("openpyxl must not parse a refused file")

    monkeypatch.setattr(excel, "load_workbook", no_parsing)
    bomb = rebuilt(download(cworld, report), {"xl/worksheets/sheet9.xml": b"0" * (20 * 1024 * 1024)})

    assert len(bomb) < 200 * 1024
    assert "nén bất thường" in refused(cworld, report, bomb)


def test_a_file_whose_parts_unpack_beyond_the_total_limit_is_refused(cworld, report, monkeypatch):
    monkeypatch.setattr(excel, "LIMITS", excel.Limits(max_uncompressed=20 * 1024))

    assert "giải nén ra" in refused(cworld, report, download(cworld, report))


def test_a_file_that_is_not_an_xlsx_zip_is_refused(cworld, report):
    content = download(cworld, report)

    assert "không phải tệp Excel .xlsx" in refused(cworld, report, b"STT;Chi tieu;Gia tri\n1;XAYRA;5\n")
    assert "không phải tệp Excel .xlsx" in refused(cworld, report, content[: len(content) // 2])
    assert "không phải tệp Excel .xlsx" in refused(cworld, report, content, filename="bao-cao.csv")
    assert ".xls" in refused(cworld, report, excel.OLE_MAGIC + b"\0" * 512)
    other_zip = BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    assert "không phải tệp Excel .xlsx" in refused(cworld, report, other_zip.getvalue())


def test_a_file_over_the_size_limit_is_refused(cworld, report, monkeypatch):
    monkeypatch.setattr(excel, "LIMITS", excel.Limits(max_bytes=1024))

    assert "Tệp quá lớn" in refused(cworld, report, download(cworld, report))


def test_a_sheet_with_too_many_rows_is_refused_before_parsing(cworld, report, monkeypatch):
    book = load_workbook(BytesIO(download(cworld, report)))
    book[SHEET_NAME].cell(400, 1).value = "ghi chú ở dòng 400"
    out = BytesIO()
    book.save(out)
    monkeypatch.setattr(excel, "LIMITS", excel.Limits(max_rows=300))
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: pytest.fail("parsed a refused file"))

    assert "hơn 300 dòng" in refused(cworld, report, out.getvalue())


def test_a_sheet_with_too_many_columns_is_refused(cworld, report):
    book = load_workbook(BytesIO(download(cworld, report)))
    book[SHEET_NAME].cell(5, 5000).value = "xa"
    out = BytesIO()
    book.save(out)

    assert "cột" in refused(cworld, report, out.getvalue())


def test_an_xml_entity_bomb_is_refused(cworld, report):
    content = download(cworld, report)
    with zipfile.ZipFile(BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    lol = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    body = sheet.split(b"?>", 1)[-1]
    assert b"<v>0</v>" in body
    poisoned = lol + body.replace(b"<v>0</v>", b"<v>&b;</v>", 1)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, poisoned if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))

    assert "Không đọc được tệp Excel" in refused(cworld, report, out.getvalue())


# The file opens elsewhere -------------------------------------------------------------------------------------

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_form_and_its_resave_still_reads_as_no_change(cworld, report, tmp_path):
    workbook_apply(
        submission=report,
        content=fill(download(cworld, report), {IT: 80, NT: 40, "LAMRO": 90}),
        actor=officer(cworld),
    )
    source = tmp_path / "in" / "bao-cao.xlsx"
    source.parent.mkdir()
    source.write_bytes(download(cworld, report))
    out = tmp_path / "out"
    command = [OFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "xlsx"]
    subprocess.run(  # noqa: S603 - a fixed command on a file this test wrote
        [*command, "--outdir", str(out), str(source)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    resaved = (out / "bao-cao.xlsx").read_bytes()

    preview = workbook_preview(submission=report, content=resaved, actor=officer(cworld))

    assert preview.ok, preview.problems
    assert preview.changes == ()
