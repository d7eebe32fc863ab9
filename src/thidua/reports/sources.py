"""Where a report's figures come from: the selectors of the apps that own them (never re-computed here).

- results per unit and indicator: ``thidua.analytics.selectors.indicator_results``;
- ranking: ``thidua.scoring.selectors.cluster_ranking``;
- good practices: ``thidua.practices.selectors.practices_for_report``;
- commendations proposed: ``thidua.commendations.selectors.proposals_for_report``.

They are turned here into the plain rows the document model needs, so the builder depends on nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ResultRow:
    unit_name: str
    indicator: str
    unit_of_measure: str
    target: Decimal | None
    actual: Decimal | None
    percent_of_target: Decimal | None
    last_year: Decimal | None
    change: Decimal | None
    change_percent: Decimal | None


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    unit_name: str
    approved_total: Decimal | None
    max_total: Decimal | None
    percent: Decimal | None
    band: str
    state_label: str


@dataclass(frozen=True)
class PracticeItem:
    kind_label: str
    title: str
    unit_name: str
    description: str
    results: str


@dataclass(frozen=True)
class ProposalRow:
    candidate_name: str
    unit_name: str
    form_name: str
    state_label: str


@dataclass(frozen=True)
class Source:
    rows: list[Any]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def indicator_results(*, units: list[Any], period: Any, user: Any) -> Source:
    from thidua.analytics.selectors import indicator_results as results_of

    return Source(
        [
            ResultRow(
                unit_name=row.unit_name,
                indicator=row.indicator.name,
                unit_of_measure=row.indicator.unit_of_measure or "",
                target=row.target,
                actual=row.actual,
                percent_of_target=row.percent_of_target,
                last_year=row.last_year,
                change=row.change,
                change_percent=row.change_percent,
            )
            for row in results_of(units=units, period=period, user=user)
        ]
    )


def cluster_ranking(*, edition: Any, period: Any, user: Any) -> Source:
    from thidua.scoring.selectors import cluster_ranking as ranking_of

    return Source(
        [
            RankingRow(
                rank=row.rank,
                unit_name=row.unit_name,
                approved_total=row.approved_total,
                max_total=row.max_total,
                percent=row.percent,
                band=_text(row.band),
                state_label=row.state_label,
            )
            for row in ranking_of(edition=edition, period=period, user=user)
        ]
    )


def practices_for_report(*, units: list[Any], period: Any, user: Any) -> Source:
    from thidua.organisations.selectors import unit_names_on
    from thidua.practices.selectors import practices_for_report as practices_of

    items = practices_of(units=units, period=period, user=user)
    names = unit_names_on(list(units), period.end)
    return Source(
        [
            PracticeItem(
                kind_label=item.get_kind_display(),
                title=item.title,
                unit_name=names.get(item.unit_id) or str(item.unit),
                description=item.description,
                results=item.results,
            )
            for item in items
        ]
    )


def proposals_for_report(*, units: list[Any], year: int, user: Any) -> Source:
    from thidua.commendations.selectors import proposals_for_report as proposals_of

    return Source(
        [
            ProposalRow(
                candidate_name=row.candidate_name,
                unit_name=row.unit_name,
                form_name=row.form_name,
                state_label=row.state_label,
            )
            for row in proposals_of(units=units, year=year, user=user)
        ]
    )
