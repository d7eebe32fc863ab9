import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.reports.domain.matching import THRESHOLD, fold, match_indicator, rank_indicators

# The "Vì an ninh Tổ quốc" indicators as a cluster defines them: (code, name, synonyms).
INDICATORS = [
    ("TTXH-XAYRA", "Số vụ phạm tội về trật tự xã hội xảy ra", ["tội phạm về trật tự xã hội xảy ra", "số vụ xảy ra"]),
    ("TTXH-LAMRO", "Số vụ phạm tội về trật tự xã hội điều tra làm rõ", ["điều tra làm rõ", "số vụ làm rõ"]),
    ("TTXH-TLKP", "Tỷ lệ điều tra khám phá tội phạm về trật tự xã hội", ["tỷ lệ điều tra khám phá"]),
    ("RNT-TLKP", "Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng", []),
    ("DOITUONG-BATGIU", "Số đối tượng bắt giữ", ["bắt giữ", "đối tượng"]),
    ("BICAN", "Số bị can khởi tố", ["khởi tố bị can"]),
    ("MATUY-VU", "Số vụ phạm tội về ma túy phát hiện, bắt giữ", ["ma túy"]),
    ("CNC-VU", "Số vụ phạm tội sử dụng công nghệ cao phát hiện, xử lý", ["công nghệ cao", "lừa đảo qua mạng"]),
    ("CNC-TIEN", "Số tiền bị chiếm đoạt qua không gian mạng", ["chiếm đoạt", "tỷ đồng"]),
    ("TNGT-VU", "Số vụ tai nạn giao thông", ["tai nạn giao thông"]),
    ("TNGT-CHET", "Số người chết do tai nạn giao thông", ["người chết"]),
    ("TNGT-BITHUONG", "Số người bị thương do tai nạn giao thông", ["người bị thương"]),
    ("DXBN", "Số vụ việc đột xuất, bất ngờ phức tạp về an ninh, trật tự", ["đột xuất, bất ngờ"]),
    ("VNEID-MUC2", "Số tài khoản định danh điện tử mức độ 2 được kích hoạt", ["VNeID", "định danh điện tử"]),
    ("DVC-HOSO", "Số hồ sơ dịch vụ công trực tuyến được tiếp nhận", ["dịch vụ công trực tuyến"]),
    ("KYLUAT-CBCS", "Số cán bộ, chiến sĩ bị kỷ luật", ["kỷ luật"]),
]


def proposed(phrase, unit=None, context=""):
    match = match_indicator(phrase, INDICATORS, unit=unit, context=context)
    return match.code if match else None


def test_fold_drops_accents_and_case_so_words_compare_as_typed_without_them():
    assert fold("Đối tượng BẮT GIỮ") == "doi tuong bat giu"
    assert fold("tỷ lệ 85,6%") == "ty le %"
    assert fold("Tie\u0302\u0301p nha\u0323\u0302n") == fold("Tiếp nhận") == "tiep nhan"


@pytest.mark.parametrize(
    ("phrase", "unit", "code"),
    [
        ("tội phạm về trật tự xã hội xảy ra 235 vụ", "vụ", "TTXH-XAYRA"),
        ("điều tra làm rõ 201 vụ", "vụ", "TTXH-LAMRO"),
        ("Tỷ lệ điều tra khám phá đạt 86,2%", "%", "TTXH-TLKP"),
        ("Bắt giữ 1.799 đối tượng", "đối tượng", "DOITUONG-BATGIU"),
        ("khởi tố 1.024 bị can", "bị can", "BICAN"),
        ("Tội phạm sử dụng công nghệ cao: phát hiện 56 vụ", "vụ", "CNC-VU"),
        ("các đối tượng chiếm đoạt hơn 450 tỷ đồng", "đồng", "CNC-TIEN"),
        ("Tai nạn giao thông xảy ra 120 vụ", "vụ", "TNGT-VU"),
        ("bị thương 80 người", "người", "TNGT-BITHUONG"),
        ("kích hoạt 1,2 triệu tài khoản định danh điện tử mức độ 2", "tài khoản", "VNEID-MUC2"),
        ("tiếp nhận gần 300 hồ sơ dịch vụ công trực tuyến", "hồ sơ", "DVC-HOSO"),
        ("xảy ra 0 vụ việc đột xuất, bất ngờ", "vụ việc", "DXBN"),
        ("02 cán bộ, chiến sĩ bị kỷ luật", "cán bộ, chiến sĩ", "KYLUAT-CBCS"),
    ],
)
def test_the_phrase_around_a_figure_proposes_its_indicator(phrase, unit, code):
    assert proposed(phrase, unit) == code


