"""Permission matrix of data collection: people of another unit ask every collection page and API endpoint for
Nghệ An's report.

Scoping is done on the server (DESIGN.md, "Who uses it"): Hà Tĩnh's officer and leader (a peer in Cụm 6) and the
officer of a unit outside the cluster get 403 or 404 for Nghệ An's report, its values, history, files and workflow,
and no response body shows anything of that report: its figures, comments, attachment names or the reason it was
returned with. Whatever they send changes nothing. The pages are addressed by their URL names, so a page still being
written (answering 404) keeps the matrix true; re-run it when the pages land.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from thidua.accounts.services import token_create
from thidua.collection import services
from thidua.collection.models import Attachment, DataValue, Notification, Submission
from thidua.core.models import AuditEvent
from thidua.core.testing import LONG_AGO, make_user

# What exists only in Nghệ An's report: none of it may appear in a response to anyone outside Nghệ An.
NAN_FIGURES = {"XAYRA/IT": 918273, "XAYRA/NT": 564738, "LAMRO": 987654}
NAN_COMMENT = "Chuyên án Bông Sen Đỏ còn đang xác minh"
NAN_FILE_NAME = "bien-ban-mat-chuyen-an-bong-sen.pdf"
NAN_RETURN_REASON = "Giải trình riêng của Nghệ An về chuyên án Bông Sen"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _number_forms(number: int) -> list[str]:
    grouped = f"{number:,}"
    return [str(number), grouped.replace(",", "."), grouped, grouped.replace(",", " "), grouped.replace(",", "\u00a0")]


LEAKS = [NAN_COMMENT, NAN_FILE_NAME, NAN_RETURN_REASON, *(f for n in NAN_FIGURES.values() for f in _number_forms(n))]


@dataclass
class Ids:
    nan: int  # Nghệ An's report (submitted, once returned)
    nan_version: int  # its current version: refusals below come from scope, not from a stale version
    nan_value: int  # its LAMRO value
    nan_file: int  # the evidence file attached to it
    lamro: int  # the indicator LAMRO
    hti: int  # Hà Tĩnh's own report (draft)
    edition: int  # Cụm 6, 2026
    data_set: int


@dataclass
class MatrixWorld:
    world: Any
    ids: Ids


@pytest.fixture(scope="module")
def _matrix_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[MatrixWorld]:
    """The collection world and Nghệ An's report, built once per module inside a transaction rolled back at the
    end; each test runs in a savepoint on top of it."""
    from thidua.core.testing import add_collection, build_world
    from thidua.organisations.services import org_unit_create

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            # Notifications are sent after commit: run them here, as a real commit would.
            with TestCase.captureOnCommitCallbacks(execute=True):
                world = add_collection(build_world())
                ids = _nan_report(world)
                world.units["DNA"] = org_unit_create(
                    code="DNA",
                    unit_type="provincial_police",
                    name="Công an thành phố Đà Nẵng",
                    parent=world.units["BCA"],
                    valid_from=LONG_AGO,
                    actor=world.admin,
                )
                make_user(world, "dna_officer", "unit_officer", unit="DNA")
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield MatrixWorld(world=world, ids=ids)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _nan_report(world: Any) -> Ids:
    """Nghệ An's report: figures, a comment and a file entered, submitted, returned with a reason (so Nghệ An's
    people have notifications), corrected and submitted again; and Hà Tĩnh's own draft."""
    u, ind, period = world.users, world.indicators, world.periods["2026S1"]
    officer, leader = u["nan_officer"], u["nan_leader"]
    report = services.submission_open(unit=world.units["NAN"], data_set=world.data_set, period=period, actor=officer)
    severity = {o.code: o for o in ind["XAYRA"].disaggregations.get().options.all()}
    for code, option in (("IT", severity["IT"]), ("NT", severity["NT"])):
        services.value_save(
            submission=report, indicator=ind["XAYRA"], option=option, raw=NAN_FIGURES[f"XAYRA/{code}"], actor=officer
        )
    lamro = services.value_save(
        submission=report, indicator=ind["LAMRO"], raw=NAN_FIGURES["LAMRO"] - 1, comment=NAN_COMMENT, actor=officer
    )
    assert lamro is not None
    attachment = services.attachment_add(submission=report, name=NAN_FILE_NAME, content=PDF, value=lamro, actor=officer)
    report.refresh_from_db()
    report = services.submission_submit(submission=report, expected_version=report.version, actor=leader)
    report = services.submission_return(
        submission=report, reason=NAN_RETURN_REASON, expected_version=report.version, actor=u["secretariat"]
    )
    lamro = services.value_save(
        submission=report,
        indicator=ind["LAMRO"],
        raw=NAN_FIGURES["LAMRO"],
        expected_version=lamro.version,
        actor=officer,
    )
    assert lamro is not None
    report.refresh_from_db()
    report = services.submission_submit(submission=report, expected_version=report.version, actor=leader)
    hti = services.submission_open(
        unit=world.units["HTI"], data_set=world.data_set, period=period, actor=u["hti_officer"]
    )
    services.value_save(submission=hti, indicator=ind["LAMRO"], raw=3, actor=u["hti_officer"])
    return Ids(
        nan=report.pk,
        nan_version=report.version,
        nan_value=lamro.pk,
        nan_file=attachment.pk,
        lamro=ind["LAMRO"].pk,
        hti=hti.pk,
        edition=world.editions[2026].pk,
        data_set=world.data_set.pk,
    )


