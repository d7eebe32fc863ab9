"""Succession of org units: merges, splits, renames (kế thừa đơn vị khi sắp xếp tổ chức).

A succession record says which units hand over to which on an effective date (ngày hiệu lực).
The 2025 reorganisation (DOMAIN.md section 3) gives the typical cases: on 01/07/2025 Công an
tỉnh Hà Nam, Nam Định and Ninh Bình merge (hợp nhất) into the new Công an tỉnh Ninh Bình; on
01/03/2025 district police (Công an cấp huyện) are dissolved (giải thể), their tasks taken over
by the province and the commune police.

The records give the lineage of a unit (:func:`predecessors_of`, :func:`successors_of`) and the
units summed for a restated comparison (so sánh quy đổi, :func:`restatement_sources`).

Pure Python (standard library only); refusals raise
:class:`~thidua.core.domain.errors.DomainError` with a Vietnamese message.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from thidua.core.domain.errors import DomainError
from thidua.organisations.domain.tree import UnitVersion, activity_text, interval_text

__all__ = [
    "Succession",
    "SuccessionKind",
    "check_against_versions",
    "predecessors_of",
    "restatement_sources",
    "restatement_warnings",
    "successors_of",
    "validate_succession",
]


class SuccessionKind(StrEnum):
    """Kind of succession (hình thức sắp xếp đơn vị).

    * ``MERGE`` (hợp nhất): two or more predecessors end, one new successor starts;
    * ``ABSORB`` (sáp nhập): one or more predecessors end, absorbed into one successor that
      continues and is not among them;
    * ``SPLIT`` (chia): one predecessor ends, two or more new successors start;
    * ``SPLIT_OFF`` (tách): part of one predecessor becomes one or more new successors, the
      predecessor continues;
    * ``RENAME`` (đổi tên): the same unit on both sides;
    * ``DISSOLVE`` (giải thể): one or more predecessors end; successors, optional, are the units
      taking over their tasks.
    """

    MERGE = "merge"
    ABSORB = "absorb"
    SPLIT = "split"
    SPLIT_OFF = "split_off"
    RENAME = "rename"
    DISSOLVE = "dissolve"

    @property
    def label(self) -> str:
        """Vietnamese label (tên hình thức), e.g. ``"Hợp nhất"``."""
        return _LABELS[self]


_LABELS: dict[SuccessionKind, str] = {
    SuccessionKind.MERGE: "Hợp nhất",
    SuccessionKind.ABSORB: "Sáp nhập",
    SuccessionKind.SPLIT: "Chia",
    SuccessionKind.SPLIT_OFF: "Tách",
    SuccessionKind.RENAME: "Đổi tên",
    SuccessionKind.DISSOLVE: "Giải thể",
}

# What each side is called in messages, per kind: (predecessors, successors).
_ROLES: dict[SuccessionKind, tuple[str, str]] = {
    SuccessionKind.MERGE: ("đơn vị được hợp nhất", "đơn vị mới sau hợp nhất"),
    SuccessionKind.ABSORB: ("đơn vị bị sáp nhập", "đơn vị nhận sáp nhập"),
    SuccessionKind.SPLIT: ("đơn vị bị chia", "đơn vị mới sau khi chia"),
    SuccessionKind.SPLIT_OFF: ("đơn vị bị tách", "đơn vị mới được tách ra"),
    SuccessionKind.RENAME: ("đơn vị trước khi đổi tên", "đơn vị sau khi đổi tên"),
    SuccessionKind.DISSOLVE: ("đơn vị bị giải thể", "đơn vị tiếp nhận nhiệm vụ"),
}

# Allowed sizes per kind: (min predecessors, max predecessors, min successors, max successors).
_CARDINALITIES: dict[SuccessionKind, tuple[int, int | None, int, int | None]] = {
    SuccessionKind.MERGE: (2, None, 1, 1),
    SuccessionKind.ABSORB: (1, None, 1, 1),
    SuccessionKind.SPLIT: (1, 1, 2, None),
    SuccessionKind.SPLIT_OFF: (1, 1, 1, None),
    SuccessionKind.RENAME: (1, 1, 1, 1),
    SuccessionKind.DISSOLVE: (1, None, 0, None),
}

_ENDING_PREDECESSORS = frozenset(
    {SuccessionKind.MERGE, SuccessionKind.ABSORB, SuccessionKind.SPLIT, SuccessionKind.DISSOLVE}
)
_NEW_SUCCESSORS = frozenset({SuccessionKind.MERGE, SuccessionKind.SPLIT, SuccessionKind.SPLIT_OFF})
# Only these carry all of a predecessor's figures into the successor; a split would need a key
# to apportion them.
_RESTATED = frozenset({SuccessionKind.MERGE, SuccessionKind.ABSORB, SuccessionKind.RENAME})
_SPLITS = frozenset({SuccessionKind.SPLIT, SuccessionKind.SPLIT_OFF})


@dataclass(frozen=True)
class Succession:
    """A succession record (quyết định sắp xếp đơn vị): who hands over to whom, and when.

    ``effective`` (ngày hiệu lực) is the first day of the new arrangement: the units that end
    have ``valid_to == effective``, the new ones ``valid_from == effective``.
    """

    kind: SuccessionKind
    effective: date
    predecessors: tuple[str, ...]
    successors: tuple[str, ...]


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _what(s: Succession) -> str:
    return f"{s.kind.label} ngày {_fmt(s.effective)}"


def _keys(units: Sequence[str]) -> str:
    return ", ".join(units)


def _check_side(s: Succession, units: Sequence[str], field: str, role: str) -> None:
    seen: set[str] = set()
    for unit in units:
        if not unit.strip():
            raise DomainError(
                f"{_what(s)}: mã {role} không được để trống.",
                field=field,
            )
        if unit in seen:
            raise DomainError(
                f"{_what(s)}: đơn vị mã {unit} được nhập hai lần trong danh sách {role}.",
                field=field,
            )
        seen.add(unit)


def _check_count(s: Succession, units: Sequence[str], low: int, high: int | None, field: str, role: str) -> None:
    count = len(units)
    if count >= low and (high is None or count <= high):
        return
    if high == low:
        needed = f"đúng {low}"
    elif high is None:
        needed = f"ít nhất {low}"
    else:
        needed = f"từ {low} đến {high}"
    have = f"hiện có {count}: mã {_keys(units)}" if units else "hiện chưa có đơn vị nào"
    raise DomainError(f"{_what(s)} cần {needed} {role}; {have}.", field=field)


def validate_succession(s: Succession) -> None:
    """Check the shape of a succession record (kiểm tra quyết định sắp xếp).

    Refuses a blank or repeated key in a list, a wrong number of predecessors (field
    ``predecessors``) or successors (``successors``) for the kind, and a unit on both sides
    (``successors``), which only a rename (đổi tên) requires.
    """
    pred_role, succ_role = _ROLES[s.kind]
    _check_side(s, s.predecessors, "predecessors", pred_role)
    _check_side(s, s.successors, "successors", succ_role)
    low_pred, high_pred, low_succ, high_succ = _CARDINALITIES[s.kind]
    _check_count(s, s.predecessors, low_pred, high_pred, "predecessors", pred_role)
    _check_count(s, s.successors, low_succ, high_succ, "successors", succ_role)
    if s.kind is SuccessionKind.RENAME:
        if s.successors != s.predecessors:
            raise DomainError(
                f"{_what(s)}: đơn vị sau khi đổi tên phải chính là đơn vị trước khi đổi tên "
                f"(mã {s.predecessors[0]}), không phải mã {s.successors[0]}. Việc chuyển sang "
                "một đơn vị khác là hợp nhất, sáp nhập hoặc chia, tách.",
                field="successors",
            )
        return
    both = [unit for unit in s.successors if unit in s.predecessors]
    if both:
        raise DomainError(
            f"{_what(s)}: đơn vị mã {both[0]} không thể vừa là {pred_role} vừa là {succ_role} "
            "(không thể sắp xếp một đơn vị vào chính nó).",
            field="successors",
        )


def _describe(unit: str, versions: Sequence[UnitVersion], effective: date) -> str:
    before = [v for v in versions if v.valid_from < effective]
    shown = before[-1] if before else versions[0]
    return f"{shown.name} (mã {unit})"


def check_against_versions(s: Succession, versions: Iterable[UnitVersion]) -> None:
    """Check a succession record agrees with the units' dated versions.

    The record is first checked with :func:`validate_succession`. Then: every unit named must
    have versions (field ``predecessors`` or ``successors``); units that end (predecessors of a
    merge, absorption, split or dissolution) have a version ending exactly on the effective date
    and none on or after it; new units (successors of a merge, split or split-off) start exactly
    on it; a continuing unit (the absorbing successor, the predecessor of a split-off) is active
    on the day before and on the day itself; a unit taking over a dissolved unit's tasks is
    active on the day; a renamed unit has a version ending and one starting on the day, with
    different names. Date disagreements use field ``effective``.
    """
    validate_succession(s)
    by_unit: dict[str, list[UnitVersion]] = defaultdict(list)
    for version in sorted(versions, key=lambda v: (v.unit, v.valid_from)):
        by_unit[version.unit].append(version)
    pred_role, succ_role = _ROLES[s.kind]
    day = s.effective
    eve = day - timedelta(days=1)
    for units, field, role in (
        (s.predecessors, "predecessors", pred_role),
        (s.successors, "successors", succ_role),
    ):
        for unit in units:
            if not by_unit.get(unit):
                raise DomainError(
                    f"{_what(s)}: không tìm thấy {role} mã {unit} trong danh sách đơn vị.",
                    field=field,
                )

    def refuse(unit: str, role: str, rule: str, field: str = "effective") -> DomainError:
        unit_versions = by_unit[unit]
        return DomainError(
            f"{_what(s)}: {_describe(unit, unit_versions, day)} là {role} nên {rule}, nhưng "
            f"đơn vị hoạt động {activity_text(unit_versions)}.",
            field=field,
        )

    if s.kind in _ENDING_PREDECESSORS:
        for unit in s.predecessors:
            unit_versions = by_unit[unit]
            ends_on_day = any(v.valid_to == day for v in unit_versions)
            active_later = any(v.valid_to is None or v.valid_to > day for v in unit_versions)
            if not ends_on_day or active_later:
                raise refuse(unit, pred_role, f"phải thôi hoạt động từ ngày {_fmt(day)}")
    if s.kind in _NEW_SUCCESSORS:
        for unit in s.successors:
            unit_versions = by_unit[unit]
            if unit_versions[0].valid_from != day:
                raise refuse(unit, succ_role, f"phải bắt đầu hoạt động đúng ngày {_fmt(day)}")
    continuing: list[tuple[str, str]] = []
    if s.kind is SuccessionKind.ABSORB:
        continuing = [(unit, succ_role) for unit in s.successors]
    elif s.kind is SuccessionKind.SPLIT_OFF:
        continuing = [(unit, pred_role) for unit in s.predecessors]
    for unit, role in continuing:
        if not all(any(v.active_on(d) for v in by_unit[unit]) for d in (eve, day)):
            raise refuse(unit, role, f"phải hoạt động cả ngày {_fmt(eve)} và ngày {_fmt(day)}")
    if s.kind is SuccessionKind.DISSOLVE:
        for unit in s.successors:
            if not any(v.active_on(day) for v in by_unit[unit]):
                raise refuse(unit, succ_role, f"phải hoạt động vào ngày {_fmt(day)}", field="successors")
    if s.kind is SuccessionKind.RENAME:
        _check_rename(s, by_unit[s.predecessors[0]])


def _check_rename(s: Succession, versions: Sequence[UnitVersion]) -> None:
    unit = versions[0].unit
    old = next((v for v in versions if v.valid_to == s.effective), None)
    new = next((v for v in versions if v.valid_from == s.effective), None)
    if old is None or new is None:
        listed = "; ".join(f"“{v.name}” {interval_text(v.valid_from, v.valid_to)}" for v in versions)
        raise DomainError(
            f"{_what(s)}: {_describe(unit, versions, s.effective)} phải có một phiên bản kết "
            f"thúc và một phiên bản bắt đầu đúng ngày {_fmt(s.effective)}, nhưng các phiên bản "
            f"của đơn vị là: {listed}.",
            field="effective",
        )
    if old.name == new.name:
        raise DomainError(
            f"{_what(s)}: tên của đơn vị mã {unit} trước và sau ngày {_fmt(s.effective)} đều "
            f"là “{old.name}”: ngày này không có đổi tên.",
            field="effective",
        )


def _lineage(
    unit: str,
    events: Iterable[Succession],
    *,
    backwards: bool,
    transitive: bool,
    kinds: Collection[SuccessionKind] | None = None,
) -> dict[str, date]:
    """Units linked to ``unit``, each with the earliest effective date of a link reaching it."""
    links: dict[str, list[tuple[str, date]]] = defaultdict(list)
    for event in events:
        if kinds is not None and event.kind not in kinds:
            continue
        for pred in event.predecessors:
            for succ in event.successors:
                if pred == succ:  # a rename links the unit to itself: no lineage
                    continue
                if backwards:
                    links[succ].append((pred, event.effective))
                else:
                    links[pred].append((succ, event.effective))
    found: dict[str, date] = {}
    queue: deque[str] = deque([unit])
    while queue:
        current = queue.popleft()
        for other, effective in links.get(current, []):
            if other == unit:
                continue
            if other not in found:
                found[other] = effective
                if transitive:
                    queue.append(other)
            elif effective < found[other]:
                found[other] = effective
    return found


def _ordered(found: dict[str, date]) -> list[str]:
    return sorted(found, key=lambda key: (found[key], key))


def predecessors_of(unit: str, events: Iterable[Succession], *, transitive: bool = True) -> list[str]:
    """The units ``unit`` descends from (đơn vị tiền thân), by effective date then key.

    Transitive by default (A + B → C, then C absorbed into D: D's predecessors are A, B, C).
    The unit itself is never listed, so a rename adds nothing and bad data cannot loop.
    """
    return _ordered(_lineage(unit, events, backwards=True, transitive=transitive))


def successors_of(unit: str, events: Iterable[Succession], *, transitive: bool = True) -> list[str]:
    """The units that took over from ``unit`` (đơn vị kế thừa), by effective date then key."""
    return _ordered(_lineage(unit, events, backwards=False, transitive=transitive))


def restatement_sources(unit: str, events: Iterable[Succession]) -> set[str]:
    """The units whose figures are summed into ``unit`` for a restated comparison.

    So sánh quy đổi (DOMAIN.md section 3): the unit itself plus, transitively, its predecessors
    through merges (hợp nhất), absorptions (sáp nhập) and renames. Splits (chia, tách) are not
    followed: a predecessor's figures cannot be apportioned among its parts without a key; see
    :func:`restatement_warnings`.
    """
    return {unit, *_lineage(unit, events, backwards=True, transitive=True, kinds=_RESTATED)}


def restatement_warnings(unit: str, events: Iterable[Succession]) -> list[str]:
    """Vietnamese notes on the lineage a restated comparison leaves out (ghi chú quy đổi).

    One note per split in the lineage of the restated units: a unit created by a split (chia)
    or split-off (tách), whose predecessor's earlier figures are not summed; and a unit that
    split a part off, whose earlier figures still include that part. Empty when none.
    """
    items = list(events)
    sources = restatement_sources(unit, items)
    notes: list[str] = []
    splits = sorted(
        (e for e in items if e.kind in _SPLITS),
        key=lambda e: (e.effective, e.predecessors, e.successors),
    )
    for event in splits:
        day = _fmt(event.effective)
        verb = "chia" if event.kind is SuccessionKind.SPLIT else "tách"
        origin = _keys(event.predecessors)
        for created in sorted(u for u in event.successors if u in sources):
            if created in event.predecessors:
                continue
            notes.append(
                f"Đơn vị mã {created} được {verb} ra từ đơn vị mã {origin} ngày {day}: số liệu "
                f"của đơn vị mã {origin} trước ngày {day} không được quy đổi vào vì không có cách "
                f"phân bổ cho từng đơn vị sau khi {verb}."
            )
        if event.kind is SuccessionKind.SPLIT_OFF:
            for kept in sorted(u for u in event.predecessors if u in sources):
                notes.append(
                    f"Đơn vị mã {kept} tách một phần thành đơn vị mã "
                    f"{_keys(event.successors)} ngày {day}: số liệu của đơn vị mã {kept} trước "
                    "ngày này vẫn gồm cả phần đã tách nên không so sánh quy đổi chính xác được."
                )
    return notes
