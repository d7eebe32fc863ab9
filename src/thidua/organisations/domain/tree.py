"""The organisation tree over time (cây tổ chức theo thời gian).

An org unit (đơn vị) keeps one stable key for its whole life; its name and its parent unit
(đơn vị cấp trên) change over time and are recorded as versions (phiên bản đơn vị). Each
version is valid over a half-open interval ``[valid_from, valid_to)``: ``valid_from`` is its
first day, ``valid_to`` the first day it no longer holds, ``None`` when it still holds.

The 2025 reorganisation (DOMAIN.md section 3) shows why: district-level police (Công an cấp
huyện) stopped operating on 01/03/2025, so their versions end with ``valid_to = 01/03/2025``
(last day 28/02/2025) and their commune police move under the province from that day; on
01/07/2025 Hà Nam, Nam Định and Ninh Bình end and the new Ninh Bình starts.

:func:`tree_on` gives the tree as it was on one date (cây tổ chức tại ngày D);
:func:`validate_versions` keeps stored history consistent (no overlap, no orphan, no cycle);
:func:`units_ever_under` scopes access across history.

Pure Python (standard library only); refusals raise
:class:`~thidua.core.domain.errors.DomainError` with a Vietnamese message.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import TypeAlias

from thidua.core.domain.errors import DomainError

__all__ = [
    "Interval",
    "OrgTree",
    "UnitVersion",
    "activity_text",
    "find_cycle",
    "interval_text",
    "tree_on",
    "units_ever_under",
    "validate_versions",
]

Interval: TypeAlias = tuple[date, date | None]
"""A half-open date interval ``(valid_from, valid_to)``; ``valid_to`` ``None`` is open-ended."""


@dataclass(frozen=True)
class UnitVersion:
    """One dated state of an org unit (phiên bản đơn vị): its name and parent.

    ``unit`` is the stable key (mã đơn vị), ``parent`` the key of the parent unit (đơn vị cấp
    trên, ``None`` for a root such as Bộ Công an). The version holds over
    ``[valid_from, valid_to)``: ``valid_to`` is exclusive and ``None`` means still valid.
    """

    unit: str
    name: str
    parent: str | None
    valid_from: date
    valid_to: date | None = None

    def active_on(self, day: date) -> bool:
        """Whether the version holds on ``day`` (đơn vị hoạt động vào ngày đó)."""
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)

    @property
    def interval(self) -> Interval:
        """The version's half-open interval ``(valid_from, valid_to)`` (thời gian hiệu lực)."""
        return (self.valid_from, self.valid_to)


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def interval_text(valid_from: date, valid_to: date | None) -> str:
    """Vietnamese wording of a half-open interval (thời gian hiệu lực), dates as dd/mm/yyyy.

    ``valid_to`` is exclusive, hence "đến trước": the last day is the day before it.
    """
    if valid_to is None:
        return f"từ {_fmt(valid_from)} trở đi"
    return f"từ {_fmt(valid_from)} đến trước {_fmt(valid_to)}"


def _describe(version: UnitVersion) -> str:
    return f"{version.name} (mã {version.unit})"


def _display_key(version: UnitVersion) -> tuple[str, str]:
    # Names may arrive as NFC or NFD (DOMAIN.md section 8): compare them normalised.
    return (unicodedata.normalize("NFC", version.name).casefold(), version.unit)


