"""Reads of the scoring app, always starting from ``Model.objects.for_user``.

Public reads used by other apps: ``cluster_ranking`` (dashboard, report documents, commendations: "leads its
cluster") and ``todo`` (the "Việc cần làm" page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.core.exceptions import NotFound
from thidua.indicators.models import Period
from thidua.organisations.models import ClusterEdition, OrgUnit
from thidua.organisations.selectors import unit_names_on
from thidua.scoring.domain.quantitative import OUTCOME_LABELS, Outcome
from thidua.scoring.domain.scale import (
    ClassificationBand,
    RankingBasis,
    UnitTotal,
    rank_units,
    unit_totals,
)
from thidua.scoring.domain.workflow import CARD_STATE_LABELS, FINAL_STATES, CardState
from thidua.scoring.models import Band, CriterionScore, Node, NotAssigned, Scale, ScaleState, Scorecard
from thidua.scoring.tree import domain_scale, not_assigned_codes

TIE_BREAK_TEXT = (
    "Xếp hạng theo tổng điểm duyệt (hoặc tỷ lệ % so với điểm tối đa của đơn vị, nếu quy chế quy định); "
    "bằng điểm thì đơn vị có điểm nhóm I cao hơn xếp trên; vẫn bằng thì đơn vị có nhiều tiêu chí đạt điểm tối đa "
    "hơn xếp trên; vẫn bằng thì đồng hạng (1, 2, 2, 4) và liệt kê theo mã đơn vị."
)


# Scales -------------------------------------------------------------------------------------------------------------


def scales(*, user: Any, edition: ClusterEdition | None = None) -> QuerySet[Scale]:
    qs = Scale.objects.for_user(user).select_related("edition__cluster", "period")
    if edition is not None:
        qs = qs.filter(edition=edition)
    return qs.order_by("edition__year", "period__start")


def scale_get(*, user: Any, pk: Any) -> Scale:
    scale = scales(user=user).filter(pk=_as_int(pk)).first()
    if scale is None:
        raise NotFound("Không tìm thấy thang điểm này trong phạm vi của bạn.", field="scale")
    return scale


def scale_for(*, user: Any, edition: ClusterEdition, period: Period) -> Scale | None:
    return scales(user=user, edition=edition).filter(period=period).first()


def copy_targets(*, user: Any, source: Scale) -> list[tuple[ClusterEdition, Period]]:
    """The (edition, period) pairs of the same cluster this user may copy ``source`` to: editions the user manages,
    half-year and year periods of their year that have no scale yet."""
    from thidua.organisations.selectors import cluster_editions

    editions = [
        e
        for e in cluster_editions(user=user).filter(cluster_id=source.edition.cluster_id)
        if user.has_perm("scoring.manage_scale", e)
    ]
    if not editions:
        return []
    taken = set(Scale.objects.filter(edition__in=[e.pk for e in editions]).values_list("edition_id", "period_id"))
    periods = list(
        Period.objects.filter(year__in=[e.year for e in editions], kind__in=["half_year", "year"]).order_by("start")
    )
    return [(e, p) for e in editions for p in periods if p.year == e.year and (e.pk, p.pk) not in taken]


def new_scale_targets(*, user: Any) -> list[tuple[ClusterEdition, Period]]:
    """(edition, period) pairs without a scale yet, in the editions this user manages."""
    from thidua.organisations.selectors import cluster_editions

    editions = [e for e in cluster_editions(user=user) if user.has_perm("scoring.manage_scale", e)]
    if not editions:
        return []
    taken = set(Scale.objects.filter(edition__in=[e.pk for e in editions]).values_list("edition_id", "period_id"))
    periods = list(
        Period.objects.filter(year__in=[e.year for e in editions], kind__in=["half_year", "year"]).order_by("start")
    )
    return [(e, p) for e in editions for p in periods if p.year == e.year and (e.pk, p.pk) not in taken]


def scale_members(*, scale: Scale) -> list[OrgUnit]:
    """The units scored on the scale: the edition's members when the period's figures close."""
    from thidua.organisations.selectors import edition_members_on

    return edition_members_on(scale.edition, min(scale.period.end, date(scale.edition.year, 12, 31)))


def indicator_choices(*, user: Any) -> list[Any]:
    from thidua.indicators.models import Indicator

    return list(Indicator.objects.for_user(user).filter(is_active=True).order_by("code"))


def indicator_for_criterion(*, user: Any, pk: Any) -> Any:
    """The indicator chosen for a quantitative criterion (None when none was chosen)."""
    from thidua.indicators.models import Indicator

    if pk in (None, ""):
        return None
    indicator = Indicator.objects.for_user(user).filter(pk=_as_int(pk)).first()
    if indicator is None:
        raise NotFound("Không tìm thấy chỉ tiêu này.", field="indicator")
    return indicator


@dataclass(frozen=True)
class TreeRow:
    node: Node
    depth: int
    maximum: Decimal
    not_assigned_to: tuple[str, ...]

    @property
    def is_group(self) -> bool:
        return self.node.is_group

    @property
    def kind_label(self) -> str:
        return self.node.get_kind_display() if not self.node.is_group else ""

    @property
    def totals_ok(self) -> bool | None:
        if not self.node.is_group or self.node.declared_total is None:
            return None
        return self.node.declared_total == self.maximum


@dataclass(frozen=True)
class ScaleView:
    scale: Scale
    rows: list[TreeRow]
    maximum: Decimal
    bands: list[Band]
    problem: str | None = None

    @property
    def totals_ok(self) -> bool:
        return self.problem is None


def scale_view(*, user: Any, scale: Scale) -> ScaleView:
    """The tree with each group's maximum, the totals check, the bands and the criteria not assigned."""
    from thidua.core.domain.errors import DomainError
    from thidua.scoring.domain.scale import validate_scale

    nodes = list(scale.nodes.select_related("indicator").order_by("order", "pk"))
    built = domain_scale(scale, nodes)
    maxima = {g.code: g.maximum for g in built.all_groups()}
    exclusions: dict[int, list[str]] = {}
    for row in NotAssigned.objects.filter(criterion__scale=scale).select_related("unit"):
        exclusions.setdefault(row.criterion_id, []).append(str(row.unit))
    depth: dict[int, int] = {}
    rows = []
    for node in _tree_order(nodes):
        depth[node.pk] = 0 if node.parent_id is None else depth[node.parent_id] + 1
        maximum = maxima.get(node.code, node.max_score) if node.is_group else node.max_score
        rows.append(TreeRow(node, depth[node.pk], maximum, tuple(exclusions.get(node.pk, []))))
    problem = None
    try:
        validate_scale(built)
    except DomainError as error:
        problem = error.message
    return ScaleView(scale=scale, rows=rows, maximum=built.maximum, bands=list(scale.bands.all()), problem=problem)


