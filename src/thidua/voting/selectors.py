"""Reads of the secret ballot, always scoped to the user. Totals only, and only once the ballot is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from thidua.accounts.domain.roles import Role
from thidua.accounts.models import RoleAssignment
from thidua.core.domain.numbers import format_number
from thidua.core.exceptions import Forbidden, NotFound
from thidua.core.scoping import CHANGE, VIEW
from thidua.organisations.models import ClusterEdition, OrgUnit
from thidua.organisations.selectors import edition_members_on, unit_names_on
from thidua.voting.domain.ballot import Status, ensure_closed
from thidua.voting.domain.tally import Outcome, Tally, percent, tally
from thidua.voting.models import Ballot, BallotPaper, Participation, VoterRollEntry

# A member unit's representative is one of its own people (never an office or auditor reaching it from above).
VOTER_ROLES = (Role.UNIT_LEADER.value, Role.UNIT_OFFICER.value)


def ballots(*, user: Any, action: str = VIEW) -> QuerySet[Ballot]:
    return Ballot.objects.for_user(user, action).select_related("edition__cluster")


def ballot_get(*, user: Any, pk: int, action: str = VIEW) -> Ballot:
    """Missing and out of reach answer alike."""
    ballot = ballots(user=user, action=action).filter(pk=pk).first()
    if ballot is None:
        raise NotFound("Không tìm thấy cuộc bỏ phiếu này trong phạm vi của bạn.", field="ballot")
    return ballot


def manageable_editions(*, user: Any) -> QuerySet[ClusterEdition]:
    """Editions whose ballots the user may prepare (secretariat of the edition, emulation office over the owner)."""
    return ClusterEdition.objects.for_user(user, CHANGE).select_related("cluster").order_by("-year", "cluster__number")


def ballots_to_vote(*, user: Any) -> QuerySet[Ballot]:
    """Open ballots where the user is on the roll and has not voted yet (for "Việc cần làm")."""
    voted = Participation.objects.filter(roll_entry__ballot=OuterRef("pk"), roll_entry__user=user)
    return (
        ballots(user=user)
        .filter(status=Status.OPEN.value, roll__user=user)
        .filter(~Exists(voted))
        .order_by("opened_at", "pk")
    )


def has_voted(*, user: Any, ballot: Ballot) -> bool:
    return Participation.objects.filter(roll_entry__ballot=ballot, roll_entry__user=user).exists()


def reference_day(ballot: Ballot, today: date | None = None) -> date:
    """The day whose membership counts: today during the edition's year, its last day once the year is over (a
    year-end ballot is often held in January)."""
    today = today or timezone.localdate()
    return min(today, date(ballot.edition.year, 12, 31))


def eligible_units(ballot: Ballot) -> list[OrgUnit]:
    """The edition's members on the reference day: who may be put forward, and who sends a voter."""
    return edition_members_on(ballot.edition, reference_day(ballot))


def eligible_voters(ballot: Ballot) -> dict[int, list[Any]]:
    """For each member unit, the active people holding a role of the unit itself (leaders first)."""
    day = timezone.localdate()
    units = eligible_units(ballot)
    assignments = (
        RoleAssignment.objects.filter(org_unit__in=units, role__in=VOTER_ROLES, user__is_active=True)
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("user")
        .order_by("org_unit_id", "role", "user__username")
    )
    found: dict[int, list[Any]] = {unit.pk: [] for unit in units}
    for assignment in assignments:
        people = found[assignment.org_unit_id]
        if assignment.user not in people:
            people.append(assignment.user)
    return found


def unit_names(ballot: Ballot, units: list[OrgUnit]) -> dict[int, str]:
    return unit_names_on(units, reference_day(ballot))


@dataclass(frozen=True)
class RollRow:
    entry: VoterRollEntry
    unit_name: str
    voted: bool


@dataclass(frozen=True)
class Turnout:
    rows: list[RollRow]

    @property
    def roll_size(self) -> int:
        return len(self.rows)

    @property
    def voted(self) -> int:
        return sum(1 for r in self.rows if r.voted)


def turnout(*, user: Any, ballot: Ballot) -> Turnout:
    """Who is on the roll and whether each has voted (never how)."""
    if not user.has_perm("voting.read_turnout", ballot):
        raise Forbidden("Chỉ thường trực cụm và cán bộ kiểm tra xem được danh sách cử tri đã bỏ phiếu.")
    entries = list(
        ballot.roll.select_related("user", "unit").annotate(
            voted=Exists(Participation.objects.filter(roll_entry=OuterRef("pk")))
        )
    )
    names = unit_names(ballot, [e.unit for e in entries])
    return Turnout([RollRow(e, names.get(e.unit_id, str(e.unit)), bool(e.voted)) for e in entries])


def papers_of(ballot: Ballot) -> list[list[int]]:
    """The choices on each of the ballot's papers, in the papers' (random) key order; only ever counted."""
    return [list(choices) for choices in BallotPaper.objects.filter(ballot=ballot).values_list("choices", flat=True)]


def candidate_ids(ballot: Ballot) -> list[int]:
    return list(ballot.candidates.order_by("order", "pk").values_list("pk", flat=True))


def candidate_names(ballot: Ballot) -> dict[int, str]:
    """Candidate id -> the unit's name on the reference day."""
    candidates = {c.pk: c for c in ballot.candidates.select_related("unit")}
    by_unit = unit_names(ballot, [c.unit for c in candidates.values()])
    return {pk: by_unit.get(c.unit_id, str(c.unit)) for pk, c in candidates.items()}


def count(ballot: Ballot) -> Tally:
    """Count the ballot's papers as they are stored now (the services call this at closing and when verifying)."""
    return tally(papers_of(ballot), candidates=candidate_ids(ballot), roll_size=ballot.roll.count(), rules=ballot.rules)


@dataclass(frozen=True)
class ResultRow:
    number: int
    unit_name: str
    votes: int
    percent: Decimal | None
    outcome: Outcome

    @property
    def percent_text(self) -> str:
        """93,5 as Vietnamese readers write it; "—" when nobody could vote."""
        return format_number(self.percent)


@dataclass(frozen=True)
class Results:
    ballot: Ballot
    tally: Tally
    rows: list[ResultRow]
    names: dict[int, str]  # candidate id -> unit name

    @property
    def elected_names(self) -> list[str]:
        return [self.names[c] for c in self.tally.elected]

    @property
    def tied_names(self) -> list[str]:
        return [self.names[c] for c in self.tally.tied]

    @property
    def turnout_percent(self) -> Decimal | None:
        return percent(Fraction(self.tally.cast, self.tally.roll_size)) if self.tally.roll_size else None

    @property
    def turnout_text(self) -> str:
        return format_number(self.turnout_percent)


def ballot_results(*, user: Any, ballot: Ballot) -> Results:
    """The totals of a closed ballot, for its managers, auditors and voters."""
    if not user.has_perm("voting.read_results", ballot):
        raise Forbidden("Bạn không có quyền xem kết quả cuộc bỏ phiếu này.")
    ensure_closed(ballot.status_enum)
    return results_of(ballot)


def results_of(ballot: Ballot) -> Results:
    counted = count(ballot)
    names = candidate_names(ballot)
    rows = [
        ResultRow(number=i, unit_name=names[r.candidate], votes=r.votes, percent=r.percent, outcome=r.outcome)
        for i, r in enumerate(counted.results, start=1)
    ]
    return Results(ballot=ballot, tally=counted, rows=rows, names=names)
