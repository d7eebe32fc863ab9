import json
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.reports.domain.figures import Change, Qualifier, find_figures, normalise

MORE = Qualifier.MORE_THAN
ABOUT = Qualifier.ABOUT
ALMOST = Qualifier.ALMOST
AT_LEAST = Qualifier.AT_LEAST
AT_MOST = Qualifier.AT_MOST
LESS = Qualifier.LESS_THAN
BETWEEN = Qualifier.BETWEEN
UP = Change.INCREASE
DOWN = Change.DECREASE

SO_KET = """CÔNG AN TỈNH NGHỆ AN
Số: 05/BC-CAT                                   Nghệ An, ngày 05/01/2026

BÁO CÁO
Sơ kết 6 tháng đầu năm 2025 phong trào thi đua "Vì an ninh Tổ quốc"

I. KẾT QUẢ THỰC HIỆN
1. Công tác phòng, chống tội phạm
Thực hiện Kế hoạch 123/KH-CAT ngày 15/01/2025 và Quyết định số 1234/QĐ-BCA, trong 6 tháng đầu năm 2025 \
tội phạm về trật tự xã hội xảy ra 235 vụ, giảm 12 vụ (-4,9%) so với cùng kỳ; điều tra làm rõ 201 vụ, \
đạt 85,6% (chỉ tiêu 80% trở lên). Bắt giữ 1.799 đối tượng, khởi tố 1.024 bị can.
Tội phạm sử dụng công nghệ cao: phát hiện 56 vụ, các đối tượng chiếm đoạt hơn 450 tỷ đồng của gần 3.000 người.
2. Trật tự, an toàn giao thông
Tai nạn giao thông xảy ra 120 vụ, làm chết 45 người, bị thương 80 người; so với cùng kỳ giảm 15 vụ (-7,2%), \
tăng 3 người chết (+7,1%).
3. Đề án 06
Kích hoạt 1,2 triệu tài khoản định danh điện tử mức độ 2, tiếp nhận gần 300 hồ sơ dịch vụ công trực tuyến; \
khoảng 95,5% công dân đủ điều kiện đã được cấp căn cước.
"""


def rows(text):
    return [(f.words, f.value, f.unit, f.qualifier, f.change) for f in find_figures(text)]


def test_a_half_year_report_gives_every_figure_with_its_unit_qualifier_and_change():
    assert rows(SO_KET) == [
        ("235 vụ", 235, "vụ", None, None),
        ("giảm 12 vụ", 12, "vụ", None, DOWN),
        ("-4,9%", Decimal("4.9"), "%", None, DOWN),
        ("201 vụ", 201, "vụ", None, None),
        ("85,6%", Decimal("85.6"), "%", None, None),
        ("80% trở lên", 80, "%", AT_LEAST, None),
        ("1.799 đối tượng", 1799, "đối tượng", None, None),
        ("1.024 bị can", 1024, "bị can", None, None),
        ("56 vụ", 56, "vụ", None, None),
        ("hơn 450 tỷ đồng", 450_000_000_000, "đồng", MORE, None),
        ("gần 3.000 người", 3000, "người", ALMOST, None),
        ("120 vụ", 120, "vụ", None, None),
        ("45 người", 45, "người", None, None),
        ("80 người", 80, "người", None, None),
        ("giảm 15 vụ", 15, "vụ", None, DOWN),
        ("-7,2%", Decimal("7.2"), "%", None, DOWN),
        ("tăng 3 người", 3, "người", None, UP),
        ("+7,1%", Decimal("7.1"), "%", None, UP),
        ("1,2 triệu tài khoản", 1_200_000, "tài khoản", None, None),
        ("gần 300 hồ sơ", 300, "hồ sơ", ALMOST, None),
        ("khoảng 95,5%", Decimal("95.5"), "%", ABOUT, None),
    ]


def test_each_figure_carries_the_clause_it_sits_in():
    by_words = {f.words: f for f in find_figures(SO_KET)}
    assert by_words["1.799 đối tượng"].text == "Bắt giữ 1.799 đối tượng"
    assert by_words["giảm 12 vụ"].text == "giảm 12 vụ (-4,9%) so với cùng kỳ"
    assert by_words["hơn 450 tỷ đồng"].text == "các đối tượng chiếm đoạt hơn 450 tỷ đồng của gần 3.000 người"
    assert by_words["45 người"].text == "làm chết 45 người"


