"""Writing and verifying audit events. Services call ``record`` inside their transaction."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from thidua.core.domain.audit_chain import GENESIS_HASH, BrokenLink, event_hash, first_broken_link
from thidua.core.models import AuditChainHead, AuditEvent


def json_safe(value: Any) -> Any:
    """The value as it will read back from a JSON column (Decimals and dates become strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def snapshot(obj: models.Model | None) -> dict[str, Any] | None:
    """Every concrete field of a row, by attribute name (foreign keys as ids), JSON-safe."""
    if obj is None:
        return None
    data = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        data[field.attname] = value.name if isinstance(value, FieldFile) else value
    return json_safe(data)


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit event; must run inside the transaction of the change it describes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the transaction of the change")
    head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
    head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
    prev_hash = head.last_hash or GENESIS_HASH
    at = timezone.now()
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        "at": at.isoformat(),
        "actor_id": getattr(actor, "pk", None),
        "actor_username": getattr(actor, "username", "") or "",
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:300],
        "before": json_safe(before),
        "after": json_safe(after),
        "reason": reason,
    }
    digest = event_hash(fields, prev_hash)
    event = AuditEvent.objects.create(**{**fields, "at": at}, prev_hash=prev_hash, hash=digest)
    head.seq = event.seq
    head.last_hash = digest
    head.save(update_fields=["seq", "last_hash"])
    return event


def _as_hashed(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(datetime.UTC).isoformat() if event.at else None,
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def verify() -> tuple[int, BrokenLink | None]:
    """Walk the whole chain: (number of events checked, the first broken link or None)."""
    count = 0

    def events() -> Any:
        nonlocal count
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
            count += 1
            yield _as_hashed(event)

    broken = first_broken_link(events())
    return count, broken
