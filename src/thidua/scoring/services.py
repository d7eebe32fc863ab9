"""Writes of the scoring app: scales, criteria not assigned, bands, and the scorecard workflow.

Every write is one transaction with its audit event; scorecard writes lock the scorecard row first and carry the
version they were based on (a stale edit is refused). Quantitative criteria are never typed: their figures come from
approved data (``thidua.analytics.selectors.approved_totals``) and the units' targets, and their score from Điều 6
over every unit of the cluster together (``quantitative_refresh``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.collection.domain import evidence as evidence_rules
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.indicators.domain.targets import TargetKind, required_value
from thidua.indicators.models import Indicator, Period, Target
from thidua.organisations.models import ClusterEdition, OrgUnit, SuccessionLink
from thidua.organisations.selectors import edition_members_on
from thidua.scoring import engine
from thidua.scoring.domain.quantitative import DEFAULT_LOWER_IS_BETTER_RULE, LowerIsBetterRule
from thidua.scoring.domain.scale import (
    ClassificationBand,
    CriterionKind,
    RankingBasis,
    unit_totals,
    validate_bands,
    validate_criterion,
)
from thidua.scoring.domain.scale import validate_scale as validate_domain_scale
from thidua.scoring.domain.workflow import CLUSTER_SCORING_STATES, FINAL_STATES, CardState, ensure_can
from thidua.scoring.models import (
    Band,
    CriterionScore,
    Evidence,
    Node,
    NotAssigned,
    Scale,
    ScaleState,
    Scorecard,
)
from thidua.scoring.tree import domain_scale, last_year_period, not_assigned_codes

MANAGE_REFUSED = "Chỉ thường trực cụm của năm đó hoặc cơ quan thường trực thi đua cấp trên được soạn thang điểm."
NO_LAST_YEAR = "no_last_year"
PRELIMINARY_OUTCOMES = ("above_target_preliminary", "no_target_pending")

_ZERO = Decimal(0)


# Scales -------------------------------------------------------------------------------------------------------------


def _editable_scale(scale: Scale, actor: Any) -> Scale:
    scale = Scale.objects.select_for_update().get(pk=scale.pk)
    require(actor.has_perm("scoring.edit_scale", scale), MANAGE_REFUSED)
    if scale.state != ScaleState.DRAFT:
        raise DomainError(
            f"Thang điểm «{scale.name}» đã ban hành nên không sửa được; hãy sao chép sang một thang điểm mới.",
            field="state",
        )
    return scale


def _touch_scale(scale: Scale) -> None:
    bump_version(scale)
    scale.save(update_fields=["version", "updated_at"])


def _decimal(value: Any, *, field: str, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    from thidua.core.domain.numbers import parse_number

    try:
        return Decimal(parse_number(str(value)))
    except (DomainError, ValueError, ArithmeticError):
        raise DomainError(f"{label}: «{value}» không phải là số.", field=field) from None


@transaction.atomic
def scale_create(
    *,
    edition: ClusterEdition,
    period: Period,
    name: str,
    declared_total: Decimal | int | str,
    basis: str = "",
    ranking_basis: str = RankingBasis.TOTAL.value,
    actor: Any,
) -> Scale:
    """A new scale (thang điểm) in draft for a cluster edition and period; its total is 100, 1.000 or another."""
    require(actor.has_perm("scoring.manage_scale", edition), MANAGE_REFUSED)
    if period.year != edition.year:
        raise DomainError(f"Kỳ «{period.name}» không thuộc năm {edition.year} của cụm.", field="period")
    total = _decimal(declared_total, field="declared_total", label="Tổng điểm")
    if total is None or total <= 0:
        raise DomainError("Tổng điểm của thang điểm phải là số dương (ví dụ 100 hoặc 1.000).", field="declared_total")
    if ranking_basis not in {b.value for b in RankingBasis}:
        raise DomainError("Cách xếp hạng không hợp lệ.", field="ranking_basis")
    scale = Scale(
        edition=edition,
        period=period,
        name=nfc(name),
        declared_total=total,
        basis=nfc(basis),
        ranking_basis=ranking_basis,
    )
    if not scale.name:
        raise DomainError("Hãy nhập tên thang điểm.", field="name")
    full_clean(scale)
    scale.save()
    audit.record(actor=actor, action="scale.create", obj=scale, after=audit.snapshot(scale))
    return scale


def _next_order(scale: Scale) -> int:
    last = scale.nodes.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def group_add(
    *,
    scale: Scale,
    code: str,
    name: str,
    parent: Node | None = None,
    declared_total: Decimal | int | str | None = None,
    actor: Any,
) -> Node:
    """A group of criteria (nhóm tiêu chí), at the top of the scale or inside another group."""
    scale = _editable_scale(scale, actor)
    if parent is not None and (parent.scale_id != scale.pk or not parent.is_group):
        raise DomainError("Nhóm cha phải là một nhóm của cùng thang điểm.", field="parent")
    node = Node(
        scale=scale,
        parent=parent,
        is_group=True,
        code=nfc(code),
        name=nfc(name),
        order=_next_order(scale),
        declared_total=_decimal(declared_total, field="declared_total", label="Tổng điểm của nhóm"),
    )
    full_clean(node)
    node.save()
    audit.record(actor=actor, action="scale.group_add", obj=node, after=audit.snapshot(node))
    _touch_scale(scale)
    return node


@transaction.atomic
def criterion_add(
    *,
    scale: Scale,
    group: Node,
    code: str,
    name: str,
    kind: str,
    max_score: Decimal | int | str,
    min_score: Decimal | int | str = 0,
    indicator: Indicator | None = None,
    lower_is_better_rule: str = "",
    points_per_occurrence: Decimal | int | str | None = None,
    bonus_points: Decimal | int | str | None = None,
    penalty_points: Decimal | int | str | None = None,
    outside_total: bool = False,
    guidance: str = "",
    actor: Any,
) -> Node:
    """A criterion (tiêu chí) of one of the four types; a quantitative one names its indicator."""
    scale = _editable_scale(scale, actor)
    if group.scale_id != scale.pk or not group.is_group:
        raise DomainError("Tiêu chí phải thuộc một nhóm của cùng thang điểm.", field="group")
    try:
        criterion_kind = CriterionKind(kind)
    except ValueError:
        raise DomainError("Loại tiêu chí không hợp lệ.", field="kind") from None
    node = Node(
        scale=scale,
        parent=group,
        is_group=False,
        code=nfc(code),
        name=nfc(name),
        order=_next_order(scale),
        kind=criterion_kind.value,
        max_score=_decimal(max_score, field="max_score", label="Điểm tối đa") or _ZERO,
        min_score=_decimal(min_score, field="min_score", label="Điểm thấp nhất") or _ZERO,
        outside_total=outside_total,
        indicator=indicator,
        lower_is_better_rule=lower_is_better_rule or "",
        points_per_occurrence=_decimal(points_per_occurrence, field="points_per_occurrence", label="Điểm mỗi lần"),
        bonus_points=_decimal(bonus_points, field="bonus_points", label="Điểm cộng mỗi lần"),
        penalty_points=_decimal(penalty_points, field="penalty_points", label="Điểm trừ mỗi lần"),
        guidance=nfc(guidance),
    )
    where = f"Tiêu chí «{node.code}. {node.name}»"
    if criterion_kind is CriterionKind.QUANTITATIVE:
        if indicator is None:
            raise DomainError(f"{where}: tiêu chí định lượng phải gắn với một chỉ tiêu.", field="indicator")
        if indicator.direction == "lower" and not node.lower_is_better_rule:
            node.lower_is_better_rule = DEFAULT_LOWER_IS_BETTER_RULE.value
        if indicator.direction != "lower" and node.lower_is_better_rule:
            raise DomainError(f"{where}: chỉ tiêu «{indicator.code}» không phải chỉ tiêu kéo giảm.", field="kind")
    elif indicator is not None:
        raise DomainError(f"{where}: chỉ tiêu chí định lượng mới gắn với chỉ tiêu.", field="indicator")
    if criterion_kind is CriterionKind.PER_OCCURRENCE and not node.points_per_occurrence:
        raise DomainError(f"{where}: hãy nhập số điểm mỗi lần.", field="points_per_occurrence")
    if criterion_kind is CriterionKind.BONUS_DEDUCTION and not (node.bonus_points or node.penalty_points):
        raise DomainError(f"{where}: hãy nhập điểm cộng hoặc điểm trừ mỗi lần.", field="bonus_points")
    full_clean(node)
    node.save()
    validate_domain_scale_part(scale)
    audit.record(actor=actor, action="scale.criterion_add", obj=node, after=audit.snapshot(node))
    _touch_scale(scale)
    return node


def validate_domain_scale_part(scale: Scale) -> None:
    """While a scale is drafted its totals may not add up yet; each criterion must already be valid."""
    for criterion in domain_scale(scale).criteria():
        validate_criterion(criterion)


@transaction.atomic
def bands_set(*, scale: Scale, bands: Sequence[tuple[str, Decimal | int | str]], actor: Any) -> list[Band]:
    """The classification bands (mức xếp loại) of the scale, replacing the previous ones."""
    scale = _editable_scale(scale, actor)
    parsed = [
        ClassificationBand(
            label=nfc(label),
            min_percent=_decimal(threshold, field="min_percent", label=f"Ngưỡng mức «{label}»") or _ZERO,
        )
        for label, threshold in bands
    ]
    ordered = validate_bands(parsed)
    before = list(scale.bands.values("label", "min_percent"))
    scale.bands.all().delete()
    created = [Band.objects.create(scale=scale, label=b.label, min_percent=b.min_percent) for b in ordered]
    audit.record(
        actor=actor,
        action="scale.bands_set",
        obj=scale,
        before={"bands": before},
        after={"bands": [{"label": b.label, "min_percent": b.min_percent} for b in ordered]},
    )
    _touch_scale(scale)
    return created


@transaction.atomic
def criterion_not_assign(*, criterion: Node, unit: OrgUnit, reason: str = "", actor: Any) -> NotAssigned:
    """Mark a criterion not assigned to a unit (không giao): it leaves that unit's maximum."""
    scale = _editable_scale(criterion.scale, actor)
    if criterion.is_group:
        raise DomainError("Chỉ đánh dấu «không giao» cho tiêu chí, không cho nhóm.", field="criterion")
    members = {u.pk for u in edition_members_on(scale.edition, _closing_day(scale))}
    if unit.pk not in members:
        raise DomainError(f"Đơn vị «{unit}» không phải thành viên của cụm trong kỳ này.", field="unit")
    row = NotAssigned(criterion=criterion, unit=unit, reason=nfc(reason))
    full_clean(row)
    row.save()
    audit.record(actor=actor, action="scale.not_assign", obj=row, after=audit.snapshot(row))
    _touch_scale(scale)
    return row


