"""Writes for indicators, periods, data sets and targets; atomic, validated, audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import parse_number
from thidua.core.exceptions import NotFound
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.indicators.domain import periods as period_rules
from thidua.indicators.domain.indicators import Aggregation, Direction, ValueType, validate_definition
from thidua.indicators.domain.targets import TargetKind, validate_target
from thidua.indicators.models import (
    DataSet,
    DataSetItem,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    Period,
    Target,
)
from thidua.organisations.models import ClusterEdition, OrgUnit
from thidua.organisations.selectors import member_during


def _require_catalogue_editor(actor: Any) -> None:
    require(
        actor.has_perm("indicators.change_catalogue"),
        "Chỉ quản trị hệ thống hoặc cơ quan thường trực thi đua, khen thưởng được sửa danh mục chỉ tiêu.",
    )


def configured_calendar() -> period_rules.CalendarKind:
    return period_rules.calendar_from_setting(getattr(settings, "THIDUA_PERIOD_CALENDAR", None))


def _enum(enum: type, value: str, field: str, what: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)  # type: ignore[attr-defined]
        raise DomainError(f"{what} «{value}» không hợp lệ: chọn một trong {allowed}.", field=field) from None


def indicator_by_code(code: str, *, field: str = "indicator") -> Indicator:
    clean = nfc(code).upper()
    indicator = Indicator.objects.filter(code=clean).first()
    if indicator is None:
        raise NotFound(f"Không có chỉ tiêu mã «{clean}».", field=field)
    return indicator


@transaction.atomic
def indicator_create(
    *,
    code: str,
    name: str,
    value_type: str,
    unit_of_measure: str = "",
    direction: str = "higher",
    aggregation: str | None = None,
    numerator: Indicator | None = None,
    denominator: Indicator | None = None,
    disaggregations: Iterable[Disaggregation] = (),
    synonyms: str = "",
    description: str = "",
    actor: Any,
) -> Indicator:
    _require_catalogue_editor(actor)
    code = nfc(code).upper()
    kind = _enum(ValueType, value_type, "value_type", "Kiểu giá trị")
    if aggregation is None:
        aggregation = {
            ValueType.RATE: Aggregation.RATIO_OF_SUMS,
            ValueType.BOOLEAN: Aggregation.NONE,
            ValueType.TEXT: Aggregation.NONE,
        }.get(kind, Aggregation.SUM)
    agg = _enum(Aggregation, aggregation, "aggregation", "Cách tổng hợp")
    _enum(Direction, direction, "direction", "Chiều đánh giá")
    validate_definition(
        code=code,
        name=nfc(name),
        value_type=kind,
        aggregation=agg,
        numerator=numerator.code if numerator else None,
        denominator=denominator.code if denominator else None,
    )
    if Indicator.objects.filter(code=code).exists():
        raise DomainError(f"Mã chỉ tiêu «{code}» đã được dùng.", field="code")
    indicator = Indicator(
        code=code,
        name=nfc(name),
        value_type=kind.value,
        unit_of_measure=nfc(unit_of_measure),
        direction=direction,
        aggregation=agg.value,
        numerator=numerator,
        denominator=denominator,
        synonyms=nfc(synonyms),
        description=nfc(description),
    )
    full_clean(indicator)
    indicator.save()
    indicator.disaggregations.set(list(disaggregations))
    audit.record(actor=actor, action="indicator.create", obj=indicator, after=audit.snapshot(indicator))
    return indicator


@transaction.atomic
def disaggregation_create(*, code: str, name: str, options: Iterable[tuple[str, str]], actor: Any) -> Disaggregation:
    """A breakdown with its options, e.g. severity: (IT, Ít nghiêm trọng), (NT, Nghiêm trọng), ..."""
    _require_catalogue_editor(actor)
    code = nfc(code).upper()
    if Disaggregation.objects.filter(code=code).exists():
        raise DomainError(f"Mã phân tổ «{code}» đã được dùng.", field="code")
    option_list = [(nfc(c).upper(), nfc(n)) for c, n in options]
    if len({c for c, _ in option_list}) != len(option_list) or not option_list:
        raise DomainError("Phân tổ cần ít nhất một giá trị và các mã giá trị không được trùng nhau.", field="options")
    disaggregation = Disaggregation.objects.create(code=code, name=nfc(name))
    DisaggregationOption.objects.bulk_create(
        [
            DisaggregationOption(disaggregation=disaggregation, code=c, name=n, order=i)
            for i, (c, n) in enumerate(option_list)
        ]
    )
    audit.record(
        actor=actor,
        action="disaggregation.create",
        obj=disaggregation,
        after={**audit.snapshot(disaggregation), "options": option_list},  # type: ignore[dict-item]
    )
    return disaggregation


# Periods ------------------------------------------------------------------------------------------------------


def period_by_code(code: str, *, field: str = "period") -> Period:
    clean = nfc(code).upper()
    period = Period.objects.filter(code__iexact=clean).first()
    if period is None:
        raise NotFound(f"Không có kỳ báo cáo mã «{clean}».", field=field)
    return period


def _save_period(spec: period_rules.PeriodSpec, calendar: str, actor: Any) -> Period:
    period = Period(
        code=spec.code,
        kind=spec.kind.value,
        year=spec.year,
        number=spec.number,
        name=spec.name,
        start=spec.start,
        end=spec.end,
        calendar=calendar,
    )
    full_clean(period)
    period.save()
    audit.record(actor=actor, action="period.create", obj=period, after=audit.snapshot(period))
    return period


@transaction.atomic
def period_ensure(*, code: str, actor: Any, calendar: str | None = None) -> Period:
    """The standard period with this code, created with the configured calendar if it does not exist yet."""
    existing = Period.objects.filter(code=nfc(code).upper()).first()
    if existing is not None:
        return existing
    _require_catalogue_editor(actor)
    cal = period_rules.calendar_from_setting(calendar) if calendar else configured_calendar()
    return _save_period(period_rules.period_for_code(code, cal), cal.value, actor)


@transaction.atomic
def periods_ensure_year(
    *, year: int, kinds: Iterable[str] | None = None, actor: Any, calendar: str | None = None
) -> list[Period]:
    """Every standard period of a year (months, quarters, halves, nine months, year)."""
    _require_catalogue_editor(actor)
    cal = period_rules.calendar_from_setting(calendar) if calendar else configured_calendar()
    wanted = [period_rules.PeriodKind(k) for k in kinds] if kinds is not None else None
    existing = {p.code: p for p in Period.objects.filter(year=year)}
    result = []
    for spec in period_rules.periods_of_year(year, wanted, cal):
        result.append(existing.get(spec.code) or _save_period(spec, cal.value, actor))
    return result


@transaction.atomic
def campaign_create(*, code: str, name: str, start: date, end: date, actor: Any) -> Period:
    """A peak campaign (đợt thi đua cao điểm) with its own dates."""
    _require_catalogue_editor(actor)
    spec = period_rules.campaign_period(nfc(code), nfc(name), start, end)
    if Period.objects.filter(code__iexact=spec.code).exists():
        raise DomainError(f"Mã kỳ «{spec.code}» đã được dùng.", field="code")
    return _save_period(spec, "", actor)


# Data sets ----------------------------------------------------------------------------------------------------


def _require_edition_manager(actor: Any, edition: ClusterEdition) -> None:
    """The edition's own secretariat, or the emulation office over the unit that organises the cluster. An office
    whose province is merely a member (e.g. Nghệ An in the ministry's Cụm 6) does not run that cluster."""
    require(
        actor.has_perm("indicators.manage_edition", edition),
        "Chỉ thường trực cụm hoặc cơ quan thường trực thi đua, khen thưởng được cấu hình cụm này.",
    )


@transaction.atomic
def data_set_create(
    *,
    edition: ClusterEdition,
    code: str,
    name: str,
    period_kind: str,
    items: Iterable[tuple[Indicator, str]],
    actor: Any,
) -> DataSet:
    """The indicators (with their section heading) a cluster edition reports for a period type."""
    _require_edition_manager(actor, edition)
    kind = _enum(period_rules.PeriodKind, period_kind, "period_kind", "Loại kỳ")
    data_set = DataSet(edition=edition, code=nfc(code).upper(), name=nfc(name), period_kind=kind.value)
    full_clean(data_set)
    data_set.save()
    item_list = list(items)
    if len({i.pk for i, _ in item_list}) != len(item_list):
        raise DomainError("Một chỉ tiêu chỉ được có một lần trong bộ chỉ tiêu.", field="items")
    DataSetItem.objects.bulk_create(
        [
            DataSetItem(data_set=data_set, indicator=ind, section=nfc(sec), order=i)
            for i, (ind, sec) in enumerate(item_list)
        ]
    )
    audit.record(
        actor=actor,
        action="data_set.create",
        obj=data_set,
        after={**audit.snapshot(data_set), "indicators": [i.code for i, _ in item_list]},  # type: ignore[dict-item]
    )
    return data_set


# Targets ------------------------------------------------------------------------------------------------------


@transaction.atomic
def target_set(
    *,
    edition: ClusterEdition,
    unit: OrgUnit,
    indicator: Indicator,
    period: Period,
    kind: str,
    value: Any,
    option: DisaggregationOption | None = None,
    note: str = "",
    expected_version: int | None = None,
    actor: Any,
) -> Target:
    """Assign (or change) a unit's target. A change must carry the version it was based on."""
    _require_edition_manager(actor, edition)
    target_kind = _enum(TargetKind, kind, "kind", "Cách giao chỉ tiêu")
    amount = parse_number(value)
    if not member_during(edition.pk, unit, period.start, period.end):
        raise DomainError(
            f"Đơn vị «{unit}» không thuộc {edition} trong kỳ {period.code}: không giao chỉ tiêu được.", field="unit"
        )
    if not (edition.year - 1 <= period.year <= edition.year):
        raise DomainError(f"Kỳ {period.code} không thuộc năm {edition.year} của cụm.", field="period")
    if option is not None and not indicator.disaggregations.filter(pk=option.disaggregation_id).exists():
        raise DomainError(f"Chỉ tiêu «{indicator.code}» không có phân tổ «{option}».", field="option")
    validate_target(
        kind=target_kind, value=amount, value_type=ValueType(indicator.value_type), indicator_code=indicator.code
    )
    existing = (
        Target.objects.select_for_update().filter(unit=unit, indicator=indicator, period=period, option=option).first()
    )
    if existing is None:
        if expected_version not in (None, 0):
            raise DomainError("Chỉ tiêu này chưa được giao nên không có phiên bản để sửa.", field="version")
        target = Target(
            edition=edition,
            unit=unit,
            indicator=indicator,
            period=period,
            option=option,
            kind=target_kind.value,
            value=amount,
            note=nfc(note),
        )
        full_clean(target)
        target.save()
        audit.record(actor=actor, action="target.create", obj=target, after=audit.snapshot(target))
        return target
    check_version(existing, expected_version)
    before = audit.snapshot(existing)
    existing.edition, existing.kind, existing.value, existing.note = edition, target_kind.value, amount, nfc(note)
    bump_version(existing)
    full_clean(existing)
    existing.save()
    audit.record(actor=actor, action="target.update", obj=existing, before=before, after=audit.snapshot(existing))
    return existing
