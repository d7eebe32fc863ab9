"""Fixtures of the reports tests: Cụm 6's world, and stand-ins for the selectors other apps provide."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest


def fake_results(
    *, units: list[Any], period: Any, indicators: Any = None, restated: bool = False, user: Any = None
) -> list[Any]:
    from thidua.organisations.selectors import unit_names_on

    names = unit_names_on(units, period.end)
    rows = []
    for i, (indicator, unit) in enumerate([("Số vụ điều tra làm rõ", "vụ"), ("Tỷ lệ điều tra khám phá", "%")]):
        for j, org in enumerate(units):
            target = Decimal(1000 + 100 * j) if unit == "vụ" else Decimal(80)
            actual = target * Decimal("1.0" + str(j)) + i
            rows.append(
                SimpleNamespace(
                    unit_name=names[org.pk],
                    indicator=SimpleNamespace(name=indicator, unit_of_measure=unit),
                    target=target,
                    actual=actual,
                    percent_of_target=actual / target * 100,
                    last_year=actual - 12,
                    change=Decimal(12),
                    change_percent=Decimal(12) / (actual - 12) * 100,
                )
            )
    return rows


def fake_ranking(*, edition: Any, period: Any, user: Any = None) -> list[Any]:
    return [
        SimpleNamespace(
            rank=1,
            unit_name="Công an tỉnh Nghệ An",
            approved_total=Decimal("95.5"),
            max_total=Decimal(100),
            percent=Decimal("95.5"),
            band="Xuất sắc",
            state_label="Đã duyệt",
        ),
        SimpleNamespace(
            rank=2,
            unit_name="Công an tỉnh Hà Tĩnh",
            approved_total=Decimal(90),
            max_total=Decimal(100),
            percent=Decimal(90),
            band="Tốt",
            state_label="Đã duyệt",
        ),
    ]


class _Practice(SimpleNamespace):
    def get_kind_display(self) -> str:
        return "Mô hình hiệu quả"


def fake_practices(*, units: list[Any], period: Any, user: Any = None) -> list[Any]:
    return [
        _Practice(
            title="Camera an ninh khu dân cư",
            unit="Công an tỉnh Nghệ An",
            unit_id=None,
            description="Lắp 1.200 camera",
            results="Giảm 15% số vụ trộm cắp",
        )
    ]


def fake_proposals(*, units: list[Any], year: int, user: Any = None) -> list[Any]:
    return [
        SimpleNamespace(
            candidate_name="Công an tỉnh Nghệ An",
            unit_name="Công an tỉnh Nghệ An",
            form_name="Cờ thi đua của Bộ Công an",
            state_label="Đang xét",
        )
    ]


FAKES = {
    "thidua.analytics.selectors.indicator_results": fake_results,
    "thidua.scoring.selectors.cluster_ranking": fake_ranking,
    "thidua.practices.selectors.practices_for_report": fake_practices,
    "thidua.commendations.selectors.proposals_for_report": fake_proposals,
}


@pytest.fixture
def fake_sources(monkeypatch: Any) -> None:
    """The other apps' report selectors replaced by fixed rows (their own tests cover them)."""
    for target, fake in FAKES.items():
        monkeypatch.setattr(target, fake)


@pytest.fixture
def rworld(cworld: Any) -> Any:
    """``cworld`` plus a sơ kết 2026S1 draft of Cụm 6 with its narrative, and a Nghệ An unit report draft."""
    from thidua.reports.services import report_draft_create, report_draft_update

    secretariat = cworld.users["secretariat"]
    draft = report_draft_create(
        kind="so_ket", edition=cworld.editions[2026], period=cworld.periods["2026S1"], actor=secretariat
    )
    draft = report_draft_update(
        draft=draft,
        expected_version=draft.version,
        actor=secretariat,
        number="05/BC-CTĐ",
        issued_on=__import__("datetime").date(2026, 6, 5),
        place="Quảng Trị",
        signer_name="Nguyễn Văn A",
        situation="Tình hình an ninh chính trị ổn định.\nTội phạm hình sự giảm.",
        assessment="Ưu điểm: các đơn vị hoàn thành chỉ tiêu.",
        direction="Tiếp tục tấn công trấn áp tội phạm.",
        proposals="Đề nghị Bộ tăng cường trang bị.",
    )
    cworld.draft = draft
    cworld.unit_draft = report_draft_create(
        kind="so_ket",
        edition=cworld.editions[2026],
        period=cworld.periods["2026S1"],
        unit=cworld.units["NAN"],
        actor=cworld.users["nan_officer"],
    )
    return cworld
