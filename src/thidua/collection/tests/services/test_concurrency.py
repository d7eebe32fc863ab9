"""Concurrent writes on one report, in real concurrent transactions (threads, each with its own connection).

DESIGN.md, "Data that must never be lost or silently changed": edits carry the version they were based on and a
stale one is refused, never merged; approved data is never data nobody reviewed. Every write of the workflow locks
the report's row first (SELECT ... FOR UPDATE on PostgreSQL; an IMMEDIATE transaction holds the write lock on
SQLite), and every value saved bumps the report's version, so of an approval and an edit racing each other either
the edit is refused because the report is locked, or the approval is refused as stale.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from thidua.collection import services
from thidua.collection.models import DataValue, Submission
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import StaleEdit
from thidua.core.models import AuditEvent
from thidua.core.testing import make_user

pytestmark = pytest.mark.django_db(transaction=True)

JOIN_TIMEOUT = 120  # seconds; a thread still running after this is a deadlock, and fails the test


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_together(*jobs: Callable[[], Any]) -> list[Outcome]:
    """Run the jobs in threads released at the same instant; each thread has (and closes) its own connection."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [Outcome() for _ in jobs]

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            outcomes[index].result = job()
        except BaseException as exc:  # noqa: BLE001 - handed to the test, which asserts on it
            outcomes[index].error = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job), daemon=True) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a transaction never finished (deadlock?)"
    return outcomes


def fresh(user: Any) -> Any:
    """The user loaded in the calling thread (access is cached per user object)."""
    return get_user_model().objects.get(pk=user.pk)


def report(pk: int) -> Submission:
    return Submission.objects.select_related("data_set__edition", "unit", "period").get(pk=pk)


def value_events(value_pks: list[int]) -> Any:
    return AuditEvent.objects.filter(object_type="collection.datavalue", object_id__in=[str(pk) for pk in value_pks])


@pytest.fixture
def database_file(transactional_db: Any, tmp_path: Any) -> Any:
    """On SQLite, run the test on a database file, as deployed (WAL, busy timeout, IMMEDIATE transactions).

    The SQLite test database is in memory with a shared cache, where a second writer fails at once with «database
    table is locked» instead of waiting for the first (the busy timeout does not apply to a shared cache), so it
    cannot show how concurrent writers behave in service. Nothing to do when the test database is already a file,
    or on PostgreSQL.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    in_memory = connections[DEFAULT_DB_ALIAS]
    # Every thread's connection is made from this dict; the in-memory one keeps a copy, so it stays open (closing
    # it would destroy the test database).
    shared = connections.settings[DEFAULT_DB_ALIAS]
    in_memory.settings_dict = dict(shared)
    name = shared["NAME"]
    shared["NAME"] = str(tmp_path / "concurrency.sqlite3")
    on_disk = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = on_disk
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield
    finally:
        on_disk.close()
        shared["NAME"] = name
        in_memory.settings_dict = shared
        connections[DEFAULT_DB_ALIAS] = in_memory


@pytest.fixture
def cworld(database_file: Any) -> Any:
    """The collection world (as the root ``cworld``), built in the database the threads will share."""
    from thidua.core.testing import add_collection, build_world

    return add_collection(build_world())


@pytest.fixture
def nan_report(cworld: Any) -> Submission:
    officer = cworld.users["nan_officer"]
    return services.submission_open(
        unit=cworld.units["NAN"], data_set=cworld.data_set, period=cworld.periods["2026S1"], actor=officer
    )


# (a) Two edits based on the same version ----------------------------------------------------------------------------


def test_of_two_edits_based_on_the_same_version_exactly_one_is_kept_and_audited(
    cworld: Any, nan_report: Submission
) -> None:
    lamro = cworld.indicators["LAMRO"]
    first = services.value_save(submission=nan_report, indicator=lamro, raw="10", actor=cworld.users["nan_officer"])
    assert first is not None
    second_officer = make_user(cworld, "nan_officer2", "unit_officer", unit="NAN")
    editors = {"11": cworld.users["nan_officer"], "12": second_officer}

    for round_ in range(5):
        based_on = DataValue.objects.get(pk=first.pk).version

        def edit(raw: str, based_on: int = based_on) -> DataValue | None:
            return services.value_save(
                submission=report(nan_report.pk),
                indicator=lamro,
                raw=raw,
                expected_version=based_on,
                actor=fresh(editors[raw]),
            )

        events_before = value_events([first.pk]).count()

        outcomes = dict(zip(editors, run_together(lambda: edit("11"), lambda: edit("12")), strict=True))

        winners = [raw for raw, outcome in outcomes.items() if outcome.ok]
        losers = [outcome.error for outcome in outcomes.values() if not outcome.ok]
        assert len(winners) == 1, f"round {round_}: {outcomes}"
        assert len(losers) == 1 and isinstance(losers[0], StaleEdit), f"round {round_}: {losers}"
        stored = DataValue.objects.get(pk=first.pk)
        assert stored.value == Decimal(winners[0])
        assert stored.entered_by_id == editors[winners[0]].pk
        assert stored.version == based_on + 1
        changes = list(value_events([first.pk]).order_by("seq")[events_before:])
        assert [e.action for e in changes] == ["value.save"]
        assert Decimal(changes[0].after["value"]) == Decimal(winners[0])
        assert changes[0].actor_id == editors[winners[0]].pk


def test_of_two_first_entries_of_the_same_value_one_is_refused(cworld: Any, nan_report: Submission) -> None:
    """Both believe the cell is empty (version 0): the second must not overwrite the first."""
    lamro = cworld.indicators["LAMRO"]
    second_officer = make_user(cworld, "nan_officer2", "unit_officer", unit="NAN")
    editors = {"11": cworld.users["nan_officer"], "12": second_officer}

    def enter(raw: str) -> DataValue | None:
        return services.value_save(
            submission=report(nan_report.pk), indicator=lamro, raw=raw, expected_version=0, actor=fresh(editors[raw])
        )

    outcomes = dict(zip(editors, run_together(lambda: enter("11"), lambda: enter("12")), strict=True))

    winners = [raw for raw, outcome in outcomes.items() if outcome.ok]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o.error, StaleEdit) for o in outcomes.values() if not o.ok), outcomes
    stored = DataValue.objects.get(submission=nan_report, indicator=lamro)
    assert (stored.value, stored.version) == (Decimal(winners[0]), 1)
    assert [e.action for e in value_events([stored.pk])] == ["value.create"]


# (b) An approval racing edits ---------------------------------------------------------------------------------------


@dataclass
class Seen:
    """What the approver looked at before approving: the report's version and its figures."""

    version: int
    values: dict[tuple[int, int | None], tuple[Decimal | None, int]]
    last_event: int


