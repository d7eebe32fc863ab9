"""The hash chain of the audit log (chuỗi băm nhật ký): each event's hash covers its content and the
previous hash, so changing, removing or reordering any event breaks every link after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_username", "action", "object_type", "object_id", "object_repr",
    "before", "after", "reason",
)  # fmt: skip


def event_hash(event: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 of the event's canonical JSON (sorted keys, UTF-8) followed by the previous hash."""
    content = {name: event.get(name) for name in HASHED_FIELDS}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((canonical + prev_hash).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    seq: int
    reason: str


def first_broken_link(events: Iterable[Mapping[str, Any]]) -> BrokenLink | None:
    """The first event (in sequence order) whose link or hash does not hold, or None if the chain is whole."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for event in events:
        seq = int(event["seq"])
        if seq != expected_seq:
            return BrokenLink(seq, f"thiếu sự kiện số {expected_seq} (gặp số {seq})")
        if event["prev_hash"] != prev_hash:
            return BrokenLink(seq, "liên kết tới sự kiện trước không khớp")
        if event_hash(event, prev_hash) != event["hash"]:
            return BrokenLink(seq, "nội dung sự kiện đã bị thay đổi")
        prev_hash = str(event["hash"])
        expected_seq += 1
    return None
