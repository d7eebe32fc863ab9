"""The catalogue administration saves through the service: audited, and a bad criterion shows on the form."""

from __future__ import annotations

import json

from django.test import Client

from thidua.commendations.models import RuleCriterion
from thidua.commendations.tests.worlds import KWorld
from thidua.core.models import AuditEvent


def test_admin_lists_rule_data_and_refuses_a_bad_criterion_on_the_form(kworld: KWorld) -> None:
    client = Client()
    client.force_login(kworld.world.admin)
    for page in ("rulecriterion", "ruleset", "catalogueentry", "caprule", "rewardcoefficient", "basesalary"):
        assert client.get(f"/quan-tri/commendations/{page}/").status_code == 200
    criterion = RuleCriterion.objects.filter(kind="member_title_share", title__code="advanced_unit").first()
    assert criterion is not None and criterion.params["percent"] == "50"
    data = {
        "ruleset": criterion.ruleset_id,
        "title": criterion.title_id,
        "order": criterion.order,
        "kind": criterion.kind,
        "params": json.dumps({"title": "advanced_soldier", "percent": "120", "comparison": "more_than"}),
        "article": criterion.article,
        "enabled": "on",
        "verify": "",
    }
    url = f"/quan-tri/commendations/rulecriterion/{criterion.pk}/change/"
    page = client.post(url, data)
    assert page.status_code == 200 and "không quá 100%" in page.content.decode()
    criterion.refresh_from_db()
    assert criterion.params["percent"] == "50"
    data["params"] = json.dumps({"title": "advanced_soldier", "percent": "60", "comparison": "more_than"})
    assert client.post(url, data).status_code == 302
    criterion.refresh_from_db()
    assert criterion.params["percent"] == "60" and "trên 60%" in criterion.requirement
    event = AuditEvent.objects.filter(action="commendations.rulecriterion.update").get()
    assert event.before["params"]["percent"] == "50"
