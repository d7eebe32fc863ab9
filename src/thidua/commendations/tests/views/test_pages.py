"""The pages: another unit cannot see a dossier, the documents read back as .docx text, the rule sets and the
eligibility page show each criterion, the list exports, "việc cần làm" and the reports' read."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from django.test import Client
from django.urls import reverse
from docx import Document

from thidua.commendations import selectors, services
from thidua.commendations.models import CatalogueEntry, Dossier
from thidua.commendations.tests.worlds import KWorld, rate


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submitted(k: KWorld) -> Dossier:
    rate(k, "NA001", 2025, "good")
    d = services.dossier_create(
        unit=k.units["NAN"],
        year=2025,
        edition=k.editions[2025],
        summary="Đề nghị khen thưởng năm 2025",
        number="12/TTr-CAT-PX03",
        place="Nghệ An",
        signer="Đại tá Trần Văn Minh",
        signer_title="Phó Giám đốc",
        actor=k.users["canbo.nan"],
    )
    services.dossier_line_add(
        dossier=d,
        entry=CatalogueEntry.objects.get(code="advanced_soldier"),
        person=k.people["NA001"],
        achievement="Phá 3 chuyên án ma túy",
        attested={"abides_by_law": True, "takes_part_in_movement": True},
        expected_version=d.version,
        actor=k.users["canbo.nan"],
    )
    d.refresh_from_db()
    return services.dossier_submit(dossier=d, expected_version=d.version, actor=k.users["canbo.nan"])


def text_of(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_another_unit_cannot_see_a_dossier_but_the_cluster_can_once_sent(kworld: KWorld) -> None:
    k = kworld
    d = submitted(k)
    url = reverse("commendations:dossier", args=[d.pk])
    assert client_for(k.users["canbo.tha"]).get(url).status_code == 404
    assert (
        "Đề nghị khen thưởng năm 2025"
        not in client_for(k.users["canbo.tha"]).get(reverse("commendations:index")).content.decode()
    )
    page = client_for(k.users["thuongtruc"]).get(url)
    assert page.status_code == 200 and "Tiếp nhận" in page.content.decode()
    doc = reverse("commendations:document", args=[d.pk, "to-trinh"])
    assert client_for(k.users["canbo.tha"]).get(doc).status_code == 404


def test_a_draft_is_not_shown_to_the_cluster(kworld: KWorld) -> None:
    k = kworld
    d = services.dossier_create(
        unit=k.units["NAN"], year=2025, edition=k.editions[2025], summary="Bản nháp", actor=k.users["canbo.nan"]
    )
    assert client_for(k.users["thuongtruc"]).get(reverse("commendations:dossier", args=[d.pk])).status_code == 404


def test_documents_read_back(kworld: KWorld) -> None:
    k = kworld
    d = submitted(k)
    client = client_for(k.users["canbo.nan"])
    submission = text_of(client.get(reverse("commendations:document", args=[d.pk, "to-trinh"])).content)
    assert "TỜ TRÌNH" in submission and "Số: 12/TTr-CAT-PX03" in submission
    assert "Kính gửi: Thường trực Cụm thi đua số 6" in submission
    assert "Chiến sĩ tiên tiến: 1" in submission and "CÔNG AN TỈNH NGHỆ AN" in submission
    listing = text_of(client.get(reverse("commendations:document", args=[d.pk, "danh-sach"])).content)
    assert "DANH SÁCH TRÍCH NGANG" in listing and "Nguyễn Văn An" in listing
    assert "Thiếu tá" in listing and "Phá 3 chuyên án ma túy" in listing and "Đủ tiêu chuẩn" in listing
    minutes = text_of(client.get(reverse("commendations:document", args=[d.pk, "bien-ban"])).content)
    assert "BIÊN BẢN" in minutes and "Nguyễn Văn An — Chiến sĩ tiên tiến: Đủ tiêu chuẩn" in minutes
    assert "Đạt (Điều 24)" in minutes


def test_pages_walk_the_workflow_and_refusals_are_messages(kworld: KWorld) -> None:
    k = kworld
    d = submitted(k)
    secretariat = client_for(k.users["thuongtruc"])
    url = reverse("commendations:move", args=[d.pk, "tra-lai"])
    page = secretariat.post(url, {"phien_ban": d.version, "ly_do": ""}, follow=True)
    assert "phải ghi rõ lý do" in page.content.decode()
    page = secretariat.post(url, {"phien_ban": d.version, "ly_do": "Bổ sung biên bản"}, follow=True)
    assert "Bị trả lại" in page.content.decode()
    # A stale form is refused with the version message.
    page = client_for(k.users["canbo.nan"]).post(
        reverse("commendations:move", args=[d.pk, "gui"]), {"phien_ban": d.version}, follow=True
    )
    assert "phiên bản" in page.content.decode()


def test_rulesets_page_lists_basis_and_validity_and_exports(kworld: KWorld) -> None:
    client = client_for(kworld.users["canbo.nan"])
    page = client.get(reverse("commendations:rulesets")).content.decode()
    assert "Nghị định 98/2023/NĐ-CP" in page and "đến hết 30/06/2025" in page and "từ 01/07/2025" in page
    assert "Có trên 50% cán bộ, chiến sĩ đạt danh hiệu Chiến sĩ tiên tiến" in page
    assert "2.340.000 đồng" in page
    xlsx = client.get(reverse("commendations:rulesets") + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_eligibility_page_shows_each_criterion_with_article(kworld: KWorld) -> None:
    rate(kworld, "NA001", 2025, "good")
    client = client_for(kworld.users["canbo.nan"])
    page = client.get(
        reverse("commendations:eligibility"), {"so_hieu": "NA001", "danh_hieu": "advanced_soldier", "nam": "2025"}
    ).content.decode()
    assert "Điều 24" in page and "Đạt" in page and "Chưa xác định" in page
    outsider = (
        client_for(kworld.users["canbo.tha"])
        .get(reverse("commendations:eligibility"), {"so_hieu": "NA001", "danh_hieu": "advanced_soldier", "nam": "2025"})
        .content.decode()
    )
    assert "Không tìm thấy cán bộ số hiệu" in outsider


def test_todo_and_report_rows(kworld: KWorld) -> None:
    k = kworld
    d = submitted(k)
    assert selectors.todo(user=k.users["thuongtruc"]) == [
        (
            f"Tiếp nhận hồ sơ đề nghị khen thưởng của Công an tỉnh Nghệ An: «{d.summary}»",
            reverse("commendations:dossier", args=[d.pk]),
        )
    ]
    assert selectors.todo(user=k.users["canbo.tha"]) == []
    rows = selectors.proposals_for_report(units=[k.units["NAN"]], year=2025)
    assert [(r.candidate_name, r.unit_name, r.form_name, r.state_label) for r in rows] == [
        ("Nguyễn Văn An", "Công an tỉnh Nghệ An", "Chiến sĩ tiên tiến", "Đã gửi cụm thi đua")
    ]
    assert selectors.proposals_for_report(units=[k.units["NAN"]], year=2025, user=k.users["canbo.tha"]) == []


def test_index_exports_xlsx(kworld: KWorld) -> None:
    submitted(kworld)
    response = client_for(kworld.users["canbo.nan"]).get(reverse("commendations:index") + "?format=xlsx")
    assert response.status_code == 200 and "ho-so-de-nghi" in response["Content-Disposition"]


def test_years_and_numbers_never_get_a_thousands_dot(kworld: KWorld) -> None:
    """USE_THOUSAND_SEPARATOR would print the year 2025 as "2.025": years are codes, not quantities."""
    k = kworld
    d = submitted(k)
    office = client_for(k.users["thuongtruc"])
    pages = {
        "list": office.get(reverse("commendations:index")).content.decode(),
        "dossier": office.get(reverse("commendations:dossier", args=[d.pk])).content.decode(),
        "person": client_for(k.users["canbo.nan"])
        .get(reverse("personnel:person", args=[k.people["NA001"].pk]))
        .content.decode(),
    }
    for name, page in pages.items():
        for year in ("2.023", "2.024", "2.025", "2.026"):
            assert year not in page, (name, year)
    assert '<td class="num">2025</td>' in pages["list"]
    assert "· năm 2025 ·" in pages["dossier"]


def test_a_snapshot_taken_before_the_decision_calls_its_date_expected(kworld: KWorld) -> None:
    """The rule set of a dossier sent before any decision is chosen on today's date: the page must not present it
    as the decision's date (a decided dossier would otherwise show two different decision dates)."""
    k = kworld
    d = submitted(k)
    line = d.lines.get()
    assert "ngày quyết định khen thưởng dự kiến (chưa có quyết định)" in line.eligibility["note"]
    with_date = selectors.ruleset_choice(2025, date(2026, 1, 15))
    assert "dự kiến" not in with_date.note and "15/01/2026" in with_date.note
