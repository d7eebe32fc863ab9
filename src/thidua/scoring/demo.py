"""Demo data of the scoring app, loaded by ``thidua demo`` through the app's services.

Cụm 6's 100-point scale (four criterion types, quantitative criteria on the demo indicators, two criteria not
assigned to some units): 2024S1 fully scored, approved and locked; 2025 (year) approved, the merged provinces
compared with their predecessors' 2024 figures (restated); 2026S1 in progress (some units self-scoring, one
explanation requested).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.scoring import services
from thidua.scoring.models import Scale, Scorecard

SECRETARIAT = "thuongtruc.cum6"
OFFICE = "ctct.bo"
# Who self-scores (officer) and who submits (leader) for each province.
PEOPLE = {
    "CAT-NBH": ("canbo.ninhbinh", "lanhdao.ninhbinh"),
    "CAT-NBH-2025": ("canbo.ninhbinh", "lanhdao.ninhbinh"),
    "CAT-QBI": ("canbo.quangtri", "lanhdao.quangtri"),
    "CAT-QTR-2025": ("canbo.quangtri", "lanhdao.quangtri"),
    "CAT-THA": ("canbo.thanhhoa", "lanhdao.thanhhoa"),
    "CAT-NAN": ("canbo.nghean", "lanhdao.nghean"),
    "CAT-HTI": ("canbo.hatinh", "lanhdao.hatinh"),
}

# code, name, kind, max score, extra (indicator code, or per-occurrence points, or (bonus, penalty, min))
TREE = [
    (
        "I",
        "Kết quả thực hiện các chỉ tiêu thi đua «Vì an ninh Tổ quốc»",
        60,
        [
            ("1.1", "Tỷ lệ điều tra khám phá tội phạm về trật tự xã hội", "quantitative", 20, "TTXH-TLKP"),
            ("1.2", "Kéo giảm số vụ phạm tội về trật tự xã hội so với cùng kỳ", "quantitative", 15, "TTXH-XAYRA"),
            ("1.3", "Số đối tượng bắt giữ", "quantitative", 15, "DOITUONG-BATGIU"),
            ("1.4", "Số tài khoản định danh điện tử mức 2 được kích hoạt (Đề án 06)", "quantitative", 10, "VNEID-MUC2"),
        ],
    ),
    (
        "II",
        "Công tác tổ chức phong trào thi đua",
        30,
        [
            ("2.1", "Ban hành kế hoạch, hướng dẫn thi đua kịp thời", "qualitative", 10, None),
            ("2.2", "Sơ kết, tổng kết, báo cáo đúng thời hạn", "qualitative", 10, None),
            ("2.3", "Mô hình hiệu quả, cách làm hay được nhân rộng (2 điểm mỗi mô hình)", "per_occurrence", 10, 2),
        ],
    ),
    (
        "III",
        "Tham gia hoạt động của cụm thi đua",
        10,
        [
            ("3.1", "Tham gia đầy đủ các hoạt động do cụm tổ chức", "qualitative", 5, None),
            ("3.2", "Đăng cai, tổ chức hội nghị, hoạt động chung của cụm", "qualitative", 5, None),
        ],
    ),
    (
        "IV",
        "Điểm thưởng, điểm trừ (ngoài thang điểm)",
        None,
        [
            ("4.1", "Thưởng: được khen đột xuất; trừ: cán bộ vi phạm kỷ luật", "bonus_deduction", 5, (1, 2, -5)),
        ],
    ),
]
BANDS = [("Xuất sắc", 90), ("Tốt", 80), ("Khá", 65), ("Trung bình", 50), ("Yếu", 0)]
# Criterion 3.2 (hosting the cluster's events) is assigned to the leader and the deputy only.
HOSTS = {2024: ("CAT-NAN", "CAT-HTI"), 2025: ("CAT-HTI", "CAT-THA"), 2026: ("CAT-QTR-2025", "CAT-NBH-2025")}


def load(loader: Any) -> None:
    """Called once by ``thidua.core.demo`` inside the demo transaction; ``loader`` holds units, editions, people."""
    if Scale.objects.filter(edition=loader.editions[("CUM6", 2024)]).exists():
        return
    # The demo's cluster secretariat serves 2024 to 2026 (its scope in core/demo/data.py), so 2024S1 can be scored.
    secretariat = loader.people[SECRETARIAT]

    first = _build_scale(loader, 2024, "2024S1")
    _score_period(loader, first, finish="locked")

    year = services.scale_copy(
        source=first,
        edition=loader.editions[("CUM6", 2025)],
        period=loader.periods["2025"],
        name="Thang điểm chấm điểm thi đua năm 2025 — Cụm thi đua số 6",
        actor=secretariat,
    )
    _finish_scale(loader, year, 2025)
    _score_period(loader, year, finish="approved")

    current = services.scale_copy(
        source=year,
        edition=loader.editions[("CUM6", 2026)],
        period=loader.periods["2026S1"],
        name="Thang điểm chấm điểm thi đua 6 tháng đầu năm 2026 — Cụm thi đua số 6",
        actor=secretariat,
    )
    _finish_scale(loader, current, 2026)
    _score_in_progress(loader, current)


def _build_scale(loader: Any, year: int, period_code: str) -> Scale:
    secretariat = loader.people[SECRETARIAT]
    scale = services.scale_create(
        edition=loader.editions[("CUM6", year)],
        period=loader.periods[period_code],
        name="Thang điểm chấm điểm thi đua 6 tháng đầu năm 2024 — Cụm thi đua số 6",
        declared_total=100,
        basis="Giao ước thi đua Cụm 6 ký ngày 25/01/2024 (dữ liệu mẫu)",
        actor=secretariat,
    )
    for code, name, total, criteria in TREE:
        group = services.group_add(scale=scale, code=code, name=name, declared_total=total, actor=secretariat)
        for c_code, c_name, kind, max_score, extra in criteria:
            options: dict[str, Any] = {}
            if kind == "quantitative":
                options["indicator"] = loader.indicators[extra]
            elif kind == "per_occurrence":
                options["points_per_occurrence"] = extra
            elif kind == "bonus_deduction":
                bonus, penalty, minimum = extra
                options.update(bonus_points=bonus, penalty_points=penalty, min_score=minimum, outside_total=True)
            services.criterion_add(
                scale=scale,
                group=group,
                code=c_code,
                name=c_name,
                kind=kind,
                max_score=max_score,
                actor=secretariat,
                **options,
            )
    services.bands_set(scale=scale, bands=BANDS, actor=secretariat)
    _finish_scale(loader, scale, year)
    return Scale.objects.get(pk=scale.pk)


def _finish_scale(loader: Any, scale: Scale, year: int) -> None:
    """Criteria not assigned (3.2 only for the hosts), then publish."""
    from thidua.organisations.selectors import edition_members_on

    secretariat = loader.people[SECRETARIAT]
    scale.refresh_from_db()
    hosting = scale.nodes.get(code="3.2")
    for row in hosting.not_assigned.select_related("unit"):  # a copy carries last year's marks
        services.criterion_assign(criterion=hosting, unit=row.unit, actor=secretariat)
    closing = min(scale.period.end, date(year, 12, 31))
    for unit in edition_members_on(scale.edition, closing):
        if unit.code not in HOSTS[year]:
            services.criterion_not_assign(
                criterion=hosting, unit=unit, reason="Không đăng cai hoạt động của cụm trong năm", actor=secretariat
            )
    scale.refresh_from_db()
    services.scale_publish(scale=scale, expected_version=scale.version, actor=secretariat)


def _self_score(loader: Any, card: Scorecard) -> Scorecard:
    officer = loader.people[PEOPLE[card.unit.code][0]]
    rnd = loader.random
    for row in card.scores.select_related("criterion").order_by("criterion__order"):
        node = row.criterion
        if node.kind == "qualitative":
            card = services.self_score_set(
                card=card,
                criterion=node,
                achieved=rnd.random() < 0.85,
                note="Có văn bản kèm theo (dữ liệu mẫu)",
                expected_version=card.version,
                actor=officer,
            )
        elif node.kind == "per_occurrence":
            card = services.self_score_set(
                card=card, criterion=node, count=rnd.randint(2, 6), expected_version=card.version, actor=officer
            )
        elif node.kind == "bonus_deduction":
            card = services.self_score_set(
                card=card,
                criterion=node,
                bonus_count=rnd.randint(0, 3),
                penalty_count=rnd.choice([0, 0, 1]),
                expected_version=card.version,
                actor=officer,
            )
    return card


def _score_period(loader: Any, scale: Scale, *, finish: str) -> None:
    """Every unit self-scores and submits; the cluster adjusts one score, asks one explanation, approves all."""
    secretariat, office = loader.people[SECRETARIAT], loader.people[OFFICE]
    cards = list(Scorecard.objects.filter(scale=scale).select_related("unit").order_by("unit__code"))
    for card in cards:
        card = _self_score(loader, card)
        leader = loader.people[PEOPLE[card.unit.code][1]]
        services.scorecard_submit(card=card, expected_version=card.version, actor=leader)
    for position, card in enumerate(cards):
        card.refresh_from_db()
        if position == 0:
            node = scale.nodes.get(code="2.3")
            row = card.scores.get(criterion=node)
            card = services.cluster_score_set(
                card=card,
                criterion=node,
                score=max((row.self_score or 0) - 2, 0),
                comment="Một mô hình chưa có văn bản công nhận của cấp có thẩm quyền",
                expected_version=card.version,
                actor=secretariat,
            )
        if position == 1:
            node = scale.nodes.get(code="2.2")
            card = services.explanation_request(
                card=card,
                criterion=node,
                text="Đề nghị giải trình việc gửi báo cáo sơ kết chậm 2 ngày",
                expected_version=card.version,
                actor=secretariat,
            )
            officer = loader.people[PEOPLE[card.unit.code][0]]
            card = services.explanation_give(
                card=card,
                criterion=node,
                text="Báo cáo đã gửi đúng hạn qua hệ thống; bản giấy gửi sau (dữ liệu mẫu)",
                expected_version=card.version,
                actor=officer,
            )
        card.refresh_from_db()
        card = services.scorecard_approve(card=card, expected_version=card.version, actor=secretariat)
        if finish == "locked":
            services.scorecard_lock(card=card, expected_version=card.version, actor=office)


def _score_in_progress(loader: Any, scale: Scale) -> None:
    """2026S1: Thanh Hóa and Nghệ An have self-scored (Nghệ An submitted and asked to explain), others not yet."""
    secretariat = loader.people[SECRETARIAT]
    for code in ("CAT-THA", "CAT-NAN"):
        card = Scorecard.objects.get(scale=scale, unit=loader.units[code])
        card = _self_score(loader, card)
        if code == "CAT-NAN":
            leader = loader.people[PEOPLE[code][1]]
            card = services.scorecard_submit(card=card, expected_version=card.version, actor=leader)
            services.explanation_request(
                card=card,
                criterion=scale.nodes.get(code="2.3"),
                text="Đề nghị gửi quyết định công nhận các mô hình hiệu quả đã kê khai",
                expected_version=card.version,
                actor=secretariat,
            )
