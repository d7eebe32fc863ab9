"""The secret stays secret (DOMAIN.md section 6): a ballot paper holds nothing that identifies its voter, and no audit
event, log record or storage detail joins a participation (who voted) to a paper (what was voted)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
import rules
from django.apps import apps
from django.db import connection, models

from thidua.accounts.domain.roles import is_business_permission
from thidua.core.models import AuditEvent
from thidua.voting import services
from thidua.voting.models import Ballot, BallotPaper, Participation
from thidua.voting.tests.worlds import MEMBERS_2025, candidate_ids, make_ballot

# Each voter's choice differs, so a paper's content says whose it is if anything else gives its order away.
CHOICES = {"THA": ("HTI",), "NAN": ("HTI", "NAN"), "HTI": ("THA",), "NBH2": ("NAN", "QTR2"), "QTR2": ()}


def cast_all(world: Any, ballot: Ballot) -> None:
    ids = candidate_ids(ballot)
    for code in MEMBERS_2025:
        services.ballot_cast(ballot=ballot, voter=world.users[f"voter_{code}"], choices=[ids[c] for c in CHOICES[code]])


# The schema ----------------------------------------------------------------------------------------------------------


def test_a_ballot_paper_has_a_random_key_its_ballot_and_its_choices_and_nothing_else() -> None:
    fields = {f.name: f for f in BallotPaper._meta.concrete_fields}
    assert set(fields) == {"id", "ballot", "choices"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    assert not isinstance(fields["id"], models.AutoField | models.BigAutoField | models.IntegerField)
    assert fields["ballot"].related_model is Ballot
    assert not any(isinstance(f, models.DateField | models.TimeField | models.DurationField) for f in fields.values())
    paper = BallotPaper(ballot_id=1)
    assert paper.id.version == 4  # random, not time-based (uuid1) or derived from anything


@pytest.mark.django_db
def test_the_ballot_paper_table_in_the_database_has_no_column_that_identifies_a_voter() -> None:
    table = BallotPaper._meta.db_table
    introspection = connection.introspection
    with connection.cursor() as cursor:
        description = {c.name: c for c in introspection.get_table_description(cursor, table)}
        constraints = introspection.get_constraints(cursor, table)
        sequences = introspection.get_sequences(cursor, table)
    assert set(description) == {"id", "ballot_id", "choices"}
    key_type = introspection.get_field_type(description["id"].type_code, description["id"])
    assert "Integer" not in key_type and "Auto" not in key_type, key_type  # no counter as the key
    referenced = {c["foreign_key"][0] for c in constraints.values() if c["foreign_key"]}
    assert referenced == {Ballot._meta.db_table}  # not users, units, the roll or participation
    if connection.vendor == "postgresql":
        assert sequences == []  # no serial or identity column


def test_nothing_stored_points_at_a_ballot_paper_or_from_participation_to_one() -> None:
    """Choices live on the paper itself: no choice table, no model with a foreign key to a paper, and participation
    points only at the roll entry."""
    pointing_at_papers = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete and f.related_model is BallotPaper
    ]
    assert pointing_at_papers == []
    participation = {f.name: f for f in Participation._meta.concrete_fields}
    assert set(participation) == {"id", "roll_entry"}


def test_every_voting_permission_is_a_business_permission_no_superuser_bypasses() -> None:
    names = [name for name in rules.permissions.permissions if name.startswith("voting.")]
    assert names
    assert all(is_business_permission(name) for name in names), names


# Audit and logs ------------------------------------------------------------------------------------------------------


def test_no_audit_event_joins_a_voter_to_a_paper(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    first_event = AuditEvent.objects.order_by("-seq").first()
    assert first_event is not None
    cast_all(vworld, ballot)
    services.ballot_close(ballot=ballot, actor=vworld.users["sec25"])

    paper_ids = [p.id for p in BallotPaper.objects.filter(ballot=ballot)]
    assert len(paper_ids) == len(MEMBERS_2025)
    forms = {str(pk) for pk in paper_ids} | {pk.hex for pk in paper_ids}
    for event in AuditEvent.objects.all():
        text = json.dumps(
            [event.object_type, event.object_id, event.object_repr, event.before, event.after, event.reason],
            ensure_ascii=False,
        )
        assert not any(form in text for form in forms), f"event #{event.seq} mentions a ballot paper"
        assert event.object_type != "voting.ballotpaper"
    participations = AuditEvent.objects.filter(action="ballot.participate").order_by("seq")
    assert participations.count() == len(MEMBERS_2025)
    for event in participations:
        assert event.object_type == "voting.participation"
        assert set(event.after) == {"ballot_id", "voter_id", "unit_id"}  # who took part; never what or which paper
        assert event.before is None and event.reason == ""
    # The close event publishes totals (as the results page does), nothing per voter.
    close = AuditEvent.objects.get(action="ballot.close")
    assert close.after["totals"] == {"HTI": 2, "NAN": 2, "THA": 1, "QTR2": 1, "NBH2": 0}


def test_casting_logs_nothing_about_a_paper(vworld: Any, caplog: pytest.LogCaptureFixture) -> None:
    ballot = make_ballot(vworld)
    with caplog.at_level(logging.DEBUG):
        cast_all(vworld, ballot)
    paper_ids = [p.id for p in BallotPaper.objects.filter(ballot=ballot)]
    forms = {str(pk) for pk in paper_ids} | {pk.hex for pk in paper_ids}
    for record in caplog.records:
        message = record.getMessage()
        assert not any(form in message for form in forms), record
        assert "choices" not in message, record


# Storage order -------------------------------------------------------------------------------------------------------


def _papers_in_storage_order(ballot: Ballot) -> list[tuple[str, Any]]:
    """(id, choices) in the order the database keeps the rows: SQLite's rowid, PostgreSQL's ctid."""
    table = connection.ops.quote_name(BallotPaper._meta.db_table)
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, choices FROM {table} WHERE ballot_id = %s ORDER BY {order}", [ballot.pk])  # noqa: S608
        return [(str(pk).replace("-", ""), choices) for pk, choices in cursor.fetchall()]


def test_the_order_rows_are_stored_in_follows_the_random_keys_not_the_order_of_voting(vworld: Any) -> None:
    """Were papers stored in the order they were cast, the audit log's order of participation would tell whose each
    paper is. Every cast rewrites the ballot's papers in key order, so storage order is the random keys' order."""
    ballot = make_ballot(vworld)
    ids = candidate_ids(ballot)
    for cast_so_far, code in enumerate(MEMBERS_2025, start=1):
        services.ballot_cast(
            ballot=ballot, voter=vworld.users[f"voter_{code}"], choices=[ids[c] for c in CHOICES[code]]
        )
        stored = _papers_in_storage_order(ballot)
        assert len(stored) == cast_so_far
        assert [pk for pk, _ in stored] == sorted(pk for pk, _ in stored)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # each cast commits on its own, as in service
def test_on_postgresql_all_papers_carry_the_same_writing_transaction(vworld: Any) -> None:
    """xmin, the transaction that wrote a row, would otherwise equal the xmin of the voter's participation."""
    ballot = make_ballot(vworld)
    cast_all(vworld, ballot)

    def writing_transactions(model: Any, column: str) -> set[str]:
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT xmin::text FROM {table} WHERE {column} = ANY(%s)", [ids])  # noqa: S608
            return {row[0] for row in cursor.fetchall()}

    ids = [ballot.pk]
    assert len(writing_transactions(BallotPaper, "ballot_id")) == 1
    ids = list(Participation.objects.filter(roll_entry__ballot=ballot).values_list("pk", flat=True))
    assert len(writing_transactions(Participation, "id")) == len(MEMBERS_2025)  # one per cast: the test can tell
