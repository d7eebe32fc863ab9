"""A world for the commendations tests: the shared world (Cụm 6, the 2025 mergers), the DOMAIN.md catalogue and
rule sets, people of Nghệ An with ratings, awards and an initiative, and users for every step."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from thidua.core.testing import World, build_world, make_user


@dataclass
class KWorld:
    world: World
    people: dict[str, Any] = field(default_factory=dict)

    @property
    def units(self) -> dict[str, Any]:
        return self.world.units

    @property
    def users(self) -> dict[str, Any]:
        return self.world.users

    @property
    def editions(self) -> dict[int, Any]:
        return self.world.editions


def build_kworld() -> KWorld:
    from thidua.commendations.services import catalogue_load_defaults
    from thidua.personnel import services as personnel

    world = build_world()
    make_user(world, "canbo.nan", "unit_officer", unit="NAN")
    make_user(world, "lanhdao.nan", "unit_leader", unit="NAN")
    make_user(world, "canbo.tha", "unit_officer", unit="THA")
    make_user(world, "canbo.nbh2", "unit_officer", unit="NBH2")
    make_user(world, "thuongtruc", "cluster_secretariat", edition_year=2025)
    make_user(world, "ctct", "emulation_office", unit="BCA")
    make_user(world, "ctct2", "emulation_office", unit="BCA")
    office = world.users["ctct"]
    catalogue_load_defaults(actor=office)
    k = KWorld(world)
    nan = world.units["NAN"]
    for code, name in [("NA001", "Nguyễn Văn An"), ("NA002", "Trần Thị Bình"), ("NA003", "Lê Văn Cường")]:
        k.people[code] = personnel.person_create(
            code=code,
            full_name=name,
            org_unit=nan,
            rank="thieu_ta",
            position="Cán bộ",
            valid_from=date(2015, 1, 1),
            actor=office,
        )
    return k


def rate(k: KWorld, code: str, year: int, rating: str) -> None:
    from thidua.personnel.services import duty_rating_set

    duty_rating_set(person=k.people[code], year=year, rating=rating, actor=k.users["ctct"])


def award(k: KWorld, year: int, award_code: str, *, person: str | None = None, unit: str | None = None) -> None:
    from thidua.personnel.services import award_record_create

    award_record_create(
        person=k.people[person] if person else None,
        org_unit=k.units[unit] if unit else None,
        year=year,
        award_code=award_code,
        award_name="",
        decision_number=f"{year}/QĐ-{award_code[:6]}-{person or unit}",
        decision_date=date(year + 1, 1, 15),
        signer="Giám đốc",
        issued_by="Công an tỉnh",
        source="manual",
        actor=k.users["ctct"],
    )
