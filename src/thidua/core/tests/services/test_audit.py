import pytest
from django.db import DatabaseError, transaction

from thidua.core import audit
from thidua.core.models import AuditEvent


@pytest.mark.django_db
def test_every_service_write_leaves_a_verifiable_chain(world):
    count, broken = audit.verify()
    assert broken is None
    assert count == AuditEvent.objects.count() > 30
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "org_unit.create",
        "org_unit.change",
        "org_unit.close",
        "succession.record",
        "cluster_edition.create",
        "indicator.create",
        "period.create",
    } <= actions


@pytest.mark.django_db
def test_an_event_records_who_and_the_values_before_and_after(world):
    event = AuditEvent.objects.filter(action="org_unit.change").first()
    assert event.actor_username == "admin"
    assert event.before["valid_to"] is None
    assert event.after["valid_from"] in ("2025-03-01", "2025-07-01")


@pytest.mark.django_db
def test_the_database_refuses_to_change_an_audit_event(world):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(reason="sửa lén")
    assert AuditEvent.objects.get(seq=1).reason == ""


@pytest.mark.django_db
def test_the_model_refuses_to_save_or_delete_an_existing_event(world):
    event = AuditEvent.objects.get(seq=1)
    event.reason = "sửa lén"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


@pytest.mark.django_db
def test_verify_names_the_first_event_that_does_not_belong_to_the_chain(world):
    last = AuditEvent.objects.order_by("-seq").first()
    forged = AuditEvent.objects.create(
        seq=last.seq + 1,
        at=last.at,
        action="target.update",
        object_type="indicators.target",
        object_id="1",
        object_repr="giả mạo",
        prev_hash=last.hash,
        hash="f" * 64,
    )
    _, broken = audit.verify()
    assert broken is not None
    assert broken.seq == forged.seq
