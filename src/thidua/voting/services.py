"""Writes of the secret ballot. Each is one transaction with its audit event, and each locks the ballot's row first
(SELECT ... FOR UPDATE on PostgreSQL; an IMMEDIATE transaction holds the write lock on SQLite), so casts of one ballot
queue one behind the other and none can slip past its closing.

Secrecy (DOMAIN.md section 6): casting writes a ``Participation`` (who voted) and a ``BallotPaper`` (what was voted)
in the same transaction, so there are always exactly as many papers as participations; nothing links the two:

- the paper holds a random UUID, its ballot and the sorted choices; no voter, unit, time or sequential key;
- the audit event of a cast says only that the voter took part; never the choices or the paper;
- nothing is logged;
- every cast rewrites the ballot's papers in UUID order, so the order rows are stored in (SQLite's rowid,
  PostgreSQL's ctid) and the transaction that wrote them (PostgreSQL's xmin, the same for all of them) say nothing
  about who voted when. It costs one delete and one insert of at most a few dozen rows per cast.

Totals exist only after closing: running totals beside the list of who has voted would tell how each voter voted.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import ApplicationError
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.organisations.models import ClusterEdition, OrgUnit
from thidua.voting import selectors
from thidua.voting.domain.ballot import (
    RollEntry,
    Status,
    Verification,
    check_roll,
    ensure_can_open,
    ensure_draft,
    ensure_open,
    frozen_fingerprint,
    verify,
)
from thidua.voting.domain.tally import BallotRules, Denominator, Tally, Threshold, check_choices, parse_threshold
from thidua.voting.models import Ballot, BallotPaper, Candidate, Participation, VoterRollEntry

MANAGE_REFUSED = "Chỉ thường trực cụm của năm đó hoặc cơ quan thường trực thi đua cấp trên được quản lý cuộc bỏ phiếu."


class AlreadyVoted(ApplicationError):
    """The voter's ballot is already in the box: one ballot per voter."""

    http_status = 409

    def __init__(self) -> None:
        super().__init__("Bạn đã bỏ phiếu trong cuộc bỏ phiếu này: mỗi cử tri chỉ bỏ một phiếu.", field="ballot")


def _locked(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().select_related("edition__cluster").get(pk=ballot.pk)


def _threshold(value: Threshold | str) -> Threshold:
    return value if isinstance(value, Threshold) else parse_threshold(value)


def _denominator(value: Denominator | str) -> Denominator:
    try:
        return Denominator(value)
    except ValueError:
        raise DomainError("Cách tính tỷ lệ không hợp lệ.", field="denominator") from None


def _apply_rules(ballot: Ballot, rules: BallotRules) -> None:
    ballot.seats = rules.seats
    ballot.max_choices = rules.max_choices
    ballot.threshold_numerator = rules.threshold.fraction.numerator
    ballot.threshold_denominator = rules.threshold.fraction.denominator
    ballot.threshold_strict = rules.threshold.strict
    ballot.denominator = rules.denominator.value


# Preparing ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def ballot_create(
    *,
    edition: ClusterEdition,
    title: str,
    seats: int,
    threshold: Threshold | str,
    denominator: Denominator | str = Denominator.ROLL,
    max_choices: int | None = None,
    place: str = "",
    document_number: str = "",
    held_on: date | None = None,
    teller_chair: str = "",
    teller_secretary: str = "",
    actor: Any,
) -> Ballot:
    """A new ballot in preparation (đang chuẩn bị); ``max_choices`` defaults to the number of seats."""
    require(actor.has_perm("voting.create_ballot", edition), MANAGE_REFUSED)
    rules = BallotRules(
        seats=seats,
        max_choices=seats if max_choices is None else max_choices,
        threshold=_threshold(threshold),
        denominator=_denominator(denominator),
    )
    ballot = Ballot(
        edition=edition,
        title=nfc(title),
        place=nfc(place),
        document_number=nfc(document_number),
        held_on=held_on,
        teller_chair=nfc(teller_chair),
        teller_secretary=nfc(teller_secretary),
        created_by=actor,
    )
    _apply_rules(ballot, rules)
    if not ballot.title:
        raise DomainError(
            "Hãy nhập nội dung bình xét (ví dụ: Bình xét, suy tôn Cờ thi đua của Bộ Công an).", field="title"
        )
    full_clean(ballot)
    ballot.save()
    audit.record(actor=actor, action="ballot.create", obj=ballot, after=audit.snapshot(ballot))
    return ballot


