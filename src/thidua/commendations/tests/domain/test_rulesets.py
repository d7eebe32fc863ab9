"""Rule sets: legal basis, validity, criteria as data, and which rule set a review falls under."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

import pytest

from thidua.commendations.domain.catalogue import (
    ADVANCED_SOLDIER,
    ADVANCED_UNIT,
    BASE_EMULATION_SOLDIER,
    DEFAULT_CATALOGUE,
    DETERMINED_TO_WIN_UNIT,
    MINISTRY_EMULATION_SOLDIER,
    NATIONAL_EMULATION_SOLDIER,
)
from thidua.commendations.domain.rulesets import (
    DEFAULT_RULESETS,
    RULESET_2024,
    RULESET_2025,
    RULESET_OLD_LAW,
    Comparison,
    ConsecutiveTitle,
    Criterion,
    DutyRating,
    DutyRatingAtLeast,
    EffectScope,
    HasInnovation,
    MemberRatingShare,
    MembersWithTitle,
    MemberTitleShare,
    NoMemberDisciplined,
    ReviewDateBasis,
    RuleSet,
    ruleset_for,
    ruleset_for_review,
    validate_ruleset,
    validate_rulesets,
)
from thidua.core.domain.errors import DomainError

T = TypeVar("T", bound=Criterion)


def only(ruleset: RuleSet, title: str, kind: type[T]) -> T:
    found = [c for c in ruleset.criteria_for(title) if isinstance(c, kind)]
    assert len(found) == 1
    return found[0]


def refusal(call: object) -> DomainError:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# --- The default rule sets ------------------------------------------------------------------------------------------


def test_the_default_rule_sets_are_consistent_with_the_catalogue_and_do_not_overlap() -> None:
    validate_rulesets(DEFAULT_RULESETS)


def test_each_default_rule_set_names_its_legal_basis_and_validity() -> None:
    assert RULESET_2024.legal_basis == "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP"
    assert (RULESET_2024.valid_from, RULESET_2024.valid_to) == (date(2024, 1, 1), date(2025, 7, 1))
    assert RULESET_2025.legal_basis == "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 152/2025/NĐ-CP"
    assert (RULESET_2025.valid_from, RULESET_2025.valid_to) == (date(2025, 7, 1), None)
    assert RULESET_OLD_LAW.valid_to == date(2024, 1, 1)
    assert RULESET_2024.validity_text() == "từ 01/01/2024 đến hết 30/06/2025"


def test_the_decree_152_rule_set_and_the_switch_date_are_marked_to_verify() -> None:
    assert "152/2025" in RULESET_2025.verify
    assert "01/07/2025" in RULESET_2024.verify


def test_every_default_rule_set_covers_the_eight_titles() -> None:
    titles = {t.code for t in DEFAULT_CATALOGUE.titles}
    for ruleset in DEFAULT_RULESETS:
        assert set(ruleset.criteria) == titles


def test_every_default_criterion_cites_an_article() -> None:
    for ruleset in DEFAULT_RULESETS:
        for criteria in ruleset.criteria.values():
            assert all(c.article.startswith("Điều ") for c in criteria)


def test_the_advanced_unit_needs_strictly_more_than_half_of_its_members_advanced_soldiers() -> None:
    share = only(RULESET_2024, ADVANCED_UNIT, MemberTitleShare)
    assert (share.title, share.percent, share.comparison) == (ADVANCED_SOLDIER, Decimal(50), Comparison.MORE_THAN)
    assert share.requirement(DEFAULT_CATALOGUE) == "Có trên 50% cán bộ, chiến sĩ đạt danh hiệu Chiến sĩ tiên tiến"


def test_the_determined_to_win_unit_needs_everyone_completing_and_at_least_seventy_percent_advanced() -> None:
    everyone = only(RULESET_2024, DETERMINED_TO_WIN_UNIT, MemberRatingShare)
    assert (everyone.minimum, everyone.percent, everyone.comparison) == (
        DutyRating.COMPLETED,
        Decimal(100),
        Comparison.AT_LEAST,
    )
    assert everyone.requirement(DEFAULT_CATALOGUE) == "100% cán bộ, chiến sĩ hoàn thành nhiệm vụ trở lên"
    share = only(RULESET_2024, DETERMINED_TO_WIN_UNIT, MemberTitleShare)
    assert (share.percent, share.comparison) == (Decimal(70), Comparison.AT_LEAST)
    assert share.requirement(DEFAULT_CATALOGUE) == (
        "Có từ 70% trở lên cán bộ, chiến sĩ đạt danh hiệu Chiến sĩ tiên tiến"
    )
    base = only(RULESET_2024, DETERMINED_TO_WIN_UNIT, MembersWithTitle)
    assert (base.title, base.minimum_count) == (BASE_EMULATION_SOLDIER, 1)


def test_the_older_laws_discipline_clause_of_the_determined_to_win_unit_is_on_in_the_old_rule_set_only() -> None:
    assert only(RULESET_OLD_LAW, DETERMINED_TO_WIN_UNIT, NoMemberDisciplined).enabled
    assert not only(RULESET_2024, DETERMINED_TO_WIN_UNIT, NoMemberDisciplined).enabled
    assert not only(RULESET_2025, DETERMINED_TO_WIN_UNIT, NoMemberDisciplined).enabled


def test_the_advanced_units_discipline_clause_is_on_and_marked_to_verify() -> None:
    clause = only(RULESET_2024, ADVANCED_UNIT, NoMemberDisciplined)
    assert clause.enabled
    assert "verify 2022 wording" in clause.verify
    assert clause.requirement(DEFAULT_CATALOGUE) == (
        "Không có cán bộ, chiến sĩ bị kỷ luật từ hình thức cảnh cáo trở lên"
    )


def test_chain_lengths_are_data_three_base_titles_for_ministry_two_ministry_titles_for_national() -> None:
    ministry = only(RULESET_2024, MINISTRY_EMULATION_SOLDIER, ConsecutiveTitle)
    assert (ministry.title, ministry.length, ministry.step_years) == (BASE_EMULATION_SOLDIER, 3, 1)
    assert ministry.requirement(DEFAULT_CATALOGUE) == (
        "Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục (tính đến năm xét)"
    )
    national = only(RULESET_2024, NATIONAL_EMULATION_SOLDIER, ConsecutiveTitle)
    assert (national.title, national.length, national.step_years) == (MINISTRY_EMULATION_SOLDIER, 2, 3)
    assert national.verify


def test_initiative_scopes_rise_with_the_level_of_the_title() -> None:
    scopes = [
        only(RULESET_2024, code, HasInnovation).minimum_scope
        for code in (BASE_EMULATION_SOLDIER, MINISTRY_EMULATION_SOLDIER, NATIONAL_EMULATION_SOLDIER)
    ]
    assert scopes == [EffectScope.BASE, EffectScope.MINISTRY, EffectScope.NATIONAL]


def test_a_criterion_can_be_switched_on_by_an_administrator_without_touching_the_others() -> None:
    stricter = RULESET_2024.toggled(DETERMINED_TO_WIN_UNIT, NoMemberDisciplined, enabled=True)
    assert only(stricter, DETERMINED_TO_WIN_UNIT, NoMemberDisciplined).enabled
    assert not only(RULESET_2024, DETERMINED_TO_WIN_UNIT, NoMemberDisciplined).enabled
    assert stricter.criteria[ADVANCED_SOLDIER] == RULESET_2024.criteria[ADVANCED_SOLDIER]


def test_switching_a_kind_the_title_does_not_have_is_refused() -> None:
    error = refusal(lambda: RULESET_2024.toggled(ADVANCED_SOLDIER, NoMemberDisciplined, enabled=True))
    assert error.field == "criteria"


def test_a_title_the_rule_set_does_not_cover_is_refused() -> None:
    partial = RuleSet("thu", "Quy chế thử", date(2024, 1, 1), None, {})
    assert str(refusal(lambda: partial.criteria_for(ADVANCED_SOLDIER))) == (
        "Bộ tiêu chuẩn “Quy chế thử” không quy định tiêu chuẩn cho danh hiệu mã advanced_soldier."
    )


# --- Validation -----------------------------------------------------------------------------------------------------


def test_a_member_share_on_a_persons_title_is_refused() -> None:
    wrong = RULESET_2024.with_criteria(
        ADVANCED_SOLDIER,
        [
            MemberTitleShare(
                title=ADVANCED_SOLDIER, percent=Decimal(50), comparison=Comparison.AT_LEAST, article="Điều 24"
            )
        ],
    )
    assert "chỉ áp dụng cho tập thể" in str(refusal(lambda: validate_ruleset(wrong)))


def test_an_initiative_criterion_on_a_units_title_is_refused() -> None:
    wrong = RULESET_2024.with_criteria(
        ADVANCED_UNIT, [HasInnovation(minimum_scope=EffectScope.BASE, article="Điều 28")]
    )
    assert "chỉ áp dụng cho cá nhân" in str(refusal(lambda: validate_ruleset(wrong)))


@pytest.mark.parametrize(
    "criterion",
    [
        MemberTitleShare(
            title=ADVANCED_SOLDIER, percent=Decimal(101), comparison=Comparison.AT_LEAST, article="Điều 28"
        ),
        MemberTitleShare(
            title=ADVANCED_SOLDIER, percent=Decimal(0), comparison=Comparison.MORE_THAN, article="Điều 28"
        ),
        MembersWithTitle(title=BASE_EMULATION_SOLDIER, minimum_count=0, article="Điều 28"),
        ConsecutiveTitle(title=ADVANCED_UNIT, length=0, article="Điều 28"),
        ConsecutiveTitle(title=ADVANCED_UNIT, length=2, step_years=0, article="Điều 28"),
        DutyRatingAtLeast(minimum=DutyRating.GOOD, article=" "),
    ],
)
def test_thresholds_out_of_range_and_missing_articles_are_refused(criterion: Criterion) -> None:
    wrong = RULESET_2024.with_criteria(ADVANCED_UNIT, [criterion])
    assert refusal(lambda: validate_ruleset(wrong)).field == "criteria"


def test_a_criterion_naming_an_unknown_title_is_refused() -> None:
    wrong = RULESET_2024.with_criteria(
        ADVANCED_UNIT, [MembersWithTitle(title="hero", minimum_count=1, article="Điều 28")]
    )
    assert refusal(lambda: validate_ruleset(wrong)).field == "title"


def test_a_rule_set_ending_before_it_starts_is_refused() -> None:
    wrong = RuleSet("sai", "Quy chế sai", date(2025, 1, 1), date(2024, 1, 1), {})
    assert refusal(lambda: validate_ruleset(wrong)).field == "valid_to"


def test_two_rule_sets_in_force_on_the_same_day_are_refused() -> None:
    overlapping = RuleSet("chong", "Quy chế chồng lấn", date(2025, 1, 1), None, {})
    error = refusal(lambda: validate_rulesets([RULESET_2024, overlapping]))
    assert error.field == "valid_from"
    assert "cùng có hiệu lực" in str(error)
    assert "Có 2 bộ tiêu chuẩn" in str(refusal(lambda: ruleset_for(date(2025, 3, 1), [RULESET_2024, overlapping])))


# --- Which rule set applies -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 12, 31), RULESET_OLD_LAW),
        (date(2024, 1, 1), RULESET_2024),
        (date(2025, 6, 30), RULESET_2024),
        (date(2025, 7, 1), RULESET_2025),
        (date(2026, 1, 15), RULESET_2025),
    ],
)
def test_the_rule_set_in_force_on_a_day(day: date, expected: RuleSet) -> None:
    assert ruleset_for(day, DEFAULT_RULESETS) is expected


def test_a_day_no_rule_set_covers_is_refused() -> None:
    error = refusal(lambda: ruleset_for(date(2023, 5, 1), [RULESET_2024, RULESET_2025]))
    assert str(error) == "Không có bộ tiêu chuẩn nào có hiệu lực ngày 01/05/2023."


def test_a_2025_review_falls_under_two_rule_sets_and_the_decision_date_picks_one() -> None:
    choice = ruleset_for_review(2025, DEFAULT_RULESETS, decision_date=date(2026, 1, 15))
    assert choice.ruleset is RULESET_2025
    assert choice.straddles
    assert choice.in_force_during_year == (RULESET_2024, RULESET_2025)
    assert choice.note == (
        "Năm 2025 áp dụng bộ tiêu chuẩn “Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 152/2025/NĐ-CP” theo "
        "ngày quyết định khen thưởng 15/01/2026. Trong năm 2025 còn có hiệu lực: “Luật Thi đua, khen thưởng "
        "06/2022/QH15; Nghị định 98/2023/NĐ-CP” (từ 01/01/2024 đến hết 30/06/2025)."
    )


def test_a_mid_2025_decision_for_the_2025_half_year_still_uses_decree_98() -> None:
    choice = ruleset_for_review(2025, DEFAULT_RULESETS, decision_date=date(2025, 6, 20))
    assert choice.ruleset is RULESET_2024


def test_the_straddling_year_can_be_set_to_follow_the_first_day_of_the_reviewed_year() -> None:
    choice = ruleset_for_review(2025, DEFAULT_RULESETS, basis=ReviewDateBasis.YEAR_START)
    assert choice.ruleset is RULESET_2024
    assert choice.reference_date == date(2025, 1, 1)


def test_the_straddling_year_can_be_set_to_follow_the_last_day_of_the_reviewed_year() -> None:
    choice = ruleset_for_review(2025, DEFAULT_RULESETS, basis=ReviewDateBasis.YEAR_END)
    assert choice.ruleset is RULESET_2025


def test_a_2024_review_decided_in_january_2025_uses_decree_98_alone() -> None:
    choice = ruleset_for_review(2024, DEFAULT_RULESETS, decision_date=date(2025, 1, 20))
    assert choice.ruleset is RULESET_2024
    assert not choice.straddles


def test_the_decision_date_basis_needs_a_decision_date_not_before_the_reviewed_year() -> None:
    assert refusal(lambda: ruleset_for_review(2025, DEFAULT_RULESETS)).field == "decision_date"
    error = refusal(lambda: ruleset_for_review(2025, DEFAULT_RULESETS, decision_date=date(2024, 12, 30)))
    assert str(error) == "Ngày quyết định 30/12/2024 ở trước năm xét 2025."