@transaction.atomic
def criterion_assign(*, criterion: Node, unit: OrgUnit, actor: Any) -> None:
    """Undo «không giao»: the criterion counts again in the unit's maximum."""
    scale = _editable_scale(criterion.scale, actor)
    row = NotAssigned.objects.filter(criterion=criterion, unit=unit).first()
    if row is None:
        return
    audit.record(actor=actor, action="scale.assign", obj=row, before=audit.snapshot(row))
    row.delete()
    _touch_scale(scale)


def _closing_day(scale: Scale) -> date:
    """The members scored in a period are those of the edition when its figures close (a merger changes them)."""
    return min(scale.period.end, date(scale.edition.year, 12, 31))


@transaction.atomic
def scale_publish(*, scale: Scale, expected_version: int | None = None, actor: Any) -> Scale:
    """Publish the scale (ban hành) once its totals add up: every member then gets its scorecard."""
    scale = _editable_scale(scale, actor)
    check_version(scale, expected_version)
    built = domain_scale(scale)
    validate_domain_scale(built)
    if built.declared_total != scale.declared_total:
        raise DomainError("Tổng điểm của thang điểm không khớp.", field="declared_total")
    before = audit.snapshot(scale)
    scale.state = ScaleState.PUBLISHED
    bump_version(scale)
    scale.save(update_fields=["state", "version", "updated_at"])
    criteria = list(scale.nodes.filter(is_group=False))
    for unit in edition_members_on(scale.edition, _closing_day(scale)):
        card = Scorecard.objects.create(scale=scale, unit=unit)
        excluded = set(
            NotAssigned.objects.filter(criterion__scale=scale, unit=unit).values_list("criterion_id", flat=True)
        )
        CriterionScore.objects.bulk_create(
            [CriterionScore(scorecard=card, criterion=c) for c in criteria if c.pk not in excluded]
        )
    audit.record(actor=actor, action="scale.publish", obj=scale, before=before, after=audit.snapshot(scale))
    _refresh_audited(scale, actor)
    return scale


