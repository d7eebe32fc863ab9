"""Indicator catalogue (danh mục chỉ tiêu): rates, unique codes, disaggregations, through the services."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden
from thidua.core.models import AuditEvent
from thidua.core.testing import make_user
from thidua.indicators.models import Disaggregation, DisaggregationOption, Indicator
from thidua.indicators.services import disaggregation_create, indicator_by_code, indicator_create

pytestmark = pytest.mark.django_db

SEVERITY = [
    ("IT", "Ít nghiêm trọng"),
    ("NT", "Nghiêm trọng"),
    ("RNT", "Rất nghiêm trọng"),
    ("DBNT", "Đặc biệt nghiêm trọng"),
]


def _rate(world: Any, **overrides: Any) -> Indicator:
    arguments: dict[str, Any] = {
        "code": "TLKP2",
        "name": "Tỷ lệ điều tra khám phá án rất nghiêm trọng",
        "unit_of_measure": "%",
        "value_type": "rate",
        "numerator": world.indicators["LAMRO"],
        "denominator": world.indicators["XAYRA"],
        "actor": world.admin,
    }
    arguments.update(overrides)
    return indicator_create(**arguments)


def test_a_rate_is_stored_with_its_numerator_denominator_and_ratio_of_sums(world: Any) -> None:
    rate = _rate(world)

    rate.refresh_from_db()
    assert rate.numerator == world.indicators["LAMRO"]
    assert rate.denominator == world.indicators["XAYRA"]
    assert rate.aggregation == "ratio_of_sums"
    event = AuditEvent.objects.get(action="indicator.create", object_id=str(rate.pk))
    assert event.after["code"] == "TLKP2"
    assert event.before is None


@pytest.mark.parametrize(("missing", "field"), [("numerator", "numerator"), ("denominator", "denominator")])
def test_a_rate_without_numerator_or_denominator_is_refused_naming_the_field_and_nothing_is_saved(
    world: Any, missing: str, field: str
) -> None:
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        _rate(world, **{missing: None})

    assert refused.value.field == field
    assert "tỷ lệ" in refused.value.message
    assert not Indicator.objects.filter(code="TLKP2").exists()
    assert AuditEvent.objects.count() == events_before


def test_a_count_indicator_with_a_numerator_is_refused(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        indicator_create(
            code="BAT",
            name="Số đối tượng bắt giữ",
            value_type="count",
            numerator=world.indicators["LAMRO"],
            actor=world.admin,
        )

    assert refused.value.field == "numerator"
    assert not Indicator.objects.filter(code="BAT").exists()


def test_a_duplicate_code_is_refused_whatever_its_case_and_the_existing_indicator_is_unchanged(world: Any) -> None:
    original_name = world.indicators["XAYRA"].name
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        indicator_create(code=" xayra ", name="Một chỉ tiêu khác", value_type="count", actor=world.admin)

    assert refused.value.field == "code"
    assert "XAYRA" in refused.value.message
    assert Indicator.objects.filter(code="XAYRA").count() == 1
    assert Indicator.objects.get(code="XAYRA").name == original_name
    assert AuditEvent.objects.count() == events_before


def test_an_unknown_value_type_is_refused_naming_the_field(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        indicator_create(code="MOI", name="Chỉ tiêu mới", value_type="percentage", actor=world.admin)

    assert refused.value.field == "value_type"
    assert not Indicator.objects.filter(code="MOI").exists()


def test_a_disaggregation_keeps_its_options_in_the_order_given(world: Any) -> None:
    severity = disaggregation_create(code="mucdo", name="Mức độ nghiêm trọng", options=SEVERITY, actor=world.admin)

    assert severity.code == "MUCDO"
    assert [(o.code, o.name) for o in severity.options.all()] == SEVERITY
    event = AuditEvent.objects.get(action="disaggregation.create", object_id=str(severity.pk))
    assert [code for code, _ in event.after["options"]] == ["IT", "NT", "RNT", "DBNT"]


def test_an_indicator_can_be_broken_down_by_a_disaggregation(world: Any) -> None:
    severity = disaggregation_create(code="MUCDO", name="Mức độ nghiêm trọng", options=SEVERITY, actor=world.admin)

    solved = indicator_create(
        code="LAMRO-MD",
        name="Số vụ làm rõ theo mức độ",
        unit_of_measure="vụ",
        value_type="count",
        disaggregations=[severity],
        actor=world.admin,
    )

    assert list(indicator_by_code("lamro-md").disaggregations.all()) == [severity]
    assert solved.disaggregations.get().options.count() == 4


@pytest.mark.parametrize(
    "options",
    [[], [("IT", "Ít nghiêm trọng"), ("it", "Ít nghiêm trọng (trùng)")]],
    ids=["no-options", "duplicate-option-codes"],
)
def test_a_disaggregation_without_options_or_with_duplicate_option_codes_is_refused(
    world: Any, options: list[tuple[str, str]]
) -> None:
    with pytest.raises(DomainError) as refused:
        disaggregation_create(code="MUCDO", name="Mức độ", options=options, actor=world.admin)

    assert refused.value.field == "options"
    assert not Disaggregation.objects.filter(code="MUCDO").exists()
    assert not DisaggregationOption.objects.exists()


def test_a_duplicate_disaggregation_code_is_refused(world: Any) -> None:
    disaggregation_create(code="MUCDO", name="Mức độ", options=SEVERITY, actor=world.admin)

    with pytest.raises(DomainError) as refused:
        disaggregation_create(code="mucdo", name="Mức độ (lần hai)", options=SEVERITY[:1], actor=world.admin)

    assert refused.value.field == "code"
    assert Disaggregation.objects.get().name == "Mức độ"


def test_a_unit_officer_cannot_edit_the_indicator_catalogue(world: Any) -> None:
    officer = make_user(world, "nhaplieu.hti", "unit_officer", unit="HTI")

    with pytest.raises(Forbidden):
        indicator_create(code="MOI", name="Chỉ tiêu mới", value_type="count", actor=officer)

    assert not Indicator.objects.filter(code="MOI").exists()
