"""Permission matrix: a Hà Tĩnh unit officer asks every page and endpoint for Nghệ An's objects.

Scoping is done on the server (DESIGN.md, "Who uses it"): whatever the URL, the officer gets 403 or 404 for
Nghệ An's private objects, and no response shows Nghệ An's internal units, its internal cluster or its targets.
HTI and NAN are both members of Cụm 6, so NAN itself is named to HTI (a cluster peer); what lies inside NAN is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from thidua.core.testing import make_user
from thidua.indicators.models import Target
from thidua.indicators.services import target_set

from .conftest import NAN_ONLY_NAMES, NAN_SECRET_VALUE, NanPrivate

pytestmark = pytest.mark.django_db

LEAKED_VALUE_FORMS = (f"{NAN_SECRET_VALUE}", "987.654", "987,654", "987 654")


@dataclass
class Ids:
    cum6_2026: int
    internal_edition: int
    nan_target: int
    internal_target: int


@dataclass(frozen=True)
class Case:
    """One request; ``url`` may use the placeholders of :class:`Ids`."""

    method: str
    url: str
    allowed: tuple[int, ...]
    body: Callable[[Any, Ids], dict[str, Any]] | None = None
    if_match: str | None = None
    label: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.url}{f' ({self.label})' if self.label else ''}"


def _nan_in_cum6(world: Any, ids: Ids) -> dict[str, Any]:
    return {
        "edition": ids.cum6_2026,
        "unit": "NAN",
        "indicator": "LAMRO",
        "period": "2026S1",
        "kind": "absolute",
        "value": "1",
    }


def _nan_department_in_internal_cluster(world: Any, ids: Ids) -> dict[str, Any]:
    return {**_nan_in_cum6(world, ids), "edition": ids.internal_edition, "unit": "NAN-PC02"}


DENIED = (403, 404)
OK = (200,)

PAGE_CASES = [
    Case("GET", "/", OK),
    Case("GET", "/to-chuc/", OK),
    Case("GET", "/to-chuc/?format=xlsx", OK),
    Case("GET", "/to-chuc/HTI/", OK),
    Case("GET", "/to-chuc/NAN/", OK),  # a cluster peer: named, but nothing inside it
    Case("GET", "/to-chuc/NAN-PC02/", DENIED),
    Case("GET", "/to-chuc/NAN-VINH/", DENIED),
    Case("GET", "/to-chuc/NAN-BENTHUY/", DENIED),
    Case("GET", "/cum-thi-dua/", OK),
    Case("GET", "/cum-thi-dua/?format=xlsx", OK),
    Case("GET", "/cum-thi-dua/{cum6_2026}/?ky=2026S1", OK),
    Case("GET", "/cum-thi-dua/{cum6_2026}/?ky=2026S1&format=xlsx", OK),
    Case("GET", "/cum-thi-dua/{internal_edition}/", DENIED),
    Case("GET", "/cum-thi-dua/{internal_edition}/?ky=2026S1&format=xlsx", DENIED),
    Case("GET", "/chi-tieu/", OK),
    Case("GET", "/ky-bao-cao/", OK),
]

API_CASES = [
    Case("GET", "/api/v1/targets/", OK),
    Case("GET", "/api/v1/targets/?unit=NAN", OK),
    Case("GET", "/api/v1/targets/?unit=NAN-PC02", OK),
    Case("GET", "/api/v1/targets/?edition={internal_edition}", OK),
    Case("GET", "/api/v1/targets/{nan_target}/", DENIED),
    Case("GET", "/api/v1/targets/{internal_target}/", DENIED),
    Case("PUT", "/api/v1/targets/{nan_target}/", DENIED, body=_nan_in_cum6, if_match='"1"'),
    Case("PUT", "/api/v1/targets/{internal_target}/", DENIED, body=_nan_department_in_internal_cluster, if_match='"1"'),
    Case("POST", "/api/v1/targets/", DENIED, body=_nan_in_cum6, label="NAN in Cụm 6"),
    Case(
        "POST",
        "/api/v1/targets/",
        DENIED,
        body=_nan_department_in_internal_cluster,
        label="NAN-PC02 in NAN's own cluster",
    ),
    Case("GET", "/api/v1/org-tree/", OK),
    Case("GET", "/api/v1/org-units/NAN/", OK),  # a cluster peer
    Case("GET", "/api/v1/org-units/NAN-PC02/", DENIED),
    Case("GET", "/api/v1/org-units/NAN-VINH/", DENIED),
    Case("GET", "/api/v1/cluster-editions/", OK),
    Case("GET", "/api/v1/cluster-editions/{cum6_2026}/", OK),
    Case("GET", "/api/v1/cluster-editions/{internal_edition}/", DENIED),
    Case("GET", "/api/v1/indicators/", OK),
    Case("GET", "/api/v1/periods/", OK),
]


@pytest.fixture
def ids(world: Any, nan_private: NanPrivate) -> Ids:
    # Hà Tĩnh's own target, so the lists the officer reads are not trivially empty.
    target_set(
        edition=world.editions[2026],
        unit=world.units["HTI"],
        indicator=world.indicators["LAMRO"],
        period=world.periods["2026S1"],
        kind="absolute",
        value=42,
        actor=world.admin,
    )
    return Ids(
        cum6_2026=world.editions[2026].pk,
        internal_edition=nan_private.internal_edition.pk,
        nan_target=nan_private.target.pk,
        internal_target=nan_private.internal_target.pk,
    )


def _send(client: APIClient, case: Case, world: Any, ids: Ids) -> Any:
    url = case.url.format(**vars(ids))
    extra = {"HTTP_IF_MATCH": case.if_match} if case.if_match else {}
    if case.method == "GET":
        return client.get(url, **extra)
    body = case.body(world, ids) if case.body else {}
    return getattr(client, case.method.lower())(url, body, format="json", **extra)


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(BytesIO(content), read_only=True)
        cells = (cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)
        return "\n".join(str(cell) for cell in cells if cell is not None)
    return content.decode()


def _target_ids(response: Any) -> set[int]:
    if not response.get("Content-Type", "").startswith("application/json"):
        return set()
    data = response.json()
    rows = data if isinstance(data, list) else [data]
    return {row["id"] for row in rows if isinstance(row, dict) and "id" in row and "indicator" in row}


@pytest.mark.parametrize("case", PAGE_CASES + API_CASES, ids=str)
def test_a_hatinh_officer_gets_nothing_of_nghean_from_any_page_or_endpoint(
    world: Any, nan_private: NanPrivate, ids: Ids, signed_in: Any, case: Case
) -> None:
    officer = make_user(world, "nhaplieu.hti", "unit_officer", unit="HTI")

    response = _send(signed_in(officer), case, world, ids)

    assert response.status_code in case.allowed, _text(response)[:500]
    text = _text(response)
    for name in NAN_ONLY_NAMES:
        assert name not in text, f"{case} shows {name!r}"
    for value in LEAKED_VALUE_FORMS:
        assert value not in text, f"{case} shows Nghệ An's target value"
    assert not _target_ids(response) & {ids.nan_target, ids.internal_target}
    # Whatever was refused changed nothing.
    for target in (nan_private.target, nan_private.internal_target):
        stored = Target.objects.get(pk=target.pk)
        assert (stored.value, stored.version) == (Decimal(NAN_SECRET_VALUE), 1)
    assert Target.objects.count() == 3


def test_the_hatinh_officer_reads_its_own_target_through_the_api(world: Any, ids: Ids, signed_in: Any) -> None:
    officer = make_user(world, "nhaplieu.hti", "unit_officer", unit="HTI")

    response = signed_in(officer).get("/api/v1/targets/")

    assert [(t["unit"], Decimal(t["value"])) for t in response.json()] == [("HTI", Decimal(42))]


PAGES = ["/", "/to-chuc/", "/to-chuc/NAN/", "/cum-thi-dua/", "/cum-thi-dua/{cum6_2026}/", "/chi-tieu/", "/ky-bao-cao/"]


@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_visitor_is_sent_to_the_login_page(world: Any, ids: Ids, client: Any, url: str) -> None:
    response = client.get(url.format(**vars(ids)))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("case", API_CASES, ids=str)
def test_an_anonymous_api_client_is_refused(world: Any, ids: Ids, case: Case) -> None:
    response = _send(APIClient(), case, world, ids)

    assert response.status_code in (401, 403)
    assert "detail" in response.json()
    assert Target.objects.count() == 3