def _tree_order(nodes: list[Node]) -> list[Node]:
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[Node] = []

    def walk(parent: int | None) -> None:
        for node in children.get(parent, []):
            ordered.append(node)
            walk(node.pk)

    walk(None)
    return ordered


# Scorecards ---------------------------------------------------------------------------------------------------------


def scorecards(*, user: Any, scale: Scale | None = None) -> QuerySet[Scorecard]:
    qs = Scorecard.objects.for_user(user).select_related("scale__edition__cluster", "scale__period", "unit")
    if scale is not None:
        qs = qs.filter(scale=scale)
    return qs


def scorecard_get(*, user: Any, pk: Any) -> Scorecard:
    card = scorecards(user=user).filter(pk=_as_int(pk)).first()
    if card is None:
        raise NotFound("Không tìm thấy phiếu chấm điểm này trong phạm vi của bạn.", field="scorecard")
    return card


@dataclass(frozen=True)
class CardRow:
    node: Node
    depth: int
    score: CriterionScore | None  # None for a group, or a criterion not assigned to the unit
    not_assigned: bool
    group_self: Decimal | None = None
    group_cluster: Decimal | None = None
    group_approved: Decimal | None = None
    evidence: list[Any] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        if self.score is None or not self.score.outcome:
            return ""
        if self.score.outcome == "no_last_year":
            return "Thiếu số liệu cùng kỳ năm trước đã duyệt: chưa tính được mức kéo giảm"
        return OUTCOME_LABELS[Outcome(self.score.outcome)]