@transaction.atomic
def scale_copy(*, source: Scale, edition: ClusterEdition, period: Period, name: str | None = None, actor: Any) -> Scale:
    """A draft copy of an earlier scale for another edition or period: groups, criteria, bands, and the criteria
    not assigned to units that are still members."""
    require(actor.has_perm("scoring.manage_scale", edition), MANAGE_REFUSED)
    scale = scale_create(
        edition=edition,
        period=period,
        name=name or f"{source.name} (sao chép cho kỳ {period.name})",
        declared_total=source.declared_total,
        basis=source.basis,
        ranking_basis=source.ranking_basis,
        actor=actor,
    )
    scale.copied_from = source
    scale.save(update_fields=["copied_from"])
    mapping: dict[int, Node] = {}
    for node in source.nodes.order_by("order", "pk"):
        old_pk = node.pk
        node.pk = None
        node.id = None
        node.scale = scale
        node.parent = mapping.get(node.parent_id) if node.parent_id else None  # type: ignore[arg-type]
        node._state.adding = True
        node.save()
        mapping[old_pk] = node
    for band in source.bands.all():
        Band.objects.create(scale=scale, label=band.label, min_percent=band.min_percent)
    members = {u.pk for u in edition_members_on(edition, _closing_day(scale))}
    for row in NotAssigned.objects.filter(criterion__scale=source, unit__in=members):
        NotAssigned.objects.create(criterion=mapping[row.criterion_id], unit_id=row.unit_id, reason=row.reason)
    audit.record(
        actor=actor,
        action="scale.copy",
        obj=scale,
        after={"source": source.pk, "nodes": len(mapping)},
    )
    return scale


# Quantitative figures from approved data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figures:
    actual: Decimal | None
    target: Decimal | None
    last_year: Decimal | None


def _approved_totals(**kwargs: Any) -> dict[tuple[int, int, int], Decimal | None]:
    from thidua.analytics.selectors import approved_totals

    return approved_totals(**kwargs)


def _criterion_target(
    target: tuple[TargetKind, Decimal] | None, last_year: Decimal | None, rule: LowerIsBetterRule | None
) -> Decimal | None:
    """The T of Điều 6 from the unit's assigned target, in the terms the criterion's rule measures."""
    if target is None:
        return None
    kind, value = target
    if rule is None or rule is LowerIsBetterRule.INVERSE_RATIO:
        return required_value(kind, value, last_year)
    if kind is TargetKind.MIN_RATE:
        return None
    if rule is LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR:
        if kind is TargetKind.CHANGE_VS_LAST_YEAR:
            return max(-value, _ZERO)
        if not last_year:
            return None
        return max((last_year - value) / last_year * 100, _ZERO)
    # reduction in amount
    if last_year is None:
        return None
    if kind is TargetKind.CHANGE_VS_LAST_YEAR:
        return max(last_year * -value / 100, _ZERO)
    return max(last_year - value, _ZERO)


QUANT_FIELDS = ("target", "actual", "last_year", "outcome", "computed_score", "self_score", "cluster_score")


