"""Counting a secret ballot (kiểm phiếu bình xét, suy tôn), DOMAIN.md section 6.

The cluster's rules (quy chế) decide three things, and each is a setting of the ballot, never a constant here:

- the threshold: a fraction and whether it must be exceeded ("trên 50%", "trên 2/3") or only reached
  ("từ 70% trở lên", "từ 2/3 trở lên");
- the denominator the threshold is taken of: every voter on the roll (toàn thể thành viên), the voters present
  (số phiếu thu vào), or the valid ballots (số phiếu hợp lệ);
- how many units may be chosen (số lượng suy tôn, the seats) and how many names one ballot may approve.

A ballot approving more names than allowed, naming one twice or naming someone who is not a candidate is invalid
(phiếu không hợp lệ) and counts for nobody. A ballot approving nobody is blank (phiếu trắng): it is a valid ballot that
approves no one, so it counts among the valid ballots and the ballots cast.

Units that reach the threshold are chosen by number of votes, up to the seats. When units with the same number of
votes straddle the last seat, none of them is chosen: the tie is reported (with the seats left) for the cluster to
settle as its rules say (a second round, usually). It is never broken by list order or by chance.

Everything is exact: shares are fractions, and a percentage is only rounded (two decimals, half up) for display.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number

PERCENT_QUANTUM = Decimal("0.01")


class Denominator(StrEnum):
    """What the threshold is a share of."""

    ROLL = "roll"  # toàn thể cử tri trong danh sách (all members)
    CAST = "cast"  # cử tri có mặt bỏ phiếu = số phiếu thu vào (voters present)
    VALID = "valid"  # số phiếu hợp lệ

    @property
    def label(self) -> str:
        return DENOMINATOR_LABELS[self]


DENOMINATOR_LABELS = {
    Denominator.ROLL: "tổng số cử tri trong danh sách (toàn thể thành viên)",
    Denominator.CAST: "tổng số cử tri có mặt bỏ phiếu (số phiếu thu vào)",
    Denominator.VALID: "tổng số phiếu hợp lệ",
}


# Thresholds ----------------------------------------------------------------------------------------------------------


def _fraction_label(fraction: Fraction) -> str:
    """50% and 70% as percentages, 2/3 as a fraction (a percentage only when it is exact to two decimals)."""
    hundredths = fraction * 10000
    if hundredths.denominator == 1:
        return format_number(Decimal(hundredths.numerator) / 100) + "%"
    return f"{fraction.numerator}/{fraction.denominator}"


@dataclass(frozen=True)
class Threshold:
    """The share of the denominator a unit needs: more than it (``strict``, "trên"), or at least it ("từ ... trở
    lên")."""

    fraction: Fraction
    strict: bool

    def __post_init__(self) -> None:
        if not 0 <= self.fraction <= 1:
            raise DomainError("Tỷ lệ phiếu cần đạt phải nằm trong khoảng từ 0% đến 100%.", field="threshold")
        if self.strict and self.fraction == 1:
            raise DomainError("Không thể đạt «trên 100%»: hãy dùng «từ 100% trở lên».", field="threshold")
        if not self.strict and self.fraction == 0:
            raise DomainError(
                "«Từ 0% trở lên» công nhận cả đơn vị không có phiếu nào: hãy đặt tỷ lệ lớn hơn 0.", field="threshold"
            )

    @property
    def share_label(self) -> str:
        """The share alone: "50%", "66,67%", "2/3"."""
        return _fraction_label(self.fraction)

    @property
    def label(self) -> str:
        """As the rules write it: "trên 50%", "từ 70% trở lên", "trên 2/3"."""
        return f"trên {self.share_label}" if self.strict else f"từ {self.share_label} trở lên"

    def is_met(self, votes: int, base: int) -> bool:
        """``votes`` out of ``base`` meets the threshold (never when nobody could vote: ``base`` 0)."""
        if base <= 0:
            return False
        share = Fraction(votes, base)
        return share > self.fraction if self.strict else share >= self.fraction

    def minimum_votes(self, base: int) -> int | None:
        """The fewest votes out of ``base`` that meet the threshold; None when no number of votes can."""
        if base <= 0:
            return None
        exact = self.fraction * base
        least = math.floor(exact) + 1 if self.strict else math.ceil(exact)
        return least if least <= base else None


_PERCENT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%?$")
_RATIO = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*(?:/\s*\d+|%)?")
_AT_LEAST = re.compile(r"trở lên|ít nhất|tối thiểu|không dưới|>=|≥|\btừ\b")
_MORE_THAN = re.compile(r"\btrên\b|\bhơn\b|\bquá\b|>")


def parse_fraction(text: str) -> Fraction:
    """ "50%", "66,67%", "70" (a percentage) or "2/3" as an exact fraction."""
    clean = unicodedata.normalize("NFC", text).strip()
    ratio = _RATIO.match(clean)
    if ratio:
        numerator, denominator = int(ratio.group(1)), int(ratio.group(2))
        if denominator == 0:
            raise DomainError(f"«{text}»: mẫu số của tỷ lệ phải khác 0.", field="threshold")
        return Fraction(numerator, denominator)
    percent = _PERCENT.match(clean)
    if percent:
        return Fraction(Decimal(percent.group(1).replace(",", "."))) / 100
    raise DomainError(f"«{text}» không phải là tỷ lệ (ví dụ hợp lệ: 50%, 66,67% hoặc 2/3).", field="threshold")


def parse_threshold(text: str) -> Threshold:
    """The threshold as a cluster's rules word it: "trên 50%", "quá bán", "từ 70% trở lên", "trên 2/3".

    Whether the share must be exceeded or only reached is part of the threshold, so a bare "2/3" is refused.
    """
    clean = " ".join(unicodedata.normalize("NFC", text).lower().split())
    if clean in ("quá bán", "quá nửa", "trên một nửa"):
        return Threshold(Fraction(1, 2), strict=True)
    number = _NUMBER.search(clean)
    if number is None:
        raise DomainError(f"«{text}»: không thấy tỷ lệ (ví dụ: «trên 50%», «từ 2/3 trở lên»).", field="threshold")
    fraction = parse_fraction(number.group(0))
    words = clean[: number.start()] + " " + clean[number.end() :]
    at_least = bool(_AT_LEAST.search(words))
    more_than = bool(_MORE_THAN.search(_AT_LEAST.sub(" ", words)))
    if at_least == more_than:
        value = _fraction_label(fraction)
        raise DomainError(
            f"«{text}»: hãy ghi rõ «trên {value}» (phải vượt) hay «từ {value} trở lên» (đạt là đủ).", field="threshold"
        )
    return Threshold(fraction, strict=more_than)


# Rules of one ballot -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotRules:
    """The settings of one ballot (quy định bỏ phiếu), taken from the cluster's rules."""

    seats: int
    max_choices: int
    threshold: Threshold
    denominator: Denominator

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise DomainError("Số lượng đơn vị được suy tôn phải từ 1 trở lên.", field="seats")
        if self.max_choices < 1:
            raise DomainError("Mỗi phiếu phải được chọn ít nhất 1 đơn vị.", field="max_choices")

    def describe(self) -> str:
        return (
            f"Mỗi phiếu chọn tối đa {self.max_choices} đơn vị; đơn vị được suy tôn phải đạt {self.threshold.label} "
            f"{self.denominator.label}; suy tôn không quá {self.seats} đơn vị."
        )


# Ballots -------------------------------------------------------------------------------------------------------------


class PaperKind(StrEnum):
    VALID = "valid"
    BLANK = "blank"  # phiếu trắng: valid, approves no one
    INVALID = "invalid"  # phiếu không hợp lệ: counts for no one


def classify_paper(choices: Sequence[int], candidates: Collection[int], max_choices: int) -> PaperKind:
    if len(set(choices)) != len(choices) or len(choices) > max_choices or any(c not in candidates for c in choices):
        return PaperKind.INVALID
    return PaperKind.VALID if choices else PaperKind.BLANK


def check_choices(choices: Iterable[int], candidates: Collection[int], max_choices: int) -> tuple[int, ...]:
    """A voter's choices, refused with the reason when the ballot would be invalid; sorted, so the order in which
    a voter ticked the names is not kept."""
    chosen = list(choices)
    if len(set(chosen)) != len(chosen):
        raise DomainError("Mỗi đơn vị chỉ được chọn một lần.", field="choices")
    if any(c not in candidates for c in chosen):
        raise DomainError("Có đơn vị được chọn không nằm trong danh sách bình xét: hãy tải lại trang.", field="choices")
    if len(chosen) > max_choices:
        raise DomainError(
            f"Chỉ được chọn tối đa {max_choices} đơn vị (bạn đã chọn {len(chosen)}). Hãy bỏ bớt rồi gửi lại.",
            field="choices",
        )
    return tuple(sorted(chosen))


# The count -----------------------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    ELECTED = "elected"
    TIED = "tied"  # bằng phiếu ở vị trí cuối: for the cluster to settle, never broken here
    NO_SEAT = "no_seat"  # reached the threshold, but others had more votes for the seats
    BELOW_THRESHOLD = "below_threshold"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.ELECTED: "Được suy tôn",
    Outcome.TIED: "Bằng phiếu ở vị trí cuối (chưa xác định)",
    Outcome.NO_SEAT: "Đạt tỷ lệ nhưng ngoài số lượng suy tôn",
    Outcome.BELOW_THRESHOLD: "Không đạt tỷ lệ",
}