def _figures(pk: int) -> dict[tuple[int, int | None], tuple[Decimal | None, int]]:
    return {(v.indicator_id, v.option_id): (v.value, v.version) for v in DataValue.objects.filter(submission_id=pk)}


def _last_event() -> int:
    last = AuditEvent.objects.order_by("-seq").first()
    return last.seq if last else 0


def _back_to_submitted(cworld: Any, pk: int) -> None:
    """Reset between rounds: an approved report is unapproved by the office, a draft or returned one submitted."""
    current = report(pk)
    if current.status == "approved":
        current = services.submission_unapprove(
            submission=current,
            reason="Vòng thử tiếp theo",
            expected_version=current.version,
            actor=cworld.users["bca_office"],
        )
    if current.status in ("draft", "returned"):
        current = services.submission_submit(
            submission=current, expected_version=current.version, actor=cworld.users["nan_leader"]
        )
    assert current.status == "submitted"


ORDERS = {
    # All three released at once, each after its own random delay: whatever interleaving the databases give.
    "race": 16,
    # The approval is done before the others start: the return and the edit are refused, the report is locked.
    "approval_first": 3,
    # The return, correction and resubmission are done before the approval: it is refused as stale, although the
    # report is waiting for approval again by then. Only the version stops it.
    "edits_first": 3,
}


