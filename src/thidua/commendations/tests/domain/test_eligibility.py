"""Eligibility for each title of DOMAIN.md section 5, criterion by criterion, with chains and mergers."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.commendations.domain.catalogue import (
    ADVANCED_SOLDIER,
    ADVANCED_UNIT,
    BASE_EMULATION_SOLDIER,
    DETERMINED_TO_WIN_UNIT,
    GOVERNMENT_EMULATION_FLAG,
    MINISTRY_EMULATION_FLAG,
    MINISTRY_EMULATION_SOLDIER,
    NATIONAL_EMULATION_SOLDIER,
)
from thidua.commendations.domain.eligibility import (
    CriterionResult,
    DisciplineRecord,
    Eligibility,
    EligibilityStatus,
    Innovation,
    MemberStanding,
    MergerPolicy,
    PersonRecord,
    PersonYear,
    UnitRecord,
    UnitYear,
    eligibility,
    predecessors_by_year,
)
from thidua.commendations.domain.rulesets import (
    RULESET_2024,
    RULESET_2025,
    RULESET_OLD_LAW,
    Attestation,
    Attested,
    Comparison,
    ConsecutiveTitle,
    Criterion,
    DisciplineLevel,
    DutyRating,
    DutyRatingAtLeast,
    EffectScope,
    HasInnovation,
    HasNewFactors,
    InnovationKind,
    LeadsCluster,
    MemberRatingShare,
    MembersWithTitle,
    MemberTitleShare,
    NoMemberDisciplined,
    NotDisciplined,
    RuleSet,
)
from thidua.core.domain.errors import DomainError
from thidua.organisations.domain.succession import Succession, SuccessionKind

GOOD = DutyRating.GOOD
EXCELLENT = DutyRating.EXCELLENT
COMPLETED = DutyRating.COMPLETED
NOT_COMPLETED = DutyRating.NOT_COMPLETED

PERSON_OK: Mapping[Attestation, bool] = {Attestation.ABIDES_BY_LAW: True, Attestation.TAKES_PART_IN_MOVEMENT: True}
UNIT_OK: Mapping[Attestation, bool] = {
    Attestation.TAKES_PART_IN_MOVEMENT: True,
    Attestation.INTERNAL_SOLIDARITY: True,
    Attestation.CLEAN_STRONG_ORGANISATIONS: True,
    Attestation.THRIFT_AND_ANTI_CORRUPTION: True,
}


# --- Builders -------------------------------------------------------------------------------------------------------


def year(
    number: int,
    rating: DutyRating | None = GOOD,
    *titles: str,
    attested: Mapping[Attestation, bool] = PERSON_OK,
) -> PersonYear:
    return PersonYear(number, rating, frozenset(titles), attested)


def officer(
    *years: PersonYear,
    innovations: tuple[Innovation, ...] = (),
    discipline: tuple[DisciplineRecord, ...] = (),
) -> PersonRecord:
    return PersonRecord("CB-001", "Nguyễn Văn An", years, innovations, discipline)


def initiative(
    number: int, scope: EffectScope = EffectScope.BASE, kind: InnovationKind = InnovationKind.INITIATIVE
) -> Innovation:
    return Innovation(kind, f"Số hoá hồ sơ {number}", number, scope)


def members(
    advanced: int,
    total: int,
    *,
    base: int = 1,
    rating: DutyRating | None = GOOD,
    odd_one: DutyRating | None = None,
    discipline: DisciplineLevel | None = None,
) -> tuple[MemberStanding, ...]:
    """``total`` members; the first ``advanced`` are Chiến sĩ tiên tiến, the first ``base`` of them also Chiến sĩ
    thi đua cơ sở; ``odd_one`` rates the last member differently; ``discipline`` falls on the last member."""
    result = []
    for index in range(total):
        titles = set()
        if index < advanced:
            titles.add(ADVANCED_SOLDIER)
            if index < base:
                titles.add(BASE_EMULATION_SOLDIER)
        last = index == total - 1
        result.append(
            MemberStanding(
                person=f"CB-{index + 1:03d}",
                name=f"Cán bộ {index + 1}",
                duty_rating=odd_one if last and odd_one is not None else rating,
                titles=frozenset(titles),
                discipline=discipline if last else None,
            )
        )
    return tuple(result)


def unit_year(
    number: int,
    completion: DutyRating | None = EXCELLENT,
    staff: tuple[MemberStanding, ...] | None = None,
    *titles: str,
    attested: Mapping[Attestation, bool] = UNIT_OK,
    leads: bool | None = None,
    exceeds: bool | None = None,
    factors: tuple[str, ...] | None = None,
    note: str = "",
) -> UnitYear:
    return UnitYear(
        year=number,
        task_completion=completion,
        members=members(8, 10) if staff is None else staff,
        titles=frozenset(titles),
        attested=attested,
        leads_cluster=leads,
        cluster_note=note,
        targets_exceeded=exceeds,
        new_factors=factors,
    )


def unit(*years: UnitYear, key: str = "CAT-NAN", name: str = "Công an tỉnh Nghệ An") -> UnitRecord:
    return UnitRecord(key, name, years)


def result_of(answer: Eligibility, kind: type[Criterion]) -> CriterionResult:
    found = [r for r in answer.results if isinstance(r.criterion, kind)]
    assert len(found) == 1
    return found[0]


def check(
    subject: PersonRecord | UnitRecord,
    title: str,
    number: int = 2024,
    ruleset: RuleSet = RULESET_2024,
    policy: MergerPolicy = MergerPolicy.RESTART,
) -> Eligibility:
    return eligibility(subject, title, number, ruleset, merger_policy=policy)


def refusal(call: object) -> DomainError:
    assert callable(call)
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# --- Chiến sĩ tiên tiến (Điều 24) -----------------------------------------------------------------------------------


def test_an_officer_completing_duties_well_abiding_by_law_and_taking_part_is_an_advanced_soldier() -> None:
    answer = check(officer(year(2024, GOOD)), ADVANCED_SOLDIER)
    assert answer.eligible
    assert answer.status is EligibilityStatus.ELIGIBLE
    assert [(r.met, r.article) for r in answer.results] == [(True, "Điều 24")] * 3
    rating = result_of(answer, DutyRatingAtLeast)
    assert rating.explanation == "Năm 2024 được xếp loại “Hoàn thành tốt nhiệm vụ”."
    assert [(e.year, e.text) for e in rating.evidence] == [(2024, "Xếp loại năm 2024: Hoàn thành tốt nhiệm vụ")]


def test_an_excellent_rating_is_more_than_good_enough_for_an_advanced_soldier() -> None:
    assert check(officer(year(2024, EXCELLENT)), ADVANCED_SOLDIER).eligible


def test_an_officer_who_only_completes_duties_is_not_an_advanced_soldier() -> None:
    answer = check(officer(year(2024, COMPLETED)), ADVANCED_SOLDIER)
    assert answer.status is EligibilityStatus.NOT_ELIGIBLE
    assert result_of(answer, DutyRatingAtLeast).explanation == (
        "Năm 2024 được xếp loại “Hoàn thành nhiệm vụ”, thấp hơn mức yêu cầu “Hoàn thành tốt nhiệm vụ”."
    )


def test_an_officer_not_attested_as_abiding_by_law_is_not_an_advanced_soldier() -> None:
    attested = {**PERSON_OK, Attestation.ABIDES_BY_LAW: False}
    answer = check(officer(year(2024, GOOD, attested=attested)), ADVANCED_SOLDIER)
    assert not answer.eligible
    assert [r.explanation for r in answer.unmet] == [
        "Năm 2024 không được xác nhận: chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước."
    ]


def test_a_missing_attestation_leaves_the_answer_undetermined_not_negative() -> None:
    answer = check(officer(year(2024, GOOD, attested={Attestation.ABIDES_BY_LAW: True})), ADVANCED_SOLDIER)
    assert not answer.eligible
    assert answer.status is EligibilityStatus.UNDETERMINED
    assert [r.explanation for r in answer.unknown] == [
        "Năm 2024 chưa có nhận xét, xác nhận về nội dung: tích cực tham gia phong trào thi đua."
    ]


def test_a_year_without_a_record_or_rating_is_undetermined() -> None:
    assert check(officer(year(2023)), ADVANCED_SOLDIER).status is EligibilityStatus.UNDETERMINED
    answer = check(officer(year(2024, None)), ADVANCED_SOLDIER)
    assert result_of(answer, DutyRatingAtLeast).met is None


def test_the_answer_reads_as_a_list_of_criteria_with_articles_never_a_bare_yes_or_no() -> None:
    answer = check(officer(year(2024, COMPLETED)), ADVANCED_SOLDIER)
    assert answer.lines() == [
        "Nguyễn Văn An chưa đủ tiêu chuẩn danh hiệu Chiến sĩ tiên tiến năm 2024 theo Luật Thi đua, khen thưởng "
        "06/2022/QH15; Nghị định 98/2023/NĐ-CP: 1 tiêu chuẩn không đạt.",
        "Không đạt — Điều 24: Hoàn thành tốt nhiệm vụ trở lên. Năm 2024 được xếp loại “Hoàn thành nhiệm vụ”, thấp "
        "hơn mức yêu cầu “Hoàn thành tốt nhiệm vụ”.",
        "Đạt — Điều 24: Chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước. Năm 2024 được xác "
        "nhận: chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
        "Đạt — Điều 24: Tích cực tham gia phong trào thi đua. Năm 2024 được xác nhận: tích cực tham gia phong trào "
        "thi đua.",
    ]


# --- Chiến sĩ thi đua cơ sở (Điều 23) -------------------------------------------------------------------------------


def test_an_excellent_advanced_soldier_with_a_recognised_initiative_is_a_base_emulation_soldier() -> None:
    person = officer(year(2024, EXCELLENT, ADVANCED_SOLDIER), innovations=(initiative(2024),))
    answer = check(person, BASE_EMULATION_SOLDIER)
    assert answer.eligible
    assert {r.article for r in answer.results} == {"Điều 23"}
    assert result_of(answer, ConsecutiveTitle).explanation == "Năm 2024 đạt danh hiệu Chiến sĩ tiên tiến."
    innovation = result_of(answer, HasInnovation)
    assert innovation.explanation == "Có sáng kiến “Số hoá hồ sơ 2024” năm 2024 (phạm vi ảnh hưởng cơ sở)."
    assert [(e.year, e.record) for e in innovation.evidence] == [(2024, initiative(2024))]


def test_the_advanced_soldier_title_may_be_decided_in_the_same_review_as_the_base_title() -> None:
    person = officer(year(2024, EXCELLENT), innovations=(initiative(2024),))
    answer = check(person, BASE_EMULATION_SOLDIER)
    assert answer.eligible
    link = result_of(answer, ConsecutiveTitle)
    assert link.evidence[0].text == "Nguyễn Văn An: đạt tiêu chuẩn danh hiệu Chiến sĩ tiên tiến năm 2024 (xét cùng đợt)"


def test_an_officer_who_fails_the_advanced_soldier_criteria_cannot_be_a_base_emulation_soldier() -> None:
    attested = {**PERSON_OK, Attestation.ABIDES_BY_LAW: False}
    person = officer(year(2024, EXCELLENT, attested=attested), innovations=(initiative(2024),))
    link = result_of(check(person, BASE_EMULATION_SOLDIER), ConsecutiveTitle)
    assert link.met is False
    assert link.explanation == (
        "Năm 2024 Nguyễn Văn An chưa có quyết định tặng danh hiệu Chiến sĩ tiên tiến và chưa đạt tiêu chuẩn của danh "
        "hiệu này. Năm 2024 không được xác nhận: chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà "
        "nước."
    )


def test_an_excellent_officer_without_an_initiative_is_not_a_base_emulation_soldier() -> None:
    answer = check(officer(year(2024, EXCELLENT, ADVANCED_SOLDIER)), BASE_EMULATION_SOLDIER)
    assert [r.explanation for r in answer.unmet] == [
        "Không có sáng kiến hoặc đề tài khoa học hoặc mưu trí, sáng tạo trong chiến đấu, phục vụ chiến đấu được "
        "công nhận trong năm 2024."
    ]


def test_an_initiative_of_an_earlier_year_does_not_count_for_the_base_title() -> None:
    person = officer(year(2024, EXCELLENT, ADVANCED_SOLDIER), innovations=(initiative(2023),))
    innovation = result_of(check(person, BASE_EMULATION_SOLDIER), HasInnovation)
    assert innovation.met is False


@pytest.mark.parametrize("kind", [InnovationKind.RESEARCH_TOPIC, InnovationKind.COMBAT_INGENUITY])
def test_a_research_topic_or_ingenuity_in_combat_counts_like_an_initiative(kind: InnovationKind) -> None:
    person = officer(year(2024, EXCELLENT, ADVANCED_SOLDIER), innovations=(initiative(2024, kind=kind),))
    assert check(person, BASE_EMULATION_SOLDIER).eligible


def test_completing_duties_well_but_not_excellently_is_not_enough_for_the_base_title() -> None:
    person = officer(year(2024, GOOD, ADVANCED_SOLDIER), innovations=(initiative(2024),))
    answer = check(person, BASE_EMULATION_SOLDIER)
    assert [type(r.criterion) for r in answer.unmet] == [DutyRatingAtLeast]


# --- Chiến sĩ thi đua cấp Bộ (Điều 22) ------------------------------------------------------------------------------


def base_years(*numbers: int, rating: DutyRating = EXCELLENT, extra: tuple[str, ...] = ()) -> tuple[PersonYear, ...]:
    return tuple(year(n, rating, ADVANCED_SOLDIER, BASE_EMULATION_SOLDIER, *extra) for n in numbers)


def test_three_consecutive_base_titles_and_a_ministry_wide_initiative_make_a_ministry_emulation_soldier() -> None:
    person = officer(*base_years(2022, 2023, 2024), innovations=(initiative(2023, EffectScope.MINISTRY),))
    answer = check(person, MINISTRY_EMULATION_SOLDIER)
    assert answer.eligible
    chain = result_of(answer, ConsecutiveTitle)
    assert chain.article == "Điều 22"
    assert chain.explanation == "Đạt danh hiệu Chiến sĩ thi đua cơ sở 3 năm liên tục: 2022, 2023, 2024."
    assert [e.year for e in chain.evidence] == [2024, 2023, 2022]


def test_a_chain_broken_by_one_missing_year_names_that_year() -> None:
    person = officer(*base_years(2021, 2022, 2024), innovations=(initiative(2024, EffectScope.MINISTRY),))
    chain = result_of(check(person, MINISTRY_EMULATION_SOLDIER), ConsecutiveTitle)
    assert chain.met is False
    assert chain.explanation == (
        "Chưa đủ 3 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở. Chuỗi bị gián đoạn năm 2023: không có hồ sơ "
        "thi đua năm 2023 của Nguyễn Văn An."
    )
    assert [e.year for e in chain.evidence] == [2024]


def test_a_year_with_a_record_but_without_the_title_breaks_the_chain_too() -> None:
    person = officer(
        *base_years(2022, 2024),
        year(2023, GOOD, ADVANCED_SOLDIER),
        innovations=(initiative(2024, EffectScope.MINISTRY),),
    )
    chain = result_of(check(person, MINISTRY_EMULATION_SOLDIER), ConsecutiveTitle)
    assert chain.met is False
    assert "Chuỗi bị gián đoạn năm 2023: Nguyễn Văn An không đạt danh hiệu Chiến sĩ thi đua cơ sở năm 2023." in (
        chain.explanation
    )


def test_the_review_years_base_title_may_be_decided_in_the_same_review_as_the_ministry_title() -> None:
    person = officer(
        *base_years(2022, 2023),
        year(2024, EXCELLENT),
        innovations=(initiative(2024, EffectScope.MINISTRY),),
    )
    assert check(person, MINISTRY_EMULATION_SOLDIER).eligible


def test_a_base_scope_initiative_does_not_make_a_ministry_emulation_soldier() -> None:
    person = officer(*base_years(2022, 2023, 2024), innovations=(initiative(2023),))
    innovation = result_of(check(person, MINISTRY_EMULATION_SOLDIER), HasInnovation)
    assert innovation.met is False
    assert innovation.explanation == (
        "Không có sáng kiến hoặc đề tài khoa học hoặc mưu trí, sáng tạo trong chiến đấu, phục vụ chiến đấu có phạm "
        "vi ảnh hưởng toàn lực lượng Công an nhân dân trong các năm 2022–2024; chỉ có sáng kiến “Số hoá hồ sơ "
        "2023” năm 2023 (phạm vi ảnh hưởng cơ sở)."
    )


def test_years_already_counted_for_a_ministry_title_are_not_counted_again() -> None:
    person = officer(
        *base_years(2020, 2021, 2022, 2024),
        *base_years(2023, extra=(MINISTRY_EMULATION_SOLDIER,)),
        innovations=(initiative(2024, EffectScope.MINISTRY),),
    )
    chain = result_of(check(person, MINISTRY_EMULATION_SOLDIER), ConsecutiveTitle)
    assert chain.met is False
    assert "Năm 2023 Nguyễn Văn An đã được tặng danh hiệu Chiến sĩ thi đua cấp Bộ" in chain.explanation


def test_three_new_base_years_after_a_ministry_title_make_a_new_chain() -> None:
    person = officer(
        *base_years(2019, 2020),
        *base_years(2021, extra=(MINISTRY_EMULATION_SOLDIER,)),
        *base_years(2022, 2023, 2024),
        innovations=(initiative(2024, EffectScope.MINISTRY),),
    )
    assert check(person, MINISTRY_EMULATION_SOLDIER).eligible


# --- Chiến sĩ thi đua toàn quốc (Điều 21) ---------------------------------------------------------------------------


def test_two_consecutive_ministry_titles_and_a_national_initiative_make_a_national_emulation_soldier() -> None:
    person = officer(
        *base_years(2019, 2020, 2022, 2023),
        *base_years(2021, 2024, extra=(MINISTRY_EMULATION_SOLDIER,)),
        innovations=(initiative(2023, EffectScope.NATIONAL),),
    )
    answer = check(person, NATIONAL_EMULATION_SOLDIER)
    assert answer.eligible
    assert result_of(answer, ConsecutiveTitle).explanation == (
        "Đạt danh hiệu Chiến sĩ thi đua cấp Bộ 2 lần liên tục: 2021, 2024."
    )
    assert {r.article for r in answer.results} == {"Điều 21"}


def test_a_single_ministry_title_is_not_two_consecutive_ones() -> None:
    person = officer(
        *base_years(2020, 2021, 2022, 2023),
        *base_years(2024, extra=(MINISTRY_EMULATION_SOLDIER,)),
        innovations=(initiative(2023, EffectScope.NATIONAL),),
    )
    chain = result_of(check(person, NATIONAL_EMULATION_SOLDIER), ConsecutiveTitle)
    assert chain.met is False
    assert "Chuỗi bị gián đoạn năm 2021: Nguyễn Văn An không đạt danh hiệu Chiến sĩ thi đua cấp Bộ năm 2021." in (
        chain.explanation
    )


def test_a_ministry_wide_initiative_is_not_enough_for_the_national_title() -> None:
    person = officer(
        *base_years(2019, 2020, 2022, 2023),
        *base_years(2021, 2024, extra=(MINISTRY_EMULATION_SOLDIER,)),
        innovations=(initiative(2023, EffectScope.MINISTRY),),
    )
    answer = check(person, NATIONAL_EMULATION_SOLDIER)
    assert [type(r.criterion) for r in answer.unmet] == [HasInnovation]


# --- Configurable person criteria and refusals ----------------------------------------------------------------------


def test_a_rule_set_may_add_a_discipline_clause_for_officers() -> None:
    strict = RULESET_2024.with_criteria(
        ADVANCED_SOLDIER,
        [*RULESET_2024.criteria[ADVANCED_SOLDIER], NotDisciplined(level=DisciplineLevel.REPRIMAND, article="Quy chế")],
    )
    person = officer(year(2024, GOOD), discipline=(DisciplineRecord(DisciplineLevel.REPRIMAND, 2024, "QĐ 15/QĐ-CAT"),))
    answer = check(person, ADVANCED_SOLDIER, ruleset=strict)
    assert [r.explanation for r in answer.unmet] == ["Năm 2024 bị kỷ luật: Khiển trách (QĐ 15/QĐ-CAT)."]
    assert check(person, ADVANCED_SOLDIER, 2025, ruleset=strict).status is EligibilityStatus.UNDETERMINED


def test_a_unit_title_is_not_assessed_for_a_person_nor_a_person_title_for_a_unit() -> None:
    assert str(refusal(lambda: check(officer(year(2024)), ADVANCED_UNIT))) == (
        "Danh hiệu Đơn vị tiên tiến chỉ xét cho tập thể, không xét cho Nguyễn Văn An."
    )
    assert refusal(lambda: check(unit(unit_year(2024)), ADVANCED_SOLDIER)).field == "title"


def test_a_title_whose_criteria_are_all_switched_off_is_refused() -> None:
    empty = RULESET_2024.with_criteria(ADVANCED_SOLDIER, [])
    assert "không có tiêu chuẩn nào đang áp dụng" in str(
        refusal(lambda: check(officer(year(2024)), ADVANCED_SOLDIER, ruleset=empty))
    )


def test_two_records_for_the_same_year_are_refused() -> None:
    error = refusal(lambda: officer(year(2024), year(2024)))
    assert str(error) == "Hồ sơ thi đua của Nguyễn Văn An có hai bản ghi năm 2024."


# --- Đơn vị tiên tiến -----------------------------------------------------------------------------------------------


def test_a_unit_completing_its_tasks_well_with_more_than_half_advanced_soldiers_is_an_advanced_unit() -> None:
    answer = check(unit(unit_year(2024, GOOD, members(6, 10))), ADVANCED_UNIT)
    assert answer.eligible
    share = result_of(answer, MemberTitleShare)
    assert share.explanation == (
        "Năm 2024 có 6/10 cán bộ, chiến sĩ (60%) đạt danh hiệu Chiến sĩ tiên tiến; yêu cầu trên 50%."
    )
    assert len(share.evidence) == 10


def test_exactly_half_advanced_soldiers_is_not_more_than_half() -> None:
    share = result_of(check(unit(unit_year(2024, GOOD, members(5, 10))), ADVANCED_UNIT), MemberTitleShare)
    assert share.met is False


@given(total=st.integers(min_value=1, max_value=60), data=st.data())
def test_the_advanced_unit_share_is_met_exactly_when_advanced_soldiers_are_more_than_half(
    total: int, data: st.DataObject
) -> None:
    advanced = data.draw(st.integers(min_value=0, max_value=total))
    share = result_of(
        check(unit(unit_year(2024, GOOD, members(advanced, total, base=0))), ADVANCED_UNIT), MemberTitleShare
    )
    assert share.met is (2 * advanced > total)


def test_a_member_warned_keeps_the_unit_from_advanced_unit_while_the_clause_is_on() -> None:
    staff = members(8, 10, discipline=DisciplineLevel.WARNING)
    answer = check(unit(unit_year(2024, GOOD, staff)), ADVANCED_UNIT)
    assert [r.explanation for r in answer.unmet] == [
        "Năm 2024 có 1 cán bộ, chiến sĩ bị kỷ luật từ hình thức cảnh cáo trở lên: Cán bộ 10 (Cảnh cáo)."
    ]


def test_a_reprimand_is_below_the_warning_threshold_of_the_advanced_unit() -> None:
    staff = members(8, 10, discipline=DisciplineLevel.REPRIMAND)
    assert check(unit(unit_year(2024, GOOD, staff)), ADVANCED_UNIT).eligible


def test_the_advanced_units_discipline_clause_can_be_switched_off() -> None:
    lenient = RULESET_2024.toggled(ADVANCED_UNIT, NoMemberDisciplined, enabled=False)
    staff = members(8, 10, discipline=DisciplineLevel.DEMOTION)
    answer = check(unit(unit_year(2024, GOOD, staff)), ADVANCED_UNIT, ruleset=lenient)
    assert answer.eligible
    assert not any(isinstance(r.criterion, NoMemberDisciplined) for r in answer.results)


def test_a_unit_without_a_member_list_is_undetermined_for_member_criteria() -> None:
    answer = check(unit(unit_year(2024, GOOD, ())), ADVANCED_UNIT)
    assert answer.status is EligibilityStatus.UNDETERMINED
    assert result_of(answer, MemberTitleShare).explanation == (
        "Chưa có danh sách cán bộ, chiến sĩ năm 2024 của Công an tỉnh Nghệ An."
    )


# --- Đơn vị quyết thắng (Điều 27) -----------------------------------------------------------------------------------


def test_an_excellent_unit_all_completing_seventy_percent_advanced_one_base_title_is_determined_to_win() -> None:
    answer = check(unit(unit_year(2024, EXCELLENT, members(7, 10))), DETERMINED_TO_WIN_UNIT)
    assert answer.eligible
    assert {r.article for r in answer.results} == {"Điều 27"}
    assert result_of(answer, MemberTitleShare).explanation == (
        "Năm 2024 có 7/10 cán bộ, chiến sĩ (70%) đạt danh hiệu Chiến sĩ tiên tiến; yêu cầu từ 70% trở lên."
    )
    assert result_of(answer, MembersWithTitle).explanation == (
        "Năm 2024 có 1 cán bộ, chiến sĩ đạt danh hiệu Chiến sĩ thi đua cơ sở: Cán bộ 1; yêu cầu ít nhất 1."
    )


def test_sixty_percent_advanced_soldiers_is_not_enough_for_determined_to_win() -> None:
    answer = check(unit(unit_year(2024, EXCELLENT, members(6, 10))), DETERMINED_TO_WIN_UNIT)
    assert [type(r.criterion) for r in answer.unmet] == [MemberTitleShare]


def test_one_member_not_completing_duties_keeps_the_unit_from_determined_to_win() -> None:
    staff = members(8, 10, odd_one=NOT_COMPLETED)
    everyone = result_of(check(unit(unit_year(2024, EXCELLENT, staff)), DETERMINED_TO_WIN_UNIT), MemberRatingShare)
    assert everyone.met is False
    assert everyone.explanation == (
        "Năm 2024 có 9/10 cán bộ, chiến sĩ (90%) hoàn thành nhiệm vụ trở lên; chưa đạt: Cán bộ 10 (Không hoàn "
        "thành nhiệm vụ). Yêu cầu: 100% cán bộ, chiến sĩ hoàn thành nhiệm vụ trở lên."
    )


def test_a_member_not_yet_rated_leaves_the_hundred_percent_undetermined() -> None:
    staff = members(8, 10, odd_one=None)
    staff = (*staff[:-1], MemberStanding("CB-010", "Cán bộ 10"))
    answer = check(unit(unit_year(2024, EXCELLENT, staff)), DETERMINED_TO_WIN_UNIT)
    assert result_of(answer, MemberRatingShare).met is None
    assert answer.status is EligibilityStatus.UNDETERMINED


def test_a_unit_without_a_base_emulation_soldier_is_not_determined_to_win() -> None:
    answer = check(unit(unit_year(2024, EXCELLENT, members(8, 10, base=0))), DETERMINED_TO_WIN_UNIT)
    assert [type(r.criterion) for r in answer.unmet] == [MembersWithTitle]


def test_a_unit_completing_its_tasks_only_well_is_not_determined_to_win() -> None:
    answer = check(unit(unit_year(2024, GOOD, members(8, 10))), DETERMINED_TO_WIN_UNIT)
    assert [type(r.criterion) for r in answer.unmet] == [DutyRatingAtLeast]


def test_a_member_warned_does_not_stop_determined_to_win_under_the_2022_law() -> None:
    staff = members(8, 10, discipline=DisciplineLevel.WARNING)
    assert check(unit(unit_year(2024, EXCELLENT, staff)), DETERMINED_TO_WIN_UNIT).eligible
    assert check(unit(unit_year(2025, EXCELLENT, staff)), DETERMINED_TO_WIN_UNIT, 2025, RULESET_2025).eligible


def test_a_member_warned_stops_determined_to_win_under_the_older_law() -> None:
    staff = members(8, 10, discipline=DisciplineLevel.WARNING)
    answer = check(unit(unit_year(2023, EXCELLENT, staff)), DETERMINED_TO_WIN_UNIT, 2023, RULESET_OLD_LAW)
    assert [type(r.criterion) for r in answer.unmet] == [NoMemberDisciplined]


# --- Cờ thi đua của Bộ Công an (Điều 26) and của Chính phủ (Điều 25) ------------------------------------------------


def test_a_unit_leading_its_cluster_exceeding_targets_with_a_new_model_earns_the_ministry_flag() -> None:
    record = unit_year(
        2024, leads=True, exceeds=True, factors=("Mô hình camera an ninh",), note="suy tôn 5/5 phiếu, Cụm 6"
    )
    answer = check(unit(record), MINISTRY_EMULATION_FLAG)
    assert answer.eligible
    assert result_of(answer, LeadsCluster).explanation == (
        "Năm 2024 Công an tỉnh Nghệ An dẫn đầu phong trào thi đua của cụm, khối thi đua (suy tôn 5/5 phiếu, Cụm 6)."
    )
    assert result_of(answer, HasNewFactors).explanation == (
        "Năm 2024 có 1 nhân tố mới, mô hình mới: “Mô hình camera an ninh”."
    )


def test_a_unit_not_leading_its_cluster_does_not_earn_the_ministry_flag() -> None:
    answer = check(unit(unit_year(2024, leads=False, exceeds=True, factors=("Mô hình",))), MINISTRY_EMULATION_FLAG)
    assert [r.explanation for r in answer.unmet] == [
        "Năm 2024 Công an tỉnh Nghệ An không dẫn đầu phong trào thi đua của cụm, khối thi đua."
    ]


def test_new_factors_not_reported_are_unknown_and_none_reported_are_a_no() -> None:
    silent = check(unit(unit_year(2024, leads=True, exceeds=True)), MINISTRY_EMULATION_FLAG)
    assert result_of(silent, HasNewFactors).met is None
    empty = check(unit(unit_year(2024, leads=True, exceeds=True, factors=())), MINISTRY_EMULATION_FLAG)
    assert result_of(empty, HasNewFactors).met is False


def test_a_cluster_leader_exceeding_targets_united_clean_and_thrifty_earns_the_government_flag() -> None:
    answer = check(unit(unit_year(2024, leads=True, exceeds=True)), GOVERNMENT_EMULATION_FLAG)
    assert answer.eligible
    assert {r.article for r in answer.results} == {"Điều 25"}


def test_the_government_flag_without_a_thrift_attestation_is_undetermined() -> None:
    attested: dict[Attestation, bool] = {
        k: v for k, v in UNIT_OK.items() if k is not Attestation.THRIFT_AND_ANTI_CORRUPTION
    }
    answer = check(unit(unit_year(2024, leads=True, exceeds=True, attested=attested)), GOVERNMENT_EMULATION_FLAG)
    assert answer.status is EligibilityStatus.UNDETERMINED
    assert answer.summary.endswith(": 1 tiêu chuẩn chưa xác định.")


def test_the_government_flag_needs_targets_exceeded() -> None:
    answer = check(unit(unit_year(2024, leads=True, exceeds=False)), GOVERNMENT_EMULATION_FLAG)
    assert [r.explanation for r in answer.unmet] == [
        "Năm 2024 Công an tỉnh Nghệ An không hoàn thành vượt mức các chỉ tiêu thi đua."
    ]


# --- Unit chains and the merger policy ------------------------------------------------------------------------------

# A cluster's own rule, for the tests only: the ministry flag needs 3 consecutive Đơn vị quyết thắng.
CHAIN_RULES = RULESET_2025.with_criteria(
    MINISTRY_EMULATION_FLAG,
    [ConsecutiveTitle(title=DETERMINED_TO_WIN_UNIT, length=3, article="Quy chế cụm (thử nghiệm)")],
)
WIN = DETERMINED_TO_WIN_UNIT


def province(key: str, name: str, *winning_years: int) -> UnitRecord:
    return UnitRecord(key, name, tuple(unit_year(y, EXCELLENT, None, WIN) for y in winning_years))


def ninh_binh_2025(*predecessors: UnitRecord, own: tuple[int, ...] = (2025,)) -> UnitRecord:
    """The new Công an tỉnh Ninh Bình of 01/07/2025 (DOMAIN.md section 3), holding the 2025 year-end review."""
    keys = tuple(p.key for p in predecessors)
    return UnitRecord(
        "CAT-NBI-2025",
        "Công an tỉnh Ninh Bình (mới)",
        tuple(unit_year(y, EXCELLENT, None, WIN) for y in own),
        predecessors_by_year={2023: keys, 2024: keys, 2025: keys},
        predecessor_records=predecessors,
    )


HA_NAM = province("CAT-HNA", "Công an tỉnh Hà Nam", 2023, 2024)
NAM_DINH = province("CAT-NDI", "Công an tỉnh Nam Định", 2024)
NINH_BINH = province("CAT-NBI", "Công an tỉnh Ninh Bình", 2023, 2024)


def chain_of(subject: UnitRecord, policy: MergerPolicy, number: int = 2025) -> CriterionResult:
    answer = check(subject, MINISTRY_EMULATION_FLAG, number, CHAIN_RULES, policy)
    return result_of(answer, ConsecutiveTitle)


def test_a_units_own_chain_broken_by_one_missing_year_names_that_year() -> None:
    thanh_hoa = province("CAT-THO", "Công an tỉnh Thanh Hóa", 2022, 2024, 2025)
    chain = chain_of(thanh_hoa, MergerPolicy.INHERIT_BEST)
    assert chain.met is False
    assert "Chuỗi bị gián đoạn năm 2023: không có hồ sơ thi đua năm 2023 của Công an tỉnh Thanh Hóa." in (
        chain.explanation
    )


def test_under_streak_restarts_a_merger_inside_the_chain_breaks_it() -> None:
    chain = chain_of(ninh_binh_2025(HA_NAM, NAM_DINH, NINH_BINH), MergerPolicy.RESTART)
    assert chain.met is False
    assert chain.explanation == (
        "Chưa đủ 3 năm liên tục đạt danh hiệu Đơn vị quyết thắng. Chuỗi bị gián đoạn năm 2024: năm đó Công an tỉnh "
        "Ninh Bình (mới) chưa được thành lập (đơn vị tiền thân: Công an tỉnh Hà Nam, Công an tỉnh Nam Định, Công "
        "an tỉnh Ninh Bình); theo chính sách “tính lại chuỗi từ khi sắp xếp”, các năm của đơn vị tiền thân không "
        "được tính."
    )


def test_under_streak_survives_the_successor_continues_a_predecessors_chain() -> None:
    chain = chain_of(ninh_binh_2025(HA_NAM, NAM_DINH, NINH_BINH), MergerPolicy.INHERIT_BEST)
    assert chain.met is True
    assert chain.explanation == (
        "Đạt danh hiệu Đơn vị quyết thắng 3 năm liên tục: 2023, 2024, 2025. Từ năm 2024 trở về trước, chuỗi tính "
        "theo đơn vị tiền thân Công an tỉnh Hà Nam (chính sách “kế thừa chuỗi của một đơn vị tiền thân có đủ "
        "chuỗi”)."
    )
    assert [(e.subject, e.year) for e in chain.evidence] == [
        ("CAT-NBI-2025", 2025),
        ("CAT-HNA", 2024),
        ("CAT-HNA", 2023),
    ]


def test_under_streak_survives_for_all_every_predecessor_must_have_the_chain() -> None:
    chain = chain_of(ninh_binh_2025(HA_NAM, NAM_DINH, NINH_BINH), MergerPolicy.INHERIT_ALL)
    assert chain.met is False
    assert "Chuỗi bị gián đoạn năm 2023: không có hồ sơ thi đua năm 2023 của Công an tỉnh Nam Định." in (
        chain.explanation
    )
    complete = chain_of(ninh_binh_2025(HA_NAM, NINH_BINH), MergerPolicy.INHERIT_ALL)
    assert complete.met is True
    assert {e.subject for e in complete.evidence} == {"CAT-NBI-2025", "CAT-HNA", "CAT-NBI"}


def test_years_of_different_predecessors_are_never_stitched_into_one_chain() -> None:
    only_2024 = province("CAT-HNA", "Công an tỉnh Hà Nam", 2024)
    only_2023 = province("CAT-NBI", "Công an tỉnh Ninh Bình", 2023)
    chain = chain_of(ninh_binh_2025(only_2024, only_2023), MergerPolicy.INHERIT_BEST)
    assert chain.met is False
    assert chain.explanation == (
        "Chưa đủ 3 năm liên tục đạt danh hiệu Đơn vị quyết thắng. Từ năm 2024 trở về trước (chính sách “kế thừa "
        "chuỗi của một đơn vị tiền thân có đủ chuỗi”), không đơn vị tiền thân nào (Công an tỉnh Hà Nam, Công an "
        "tỉnh Ninh Bình) có đủ chuỗi. Chuỗi bị gián đoạn năm 2023: không có hồ sơ thi đua năm 2023 của Công an tỉnh "
        "Hà Nam. Chuỗi bị gián đoạn năm 2024: không có hồ sơ thi đua năm 2024 của Công an tỉnh Ninh Bình."
    )


def test_a_missing_predecessor_record_leaves_the_chain_undetermined() -> None:
    successor = ninh_binh_2025(NAM_DINH)
    successor = UnitRecord(
        successor.key,
        successor.name,
        successor.years,
        {2023: ("CAT-NDI", "CAT-HNA"), 2024: ("CAT-NDI", "CAT-HNA")},
        successor.predecessor_records,
    )
    chain = chain_of(successor, MergerPolicy.INHERIT_BEST)
    assert chain.met is None
    assert "Thiếu hồ sơ thi đua của đơn vị tiền thân mã CAT-HNA." in chain.explanation


def test_the_straddling_year_falls_to_the_predecessors_when_the_successor_has_no_record_of_it() -> None:
    predecessors = [province(p.key, p.name, 2023, 2024, 2025) for p in (HA_NAM, NINH_BINH)]
    successor = ninh_binh_2025(*predecessors, own=())
    chain = chain_of(successor, MergerPolicy.INHERIT_BEST)
    assert chain.met is True
    assert [(e.subject, e.year) for e in chain.evidence] == [("CAT-HNA", 2025), ("CAT-HNA", 2024), ("CAT-HNA", 2023)]


def test_predecessors_are_followed_through_an_earlier_merger() -> None:
    older = UnitRecord(
        "CAT-HNA",
        "Công an tỉnh Hà Nam",
        (unit_year(2024, EXCELLENT, None, WIN),),
        predecessors_by_year={2023: ("CAT-HNA-CU",)},
        predecessor_records=(province("CAT-HNA-CU", "Công an tỉnh Hà Nam (cũ)", 2023),),
    )
    chain = chain_of(ninh_binh_2025(older), MergerPolicy.INHERIT_BEST)
    assert chain.met is True
    assert [(e.subject, e.year) for e in chain.evidence] == [
        ("CAT-NBI-2025", 2025),
        ("CAT-HNA", 2024),
        ("CAT-HNA-CU", 2023),
    ]


def test_a_unit_cannot_be_its_own_predecessor() -> None:
    error = refusal(lambda: UnitRecord("CAT-NAN", "Công an tỉnh Nghệ An", (), {2024: ("CAT-NAN",)}))
    assert error.field == "predecessors_by_year"


def test_the_merger_policy_does_not_touch_a_persons_own_chain() -> None:
    person = officer(*base_years(2022, 2023, 2024), innovations=(initiative(2023, EffectScope.MINISTRY),))
    for policy in MergerPolicy:
        assert check(person, MINISTRY_EMULATION_SOLDIER, policy=policy).eligible


# --- Predecessor years from the organisations domain ----------------------------------------------------------------

NINH_BINH_MERGER = Succession(
    SuccessionKind.MERGE, date(2025, 7, 1), ("CAT-HNA", "CAT-NDI", "CAT-NBI"), ("CAT-NBI-2025",)
)


def test_a_mid_year_merger_maps_earlier_years_and_the_straddling_year_to_the_predecessors() -> None:
    found = predecessors_by_year("CAT-NBI-2025", [NINH_BINH_MERGER], range(2022, 2027))
    assert found == dict.fromkeys((2022, 2023, 2024, 2025), ("CAT-HNA", "CAT-NDI", "CAT-NBI"))


def test_a_merger_on_new_years_day_leaves_that_year_to_the_successor() -> None:
    merger = Succession(SuccessionKind.MERGE, date(2026, 1, 1), ("CAT-A", "CAT-B"), ("CAT-C",))
    assert set(predecessors_by_year("CAT-C", [merger], range(2024, 2027))) == {2024, 2025}


def test_an_absorbing_unit_keeps_its_own_history_and_a_split_inherits_nothing_by_default() -> None:
    absorb = Succession(SuccessionKind.ABSORB, date(2025, 3, 1), ("CA-HUYEN",), ("CAT-NAN",))
    split = Succession(SuccessionKind.SPLIT, date(2025, 3, 1), ("CAT-X",), ("CAT-Y", "CAT-Z"))
    assert predecessors_by_year("CAT-NAN", [absorb], [2024]) == {}
    assert predecessors_by_year("CAT-Y", [split], [2024]) == {}
    assert predecessors_by_year("CAT-Y", [split], [2024], kinds=frozenset({SuccessionKind.SPLIT})) == {2024: ("CAT-X",)}


def test_the_organisations_succession_feeds_a_unit_record() -> None:
    successor = UnitRecord(
        "CAT-NBI-2025",
        "Công an tỉnh Ninh Bình (mới)",
        (unit_year(2025, EXCELLENT, None, WIN),),
        predecessors_by_year=predecessors_by_year("CAT-NBI-2025", [NINH_BINH_MERGER], range(2023, 2026)),
        predecessor_records=(HA_NAM, NAM_DINH, NINH_BINH),
    )
    assert chain_of(successor, MergerPolicy.INHERIT_BEST).met is True
    assert chain_of(successor, MergerPolicy.RESTART).met is False


# --- Messages -------------------------------------------------------------------------------------------------------


def test_every_message_is_nfc_normalised_vietnamese() -> None:
    answers = [
        check(officer(year(2024, COMPLETED)), ADVANCED_SOLDIER),
        check(officer(*base_years(2022, 2024)), MINISTRY_EMULATION_SOLDIER),
        check(unit(unit_year(2024, GOOD, members(5, 10, discipline=DisciplineLevel.WARNING))), ADVANCED_UNIT),
        check(ninh_binh_2025(HA_NAM, NAM_DINH), MINISTRY_EMULATION_FLAG, 2025, CHAIN_RULES, MergerPolicy.INHERIT_ALL),
    ]
    for answer in answers:
        for line in answer.lines():
            assert unicodedata.is_normalized("NFC", line)
        for result in answer.results:
            assert all(unicodedata.is_normalized("NFC", e.text) for e in result.evidence)


def test_the_share_of_members_is_shown_with_a_vietnamese_decimal_comma() -> None:
    staff = members(2, 3, base=0)
    answer = eligibility(
        unit(unit_year(2024, GOOD, staff)),
        ADVANCED_UNIT,
        2024,
        RULESET_2024.with_criteria(
            ADVANCED_UNIT,
            [
                MemberTitleShare(
                    title=ADVANCED_SOLDIER, percent=Decimal("66.5"), comparison=Comparison.AT_LEAST, article="Quy chế"
                )
            ],
        ),
    )
    assert answer.results[0].explanation == (
        "Năm 2024 có 2/3 cán bộ, chiến sĩ (66,67%) đạt danh hiệu Chiến sĩ tiên tiến; yêu cầu từ 66,5% trở lên."
    )


def test_an_attested_criterion_names_its_statement() -> None:
    answer = check(unit(unit_year(2024, leads=True, exceeds=True)), GOVERNMENT_EMULATION_FLAG)
    clauses = [r.criterion.clause for r in answer.results if isinstance(r.criterion, Attested)]
    assert clauses == [
        Attestation.INTERNAL_SOLIDARITY,
        Attestation.CLEAN_STRONG_ORGANISATIONS,
        Attestation.THRIFT_AND_ANTI_CORRUPTION,
    ]