UPDATABLE = ("title", "place", "document_number", "held_on", "teller_chair", "teller_secretary")


@transaction.atomic
def ballot_update(
    *,
    ballot: Ballot,
    changes: dict[str, Any],
    expected_version: int | None = None,
    actor: Any,
) -> Ballot:
    """Change the settings of a ballot in preparation: any of ``title``, ``seats``, ``max_choices``, ``threshold``,
    ``denominator``, ``place``, ``document_number``, ``held_on``, ``teller_chair``, ``teller_secretary``."""
    ballot = _locked(ballot)
    require(actor.has_perm("voting.manage_ballot", ballot), MANAGE_REFUSED)
    ensure_draft(ballot.status_enum)
    check_version(ballot, expected_version)
    unknown = set(changes) - {*UPDATABLE, "seats", "max_choices", "threshold", "denominator"}
    if unknown:
        raise DomainError(f"Không sửa được: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    before = audit.snapshot(ballot)
    current = ballot.rules
    rules = BallotRules(
        seats=int(changes.get("seats", current.seats)),
        max_choices=int(changes.get("max_choices", current.max_choices)),
        threshold=_threshold(changes.get("threshold", current.threshold)),
        denominator=_denominator(changes.get("denominator", current.denominator)),
    )
    _apply_rules(ballot, rules)
    for name in UPDATABLE:
        if name in changes:
            value = changes[name]
            setattr(ballot, name, nfc(value) if isinstance(value, str) else value)
    if not ballot.title:
        raise DomainError("Hãy nhập nội dung bình xét.", field="title")
    full_clean(ballot)
    bump_version(ballot)
    ballot.save()
    audit.record(actor=actor, action="ballot.update", obj=ballot, before=before, after=audit.snapshot(ballot))
    return ballot


def _check_members(ballot: Ballot, units: Sequence[OrgUnit], field: str) -> dict[int, str]:
    members = selectors.eligible_units(ballot)
    names = selectors.unit_names(ballot, [*members, *units])
    member_ids = {u.pk for u in members}
    for unit in units:
        if unit.pk not in member_ids:
            raise DomainError(
                f"«{names.get(unit.pk, unit.code)}» không phải thành viên của {ballot.edition}.", field=field
            )
    return names


@transaction.atomic
def ballot_candidates_set(
    *, ballot: Ballot, units: Sequence[OrgUnit], expected_version: int | None = None, actor: Any
) -> list[Candidate]:
    """The units put forward (danh sách đơn vị bình xét), in the order printed on the ballot; members only."""
    ballot = _locked(ballot)
    require(actor.has_perm("voting.manage_ballot", ballot), MANAGE_REFUSED)
    ensure_draft(ballot.status_enum)
    check_version(ballot, expected_version)
    names = _check_members(ballot, units, "candidates")
    if len({u.pk for u in units}) != len(units):
        raise DomainError("Một đơn vị được chọn hai lần vào danh sách bình xét.", field="candidates")
    before = [c.unit.code for c in ballot.candidates.select_related("unit")]
    ballot.candidates.all().delete()
    created = Candidate.objects.bulk_create(
        [Candidate(ballot=ballot, unit=unit, order=i) for i, unit in enumerate(units, start=1)]
    )
    bump_version(ballot)
    ballot.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action="ballot.candidates_set",
        obj=ballot,
        before={"candidates": before},
        after={"candidates": [u.code for u in units]},
        reason="; ".join(names.get(u.pk, u.code) for u in units),
    )
    return created


