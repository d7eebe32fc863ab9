"""Scoring in a real Chromium (issue 4): the officer self-scores and attaches evidence, the leader submits, the
secretariat changes one score and approves, and the ranking shows the approved total. Served by a live server on the
``cworld`` data with the scale of ``scoring.tests.factories``."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.helpers import PDF, SCRIPT_ERRORS, click_and_wait, needs_chromium, signed_in

pytestmark = needs_chromium


@pytest.fixture
def scale(server: str, cworld: Any) -> tuple[int, dict[str, int]]:
    """Cụm 6's 2026S1 scale, published, built before the browser starts (no database calls from its event loop)."""
    from thidua.scoring.models import Scorecard
    from thidua.scoring.tests.factories import build_scale

    built = build_scale(cworld)
    card = Scorecard.objects.get(scale=built, unit=cworld.units["NAN"])
    return card.pk, {n.code: n.pk for n in built.nodes.all()}


def test_self_score_cluster_score_approval_and_ranking(server: str, scale: Any, browser: Any) -> None:
    card_pk, nodes = scale
    url = f"{server}/cham-diem/phieu/{card_pk}/"

    officer = signed_in(browser, server, "nan_officer")
    officer.goto(url)
    assert "Đơn vị đang tự chấm" in officer.inner_text("#trang-thai")
    officer.select_option(f"#tc-{nodes['1.2']} select[name=dat]", "1")
    click_and_wait(officer, f"#tc-{nodes['1.2']} button:has-text('Lưu tự chấm')")
    officer.fill(f"#tc-{nodes['2.1']} input[name=so_lan]", "3")
    click_and_wait(officer, f"#tc-{nodes['2.1']} button:has-text('Lưu tự chấm')")
    officer.fill(f"#tc-{nodes['3.1']} input[name=so_lan_cong]", "1")
    click_and_wait(officer, f"#tc-{nodes['3.1']} button:has-text('Lưu tự chấm')")
    officer.set_input_files(
        f"#tc-{nodes['2.1']} input[name=tep]",
        files=[{"name": "mo-hinh.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    click_and_wait(officer, f"#tc-{nodes['2.1']} button:has-text('Đính kèm')")
    assert "mo-hinh.pdf" in officer.inner_text(f"#tc-{nodes['2.1']}")
    assert "Tự chấm: 96" in officer.inner_text("body")  # 60 + 20 + 15 + 1

    leader = signed_in(browser, server, "nan_leader")
    leader.goto(url)
    click_and_wait(leader, "button:has-text('Gửi phiếu tự chấm lên cụm')")
    assert "Đã gửi, cụm đang chấm" in leader.inner_text("#trang-thai")

    secretariat = signed_in(browser, server, "secretariat")
    secretariat.goto(url)
    secretariat.fill(f"#tc-{nodes['2.1']} input[name=diem]", "10")
    secretariat.fill(f"#tc-{nodes['2.1']} input[name=nhan_xet]", "Một mô hình chưa được công nhận")
    click_and_wait(secretariat, f"#tc-{nodes['2.1']} button:has-text('Lưu')")
    click_and_wait(secretariat, "button:has-text('Duyệt điểm')")
    assert "Đã duyệt điểm" in secretariat.inner_text("#trang-thai")
    assert secretariat.inner_text("#diem-duyet") == "91"

    click_and_wait(secretariat, "text=Bảng xếp hạng")
    first = secretariat.inner_text("#xep-hang tbody tr >> nth=0")
    assert "Nghệ An" in first and "91" in first and first.startswith("1")
    assert "bằng điểm thì đơn vị có điểm nhóm I cao hơn xếp trên" in secretariat.inner_text("body")
    assert not SCRIPT_ERRORS
