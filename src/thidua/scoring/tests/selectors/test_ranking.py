"""The cluster ranking: approved totals, the documented tie-break, bands, criteria not assigned, scoping."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.scoring import selectors, services
from thidua.scoring.models import Scorecard
from thidua.scoring.tests.factories import build_scale

pytestmark = pytest.mark.django_db

# unit: (1.2 achieved, 2.1 count, 3.1 bonus count)
CHOICES = {
    "NBH2": (True, 0, 0),  # 60 + 20 + 0 = 80, group I = 80
    "NAN": (False, 4, 0),  # 60 + 0 + 20 = 80, group I = 60: below Ninh Bình by the tie-break
    "THA": (True, 2, 1),  # 30 + 20 + 10 + 1 = 61
    "HTI": (None, 4, 0),  # 15 + 20 = 35 of 80 (1.2 not assigned)
    "QTR2": (False, 1, 0),  # 45 + 0 + 5 = 50
}


def _approve_everyone(world, scale):
    secretariat = world.users["secretariat"]
    for code, (achieved, count, bonus) in CHOICES.items():
        card = Scorecard.objects.get(scale=scale, unit=world.units[code])
        officer, leader = world.users[f"{code.lower()}_officer"], world.users[f"{code.lower()}_leader"]
        if achieved is not None:
            card = services.self_score_set(
                card=card,
                criterion=scale.nodes.get(code="1.2"),
                achieved=achieved,
                expected_version=card.version,
                actor=officer,
            )
        card = services.self_score_set(
            card=card, criterion=scale.nodes.get(code="2.1"), count=count, expected_version=card.version, actor=officer
        )
        card = services.self_score_set(
            card=card,
            criterion=scale.nodes.get(code="3.1"),
            bonus_count=bonus,
            expected_version=card.version,
            actor=officer,
        )
        card = services.scorecard_submit(card=card, expected_version=card.version, actor=leader)
        services.scorecard_approve(card=card, expected_version=card.version, actor=secretariat)


def test_ranking_uses_the_tie_break_and_bands(cworld):
    scale = build_scale(cworld)
    _approve_everyone(cworld, scale)
    rows = selectors.cluster_ranking(edition=cworld.editions[2026], period=cworld.periods["2026S1"])
    assert [(r.rank, r.unit.code, r.approved_total) for r in rows] == [
        (1, "NBH2", Decimal("80.00")),
        (2, "NAN", Decimal("80.00")),
        (3, "THA", Decimal("61.00")),
        (4, "QTR2", Decimal("50.00")),
        (5, "HTI", Decimal("35.00")),
    ]
    by_code = {r.unit.code: r for r in rows}
    assert by_code["NBH2"].band == "Tốt"
    assert by_code["HTI"].max_total == Decimal("80.00")  # criterion 1.2 not assigned
    assert by_code["HTI"].percent == Decimal("43.75")
    assert by_code["HTI"].band == "Trung bình"
    assert all(r.state == "approved" and r.state_label == "Đã duyệt điểm" for r in rows)


def test_units_not_approved_have_no_rank(cworld):
    scale = build_scale(cworld)
    rows = selectors.cluster_ranking(edition=cworld.editions[2026], period=cworld.periods["2026S1"])
    assert len(rows) == 5
    assert all(r.rank is None and r.approved_total is None and r.band is None for r in rows)
    assert scale.pk


def test_another_member_sees_only_approved_totals(cworld):
    scale = build_scale(cworld)
    _approve_everyone(cworld, scale)
    rows = selectors.cluster_ranking(
        edition=cworld.editions[2026], period=cworld.periods["2026S1"], user=cworld.users["hti_officer"]
    )
    by_code = {r.unit.code: r for r in rows}
    assert by_code["HTI"].scorecard_id is not None
    assert by_code["NAN"].scorecard_id is None
    assert by_code["NAN"].self_total is None
    assert by_code["NAN"].approved_total == Decimal("80.00")


def test_todo_lists_the_work_waiting_for_each_role(cworld):
    build_scale(cworld)
    texts = [text for text, _ in selectors.todo(user=cworld.users["nan_officer"])]
    assert any("Tự chấm" in t and "Nghệ An" in t for t in texts)
    assert selectors.todo(user=cworld.users["secretariat"]) == []
