"""Demo data of the personnel app, loaded by ``thidua demo`` through the app's services.

About ten officers in each of the five Cụm 6 provinces and two Nghệ An departments (synthetic names), with postings
(the Ninh Bình and Quảng Bình officers move to the merged provinces on 01/07/2025; a few Nghệ An officers move to a
department in 2025), duty ratings 2021–2025, a few discipline records, initiatives, awards 2021–2024 and unit ratings
2021–2025. Storylines for the commendation pages: Nguyễn Văn Hùng (Nghệ An) holds Chiến sĩ thi đua cơ sở 2022–2024
in a row and an initiative of ministry scope; Trần Thị Lan's chain is broken by 2023; Phạm Quốc Toản moved from
Ninh Bình to the merged province with his chain. Registrations of 2026 in Cụm 6: some on time, Hà Tĩnh's not yet
submitted by its leader, Ninh Bình's recorded late by the office, Quảng Trị not registered at all; and a window
open now for Nghệ An's own units, so the Nghệ An officer has it under «Việc cần làm».
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from thidua.personnel import services
from thidua.personnel.models import Person

MERGER = date(2025, 7, 1)
YEARS = (2021, 2022, 2023, 2024, 2025)

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE_M = ("Văn", "Hữu", "Đức", "Quốc", "Minh", "Công", "Thanh", "Xuân")
MIDDLE_F = ("Thị", "Thu", "Ngọc", "Thanh", "Hồng")
GIVEN_M = ("Hùng", "Dũng", "Toản", "Thắng", "Long", "Nam", "Phúc", "Tài", "Sơn", "Hải", "Cường", "Khánh", "Trung")
GIVEN_F = ("Lan", "Hương", "Mai", "Hà", "Thảo", "Linh", "Trang", "Nga", "Yến")
POSITIONS = (
    ("dai_ta", "Phó Giám đốc"),
    ("thuong_ta", "Trưởng phòng"),
    ("trung_ta", "Phó Trưởng phòng"),
    ("thieu_ta", "Đội trưởng"),
    ("thieu_ta", "Phó Đội trưởng"),
    ("dai_uy", "Cán bộ"),
    ("thuong_uy", "Cán bộ"),
    ("trung_uy", "Cán bộ"),
    ("thieu_uy", "Cán bộ"),
    ("thuong_si", "Chiến sĩ"),
)
# unit code, number of officers, số hiệu prefix, where its people serve after 01/07/2025, director's name
UNITS = (
    ("CAT-NAN", 12, "NA", None, "Thiếu tướng Bùi Quang Thanh"),
    ("NAN-PC02", 9, "NA2", None, "Thiếu tướng Bùi Quang Thanh"),
    ("NAN-PX03", 8, "NA3", None, "Thiếu tướng Bùi Quang Thanh"),
    ("CAT-HTI", 10, "HT", None, "Đại tá Nguyễn Hồng Phong"),
    ("CAT-THA", 11, "TH", None, "Thiếu tướng Trần Phú Hà"),
    ("CAT-NBH", 10, "NB", "CAT-NBH-2025", "Đại tá Nguyễn Văn Thanh"),
    ("CAT-QBI", 9, "QB", "CAT-QTR-2025", "Đại tá Nguyễn Hữu Hợp"),
)
DEPARTMENTS = {"NAN-PC02", "NAN-PX03"}
STORIES = {
    ("CAT-NAN", 0): ("Nguyễn Văn Hùng", "male"),
    ("CAT-NAN", 1): ("Trần Thị Lan", "female"),
    ("CAT-NBH", 0): ("Phạm Quốc Toản", "male"),
}


def _name(loader: Any, index: int) -> tuple[str, str]:
    female = index % 3 == 2
    rnd = loader.random
    middle = rnd.choice(MIDDLE_F if female else MIDDLE_M)
    given = rnd.choice(GIVEN_F if female else GIVEN_M)
    return f"{rnd.choice(FAMILY)} {middle} {given}", "female" if female else "male"


def _rating(loader: Any, index: int, year: int) -> str:
    roll = loader.random.random()
    if index == 0 or roll < 0.25:
        return "excellent"
    if roll < 0.85:
        return "good"
    return "completed" if roll < 0.97 else "not_completed"


def _province_of(code: str, loader: Any) -> str:
    return str(loader.units["CAT-NAN"]) if code in DEPARTMENTS else str(loader.units[code])


def load(loader: Any) -> None:
    """Called once by ``thidua.core.demo`` inside the demo transaction; ``loader`` holds units, editions, people."""
    office = loader.people["ctct.bo"]
    units = loader.units
    decision_no = 100
    entries: list[services.PersonEntry] = []
    codes_by_unit: dict[str, list[str]] = {}
    for code, count, prefix, successor, director in UNITS:
        unit = units[code]
        issuer = f"Giám đốc {_province_of(code, loader)}"
        codes_by_unit[code] = []
        for index in range(count):
            name, gender = _name(loader, index)
            name, gender = STORIES.get((code, index), (name, gender))
            rank, position = POSITIONS[index % len(POSITIONS)]
            start = date(2015 + index % 5, 1 + index % 12, 1)
            postings = [services.PostingEntry(unit, rank, position, start)]
            moved_to, moved_on = None, None
            if successor is not None:
                moved_to, moved_on = units[successor], MERGER
            elif code == "CAT-NAN" and index in (4, 7):
                moved_to, moved_on = units["NAN-PC02"], date(2025, 3, 1)
            if moved_to is not None and moved_on is not None:
                postings = [
                    services.PostingEntry(unit, rank, position, start, moved_on),
                    services.PostingEntry(moved_to, rank, position, moved_on),
                ]
            ratings, awards = [], []
            for year in YEARS:
                rating = _rating(loader, index, year)
                if (code, index) == ("CAT-NAN", 1) and year == 2023:
                    rating = "completed"
                ratings.append((year, rating, f"Quyết định xếp loại năm {year}"))
                title = None if year == 2025 else _title_for(code, index, year, rating)
                if title is not None:
                    decision_no += 1
                    awards.append(
                        services.AwardEntry(
                            year=year,
                            award_code=title,
                            decision_number=f"{decision_no}/QĐ-CAT",
                            decision_date=date(year + 1, 1, 10 + index % 15),
                            signer=director,
                            issued_by=issuer,
                        )
                    )
            person_code = f"{prefix}-{1001 + index}"
            codes_by_unit[code].append(person_code)
            entries.append(
                services.PersonEntry(
                    code=person_code,
                    full_name=name,
                    birth_year=1968 + (index * 3) % 30,
                    gender=gender,
                    postings=tuple(postings),
                    ratings=tuple(ratings),
                    awards=tuple(awards),
                    discipline=_discipline(code, index, count),
                    innovations=_innovations(code, index),
                )
            )
    services.people_bulk_create(entries=entries, actor=office, reason="Dữ liệu mẫu hồ sơ cán bộ.")
    _unit_ratings(loader, office)
    people_by_unit = {code: [Person.objects.get(code=c) for c in codes[:3]] for code, codes in codes_by_unit.items()}
    _registrations(loader, people_by_unit)


def _title_for(code: str, index: int, year: int, rating: str) -> str | None:
    if (code, index) == ("CAT-NAN", 0) or (code, index) == ("CAT-NBH", 0):
        return "base_emulation_soldier" if year >= 2022 else "advanced_soldier"
    if (code, index) == ("CAT-NAN", 1):
        return None if year == 2023 else "base_emulation_soldier"
    if rating == "excellent" and index % 2 == 0:
        return "base_emulation_soldier"
    if rating in ("excellent", "good"):
        return "advanced_soldier"
    return None


def _innovations(code: str, index: int) -> tuple[tuple[str, str, int, str, str], ...]:
    if index == 0:
        name = (
            "Ứng dụng phần mềm quản lý hồ sơ thi đua, khen thưởng"
            if code == "CAT-NAN"
            else "Cải tiến quy trình tiếp nhận tin báo tội phạm"
        )
        scope = "ministry" if code == "CAT-NAN" else "base"
        return (("initiative", name, 2024, scope, "Quyết định công nhận sáng kiến năm 2024"),)
    if index == 3:
        kind = "research_topic" if code == "CAT-THA" else "initiative"
        return ((kind, "Giải pháp phối hợp phòng ngừa tội phạm trên không gian mạng", 2023, "base", ""),)
    return ()


def _discipline(code: str, index: int, count: int) -> tuple[tuple[int, str, str, date | None], ...]:
    if index != count - 1 or code not in ("CAT-THA", "CAT-HTI", "NAN-PC02"):
        return ()
    level = "warning" if code == "CAT-HTI" else "reprimand"
    year = 2023 if code == "NAN-PC02" else 2024
    return ((year, level, f"{count}/QĐ-KL", date(year, 5, 20)),)


def _unit_ratings(loader: Any, office: Any) -> None:
    units = loader.units
    for code in ("CAT-NAN", "CAT-HTI", "CAT-THA", "NAN-PC02", "NAN-PX03", "CAT-NBH", "CAT-QBI"):
        for year in YEARS:
            target = code
            if year == 2025 and code == "CAT-NBH":
                target = "CAT-NBH-2025"
            elif year == 2025 and code == "CAT-QBI":
                target = "CAT-QTR-2025"
            rating = "excellent" if loader.random.random() < 0.6 else "good"
            services.unit_rating_set(
                org_unit=units[target], year=year, rating=rating, decision=f"Xếp loại năm {year}", actor=office
            )
    for year, number in ((2023, "215/QĐ-BCA"), (2024, "198/QĐ-BCA")):
        services.award_record_create(
            org_unit=units["CAT-NAN"],
            year=year,
            award_code="determined_to_win_unit",
            award_name="",
            decision_number=number,
            decision_date=date(year + 1, 1, 22),
            signer="Thượng tướng Lê Quốc Hùng",
            issued_by="Bộ trưởng Bộ Công an",
            source="manual",
            actor=office,
        )


def _registrations(loader: Any, people_by_unit: dict[str, list[Any]]) -> None:
    units, people = loader.units, loader.people
    office = people["ctct.bo"]
    window = services.registration_window_create(
        year=2026,
        edition=loader.editions[("CUM6", 2026)],
        opens_on=date(2026, 1, 5),
        deadline=date(2026, 1, 31),
        note="Theo Hướng dẫn số 05/HD-X03 về đăng ký thi đua năm 2026 (dữ liệu mẫu).",
        actor=office,
    )
    plan = (
        ("CAT-NAN", "canbo.nghean", "lanhdao.nghean", "determined_to_win_unit", date(2026, 1, 12), True),
        ("CAT-THA", "canbo.thanhhoa", "lanhdao.thanhhoa", "advanced_unit", date(2026, 1, 20), True),
        ("CAT-HTI", "canbo.hatinh", None, "determined_to_win_unit", date(2026, 1, 28), False),
    )
    for code, officer_name, leader_name, title, day, _ in plan:
        unit = units[code]
        officer = people[officer_name]
        services.registration_create(window=window, org_unit=unit, award_code=title, today=day, actor=officer)
        for index, person in enumerate(people_by_unit[code][:3]):
            services.registration_create(
                window=window,
                org_unit=unit,
                person=person,
                award_code="base_emulation_soldier" if index == 0 else "advanced_soldier",
                today=day,
                actor=officer,
            )
        if leader_name:
            services.registration_submit(
                window=window, org_unit=unit, actor=people[leader_name], today=day + timedelta(days=1)
            )
    services.registration_create(
        window=window,
        org_unit=units["CAT-NBH-2025"],
        award_code="advanced_unit",
        reason="Công văn số 31/CAT-PX03 ngày 03/02/2026 đề nghị ghi nhận đăng ký muộn do sắp xếp tổ chức bộ máy.",
        today=date(2026, 2, 4),
        actor=office,
    )
    # An internal window open now for Nghệ An's units (the province's own emulation office opens it).
    today = timezone.localdate()
    year = today.year + 1 if today.month >= 10 else today.year
    services.registration_window_create(
        year=year,
        org_unit=units["CAT-NAN"],
        opens_on=today - timedelta(days=5),
        deadline=today + timedelta(days=25),
        note="Đăng ký thi đua trong Công an tỉnh Nghệ An (dữ liệu mẫu).",
        actor=people.get("px03.nghean", office),
    )
