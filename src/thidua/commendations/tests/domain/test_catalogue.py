"""The catalogue of titles and forms (DOMAIN.md section 5), and reward money from the coefficient table."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.commendations.domain.catalogue import (
    ADVANCED_SOLDIER,
    ADVANCED_UNIT,
    BASE_EMULATION_SOLDIER,
    DEFAULT_BASE_SALARIES,
    DEFAULT_CATALOGUE,
    DEFAULT_REWARD_COEFFICIENTS,
    DEFAULT_REWARD_ROUNDING,
    DETERMINED_TO_WIN_UNIT,
    GOVERNMENT_EMULATION_FLAG,
    MINISTRY_EMULATION_FLAG,
    MINISTRY_EMULATION_SOLDIER,
    NATIONAL_EMULATION_SOLDIER,
    BaseSalary,
    Catalogue,
    Level,
    Naming,
    Recipient,
    RewardCoefficient,
    RewardRounding,
    Title,
    reward_amount,
    reward_breakdown,
)
from thidua.core.domain.errors import DomainError

CATALOGUE = DEFAULT_CATALOGUE
COEFFICIENTS = DEFAULT_REWARD_COEFFICIENTS
SALARIES = DEFAULT_BASE_SALARIES


def refusal(call: object) -> DomainError:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# --- Titles and forms -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "individual", "collective"),
    [
        (Level.NATIONAL, ["Chiến sĩ thi đua toàn quốc"], ["Cờ thi đua của Chính phủ"]),
        (Level.MINISTRY, ["Chiến sĩ thi đua cấp Bộ"], ["Cờ thi đua của Bộ Công an"]),
        (Level.BASE, ["Chiến sĩ thi đua cơ sở", "Chiến sĩ tiên tiến"], ["Đơn vị quyết thắng", "Đơn vị tiên tiến"]),
    ],
)
def test_each_level_has_the_individual_and_collective_titles_of_the_table(
    level: Level, individual: list[str], collective: list[str]
) -> None:
    assert [t.name for t in CATALOGUE.titles_for(level=level, recipient=Recipient.INDIVIDUAL)] == individual
    assert [t.name for t in CATALOGUE.titles_for(level=level, recipient=Recipient.COLLECTIVE)] == collective


@pytest.mark.parametrize(
    ("code", "public_security", "civil"),
    [
        (ADVANCED_SOLDIER, "Chiến sĩ tiên tiến", "Lao động tiên tiến"),
        (DETERMINED_TO_WIN_UNIT, "Đơn vị quyết thắng", "Tập thể lao động xuất sắc"),
        (ADVANCED_UNIT, "Đơn vị tiên tiến", "Tập thể lao động tiên tiến"),
        (NATIONAL_EMULATION_SOLDIER, "Chiến sĩ thi đua toàn quốc", "Chiến sĩ thi đua toàn quốc"),
    ],
)
def test_a_title_shows_its_public_security_name_or_its_civil_name(code: str, public_security: str, civil: str) -> None:
    title = CATALOGUE.title(code)
    assert title.display_name() == public_security
    assert title.display_name(Naming.CIVIL) == civil


def test_the_ministry_title_keeps_its_historical_cand_name() -> None:
    title = CATALOGUE.title(MINISTRY_EMULATION_SOLDIER)
    assert "Chiến sĩ thi đua toàn lực lượng Công an nhân dân" in title.former_names


@pytest.mark.parametrize(
    ("code", "article"),
    [
        (NATIONAL_EMULATION_SOLDIER, "Điều 21"),
        (MINISTRY_EMULATION_SOLDIER, "Điều 22"),
        (BASE_EMULATION_SOLDIER, "Điều 23"),
        (ADVANCED_SOLDIER, "Điều 24"),
        (GOVERNMENT_EMULATION_FLAG, "Điều 25"),
        (MINISTRY_EMULATION_FLAG, "Điều 26"),
        (DETERMINED_TO_WIN_UNIT, "Điều 27"),
    ],
)
def test_each_title_cites_the_article_of_the_2022_law_that_sets_its_criteria(code: str, article: str) -> None:
    title = CATALOGUE.title(code)
    assert title.article == article
    assert title.legal_basis == "Luật Thi đua, khen thưởng 06/2022/QH15"


def test_an_article_domain_md_does_not_give_is_marked_to_verify() -> None:
    assert CATALOGUE.title(ADVANCED_UNIT).verify
    assert not CATALOGUE.title(ADVANCED_SOLDIER).verify


def test_the_forms_of_commendation_include_the_medal_for_national_security_of_article_56() -> None:
    assert [f.name for f in CATALOGUE.forms] == [
        "Huân chương",
        "Huy chương",
        "Huy chương Vì an ninh Tổ quốc",
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen của Bộ trưởng Bộ Công an",
        "Giấy khen",
    ]
    assert CATALOGUE.form("medal_for_national_security").article == "Điều 56"
    assert CATALOGUE.form("certificate_of_merit").level is Level.BASE
    assert CATALOGUE.form("medal").recipients == {Recipient.INDIVIDUAL}


def test_an_unknown_title_or_form_is_refused_by_name() -> None:
    assert str(refusal(lambda: CATALOGUE.title("hero"))) == "Danh mục không có danh hiệu thi đua mã hero."
    assert refusal(lambda: CATALOGUE.form("hero")).field == "form"


def test_a_code_used_twice_in_the_catalogue_is_refused() -> None:
    title = CATALOGUE.title(ADVANCED_SOLDIER)
    error = refusal(lambda: Catalogue(titles=(title, title)))
    assert str(error) == "Mã advanced_soldier được dùng cho hai mục của danh mục khen thưởng."


# --- Reward money ---------------------------------------------------------------------------------------------------


def test_reward_is_the_coefficient_times_the_base_salary_in_force_on_the_decision_date() -> None:
    # 0,3 × 1.800.000 before 01/07/2024; 0,3 × 2.340.000 from that day.
    assert reward_amount(ADVANCED_SOLDIER, date(2024, 6, 30), COEFFICIENTS, SALARIES) == Decimal(540_000)
    assert reward_amount(ADVANCED_SOLDIER, date(2024, 7, 1), COEFFICIENTS, SALARIES) == Decimal(710_000)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (NATIONAL_EMULATION_SOLDIER, 10_530_000),  # 4,5 × 2.340.000
        (MINISTRY_EMULATION_SOLDIER, 7_020_000),  # 3,0 × 2.340.000
        (ADVANCED_SOLDIER, 710_000),  # 0,3 × 2.340.000 = 702.000, rounded up
    ],
)
def test_the_default_table_gives_the_coefficients_of_domain_md(code: str, expected: int) -> None:
    assert reward_amount(code, date(2025, 1, 20), COEFFICIENTS, SALARIES) == Decimal(expected)


def test_reward_is_rounded_up_to_the_next_ten_thousand_dong_and_says_so() -> None:
    reward = reward_breakdown(CATALOGUE.title(ADVANCED_SOLDIER), date(2026, 1, 15), COEFFICIENTS, SALARIES)
    assert reward.exact_amount == Decimal(702_000)
    assert reward.amount == Decimal(710_000)
    assert reward.base_salary.legal_basis == "Nghị định 73/2024/NĐ-CP"
    assert reward.explanation == (
        "0,3 × 2.340.000 đồng = 702.000 đồng; làm tròn lên hàng chục nghìn đồng: 710.000 đồng"
    )


def test_an_amount_already_on_ten_thousand_dong_is_not_rounded() -> None:
    reward = reward_breakdown(MINISTRY_EMULATION_SOLDIER, date(2026, 1, 15), COEFFICIENTS, SALARIES)
    assert reward.amount == reward.exact_amount == Decimal(7_020_000)
    assert reward.explanation == "3 × 2.340.000 đồng = 7.020.000 đồng"


def test_the_coefficient_is_the_row_in_force_on_the_decision_date() -> None:
    table = (
        RewardCoefficient(
            ADVANCED_SOLDIER, Decimal("0.3"), date(2024, 1, 1), "Nghị định 98/2023/NĐ-CP", date(2026, 1, 1)
        ),
        RewardCoefficient(ADVANCED_SOLDIER, Decimal("0.4"), date(2026, 1, 1), "Văn bản giả định"),
    )
    assert reward_amount(ADVANCED_SOLDIER, date(2025, 12, 31), table, SALARIES) == Decimal(710_000)
    assert reward_amount(ADVANCED_SOLDIER, date(2026, 1, 1), table, SALARIES) == Decimal(940_000)  # 936.000 ↑


def test_a_title_without_a_coefficient_is_refused_rather_than_guessed() -> None:
    error = refusal(lambda: reward_amount(BASE_EMULATION_SOLDIER, date(2025, 1, 20), COEFFICIENTS, SALARIES))
    assert str(error) == (
        "Chưa có hệ số tiền thưởng cho danh hiệu mã base_emulation_soldier có hiệu lực ngày 20/01/2025."
    )
    assert error.field == "coefficients"


def test_a_decision_before_the_coefficient_table_starts_is_refused() -> None:
    assert refusal(lambda: reward_amount(ADVANCED_SOLDIER, date(2023, 12, 31), COEFFICIENTS, SALARIES)).field == (
        "coefficients"
    )


def test_a_decision_before_every_base_salary_is_refused() -> None:
    table = (RewardCoefficient(ADVANCED_SOLDIER, Decimal("0.3"), date(2020, 1, 1), "Văn bản giả định"),)
    error = refusal(lambda: reward_amount(ADVANCED_SOLDIER, date(2023, 6, 30), table, SALARIES))
    assert str(error) == "Chưa có mức lương cơ sở áp dụng ngày 30/06/2023."


def test_overlapping_coefficient_rows_are_refused() -> None:
    table = (
        RewardCoefficient(ADVANCED_SOLDIER, Decimal("0.3"), date(2024, 1, 1), "Văn bản A"),
        RewardCoefficient(ADVANCED_SOLDIER, Decimal("0.4"), date(2025, 1, 1), "Văn bản B"),
    )
    error = refusal(lambda: reward_amount(ADVANCED_SOLDIER, date(2025, 3, 1), table, SALARIES))
    assert "bảng hệ số bị chồng lấn" in str(error)


def test_two_base_salaries_from_the_same_day_are_refused() -> None:
    salaries = (*SALARIES, BaseSalary(Decimal(2_500_000), date(2024, 7, 1), "Văn bản giả định"))
    assert refusal(lambda: reward_amount(ADVANCED_SOLDIER, date(2025, 1, 1), COEFFICIENTS, salaries)).field == (
        "base_salaries"
    )


def test_the_rounding_rule_is_a_setting() -> None:
    to_thousand = RewardRounding(
        quantum=Decimal(1000), mode=ROUND_HALF_UP, description="làm tròn đến nghìn đồng", legal_basis="Quy chế"
    )
    table = (RewardCoefficient(ADVANCED_SOLDIER, Decimal("0.35"), date(2024, 1, 1), "Văn bản giả định"),)
    # 0,35 × 2.340.000 = 819.000: already on a thousand.
    assert reward_amount(ADVANCED_SOLDIER, date(2025, 1, 1), table, SALARIES, rounding=to_thousand) == 819_000
    assert reward_amount(ADVANCED_SOLDIER, date(2025, 1, 1), table, SALARIES) == 820_000


def test_the_default_reward_data_carries_its_legal_basis_and_what_to_verify() -> None:
    assert all(row.legal_basis and row.verify for row in COEFFICIENTS)
    assert all(row.legal_basis and row.verify for row in SALARIES)
    assert DEFAULT_REWARD_ROUNDING.verify


@given(
    coefficient=st.decimals(min_value=Decimal("0.1"), max_value=Decimal("20"), places=1),
    salary=st.integers(min_value=1_000_000, max_value=5_000_000),
)
def test_reward_is_never_below_the_exact_product_nor_a_full_step_above_it(coefficient: Decimal, salary: int) -> None:
    table = (RewardCoefficient(ADVANCED_SOLDIER, coefficient, date(2024, 1, 1), "Văn bản giả định"),)
    salaries = (BaseSalary(Decimal(salary), date(2024, 1, 1), "Văn bản giả định"),)
    reward = reward_breakdown(ADVANCED_SOLDIER, date(2025, 1, 1), table, salaries)
    assert reward.exact_amount <= reward.amount < reward.exact_amount + 10_000
    assert reward.amount % 10_000 == 0


def test_a_title_record_can_be_passed_instead_of_its_code() -> None:
    title: Title = CATALOGUE.title(NATIONAL_EMULATION_SOLDIER)
    assert reward_amount(title, date(2025, 1, 20), COEFFICIENTS, SALARIES) == Decimal(10_530_000)