@transaction.atomic
def ballot_roll_set(
    *,
    ballot: Ballot,
    entries: Sequence[tuple[Any, OrgUnit]],
    expected_version: int | None = None,
    actor: Any,
) -> list[VoterRollEntry]:
    """The voter roll (danh sách cử tri): for each member unit taking part, one of its own people."""
    ballot = _locked(ballot)
    require(actor.has_perm("voting.manage_ballot", ballot), MANAGE_REFUSED)
    ensure_draft(ballot.status_enum)
    check_version(ballot, expected_version)
    names = _check_members(ballot, [unit for _, unit in entries], "roll")
    check_roll([RollEntry(user.pk, str(user), unit.pk, names.get(unit.pk, unit.code)) for user, unit in entries])
    eligible = selectors.eligible_voters(ballot)
    for user, unit in entries:
        if user not in eligible.get(unit.pk, []):
            raise DomainError(
                f"«{user}» không phải cán bộ, lãnh đạo của {names.get(unit.pk, unit.code)}: "
                "cử tri phải là người của chính đơn vị mình đại diện.",
                field="roll",
            )
    before = [[e.user.username, e.unit.code] for e in ballot.roll.select_related("user", "unit")]
    ballot.roll.all().delete()
    created = VoterRollEntry.objects.bulk_create(
        [VoterRollEntry(ballot=ballot, user=user, unit=unit) for user, unit in entries]
    )
    bump_version(ballot)
    ballot.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=actor,
        action="ballot.roll_set",
        obj=ballot,
        before={"roll": before},
        after={"roll": [[user.username, unit.code] for user, unit in entries]},
    )
    return created


def _fingerprint(ballot: Ballot) -> str:
    return frozen_fingerprint(
        candidates=list(ballot.candidates.values_list("unit_id", flat=True)),
        roll=list(ballot.roll.values_list("user_id", "unit_id")),
        rules=ballot.rules,
    )


# Voting ---------------------------------------------------------------------------------------------------------------


@transaction.atomic
def ballot_open(*, ballot: Ballot, expected_version: int | None = None, actor: Any) -> Ballot:
    """Open the vote: the candidates, the roll and the rules are frozen from now on."""
    ballot = _locked(ballot)
    require(actor.has_perm("voting.manage_ballot", ballot), MANAGE_REFUSED)
    check_version(ballot, expected_version)
    candidates, voters = ballot.candidates.count(), ballot.roll.count()
    ensure_can_open(ballot.status_enum, candidates=candidates, voters=voters)
    before = audit.snapshot(ballot)
    ballot.status = Status.OPEN.value
    ballot.opened_at = timezone.now()
    ballot.opened_by = actor
    ballot.frozen_fingerprint = _fingerprint(ballot)
    bump_version(ballot)
    ballot.save()
    audit.record(
        actor=actor,
        action="ballot.open",
        obj=ballot,
        before=before,
        after={**(audit.snapshot(ballot) or {}), "candidates": candidates, "voters": voters},
    )
    return ballot


def _store_paper(ballot: Ballot, choices: Sequence[int]) -> None:
    """Add one paper and rewrite all of the ballot's papers in UUID order (see the module's docstring)."""
    papers = list(BallotPaper.objects.filter(ballot=ballot).values_list("id", "choices"))
    papers.append((uuid.uuid4(), list(choices)))
    papers.sort(key=lambda paper: paper[0].hex)
    BallotPaper.objects.filter(ballot=ballot).delete()
    BallotPaper.objects.bulk_create([BallotPaper(id=pk, ballot=ballot, choices=chosen) for pk, chosen in papers])


@transaction.atomic
def ballot_cast(*, ballot: Ballot, voter: Any, choices: Iterable[int]) -> None:
    """Cast the voter's one ballot: up to ``max_choices`` candidates (ids of ``Candidate``); none is a blank ballot.

    Exactly one paper per voter, even when the same voter sends several requests at once: the ballot row is locked,
    the participation is unique per roll entry, and the paper is written in the participation's transaction."""
    ballot = _locked(ballot)
    require(voter.has_perm("voting.cast", ballot), "Bạn không có tên trong danh sách cử tri của cuộc bỏ phiếu này.")
    ensure_open(ballot.status_enum)
    entry = VoterRollEntry.objects.select_for_update().select_related("unit").get(ballot=ballot, user=voter)
    if Participation.objects.filter(roll_entry=entry).exists():
        raise AlreadyVoted
    candidates = set(ballot.candidates.values_list("pk", flat=True))
    chosen = check_choices(choices, candidates, ballot.max_choices)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(roll_entry=entry)
    except IntegrityError:
        raise AlreadyVoted from None
    _store_paper(ballot, chosen)
    # Who took part, never what they chose nor which paper is theirs.
    audit.record(
        actor=voter,
        action="ballot.participate",
        obj=participation,
        after={"ballot_id": ballot.pk, "voter_id": voter.pk, "unit_id": entry.unit_id},
    )