def _refresh(scale: Scale, *, only_if_changed: bool = False) -> dict[str, Any]:
    """Recompute every quantitative criterion of the scale over every unit together (Điều 6) and every total.

    Scores already approved or locked are not touched; only rows whose figures or scores changed are written, in one
    UPDATE for all of them (and one for the changed totals), so the number of queries does not grow with the number
    of criteria or units. Called inside the caller's transaction. Returns what changed, for the caller's audit event:
    ``{"scores": {unit code: {criterion code: {field: [before, after]}}}, "totals": {unit code: {field: [...]}}}``.
    """
    cards = list(Scorecard.objects.filter(scale=scale).select_related("unit"))
    if not cards:
        return {}
    nodes = list(scale.nodes.all())
    criteria = [n for n in nodes if n.kind == CriterionKind.QUANTITATIVE]
    unit_ids = [c.unit_id for c in cards]
    ly_period = last_year_period(scale.period)
    restated_units: set[int] = set()
    changed: list[_Rescored] = []
    if criteria:
        rows = {
            (values[1], values[2]): values
            for values in CriterionScore.objects.filter(
                scorecard__in=[c.pk for c in cards], criterion__in=[c.pk for c in criteria]
            ).values_list("pk", "scorecard_id", "criterion_id", *QUANT_FIELDS)
        }
        indicator_ids = [c.indicator_id for c in criteria]
        successors = ly_period is not None and (
            SuccessionLink.objects.filter(
                unit_id__in=unit_ids, side=SuccessionLink.Side.SUCCESSOR, event__effective_date__gt=ly_period.start
            ).exists()
        )
        periods = [scale.period_id] if ly_period is None or successors else [scale.period_id, ly_period.pk]
        # Both periods in one read unless last year's figures must be restated (a merged province).
        current = _approved_totals(unit_ids=unit_ids, period_ids=periods, indicator_ids=indicator_ids)
        previous: dict[tuple[int, int, int], Decimal | None] = current
        if ly_period is not None and successors:
            previous = _approved_totals(
                unit_ids=unit_ids, period_ids=[ly_period.pk], indicator_ids=indicator_ids, restated=True
            )
            as_it_was = _approved_totals(unit_ids=unit_ids, period_ids=[ly_period.pk], indicator_ids=indicator_ids)
            # Only units whose last-year figures really changed by restating are marked (a merged province).
            restated_units = {key[0] for key, value in previous.items() if as_it_was.get(key) != value}
        targets = {
            (unit_id, indicator_id): (TargetKind(kind), value)
            for unit_id, indicator_id, kind, value in Target.objects.filter(
                unit_id__in=unit_ids, period=scale.period, indicator_id__in=indicator_ids, option__isnull=True
            ).values_list("unit_id", "indicator_id", "kind", "value")
        }
        # (card, unit, state) once, rather than through the model's properties for every criterion.
        card_states = [(c.pk, c.unit_id, c.state_enum) for c in cards]
        for criterion in criteria:
            changed.extend(_score_criterion(scale, criterion, card_states, rows, current, previous, targets, ly_period))
        if changed:
            now = timezone.now()
            _update_rows(CriterionScore, (*QUANT_FIELDS, "updated_at"), [(r.pk, *r.after, now) for r in changed])
    summary: dict[str, Any] = {}
    if changed:
        codes = {c.pk: c.unit.code for c in cards}
        scores: dict[str, dict[str, Any]] = {}
        for r in changed:
            scores.setdefault(codes[r.card_id], {})[r.criterion_code] = r.moved
        summary["scores"] = scores
    if only_if_changed and not changed and all(c.restated == (c.unit_id in restated_units) for c in cards):
        return summary  # no score moved: every card's totals are still those its last change computed
    totals = _retotal(scale, cards, nodes=nodes, restated_units=restated_units)
    if totals:
        summary["totals"] = totals
    return summary


@dataclass(frozen=True)
class _Rescored:
    """One quantitative score row whose figures or scores the refresh changed."""

    pk: int
    card_id: int
    criterion_code: str
    after: tuple[Any, ...]
    # For the audit: {field: [before, after]} of the fields that changed, as text.
    moved: dict[str, list[str | None]]


