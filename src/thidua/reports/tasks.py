"""Background tasks of the reports app (django-tasks; ``thidua worker`` runs them in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_report_file(file_id: int) -> int:
    """Build one queued report file; its progress and result are kept on the ``ReportFile`` row."""
    from thidua.reports.services import report_file_build

    return report_file_build(file_id=file_id).pk
