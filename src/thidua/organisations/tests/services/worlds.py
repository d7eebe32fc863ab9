"""The test world, built once per module and rolled back at its end.

Building the world through the services takes most of a second; each test gets it inside its own
savepoint (pytest-django's ``db``), with fresh model instances so no cached name or access leaks from
one test into the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import transaction

from thidua.core.testing import World, build_world, make_user

# Users every module needs: (username, role, unit).
SHARED_USERS = [
    ("hti_officer", "unit_officer", "HTI"),
    ("pc02_officer", "unit_officer", "NAN-PC02"),
    ("nan_office", "emulation_office", "NAN"),
    ("bca_office", "emulation_office", "BCA"),
    ("bca_auditor", "auditor", "BCA"),
]


@pytest.fixture(scope="module")
def shared_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            for username, role, unit in SHARED_USERS:
                make_user(built, username, role, unit=unit)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def reloaded(shared: World) -> World:
    """The same world read back from the database: new instances, nothing cached on them."""
    from django.contrib.auth import get_user_model

    from thidua.organisations.models import Cluster, ClusterEdition, OrgUnit

    users = get_user_model().objects.in_bulk([shared.admin.pk, *(u.pk for u in shared.users.values())])
    units = OrgUnit.objects.in_bulk([u.pk for u in shared.units.values()])
    editions = ClusterEdition.objects.in_bulk([e.pk for e in shared.editions.values()])
    return World(
        admin=users[shared.admin.pk],
        units={code: units[u.pk] for code, u in shared.units.items()},
        editions={year: editions[e.pk] for year, e in shared.editions.items()},
        indicators=dict(shared.indicators),
        periods=dict(shared.periods),
        users={name: users[u.pk] for name, u in shared.users.items()},
        cluster=Cluster.objects.get(pk=shared.cluster.pk),
    )


@pytest.fixture
def world(shared_world: World, db: Any) -> World:
    return reloaded(shared_world)


def db_state() -> dict[str, Any]:
    """Everything the organisations services write, and the audit trail's length."""
    from thidua.core.models import AuditEvent
    from thidua.organisations.models import (
        Cluster,
        ClusterEdition,
        ClusterMembership,
        OrgUnit,
        OrgUnitVersion,
        SuccessionEvent,
        SuccessionLink,
    )

    def rows(model: Any) -> list[tuple[Any, ...]]:
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("created_at", "updated_at")]
        return list(model.objects.order_by("pk").values_list(*fields))

    return {
        "audit_events": AuditEvent.objects.count(),
        **{
            model.__name__: rows(model)
            for model in (
                OrgUnit,
                OrgUnitVersion,
                SuccessionEvent,
                SuccessionLink,
                Cluster,
                ClusterEdition,
                ClusterMembership,
            )
        },
    }


@contextmanager
def refused(field: str | None, *fragments: str, error: type[Exception] | None = None) -> Iterator[Any]:
    """The block is refused with a Vietnamese message naming ``field`` and leaves the database as it was."""
    from thidua.core.domain.errors import DomainError

    before = db_state()
    with pytest.raises(error or DomainError) as caught:
        yield caught
    assert caught.value.field == field, caught.value.message
    for fragment in fragments:
        assert fragment in caught.value.message
    assert db_state() == before
