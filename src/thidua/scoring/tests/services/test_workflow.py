"""The scorecard workflow through the services: self score, submit, cluster score, explanation, approval, lock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.core.testing import make_user
from thidua.scoring import services
from thidua.scoring.models import Scorecard
from thidua.scoring.tests.factories import build_scale

pytestmark = pytest.mark.django_db


def _card(scale, world, code):
    return Scorecard.objects.get(scale=scale, unit=world.units[code])


def _self_score_all(card, officer):
    card = services.self_score_set(
        card=card, criterion=card.scale.nodes.get(code="2.1"), count=3, expected_version=card.version, actor=officer
    )
    if card.scores.filter(criterion__code="1.2").exists():
        card = services.self_score_set(
            card=card,
            criterion=card.scale.nodes.get(code="1.2"),
            achieved=True,
            expected_version=card.version,
            actor=officer,
        )
    return services.self_score_set(
        card=card,
        criterion=card.scale.nodes.get(code="3.1"),
        bonus_count=2,
        penalty_count=0,
        expected_version=card.version,
        actor=officer,
    )


def test_quantitative_scores_fill_in_from_approved_data(cworld):
    scale = build_scale(cworld)
    nan = _card(scale, cworld, "NAN")
    row = nan.scores.get(criterion__code="1.1")
    # Nghệ An: 180 of 150 = 1.2; leader NBH2 at 1.2 too (120/100): both lead with the maximum.
    assert row.actual == Decimal(180)
    assert row.target == Decimal(150)
    assert row.self_score == Decimal("60.00")
    hti = _card(scale, cworld, "HTI").scores.get(criterion__code="1.1")
    assert hti.self_score == Decimal("15.00")  # 0.5 · 60 · 50/100
    qtr = _card(scale, cworld, "QTR2").scores.get(criterion__code="1.1")
    assert qtr.self_score == Decimal("45.00")  # 30 + 30 · 0.1/0.2


def test_full_workflow_with_explanation_is_audited(cworld):
    scale = build_scale(cworld)
    officer, leader = cworld.users["nan_officer"], cworld.users["nan_leader"]
    secretariat = cworld.users["secretariat"]
    card = _self_score_all(_card(scale, cworld, "NAN"), officer)
    assert card.self_total == Decimal("97.00")  # 60 + 20 + 15 + 2 (bonus outside the total)
    assert card.max_total == Decimal("100.00")
    card = services.scorecard_submit(card=card, expected_version=card.version, actor=leader)
    assert card.state == "submitted"
    card = services.cluster_score_set(
        card=card,
        criterion=scale.nodes.get(code="2.1"),
        score="10",
        comment="Chỉ công nhận 2 mô hình",
        expected_version=card.version,
        actor=secretariat,
    )
    card.refresh_from_db()
    assert card.cluster_total == Decimal("92.00")
    card = services.explanation_request(
        card=card,
        criterion=scale.nodes.get(code="1.2"),
        text="Đề nghị gửi kế hoạch",
        expected_version=card.version,
        actor=secretariat,
    )
    assert card.state == "explanation_requested"
    with pytest.raises(DomainError):
        services.scorecard_approve(card=card, expected_version=card.version, actor=secretariat)
    card = services.explanation_give(
        card=card,
        criterion=scale.nodes.get(code="1.2"),
        text="Đã gửi kế hoạch số 12",
        expected_version=card.version,
        actor=officer,
    )
    assert card.state == "explained"
    card = services.scorecard_approve(card=card, expected_version=card.version, actor=secretariat)
    card.refresh_from_db()
    assert card.state == "approved"
    assert card.approved_total == Decimal("92.00")
    office = cworld.users["bca_office"]
    card = services.scorecard_lock(card=card, expected_version=card.version, actor=office)
    assert card.state == "locked"
    card = services.scorecard_unlock(card=card, reason="Sai sót nhập liệu", expected_version=card.version, actor=office)
    assert card.state == "approved"
    actions = set(AuditEvent.objects.filter(action__startswith="scorecard.").values_list("action", flat=True))
    assert {
        "scorecard.self_score",
        "scorecard.submit",
        "scorecard.cluster_score",
        "scorecard.request_explanation",
        "scorecard.explain",
        "scorecard.approve",
        "scorecard.lock",
        "scorecard.unlock",
    } <= actions
    unlock = AuditEvent.objects.filter(action="scorecard.unlock").get()
    assert unlock.reason == "Sai sót nhập liệu"


def test_separation_of_duties(cworld):
    scale = build_scale(cworld)
    officer, leader = cworld.users["nan_officer"], cworld.users["nan_leader"]
    secretariat, office = cworld.users["secretariat"], cworld.users["bca_office"]
    card = _card(scale, cworld, "NAN")
    node = scale.nodes.get(code="2.1")
    for actor in (leader, secretariat, office, cworld.users["hti_officer"], cworld.admin):
        with pytest.raises(Forbidden):
            services.self_score_set(card=card, criterion=node, count=1, expected_version=card.version, actor=actor)
    card = _self_score_all(card, officer)
    with pytest.raises(Forbidden):
        services.scorecard_submit(card=card, expected_version=card.version, actor=officer)
    card = services.scorecard_submit(card=card, expected_version=card.version, actor=leader)
    for actor in (officer, leader, office):
        with pytest.raises(Forbidden):
            services.scorecard_approve(card=card, expected_version=card.version, actor=actor)
    card = services.scorecard_approve(card=card, expected_version=card.version, actor=secretariat)
    with pytest.raises(Forbidden):
        services.scorecard_lock(card=card, expected_version=card.version, actor=secretariat)


def test_stale_edit_is_refused_and_changes_nothing(cworld):
    scale = build_scale(cworld)
    officer = cworld.users["nan_officer"]
    card = _card(scale, cworld, "NAN")
    old = card.version
    services.self_score_set(
        card=card, criterion=scale.nodes.get(code="2.1"), count=1, expected_version=old, actor=officer
    )
    with pytest.raises(StaleEdit):
        services.self_score_set(
            card=card, criterion=scale.nodes.get(code="2.1"), count=4, expected_version=old, actor=officer
        )
    assert card.scores.get(criterion__code="2.1").count == 1


def test_not_assigned_criterion_leaves_the_maximum_and_cannot_be_scored(cworld):
    scale = build_scale(cworld)
    card = _card(scale, cworld, "HTI")
    assert card.max_total == Decimal("80.00")
    with pytest.raises(DomainError, match="không giao"):
        services.self_score_set(
            card=card,
            criterion=scale.nodes.get(code="1.2"),
            achieved=True,
            expected_version=card.version,
            actor=cworld.users["hti_officer"],
        )


def test_scale_whose_totals_do_not_add_up_is_not_published(cworld):
    scale = build_scale(cworld, publish=False, with_data=False)
    secretariat = cworld.users["secretariat"]
    services.criterion_add(
        scale=scale,
        group=scale.nodes.get(code="II"),
        code="2.2",
        name="Thêm",
        kind="qualitative",
        max_score=5,
        actor=secretariat,
    )
    scale.refresh_from_db()
    with pytest.raises(DomainError, match="105"):
        services.scale_publish(scale=scale, expected_version=scale.version, actor=secretariat)
    assert not Scorecard.objects.filter(scale=scale).exists()


def test_copy_from_an_earlier_scale(cworld):
    scale = build_scale(cworld, with_data=False)
    make_user(cworld, "secretariat25", "cluster_secretariat", edition_year=2025)
    copy = services.scale_copy(
        source=scale, edition=cworld.editions[2026], period=cworld.periods["2026"], actor=cworld.users["secretariat"]
    )
    assert copy.state == "draft"
    assert list(copy.nodes.values_list("code", flat=True)) == list(scale.nodes.values_list("code", flat=True))
    assert copy.nodes.get(code="1.1").parent.code == "I"
    assert copy.bands.count() == 4
    assert copy.nodes.get(code="1.2").not_assigned.get().unit == cworld.units["HTI"]