def percent(share: Fraction | None) -> Decimal | None:
    """A share as a percentage for display: two decimals, half up."""
    if share is None:
        return None
    exact = Decimal(share.numerator) * 100 / Decimal(share.denominator)
    return exact.quantize(PERCENT_QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CandidateResult:
    candidate: int
    votes: int
    rank: int  # 1, 1, 3: units with equal votes share a rank
    share: Fraction | None  # of the denominator; None when the denominator is 0
    meets_threshold: bool
    outcome: Outcome

    @property
    def percent(self) -> Decimal | None:
        return percent(self.share)


@dataclass(frozen=True)
class Tally:
    rules: BallotRules
    roll_size: int  # số cử tri trong danh sách
    cast: int  # số phiếu thu vào = số cử tri đã bỏ phiếu
    valid: int  # số phiếu hợp lệ (blank ballots included)
    blank: int  # số phiếu trắng
    invalid: int  # số phiếu không hợp lệ
    base: int  # the denominator's value
    results: tuple[CandidateResult, ...]  # most votes first; equal votes keep the candidates' list order
    elected: tuple[int, ...]
    tied: tuple[int, ...]
    seats_left_for_tied: int

    @property
    def totals(self) -> dict[int, int]:
        return {r.candidate: r.votes for r in self.results}

    @property
    def minimum_votes(self) -> int | None:
        return self.rules.threshold.minimum_votes(self.base)


def tally(papers: Iterable[Sequence[int]], *, candidates: Sequence[int], roll_size: int, rules: BallotRules) -> Tally:
    """Count the ballots of one vote: totals per candidate, who is chosen, and any tie at the last seat."""
    if len(set(candidates)) != len(candidates):
        raise DomainError("Một đơn vị có tên hai lần trong danh sách bình xét.", field="candidates")
    known = frozenset(candidates)
    votes: Counter[int] = Counter()
    kinds: Counter[PaperKind] = Counter()
    for choices in papers:
        kind = classify_paper(choices, known, rules.max_choices)
        kinds[kind] += 1
        if kind is PaperKind.VALID:
            votes.update(choices)
    cast = kinds.total()
    if cast > roll_size:
        raise DomainError(
            f"Số phiếu thu vào ({cast}) nhiều hơn số cử tri trong danh sách ({roll_size}): kết quả không hợp lệ.",
            field="papers",
        )
    valid = kinds[PaperKind.VALID] + kinds[PaperKind.BLANK]
    base = {Denominator.ROLL: roll_size, Denominator.CAST: cast, Denominator.VALID: valid}[rules.denominator]
    threshold = rules.threshold
    qualified = sorted((votes[c] for c in candidates if threshold.is_met(votes[c], base)), reverse=True)
    tied_votes: int | None = None
    if len(qualified) <= rules.seats:  # every qualified unit has a seat
        elected_votes = set(qualified)
    else:
        cutoff = qualified[rules.seats - 1]
        above = sum(1 for v in qualified if v > cutoff)
        at_cutoff = sum(1 for v in qualified if v == cutoff)
        if above + at_cutoff <= rules.seats:
            elected_votes = {v for v in qualified if v >= cutoff}
        else:
            elected_votes = {v for v in qualified if v > cutoff}
            tied_votes = cutoff
    ordered = sorted(candidates, key=lambda c: -votes[c])  # stable: equal votes keep list order
    results = []
    for candidate in ordered:
        count = votes[candidate]
        meets = threshold.is_met(count, base)
        if not meets:
            outcome = Outcome.BELOW_THRESHOLD
        elif count == tied_votes:
            outcome = Outcome.TIED
        elif count in elected_votes:
            outcome = Outcome.ELECTED
        else:
            outcome = Outcome.NO_SEAT
        results.append(
            CandidateResult(
                candidate=candidate,
                votes=count,
                rank=1 + sum(1 for c in candidates if votes[c] > count),
                share=Fraction(count, base) if base else None,
                meets_threshold=meets,
                outcome=outcome,
            )
        )
    elected = tuple(r.candidate for r in results if r.outcome is Outcome.ELECTED)
    tied = tuple(r.candidate for r in results if r.outcome is Outcome.TIED)
    return Tally(
        rules=rules,
        roll_size=roll_size,
        cast=cast,
        valid=valid,
        blank=kinds[PaperKind.BLANK],
        invalid=kinds[PaperKind.INVALID],
        base=base,
        results=tuple(results),
        elected=elected,
        tied=tied,
        seats_left_for_tied=rules.seats - len(elected) if tied else 0,
    )
