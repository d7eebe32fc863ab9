"""The stored scale as the pure core's ``ScoringScale`` (shared by services and selectors)."""

from __future__ import annotations

from decimal import Decimal

from thidua.indicators.models import Period
from thidua.scoring.domain.quantitative import LowerIsBetterRule
from thidua.scoring.domain.scale import Criterion, CriterionGroup, CriterionKind, ScoringScale
from thidua.scoring.models import Node, NotAssigned, Scale


def domain_scale(scale: Scale, nodes: list[Node] | None = None) -> ScoringScale:
    """The tree of groups and criteria of ``scale`` in display order."""
    nodes = nodes if nodes is not None else list(scale.nodes.order_by("order", "pk"))
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(node: Node) -> CriterionGroup | Criterion:
        if node.is_group:
            return CriterionGroup(
                code=node.code,
                name=node.name,
                children=tuple(build(child) for child in children.get(node.pk, [])),
                declared_total=node.declared_total,
            )
        return Criterion(
            code=node.code,
            name=node.name,
            max_score=Decimal(node.max_score),
            kind=CriterionKind(node.kind),
            min_score=Decimal(node.min_score),
            lower_is_better_rule=LowerIsBetterRule(node.lower_is_better_rule) if node.lower_is_better_rule else None,
            outside_total=node.outside_total,
        )

    groups = tuple(build(node) for node in children.get(None, []) if node.is_group)
    return ScoringScale(name=scale.name, declared_total=Decimal(scale.declared_total), groups=groups)  # type: ignore[arg-type]


def not_assigned_codes(scale: Scale) -> dict[int, set[str]]:
    """Per unit id, the codes of the criteria not assigned to it (không giao)."""
    result: dict[int, set[str]] = {}
    for unit_id, code in NotAssigned.objects.filter(criterion__scale=scale).values_list("unit_id", "criterion__code"):
        result.setdefault(unit_id, set()).add(code)
    return result


def last_year_period(period: Period) -> Period | None:
    """The same period last year (cùng kỳ), e.g. 2024S1 for 2025S1."""
    return Period.objects.filter(kind=period.kind, year=period.year - 1, number=period.number).first()