def _update_rows(model: type[Any], names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set ``names`` of many rows, each given as ``(pk, value, ...)``, in one statement: UPDATE … FROM unnest(one
    array per column) on PostgreSQL, UPDATE … FROM (VALUES …) per 500 rows on SQLite. Django's bulk_update builds a
    CASE expression per field and row (over a second for a cluster's 600 quantitative scores) and one UPDATE per row
    costs a round trip each on PostgreSQL."""
    if not rows:
        return
    conn = transaction.get_connection()
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    quote = conn.ops.quote_name
    table = quote(meta.db_table)

    done: dict[int, Any] = {}

    def prep(field: Any, value: Any) -> Any:
        # Django adapts Decimal, str, bool and None unchanged on SQLite and PostgreSQL; only dates need its help
        # (one timestamp shared by every row is adapted once).
        if value is None or isinstance(value, Decimal | str | bool | int):
            return value
        if id(value) not in done:
            done[id(value)] = field.get_db_prep_save(value, conn)
        return done[id(value)]

    prepared = [[row[0], *(prep(f, v) for f, v in zip(fields, row[1:], strict=True))] for row in rows]
    columns = [quote(f.column) for f in fields]
    if conn.vendor == "postgresql":
        # One array per column, unnested into rows: a statement of constant size, planned in well under a millisecond
        # whatever the number of rows (a VALUES list of 600 rows takes longer to plan than to run).
        arrays = ", ".join(["%s::bigint[]", *(f"%s::{f.cast_db_type(conn)}[]" for f in fields)])
        sets = ", ".join(f"{c} = v.{c}" for c in columns)
        alias = ", ".join([quote("id"), *columns])
        with conn.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v ({alias}) "  # noqa: S608 - names from the model
                f"WHERE {table}.{quote('id')} = v.{quote('id')}",
                [list(column) for column in zip(*prepared, strict=True)],
            )
        return
    if conn.vendor == "sqlite":
        row_sql = "(" + ", ".join(["%s"] * (len(fields) + 1)) + ")"
        alias = "v"
        refs = [f"v.column{i + 2}" for i in range(len(fields))]
        key = "v.column1"
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        sets = ", ".join(f"{c} = %s" for c in columns)
        with conn.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE id = %s",  # noqa: S608 - names from the model
                [[*row[1:], row[0]] for row in prepared],
            )
        return
    sets = ", ".join(f"{c} = {r}" for c, r in zip(columns, refs, strict=True))
    with conn.cursor() as cursor:
        for start in range(0, len(prepared), 500):
            chunk = prepared[start : start + 500]
            values = ", ".join([row_sql] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS {alias} "  # noqa: S608 - names from the model
                f"WHERE {table}.{quote('id')} = {key}",
                [value for row in chunk for value in row],
            )


def _score_criterion(
    scale: Scale,
    criterion: Node,
    cards: list[tuple[int, int, CardState]],
    rows: dict[tuple[int, int], tuple[Any, ...]],
    current: dict[tuple[int, int, int], Decimal | None],
    previous: dict[tuple[int, int, int], Decimal | None],
    targets: dict[tuple[int, int], tuple[TargetKind, Decimal]],
    ly_period: Period | None,
) -> list[_Rescored]:
    rule = LowerIsBetterRule(criterion.lower_is_better_rule) if criterion.lower_is_better_rule else None
    needs_last_year = rule in (
        LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR,
        LowerIsBetterRule.REDUCTION_AMOUNT_VS_LAST_YEAR,
    )
    figures: dict[int, _Figures] = {}
    criterion_id, indicator_id, period_id = criterion.pk, criterion.indicator_id, scale.period_id
    ly_id = ly_period.pk if ly_period else None
    for card_id, unit_id, _ in cards:
        if (card_id, criterion_id) not in rows:
            continue  # không giao: outside this criterion's group of units
        actual = current.get((unit_id, period_id, indicator_id))
        last = previous.get((unit_id, ly_id, indicator_id)) if ly_id else None
        target = _criterion_target(targets.get((unit_id, indicator_id)), last, rule)
        figures[card_id] = _Figures(actual=actual, target=target, last_year=last)
    preliminary = any(f.actual is None for f in figures.values())
    missing_last_year = {
        key
        for key, f in figures.items()
        if needs_last_year
        and f.actual is not None
        and (f.last_year is None or (rule is LowerIsBetterRule.REDUCTION_PERCENT_VS_LAST_YEAR and f.last_year == 0))
    }
    scored = engine.score_quantitative_detailed(
        [(key, f.target, None if key in missing_last_year else f.actual) for key, f in figures.items()],
        criterion.max_score,
        preliminary=preliminary,
        lower_is_better_rule=rule,
        same_period_last_year={key: f.last_year for key, f in figures.items() if key not in missing_last_year},
    )
    changed = []
    states = {card_id: state for card_id, _, state in cards}
    for key, result in scored.items():
        stored = rows[(key, criterion_id)]
        if states[key] in FINAL_STATES:
            continue
        f = figures[key]
        before = dict(zip(QUANT_FIELDS, stored[3:], strict=True))
        after = dict(before)
        after.update(
            target=f.target,
            actual=f.actual,
            last_year=f.last_year,
            outcome=NO_LAST_YEAR if key in missing_last_year else result.outcome.value,
            computed_score=result.score,
        )
        if states[key] is CardState.DRAFT:
            after["self_score"] = result.score
        if states[key] in CLUSTER_SCORING_STATES:
            after["cluster_score"] = result.score
        moved = {
            name: [_text(before[name]), _text(after[name])]
            for name in QUANT_FIELDS
            if _differs(after[name], before[name])
        }
        if moved:
            changed.append(
                _Rescored(
                    pk=stored[0],
                    card_id=key,
                    criterion_code=criterion.code,
                    after=tuple(after[name] for name in QUANT_FIELDS),
                    moved=moved,
                )
            )
    return changed


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _differs(new: Any, old: Any) -> bool:
    if isinstance(new, Decimal) and old is not None and not isinstance(old, str):
        return Decimal(new) != Decimal(old)
    return bool(new != old)


def _retotal(
    scale: Scale,
    cards: list[Scorecard],
    *,
    nodes: list[Node] | None = None,
    restated_units: set[int] | None = None,
) -> dict[str, dict[str, list[Any]]]:
    """The cached totals of the cards (self, cluster, approved) and each unit's own maximum, written in one UPDATE for
    the cards whose totals changed. Returns those changes: ``{unit code: {field: [before, after]}}``."""
    nodes = nodes if nodes is not None else list(scale.nodes.all())
    built = domain_scale(scale, nodes)
    by_pk = {n.pk: n for n in nodes}
    excluded = not_assigned_codes(scale)
    self_scores: dict[int, dict[str, Decimal]] = {c.pk: {} for c in cards}
    cluster_scores: dict[int, dict[str, Decimal]] = {c.pk: {} for c in cards}
    approved: dict[int, dict[str, Decimal]] = {c.pk: {} for c in cards}
    preliminary: set[int] = set()
    fields = ("scorecard_id", "criterion_id", "self_score", "cluster_score", "approved_score", "actual", "outcome")
    for card_id, criterion_id, own, cluster, final, actual, outcome in CriterionScore.objects.filter(
        scorecard__in=list(self_scores)
    ).values_list(*fields):
        node = by_pk[criterion_id]
        if own is not None:
            self_scores[card_id][node.code] = own
        if cluster is not None or own is not None:
            cluster_scores[card_id][node.code] = cluster if cluster is not None else own
        if final is not None:
            approved[card_id][node.code] = final
        if node.kind == CriterionKind.QUANTITATIVE and (actual is None or outcome in PRELIMINARY_OUTCOMES):
            preliminary.add(card_id)
    not_assigned = {c.pk: excluded.get(c.unit_id, set()) for c in cards}
    reviewed = {c.pk for c in cards if c.state_enum is not CardState.DRAFT}
    final_cards = {c.pk for c in cards if c.state_enum in FINAL_STATES}
    self_totals = unit_totals(built, self_scores, not_assigned=not_assigned)
    to_total = {k: v for k, v in cluster_scores.items() if k in reviewed and v}
    cluster_totals = (
        unit_totals(built, to_total, not_assigned={k: not_assigned[k] for k in to_total}) if to_total else {}
    )
    approved_totals = (
        unit_totals(
            built, {k: approved[k] for k in final_cards}, not_assigned={k: not_assigned[k] for k in final_cards}
        )
        if final_cards
        else {}
    )
    updates: list[tuple[Any, ...]] = []
    changes: dict[str, dict[str, list[Any]]] = {}
    for card in cards:
        state = card.state_enum
        before = tuple(getattr(card, name) for name in CARD_TOTALS)
        final = approved_totals[card.pk] if state in FINAL_STATES else None
        has_cluster = state is not CardState.DRAFT and bool(cluster_scores[card.pk])
        card.max_total = self_totals[card.pk].maximum
        card.self_total = self_totals[card.pk].total if self_scores[card.pk] else None
        card.cluster_total = cluster_totals[card.pk].total if has_cluster else None
        card.approved_total = final.total if final else None
        card.approved_first_group = final.group_totals.get(built.groups[0].code) if final else None
        card.approved_full_count = final.full_score_count if final else None
        card.preliminary = card.pk in preliminary
        if restated_units is not None:
            card.restated = card.unit_id in restated_units
        after = tuple(getattr(card, name) for name in CARD_TOTALS)
        moved = {
            name: [_text(old), _text(new)]
            for name, old, new in zip(CARD_TOTALS, before, after, strict=True)
            if _differs(new, old)
        }
        if moved:
            updates.append((card.pk, *after))
            changes[card.unit.code] = moved
    _update_rows(Scorecard, CARD_TOTALS, updates)
    return changes


CARD_TOTALS = (
    "self_total",
    "cluster_total",
    "approved_total",
    "approved_first_group",
    "approved_full_count",
    "max_total",
    "restated",
    "preliminary",
)


def _refresh_audited(scale: Scale, actor: Any) -> None:
    """Rescore after a workflow step; what the rescoring changed gets its own audit event (none when nothing moved)."""
    changes = _refresh(scale)
    if changes:
        audit.record(
            actor=actor, action="scale.quantitative_refresh", obj=scale, after={"period": scale.period.code, **changes}
        )


@transaction.atomic
def quantitative_refresh(*, scale: Scale, actor: Any) -> Scale:
    """Re-read approved data and targets and rescore the quantitative criteria of every unit not yet approved."""
    scale = Scale.objects.select_for_update().get(pk=scale.pk)
    require(actor.has_perm("scoring.edit_scale", scale), MANAGE_REFUSED)
    if scale.state != ScaleState.PUBLISHED:
        raise DomainError("Thang điểm chưa ban hành nên chưa có phiếu chấm điểm.", field="state")
    changes = _refresh(scale, only_if_changed=True)
    audit.record(
        actor=actor, action="scale.quantitative_refresh", obj=scale, after={"period": scale.period.code, **changes}
    )
    return scale


# The scorecard workflow ---------------------------------------------------------------------------------------------


def _locked_card(card: Scorecard, expected_version: int | None) -> Scorecard:
    card = (
        Scorecard.objects.select_for_update().select_related("scale__edition", "scale__period", "unit").get(pk=card.pk)
    )
    check_version(card, expected_version)
    return card


def _row(card: Scorecard, criterion: Node | int) -> CriterionScore:
    criterion_id = criterion if isinstance(criterion, int) else criterion.pk
    row = card.scores.select_related("criterion").filter(criterion_id=criterion_id).first()
    if row is None:
        raise DomainError("Tiêu chí này không giao cho đơn vị hoặc không thuộc thang điểm.", field="criterion")
    return row


def _save_card(card: Scorecard, *fields: str) -> None:
    bump_version(card)
    card.save(update_fields=["version", "updated_at", *fields])


def _card_snapshot(row: CriterionScore) -> dict[str, Any]:
    return audit.snapshot(row) or {}


@transaction.atomic
def self_score_set(
    *,
    card: Scorecard,
    criterion: Node | int,
    achieved: bool | None = None,
    count: int | None = None,
    bonus_count: int | None = None,
    penalty_count: int | None = None,
    note: str = "",
    expected_version: int | None,
    actor: Any,
) -> Scorecard:
    """The unit's self score (tự chấm) of one criterion, from what it declares; a quantitative criterion's score comes
    from approved data, so only its note is taken."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.self_score", card), "Chỉ cán bộ được giao của đơn vị mới tự chấm điểm.")
    ensure_can("self_score", card.state_enum)
    row = _row(card, criterion)
    before = _card_snapshot(row)
    node = row.criterion
    kind = CriterionKind(node.kind)
    if kind is CriterionKind.QUALITATIVE:
        if achieved is None:
            raise DomainError(f"Tiêu chí «{node.code}»: hãy chọn đạt hoặc không đạt.", field="achieved")
        row.achieved = achieved
        row.self_score = engine.score_qualitative(achieved, node.max_score)
    elif kind is CriterionKind.PER_OCCURRENCE:
        if count is None:
            raise DomainError(f"Tiêu chí «{node.code}»: hãy nhập số lần.", field="count")
        row.count = count
        row.self_score = engine.score_per_occurrence(count, node.points_per_occurrence or _ZERO, node.max_score)
    elif kind is CriterionKind.BONUS_DEDUCTION:
        row.bonus_count = bonus_count or 0
        row.penalty_count = penalty_count or 0
        row.self_score = engine.score_bonus_deduction(
            lower_bound=node.min_score,
            upper_bound=node.max_score,
            bonus_points=node.bonus_points or _ZERO,
            bonus_count=row.bonus_count,
            penalty_points=node.penalty_points or _ZERO,
            penalty_count=row.penalty_count,
        )
    row.self_note = nfc(note)
    full_clean(row)
    row.save()
    audit.record(actor=actor, action="scorecard.self_score", obj=row, before=before, after=_card_snapshot(row))
    _retotal(card.scale, [card])
    _save_card(card)
    return card


