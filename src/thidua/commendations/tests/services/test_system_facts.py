"""A unit's targets and new factors come from the system where it has them (approved year figures against the
assigned targets; published entries of the good-practice registry); the dossier line's certified values stand in
only where it has none, and the eligibility says which source was used."""

from __future__ import annotations

from typing import Any

from thidua.commendations import selectors
from thidua.commendations.tests.worlds import KWorld

FLAG = "ministry_emulation_flag"


def result_of(result: Any, words: str) -> Any:
    return next(r for r in result.results if words in r.requirement)


def year_figures(k: KWorld, unit: str, figures: dict[str, str]) -> None:
    """Approved 2025 figures of ``unit`` (written as an approved year report, then refreshed as approval does)."""
    from thidua.analytics.tests.helpers import approved_report
    from thidua.indicators.services import data_set_create

    w = k.world
    if not hasattr(w, "data_set") or w.data_set is None:
        w.data_set = data_set_create(
            edition=w.editions[2025],
            code="NAM2025",
            name="Bộ chỉ tiêu tổng kết năm",
            period_kind="year",
            items=[(w.indicators["XAYRA"], "I"), (w.indicators["LAMRO"], "I")],
            actor=w.admin,
        )
    approved_report(w, unit, "2025", figures)


def assign(k: KWorld, unit: str, indicator: str, value: str) -> None:
    from thidua.indicators.services import target_set

    target_set(
        edition=k.editions[2025],
        unit=k.units[unit],
        indicator=k.world.indicators[indicator],
        period=k.world.periods["2025"],
        kind="absolute",
        value=value,
        actor=k.world.admin,
    )


def test_without_system_data_the_certified_values_count_and_say_so(kworld: KWorld) -> None:
    facts = {"targets_exceeded": True, "new_factors": ["Mô hình «Camera an ninh»"]}
    result = selectors.unit_eligibility(kworld.units["NAN"], FLAG, 2025, facts=facts)
    targets = result_of(result, "vượt mức")
    assert targets.met is True
    assert "đơn vị xác nhận trong hồ sơ" in targets.explanation
    assert "chưa có chỉ tiêu giao" in targets.explanation
    factors = result_of(result, "nhân tố mới")
    assert factors.met is True and "đơn vị xác nhận" in factors.explanation


def test_approved_figures_against_targets_decide_and_override_the_certification(kworld: KWorld) -> None:
    k = kworld
    assign(k, "NAN", "LAMRO", "100")  # higher is better: must be above 100
    assign(k, "NAN", "XAYRA", "500")  # lower is better (kéo giảm): must stay at or below 500
    year_figures(k, "NAN", {"LAMRO": "100", "XAYRA": "450"})
    result = selectors.unit_eligibility(k.units["NAN"], FLAG, 2025, facts={"targets_exceeded": True})
    targets = result_of(result, "vượt mức")
    assert targets.met is False  # 100 of 100 is reached, not exceeded
    assert "1/2 chỉ tiêu vượt mức" in targets.explanation
    assert "Số vụ điều tra làm rõ: thực hiện 100, chỉ tiêu 100" in targets.explanation
    assert "không dùng nội dung đơn vị xác nhận" in targets.explanation


def test_a_lower_is_better_indicator_is_exceeded_by_staying_at_its_target(kworld: KWorld) -> None:
    k = kworld
    assign(k, "NAN", "LAMRO", "100")
    assign(k, "NAN", "XAYRA", "500")
    year_figures(k, "NAN", {"LAMRO": "130", "XAYRA": "500"})
    result = selectors.unit_eligibility(k.units["NAN"], FLAG, 2025)
    targets = result_of(result, "vượt mức")
    assert targets.met is True
    assert "số liệu đã duyệt năm 2025" in targets.explanation and "2/2" in targets.explanation


def test_published_registry_entries_are_the_new_factors(kworld: KWorld) -> None:
    from thidua.practices import services as practices

    k = kworld
    office = k.users["ctct"]

    def entry(title: str, publish: bool) -> None:
        p = practices.practice_create(
            kind="effective_model",
            title=title,
            unit=k.units["NAN"],
            period=k.world.periods["2025"],
            description="Mô tả",
            actor=office,
        )
        if publish:
            practices.practice_publish(practice=p, published=True, expected_version=p.version, actor=office)

    entry("Tổ liên gia an toàn phòng cháy", publish=False)
    unknown = result_of(selectors.unit_eligibility(k.units["NAN"], FLAG, 2025), "nhân tố mới")
    assert unknown.met is None and "1 mục chưa công bố không tính" in unknown.explanation

    entry("Camera an ninh khu dân cư", publish=True)
    factors = result_of(selectors.unit_eligibility(k.units["NAN"], FLAG, 2025), "nhân tố mới")
    assert factors.met is True
    assert "Camera an ninh khu dân cư" in factors.explanation
    assert "Tổ liên gia" not in factors.explanation
    assert "sổ nhân tố mới, điển hình: 1 mục đã công bố năm 2025" in factors.explanation


def test_person_records_are_personnel_history_keyed_by_the_service_number(kworld: KWorld) -> None:
    from thidua.commendations.domain.rulesets import Attestation
    from thidua.commendations.tests.worlds import award

    code = "NA001"
    award(kworld, 2024, "base_emulation_soldier", person=code)
    record = selectors.person_record(kworld.people[code], attested={2025: {Attestation.INTERNAL_SOLIDARITY: True}})
    assert record.key == code
    assert [y.year for y in record.years] == [2024, 2025]
    assert "Quyết định số 2024/QĐ-base_e-NA001" in record.years[0].decisions["base_emulation_soldier"]
    assert record.years[1].attested == {Attestation.INTERNAL_SOLIDARITY: True}


def test_the_eligibility_page_states_the_targets_rule_and_the_source(kworld: KWorld) -> None:
    from django.test import Client
    from django.urls import reverse

    k = kworld
    assign(k, "NAN", "LAMRO", "100")
    year_figures(k, "NAN", {"LAMRO": "120"})
    client = Client()
    client.force_login(k.users["canbo.nan"])
    page = client.get(
        reverse("commendations:eligibility"), {"ma_don_vi": "NAN", "danh_hieu": FLAG, "nam": "2025"}
    ).content.decode()
    assert "chỉ tiêu kéo giảm: thực hiện không vượt quá chỉ tiêu giao" in page
    assert "theo số liệu đã duyệt năm 2025: vượt mức cả 1/1 chỉ tiêu được giao" in page
