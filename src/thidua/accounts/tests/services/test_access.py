"""What each role reaches (phạm vi truy cập): every query is scoped on the server by ``for_user``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from thidua.accounts.access import access_for
from thidua.accounts.domain.roles import Role
from thidua.accounts.services import role_assign, user_create
from thidua.core.exceptions import Forbidden
from thidua.core.testing import make_user
from thidua.indicators.models import Target
from thidua.indicators.services import target_set
from thidua.organisations.models import Cluster, ClusterEdition, OrgUnit
from thidua.organisations.services import cluster_create, cluster_edition_create

pytestmark = pytest.mark.django_db


@dataclass
class Scene:
    world: Any
    nan_internal: ClusterEdition
    targets: dict[str, Target]


@pytest.fixture
def scene(world: Any) -> Scene:
    """Targets of HTI, NAN and THA in Cụm 6 (2026), of QBI in Cụm 6 (2024), and of NAN's own department
    NAN-PC02 in an internal cluster of Công an tỉnh Nghệ An (2026)."""
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

    def target(unit: str, edition: ClusterEdition, period: str) -> Target:
        return target_set(
            edition=edition,
            unit=u[unit],
            indicator=world.indicators["LAMRO"],
            period=world.periods[period],
            kind="absolute",
            value=100,
            actor=admin,
        )

    cum6 = world.editions[2026]
    targets = {
        "HTI": target("HTI", cum6, "2026S1"),
        "NAN": target("NAN", cum6, "2026S1"),
        "THA": target("THA", cum6, "2026S1"),
        "QBI-2024": target("QBI", world.editions[2024], "2024S1"),
        "NAN-PC02": target("NAN-PC02", internal, "2026S1"),
    }
    return Scene(world=world, nan_internal=internal, targets=targets)


def _visible(scene: Scene, user: Any, action: str = "view") -> set[str]:
    """Which of the scene's targets ``for_user`` lets through, by name."""
    names = {target.pk: name for name, target in scene.targets.items()}
    return {names[pk] for pk in Target.objects.for_user(user, action).values_list("pk", flat=True)}


def test_a_unit_officer_sees_only_its_own_units_targets(scene: Scene) -> None:
    officer = make_user(scene.world, "nhaplieu.hti", "unit_officer", unit="HTI")

    assert _visible(scene, officer) == {"HTI"}


def test_a_unit_officer_sees_its_cluster_peers_named_but_not_the_departments_inside_them(scene: Scene) -> None:
    officer = make_user(scene.world, "nhaplieu.hti", "unit_officer", unit="HTI")

    codes = set(OrgUnit.objects.for_user(officer).values_list("code", flat=True))

    assert {"HTI", "NAN", "THA"} <= codes
    assert not codes & {"NAN-PC02", "NAN-VINH", "NAN-BENTHUY", "NAN-HUNGDUNG", "BCA"}


def test_a_unit_officer_sees_the_editions_its_unit_is_a_member_of_and_no_other(scene: Scene) -> None:
    officer = make_user(scene.world, "nhaplieu.hti", "unit_officer", unit="HTI")

    editions = set(ClusterEdition.objects.for_user(officer))

    assert editions == set(scene.world.editions.values())
    assert scene.nan_internal not in editions
    assert not Cluster.objects.for_user(officer).filter(pk=scene.nan_internal.cluster_id).exists()


def test_the_secretariat_of_the_2026_edition_sees_its_members_targets_but_not_a_non_members(scene: Scene) -> None:
    secretariat = make_user(scene.world, "thuongtruc.cum6", "cluster_secretariat", edition_year=2026)

    visible = _visible(scene, secretariat)

    assert {"HTI", "NAN", "THA"} <= visible
    assert "QBI-2024" not in visible  # Quảng Bình is not a member of the 2026 edition
    assert "NAN-PC02" not in visible  # a department inside a member is not a member


def test_the_secretariat_reaches_its_own_edition_only(scene: Scene) -> None:
    secretariat = make_user(scene.world, "thuongtruc.cum6", "cluster_secretariat", edition_year=2026)

    access = access_for(secretariat)

    assert access.edition_ids_for("change", frozenset({Role.CLUSTER_SECRETARIAT})) == {scene.world.editions[2026].pk}
    assert not ClusterEdition.objects.for_user(secretariat).filter(pk=scene.nan_internal.pk).exists()


def test_the_secretariat_does_not_read_its_members_targets_of_other_years(scene: Scene) -> None:
    tha_2024 = target_set(
        edition=scene.world.editions[2024],
        unit=scene.world.units["THA"],
        indicator=scene.world.indicators["LAMRO"],
        period=scene.world.periods["2024S1"],
        kind="absolute",
        value=90,
        actor=scene.world.admin,
    )
    secretariat = make_user(scene.world, "thuongtruc.cum6", "cluster_secretariat", edition_year=2026)

    visible = set(Target.objects.for_user(secretariat).values_list("pk", flat=True))

    assert scene.targets["THA"].pk in visible
    assert tha_2024.pk not in visible


