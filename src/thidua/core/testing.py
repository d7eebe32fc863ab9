"""Test helpers: a small but real world built through the services (units over time, the 2025
mergers, Cụm 6 editions, indicators, periods, users for every role)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

LONG_AGO = date(2000, 1, 1)
DISTRICTS_END = date(2025, 3, 1)
MERGER = date(2025, 7, 1)


@dataclass
class World:
    admin: Any
    units: dict[str, Any] = field(default_factory=dict)
    editions: dict[int, Any] = field(default_factory=dict)
    indicators: dict[str, Any] = field(default_factory=dict)
    periods: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    cluster: Any = None
    data_set: Any = None


def make_admin(username: str = "admin") -> Any:
    from thidua.accounts.services import role_assign, user_create

    admin = user_create(
        username=username,
        password="Mat-khau-dai-2026",
        full_name="Quản trị",
        is_superuser=True,
        check_password=False,
        actor=None,
    )
    role_assign(user=admin, role="system_admin", valid_from=LONG_AGO, actor=None)
    return admin


def make_user(
    world: World, username: str, role: str, *, unit: str | None = None, edition_year: int | None = None
) -> Any:
    from thidua.accounts.services import role_assign, user_create

    user = user_create(
        username=username, password="Mat-khau-dai-2026", full_name=username, check_password=False, actor=world.admin
    )
    role_assign(
        user=user,
        role=role,
        org_unit=world.units[unit] if unit else None,
        cluster_edition=world.editions[edition_year] if edition_year else None,
        valid_from=LONG_AGO,
        actor=world.admin,
    )
    world.users[username] = user
    return user


def build_world() -> World:
    """BCA; provinces NBH, THA, NAN, HTI, QBI, HNA, NDI, QTR; NAN has a district (ends 01/03/2025) with two
    communes; on 01/07/2025 HNA+NDI+NBH -> NBH2 and QBI+QTR -> QTR2; Cụm 6 editions 2024, 2025, 2026."""
    from thidua.indicators.services import indicator_create, period_ensure
    from thidua.organisations.services import (
        Member,
        cluster_create,
        cluster_edition_create,
        org_unit_create,
        units_dissolve,
        units_merge,
    )

    world = World(admin=make_admin())
    actor = world.admin

    def unit(code: str, unit_type: str, name: str, parent: str | None) -> Any:
        world.units[code] = org_unit_create(
            code=code,
            unit_type=unit_type,
            name=name,
            parent=world.units[parent] if parent else None,
            valid_from=LONG_AGO,
            actor=actor,
        )
        return world.units[code]

    unit("BCA", "ministry", "Bộ Công an", None)
    for code, name in [
        ("NBH", "Ninh Bình"),
        ("THA", "Thanh Hóa"),
        ("NAN", "Nghệ An"),
        ("HTI", "Hà Tĩnh"),
        ("QBI", "Quảng Bình"),
        ("HNA", "Hà Nam"),
        ("NDI", "Nam Định"),
        ("QTR", "Quảng Trị"),
    ]:
        unit(code, "provincial_police", f"Công an tỉnh {name}", "BCA")
    unit("NAN-PC02", "provincial_division", "Phòng Cảnh sát hình sự", "NAN")
    unit("NAN-VINH", "district_police", "Công an thành phố Vinh", "NAN")
    unit("NAN-BENTHUY", "ward_police", "Công an phường Bến Thủy", "NAN-VINH")
    unit("NAN-HUNGDUNG", "ward_police", "Công an phường Hưng Dũng", "NAN-VINH")
    units_dissolve(
        units=[world.units["NAN-VINH"]], effective=DISTRICTS_END, children_to=world.units["NAN"], actor=actor
    )
    world.units["NBH2"] = units_merge(
        predecessors=[world.units[c] for c in ("HNA", "NDI", "NBH")],
        successor_code="NBH2",
        successor_name="Công an tỉnh Ninh Bình",
        unit_type="provincial_police",
        parent=world.units["BCA"],
        effective=MERGER,
        actor=actor,
    )
    world.units["QTR2"] = units_merge(
        predecessors=[world.units[c] for c in ("QBI", "QTR")],
        successor_code="QTR2",
        successor_name="Công an tỉnh Quảng Trị",
        unit_type="provincial_police",
        parent=world.units["BCA"],
        effective=MERGER,
        actor=actor,
    )
    world.cluster = cluster_create(
        number=6, name="Cụm thi đua số 6", level="ministry", owner=world.units["BCA"], actor=actor
    )
    u = world.units
    world.editions[2024] = cluster_edition_create(
        cluster=world.cluster,
        year=2024,
        members=[u["NBH"], u["THA"], u["NAN"], u["HTI"], u["QBI"]],
        leader=u["NAN"],
        deputy=u["HTI"],
        selection_method="elected",
        basis="Biên bản ngày 25/01/2024",
        actor=actor,
    )
    world.editions[2025] = cluster_edition_create(
        cluster=world.cluster,
        year=2025,
        members=[
            Member(u["NBH"], None, MERGER),
            Member(u["QBI"], None, MERGER),
            u["THA"],
            u["NAN"],
            u["HTI"],
            Member(u["NBH2"], MERGER, None),
            Member(u["QTR2"], MERGER, None),
        ],
        leader=u["HTI"],
        deputy=u["THA"],
        selection_method="elected",
        actor=actor,
    )
    world.editions[2026] = cluster_edition_create(
        cluster=world.cluster,
        year=2026,
        members=[u["NBH2"], u["THA"], u["NAN"], u["HTI"], u["QTR2"]],
        leader=u["QTR2"],
        deputy=u["NBH2"],
        selection_method="elected",
        actor=actor,
    )
    world.indicators["XAYRA"] = indicator_create(
        code="XAYRA",
        name="Số vụ phạm tội về trật tự xã hội xảy ra",
        unit_of_measure="vụ",
        value_type="count",
        direction="lower",
        actor=actor,
    )
    world.indicators["LAMRO"] = indicator_create(
        code="LAMRO", name="Số vụ điều tra làm rõ", unit_of_measure="vụ", value_type="count", actor=actor
    )
    world.indicators["TLKP"] = indicator_create(
        code="TLKP",
        name="Tỷ lệ điều tra khám phá",
        unit_of_measure="%",
        value_type="rate",
        numerator=world.indicators["LAMRO"],
        denominator=world.indicators["XAYRA"],
        actor=actor,
    )
    for code in ("2024S1", "2024", "2025S1", "2025", "2026S1", "2026"):
        world.periods[code] = period_ensure(code=code, actor=actor)
    return world


def add_collection(world: World) -> World:
    """On top of ``build_world``: Cụm 6's 2026 half-year data set (XAYRA, LAMRO, TLKP; XAYRA broken down by
    severity), its entry window for 2026S1, the rule LAMRO <= XAYRA, and people for every step:
    nan_officer, nan_leader (Nghệ An), hti_officer, hti_leader (Hà Tĩnh), secretariat (Cụm 6, 2026),
    bca_office (emulation office over BCA), bca_auditor."""
    from thidua.collection.services import entry_window_set, validation_rule_create
    from thidua.indicators.models import Indicator
    from thidua.indicators.services import data_set_create, disaggregation_create

    actor = world.admin
    severity = disaggregation_create(
        code="MUCDO",
        name="Mức độ nghiêm trọng",
        options=[("IT", "Ít nghiêm trọng"), ("NT", "Nghiêm trọng")],
        actor=actor,
    )
    xayra = world.indicators["XAYRA"]
    xayra.disaggregations.add(severity)
    world.indicators["XAYRA"] = Indicator.objects.get(pk=xayra.pk)
    world.periods["2026S2"] = _period("2026S2", actor)
    edition = world.editions[2026]
    world.data_set = data_set_create(
        edition=edition,
        code="6THANG",
        name="Bộ chỉ tiêu sơ kết 6 tháng",
        period_kind="half_year",
        items=[
            (world.indicators["XAYRA"], "I. Phòng, chống tội phạm"),
            (world.indicators["LAMRO"], "I. Phòng, chống tội phạm"),
            (world.indicators["TLKP"], "I. Phòng, chống tội phạm"),
        ],
        actor=actor,
    )
    entry_window_set(
        data_set=world.data_set,
        period=world.periods["2026S1"],
        opens_on=date(2025, 12, 15),
        deadline=date(2026, 6, 20),
        actor=actor,
    )
    validation_rule_create(
        code="LAMRO-LE-XAYRA",
        name="Số vụ làm rõ không vượt số vụ xảy ra",
        left="LAMRO",
        operator="<=",
        right="XAYRA",
        actor=actor,
    )
    make_user(world, "nan_officer", "unit_officer", unit="NAN")
    make_user(world, "nan_leader", "unit_leader", unit="NAN")
    make_user(world, "hti_officer", "unit_officer", unit="HTI")
    make_user(world, "hti_leader", "unit_leader", unit="HTI")
    make_user(world, "secretariat", "cluster_secretariat", edition_year=2026)
    make_user(world, "bca_office", "emulation_office", unit="BCA")
    make_user(world, "bca_auditor", "auditor", unit="BCA")
    return world


def _period(code: str, actor: Any) -> Any:
    from thidua.indicators.services import period_ensure

    return period_ensure(code=code, actor=actor)
