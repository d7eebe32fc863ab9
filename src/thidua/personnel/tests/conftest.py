"""People for the personnel tests: officers, leaders, the emulation office and an auditor on top of ``world``."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.core.testing import make_user


@pytest.fixture
def pworld(world: Any) -> Any:
    make_user(world, "canbo.nan", "unit_officer", unit="NAN")
    make_user(world, "lanhdao.nan", "unit_leader", unit="NAN")
    make_user(world, "canbo.hti", "unit_officer", unit="HTI")
    make_user(world, "lanhdao.hti", "unit_leader", unit="HTI")
    make_user(world, "vanphong.bca", "emulation_office", unit="BCA")
    make_user(world, "kiemtra.bca", "auditor", unit="BCA")
    make_user(world, "thuongtruc.cum6", "cluster_secretariat", edition_year=2026)
    return world


@pytest.fixture
def officer(pworld: Any) -> Any:
    """An officer of Nghệ An (số hiệu 123-456), posted since 2020."""
    from thidua.personnel.services import person_create

    return person_create(
        code="123-456",
        full_name="Nguyễn Văn An",
        birth_year=1985,
        gender="male",
        org_unit=pworld.units["NAN"],
        rank="thieu_ta",
        position="Phó Trưởng phòng",
        valid_from=date(2020, 1, 1),
        actor=pworld.users["canbo.nan"],
    )