def scorecard_rows(*, user: Any, card: Scorecard) -> list[CardRow]:
    """The card's tree: each group with its subtotals, each criterion with its scores, evidence and explanation."""
    card = scorecard_get(user=user, pk=card.pk)
    nodes = list(card.scale.nodes.select_related("indicator").order_by("order", "pk"))
    scores = {s.criterion_id: s for s in CriterionScore.objects.filter(scorecard=card).prefetch_related("evidence")}
    built = domain_scale(card.scale, nodes)
    excluded = not_assigned_codes(card.scale).get(card.unit_id, set())
    by_code = {n.pk: n.code for n in nodes}

    def totals(attr: str) -> UnitTotal | None:
        values = {by_code[k]: getattr(s, attr) for k, s in scores.items() if getattr(s, attr) is not None}
        if not values:
            return None
        return unit_totals(built, {0: values}, not_assigned={0: excluded})[0]

    self_t, cluster_t, approved_t = totals("self_score"), totals("cluster_score"), totals("approved_score")
    depth: dict[int, int] = {}
    rows = []
    for node in _tree_order(nodes):
        depth[node.pk] = 0 if node.parent_id is None else depth[node.parent_id] + 1
        if node.is_group:
            rows.append(
                CardRow(
                    node,
                    depth[node.pk],
                    None,
                    False,
                    group_self=self_t.group_totals.get(node.code) if self_t else None,
                    group_cluster=cluster_t.group_totals.get(node.code) if cluster_t else None,
                    group_approved=approved_t.group_totals.get(node.code) if approved_t else None,
                )
            )
        else:
            score = scores.get(node.pk)
            rows.append(
                CardRow(
                    node,
                    depth[node.pk],
                    score,
                    score is None,
                    evidence=list(score.evidence.all()) if score else [],
                )
            )
    return rows


def evidence_get(*, user: Any, card: Scorecard, pk: Any) -> Any:
    from thidua.scoring.models import Evidence

    card = scorecard_get(user=user, pk=card.pk)
    item = Evidence.objects.filter(score__scorecard=card, pk=_as_int(pk)).first()
    if item is None:
        raise NotFound("Không tìm thấy tài liệu kiểm chứng này.", field="evidence")
    return item