def test_accents_and_case_are_ignored():
    assert proposed("BAT GIU 1.799 DOI TUONG", "doi tuong") == "DOITUONG-BATGIU"
    assert proposed("tai nan giao thong xay ra 120 vu", "vu") == "TNGT-VU"


def test_the_unit_of_count_tells_apart_indicators_sharing_their_words():
    assert proposed("phát hiện, bắt giữ 98 vụ phạm tội về ma túy", "vụ") == "MATUY-VU"
    assert proposed("phát hiện, bắt giữ 150 đối tượng phạm tội về ma túy", "đối tượng") == "DOITUONG-BATGIU"


def test_a_percentage_goes_to_a_rate_and_the_more_specific_rate_wins():
    assert proposed("án rất nghiêm trọng, đặc biệt nghiêm trọng điều tra khám phá đạt 97,5%", "%") == "RNT-TLKP"
    assert proposed("điều tra khám phá đạt 85%", "%") == "TTXH-TLKP"


def test_a_clause_that_is_only_the_figure_borrows_the_words_of_its_sentence():
    assert proposed("đạt 85,6%", "%") is None
    assert proposed("đạt 85,6%", "%", context="điều tra làm rõ 201 vụ") == "TTXH-TLKP"
    assert proposed("làm chết 45 người", "người", context="Tai nạn giao thông xảy ra 120 vụ") == "TNGT-CHET"


@pytest.mark.parametrize(
    ("phrase", "unit"),
    [
        ("Đã tổ chức 12 hội nghị", "hội nghị"),
        ("45 buổi tuyên truyền với hơn 3.000 lượt người tham dự", "lượt người"),
        ("so với cùng kỳ giảm 15 vụ", "vụ"),
        ("Tổng số: 235 vụ", "vụ"),
        ("", None),
    ],
)
def test_nothing_is_proposed_when_the_phrase_says_too_little(phrase, unit):
    assert proposed(phrase, unit) is None


def test_no_indicators_no_proposal():
    assert match_indicator("bắt giữ 15 đối tượng", [], unit="đối tượng") is None


def test_the_unit_is_read_from_the_name_or_taken_as_given():
    bare = [("A", "Số vụ cháy", []), ("B", "Số người cứu", [])]
    assert proposed_in(bare, "cứu 3 người", "người") == "B"
    given_units = [("A", "Kết quả cứu nạn", [], "vụ"), ("B", "Kết quả cứu hộ", [], "người")]
    assert proposed_in(given_units, "cứu nạn, cứu hộ 12 người", "người") == "B"
    assert proposed_in(given_units, "cứu nạn, cứu hộ 12 vụ", "vụ") == "A"


def test_synonyms_may_come_as_text_one_a_line():
    indicators = [("VNEID", "Số tài khoản định danh điện tử mức độ 2 được kích hoạt", "VNeID\nđịnh danh điện tử")]
    match = match_indicator("kích hoạt 5.000 tài khoản VNeID", indicators, unit="tài khoản")
    assert match is not None and match.code == "VNEID"


def proposed_in(indicators, phrase, unit):
    match = match_indicator(phrase, indicators, unit=unit)
    return match.code if match else None


def test_ranking_lists_every_indicator_best_first():
    ranked = rank_indicators("Bắt giữ 1.799 đối tượng", INDICATORS, unit="đối tượng")
    assert len(ranked) == len(INDICATORS)
    assert ranked[0].code == "DOITUONG-BATGIU" and ranked[0].score >= THRESHOLD
    assert [m.score for m in ranked] == sorted((m.score for m in ranked), reverse=True)


@given(st.text(max_size=80), st.sampled_from([None, "vụ", "%", "đồng", "người", "khẩu"]))
def test_scores_stay_between_zero_and_one(phrase, unit):
    for match in rank_indicators(phrase, INDICATORS, unit=unit, context=phrase[::-1]):
        assert 0 <= match.score <= 1