@transaction.atomic
def evidence_add(*, card: Scorecard, criterion: Node | int, name: str, content: bytes, actor: Any) -> Evidence:
    """An evidence file (tài liệu kiểm chứng) for a self score, checked by its content and size."""
    card = _locked_card(card, None)
    require(actor.has_perm("scoring.self_score", card), "Chỉ cán bộ được giao của đơn vị mới đính kèm tài liệu.")
    if card.state_enum not in (CardState.DRAFT, CardState.EXPLANATION_REQUESTED):
        raise DomainError(
            f"Phiếu chấm đang ở trạng thái «{card.state_label}»: không đính kèm thêm được.", field="state"
        )
    row = _row(card, criterion)
    evidence_rules.check(name, content)
    item = Evidence(score=row, name=nfc(name)[:255], uploaded_by=actor)
    item.file.save(evidence_rules.safe_name(name), ContentFile(content), save=False)
    item.save()
    audit.record(actor=actor, action="scorecard.evidence_add", obj=item, after=audit.snapshot(item))
    _save_card(card)
    return item


@transaction.atomic
def scorecard_submit(*, card: Scorecard, expected_version: int | None, actor: Any) -> Scorecard:
    """The unit leader sends the self-scored card to the cluster (gửi cụm chấm)."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.submit", card), "Chỉ lãnh đạo đơn vị mới gửi phiếu tự chấm lên cụm.")
    ensure_can("submit", card.state_enum)
    missing = [
        r.criterion
        for r in card.scores.select_related("criterion")
        if r.self_score is None and r.criterion.kind != CriterionKind.QUANTITATIVE
    ]
    if missing:
        raise DomainError(f"Còn {len(missing)} tiêu chí chưa tự chấm, ví dụ «{missing[0]}».", field=missing[0].code)
    before = audit.snapshot(card)
    card.state = CardState.SUBMITTED
    card.submitted_at = timezone.now()
    card.submitted_by = actor
    _save_card(card, "state", "submitted_at", "submitted_by")
    audit.record(actor=actor, action="scorecard.submit", obj=card, before=before, after=audit.snapshot(card))
    _refresh_audited(card.scale, actor)
    return card


def _parse_score(raw: Any, node: Node) -> Decimal:
    value = _decimal(raw, field="score", label=f"Điểm tiêu chí «{node.code}»")
    if value is None:
        raise DomainError(f"Hãy nhập điểm tiêu chí «{node.code}».", field="score")
    if not node.min_score <= value <= node.max_score:
        raise DomainError(
            f"Điểm tiêu chí «{node.code}» phải từ {node.min_score.normalize()} đến {node.max_score.normalize()}.",
            field="score",
        )
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def cluster_score_set(
    *,
    card: Scorecard,
    criterion: Node | int,
    score: Decimal | str | None = None,
    comment: str = "",
    expected_version: int | None,
    actor: Any,
) -> Scorecard:
    """The cluster's score (cụm chấm) and comment on one criterion; a quantitative criterion keeps its score from
    approved data and takes the comment only."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.cluster_score", card), "Chỉ thường trực cụm mới chấm điểm của cụm.")
    ensure_can("cluster_score", card.state_enum)
    row = _row(card, criterion)
    before = _card_snapshot(row)
    if row.criterion.kind != CriterionKind.QUANTITATIVE:
        row.cluster_score = _parse_score(score, row.criterion)
    row.cluster_comment = nfc(comment)
    full_clean(row)
    row.save()
    audit.record(actor=actor, action="scorecard.cluster_score", obj=row, before=before, after=_card_snapshot(row))
    _retotal(card.scale, [card])
    _save_card(card)
    return card


