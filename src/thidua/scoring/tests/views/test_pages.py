"""Scoring pages: permissions (another unit's officer neither sees nor changes a scorecard), steps, exports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.scoring.models import Scorecard
from thidua.scoring.tests.factories import build_scale

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _card(world, scale, code):
    return Scorecard.objects.get(scale=scale, unit=world.units[code])


def test_another_units_officer_cannot_see_or_change_a_scorecard(cworld, client):
    scale = build_scale(cworld)
    card = _card(cworld, scale, "NAN")
    client.force_login(cworld.users["hti_officer"])
    assert client.get(reverse("scoring:scorecard", args=[card.pk])).status_code == 404
    node = scale.nodes.get(code="2.1")
    response = client.post(
        reverse("scoring:scorecard_step", args=[card.pk, "tu-cham"]),
        {"version": card.version, "tieu_chi": node.pk, "so_lan": "3"},
    )
    assert response.status_code == 404
    assert card.scores.get(criterion=node).self_score is None


def test_officer_self_scores_through_the_page(cworld, client):
    scale = build_scale(cworld)
    card = _card(cworld, scale, "NAN")
    client.force_login(cworld.users["nan_officer"])
    page = client.get(reverse("scoring:scorecard", args=[card.pk]))
    assert page.status_code == 200
    assert "Phiếu chấm điểm thi đua" in page.content.decode()
    node = scale.nodes.get(code="2.1")
    response = client.post(
        reverse("scoring:scorecard_step", args=[card.pk, "tu-cham"]),
        {"version": card.version, "tieu_chi": node.pk, "so_lan": "3"},
        follow=True,
    )
    assert "Đã lưu điểm tự chấm." in response.content.decode()
    assert str(card.scores.get(criterion=node).self_score) == "15.00"
    stale = client.post(
        reverse("scoring:scorecard_step", args=[card.pk, "tu-cham"]),
        {"version": card.version, "tieu_chi": node.pk, "so_lan": "1"},
        follow=True,
    )
    assert "phiên bản" in stale.content.decode()
    assert str(card.scores.get(criterion=node).self_score) == "15.00"


def test_officer_cannot_approve_through_the_page(cworld, client):
    scale = build_scale(cworld)
    card = _card(cworld, scale, "NAN")
    client.force_login(cworld.users["nan_officer"])
    response = client.post(reverse("scoring:scorecard_step", args=[card.pk, "duyet"]), {"version": card.version})
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.state == "draft"


def test_ranking_page_shows_tie_break_and_exports(cworld, client):
    build_scale(cworld)
    client.force_login(cworld.users["secretariat"])
    url = reverse("scoring:ranking", args=[cworld.editions[2026].pk, "2026S1"])
    page = client.get(url).content.decode()
    assert "bằng điểm thì đơn vị có điểm nhóm I cao hơn xếp trên" in page
    assert "Xuất sắc" in page
    export = client.get(url + "?format=xlsx")
    assert export["Content-Type"] == XLSX
    assert "Kỳ khác" not in page  # the edition has no other published scale: no empty "other periods" line


def test_scale_page_shows_totals_check_and_exports(cworld, client):
    scale = build_scale(cworld, with_data=False)
    client.force_login(cworld.users["nan_officer"])
    page = client.get(reverse("scoring:scale", args=[scale.pk])).content.decode()
    assert "cộng lại đúng 100 điểm" in page
    assert client.get(reverse("scoring:scale", args=[scale.pk]) + "?format=xlsx")["Content-Type"] == XLSX
    assert client.get(reverse("scoring:index")).status_code == 200


def test_secretariat_copies_a_scale_from_the_page_and_an_officer_cannot(cworld, client):
    from thidua.scoring.models import Scale

    scale = build_scale(cworld, with_data=False)
    target = f"{cworld.editions[2026].pk}:{cworld.periods['2026'].pk}"
    client.force_login(cworld.users["nan_officer"])
    page = client.get(reverse("scoring:scale", args=[scale.pk])).content.decode()
    assert "Sao chép thang điểm này" not in page
    client.post(reverse("scoring:scale_copy", args=[scale.pk]), {"dich": target})
    assert Scale.objects.count() == 1
    client.force_login(cworld.users["secretariat"])
    assert "Sao chép thang điểm này" in client.get(reverse("scoring:scale", args=[scale.pk])).content.decode()
    response = client.post(reverse("scoring:scale_copy", args=[scale.pk]), {"dich": target}, follow=True)
    assert "Đã sao chép thang điểm" in response.content.decode()
    copy = Scale.objects.exclude(pk=scale.pk).get()
    assert copy.period == cworld.periods["2026"] and copy.state == "draft"


def test_secretariat_builds_a_scale_in_the_pages(cworld, client):
    from thidua.scoring.models import Scale

    client.force_login(cworld.users["secretariat"])
    target = f"{cworld.editions[2026].pk}:{cworld.periods['2026S1'].pk}"
    response = client.post(
        reverse("scoring:scale_create"), {"dich": target, "ten": "Thang điểm thử", "tong_diem": "1.000"}, follow=True
    )
    assert "Đã tạo thang điểm" in response.content.decode()
    scale = Scale.objects.get()
    assert scale.declared_total == 1000
    edit = lambda part, data: client.post(  # noqa: E731 - a short local helper
        reverse("scoring:scale_edit", args=[scale.pk, part]), data, follow=True
    ).content.decode()
    edit("nhom", {"ma": "I", "ten": "Chuyên môn", "tong_diem": "1.000"})
    group = scale.nodes.get(code="I")
    page = edit(
        "tieu-chi",
        {
            "nhom": group.pk,
            "ma": "1.1",
            "ten": "Làm rõ",
            "loai": "quantitative",
            "diem_toi_da": "600",
            "chi_tieu": cworld.indicators["LAMRO"].pk,
        },
    )
    assert "Đã lưu thay đổi" in page
    page = edit(
        "tieu-chi", {"nhom": group.pk, "ma": "1.2", "ten": "Kế hoạch", "loai": "qualitative", "diem_toi_da": "300"}
    )
    assert "khai báo 1.000 điểm nhưng các tiêu chí cộng lại được 900 điểm" in page
    page = edit("xep-loai", {"muc": "Xuất sắc: 90\nTốt: 75"})
    assert "Xuất sắc: từ 90%" in page
    page = edit("khong-giao", {"tieu_chi": scale.nodes.get(code="1.2").pk, "don_vi": cworld.units["HTI"].pk})
    assert "Công an tỉnh Hà Tĩnh" in page
    client.force_login(cworld.users["nan_officer"])
    assert (
        client.post(reverse("scoring:scale_edit", args=[scale.pk, "nhom"]), {"ma": "II", "ten": "X"}).status_code == 302
    )
    assert not scale.nodes.filter(code="II").exists()
