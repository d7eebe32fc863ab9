"""The Excel form's layout contract and the comparison of an uploaded sheet with the stored values."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from thidua.collection.domain.values import Parsed
from thidua.collection.domain.workbook import (
    FIRST_DATA_ROW,
    FORMAT_VERSION,
    HEADER_ROW,
    HEADERS,
    META_FORMAT,
    META_PERIOD,
    META_SUBMISSION,
    META_UNIT,
    SHEET_NAME,
    Col,
    FormLine,
    Formula,
    SheetRow,
    StoredValue,
    UploadedWorkbook,
    cell_value,
    compare,
    display_number,
    restore_text,
)
from thidua.indicators.domain.indicators import ValueType

SUBMISSION = 12
META = {META_FORMAT: FORMAT_VERSION, META_SUBMISSION: str(SUBMISSION), META_UNIT: "NAN Công an tỉnh Nghệ An"}
HEADER = tuple(HEADERS[col] for col in Col)
FORM = [
    FormLine("XAYRA", "Số vụ xảy ra", ValueType.COUNT, "vụ"),
    FormLine("XAYRA", "Số vụ xảy ra", ValueType.COUNT, "vụ", "MUCDO:IT", "Ít nghiêm trọng"),
    FormLine("LAMRO", "Số vụ làm rõ", ValueType.COUNT, "vụ"),
    FormLine("TLKP", "Tỷ lệ điều tra khám phá", ValueType.RATE, "%"),
    FormLine("DOTXUAT", "Không để xảy ra vụ việc đột xuất", ValueType.BOOLEAN),
    FormLine("TIEN", "Số tiền thu hồi", ValueType.MONEY, "đồng"),
    FormLine("GHI", "Mô hình mới", ValueType.TEXT),
]
LINES = {line.key: line for line in FORM}


def row(number: int, code: str, option: str | None, version: int, value: object = None, comment: object = None):
    cells: list[object] = [None] * len(Col)
    cells[Col.LABEL - 1] = LINES[(code, option)].indicator_name if (code, option) in LINES else "?"
    cells[Col.VALUE - 1] = value
    cells[Col.COMMENT - 1] = comment
    cells[Col.INDICATOR_CODE - 1] = code
    cells[Col.OPTION_CODE - 1] = option
    cells[Col.VERSION - 1] = version
    return SheetRow(number, tuple(cells))


def upload(*rows: SheetRow, meta=META, header=HEADER) -> UploadedWorkbook:
    return UploadedWorkbook(meta=meta, header=header, rows=rows)


def run(*rows: SheetRow, stored=None, **kwargs):
    return compare(upload(*rows, **kwargs), form=FORM, stored=stored or {}, submission_id=SUBMISSION)


def n(value: str) -> Parsed:
    return Parsed(number=Decimal(value))


# The layout -------------------------------------------------------------------------------------------------------


def test_the_columns_carry_the_vietnamese_labels_in_the_agreed_order():
    assert [HEADERS[c] for c in Col] == [
        "Chỉ tiêu",
        "Đơn vị tính",
        "Phân tổ",
        "Chỉ tiêu được giao",
        "Kỳ trước",
        "Cùng kỳ năm trước",
        "Giá trị",
        "Ghi chú",
        "Mã chỉ tiêu",
        "Mã phân tổ",
        "Phiên bản",
    ]
    assert Col.VALUE.letter == "G"
    assert Col.VERSION.letter == "K"
    assert SHEET_NAME == "Số liệu"
    assert HEADER_ROW < FIRST_DATA_ROW


def test_numbers_display_the_vietnamese_way():
    assert display_number(Decimal("1799")) == "1.799"
    assert display_number(Decimal("93.5000")) == "93,5"
    assert display_number(Decimal("450000000000")) == "450.000.000.000"
    assert display_number(Decimal("-1234.25")) == "-1.234,25"
    assert display_number(Decimal("0")) == "0"


def test_a_stored_value_becomes_a_plain_cell():
    assert cell_value(n("5.0000")) == 5
    assert isinstance(cell_value(n("5.0000")), int)
    assert cell_value(n("93.50")) == Decimal("93.5")
    assert cell_value(Parsed(flag=True)) == "Có"
    assert cell_value(Parsed(flag=False)) == "Không"
    assert cell_value(Parsed()) is None


def test_the_apostrophe_that_neutralised_a_formula_is_removed_on_reading():
    assert restore_text("'=SUM(A1:A3)") == "=SUM(A1:A3)"
    assert restore_text("'+84 912") == "+84 912"
    assert restore_text("'bình thường") == "'bình thường"
    assert restore_text("bình thường") == "bình thường"


# Changes ----------------------------------------------------------------------------------------------------------


def test_new_values_are_listed_by_sheet_row_and_column_with_what_to_save():
    result = run(row(5, "XAYRA", None, 0, 120), row(7, "LAMRO", None, 0, "1.799", "Tăng do chuyên án"))

    assert result.ok
    assert [(c.sheet, c.row, c.column, c.indicator_code, c.old, c.new) for c in result.changes] == [
        (SHEET_NAME, 5, "G", "XAYRA", "(trống)", "120"),
        (SHEET_NAME, 7, "G", "LAMRO", "(trống)", "1.799"),
        (SHEET_NAME, 7, "H", "LAMRO", "(trống)", "Tăng do chuyên án"),
    ]
    assert [(e.key, e.raw, e.comment, e.expected_version) for e in result.edits] == [
        (("XAYRA", None), Decimal(120), "", 0),
        (("LAMRO", None), Decimal(1799), "Tăng do chuyên án", 0),
    ]


def test_a_disaggregated_line_is_its_own_change():
    result = run(row(6, "XAYRA", "MUCDO:IT", 0, 80))

    assert [(c.option_code, c.label) for c in result.changes] == [("MUCDO:IT", "Số vụ xảy ra — Ít nghiêm trọng")]


def test_unchanged_lines_produce_nothing_so_the_same_file_twice_changes_nothing():
    stored = {("XAYRA", None): StoredValue(n("120.0000"), "", 3), ("LAMRO", None): StoredValue(n("90"), "Đủ", 1)}

    result = run(row(5, "XAYRA", None, 3, 120), row(7, "LAMRO", None, 1, 90.0, "Đủ"), stored=stored)

    assert result.ok
    assert result.changes == ()
    assert result.edits == ()


def test_only_a_comment_changed_keeps_the_value_and_saves_the_new_comment():
    stored = {("LAMRO", None): StoredValue(n("90"), "", 2)}

    result = run(row(7, "LAMRO", None, 2, 90, "Số liệu đã rà soát"), stored=stored)

    assert [(c.column, c.new) for c in result.changes] == [("H", "Số liệu đã rà soát")]
    assert result.edits[0].raw == Decimal(90)
    assert result.edits[0].expected_version == 2


def test_emptying_a_cell_clears_the_value():
    stored = {("LAMRO", None): StoredValue(n("90"), "", 2)}

    result = run(row(7, "LAMRO", None, 2, None), stored=stored)

    assert [(c.old, c.new) for c in result.changes] == [("90", "(trống)")]
    assert result.edits[0].raw is None


def test_headings_notes_and_empty_rows_are_ignored():
    heading = SheetRow(5, ("I. Phòng, chống tội phạm",) + (None,) * (len(Col) - 1))
    empty = SheetRow(6, (None,) * len(Col))

    assert run(heading, empty) == run()


def test_yes_no_and_text_lines_take_their_own_kind_of_value():
    result = run(row(9, "DOTXUAT", None, 0, "có"), row(10, "GHI", None, 0, "Mô hình «Camera an ninh»"))

    assert result.ok
    assert [e.raw for e in result.edits] == [True, "Mô hình «Camera an ninh»"]


def test_money_written_with_vietnamese_grouping_is_read_as_a_number():
    result = run(row(11, "TIEN", None, 0, "450.000.000.000"))

    assert result.edits[0].raw == Decimal("450000000000")


def test_vietnamese_text_is_compared_in_nfc():
    stored = {("GHI", None): StoredValue(Parsed(text="Mô hình"), "Đạt", 1)}
    nfd = "Mo\u0302 hi\u0300nh"

    assert run(row(10, "GHI", None, 1, nfd, "Đa\u0323t"), stored=stored).changes == ()


# Problems ---------------------------------------------------------------------------------------------------------


def test_a_malformed_number_is_refused_naming_the_cell():
    result = run(row(7, "LAMRO", None, 0, "12a"), row(5, "XAYRA", None, 0, 3))

    assert not result.ok
    [problem] = result.problems
    assert (problem.sheet, problem.row, problem.column) == (SHEET_NAME, 7, "G")
    assert "G7" in problem.message
    assert "«12a» không phải là số" in problem.message
    assert problem.location == "Trang «Số liệu», dòng 7, cột G (Giá trị)"


def test_a_count_with_a_decimal_comma_is_refused():
    [problem] = run(row(7, "LAMRO", None, 0, "1,5")).problems

    assert problem.column == "G"
    assert "số nguyên" in problem.message


def test_a_negative_count_is_refused():
    [problem] = run(row(7, "LAMRO", None, 0, -3)).problems

    assert "không được âm" in problem.message


def test_a_yes_no_line_refuses_other_words():
    [problem] = run(row(9, "DOTXUAT", None, 0, "chắc chắn")).problems

    assert "«có» hoặc «không»" in problem.message


def test_a_formula_in_a_cell_is_refused():
    result = run(row(7, "LAMRO", None, 0, Formula("=SUM(G5:G6)")), row(5, "XAYRA", None, 0, 1, Formula("=A1")))

    assert [(p.row, p.column) for p in result.problems] == [(7, "G"), (5, "H")]
    assert "công thức" in result.problems[0].message


def test_a_value_changed_on_the_system_since_the_download_makes_the_file_stale():
    stored = {("XAYRA", None): StoredValue(n("130"), "", 2)}

    [problem] = run(row(5, "XAYRA", None, 1, 125), stored=stored).problems

    assert (problem.row, problem.column) == (5, "G")
    assert "phiên bản trong tệp 1, hiện tại 2" in problem.message
    assert "tải lại biểu mẫu" in problem.message


def test_a_line_untouched_in_the_file_but_changed_on_the_system_is_stale_too():
    stored = {("XAYRA", None): StoredValue(n("130"), "", 1)}

    [problem] = run(row(5, "XAYRA", None, 0, None), stored=stored).problems

    assert "đã được sửa trên hệ thống" in problem.message


def test_a_stale_line_that_already_holds_what_the_file_says_is_no_change():
    stored = {("XAYRA", None): StoredValue(n("125"), "", 4)}

    assert run(row(5, "XAYRA", None, 1, 125), stored=stored) == run()


def test_a_rate_line_is_computed_so_a_value_typed_into_it_is_ignored():
    stored = {("TLKP", None): StoredValue(n("75.00"), "", 0)}

    assert run(row(8, "TLKP", None, 0, 90), stored=stored) == run()


def test_a_rate_cell_is_not_read_so_the_same_file_changes_nothing_after_its_numerator_changed():
    typed = row(8, "TLKP", None, 0, 90)
    as_downloaded = row(8, "TLKP", None, 0, 75)
    recomputed = {("TLKP", None): StoredValue(n("80.00"), "", 0)}  # the numerator changed since the download

    assert run(typed, stored=recomputed) == run()
    assert run(as_downloaded, stored=recomputed) == run()


def test_a_rate_line_left_as_computed_or_empty_is_ignored_and_its_comment_still_counts():
    stored = {("TLKP", None): StoredValue(n("75.00"), "", 0)}

    assert run(row(8, "TLKP", None, 0, 75), stored=stored) == run()
    assert run(row(8, "TLKP", None, 0, None), stored=stored) == run()
    result = run(row(8, "TLKP", None, 0, 75.0, "Vượt chỉ tiêu"), stored=stored)
    assert [(c.column, c.new) for c in result.changes] == [("H", "Vượt chỉ tiêu")]
    assert result.edits[0].computed
    assert result.edits[0].raw is None


def test_a_value_typed_on_a_row_without_codes_is_refused():
    stray = SheetRow(40, (None,) * (Col.VALUE - 1) + (17,) + (None,) * (len(Col) - Col.VALUE))

    [problem] = run(stray).problems

    assert (problem.row, problem.column) == (40, "G")
    assert "không gắn với chỉ tiêu nào" in problem.message


def test_an_unknown_code_or_a_broken_version_is_refused():
    unknown = row(5, "XAYRA", None, 0, 1)
    unknown = SheetRow(5, (*unknown.cells[: Col.INDICATOR_CODE - 1], "BIA", *unknown.cells[Col.INDICATOR_CODE :]))
    broken = SheetRow(7, (*row(7, "LAMRO", None, 0, 1).cells[:-1], "hai"))

    problems = run(unknown, broken).problems

    assert [(p.row, p.column) for p in problems] == [(5, "I"), (7, "K")]
    assert "«BIA»" in problems[0].message


def test_a_line_given_twice_is_refused():
    [problem] = run(row(5, "XAYRA", None, 0, 1), row(30, "XAYRA", None, 0, 2)).problems

    assert problem.row == 30
    assert "dòng 5 và dòng 30" in problem.message


def test_a_file_of_another_report_is_refused_as_a_whole():
    [problem] = run(row(5, "XAYRA", None, 0, 1), meta={**META, META_SUBMISSION: "99", META_PERIOD: "2026S1"}).problems

    assert (problem.row, problem.column) == (None, None)
    assert "báo cáo khác" in problem.message
    assert "2026S1" in problem.message


def test_a_file_not_made_by_the_system_is_refused():
    [problem] = run(row(5, "XAYRA", None, 0, 1), meta=None).problems

    assert "không phải biểu mẫu tải từ hệ thống" in problem.message


def test_a_moved_column_is_refused_at_the_header():
    header = list(HEADER)
    header[Col.VALUE - 1], header[Col.COMMENT - 1] = header[Col.COMMENT - 1], header[Col.VALUE - 1]

    problems = run(row(5, "XAYRA", None, 0, 1), header=tuple(header)).problems

    assert [(p.row, p.column) for p in problems] == [(HEADER_ROW, "G"), (HEADER_ROW, "H")]
    assert "phải là «Giá trị»" in problems[0].message


def test_a_missing_data_sheet_is_refused():
    [problem] = run(header=None).problems

    assert "không có trang «Số liệu»" in problem.message


# Properties -------------------------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**12).map(lambda i: Parsed(number=Decimal(i)))
decimals = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False).map(lambda d: Parsed(number=d))
flags = st.booleans().map(lambda b: Parsed(flag=b))
texts = st.text(min_size=1, max_size=40).map(str.strip).filter(bool).map(lambda t: Parsed(text=t))
comments = st.text(max_size=40).map(lambda t: t.strip())


@given(
    xayra=st.one_of(st.just(Parsed()), counts),
    tien=st.one_of(st.just(Parsed()), decimals),
    dotxuat=st.one_of(st.just(Parsed()), flags),
    comment=comments,
    version=st.integers(min_value=1, max_value=1000),
)
def test_a_form_written_from_the_stored_values_reads_back_as_no_change(xayra, tien, dotxuat, comment, version):
    import unicodedata

    comment = unicodedata.normalize("NFC", comment)
    stored = {
        ("XAYRA", None): StoredValue(xayra, comment, version),
        ("TIEN", None): StoredValue(tien, "", version),
        ("DOTXUAT", None): StoredValue(dotxuat, "", version),
    }
    rows = [
        row(5 + i, code, None, value.version, cell_value(value.value), value.comment or None)
        for i, ((code, _), value) in enumerate(stored.items())
    ]

    assert run(*rows, stored=stored) == run()


@given(text=st.text(max_size=30))
def test_restoring_a_neutralised_text_gives_the_text_back(text):
    neutralised = "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text

    if not (text.startswith("'") and text[1:].startswith(("=", "+", "-", "@", "\t", "\r"))):
        assert restore_text(neutralised) == text
