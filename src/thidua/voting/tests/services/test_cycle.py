"""A ballot's whole life through the services, as the secretariat, the voters, the office and the auditor meet it:
prepare, freeze at opening, one ballot per voter, close and count, results only as totals and only once closed."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.voting import selectors, services
from thidua.voting.domain.tally import Outcome
from thidua.voting.models import Ballot, BallotPaper, Participation
from thidua.voting.tests.worlds import MEMBERS_2025, TITLE, candidate_ids, make_ballot


def papers_and_participations(ballot: Ballot) -> tuple[int, int]:
    return (
        BallotPaper.objects.filter(ballot=ballot).count(),
        Participation.objects.filter(roll_entry__ballot=ballot).count(),
    )


def cast(world: Any, ballot: Ballot, code: str, *chosen: str) -> None:
    ids = candidate_ids(ballot)
    services.ballot_cast(ballot=ballot, voter=world.users[f"voter_{code}"], choices=[ids[c] for c in chosen])


def test_the_whole_cycle_from_preparation_to_published_totals(vworld: Any) -> None:
    secretariat = vworld.users["sec25"]
    ballot = make_ballot(vworld, seats=2, threshold="trên 50%", denominator="roll")
    assert ballot.status == "open" and ballot.opened_by == secretariat and ballot.frozen_fingerprint

    cast(vworld, ballot, "THA", "HTI", "NAN")
    cast(vworld, ballot, "NAN", "HTI", "THA")
    cast(vworld, ballot, "HTI", "HTI", "NAN")
    assert papers_and_participations(ballot) == (3, 3)
    cast(vworld, ballot, "NBH2")  # a blank ballot
    assert papers_and_participations(ballot) == (4, 4)
    # QTR2's voter does not vote.

    counted = services.ballot_close(ballot=ballot, actor=secretariat)

    ids = candidate_ids(ballot)
    assert counted.totals == {ids["HTI"]: 3, ids["NAN"]: 2, ids["THA"]: 1, ids["NBH2"]: 0, ids["QTR2"]: 0}
    assert (counted.roll_size, counted.cast, counted.valid, counted.blank, counted.invalid) == (5, 4, 4, 1, 0)
    assert counted.elected == (ids["HTI"],)  # 3/5 is more than half; NAN's 2/5 is not
    ballot.refresh_from_db()
    assert ballot.status == "closed" and ballot.recorded_totals == {str(k): v for k, v in counted.totals.items()}
    results = selectors.ballot_results(user=vworld.users["voter_QTR2"], ballot=ballot)
    assert results.elected_names == ["Công an tỉnh Hà Tĩnh"]
    assert [(r.unit_name, r.votes, r.outcome) for r in results.rows[:2]] == [
        ("Công an tỉnh Hà Tĩnh", 3, Outcome.ELECTED),
        ("Công an tỉnh Nghệ An", 2, Outcome.BELOW_THRESHOLD),
    ]
    actions = list(
        AuditEvent.objects.filter(action__startswith="ballot.").order_by("seq").values_list("action", flat=True)
    )
    assert actions == [
        "ballot.create",
        "ballot.candidates_set",
        "ballot.roll_set",
        "ballot.open",
        *["ballot.participate"] * 4,
        "ballot.close",
    ]
    close_event = AuditEvent.objects.get(action="ballot.close")
    assert close_event.after["totals"] == {"HTI": 3, "NAN": 2, "THA": 1, "NBH2": 0, "QTR2": 0}
    assert close_event.after["elected"] == ["HTI"]


def test_a_tie_at_the_last_seat_is_published_as_a_tie(vworld: Any) -> None:
    ballot = make_ballot(vworld, seats=2, threshold="từ 40% trở lên", denominator="cast")
    cast(vworld, ballot, "THA", "HTI", "NAN")
    cast(vworld, ballot, "NAN", "HTI", "THA")
    cast(vworld, ballot, "HTI", "HTI", "NBH2")
    cast(vworld, ballot, "NBH2", "NAN", "THA")
    cast(vworld, ballot, "QTR2", "QTR2")
    counted = services.ballot_close(ballot=ballot, actor=vworld.users["sec25"])
    ids = candidate_ids(ballot)
    assert counted.elected == (ids["HTI"],)
    assert set(counted.tied) == {ids["NAN"], ids["THA"]}  # 2 votes each of 5 present = 40%; one seat left
    assert counted.seats_left_for_tied == 1


def test_who_may_prepare_a_ballot(vworld: Any) -> None:
    edition = vworld.editions[2025]
    for username in ("sec26", "auditor", "voter_NAN", "nan_officer"):
        with pytest.raises(Forbidden):
            services.ballot_create(
                edition=edition, title=TITLE, seats=1, threshold="trên 50%", actor=vworld.users[username]
            )
    with pytest.raises(Forbidden):  # a system administrator takes no part (no superuser bypass for "voting.")
        services.ballot_create(edition=edition, title=TITLE, seats=1, threshold="trên 50%", actor=vworld.admin)
    by_office = services.ballot_create(
        edition=edition, title=TITLE, seats=1, threshold="trên 50%", actor=vworld.users["office"]
    )
    assert by_office.max_choices == 1
    with pytest.raises(Forbidden):
        services.ballot_open(ballot=by_office, actor=vworld.users["sec26"])


def test_settings_are_checked_when_a_ballot_is_created(vworld: Any) -> None:
    secretariat, edition = vworld.users["sec25"], vworld.editions[2025]
    with pytest.raises(DomainError, match="hãy ghi rõ") as refused:
        services.ballot_create(edition=edition, title=TITLE, seats=2, threshold="2/3", actor=secretariat)
    assert refused.value.field == "threshold"
    with pytest.raises(DomainError) as refused:
        services.ballot_create(edition=edition, title=TITLE, seats=0, threshold="trên 50%", actor=secretariat)
    assert refused.value.field == "seats"
    with pytest.raises(DomainError) as refused:
        services.ballot_create(edition=edition, title=" ", seats=1, threshold="trên 50%", actor=secretariat)
    assert refused.value.field == "title"
    assert not Ballot.objects.exists()


def test_candidates_and_voters_must_belong_to_the_edition_at_its_end(vworld: Any) -> None:
    """Hà Nam, Nam Định and the old Ninh Bình left Cụm 6 when they merged on 01/07/2025: the year-end ballot has the
    new Ninh Bình instead."""
    secretariat = vworld.users["sec25"]
    ballot = make_ballot(vworld, open_it=False)
    with pytest.raises(DomainError, match="không phải thành viên") as refused:
        services.ballot_candidates_set(ballot=ballot, units=[vworld.units["NBH"]], actor=secretariat)
    assert refused.value.field == "candidates"
    with pytest.raises(DomainError, match="không phải thành viên"):
        services.ballot_candidates_set(ballot=ballot, units=[vworld.units["NDI"]], actor=secretariat)


def test_a_voter_represents_a_unit_they_belong_to_one_voter_per_unit(vworld: Any) -> None:
    secretariat, u, users = vworld.users["sec25"], vworld.units, vworld.users
    ballot = make_ballot(vworld, open_it=False)
    with pytest.raises(DomainError, match="người của chính đơn vị"):
        services.ballot_roll_set(ballot=ballot, entries=[(users["voter_THA"], u["NAN"])], actor=secretariat)
    with pytest.raises(DomainError, match="người của chính đơn vị"):  # an office reaches units, it represents none
        services.ballot_roll_set(ballot=ballot, entries=[(users["office"], u["NAN"])], actor=secretariat)
    with pytest.raises(DomainError, match="mỗi đơn vị chỉ một cử tri"):
        services.ballot_roll_set(
            ballot=ballot,
            entries=[(users["voter_NAN"], u["NAN"]), (users["nan_officer"], u["NAN"])],
            actor=secretariat,
        )
    assert ballot.roll.count() == len(MEMBERS_2025)  # what make_ballot set is still there


def test_nothing_frozen_changes_once_the_ballot_is_open(vworld: Any) -> None:
    secretariat, u = vworld.users["sec25"], vworld.units
    ballot = make_ballot(vworld)
    with pytest.raises(DomainError, match="đã được chốt"):
        services.ballot_candidates_set(ballot=ballot, units=[u["NAN"]], actor=secretariat)
    with pytest.raises(DomainError, match="đã được chốt"):
        services.ballot_roll_set(ballot=ballot, entries=[(vworld.users["voter_NAN"], u["NAN"])], actor=secretariat)
    with pytest.raises(DomainError, match="đã được chốt"):
        services.ballot_update(ballot=ballot, changes={"threshold": "từ 50% trở lên"}, actor=secretariat)
    with pytest.raises(DomainError):
        services.ballot_open(ballot=ballot, actor=secretariat)
    assert ballot.candidates.count() == len(MEMBERS_2025) and ballot.roll.count() == len(MEMBERS_2025)


def test_settings_edited_from_an_older_page_are_refused(vworld: Any) -> None:
    secretariat = vworld.users["sec25"]
    ballot = make_ballot(vworld, open_it=False)
    ballot.refresh_from_db()
    seen = ballot.version
    services.ballot_update(ballot=ballot, changes={"seats": 3}, expected_version=seen, actor=secretariat)
    with pytest.raises(StaleEdit):
        services.ballot_update(ballot=ballot, changes={"seats": 1}, expected_version=seen, actor=secretariat)
    with pytest.raises(StaleEdit):
        services.ballot_open(ballot=ballot, expected_version=seen, actor=secretariat)
    ballot.refresh_from_db()
    assert (ballot.seats, ballot.max_choices, ballot.status) == (3, 2, "draft")


def test_a_ballot_does_not_open_empty(vworld: Any) -> None:
    secretariat = vworld.users["sec25"]
    ballot = services.ballot_create(
        edition=vworld.editions[2025], title=TITLE, seats=1, threshold="trên 50%", actor=secretariat
    )
    with pytest.raises(DomainError, match="Chưa có đơn vị"):
        services.ballot_open(ballot=ballot, actor=secretariat)


def test_one_ballot_per_voter_and_only_from_the_roll_while_open(vworld: Any) -> None:
    ballot = make_ballot(vworld, open_it=False)
    with pytest.raises(DomainError, match="chưa mở"):
        cast(vworld, ballot, "NAN", "HTI")
    ballot = services.ballot_open(ballot=ballot, actor=vworld.users["sec25"])
    cast(vworld, ballot, "NAN", "HTI")
    with pytest.raises(services.AlreadyVoted):
        cast(vworld, ballot, "NAN", "THA")
    for outsider in ("nan_officer", "sec25", "office"):
        with pytest.raises(Forbidden):
            services.ballot_cast(ballot=ballot, voter=vworld.users[outsider], choices=[])
    with pytest.raises(Forbidden):
        services.ballot_cast(ballot=ballot, voter=vworld.admin, choices=[])
    services.ballot_close(ballot=ballot, actor=vworld.users["sec25"])
    with pytest.raises(DomainError, match="đã kết thúc"):
        cast(vworld, ballot, "THA", "HTI")
    assert papers_and_participations(ballot) == (1, 1)


def test_an_invalid_ballot_is_refused_and_leaves_no_trace(vworld: Any) -> None:
    ballot = make_ballot(vworld, seats=2)
    with pytest.raises(DomainError, match="tối đa 2"):
        cast(vworld, ballot, "NAN", "HTI", "THA", "QTR2")
    with pytest.raises(DomainError, match="không nằm trong danh sách"):
        services.ballot_cast(ballot=ballot, voter=vworld.users["voter_NAN"], choices=[999_999])
    assert papers_and_participations(ballot) == (0, 0)
    assert not AuditEvent.objects.filter(action="ballot.participate").exists()
    cast(vworld, ballot, "NAN", "HTI", "THA")  # the voter can still vote
    assert papers_and_participations(ballot) == (1, 1)


def test_nobody_sees_totals_before_closing(vworld: Any) -> None:
    """Running totals beside the list of who has voted would tell how each voter voted."""
    ballot = make_ballot(vworld)
    cast(vworld, ballot, "NAN", "HTI")
    for username in ("sec25", "office", "auditor", "voter_NAN"):
        with pytest.raises(DomainError, match="sau khi kết thúc"):
            selectors.ballot_results(user=vworld.users[username], ballot=ballot)
        with pytest.raises(DomainError, match="sau khi kết thúc"):
            services.ballot_minutes(ballot=ballot, user=vworld.users[username])


def test_who_reads_the_totals_once_closed(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    cast(vworld, ballot, "NAN", "HTI")
    services.ballot_close(ballot=ballot, actor=vworld.users["sec25"])
    ballot.refresh_from_db()
    for username in ("sec25", "office", "auditor", "voter_NAN", "voter_QTR2"):
        assert selectors.ballot_results(user=vworld.users[username], ballot=ballot).tally.cast == 1
    for username in ("sec26", "nan_officer"):
        with pytest.raises(Forbidden):
            selectors.ballot_results(user=vworld.users[username], ballot=ballot)
    with pytest.raises(Forbidden):
        selectors.ballot_results(user=vworld.admin, ballot=ballot)


def test_who_sees_the_ballot_and_who_has_voted(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    cast(vworld, ballot, "NAN", "HTI")
    visible = {u: selectors.ballots(user=vworld.users[u]).filter(pk=ballot.pk).exists() for u in vworld.users}
    assert visible["sec25"] and visible["office"] and visible["auditor"] and visible["voter_THA"]
    assert visible["nan_officer"]  # its unit is a member: it sees that there is a ballot, not how anyone voted
    assert not visible["sec26"]
    managed = {u for u in vworld.users if selectors.ballots(user=vworld.users[u], action="change").exists()}
    assert managed == {"sec25", "office"}
    turnout = selectors.turnout(user=vworld.users["auditor"], ballot=ballot)
    assert (turnout.voted, turnout.roll_size) == (1, 5)
    assert [r.unit_name for r in turnout.rows if r.voted] == ["Công an tỉnh Nghệ An"]
    with pytest.raises(Forbidden):
        selectors.turnout(user=vworld.users["voter_THA"], ballot=ballot)
    assert list(selectors.ballots_to_vote(user=vworld.users["voter_THA"])) == [ballot]
    assert list(selectors.ballots_to_vote(user=vworld.users["voter_NAN"])) == []


def test_verify_recounts_and_finds_tampering(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    cast(vworld, ballot, "NAN", "HTI")
    cast(vworld, ballot, "THA", "HTI", "NAN")
    ok, lines = services.verify_command(ballot.pk)
    assert ok, lines
    assert not any("phiếu —" in line for line in lines)  # no totals while the ballot is open
    services.ballot_close(ballot=ballot, actor=vworld.users["sec25"])
    ok, lines = services.verify_command(ballot.pk)
    assert ok, lines
    assert "  Công an tỉnh Hà Tĩnh: 2 phiếu — Không đạt tỷ lệ" in lines  # 2 of 5 is not more than half
    assert lines[-1] == "Kết luận: khớp."

    ids = candidate_ids(ballot)
    paper = BallotPaper.objects.filter(ballot=ballot, choices=[ids["HTI"]]).get()
    paper.choices = [ids["QTR2"]]
    paper.save()
    ok, lines = services.verify_command(ballot.pk)
    assert not ok
    assert any(line.startswith("[SAI]") and "KHÔNG khớp" in line for line in lines)

    paper.delete()
    ok, lines = services.verify_command(ballot.pk)
    assert any("Số phiếu (1) khác số cử tri đã bỏ phiếu (2)" in line for line in lines)
    assert lines[-1] == "Kết luận: CÓ SAI LỆCH, cần kiểm tra."


def test_verify_finds_a_roll_changed_behind_the_services_back(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    ballot.roll.filter(unit=vworld.units["QTR2"]).delete()
    ok, lines = services.verify_command(ballot.pk)
    assert not ok
    assert any("bị thay đổi sau khi mở" in line for line in lines)


def test_verify_of_a_ballot_that_does_not_exist(vworld: Any) -> None:
    assert services.verify_command(987654) == (False, ["Không có cuộc bỏ phiếu số 987654."])
