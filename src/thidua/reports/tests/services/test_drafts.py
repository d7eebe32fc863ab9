"""Drafts: who writes them, what they accept, stale edits refused, every change audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden, StaleEdit
from thidua.core.models import AuditEvent
from thidua.reports.models import ReportDraft
from thidua.reports.services import report_draft_create, report_draft_update

pytestmark = pytest.mark.django_db


def test_a_stale_edit_is_refused_and_changes_nothing(rworld: Any) -> None:
    draft = rworld.draft
    secretariat = rworld.users["secretariat"]
    old = draft.version
    report_draft_update(draft=draft, expected_version=old, actor=secretariat, situation="Bản của người thứ nhất.")
    with pytest.raises(StaleEdit):
        report_draft_update(draft=draft, expected_version=old, actor=secretariat, situation="Bản cũ ghi đè.")
    assert ReportDraft.objects.get(pk=draft.pk).situation == "Bản của người thứ nhất."


def test_every_edit_is_audited_with_before_and_after(rworld: Any) -> None:
    draft = rworld.draft
    report_draft_update(
        draft=draft, expected_version=draft.version, actor=rworld.users["secretariat"], direction="Hướng mới."
    )
    event = AuditEvent.objects.filter(action="report_draft.update", object_id=str(draft.pk)).last()
    assert event is not None and event.actor_username == "secretariat"
    assert event.after["direction"] == "Hướng mới." and event.before["direction"] != "Hướng mới."


def test_only_the_editions_secretariat_writes_the_cluster_report(rworld: Any) -> None:
    draft = rworld.draft
    for username in ("nan_officer", "nan_leader", "bca_office", "bca_auditor"):
        with pytest.raises(Forbidden):
            report_draft_update(
                draft=draft, expected_version=draft.version, actor=rworld.users[username], situation="x"
            )
    with pytest.raises(Forbidden):
        report_draft_update(draft=draft, expected_version=draft.version, actor=rworld.admin, situation="x")


def test_a_units_report_is_written_by_its_own_people_only(rworld: Any) -> None:
    draft = rworld.unit_draft
    saved = report_draft_update(
        draft=draft, expected_version=draft.version, actor=rworld.users["nan_leader"], situation="Nghệ An."
    )
    assert saved.situation == "Nghệ An."
    for username in ("hti_officer", "secretariat"):
        with pytest.raises(Forbidden):
            report_draft_update(
                draft=saved, expected_version=saved.version, actor=rworld.users[username], situation="x"
            )
    with pytest.raises(Forbidden):
        report_draft_create(
            kind="so_ket",
            edition=rworld.editions[2026],
            period=rworld.periods["2026S1"],
            unit=rworld.units["NAN"],
            actor=rworld.users["hti_officer"],
        )


def test_period_must_match_the_kind_and_the_year(rworld: Any) -> None:
    secretariat = rworld.users["secretariat"]
    with pytest.raises(DomainError, match="cần kỳ báo cáo năm"):
        report_draft_create(
            kind="tong_ket", edition=rworld.editions[2026], period=rworld.periods["2026S1"], actor=secretariat
        )
    with pytest.raises(DomainError, match="không thuộc năm 2026"):
        report_draft_create(
            kind="so_ket", edition=rworld.editions[2026], period=rworld.periods["2025S1"], actor=secretariat
        )


def test_one_cluster_report_per_kind_and_period(rworld: Any) -> None:
    with pytest.raises(DomainError, match="đã có báo cáo"):
        report_draft_create(
            kind="so_ket",
            edition=rworld.editions[2026],
            period=rworld.periods["2026S1"],
            actor=rworld.users["secretariat"],
        )


def test_a_malformed_document_number_is_refused_by_name(rworld: Any) -> None:
    draft = rworld.draft
    with pytest.raises(DomainError, match="«05-BC» không đúng dạng") as caught:
        report_draft_update(
            draft=draft, expected_version=draft.version, actor=rworld.users["secretariat"], number="05-BC"
        )
    assert caught.value.field == "number"
    assert ReportDraft.objects.get(pk=draft.pk).number == "05/BC-CTĐ"


def test_text_is_stored_nfc(rworld: Any) -> None:
    import unicodedata

    draft = rworld.draft
    nfd = unicodedata.normalize("NFD", "Đánh giá chung")
    saved = report_draft_update(
        draft=draft,
        expected_version=draft.version,
        actor=rworld.users["secretariat"],
        assessment=nfd,
        issued_on=date(2026, 6, 20),
    )
    assert saved.assessment == unicodedata.normalize("NFC", "Đánh giá chung")
