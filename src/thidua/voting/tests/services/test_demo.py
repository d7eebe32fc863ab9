"""The demo hook: Cụm 6's 2025 year-end ballot, voted by all but one voter, for a newcomer to finish."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.voting import selectors, services
from thidua.voting.demo import load_demo_ballot
from thidua.voting.models import Ballot, BallotPaper, Participation
from thidua.voting.tests.worlds import MEMBERS_2025, voters

DEMO_VOTERS = ["lanhdao.thanhhoa", "lanhdao.nghean", "lanhdao.hatinh", "lanhdao.ninhbinh", "lanhdao.quangtri"]
DEMO_MEMBERS = ["CAT-THA", "CAT-NAN", "CAT-HTI", "CAT-NBH-2025", "CAT-QTR-2025"]


def test_the_demo_ballot_is_open_with_one_voter_left(vworld: Any) -> None:
    edition, last = vworld.editions[2025], vworld.users["voter_QTR2"]
    ballot = load_demo_ballot(
        edition, vworld.users["sec25"], voters(vworld), [vworld.units[c] for c in MEMBERS_2025], vworld.admin
    )
    assert ballot.title == "Bình xét, suy tôn Cờ thi đua của Bộ Công an năm 2025"
    assert ballot.status == "open" and ballot.place == "Hà Tĩnh"
    assert BallotPaper.objects.filter(ballot=ballot).count() == Participation.objects.count() == 4
    assert list(selectors.ballots_to_vote(user=last)) == [ballot]
    again = load_demo_ballot(
        edition, vworld.users["sec25"], voters(vworld), [vworld.units[c] for c in MEMBERS_2025], vworld.admin
    )
    assert again.pk == ballot.pk and Ballot.objects.count() == 1  # loading twice changes nothing

    services.ballot_cast(ballot=ballot, voter=last, choices=[])
    counted = services.ballot_close(ballot=ballot, actor=vworld.users["sec25"])
    assert counted.cast == 5 and len(counted.elected) == 2
    assert services.verify_command(ballot.pk)[0]


@pytest.mark.django_db
def test_the_demo_data_holds_the_ballot() -> None:
    """With the real demo data and accounts, as ``thidua demo`` will call the hook."""
    from thidua.accounts.models import User
    from thidua.core.demo import load_demo
    from thidua.organisations.models import ClusterEdition, OrgUnit

    load_demo(password="thidua-demo-2026")
    edition = ClusterEdition.objects.get(cluster__number=6, cluster__level="ministry", year=2025)
    people = [User.objects.get(username=u) for u in DEMO_VOTERS]
    units = [OrgUnit.objects.get(code=c) for c in DEMO_MEMBERS]
    ballot = load_demo_ballot(
        edition, User.objects.get(username="thuongtruc.cum6"), people, units, User.objects.get(username="quantri")
    )
    assert ballot.status == "open"
    assert ballot.roll.count() == 5 and Participation.objects.filter(roll_entry__ballot=ballot).count() == 4
    assert selectors.has_voted(user=people[0], ballot=ballot) and not selectors.has_voted(
        user=people[-1], ballot=ballot
    )
    closed = load_demo_ballot(
        edition,
        User.objects.get(username="thuongtruc.cum6"),
        people,
        units,
        close=True,
    )
    assert closed.pk == ballot.pk  # the one already there is kept
