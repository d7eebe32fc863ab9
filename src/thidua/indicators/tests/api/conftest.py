"""Fixtures for the HTTP tests: Nghệ An's private data, and clients signed in as a given user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from thidua.accounts.services import token_create
from thidua.indicators.models import Target
from thidua.indicators.services import target_set
from thidua.organisations.models import ClusterEdition
from thidua.organisations.services import cluster_create, cluster_edition_create


@pytest.fixture(scope="module")
def _world_of_this_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """The ``world`` built once per test module inside a transaction that is rolled back at the end; each test
    runs in its own savepoint on top of it (as Django's ``setUpTestData``), so tests stay independent."""
    from thidua.core.testing import build_world

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            world = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(_world_of_this_module: Any, db: Any) -> Any:
    """The shared world of the module; whatever a test writes is rolled back after it."""
    return _world_of_this_module


# Names that exist only inside Công an tỉnh Nghệ An: nobody outside Nghệ An may read them.
NAN_ONLY_NAMES = (
    "Phòng Cảnh sát hình sự",
    "Công an thành phố Vinh",
    "Công an phường Bến Thủy",
    "Công an phường Hưng Dũng",
    "Cụm thi đua số 1 (Công an tỉnh Nghệ An)",
)
# A target value nobody else has, so its appearance anywhere is a leak.
NAN_SECRET_VALUE = 987654


@dataclass
class NanPrivate:
    """Objects of Nghệ An that a Hà Tĩnh officer must not reach."""

    internal_edition: ClusterEdition  # a cluster of NAN's own departments and wards; HTI is not a member
    target: Target  # NAN's target in Cụm 6, 2026 (HTI and NAN are both members)
    internal_target: Target  # NAN-PC02's target in the internal cluster


@pytest.fixture
def nan_private(world: Any) -> NanPrivate:
    u, admin = world.units, world.admin
    cluster = cluster_create(
        number=1, name="Cụm thi đua số 1 (Công an tỉnh Nghệ An)", level="province", owner=u["NAN"], actor=admin
    )
    internal = cluster_edition_create(
        cluster=cluster,
        year=2026,
        members=[u["NAN-PC02"], u["NAN-BENTHUY"], u["NAN-HUNGDUNG"]],
        leader=u["NAN-PC02"],
        actor=admin,
    )

    def target(unit: str, edition: ClusterEdition) -> Target:
        return target_set(
            edition=edition,
            unit=u[unit],
            indicator=world.indicators["LAMRO"],
            period=world.periods["2026S1"],
            kind="absolute",
            value=NAN_SECRET_VALUE,
            actor=admin,
        )

    return NanPrivate(
        internal_edition=internal,
        target=target("NAN", world.editions[2026]),
        internal_target=target("NAN-PC02", internal),
    )


@pytest.fixture
def signed_in() -> Any:
    """``signed_in(user)``: an API client using the user's session, as the browser does."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def with_token(world: Any) -> Any:
    """``with_token(user)``: an API client sending ``Authorization: Token <key>``."""

    def make(user: Any) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user, actor=world.admin)}")
        return client

    return make