@pytest.fixture
def mw(_matrix_world: MatrixWorld, db: Any) -> MatrixWorld:
    """The shared world of the module; whatever a test writes is rolled back after it."""
    return _matrix_world


# Cases --------------------------------------------------------------------------------------------------------------

DENIED = (403, 404)
OWN = (200, 404)  # the user's own list: shown, or still a placeholder page

Body = Callable[[Ids], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One request. ``url`` is a URL name (pages) or a path with :class:`Ids` placeholders (API)."""

    method: str
    url: str
    allowed: tuple[int, ...]
    body: Body | None = None
    args: tuple[str, ...] = ()
    query: str = ""
    json: bool = False
    if_match: str | None = None
    label: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.url}{f' ({self.label})' if self.label else ''}"

    def path(self, ids: Ids) -> str:
        if self.url.startswith("/"):
            return self.url.format(**vars(ids))
        path = reverse(self.url, args=[getattr(ids, a) for a in self.args])
        return f"{path}?{self.query.format(**vars(ids))}" if self.query else path


def _open_nan(ids: Ids) -> dict[str, Any]:
    return {"unit": "NAN", "data_set": ids.data_set, "period": "2026S1"}


def _open_nan_later(ids: Ids) -> dict[str, Any]:
    return {**_open_nan(ids), "period": "2026S2"}


def _value_of_nan(ids: Ids) -> dict[str, Any]:
    return {"indicator": "LAMRO", "option": "", "value": "1", "comment": "sửa trộm", "version": 2}


def _cell_of_nan(ids: Ids) -> dict[str, Any]:
    return {"indicator": ids.lamro, "option": "", "value": "1", "comment": "sửa trộm", "version": 2}


def _action(action: str, reason: str = "") -> Body:
    return lambda ids: {"action": action, "reason": reason, "version": ids.nan_version}


def _excel(ids: Ids) -> dict[str, Any]:
    workbook = Workbook()
    workbook.active.append(["LAMRO", 1])
    out = BytesIO()
    workbook.save(out)
    return {"file": SimpleUploadedFile("nan.xlsx", out.getvalue()), "apply": "1"}


def _evidence(ids: Ids) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("them.pdf", PDF, content_type="application/pdf")}


def _bulk_page(ids: Ids) -> dict[str, Any]:
    return {
        "action": "approve",
        "chon": [ids.nan],
        f"phien_ban_{ids.nan}": ids.nan_version,
        f"ly_do_{ids.nan}": "",
        "ky": "2026S1",
    }


def _bulk_api(ids: Ids) -> dict[str, Any]:
    return {"decisions": [{"submission": ids.nan, "action": "approve", "version": ids.nan_version}]}


NAN = ("nan",)
NAN_VALUE = ("nan", "nan_value")
EDITION = ("edition",)

PAGE_CASES = [
    Case("GET", "home", (200,)),
    Case("GET", "collection:index", OWN),
    # Opening Nghệ An's report is refused alike whether it exists (2026S1) or not yet (2026S2).
    Case("GET", "collection:open", DENIED, query="don-vi=NAN&bo={data_set}&ky=2026S1", label="Nghệ An's report"),
    Case("GET", "collection:open", DENIED, query="don-vi=NAN&bo={data_set}&ky=2026S2", label="one not opened yet"),
    Case("GET", "collection:form", DENIED, args=NAN),
    Case("POST", "collection:save-value", DENIED, args=NAN, body=_cell_of_nan),
    Case("POST", "collection:upload", DENIED, args=NAN, body=_evidence),
    Case("GET", "collection:attachment", DENIED, args=("nan", "nan_file"), label="download its file"),
    Case("POST", "collection:unlock", DENIED, args=NAN, body=lambda ids: {"den-ngay": "31/12/2030", "reason": "x"}),
    *(
        Case("POST", "collection:action", DENIED, args=NAN, body=_action(a, "x"), label=a)
        for a in ("submit", "return", "approve", "finalise", "unapprove")
    ),
    Case("GET", "collection:history", DENIED, args=NAN_VALUE),
    Case("GET", "collection:excel-download", DENIED, args=NAN),
    Case("GET", "collection:excel-upload", DENIED, args=NAN),
    Case("POST", "collection:excel-upload", DENIED, args=NAN, body=_excel),
    Case("POST", "collection:bulk", DENIED, args=EDITION, body=_bulk_page),
    Case("GET", "collection:notifications", OWN),
]
# Cụm 6's overview: members' people may or may not be shown it (without Nghệ An's figures, comments, files or
# reasons); outside the cluster it is refused.
OVERVIEW = [
    Case("GET", "collection:overview", DENIED, args=EDITION),
    Case("GET", "collection:overview", DENIED, args=EDITION, query="ky=2026S1"),
    Case("GET", "collection:overview", DENIED, args=EDITION, query="ky=2026S1&format=xlsx", label="Excel"),
]
MEMBER_PAGE_CASES = [Case(c.method, c.url, (200, *DENIED), c.body, c.args, c.query, label=c.label) for c in OVERVIEW]
OUTSIDER_PAGE_CASES = OVERVIEW

API = "/api/v1/submissions/"
API_CASES = [
    Case("GET", API, (200,)),
    Case("GET", API + "?unit=NAN", (200,)),
    Case("GET", API + "?edition={edition}&period=2026S1", (200,)),
    Case("POST", API, DENIED, body=_open_nan, json=True, label="open Nghệ An's report"),
    Case("POST", API, DENIED, body=_open_nan_later, json=True, label="open one not opened yet"),
    Case("GET", API + "{nan}/", DENIED),
    Case("GET", API + "{nan}/values/", DENIED),
    Case("PUT", API + "{nan}/values/", DENIED, body=_value_of_nan, json=True),
    Case("PUT", API + "{nan}/values/", DENIED, body=_value_of_nan, json=True, if_match='"2"', label="If-Match"),
    Case("GET", API + "{nan}/values/{nan_value}/", DENIED),
    Case("GET", API + "{nan}/values/{nan_value}/history/", DENIED),
    *(
        Case("POST", API + "{nan}/actions/", DENIED, body=_action(a, "x"), json=True, label=a)
        for a in ("submit", "return", "approve", "finalise", "unapprove")
    ),
    Case("POST", API + "review/", DENIED, body=_bulk_api, json=True),
]

MEMBERS = ("hti_officer", "hti_leader")
OUTSIDER = "dna_officer"
MATRIX = [
    *((user, case) for user in MEMBERS for case in PAGE_CASES + MEMBER_PAGE_CASES + API_CASES),
    *((OUTSIDER, case) for case in PAGE_CASES + OUTSIDER_PAGE_CASES + API_CASES),
]


# Checks ------------------------------------------------------------------------------------------------------------


def _client(world: Any, username: str) -> APIClient:
    """Signed in for the pages (session) and for the API (token), as a browser and a script would be."""
    user = world.users[username]
    client = APIClient()
    client.force_login(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user, actor=world.admin)}")
    return client


def _send(client: APIClient, case: Case, ids: Ids) -> Any:
    path = case.path(ids)
    extra = {"HTTP_IF_MATCH": case.if_match} if case.if_match else {}
    if case.method == "GET":
        return client.get(path, **extra)
    body = case.body(ids) if case.body else {}
    send = getattr(client, case.method.lower())
    if case.json:
        return send(path, body, format="json", **extra)
    return send(path, body, format="multipart", **extra)


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK\x03\x04"):
        workbook = load_workbook(BytesIO(content), read_only=True)
        cells = (cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row)
        return "\n".join(str(cell) for cell in cells if cell is not None)
    return content.decode("utf-8", errors="replace")


def _listed_submission_ids(response: Any) -> set[int]:
    if not response.get("Content-Type", "").startswith("application/json"):
        return set()
    data = response.json()
    rows = data if isinstance(data, list) else [data]
    return {row["id"] for row in rows if isinstance(row, dict) and "id" in row and "status" in row}


def _state_of_nan(ids: Ids) -> tuple[Any, ...]:
    report = Submission.objects.get(pk=ids.nan)
    values = tuple(DataValue.objects.filter(submission=report).values_list("pk", "value", "comment", "version"))
    files = tuple(Attachment.objects.filter(submission=report).values_list("pk", "original_name"))
    return report.status, report.version, values, files, Submission.objects.count()


def _collection_events() -> int:
    return AuditEvent.objects.filter(object_type__startswith="collection.").count()


@pytest.mark.parametrize(("username", "case"), MATRIX, ids=lambda p: str(p))
def test_another_units_people_get_nothing_of_nghe_ans_report(mw: MatrixWorld, username: str, case: Case) -> None:
    ids = mw.ids
    client = _client(mw.world, username)
    before, events = _state_of_nan(ids), _collection_events()

    response = _send(client, case, ids)

    assert response.status_code in case.allowed, f"{username}: {case} -> {response.status_code}"
    if response.status_code in (301, 302, 303):
        assert reverse("collection:form", args=[ids.nan]) not in response["Location"], (
            f"{username}: {case} sends the user to Nghệ An's report"
        )
    text = _text(response) + "\n" + "\n".join(f"{k}: {v}" for k, v in response.items())
    for leak in LEAKS:
        assert leak not in text, f"{username}: {case} shows {leak!r}"
    assert ids.nan not in _listed_submission_ids(response)
    # Whatever was refused changed nothing.
    assert _state_of_nan(ids) == before
    assert _collection_events() == events


@pytest.mark.parametrize("username", [*MEMBERS, OUTSIDER])
def test_the_lists_another_unit_reads_hold_only_its_own_reports(mw: MatrixWorld, username: str) -> None:
    response = _client(mw.world, username).get(API)

    assert response.status_code == 200
    expected = [mw.ids.hti] if username in MEMBERS else []
    assert [s["id"] for s in response.json()] == expected


def test_nghe_ans_people_were_notified_so_the_notification_page_is_really_checked(mw: MatrixWorld) -> None:
    nan_people = [mw.world.users["nan_officer"], mw.world.users["nan_leader"]]

    notices = Notification.objects.filter(user__in=nan_people)

    assert notices.exists()
    assert all(NAN_RETURN_REASON in n.message for n in notices)
    assert not Notification.objects.exclude(user__in=nan_people).exists()


def test_nghe_ans_own_people_and_the_secretariat_do_reach_the_report(mw: MatrixWorld) -> None:
    """The refusals above come from scoping, not from a broken endpoint."""
    for username in ("nan_officer", "nan_leader", "secretariat", "bca_office", "bca_auditor"):
        client = _client(mw.world, username)
        report = client.get(f"{API}{mw.ids.nan}/")
        values = client.get(f"{API}{mw.ids.nan}/values/")
        history = client.get(f"{API}{mw.ids.nan}/values/{mw.ids.nan_value}/history/")

        assert (report.status_code, values.status_code, history.status_code) == (200, 200, 200), username
        assert NAN_COMMENT in values.content.decode()
        page = client.get(reverse("collection:form", args=[mw.ids.nan]))
        assert page.status_code in OWN, username  # 404 only while the page is a placeholder
    overview = _client(mw.world, "secretariat").get(reverse("collection:overview", args=[mw.ids.edition]))
    assert overview.status_code in OWN
