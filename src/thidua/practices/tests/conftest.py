from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def pworld(world: Any) -> Any:
    """``world`` with the people of the registry: Nghệ An's officer and leader, Hà Tĩnh's officer, Cụm 6's 2026
    secretariat and the emulation office over the ministry."""
    from thidua.core.testing import make_user

    make_user(world, "nan_officer", "unit_officer", unit="NAN")
    make_user(world, "nan_leader", "unit_leader", unit="NAN")
    make_user(world, "hti_officer", "unit_officer", unit="HTI")
    make_user(world, "secretariat", "cluster_secretariat", edition_year=2026)
    make_user(world, "bca_office", "emulation_office", unit="BCA")
    return world