def test_an_office_whose_province_is_only_a_member_reads_the_edition_but_does_not_run_it(scene: Scene) -> None:
    office = make_user(scene.world, "pct.nan", "emulation_office", unit="NAN")
    cum6 = scene.world.editions[2026]

    assert ClusterEdition.objects.for_user(office).filter(pk=cum6.pk).exists()
    assert not ClusterEdition.objects.for_user(office, "change").filter(pk=cum6.pk).exists()
    assert not office.has_perm("indicators.manage_edition", cum6)
    assert office.has_perm("indicators.manage_edition", scene.nan_internal)


def test_the_emulation_office_of_nghe_an_sees_the_whole_nghe_an_subtree_and_nothing_else(scene: Scene) -> None:
    office = make_user(scene.world, "pct.nan", "emulation_office", unit="NAN")

    assert _visible(scene, office) == {"NAN", "NAN-PC02"}
    units = set(OrgUnit.objects.for_user(office, "change").values_list("code", flat=True))
    # The district police of Vinh was dissolved on 01/03/2025; its wards moved up to the province.
    assert units == {"NAN", "NAN-PC02", "NAN-VINH", "NAN-BENTHUY", "NAN-HUNGDUNG"}
    assert ClusterEdition.objects.for_user(office, "change").filter(pk=scene.nan_internal.pk).exists()


def test_an_auditor_can_view_its_subtree_but_change_nothing(scene: Scene) -> None:
    auditor = make_user(scene.world, "kiemtra.nan", "auditor", unit="NAN")

    assert _visible(scene, auditor) == {"NAN", "NAN-PC02"}
    assert _visible(scene, auditor, "change") == set()
    assert not OrgUnit.objects.for_user(auditor, "change").exists()
    assert not ClusterEdition.objects.for_user(auditor, "change").exists()
    assert ClusterEdition.objects.for_user(auditor).filter(pk=scene.nan_internal.pk).exists()


def test_an_auditor_cannot_set_a_target_even_inside_its_subtree(scene: Scene) -> None:
    auditor = make_user(scene.world, "kiemtra.nan", "auditor", unit="NAN")
    target = scene.targets["NAN-PC02"]

    with pytest.raises(Forbidden):
        target_set(
            edition=scene.nan_internal,
            unit=target.unit,
            indicator=target.indicator,
            period=target.period,
            kind="absolute",
            value=1,
            expected_version=1,
            actor=auditor,
        )

    target.refresh_from_db()
    assert (target.value, target.version) == (100, 1)


def test_a_user_without_a_role_sees_no_unit_no_edition_and_no_target(scene: Scene) -> None:
    nobody = user_create(username="khong.vai.tro", password=None, actor=scene.world.admin)

    assert _visible(scene, nobody) == set()
    assert not OrgUnit.objects.for_user(nobody).exists()
    assert not ClusterEdition.objects.for_user(nobody).exists()
    assert not Cluster.objects.for_user(nobody).exists()


def test_a_role_that_has_ended_gives_no_access(scene: Scene) -> None:
    former = user_create(username="da.chuyen.cong.tac", password=None, actor=scene.world.admin)
    role_assign(
        user=former,
        role="unit_officer",
        org_unit=scene.world.units["HTI"],
        valid_from=date(2020, 1, 1),
        valid_to=date(2021, 1, 1),
        actor=scene.world.admin,
    )

    assert _visible(scene, former) == set()


def test_a_deactivated_user_sees_nothing(scene: Scene) -> None:
    officer = make_user(scene.world, "nhaplieu.hti", "unit_officer", unit="HTI")
    officer.is_active = False

    assert _visible(scene, officer) == set()


def test_the_system_administrator_reads_every_target_but_changes_none(scene: Scene) -> None:
    admin = scene.world.admin

    assert _visible(scene, admin) == set(scene.targets)
    assert _visible(scene, admin, "change") == set()


def test_a_unit_officer_cannot_set_targets_for_its_own_unit(scene: Scene) -> None:
    officer = make_user(scene.world, "nhaplieu.hti", "unit_officer", unit="HTI")
    target = scene.targets["HTI"]

    with pytest.raises(Forbidden):
        target_set(
            edition=scene.world.editions[2026],
            unit=target.unit,
            indicator=target.indicator,
            period=target.period,
            kind="absolute",
            value=5,
            expected_version=1,
            actor=officer,
        )

    target.refresh_from_db()
    assert (target.value, target.version) == (100, 1)