def test_spans_slice_the_figure_and_its_clause_out_of_the_text():
    for figure in find_figures(SO_KET):
        assert SO_KET[figure.span[0] : figure.span[1]] == figure.words
        assert SO_KET[figure.phrase_span[0] : figure.phrase_span[1]] == figure.text
        assert figure.phrase_span[0] <= figure.span[0] < figure.span[1] <= figure.phrase_span[1]


TONG_KET = """Năm 2024, Công an tỉnh Hà Tĩnh chỉ đạo mở 3 đợt cao điểm tấn công trấn áp tội phạm; \
triệt phá 42 ổ nhóm, 7 đường dây mua bán trái phép chất ma túy, thu giữ 12,5 kg ma túy tổng hợp, \
2.500 viên ma túy và 25 khẩu súng. Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng \
đạt 97,3%, vượt chỉ tiêu được giao. Tiếp nhận, giải quyết 1.456 tin báo, tố giác tội phạm, đạt 100%.
Toàn tỉnh có 166 xã, phường hoàn thành cài đặt; 02 đồng chí được tặng Bằng khen; không có cán bộ, chiến sĩ \
vi phạm kỷ luật. Số tiền thu hồi cho Nhà nước ước tính 1.234,5 triệu đồng."""


def test_a_year_end_report_reads_classifiers_weights_and_leading_zeros():
    assert rows(TONG_KET) == [
        ("3 đợt", 3, "đợt", None, None),
        ("42 ổ nhóm", 42, "ổ nhóm", None, None),
        ("7 đường dây", 7, "đường dây", None, None),
        ("12,5 kg", Decimal("12.5"), "kg", None, None),
        ("2.500 viên", 2500, "viên", None, None),
        ("25 khẩu", 25, "khẩu", None, None),
        ("97,3%", Decimal("97.3"), "%", None, None),
        ("1.456 tin báo, tố giác", 1456, "tin báo, tố giác", None, None),
        ("100%", 100, "%", None, None),
        ("166 xã, phường", 166, "xã, phường", None, None),
        ("02 đồng chí", 2, "đồng chí", None, None),
        ("ước tính 1.234,5 triệu đồng", 1_234_500_000, "đồng", ABOUT, None),
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("bắt giữ 1.799 đối tượng", Decimal(1799), "đối tượng"),
        ("thiệt hại 12.345.678 đồng", Decimal(12_345_678), "đồng"),
        ("đạt 85,6%", Decimal("85.6"), "%"),
        ("chiếm 0,5%", Decimal("0.5"), "%"),
        ("thu giữ 1.799,25 kg", Decimal("1799.25"), "kg"),
        ("phát hiện 1 vụ", Decimal(1), "vụ"),
        ("xảy ra 0 vụ việc", Decimal(0), "vụ việc"),
        ("khởi tố 2.024 vụ án", Decimal(2024), "vụ án"),
        ("gồm 2024 vụ án", Decimal(2024), "vụ án"),
    ],
)
def test_dots_group_thousands_and_the_comma_is_the_decimal_mark(text, value, unit):
    (figure,) = find_figures(text)
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("chiếm đoạt 450 tỷ đồng", Decimal(450_000_000_000), "đồng"),
        ("chiếm đoạt 450 tỉ đồng", Decimal(450_000_000_000), "đồng"),
        ("kích hoạt 1,2 triệu tài khoản", Decimal(1_200_000), "tài khoản"),
        ("kích hoạt 1.5 triệu tài khoản", Decimal(1_500_000), "tài khoản"),
        ("hỗ trợ 500 nghìn đồng", Decimal(500_000), "đồng"),
        ("hỗ trợ 500 ngàn đồng", Decimal(500_000), "đồng"),
        ("thiệt hại 1,5 nghìn tỷ đồng", Decimal(1_500_000_000_000), "đồng"),
        ("tiếp cận 3,25 triệu lượt người", Decimal(3_250_000), "lượt người"),
        ("thu ngân sách 12 tỷ", Decimal(12_000_000_000), None),
    ],
)
def test_scale_words_multiply_the_number(text, value, unit):
    figure = find_figures(text)[0]
    assert (figure.value, figure.unit) == (value, unit)


