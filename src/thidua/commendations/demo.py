"""Demo data of the commendations app, loaded by ``thidua demo`` through the app's services.

The DOMAIN.md catalogue and rule sets (Luật 06/2022/QH15 with Nghị định 98/2023/NĐ-CP until 30/06/2025 and Nghị
định 152/2025/NĐ-CP from 01/07/2025: the 2025 dossiers are judged, and their caps checked, under the latter), and
Cụm 6's 2025 dossiers in several states: a draft (Thanh Hóa), one sent to the cluster (Hà Tĩnh), one returned with a
reason (Quảng Trị), one approved by the office (Ninh Bình) and one decided (Nghệ An, sent straight to the office).

The candidates are the officers of the personnel demo (loaded before this one; its award history stops at 2024), so
each line's eligibility is judged on their real history. In Nghệ An's decided dossier:

* Nguyễn Văn Hùng (NA-1001), Chiến sĩ thi đua cơ sở 2022–2024 with a ministry-scope initiative in 2025, is eligible
  for Chiến sĩ thi đua cấp Bộ and approved; Dương Thị Linh (NA-1003) is eligible for Chiến sĩ tiên tiến and approved.
* Every line the eligibility finds short («Không đủ tiêu chuẩn») is refused by the office line by line, the reason
  being the first criterion it misses, and no award is written for it: Trần Thị Lan (NA-1002, proposed for Chiến sĩ
  thi đua cơ sở, has no 2025 initiative; her 2023 rating also broke her chain), Vũ Thị Thảo (NA-1006, rated below
  "hoàn thành tốt nhiệm vụ") and Nghệ An itself (Đơn vị quyết thắng: too few of its members hold Chiến sĩ tiên tiến).
* The dossier carries a cap warning (warn mode, it does not block): with no 2025 award in the history, the unit's
  Chiến sĩ tiên tiến of the year are the three people of the dossier (two proposed for it, one proposed for Chiến sĩ
  thi đua cơ sở, who must hold it too), and 15% of 3 rounds down to 0 Chiến sĩ thi đua cơ sở.

The decision writes the approved lines' awards into the personnel history with reward money on the decision date's
base salary, and the decision document lists them. Ninh Bình's Phạm Quốc Toản (NB-1001) carries his chain from the
old Ninh Bình into the merged province.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.commendations import services
from thidua.commendations.models import CatalogueEntry, Dossier

YEAR = 2025
SUMMARY = "Đề nghị khen thưởng tổng kết công tác năm 2025"
ATTESTED = {"abides_by_law": True, "takes_part_in_movement": True}
UNIT_ATTESTED = {
    "takes_part_in_movement": True,
    "internal_solidarity": True,
    "clean_strong_organisations": True,
    "thrift_and_anti_corruption": True,
}
# Unit code, officer, candidates: (số hiệu of a personnel demo officer, or None for the unit itself; title or form).
UNITS: dict[str, tuple[str, list[tuple[str | None, str]]]] = {
    "CAT-NAN": (
        "canbo.nghean",
        [
            ("NA-1001", "ministry_emulation_soldier"),
            ("NA-1002", "base_emulation_soldier"),
            ("NA-1003", "advanced_soldier"),
            ("NA-1006", "advanced_soldier"),
            (None, "determined_to_win_unit"),
        ],
    ),
    "CAT-HTI": ("canbo.hatinh", [("HT-1001", "base_emulation_soldier"), ("HT-1002", "advanced_soldier")]),
    "CAT-THA": ("canbo.thanhhoa", [("TH-1001", "base_emulation_soldier"), ("TH-1002", "advanced_soldier")]),
    "CAT-QTR-2025": ("canbo.quangtri", [("QB-1001", "advanced_soldier")]),
    "CAT-NBH-2025": ("canbo.ninhbinh", [("NB-1001", "ministry_emulation_soldier"), ("NB-1002", "advanced_soldier")]),
}


# 2025 initiatives recognised for the two officers proposed for Chiến sĩ thi đua cấp Bộ (their 2022–2024 chains are
# in the personnel demo; the review year needs its own initiative).
INITIATIVES_2025 = {
    "NA-1001": "Quy trình số hóa hồ sơ đề nghị khen thưởng trong Công an tỉnh",
    "NB-1001": "Mô hình phối hợp tiếp nhận tin báo tội phạm sau hợp nhất tỉnh",
}


def _initiatives(loader: Any) -> None:
    from thidua.personnel.models import Person
    from thidua.personnel.services import innovation_create

    for code, name in INITIATIVES_2025.items():
        person = Person.objects.get(code=code)
        if not person.innovations.filter(year=YEAR).exists():
            innovation_create(
                person=person,
                kind="initiative",
                name=name,
                year=YEAR,
                scope="ministry",
                decision="Quyết định công nhận sáng kiến năm 2025 (dữ liệu minh họa)",
                actor=loader.people["ctct.bo"],
            )


def _dossier(loader: Any, code: str, *, via_cluster: bool) -> Dossier:
    from thidua.personnel.models import Person

    officer_name, candidates = UNITS[code]
    unit = loader.units[code]
    officer = loader.people[officer_name]
    dossier = services.dossier_create(
        unit=unit,
        year=YEAR,
        edition=loader.editions[("CUM6", YEAR)] if via_cluster else None,
        summary=SUMMARY,
        place=str(unit).removeprefix("Công an tỉnh "),
        signer="Đại tá (ký tên)",
        signer_title="KT. Giám đốc / Phó Giám đốc",
        meeting_date=date(2026, 1, 8),
        meeting_chair="Phó Giám đốc phụ trách",
        meeting_secretary="Cán bộ Phòng Công tác đảng và công tác chính trị",
        meeting_attendance="Hội đồng thi đua, khen thưởng Công an tỉnh (9/9 thành viên)",
        actor=officer,
    )
    for person_code, title in candidates:
        dossier.refresh_from_db()
        person = Person.objects.get(code=person_code) if person_code else None
        services.dossier_line_add(
            dossier=dossier,
            entry=CatalogueEntry.objects.get(code=title),
            person=person,
            org_unit=None if person else unit,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025 (dữ liệu minh họa)",
            attested=ATTESTED if person else UNIT_ATTESTED,
            expected_version=dossier.version,
            actor=officer,
        )
    dossier.refresh_from_db()
    return dossier


def _submit(loader: Any, code: str, dossier: Dossier) -> Dossier:
    return services.dossier_submit(
        dossier=dossier, expected_version=dossier.version, actor=loader.people[UNITS[code][0]]
    )


def load(loader: Any) -> None:
    """Called once by ``thidua.core.demo`` inside the demo transaction; ``loader`` holds units, editions, people."""
    services.catalogue_load_defaults(actor=loader.admin)
    if Dossier.objects.filter(year=YEAR, summary=SUMMARY).exists():
        return
    secretariat, office = loader.people["thuongtruc.cum6"], loader.people["ctct.bo"]
    _initiatives(loader)

    _dossier(loader, "CAT-THA", via_cluster=True)

    _submit(loader, "CAT-HTI", _dossier(loader, "CAT-HTI", via_cluster=True))

    returned = _submit(loader, "CAT-QTR-2025", _dossier(loader, "CAT-QTR-2025", via_cluster=True))
    services.dossier_return(
        dossier=returned,
        reason="Thiếu biên bản họp xét của Hội đồng thi đua, khen thưởng; đề nghị bổ sung và gửi lại.",
        expected_version=returned.version,
        actor=secretariat,
    )

    approved = _submit(loader, "CAT-NBH-2025", _dossier(loader, "CAT-NBH-2025", via_cluster=True))
    approved = services.dossier_accept(dossier=approved, expected_version=approved.version, actor=secretariat)
    approved = services.dossier_forward(dossier=approved, expected_version=approved.version, actor=secretariat)
    services.dossier_approve(dossier=approved, expected_version=approved.version, actor=office)

    decided = _submit(
        loader,
        "CAT-NAN",
        _dossier(loader, "CAT-NAN", via_cluster=False),
    )
    # The office judges candidate by candidate: every line the eligibility found short is refused ("Không duyệt"),
    # with the first criterion it misses as the reason; approving the dossier then approves the others, and the
    # decision writes awards only for those.
    for line in decided.lines.order_by("order"):
        if line.eligibility_status == "not_eligible":
            missed = next(r for r in line.eligibility["results"] if r["met"] is False)
            decided.refresh_from_db()
            services.dossier_line_verdict(
                line=line,
                verdict="refused",
                reason=f"Chưa đạt tiêu chuẩn ({missed['article']}): {missed['requirement']}."[:500],
                expected_version=decided.version,
                actor=office,
            )
    decided.refresh_from_db()
    decided = services.dossier_approve(dossier=decided, expected_version=decided.version, actor=office)
    services.dossier_decide(
        dossier=decided,
        decision_number="125/QĐ-BCA-X03",
        decision_date=date(2026, 1, 20),
        signer="Thứ trưởng (ký tên)",
        issued_by="Bộ Công an",
        expected_version=decided.version,
        actor=office,
    )
