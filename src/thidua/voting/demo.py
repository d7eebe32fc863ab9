"""Demo data of the secret ballot (``thidua demo``), made through the same services users go through."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from thidua.core.domain.errors import DomainError
from thidua.voting import services
from thidua.voting.models import Ballot
from thidua.voting.selectors import eligible_units, eligible_voters

DEMO_TITLE = "Bình xét, suy tôn Cờ thi đua của Bộ Công an năm {year}"
# Which candidates (by position in ``candidates``) each demo voter approves: two leaders stand out.
DEMO_CHOICES = [(2, 1), (2, 0), (2, 1), (1, 3), (2, 4), (0, 1)]


def load_demo_ballot(
    edition: Any,
    secretariat: Any,
    voters: Sequence[Any],
    candidates: Sequence[Any],
    actor: Any = None,
    *,
    close: bool = False,
) -> Ballot:
    """The year-end ballot of ``edition`` (Cụm 6, 2025) for «Cờ thi đua của Bộ Công an»: prepared and opened by the
    cluster's ``secretariat``, then cast by every voter but the last, so a newcomer can log in as the last voter,
    vote, and then close the ballot and download the minutes as the secretariat. ``close=True`` also closes it.

    ``voters`` are the member units' representatives: each must hold a unit role on one of the members, taken in
    order (the unit is the member they hold a role on). ``actor`` (the demo's administrator) does none of the steps:
    a system administrator takes no part in a ballot. Loading twice changes nothing.
    """
    del actor  # every step belongs to the secretariat or a voter (business permissions; DESIGN.md, "Who uses it")
    title = DEMO_TITLE.format(year=edition.year)
    existing = Ballot.objects.filter(edition=edition, title=title).first()
    if existing is not None:
        return existing
    leader = str(edition.leader) if edition.leader_id else ""
    ballot = services.ballot_create(
        edition=edition,
        title=title,
        seats=2,
        threshold="trên 50%",
        denominator="roll",
        place=leader.removeprefix("Công an tỉnh ").removeprefix("Công an thành phố "),
        document_number=f"01/BB-CTĐ{edition.cluster.number}",
        held_on=date(edition.year + 1, 1, 5),
        teller_chair="Đại tá Phan Văn Hùng",
        teller_secretary="Trung tá Hoàng Văn Nam",
        actor=secretariat,
    )
    services.ballot_candidates_set(ballot=ballot, units=list(candidates), actor=secretariat)
    units = {unit.pk: unit for unit in eligible_units(ballot)}
    people = eligible_voters(ballot)
    entries: list[tuple[Any, Any]] = []
    for voter in voters:
        taken = {unit.pk for _, unit in entries}
        unit_pk = next((pk for pk, found in people.items() if voter in found and pk not in taken), None)
        if unit_pk is None:
            raise DomainError(f"«{voter}» không đại diện được đơn vị thành viên nào của {edition}.", field="voters")
        entries.append((voter, units[unit_pk]))
    services.ballot_roll_set(ballot=ballot, entries=entries, actor=secretariat)
    ballot = services.ballot_open(ballot=ballot, actor=secretariat)
    candidate_ids = list(ballot.candidates.order_by("order").values_list("pk", flat=True))
    for voter, picks in zip(voters[:-1], DEMO_CHOICES, strict=False):
        chosen = [candidate_ids[i] for i in picks if i < len(candidate_ids)][: ballot.max_choices]
        services.ballot_cast(ballot=ballot, voter=voter, choices=chosen)
    if close:
        services.ballot_close(ballot=ballot, actor=secretariat)
        ballot.refresh_from_db()
    return ballot