@transaction.atomic
def explanation_request(
    *, card: Scorecard, criterion: Node | int, text: str, expected_version: int | None, actor: Any
) -> Scorecard:
    """The cluster asks the unit to explain one criterion (yêu cầu giải trình)."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.cluster_score", card), "Chỉ thường trực cụm mới yêu cầu giải trình.")
    ensure_can("request_explanation", card.state_enum)
    row = _row(card, criterion)
    if not nfc(text):
        raise DomainError("Hãy ghi nội dung cần giải trình.", field="text")
    before = _card_snapshot(row)
    row.explanation_request = nfc(text)
    row.explanation = ""
    row.save()
    card.state = CardState.EXPLANATION_REQUESTED
    _save_card(card, "state")
    audit.record(actor=actor, action="scorecard.request_explanation", obj=row, before=before, after=_card_snapshot(row))
    return card


@transaction.atomic
def explanation_give(
    *, card: Scorecard, criterion: Node | int, text: str, expected_version: int | None, actor: Any
) -> Scorecard:
    """The unit answers an explanation request (giải trình); once every request is answered the cluster scores again."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.explain", card), "Chỉ cán bộ hoặc lãnh đạo của đơn vị mới giải trình.")
    ensure_can("explain", card.state_enum)
    row = _row(card, criterion)
    if not row.explanation_request:
        raise DomainError(f"Cụm không yêu cầu giải trình tiêu chí «{row.criterion.code}».", field="criterion")
    if not nfc(text):
        raise DomainError("Hãy nhập nội dung giải trình.", field="text")
    before = _card_snapshot(row)
    row.explanation = nfc(text)
    row.save()
    fields = []
    if not any(r.explanation_open for r in card.scores.all()):
        card.state = CardState.EXPLAINED
        fields.append("state")
    _save_card(card, *fields)
    audit.record(actor=actor, action="scorecard.explain", obj=row, before=before, after=_card_snapshot(row))
    return card


