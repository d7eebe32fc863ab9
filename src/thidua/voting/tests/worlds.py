"""People and ballots for the voting tests, built through the services."""

from __future__ import annotations

from typing import Any

from thidua.core.testing import World, make_user

# Cụm 6's members at the end of 2025 (after the 01/07/2025 mergers), each with its leader as voter.
MEMBERS_2025 = ("THA", "NAN", "HTI", "NBH2", "QTR2")
TITLE = "Bình xét, suy tôn Cờ thi đua của Bộ Công an năm 2025"


def add_ballot_people(world: World) -> World:
    """sec25 (secretariat of Cụm 6 in 2025), sec26 (of 2026 only), office (emulation office over BCA), auditor
    (over BCA), voter_<CODE> (leader of each 2025 member) and nan_officer (an officer of Nghệ An, on no roll)."""
    make_user(world, "sec25", "cluster_secretariat", edition_year=2025)
    make_user(world, "sec26", "cluster_secretariat", edition_year=2026)
    make_user(world, "office", "emulation_office", unit="BCA")
    make_user(world, "auditor", "auditor", unit="BCA")
    for code in MEMBERS_2025:
        make_user(world, f"voter_{code}", "unit_leader", unit=code)
    make_user(world, "nan_officer", "unit_officer", unit="NAN")
    return world


def voters(world: World) -> list[Any]:
    return [world.users[f"voter_{code}"] for code in MEMBERS_2025]


def make_ballot(
    world: World,
    *,
    seats: int = 2,
    threshold: str = "trên 50%",
    denominator: str = "roll",
    max_choices: int | None = None,
    candidates: tuple[str, ...] = MEMBERS_2025,
    roll: tuple[str, ...] = MEMBERS_2025,
    open_it: bool = True,
) -> Any:
    """A 2025 ballot of Cụm 6 prepared by sec25: candidates and roll (one leader per member), opened by default."""
    from thidua.voting import services

    secretariat = world.users["sec25"]
    ballot = services.ballot_create(
        edition=world.editions[2025],
        title=TITLE,
        seats=seats,
        threshold=threshold,
        denominator=denominator,
        max_choices=max_choices,
        place="Hà Tĩnh",
        actor=secretariat,
    )
    services.ballot_candidates_set(ballot=ballot, units=[world.units[c] for c in candidates], actor=secretariat)
    services.ballot_roll_set(
        ballot=ballot,
        entries=[(world.users[f"voter_{c}"], world.units[c]) for c in roll],
        actor=secretariat,
    )
    if open_it:
        ballot = services.ballot_open(ballot=ballot, actor=secretariat)
    return ballot


def candidate_ids(ballot: Any) -> dict[str, int]:
    """Unit code -> candidate id (what a voter's choices are made of)."""
    return dict(ballot.candidates.values_list("unit__code", "pk"))
