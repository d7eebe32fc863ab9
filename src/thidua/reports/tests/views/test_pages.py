"""The report pages as each role meets them: scoped lists, the editor for writers only, stale saves refused, files
built with visible progress and downloaded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.reports.models import ReportDraft, ReportFile
from thidua.reports.services import report_file_build_now

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_secretariat_edits_the_narrative_in_the_browser(rworld: Any) -> None:
    draft = rworld.draft
    client = _client(rworld.users["secretariat"])
    page = client.get(reverse("reports:draft", args=[draft.pk]))
    assert page.status_code == 200 and "Các phần tường thuật" in page.content.decode()
    response = client.post(
        reverse("reports:draft", args=[draft.pk]),
        {"phien_ban": draft.version, "number": "07/BC-CTĐ", "issued_on": "20/06/2026", "situation": "Ổn định."},
    )
    assert response.status_code == 302
    saved = ReportDraft.objects.get(pk=draft.pk)
    assert saved.situation == "Ổn định." and saved.number == "07/BC-CTĐ" and saved.version == draft.version + 1


def test_a_stale_save_in_the_browser_is_refused_and_keeps_what_was_typed(rworld: Any) -> None:
    draft = rworld.draft
    client = _client(rworld.users["secretariat"])
    client.post(reverse("reports:draft", args=[draft.pk]), {"phien_ban": draft.version, "situation": "Lần một."})
    response = client.post(
        reverse("reports:draft", args=[draft.pk]), {"phien_ban": draft.version, "situation": "Lần hai, bản cũ."}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "người khác sửa" in body and "Lần hai, bản cũ." in body
    assert ReportDraft.objects.get(pk=draft.pk).situation == "Lần một."


def test_members_read_the_cluster_report_but_cannot_edit_it(rworld: Any) -> None:
    draft = rworld.draft
    client = _client(rworld.users["nan_officer"])
    page = client.get(reverse("reports:draft", args=[draft.pk]))
    assert page.status_code == 200 and "Các phần tường thuật" not in page.content.decode()
    client.post(reverse("reports:draft", args=[draft.pk]), {"phien_ban": draft.version, "situation": "Sửa trộm."})
    assert ReportDraft.objects.get(pk=draft.pk).situation != "Sửa trộm."
    client.post(reverse("reports:build", args=[draft.pk]), {"dinh_dang": "docx"})
    assert not ReportFile.objects.exists()


def test_another_units_report_is_out_of_reach(rworld: Any) -> None:
    unit_draft = rworld.unit_draft
    assert _client(rworld.users["hti_officer"]).get(reverse("reports:draft", args=[unit_draft.pk])).status_code == 404
    assert _client(rworld.users["nan_leader"]).get(reverse("reports:draft", args=[unit_draft.pk])).status_code == 200
    # The unit's report is sent to the cluster: its secretariat reads it, without editing it.
    page = _client(rworld.users["secretariat"]).get(reverse("reports:draft", args=[unit_draft.pk]))
    assert page.status_code == 200 and "Các phần tường thuật" not in page.content.decode()
    listed = _client(rworld.users["hti_officer"]).get(reverse("reports:index")).content.decode()
    assert reverse("reports:draft", args=[unit_draft.pk]) not in listed


def test_the_list_exports_to_xlsx(rworld: Any) -> None:
    response = _client(rworld.users["secretariat"]).get(reverse("reports:index") + "?format=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_building_queues_a_file_whose_progress_row_polls_until_done(
    rworld: Any, fake_sources: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(rworld.users["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:build", args=[rworld.draft.pk]), {"dinh_dang": "docx"})
    queued = ReportFile.objects.get()
    assert queued.task_id
    row = client.get(reverse("reports:file_status", args=[queued.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in row and "Đang chờ" in row
    # Download only once built.
    assert client.get(reverse("reports:download", args=[queued.pk])).status_code == 404


def test_a_finished_file_downloads_and_is_marked_stale_after_the_data_changes(rworld: Any, fake_sources: None) -> None:
    secretariat = rworld.users["secretariat"]
    built = report_file_build_now(draft=rworld.draft, file_format="docx", actor=secretariat)
    client = _client(secretariat)
    response = client.get(reverse("reports:download", args=[built.pk]))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert 'filename="bao-cao-so-ket-CUM6-2026S1.docx"' in response["Content-Disposition"]
    page = client.get(reverse("reports:draft", args=[rworld.draft.pk])).content.decode()
    assert "Cũ hơn dữ liệu hiện tại" not in page
    client.post(
        reverse("reports:draft", args=[rworld.draft.pk]), {"phien_ban": rworld.draft.version, "situation": "Mới."}
    )
    page = client.get(reverse("reports:draft", args=[rworld.draft.pk])).content.decode()
    assert "Cũ hơn dữ liệu hiện tại" in page
    # Members read the cluster report, so they may download its files.
    assert _client(rworld.users["nan_officer"]).get(reverse("reports:download", args=[built.pk])).status_code == 200


def test_the_secretariat_starts_a_report_from_the_list(rworld: Any) -> None:
    client = _client(rworld.users["secretariat"])
    page = client.get(reverse("reports:index")).content.decode()
    assert "Lập báo cáo mới" in page
    edition = rworld.editions[2026]
    response = client.post(reverse("reports:create"), {"bao_cao": f"{edition.pk}:", "ky": rworld.periods["2026"].pk})
    created = ReportDraft.objects.get(kind="tong_ket", edition=edition, unit=None)
    assert response.status_code == 302 and response["Location"] == reverse("reports:draft", args=[created.pk])
