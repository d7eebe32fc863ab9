"""A cluster recompute reads and writes in a fixed number of queries, whatever the number of criteria, and its audit
event says what it changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.core.models import AuditEvent
from thidua.scoring import services
from thidua.scoring.models import Band, CriterionScore, Node, Scale, Scorecard
from thidua.scoring.tests.factories import approve_lamro

pytestmark = pytest.mark.django_db


def _scale(world, period_code, quantitative):
    """A 100-point scale of ``quantitative`` criteria (on the world's three indicators in turn) and one qualitative."""
    actor = world.users["secretariat"]
    scale = services.scale_create(
        edition=world.editions[2026],
        period=world.periods[period_code],
        name="Thang điểm",
        declared_total=100,
        actor=actor,
    )
    each = Decimal(80) / quantitative
    group = services.group_add(scale=scale, code="I", name="Chỉ tiêu", declared_total=80, actor=actor)
    for n in range(quantitative):
        services.criterion_add(
            scale=scale,
            group=group,
            code=f"1.{n + 1}",
            name=f"Chỉ tiêu {n + 1}",
            kind="quantitative",
            max_score=each,
            indicator=world.indicators[("LAMRO", "XAYRA", "TLKP")[n % 3]],
            actor=actor,
        )
    other = services.group_add(scale=scale, code="II", name="Định tính", declared_total=20, actor=actor)
    services.criterion_add(
        scale=scale, group=other, code="2.1", name="Hoàn thành kế hoạch", kind="qualitative", max_score=20, actor=actor
    )
    scale.refresh_from_db()
    return services.scale_publish(scale=scale, expected_version=scale.version, actor=actor)


def _first_scoring_queries(scale, actor):
    """Forget every quantitative figure and score (as before the first scoring), then count the recompute's queries."""
    CriterionScore.objects.filter(scorecard__scale=scale, criterion__kind="quantitative").update(
        target=None, actual=None, outcome="", computed_score=None, self_score=None
    )
    Scorecard.objects.filter(scale=scale).update(self_total=None, max_total=0)
    with CaptureQueriesContext(connection) as queries:
        services.quantitative_refresh(scale=scale, actor=actor)
    return len(queries)


def _delete(scale):
    """Test only: remove a scale (its rows are protected), so another can take its period."""
    CriterionScore.objects.filter(scorecard__scale=scale).delete()
    Scorecard.objects.filter(scale=scale).delete()
    Band.objects.filter(scale=scale).delete()
    Node.objects.filter(scale=scale, is_group=False).delete()
    Node.objects.filter(scale=scale).delete()
    Scale.objects.filter(pk=scale.pk).delete()


def test_recompute_query_count_does_not_grow_with_criteria(cworld):
    approve_lamro(cworld)
    actor = cworld.users["secretariat"]
    # The same period (same data, same merged provinces to restate) with 1 and then 8 quantitative criteria.
    small = _scale(cworld, "2026S1", 1)
    _first_scoring_queries(small, actor)  # warm up: the actor's access and the audit chain are read once per process
    few = _first_scoring_queries(small, actor)
    _delete(small)
    large = _scale(cworld, "2026S1", 8)
    assert _first_scoring_queries(large, actor) == few
    # The recompute did write: every quantitative score of the large scale is back, and every card's totals.
    rescored = CriterionScore.objects.filter(scorecard__scale=large, criterion__kind="quantitative")
    assert rescored.count() == 8 * Scorecard.objects.filter(scale=large).count()
    assert not rescored.filter(outcome="").exists()
    assert not Scorecard.objects.filter(scale=large, max_total=0).exists()


def test_recompute_audit_says_what_changed(cworld):
    approve_lamro(cworld)
    actor = cworld.users["secretariat"]
    scale = _scale(cworld, "2026S1", 1)
    _first_scoring_queries(scale, actor)
    event = AuditEvent.objects.filter(action="scale.quantitative_refresh").latest("seq")
    nan = cworld.units["NAN"].code
    # Nghệ An: 180 done of 150 assigned, the cluster's best ratio: the full 80 points.
    assert event.after["scores"][nan]["1.1"]["self_score"] == [None, "80.00"]
    assert event.after["scores"][nan]["1.1"]["actual"][0] is None
    assert event.after["totals"][nan]["self_total"][1] == "80.00"
    # Nothing changed since: the next recompute's event records no score.
    services.quantitative_refresh(scale=scale, actor=actor)
    assert "scores" not in AuditEvent.objects.filter(action="scale.quantitative_refresh").latest("seq").after