def test_the_rate_word_ty_le_is_not_the_billion():
    assert rows("chiếm đoạt 5 tỷ đồng, tỷ lệ thu hồi 60%") == [
        ("5 tỷ đồng", 5_000_000_000, "đồng", None, None),
        ("60%", 60, "%", None, None),
    ]
    assert rows("thu hồi 60 tỷ lệ") == []
    assert rows("đạt 85,5 phần trăm") == [("85,5 phần trăm", Decimal("85.5"), "%", None, None)]


@pytest.mark.parametrize(
    ("text", "words", "qualifier"),
    [
        ("chiếm đoạt hơn 450 tỷ đồng", "hơn 450 tỷ đồng", MORE),
        ("trên 90% hộ gia đình", "trên 90%", MORE),
        ("nhiều hơn 20 vụ", "nhiều hơn 20 vụ", MORE),
        ("gần 300 hồ sơ", "gần 300 hồ sơ", ALMOST),
        ("khoảng 1.500 người", "khoảng 1.500 người", ABOUT),
        ("xấp xỉ 12 tỷ đồng", "xấp xỉ 12 tỷ đồng", ABOUT),
        ("tỷ lệ đạt 80% trở lên", "80% trở lên", AT_LEAST),
        ("từ 80% trở lên", "từ 80% trở lên", AT_LEAST),
        ("tối thiểu 80%", "tối thiểu 80%", AT_LEAST),
        ("ít nhất 3 mô hình", "ít nhất 3 mô hình", AT_LEAST),
        ("không dưới 95%", "không dưới 95%", AT_LEAST),
        ("dưới 5%", "dưới 5%", LESS),
        ("chưa đến 10 vụ", "chưa đến 10 vụ", LESS),
        ("không quá 2%", "không quá 2%", AT_MOST),
        ("tối đa 3 ngày công", "tối đa 3 ngày", None),
        ("5 vụ trở xuống", "5 vụ trở xuống", AT_MOST),
        ("bắt giữ 15 đối tượng", "15 đối tượng", None),
    ],
)
def test_qualifiers_hedge_the_figure(text, words, qualifier):
    found = find_figures(text)
    if words == "tối đa 3 ngày":  # a duration is not a figure, hedged or not
        assert found == []
        return
    (figure,) = found
    assert (figure.words, figure.qualifier) == (words, qualifier)


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("mỗi tháng xảy ra từ 15 đến 20 vụ", 15, 20, "vụ"),
        ("xảy ra từ 15 tới 20 vụ", 15, 20, "vụ"),
        ("xảy ra 15-20 vụ", 15, 20, "vụ"),
        ("xảy ra 15 – 20 vụ", 15, 20, "vụ"),
        ("từ 15 vụ đến 20 vụ", 15, 20, "vụ"),
        ("giảm từ 5 đến 7%", 5, 7, "%"),
        ("từ 1,2 đến 1,5 triệu tài khoản", 1_200_000, 1_500_000, "tài khoản"),
        ("từ 500 nghìn đến 1 triệu đồng", 500_000, 1_000_000, "đồng"),
    ],
)
def test_a_range_is_one_figure_with_a_low_and_a_high_value(text, low, high, unit):
    (figure,) = find_figures(text)
    assert (figure.low, figure.high, figure.value, figure.unit) == (low, high, low, unit)
    assert figure.qualifier is BETWEEN
    assert figure.is_range


def test_a_range_keeps_its_change_direction():
    (figure,) = find_figures("số vụ giảm từ 5 đến 7%")
    assert (figure.words, figure.change, figure.low, figure.high) == ("giảm từ 5 đến 7%", DOWN, 5, 7)


def test_a_falling_pair_is_not_a_range():
    assert [f.is_range for f in find_figures("giảm từ 120 vụ xuống 105 vụ")] == [False, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("giảm 12 vụ (-5,3%) so với cùng kỳ", [("giảm 12 vụ", 12, DOWN), ("-5,3%", Decimal("5.3"), DOWN)]),
        ("tăng 15 vụ (+6,8%) so với cùng kỳ", [("tăng 15 vụ", 15, UP), ("+6,8%", Decimal("6.8"), UP)]),
        ("so với cùng kỳ năm 2024 tăng 3,2%", [("tăng 3,2%", Decimal("3.2"), UP)]),
        ("kéo giảm 8 vụ so với cùng kỳ", [("kéo giảm 8 vụ", 8, DOWN)]),
        ("giảm hơn 20 vụ", [("giảm hơn 20 vụ", 20, DOWN)]),
        ("tăng thêm 4 mô hình", [("tăng thêm 4 mô hình", 4, UP)]),
        ("giảm −2,5%", [("giảm −2,5%", Decimal("2.5"), DOWN)]),
    ],
)
def test_a_change_keeps_its_magnitude_and_says_its_direction(text, expected):
    assert [(f.words, f.value, f.change) for f in find_figures(text)] == expected