@transaction.atomic
def scorecard_approve(*, card: Scorecard, expected_version: int | None, actor: Any) -> Scorecard:
    """The approved score (điểm duyệt): the cluster's score of every criterion (the self score where the cluster kept
    it). Quantitative criteria are rescored from the latest approved data first."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.approve", card), "Chỉ thường trực cụm mới duyệt điểm.")
    ensure_can("approve", card.state_enum)
    if card.submitted_by_id == actor.pk or card.scores.filter(evidence__uploaded_by=actor).exists():
        raise DomainError("Người đã tự chấm hoặc gửi phiếu không được duyệt chính phiếu đó.", field="state")
    _refresh_audited(card.scale, actor)
    rows = list(card.scores.select_related("criterion"))
    pending = [r for r in rows if r.criterion.kind == CriterionKind.QUANTITATIVE and r.actual is None]
    preliminary = [r for r in rows if r.outcome in PRELIMINARY_OUTCOMES]
    if pending or preliminary:
        culprit = (pending or preliminary)[0].criterion
        raise DomainError(
            f"Tiêu chí «{culprit}» còn tính tạm vì chưa đủ số liệu đã duyệt của các đơn vị trong cụm: "
            "chưa duyệt điểm được.",
            field=culprit.code,
        )
    before = audit.snapshot(card)
    for row in rows:
        row.approved_score = row.cluster_score if row.cluster_score is not None else row.self_score
        if row.approved_score is None:
            raise DomainError(f"Tiêu chí «{row.criterion}» chưa có điểm.", field=row.criterion.code)
    _update_rows(CriterionScore, ("approved_score",), [(r.pk, r.approved_score) for r in rows])
    card.state = CardState.APPROVED
    card.approved_at = timezone.now()
    card.approved_by = actor
    _retotal(card.scale, [card])
    _save_card(card, "state", "approved_at", "approved_by")
    audit.record(actor=actor, action="scorecard.approve", obj=card, before=before, after=audit.snapshot(card))
    return card


@transaction.atomic
def scorecard_lock(*, card: Scorecard, expected_version: int | None, actor: Any) -> Scorecard:
    """The emulation office locks an approved card (khóa): nothing changes it afterwards but an audited unlock."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.lock", card), "Chỉ cơ quan thường trực thi đua mới khóa phiếu chấm điểm.")
    ensure_can("lock", card.state_enum)
    before = audit.snapshot(card)
    card.state = CardState.LOCKED
    card.locked_at = timezone.now()
    card.locked_by = actor
    _save_card(card, "state", "locked_at", "locked_by")
    audit.record(actor=actor, action="scorecard.lock", obj=card, before=before, after=audit.snapshot(card))
    return card


@transaction.atomic
def scorecard_unlock(*, card: Scorecard, reason: str, expected_version: int | None, actor: Any) -> Scorecard:
    """Unlock (mở khóa) from above, with a reason, back to approved."""
    card = _locked_card(card, expected_version)
    require(actor.has_perm("scoring.lock", card), "Chỉ cơ quan thường trực thi đua mới mở khóa phiếu chấm điểm.")
    ensure_can("unlock", card.state_enum)
    if not nfc(reason):
        raise DomainError("Hãy ghi lý do mở khóa.", field="reason")
    before = audit.snapshot(card)
    card.state = CardState.APPROVED
    card.locked_at = None
    card.locked_by = None
    _save_card(card, "state", "locked_at", "locked_by")
    audit.record(
        actor=actor, action="scorecard.unlock", obj=card, before=before, after=audit.snapshot(card), reason=nfc(reason)
    )
    return card