def _merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint union of half-open intervals (adjacent ones are joined)."""
    merged: list[Interval] = []
    for start, end in sorted(intervals, key=lambda iv: iv[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end:
                if last_end is not None and (end is None or end > last_end):
                    merged[-1] = (last_start, end)
                continue
        merged.append((start, end))
    return merged


def _intersect(a: Interval, b: Interval) -> Interval | None:
    start = max(a[0], b[0])
    ends = [end for end in (a[1], b[1]) if end is not None]
    end = min(ends) if ends else None
    if end is not None and end <= start:
        return None
    return (start, end)


def _covers(merged: Sequence[Interval], needed: Interval) -> bool:
    """Whether the merged (sorted, disjoint) intervals cover ``needed`` entirely."""
    start, end = needed
    for iv_start, iv_end in merged:
        if iv_start <= start and (iv_end is None or (end is not None and end <= iv_end)):
            return True
    return False


def activity_text(versions: Iterable[UnitVersion]) -> str:
    """Vietnamese wording of when a unit operated (thời gian hoạt động), gaps shown.

    Consecutive versions are joined: a rename does not break the unit's activity.
    """
    merged = _merge_intervals(v.interval for v in versions)
    return "; ".join(interval_text(start, end) for start, end in merged)


def _cycle_error(cycle: Sequence[UnitVersion], day: date) -> DomainError:
    chain = " → ".join(_describe(v) for v in [*cycle, cycle[0]])
    return DomainError(
        f"Quan hệ đơn vị cấp trên tạo thành vòng lặp vào ngày {_fmt(day)}: {chain}. "
        "Hãy sửa đơn vị cấp trên của một trong các đơn vị này.",
        field="parent",
    )


def _overlap_error(first: UnitVersion, second: UnitVersion) -> DomainError:
    return DomainError(
        f"Đơn vị {_describe(second)} có hai phiên bản trùng thời gian: "
        f"“{first.name}” {interval_text(first.valid_from, first.valid_to)} và "
        f"“{second.name}” {interval_text(second.valid_from, second.valid_to)}. "
        "Mỗi ngày một đơn vị chỉ có một tên và một đơn vị cấp trên; hãy cho phiên bản trước "
        "kết thúc đúng ngày phiên bản sau bắt đầu.",
        field="valid_from",
    )


def _first_cycle(parent_of: Mapping[str, str | None], starts: Iterable[str]) -> list[str] | None:
    """The first cycle met following parent links from ``starts``, smallest key first."""
    done: set[str] = set()
    for start in starts:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node in parent_of and node not in done:
            if node in position:
                cycle = path[position[node] :]
                first = cycle.index(min(cycle))
                return cycle[first:] + cycle[:first]
            position[node] = len(path)
            path.append(node)
            node = parent_of[node]
        done.update(path)
    return None


def find_cycle(versions: Iterable[UnitVersion], day: date) -> list[str] | None:
    """A cycle in the parent links on ``day`` (vòng lặp cấp trên), or ``None``.

    The cycle is listed child first, each unit followed by its parent, starting from the
    smallest key; a unit that is its own parent is a cycle of one. Parents not active on
    ``day`` end a chain.
    """
    active = sorted((v for v in versions if v.active_on(day)), key=lambda v: (v.unit, v.valid_from))
    parent_of = {v.unit: v.parent for v in active}
    return _first_cycle(parent_of, sorted(parent_of))


def _check_own_fields(version: UnitVersion) -> None:
    if not version.unit.strip():
        raise DomainError(
            f"Phiên bản “{version.name}” {interval_text(version.valid_from, version.valid_to)} chưa có mã đơn vị.",
            field="unit",
        )
    if not version.name.strip():
        raise DomainError(
            f"Đơn vị mã {version.unit} chưa có tên cho thời gian "
            f"{interval_text(version.valid_from, version.valid_to)}.",
            field="name",
        )
    if version.valid_to is not None and version.valid_to <= version.valid_from:
        raise DomainError(
            f"Phiên bản của đơn vị {_describe(version)}: ngày kết thúc {_fmt(version.valid_to)} "
            f"phải sau ngày bắt đầu {_fmt(version.valid_from)}.",
            field="valid_to",
        )
    if version.parent == version.unit:
        raise DomainError(
            f"Đơn vị {_describe(version)} không thể là đơn vị cấp trên của chính nó "
            f"(phiên bản {interval_text(version.valid_from, version.valid_to)}).",
            field="parent",
        )


def _check_parent_covers(version: UnitVersion, parent: str, parent_versions: Sequence[UnitVersion]) -> None:
    needed = interval_text(version.valid_from, version.valid_to)
    if not parent_versions:
        raise DomainError(
            f"Đơn vị cấp trên mã {parent} của {_describe(version)}, phiên bản {needed}, "
            "không có trong danh sách đơn vị.",
            field="parent",
        )
    if _covers(_merge_intervals(v.interval for v in parent_versions), version.interval):
        return
    shown = next((v for v in parent_versions if v.active_on(version.valid_from)), parent_versions[-1])
    raise DomainError(
        f"Đơn vị cấp trên {_describe(shown)} không hoạt động suốt thời gian của "
        f"{_describe(version)} {needed}: đơn vị cấp trên chỉ hoạt động "
        f"{activity_text(parent_versions)}. Hãy đổi đơn vị cấp trên hoặc chia phiên bản "
        "theo thời gian hoạt động của đơn vị cấp trên.",
        field="parent",
    )


def validate_versions(versions: Iterable[UnitVersion]) -> None:
    """Check a set of unit versions is a consistent history (kiểm tra lịch sử đơn vị).

    Refuses, in this order: a blank key (field ``unit``) or name (``name``); ``valid_to`` not
    after ``valid_from`` (``valid_to``); a unit that is its own parent (``parent``); two
    versions of one unit that overlap (``valid_from``); a parent unknown or not active over the
    whole of the child's version, its versions taken together (``parent``); a cycle in the
    parent links on any date (``parent``).
    """
    items = sorted(versions, key=lambda v: (v.unit, v.valid_from, v.valid_to or date.max))
    for version in items:
        _check_own_fields(version)

    by_unit: dict[str, list[UnitVersion]] = defaultdict(list)
    for version in items:
        by_unit[version.unit].append(version)
    for unit_versions in by_unit.values():
        # Sorted by start: if any two overlap, two consecutive ones do.
        for previous, current in pairwise(unit_versions):
            if previous.valid_to is None or current.valid_from < previous.valid_to:
                raise _overlap_error(previous, current)

    for version in items:
        if version.parent is not None:
            _check_parent_covers(version, version.parent, by_unit.get(version.parent, []))

    _check_no_cycle(items)


def _check_no_cycle(items: Sequence[UnitVersion]) -> None:
    # The parent links change only at version boundaries and an ending version only removes
    # a link, so a cycle appears on the valid_from of one of its links and runs through that
    # link's unit: sweep the dates and follow the chains of the units starting that day.
    starts: dict[date, list[UnitVersion]] = defaultdict(list)
    ends: dict[date, list[UnitVersion]] = defaultdict(list)
    for version in items:
        starts[version.valid_from].append(version)
        if version.valid_to is not None:
            ends[version.valid_to].append(version)
    active: dict[str, UnitVersion] = {}
    for day in sorted(starts.keys() | ends.keys()):
        for version in ends.get(day, []):
            if active.get(version.unit) is version:
                del active[version.unit]
        for version in starts.get(day, []):
            active[version.unit] = version
        if day not in starts:
            continue
        parent_of = {unit: v.parent for unit, v in active.items()}
        cycle = _first_cycle(parent_of, sorted(v.unit for v in starts[day]))
        if cycle is not None:
            raise _cycle_error([active[unit] for unit in cycle], day)


class OrgTree:
    """The organisation tree as it was on one date (cây tổ chức tại ngày D).

    Built by :func:`tree_on`. Children are listed by name (NFC, case-folded), then by key. A
    unit whose parent is not active that day is shown as a root.
    """

    def __init__(self, day: date, versions: Iterable[UnitVersion]) -> None:
        self.day = day
        nodes: dict[str, UnitVersion] = {}
        for version in versions:
            if not version.active_on(day):
                continue
            other = nodes.get(version.unit)
            if other is not None:
                first, second = sorted((other, version), key=lambda v: v.valid_from)
                raise _overlap_error(first, second)
            nodes[version.unit] = version
        cycle = _first_cycle({k: v.parent for k, v in nodes.items()}, sorted(nodes))
        if cycle is not None:
            raise _cycle_error([nodes[unit] for unit in cycle], day)
        children: dict[str | None, list[UnitVersion]] = defaultdict(list)
        for version in nodes.values():
            parent = version.parent if version.parent in nodes else None
            children[parent].append(version)
        for siblings in children.values():
            siblings.sort(key=_display_key)
        self._nodes = nodes
        self._children: dict[str | None, list[UnitVersion]] = dict(children)

    def __repr__(self) -> str:
        return f"OrgTree(day={self.day.isoformat()}, units={len(self._nodes)})"

    def __contains__(self, key: object) -> bool:
        return key in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def node(self, key: str) -> UnitVersion:
        """The unit's version on the tree's date; refused when it is not active that day."""
        try:
            return self._nodes[key]
        except KeyError:
            raise DomainError(f"Đơn vị mã {key} không hoạt động vào ngày {_fmt(self.day)}.", field="unit") from None

    def roots(self) -> list[UnitVersion]:
        """Units without an active parent that day (đơn vị gốc), in display order."""
        return list(self._children.get(None, []))

    def children(self, key: str) -> list[UnitVersion]:
        """Direct subordinate units (đơn vị trực thuộc), in display order."""
        self.node(key)
        return list(self._children.get(key, []))

    def parent(self, key: str) -> UnitVersion | None:
        """The parent unit that day (đơn vị cấp trên), ``None`` for a root."""
        parent = self.node(key).parent
        return self._nodes.get(parent) if parent is not None else None

    def ancestors(self, key: str) -> list[UnitVersion]:
        """The units above, nearest first (các đơn vị cấp trên)."""
        found: list[UnitVersion] = []
        current = self.parent(key)
        while current is not None:
            found.append(current)
            current = self.parent(current.unit)
        return found

    def descendants(self, key: str) -> list[UnitVersion]:
        """Every unit below, depth-first in display order, excluding ``key`` itself."""
        return [version for _, version in self._walk_from(self.children(key), 0)]

    def path(self, key: str) -> list[UnitVersion]:
        """The chain from the root down to the unit, both included (đường dẫn)."""
        return [*reversed(self.ancestors(key)), self.node(key)]

    def depth(self, key: str) -> int:
        """The number of units above (cấp): 0 for a root."""
        return len(self.ancestors(key))

    def walk(self) -> Iterator[tuple[int, UnitVersion]]:
        """Every unit with its depth, depth-first in display order (thứ tự hiển thị)."""
        return self._walk_from(self.roots(), 0)

    def _walk_from(self, first: Sequence[UnitVersion], depth: int) -> Iterator[tuple[int, UnitVersion]]:
        stack: list[tuple[int, UnitVersion]] = [(depth, v) for v in reversed(first)]
        while stack:
            level, version = stack.pop()
            yield level, version
            below = self._children.get(version.unit, [])
            stack.extend((level + 1, child) for child in reversed(below))


def tree_on(versions: Iterable[UnitVersion], day: date) -> OrgTree:
    """The organisation tree as it was on ``day`` (cây tổ chức tại ngày D).

    Only versions active on ``day`` are kept; a unit whose parent is not active that day is
    treated as a root (:func:`validate_versions` keeps that out of stored data). Two active
    versions of one unit (field ``valid_from``) or a cycle (field ``parent``) are refused.
    """
    return OrgTree(day, versions)


def units_ever_under(versions: Iterable[UnitVersion], root: str) -> set[str]:
    """Every unit that was, on some date, in ``root``'s subtree, ``root`` included.

    Used to scope access across history (phạm vi theo lịch sử): a province's officers still see
    the figures of the district police that stopped operating under it. A unit counts only if
    its link and every link above it to ``root`` held on the same day.
    """
    items = list(versions)
    by_parent: dict[str, list[UnitVersion]] = defaultdict(list)
    for version in items:
        if version.parent is not None:
            by_parent[version.parent].append(version)
    # For each unit found, the dates (merged intervals) on which it sat under ``root``; grow
    # them until nothing changes. Intervals only grow and their ends come from a finite set of
    # dates, so this ends, even when parent links cross over time.
    under: dict[str, list[Interval]] = {root: _merge_intervals(v.interval for v in items if v.unit == root)}
    queue: deque[str] = deque([root])
    while queue:
        parent = queue.popleft()
        for version in by_parent.get(parent, []):
            if version.unit == root:
                continue
            pieces = [
                piece for piece in (_intersect(version.interval, iv) for iv in under[parent]) if piece is not None
            ]
            if not pieces:
                continue
            before = under.get(version.unit, [])
            after = _merge_intervals([*before, *pieces])
            if after != before:
                under[version.unit] = after
                queue.append(version.unit)
    return set(under)