def test_a_change_remembers_when_it_is_against_the_same_period():
    same, other = find_figures("giảm 12 vụ so với cùng kỳ. Tăng 3 vụ so với quý trước.")
    assert (same.change, same.same_period) == (DOWN, True)
    assert (other.change, other.same_period) == (UP, False)


@pytest.mark.parametrize("text", ["tăng lên 15 vụ", "giảm xuống 15 vụ", "giảm xuống còn 15 vụ", "giảm còn 15 vụ"])
def test_rising_or_falling_to_a_level_states_the_level_not_a_change(text):
    (figure,) = find_figures(text)
    assert (figure.value, figure.change) == (15, None)


HEADER = """BỘ CÔNG AN
CÔNG AN TỈNH THANH HÓA          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 05/BC-CAT                   Thanh Hóa, ngày 05/01/2026
Căn cứ Nghị định 09/2019/NĐ-CP, Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;
Căn cứ Quyết định số 1234/QĐ-BCA, Kế hoạch 123/KH-CAT, Chỉ thị 12/CT-TTg, Nghị quyết 35-NQ/TW;
Căn cứ Điều 6, khoản 2 Điều 8 Thông tư 58/2020/TT-BCA, điểm a khoản 1 Điều 3 Luật Thi đua, khen thưởng năm 2022;
Cụm thi đua số 6 báo cáo kết quả 6 tháng đầu năm 2025, tháng 6/2025, Quý I/2025, quý 2/2025, năm 2024 và 2023.
Sáng 05-01-2026 (05.01.2026), lúc 8h30 hoặc 14 giờ, tại Phòng PC02, trong đợt 2 của Đề án 06 giai đoạn 2021-2025.
I. TÌNH HÌNH
1. Công tác phòng, chống tội phạm
1.2. Kết quả cụ thể
2) Đánh giá
Đơn vị đứng thứ 2/5, xếp hạng 1, lần thứ 3 liên tiếp; phòng, chống COVID-19; điện thoại 0912.345.678.
"""


def test_dates_years_references_and_section_numbers_are_not_figures():
    assert find_figures(HEADER) == []


@pytest.mark.parametrize(
    "text",
    [
        "trong 6 tháng đầu năm",
        "06 tháng cuối năm 2025",
        "thời hạn 30 ngày",
        "trực 24 giờ",
        "100 ngày đêm",
        "đối tượng dưới 18 tuổi",
        "trong 3 năm liên tiếp",
        "ngày 15 tháng 6 năm 2025",
        "Cụm thi đua số 6 gồm",
        "Đề án 06 của Chính phủ",
        "nhóm số 3 có",
        "Tổ 3, phường 5",
        "Quốc lộ 1A",
    ],
)
def test_periods_durations_ages_and_names_are_not_figures(text):
    assert find_figures(text) == []


def test_a_naming_word_gives_way_when_a_unit_of_count_follows():
    assert rows("tổng số 235 vụ; mỗi ngày 12 vụ; năm 2024 có 1.200 vụ") == [
        ("235 vụ", 235, "vụ", None, None),
        ("12 vụ", 12, "vụ", None, None),
        ("1.200 vụ", 1200, "vụ", None, None),
    ]


def test_a_bare_number_counts_only_when_introduced_as_a_value():
    assert rows("Số vụ xảy ra: 235") == [("235", 235, None, None, None)]
    assert rows("Tổng số: 235") == [("235", 235, None, None, None)]
    assert rows("Số vụ xảy ra | 247 | 235 | -12") == [
        ("247", 247, None, None, None),
        ("235", 235, None, None, None),
        ("-12", 12, None, None, DOWN),
    ]
    assert rows("Khu vực 3 Bắc") == []


