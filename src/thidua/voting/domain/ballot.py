"""The life of a secret ballot (cuộc bỏ phiếu kín), DOMAIN.md section 6.

draft (đang chuẩn bị: settings, candidates and voter roll may change) -> open (đang bỏ phiếu: candidates and roll
frozen, voters cast one ballot each) -> closed (đã kết thúc: counted, results published as totals only).

Voters are the member units' representatives: one voter per member unit, a person once. What was frozen at opening
is fingerprinted, so a later recount can tell whether the candidates, the roll or the rules were changed since.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from thidua.core.domain.errors import DomainError
from thidua.voting.domain.tally import BallotRules, PaperKind, Tally, classify_paper, tally


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "Đang chuẩn bị",
    Status.OPEN: "Đang bỏ phiếu",
    Status.CLOSED: "Đã kết thúc",
}


def ensure_draft(status: Status) -> None:
    """Settings, candidates and the roll change only before opening."""
    if status is not Status.DRAFT:
        raise DomainError(
            f"Cuộc bỏ phiếu {status.label.lower()}: danh sách đơn vị bình xét, danh sách cử tri và quy định bỏ phiếu "
            "đã được chốt, không sửa được nữa.",
            field="status",
        )


def ensure_can_open(status: Status, *, candidates: int, voters: int) -> None:
    ensure_draft(status)
    if candidates == 0:
        raise DomainError(
            "Chưa có đơn vị nào trong danh sách bình xét: hãy chọn các đơn vị trước khi mở.", field="candidates"
        )
    if voters == 0:
        raise DomainError(
            "Chưa có cử tri nào trong danh sách: hãy chọn đại diện các đơn vị trước khi mở.", field="roll"
        )


def ensure_open(status: Status) -> None:
    if status is Status.DRAFT:
        raise DomainError("Cuộc bỏ phiếu chưa mở: hãy chờ thường trực cụm mở bỏ phiếu.", field="status")
    if status is Status.CLOSED:
        raise DomainError("Cuộc bỏ phiếu đã kết thúc: không nhận thêm phiếu.", field="status")


def ensure_closed(status: Status) -> None:
    """Totals exist only once voting has ended: running totals shown beside who has voted would tell how each
    new voter voted."""
    if status is not Status.CLOSED:
        raise DomainError("Kết quả chỉ có sau khi kết thúc bỏ phiếu.", field="status")


@dataclass(frozen=True)
class RollEntry:
    """One voter: a person representing one member unit (with names, for the messages)."""

    user: int
    user_name: str
    unit: int
    unit_name: str


def check_roll(entries: Sequence[RollEntry]) -> None:
    """One voter per member unit, and a person votes once (for one unit)."""
    units: dict[int, RollEntry] = {}
    users: dict[int, RollEntry] = {}
    for entry in entries:
        if entry.unit in units:
            raise DomainError(
                f"Đơn vị «{entry.unit_name}» đã có người đại diện bỏ phiếu ({units[entry.unit].user_name}): "
                "mỗi đơn vị chỉ một cử tri.",
                field="roll",
            )
        if entry.user in users:
            raise DomainError(
                f"«{entry.user_name}» đã có tên trong danh sách cử tri (đại diện {users[entry.user].unit_name}): "
                "mỗi người chỉ bỏ một phiếu.",
                field="roll",
            )
        units[entry.unit] = users[entry.user] = entry


def frozen_fingerprint(*, candidates: Sequence[int], roll: Sequence[tuple[int, int]], rules: BallotRules) -> str:
    """SHA-256 of what opening freezes: candidate units, (voter, unit) pairs and the counting rules."""
    payload = {
        "candidates": sorted(candidates),
        "roll": sorted([user, unit] for user, unit in roll),
        "seats": rules.seats,
        "max_choices": rules.max_choices,
        "threshold": [rules.threshold.fraction.numerator, rules.threshold.fraction.denominator, rules.threshold.strict],
        "denominator": rules.denominator.value,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# Verification (thidua ballot verify) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


@dataclass(frozen=True)
class Verification:
    findings: tuple[Finding, ...]
    tally: Tally | None

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


def verify(
    *,
    status: Status,
    papers: Sequence[Sequence[int]],
    participations: int,
    roll_size: int,
    candidates: Sequence[int],
    rules: BallotRules,
    fingerprint_at_opening: str,
    fingerprint_now: str,
    recorded_totals: Mapping[int, int] | None,
) -> Verification:
    """Recount the ballots and check them against participation, the roll and what was recorded at closing."""
    findings: list[Finding] = []

    def check(ok: bool, good: str, bad: str) -> None:
        findings.append(Finding(ok, good if ok else bad))

    if status is Status.DRAFT:
        check(
            not papers and not participations, "Chưa mở bỏ phiếu, chưa có phiếu.", "Chưa mở bỏ phiếu nhưng đã có phiếu."
        )
        return Verification(tuple(findings), None)
    check(
        fingerprint_at_opening == fingerprint_now,
        "Danh sách đơn vị bình xét, danh sách cử tri và quy định bỏ phiếu không đổi từ khi mở.",
        "Danh sách đơn vị bình xét, danh sách cử tri hoặc quy định bỏ phiếu đã bị thay đổi sau khi mở bỏ phiếu.",
    )
    check(
        len(papers) == participations,
        f"Số phiếu ({len(papers)}) bằng số cử tri đã bỏ phiếu ({participations}).",
        f"Số phiếu ({len(papers)}) khác số cử tri đã bỏ phiếu ({participations}).",
    )
    check(
        participations <= roll_size,
        f"Số cử tri đã bỏ phiếu ({participations}) không vượt số cử tri trong danh sách ({roll_size}).",
        f"Số cử tri đã bỏ phiếu ({participations}) vượt số cử tri trong danh sách ({roll_size}).",
    )
    known = frozenset(candidates)
    invalid = sum(1 for p in papers if classify_paper(p, known, rules.max_choices) is PaperKind.INVALID)
    # The system refuses an invalid ballot when it is cast, so one in store was changed afterwards.
    check(
        invalid == 0,
        "Mọi phiếu đều đúng thể thức (không chọn trùng, không quá số lượng, chỉ chọn đơn vị trong danh sách).",
        f"{invalid} phiếu sai thể thức: phiếu đã bị sửa sau khi bỏ.",
    )
    try:
        counted = tally(papers, candidates=candidates, roll_size=roll_size, rules=rules)
    except DomainError as exc:
        findings.append(Finding(False, f"Không kiểm phiếu lại được: {exc.message}"))
        return Verification(tuple(findings), None)
    if status is Status.CLOSED:
        recorded = dict(recorded_totals or {})
        check(
            recorded == counted.totals,
            "Kiểm phiếu lại khớp với kết quả đã ghi khi kết thúc bỏ phiếu.",
            "Kiểm phiếu lại KHÔNG khớp với kết quả đã ghi khi kết thúc bỏ phiếu.",
        )
    return Verification(tuple(findings), counted)
