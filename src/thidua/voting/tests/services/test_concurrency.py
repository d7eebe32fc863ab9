"""Casting in real concurrent transactions (threads, each with its own connection and closing it).

One ballot per voter even when the same voter sends several requests at once (a double click, two tabs, a retry),
and the number of papers always equals the number of participations, whatever the interleaving: the ballot's row is
locked by every cast (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the test database is a file and IMMEDIATE
transactions make writers wait for each other), participation is unique per voter, and the paper is written in the
participation's transaction.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from thidua.core.domain.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.voting import services
from thidua.voting.models import Ballot, BallotPaper, Participation
from thidua.voting.tests.worlds import MEMBERS_2025, candidate_ids, make_ballot

pytestmark = pytest.mark.django_db(transaction=True)

JOIN_TIMEOUT = 120  # seconds; a thread still running after this is a deadlock, and fails the test


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None


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


def counts(ballot: Ballot) -> tuple[int, int]:
    return (
        BallotPaper.objects.filter(ballot=ballot).count(),
        Participation.objects.filter(roll_entry__ballot=ballot).count(),
    )


def caster(world: Any, ballot_pk: int, code: str, chosen: list[int], delay: float = 0.0) -> Callable[[], Any]:
    def job() -> Any:
        time.sleep(delay)
        return services.ballot_cast(
            ballot=Ballot.objects.get(pk=ballot_pk), voter=fresh(world.users[f"voter_{code}"]), choices=chosen
        )

    return job


def test_the_same_voter_casting_from_several_requests_at_once_leaves_exactly_one_ballot(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    ids = candidate_ids(ballot)
    # Each request chooses differently, so the one kept can be told apart.
    requests = [[ids["HTI"]], [ids["NAN"]], [ids["THA"]], [ids["QTR2"]], [ids["NBH2"]], [], [ids["HTI"], ids["NAN"]]]

    outcomes = run_together(*(caster(vworld, ballot.pk, "NAN", chosen) for chosen in requests))

    succeeded = [i for i, o in enumerate(outcomes) if o.error is None]
    assert len(succeeded) == 1, outcomes
    refused = [o.error for o in outcomes if o.error is not None]
    assert all(isinstance(e, services.AlreadyVoted) for e in refused), refused
    assert counts(ballot) == (1, 1)
    stored = BallotPaper.objects.get(ballot=ballot)
    assert stored.choices == sorted(requests[succeeded[0]])
    assert AuditEvent.objects.filter(action="ballot.participate").count() == 1


def test_papers_always_equal_participations_with_every_voter_clicking_twice(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    ids = candidate_ids(ballot)
    rng = random.Random("thidua-ballot")  # noqa: S311 - delays to vary the interleavings, not a secret
    jobs = [
        caster(vworld, ballot.pk, code, [ids["HTI"]], delay=rng.random() * 0.05)
        for code in MEMBERS_2025
        for _ in range(2)
    ]
    observed: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        """A reader beside the writers: at no moment does it see a paper without its participation or back."""
        while not stop.is_set():
            observed.append(services.ballot_verify(Ballot.objects.get(pk=ballot.pk)).ok)
            time.sleep(0.005)

    watcher = threading.Thread(target=lambda: (watch(), connection.close()), daemon=True)
    watcher.start()
    try:
        outcomes = run_together(*jobs)
    finally:
        stop.set()
        watcher.join(JOIN_TIMEOUT)

    assert sum(1 for o in outcomes if o.error is None) == len(MEMBERS_2025), outcomes
    assert all(isinstance(o.error, services.AlreadyVoted) for o in outcomes if o.error is not None)
    assert counts(ballot) == (len(MEMBERS_2025), len(MEMBERS_2025))
    assert observed and all(observed)


def test_casting_racing_the_close_never_loses_or_adds_a_ballot(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    ids = candidate_ids(ballot)
    secretariat = vworld.users["sec25"]

    def close() -> Any:
        time.sleep(0.01)
        return services.ballot_close(ballot=Ballot.objects.get(pk=ballot.pk), actor=fresh(secretariat))

    outcomes = run_together(close, *(caster(vworld, ballot.pk, code, [ids["HTI"]]) for code in MEMBERS_2025))

    assert outcomes[0].error is None, outcomes[0]
    late = [o.error for o in outcomes[1:] if o.error is not None]
    assert all(isinstance(e, DomainError) and "đã kết thúc" in e.message for e in late), late
    papers, participations = counts(ballot)
    assert papers == participations == len(MEMBERS_2025) - len(late)
    assert outcomes[0].result.cast == papers  # every ballot in the box was counted, and only those
    ok, lines = services.verify_command(ballot.pk)
    assert ok, lines