# Ranking ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    """One unit of a cluster ranking (bảng xếp hạng) of an edition and period.

    ``rank`` is set once the unit's score is approved (điểm duyệt); ``band`` is its classification (xếp loại);
    ``restated`` says its comparisons with the same period last year sum its predecessors (merged units).
    ``visible`` is False for a unit whose scorecard the user may not read: only its approved total is shown.
    """

    rank: int | None
    unit: OrgUnit
    unit_name: str
    self_total: Decimal | None
    cluster_total: Decimal | None
    approved_total: Decimal | None
    max_total: Decimal
    percent: Decimal | None
    band: str | None
    state: str
    state_label: str
    restated: bool
    scorecard_id: int | None = None
    group_one_total: Decimal | None = None
    full_score_count: int | None = None
    visible: bool = True


def cluster_ranking(*, edition: ClusterEdition, period: Period, user: Any = None) -> list[RankingRow]:
    """The ranking of an edition's members for a period, by approved totals with the documented tie-break
    (``TIE_BREAK_TEXT``, ``domain.scale.rank_units``). Units not yet approved come after, without a rank.

    ``user=None``: unscoped (documents, commands). With a user: only a scale the user may read; for units whose
    scorecard the user may not read (other members), only the approved total and rank are given.
    """
    scale_qs = Scale.objects.filter(edition=edition, period=period, state=ScaleState.PUBLISHED)
    if user is not None:
        scale_qs = Scale.objects.for_user(user).filter(edition=edition, period=period, state=ScaleState.PUBLISHED)
    scale = scale_qs.select_related("period").first()
    if scale is None:
        return []
    cards = list(Scorecard.objects.filter(scale=scale).select_related("unit"))
    readable: set[int] | None = None
    if user is not None:
        readable = set(Scorecard.objects.for_user(user).filter(scale=scale).values_list("pk", flat=True))
    built = domain_scale(scale)
    first_group = built.groups[0].code
    # The approved totals and their tie-break figures are kept on each card when it is approved.
    totals = {
        c.unit_id: UnitTotal(
            total=c.approved_total,
            maximum=c.max_total,
            percent=_percent(c.approved_total, c.max_total),
            group_totals={first_group: c.approved_first_group or Decimal(0)},
            full_score_count=c.approved_full_count or 0,
            unscored=(),
        )
        for c in cards
        if c.state_enum in FINAL_STATES and c.approved_total is not None
    }
    bands = [ClassificationBand(b.label, b.min_percent) for b in scale.bands.all()]
    by_unit = {c.unit_id: c for c in cards}
    names = unit_names_on([c.unit for c in cards], min(period.end, date(edition.year, 12, 31)))
    # rank_units orders equal units by key: the unit code keeps that order the same on every page.
    code_of = {c.unit_id: c.unit.code for c in cards}
    ranked = rank_units(
        built,
        {code_of[u]: t for u, t in totals.items()},
        basis=RankingBasis(scale.ranking_basis),
        bands=bands,
    )
    unit_by_code = {c.unit.code: c.unit_id for c in cards}
    rows: list[RankingRow] = []
    for item in ranked:
        card = by_unit[unit_by_code[item.unit_key]]
        rows.append(_row(card, names, readable, item.rank, item.total, item.classification, first_group))
    for card in sorted((c for c in cards if c.unit_id not in totals), key=lambda c: c.unit.code):
        # Not approved yet: no rank and no classification, only the provisional totals.
        rows.append(_row(card, names, readable, None, None, None, first_group))
    return rows


def _percent(total: Decimal | None, maximum: Decimal) -> Decimal | None:
    if total is None or not maximum:
        return None
    return (total / maximum * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _row(
    card: Scorecard,
    names: dict[int, str],
    readable: set[int] | None,
    rank: int | None,
    total: UnitTotal | None,
    band: str | None,
    first_group: str,
) -> RankingRow:
    visible = readable is None or card.pk in readable
    approved = total.total if total is not None else None
    percent = total.percent if total is not None else (_percent(card.cluster_total or card.self_total, card.max_total))
    state = CardState(card.state)
    return RankingRow(
        rank=rank,
        unit=card.unit,
        unit_name=names.get(card.unit_id) or str(card.unit),
        self_total=card.self_total if visible else None,
        cluster_total=card.cluster_total if visible else None,
        approved_total=approved,
        max_total=card.max_total,
        percent=percent if (visible or total is not None) else None,
        band=band if (visible or total is not None) else None,
        state=state.value,
        state_label=CARD_STATE_LABELS[state],
        restated=card.restated,
        scorecard_id=card.pk if visible else None,
        group_one_total=total.group_totals.get(first_group) if total is not None else None,
        full_score_count=total.full_score_count if total is not None else None,
        visible=visible,
    )


# Work waiting for a user --------------------------------------------------------------------------------------------


def todo(*, user: Any) -> list[tuple[str, str]]:
    """The scoring work waiting for this user (text, url), for "Việc cần làm"."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    access = access_for(user)
    items: list[tuple[str, str]] = []
    officer_units = {u for u, roles in access.unit_roles.items() if Role.UNIT_OFFICER in roles}
    leader_units = {u for u, roles in access.unit_roles.items() if Role.UNIT_LEADER in roles}
    secretariat_editions = {e for e, roles in access.edition_roles.items() if Role.CLUSTER_SECRETARIAT in roles}
    office_editions = {e for e, roles in access.edition_roles.items() if Role.EMULATION_OFFICE in roles}
    wanted = (
        Q(unit__in=officer_units, state__in=[CardState.DRAFT, CardState.EXPLANATION_REQUESTED])
        | Q(unit__in=leader_units, state=CardState.DRAFT)
        | Q(scale__edition__in=secretariat_editions, state__in=[CardState.SUBMITTED, CardState.EXPLAINED])
        | Q(scale__edition__in=office_editions, state=CardState.APPROVED)
    )
    for card in scorecards(user=user).filter(wanted).filter(scale__state=ScaleState.PUBLISHED).order_by("pk"):
        url = reverse("scoring:scorecard", args=[card.pk])
        state = card.state_enum
        where = f"{card.unit} — {card.scale.period.name}"
        if state is CardState.DRAFT and card.unit_id in officer_units:
            items.append((f"Tự chấm điểm thi đua: {where}", url))
        elif state is CardState.DRAFT and card.unit_id in leader_units:
            items.append((f"Xem và gửi phiếu tự chấm lên cụm: {where}", url))
        elif state is CardState.EXPLANATION_REQUESTED:
            items.append((f"Cụm yêu cầu giải trình điểm thi đua: {where}", url))
        elif state in (CardState.SUBMITTED, CardState.EXPLAINED):
            items.append((f"Chấm điểm, duyệt điểm thi đua: {where}", url))
        elif state is CardState.APPROVED:
            items.append((f"Khóa kết quả chấm điểm đã duyệt: {where}", url))
    return items


def _as_int(raw: Any) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy.", field="id") from None
