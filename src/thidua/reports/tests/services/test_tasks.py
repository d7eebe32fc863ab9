"""Files built in the background: progress is visible, the file is kept with the data version it was built from."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.core.exceptions import Forbidden
from thidua.reports import builder, services
from thidua.reports.models import FileStatus, ReportFile

pytestmark = pytest.mark.django_db


def _run_worker() -> None:
    """What ``thidua worker`` does with each queued task (the database worker's own ``run_task``); the command's loop
    closes database connections between tasks, which a test transaction cannot survive."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    queued = list(DBTaskResult.objects.ready())
    assert queued, "the request queued no background task"
    for result in queued:
        worker.run_task(result)
        result.refresh_from_db()
        assert result.status == "SUCCESSFUL", result.exception_class_path


def test_the_worker_builds_a_queued_file_with_progress_and_data_version(
    rworld: Any, fake_sources: None, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    seen: list[int] = []
    original = services._set_progress

    def spy(file_id: int, percent: int) -> None:
        seen.append(percent)
        original(file_id, percent)

    monkeypatch.setattr(services, "_set_progress", spy)
    with django_capture_on_commit_callbacks(execute=True):
        queued = services.report_file_request(draft=rworld.draft, file_format="docx", actor=rworld.users["secretariat"])
    assert ReportFile.objects.get(pk=queued.pk).status == FileStatus.QUEUED
    _run_worker()
    built = ReportFile.objects.get(pk=queued.pk)
    assert built.status == FileStatus.DONE, built.error
    assert built.progress == 100 and seen == sorted(seen) and len(seen) >= 5
    assert bytes(built.content).startswith(b"PK") and built.filename.endswith(".docx")
    assert built.data_version == builder.data_version(rworld.draft)


def test_a_kept_file_is_older_than_the_data_once_the_draft_changes(rworld: Any, fake_sources: None) -> None:
    secretariat = rworld.users["secretariat"]
    built = services.report_file_build_now(draft=rworld.draft, file_format="xlsx", actor=secretariat)
    assert built.data_version == builder.data_version(rworld.draft)
    changed = services.report_draft_update(
        draft=rworld.draft, expected_version=rworld.draft.version, actor=secretariat, proposals="Kiến nghị mới."
    )
    assert built.data_version != builder.data_version(changed)


def test_a_failed_build_says_why_in_vietnamese(rworld: Any, fake_sources: None, monkeypatch: Any) -> None:
    from thidua.reports import convert

    monkeypatch.setattr(convert, "soffice_path", lambda: None)
    built = services.report_file_build_now(draft=rworld.draft, file_format="pdf", actor=rworld.users["secretariat"])
    assert built.status == FileStatus.FAILED and "chưa cài LibreOffice" in built.error
    assert not built.content


def test_only_writers_may_request_a_file(rworld: Any) -> None:
    for username in ("bca_auditor", "nan_officer"):
        with pytest.raises(Forbidden):
            services.report_file_request(draft=rworld.draft, file_format="docx", actor=rworld.users[username])
    assert not ReportFile.objects.exists()
