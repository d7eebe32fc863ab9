"""A Cụm 6 scale for 2026S1 on top of ``cworld`` (with approved data for the quantitative criterion)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.core.testing import make_user
from thidua.scoring import services

MEMBERS = ("NBH2", "THA", "NAN", "HTI", "QTR2")
# Số vụ điều tra làm rõ (LAMRO): target, result per unit.
LAMRO = {"NBH2": (100, 120), "THA": (200, 200), "NAN": (150, 180), "HTI": (100, 50), "QTR2": (80, 88)}


def approve_lamro(world: Any, results: dict[str, tuple[int, int]] = LAMRO) -> None:
    """Each unit's 2026S1 report with its LAMRO result, submitted by its leader and approved by the secretariat."""
    from thidua.collection.services import submission_approve, submission_open, submission_submit, value_save
    from thidua.indicators.services import target_set

    for code, (target, actual) in results.items():
        unit = world.units[code]
        officer = world.users.get(f"{code.lower()}_officer") or make_user(
            world, f"{code.lower()}_officer", "unit_officer", unit=code
        )
        leader = world.users.get(f"{code.lower()}_leader") or make_user(
            world, f"{code.lower()}_leader", "unit_leader", unit=code
        )
        target_set(
            edition=world.editions[2026],
            unit=unit,
            indicator=world.indicators["LAMRO"],
            period=world.periods["2026S1"],
            kind="absolute",
            value=Decimal(target),
            actor=world.admin,
        )
        report = submission_open(unit=unit, data_set=world.data_set, period=world.periods["2026S1"], actor=officer)
        value_save(submission=report, indicator=world.indicators["LAMRO"], raw=str(actual), actor=officer)
        report.refresh_from_db()
        report = submission_submit(submission=report, expected_version=report.version, actor=leader)
        submission_approve(submission=report, expected_version=report.version, actor=world.users["secretariat"])


def build_scale(world: Any, *, publish: bool = True, with_data: bool = True) -> Any:
    """A 100-point scale: I. LAMRO (quantitative, 60) and a qualitative criterion (20); II. per occurrence (20);
    III. a bonus/deduction outside the total; criterion 1.2 not assigned to Hà Tĩnh."""
    if with_data:
        approve_lamro(world)
    actor = world.users["secretariat"]
    scale = services.scale_create(
        edition=world.editions[2026],
        period=world.periods["2026S1"],
        name="Thang điểm sơ kết 6 tháng đầu năm 2026",
        declared_total=100,
        actor=actor,
    )
    g1 = services.group_add(scale=scale, code="I", name="Kết quả công tác chuyên môn", declared_total=80, actor=actor)
    services.criterion_add(
        scale=scale,
        group=g1,
        code="1.1",
        name="Số vụ điều tra làm rõ",
        kind="quantitative",
        max_score=60,
        indicator=world.indicators["LAMRO"],
        actor=actor,
    )
    services.criterion_add(
        scale=scale, group=g1, code="1.2", name="Hoàn thành kế hoạch", kind="qualitative", max_score=20, actor=actor
    )
    g2 = services.group_add(scale=scale, code="II", name="Phong trào thi đua", actor=actor)
    services.criterion_add(
        scale=scale,
        group=g2,
        code="2.1",
        name="Mô hình hiệu quả",
        kind="per_occurrence",
        max_score=20,
        points_per_occurrence=5,
        actor=actor,
    )
    g3 = services.group_add(scale=scale, code="III", name="Điểm cộng, điểm trừ", actor=actor)
    services.criterion_add(
        scale=scale,
        group=g3,
        code="3.1",
        name="Khen thưởng, vi phạm",
        kind="bonus_deduction",
        max_score=5,
        min_score=-5,
        bonus_points=1,
        penalty_points=2,
        outside_total=True,
        actor=actor,
    )
    scale.refresh_from_db()
    services.criterion_not_assign(
        criterion=scale.nodes.get(code="1.2"), unit=world.units["HTI"], reason="Không giao", actor=actor
    )
    services.bands_set(scale=scale, bands=[("Xuất sắc", 90), ("Tốt", 75), ("Khá", 50), ("Trung bình", 0)], actor=actor)
    if publish:
        scale.refresh_from_db()
        scale = services.scale_publish(scale=scale, expected_version=scale.version, actor=actor)
    return scale