@transaction.atomic
def ballot_close(*, ballot: Ballot, actor: Any) -> Tally:
    """End the vote and count it; the totals are recorded on the ballot and in the audit log."""
    ballot = _locked(ballot)
    require(actor.has_perm("voting.manage_ballot", ballot), MANAGE_REFUSED)
    ensure_open(ballot.status_enum)
    counted = selectors.count(ballot)
    codes = dict(ballot.candidates.values_list("pk", "unit__code"))
    before = audit.snapshot(ballot)
    ballot.status = Status.CLOSED.value
    ballot.closed_at = timezone.now()
    ballot.closed_by = actor
    ballot.recorded_totals = {str(candidate): votes for candidate, votes in counted.totals.items()}
    bump_version(ballot)
    ballot.save()
    audit.record(
        actor=actor,
        action="ballot.close",
        obj=ballot,
        before=before,
        after={
            **(audit.snapshot(ballot) or {}),
            "roll": counted.roll_size,
            "cast": counted.cast,
            "valid": counted.valid,
            "blank": counted.blank,
            "invalid": counted.invalid,
            "totals": {codes[c]: v for c, v in counted.totals.items()},
            "elected": [codes[c] for c in counted.elected],
            "tied": [codes[c] for c in counted.tied],
        },
    )
    return counted


# Checking -------------------------------------------------------------------------------------------------------------


@transaction.atomic
def ballot_verify(ballot: Ballot) -> Verification:
    """Recount the papers and check them against participation, the roll frozen at opening and the totals recorded
    at closing. Holds the ballot's lock while reading, so no cast lands half-way through."""
    ballot = _locked(ballot)
    return verify(
        status=ballot.status_enum,
        papers=selectors.papers_of(ballot),
        participations=Participation.objects.filter(roll_entry__ballot=ballot).count(),
        roll_size=ballot.roll.count(),
        candidates=selectors.candidate_ids(ballot),
        rules=ballot.rules,
        fingerprint_at_opening=ballot.frozen_fingerprint,
        fingerprint_now=_fingerprint(ballot),
        recorded_totals={int(k): int(v) for k, v in (ballot.recorded_totals or {}).items()},
    )


def verify_command(ballot_id: int) -> tuple[bool, list[str]]:
    """``thidua ballot verify BALLOT_ID``: (everything checks out, the lines to print). Totals are printed only for a
    closed ballot."""
    ballot = Ballot.objects.select_related("edition__cluster").filter(pk=ballot_id).first()
    if ballot is None:
        return False, [f"Không có cuộc bỏ phiếu số {ballot_id}."]
    result = ballot_verify(ballot)
    lines = [f"Cuộc bỏ phiếu số {ballot.pk}: «{ballot.title}» — {ballot.edition} — {ballot.status_label}."]
    lines += [("[ĐÚNG] " if f.ok else "[SAI]  ") + f.text for f in result.findings]
    if result.ok and ballot.status_enum is Status.CLOSED and result.tally is not None:
        names = selectors.candidate_names(ballot)
        counted = result.tally
        lines.append(
            f"Cử tri trong danh sách: {counted.roll_size}; đã bỏ phiếu: {counted.cast}; hợp lệ: {counted.valid} "
            f"(phiếu trắng: {counted.blank}); không hợp lệ: {counted.invalid}."
        )
        lines += [f"  {names[r.candidate]}: {r.votes} phiếu — {r.outcome.label}" for r in counted.results]
    lines.append("Kết luận: khớp." if result.ok else "Kết luận: CÓ SAI LỆCH, cần kiểm tra.")
    return result.ok, lines


def ballot_minutes(*, ballot: Ballot, user: Any) -> bytes:
    """The tally minutes (biên bản kiểm phiếu) of a closed ballot as a .docx."""
    from thidua.voting.minutes import minutes_docx, minutes_from_results

    results = selectors.ballot_results(user=user, ballot=ballot)
    return minutes_docx(minutes_from_results(results))