def test_nfd_text_gives_the_same_figures_with_spans_into_the_text_as_given():
    decomposed = unicodedata.normalize("NFD", SO_KET)
    assert decomposed != SO_KET
    composed, found = find_figures(SO_KET), find_figures(decomposed)
    assert [(f.value, f.unit, f.qualifier, f.change, f.text) for f in found] == [
        (f.value, f.unit, f.qualifier, f.change, f.text) for f in composed
    ]
    for figure in found:
        assert decomposed[figure.span[0] : figure.span[1]] == figure.words
        assert unicodedata.normalize("NFC", figure.words) in figure.text
        assert unicodedata.is_normalized("NFC", figure.text)
    money = next(f for f in found if f.unit == "đồng")
    assert not unicodedata.is_normalized("NFC", money.words)
    assert money.span != next(f for f in composed if f.unit == "đồng").span


def test_a_text_mixing_nfc_and_nfd_maps_each_span_back():
    text = "Bắt giữ 1.799 đối tượng; " + unicodedata.normalize("NFD", "chiếm đoạt hơn 450 tỷ đồng") + "; gần 300 hồ sơ"
    found = find_figures(text)
    assert [f.value for f in found] == [1799, 450_000_000_000, 300]
    assert [text[f.span[0] : f.span[1]] for f in found] == [f.words for f in found]
    assert unicodedata.normalize("NFC", found[1].words) == "hơn 450 tỷ đồng"
    assert found[2].words == "gần 300 hồ sơ"


def test_normalise_maps_every_nfc_span_to_whole_characters_of_the_given_text():
    given = "Tie\u0302\u0301p nha\u0323\u0302n 12 ho\u0302\u0300 so\u031b"
    norm = normalise(given)
    assert norm.text == "Tiếp nhận 12 hồ sơ"
    start = norm.text.index("hồ")
    assert norm.original_span(start, start + 2) == (given.index("ho"), given.index("ho") + 4)
    assert norm.original_span(0, len(norm.text)) == (0, len(given))


def test_normalise_keeps_characters_that_compose_across_a_cut_together():
    given = "\u1100\u1161 12 vụ"  # Hangul jamo compose into one syllable
    norm = normalise(given)
    assert norm.text == "\uac00 12 vụ"
    assert norm.original_span(0, 1) == (0, 2)
    assert norm.original_span(2, 4) == (3, 5)


def test_to_dict_is_json_ready():
    figure = find_figures("từ 1,2 đến 1,5 triệu tài khoản, giảm 5,3% so với cùng kỳ")
    data = [f.to_dict() for f in figure]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data[0]["value"] == 1_200_000 and isinstance(data[0]["value"], int)
    assert (data[0]["low"], data[0]["high"], data[0]["qualifier"]) == (1_200_000, 1_500_000, "between")
    assert (data[1]["value"], data[1]["unit"], data[1]["change"], data[1]["same_period"]) == (
        5.3,
        "%",
        "decrease",
        True,
    )
    assert data[1]["indicator"] is None


@given(st.integers(min_value=1000, max_value=10**12), st.sampled_from(["vụ", "đối tượng", "tài khoản", "đồng"]))
def test_any_grouped_count_reads_back_as_the_same_integer(n, unit):
    text = f"Kết quả: xử lý {n:,} {unit} trong kỳ.".replace(",", ".")
    (figure,) = find_figures(text)
    assert (figure.value, figure.unit) == (n, unit)


_CLAUSES = [
    "bắt giữ {n} đối tượng",
    "chiếm đoạt hơn {n} tỷ đồng",
    "giảm {n} vụ (-{d}%) so với cùng kỳ",
    "đạt {d}%",
    "tiếp nhận gần {n} hồ sơ",
    "kích hoạt {d} triệu tài khoản",
    "ngày 05/01/2026",
    "Điều 6",
    "năm 2025",
]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_CLAUSES),
            st.integers(min_value=1, max_value=999_999),
            st.integers(min_value=1, max_value=999),
            st.integers(min_value=0, max_value=9),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_nfc_and_nfd_forms_of_any_report_give_the_same_figures(parts):
    text = "; ".join(c.format(n=f"{n:,}".replace(",", "."), d=f"{d},{frac}") for c, n, d, frac in parts) + "."
    decomposed = unicodedata.normalize("NFD", text)
    composed, found = find_figures(text), find_figures(decomposed)
    assert [(f.value, f.unit, f.qualifier, f.change) for f in found] == [
        (f.value, f.unit, f.qualifier, f.change) for f in composed
    ]
    assert [unicodedata.normalize("NFC", f.words) for f in found] == [f.words for f in composed]
    assert all(decomposed[f.span[0] : f.span[1]] == f.words for f in found)
