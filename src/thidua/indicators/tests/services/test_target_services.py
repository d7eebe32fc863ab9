"""Targets (chỉ tiêu được giao) through ``target_set``: versions, membership, kinds, numbers, audit."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.core.testing import make_user
from thidua.indicators.models import Target
from thidua.indicators.services import disaggregation_create, indicator_create, target_set

pytestmark = pytest.mark.django_db


def _set(world: Any, unit: str = "HTI", *, year: int = 2026, period: str = "2026S1", **overrides: Any) -> Target:
    arguments: dict[str, Any] = {
        "edition": world.editions[year],
        "unit": world.units[unit],
        "indicator": world.indicators["LAMRO"],
        "period": world.periods[period],
        "kind": "absolute",
        "value": 120,
        "actor": world.admin,
    }
    arguments.update(overrides)
    return target_set(**arguments)


def _nothing_written(world: Any, events_before: int) -> None:
    assert not Target.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_a_new_target_starts_at_version_1_and_a_change_based_on_it_moves_to_version_2(world: Any) -> None:
    target = _set(world, value=120)
    assert target.version == 1

    changed = _set(world, value=150, expected_version=1)

    assert changed.pk == target.pk
    changed.refresh_from_db()
    assert changed.version == 2
    assert changed.value == Decimal(150)
    assert Target.objects.count() == 1


def test_a_change_based_on_a_stale_version_is_refused_and_the_stored_value_is_unchanged(world: Any) -> None:
    target = _set(world, value=120)
    _set(world, value=150, expected_version=1)
    events_before = AuditEvent.objects.count()

    with pytest.raises(StaleEdit) as refused:
        _set(world, value=999, expected_version=1)

    assert refused.value.field == "version"
    assert refused.value.extra["current_version"] == 2
    assert "tải lại" in refused.value.message
    target.refresh_from_db()
    assert (target.value, target.version) == (Decimal(150), 2)
    assert AuditEvent.objects.count() == events_before


def test_a_version_sent_for_a_target_not_yet_assigned_is_refused(world: Any) -> None:
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        _set(world, expected_version=3)

    assert refused.value.field == "version"
    _nothing_written(world, events_before)


def test_a_unit_that_is_not_a_member_of_the_edition_is_refused_naming_the_unit(world: Any) -> None:
    # Hà Nam merged into Ninh Bình on 01/07/2025: it is not in the 2026 edition.
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        _set(world, "HNA")

    assert refused.value.field == "unit"
    assert "2026S1" in refused.value.message
    _nothing_written(world, events_before)


def test_a_unit_that_joined_after_the_period_closed_is_refused(world: Any) -> None:
    # The new Ninh Bình joined the 2025 edition on 01/07/2025; the first half of 2025 closed on 14/06/2025.
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        _set(world, "NBH2", year=2025, period="2025S1")

    assert refused.value.field == "unit"
    _nothing_written(world, events_before)


def test_units_of_both_sides_of_the_merger_get_targets_for_the_year_that_straddles_it(world: Any) -> None:
    before_merger = _set(world, "NBH", year=2025, period="2025")
    after_merger = _set(world, "NBH2", year=2025, period="2025")

    assert {before_merger.unit.code, after_merger.unit.code} == {"NBH", "NBH2"}


def test_a_period_of_another_year_is_refused_naming_the_period(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        _set(world, year=2026, period="2024S1")

    assert refused.value.field in ("unit", "period")
    assert not Target.objects.exists()


def test_a_minimum_rate_on_a_count_indicator_is_refused_naming_the_kind(world: Any) -> None:
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        _set(world, kind="min_rate", value=80)

    assert refused.value.field == "kind"
    assert "LAMRO" in refused.value.message
    _nothing_written(world, events_before)


def test_a_minimum_rate_on_a_rate_indicator_is_accepted(world: Any) -> None:
    target = _set(world, indicator=world.indicators["TLKP"], kind="min_rate", value="80")

    target.refresh_from_db()
    assert (target.kind, target.value) == ("min_rate", Decimal(80))


def test_a_minimum_rate_above_100_percent_is_refused_naming_the_value(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        _set(world, indicator=world.indicators["TLKP"], kind="min_rate", value="120")

    assert refused.value.field == "value"
    assert not Target.objects.exists()


def test_an_unknown_target_kind_is_refused_naming_the_kind(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        _set(world, kind="toi-thieu")

    assert refused.value.field == "kind"
    assert not Target.objects.exists()


def test_a_vietnamese_number_with_a_thousands_dot_is_stored_as_an_integer(world: Any) -> None:
    target = _set(world, value="1.799")

    target.refresh_from_db()
    assert target.value == Decimal(1799)


def test_a_vietnamese_decimal_comma_is_stored_as_a_decimal(world: Any) -> None:
    target = _set(world, indicator=world.indicators["TLKP"], kind="min_rate", value="93,5")

    target.refresh_from_db()
    assert target.value == Decimal("93.5")


def test_a_reduction_versus_last_year_is_stored_as_a_negative_percentage(world: Any) -> None:
    target = _set(world, indicator=world.indicators["XAYRA"], kind="change", value="-10")

    target.refresh_from_db()
    assert target.value == Decimal(-10)


@pytest.mark.parametrize("raw", ["12abc", "1,2,3", "mười", "1.7.9", "NaN", ""])
def test_a_malformed_number_is_refused_naming_the_value_and_nothing_is_saved(world: Any, raw: str) -> None:
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        _set(world, value=raw)

    assert refused.value.field == "value"
    assert refused.value.message
    _nothing_written(world, events_before)


def test_a_malformed_number_in_a_change_leaves_the_stored_target_as_it_was(world: Any) -> None:
    target = _set(world, value="1.799")

    with pytest.raises(DomainError) as refused:
        _set(world, value="1.7a9", expected_version=1)

    assert refused.value.field == "value"
    target.refresh_from_db()
    assert (target.value, target.version) == (Decimal(1799), 1)


def test_a_negative_absolute_target_is_refused_naming_the_value(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        _set(world, value="-5")

    assert refused.value.field == "value"
    assert not Target.objects.exists()


def test_creating_a_target_writes_an_audit_event_with_the_value_after(world: Any) -> None:
    target = _set(world, value="1.799")

    event = AuditEvent.objects.get(action="target.create", object_id=str(target.pk))
    assert event.actor_username == world.admin.username
    assert event.before is None
    assert Decimal(event.after["value"]) == Decimal(1799)
    assert event.after["unit_id"] == world.units["HTI"].pk


def test_changing_a_target_writes_an_audit_event_with_the_value_before_and_after(world: Any) -> None:
    target = _set(world, value="1.799")

    _set(world, value="1.850", expected_version=1)

    event = AuditEvent.objects.get(action="target.update", object_id=str(target.pk))
    assert Decimal(event.before["value"]) == Decimal(1799)
    assert Decimal(event.after["value"]) == Decimal(1850)
    assert (event.before["version"], event.after["version"]) == (1, 2)


def test_a_target_per_disaggregation_option_is_kept_apart_from_the_total(world: Any) -> None:
    severity = disaggregation_create(
        code="MUCDO",
        name="Mức độ",
        options=[("RNT", "Rất nghiêm trọng"), ("DBNT", "Đặc biệt nghiêm trọng")],
        actor=world.admin,
    )
    solved = indicator_create(
        code="LAMRO-MD",
        name="Số vụ làm rõ theo mức độ",
        value_type="count",
        disaggregations=[severity],
        actor=world.admin,
    )
    very_serious = severity.options.get(code="RNT")

    total = _set(world, indicator=solved, value=100)
    part = _set(world, indicator=solved, option=very_serious, value=20)

    assert total.pk != part.pk
    assert Target.objects.get(option=very_serious).value == Decimal(20)
    assert Target.objects.get(indicator=solved, option__isnull=True).value == Decimal(100)


def test_an_option_of_a_breakdown_the_indicator_does_not_have_is_refused(world: Any) -> None:
    severity = disaggregation_create(
        code="MUCDO", name="Mức độ", options=[("RNT", "Rất nghiêm trọng")], actor=world.admin
    )

    with pytest.raises(DomainError) as refused:
        _set(world, option=severity.options.get())

    assert refused.value.field == "option"
    assert not Target.objects.exists()


def test_a_unit_officer_cannot_set_targets_not_even_for_its_own_unit(world: Any) -> None:
    officer = make_user(world, "nhaplieu.hti", "unit_officer", unit="HTI")
    events_before = AuditEvent.objects.count()

    with pytest.raises(Forbidden):
        _set(world, "HTI", actor=officer)

    _nothing_written(world, events_before)


def test_a_unit_leader_cannot_set_targets(world: Any) -> None:
    leader = make_user(world, "lanhdao.hti", "unit_leader", unit="HTI")

    with pytest.raises(Forbidden):
        _set(world, "HTI", actor=leader)

    assert not Target.objects.exists()


def test_an_auditor_cannot_set_targets(world: Any) -> None:
    auditor = make_user(world, "kiemtra.bca", "auditor", unit="BCA")

    with pytest.raises(Forbidden):
        _set(world, "HTI", actor=auditor)

    assert not Target.objects.exists()


def test_the_secretariat_sets_targets_for_its_own_edition_only(world: Any) -> None:
    secretariat = make_user(world, "thuongtruc.cum6.2026", "cluster_secretariat", edition_year=2026)

    target = _set(world, "NAN", actor=secretariat)
    with pytest.raises(Forbidden):
        _set(world, "NAN", year=2024, period="2024S1", actor=secretariat)

    assert list(Target.objects.all()) == [target]


def test_the_emulation_office_of_the_ministry_sets_targets_for_the_ministry_cluster(world: Any) -> None:
    office = make_user(world, "pc.bca", "emulation_office", unit="BCA")

    target = _set(world, "THA", actor=office)

    assert AuditEvent.objects.get(action="target.create", object_id=str(target.pk)).actor_username == "pc.bca"


def _nan_internal_edition(world: Any) -> Any:
    from thidua.organisations.services import cluster_create, cluster_edition_create

    cluster = cluster_create(
        number=1, name="Cụm thi đua số 1", level="province", owner=world.units["NAN"], actor=world.admin
    )
    return cluster_edition_create(
        cluster=cluster, year=2026, members=[world.units["NAN-PC02"], world.units["NAN-BENTHUY"]], actor=world.admin
    )


def test_a_provinces_emulation_office_cannot_set_another_members_targets_in_the_ministrys_cluster(world: Any) -> None:
    # Nghệ An is a member of Cụm 6, which the ministry organises: Nghệ An's office does not run it.
    office = make_user(world, "pct.nan", "emulation_office", unit="NAN")
    events_before = AuditEvent.objects.count()

    with pytest.raises(Forbidden):
        _set(world, "HTI", actor=office)

    _nothing_written(world, events_before)


def test_a_provinces_emulation_office_cannot_set_its_own_targets_in_the_ministrys_cluster(world: Any) -> None:
    office = make_user(world, "pct.nan", "emulation_office", unit="NAN")

    with pytest.raises(Forbidden):
        _set(world, "NAN", actor=office)

    assert not Target.objects.exists()


def test_a_provinces_emulation_office_sets_targets_in_the_provinces_own_clusters(world: Any) -> None:
    office = make_user(world, "pct.nan", "emulation_office", unit="NAN")
    internal = _nan_internal_edition(world)

    target = _set(world, "NAN-PC02", edition=internal, actor=office)

    assert Target.objects.get().pk == target.pk