@pytest.mark.parametrize("order", list(ORDERS))
def test_an_approval_racing_edits_never_approves_figures_the_approver_did_not_see(
    cworld: Any, nan_report: Submission, order: str
) -> None:
    """Each round: the report is submitted and the secretariat has read it (its version and figures). Then, in
    concurrent transactions: the secretariat approves based on what it read; the office returns the report, the
    officer corrects a figure and the leader submits it again; and the officer tries to change another figure
    directly. A report that ends approved holds exactly the figures the secretariat read, none of them changed
    after that read; otherwise the approval was refused (stale, or the report was no longer waiting for it)."""
    u, ind = cworld.users, cworld.indicators
    severity = {o.code: o for o in ind["XAYRA"].disaggregations.get().options.all()}
    officer = u["nan_officer"]
    for option, raw in ((severity["IT"], "60"), (severity["NT"], "40")):
        services.value_save(submission=nan_report, indicator=ind["XAYRA"], option=option, raw=raw, actor=officer)
    services.value_save(submission=nan_report, indicator=ind["LAMRO"], raw="30", actor=officer)
    _back_to_submitted(cworld, nan_report.pk)
    rng = random.Random(f"thidua-{order}")  # noqa: S311 - delays to vary the interleavings, not a secret
    outcomes: list[str] = []

    for round_ in range(ORDERS[order]):
        current = report(nan_report.pk)
        seen = Seen(version=current.version, values=_figures(current.pk), last_event=_last_event())
        approved_done, edits_done = threading.Event(), threading.Event()
        delays = [rng.random() * 0.05 for _ in range(3)]

        def approve(
            seen: Seen = seen,
            done: threading.Event = approved_done,
            wait: threading.Event = edits_done,
            delay: float = delays[0],
        ) -> Any:
            try:
                if order == "edits_first":
                    wait.wait(JOIN_TIMEOUT)
                else:
                    time.sleep(delay)
                return services.submission_approve(
                    submission=report(nan_report.pk), expected_version=seen.version, actor=fresh(u["secretariat"])
                )
            finally:
                done.set()

        def return_correct_resubmit(
            round_: int = round_,
            done: threading.Event = edits_done,
            wait: threading.Event = approved_done,
            delay: float = delays[1],
        ) -> str:
            try:
                if order == "approval_first":
                    wait.wait(JOIN_TIMEOUT)
                else:
                    time.sleep(delay)
                now = report(nan_report.pk)
                services.submission_return(
                    submission=now,
                    reason=f"Vòng {round_}: xem lại",
                    expected_version=now.version,
                    actor=fresh(u["bca_office"]),
                )
                lamro = DataValue.objects.get(submission_id=nan_report.pk, indicator=ind["LAMRO"], option=None)
                services.value_save(
                    submission=report(nan_report.pk),
                    indicator=ind["LAMRO"],
                    raw=str(31 + round_),
                    expected_version=lamro.version,
                    actor=fresh(officer),
                )
                now = report(nan_report.pk)
                services.submission_submit(submission=now, expected_version=now.version, actor=fresh(u["nan_leader"]))
                return "returned, corrected and submitted again"
            except DomainError as exc:
                return f"stopped: {exc.message}"
            finally:
                done.set()

        def edit_directly(round_: int = round_, wait: threading.Event = approved_done, delay: float = delays[2]) -> str:
            if order == "approval_first":
                wait.wait(JOIN_TIMEOUT)
            else:
                time.sleep(delay)
            value = DataValue.objects.get(submission_id=nan_report.pk, option=severity["IT"])
            try:
                services.value_save(
                    submission=report(nan_report.pk),
                    indicator=ind["XAYRA"],
                    option=severity["IT"],
                    raw=str(60 + round_),
                    expected_version=value.version,
                    actor=fresh(officer),
                )
            except DomainError as exc:
                return f"refused: {exc.message}"
            return "saved"

        approval, chain, direct = run_together(approve, return_correct_resubmit, edit_directly)

        assert chain.ok and direct.ok, (chain, direct)  # refusals come back as text; an exception is a bug
        final = report(nan_report.pk)
        value_pks = list(DataValue.objects.filter(submission=final).values_list("pk", flat=True))
        changed_after_read = value_events(value_pks).filter(seq__gt=seen.last_event)
        if final.status == "approved":
            assert approval.ok, approval
            approved_event = AuditEvent.objects.filter(
                object_type="collection.submission", object_id=str(final.pk), action="submission.approve"
            ).latest("seq")
            assert approved_event.seq > seen.last_event
            assert approved_event.before["version"] == seen.version
            assert not changed_after_read.exists(), (
                f"round {round_}: approved, but figures changed after the approver read them: "
                f"{list(changed_after_read.values_list('action', 'seq'))}"
            )
            assert _figures(final.pk) == seen.values
            outcomes.append("approved")
        else:
            assert not approval.ok, f"round {round_}: the approval succeeded but the report is {final.status}"
            assert isinstance(approval.error, DomainError), approval.error
            assert not AuditEvent.objects.filter(
                object_type="collection.submission",
                object_id=str(final.pk),
                action="submission.approve",
                seq__gt=seen.last_event,
            ).exists()
            outcomes.append("stale" if isinstance(approval.error, StaleEdit) else "refused: not submitted")
        _back_to_submitted(cworld, nan_report.pk)

    if order == "approval_first":
        assert set(outcomes) == {"approved"}, outcomes
    elif order == "edits_first":
        assert set(outcomes) == {"stale"}, outcomes
