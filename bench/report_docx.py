"""Bench: the half-year report (báo cáo sơ kết) of a 15-unit cluster with 150 indicators as .docx (DESIGN.md target:
under 2 s).

Builds (or reuses) a cluster of 15 provinces with 150 indicators, their 2026S1 targets, and approved reports for 2026S1
and 2025S1 (the same period last year): structure and workflow through the services, the 2 x 2,250 values inserted in
bulk before each report is submitted and approved through the services (so the approved totals are refreshed as in
production). Then times, beside baselines from the same run:

- the whole build as ``thidua report`` and the background task do it (``services.build_bytes``: every figure read
  through the other apps' selectors, charts, the .docx written), unscoped and on behalf of the secretariat;
- of which: gathering the document model (data reads + charts) and rendering the .docx from it;
- baseline: python-docx writing a document with the same tables cell by cell (``add_table`` / ``cell.text``), no data
  reads at all: what a straightforward implementation costs for the writing alone.

    THIDUA_DATA_DIR=/tmp/thidua_bench_report python bench/report_docx.py
    THIDUA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/thidua_bench_report python bench/report_docx.py
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django

UNITS = 15
INDICATORS = 150
CLUSTER_NUMBER = 926
PREFIX = "RP"


def build() -> Any:
    """The bench cluster with two periods of approved data and its sơ kết draft; reused when already there."""
    from datetime import date

    from django.utils import timezone

    from thidua.accounts.services import role_assign, user_create
    from thidua.collection.models import DataValue
    from thidua.collection.services import submission_approve, submission_open, submission_submit
    from thidua.core.testing import make_admin
    from thidua.indicators.models import Target
    from thidua.indicators.services import data_set_create, indicator_create, period_ensure
    from thidua.organisations.models import Cluster
    from thidua.organisations.services import cluster_create, cluster_edition_create
    from thidua.reports.models import ReportDraft
    from thidua.reports.services import report_draft_create, report_draft_update

    existing = ReportDraft.objects.filter(edition__cluster__number=CLUSTER_NUMBER, unit__isnull=True).first()
    if existing is not None:
        return existing
    admin = make_admin(f"{PREFIX.lower()}_admin")
    root, units = _django.ministry_with_provinces(
        prefix=PREFIX, root_name="Bộ Công an (bench báo cáo)", count=UNITS, actor=admin
    )
    cluster = Cluster.objects.filter(number=CLUSTER_NUMBER).first() or cluster_create(
        number=CLUSTER_NUMBER, name=f"Cụm thi đua số {CLUSTER_NUMBER}", level="ministry", owner=root, actor=admin
    )
    indicators = [
        indicator_create(
            code=f"{PREFIX}-CT{i:03d}",
            name=f"Chỉ tiêu thi đua số {i + 1} (bench)",
            unit_of_measure="vụ",
            value_type="count",
            direction="lower" if i % 5 == 0 else "higher",
            actor=admin,
        )
        for i in range(INDICATORS)
    ]

    def person(username: str, role: str, **scope: Any) -> Any:
        user = user_create(
            username=username,
            password="Bench-2026-mat-khau",  # noqa: S106 - bench accounts, never served
            full_name=username,
            check_password=False,
            actor=admin,
        )
        role_assign(user=user, role=role, valid_from=date(2020, 1, 1), actor=admin, **scope)
        return user

    officers = [person(f"{PREFIX.lower()}_officer_{n:02d}", "unit_officer", org_unit=u) for n, u in enumerate(units)]
    leaders = [person(f"{PREFIX.lower()}_leader_{n:02d}", "unit_leader", org_unit=u) for n, u in enumerate(units)]
    now = timezone.now()
    secretariat = None
    for year, code in ((2025, "2025S1"), (2026, "2026S1")):
        edition = cluster_edition_create(
            cluster=cluster, year=year, members=units, leader=units[0], deputy=units[1], actor=admin
        )
        checker = person(f"{PREFIX.lower()}_secretariat_{year}", "cluster_secretariat", cluster_edition=edition)
        period = period_ensure(code=code, actor=admin)
        data_set = data_set_create(
            edition=edition,
            code=f"{PREFIX}6T{year}",
            name="Bộ chỉ tiêu sơ kết (bench)",
            period_kind="half_year",
            items=[(ind, "I. Chỉ tiêu") for ind in indicators],
            actor=admin,
        )
        if year == 2026:
            secretariat = checker
            Target.objects.bulk_create(
                [
                    Target(
                        edition=edition,
                        unit=unit,
                        indicator=indicator,
                        period=period,
                        kind="absolute",
                        value=Decimal(100 + 7 * i),
                    )
                    for unit in units
                    for i, indicator in enumerate(indicators)
                ],
                batch_size=1000,
            )
        for n, unit in enumerate(units):
            report = submission_open(unit=unit, data_set=data_set, period=period, actor=officers[n])
            DataValue.objects.bulk_create(
                [
                    DataValue(
                        submission=report,
                        indicator=indicator,
                        value=Decimal(80 + (n * 13 + i * 7 + year) % 60),
                        entered_by=officers[n],
                        created_at=now,
                        updated_at=now,
                    )
                    for i, indicator in enumerate(indicators)
                ],
                batch_size=1000,
            )
            report.refresh_from_db()
            report = submission_submit(submission=report, expected_version=report.version, actor=leaders[n])
            submission_approve(submission=report, expected_version=report.version, actor=checker)
    draft = report_draft_create(kind="so_ket", edition=edition, period=period, actor=secretariat)
    return report_draft_update(
        draft=draft,
        expected_version=draft.version,
        actor=secretariat,
        number="05/BC-CTĐ",
        situation="Tình hình an ninh trật tự ổn định (bench).",
        assessment="Đánh giá (bench).",
        direction="Phương hướng (bench).",
        proposals="Kiến nghị (bench).",
    )


def baseline_python_docx(report: Any) -> bytes:
    """python-docx writing the same tables cell by cell (``add_table`` + ``cell.text``); no data reads."""
    from docx import Document

    document = Document()
    document.add_paragraph(report.summary)
    for table in report.tables():
        grid = document.add_table(rows=1, cols=len(table.columns))
        for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
            cell.text = column.label
        for texts in table.texts():
            cells = grid.add_row().cells
            for cell, text in zip(cells, texts, strict=True):
                cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    database = _django.setup()
    from django.db import transaction

    from thidua.reports import builder
    from thidua.reports.render_docx import render_docx
    from thidua.reports.services import build_bytes

    with transaction.atomic():
        draft = build()
    from thidua.reports.models import ReportDraft

    draft = ReportDraft.objects.select_related("edition__cluster__owner", "edition__leader", "period", "unit").get(
        pk=draft.pk
    )
    from thidua.accounts.models import User

    secretariat = User.objects.get(username=f"{PREFIX.lower()}_secretariat_2026")
    build_bytes(draft, "docx", user=None)  # warm-up: imports (matplotlib), first queries

    cpu_start = time.process_time()
    whole_ms, (_, content) = _django.timed(lambda: build_bytes(draft, "docx", user=None), repeat=args.repeat)
    whole_cpu_ms = (time.process_time() - cpu_start) * 1000 / args.repeat
    scoped_ms, _ = _django.timed(lambda: build_bytes(draft, "docx", user=secretariat), repeat=args.repeat)
    gather_ms, report = _django.timed(lambda: builder.build_document(draft, user=None), repeat=args.repeat)
    render_ms, _ = _django.timed(lambda: render_docx(report), repeat=args.repeat)
    cpu_start = time.process_time()
    baseline_ms, _ = _django.timed(lambda: baseline_python_docx(report), repeat=args.repeat)
    baseline_cpu_ms = (time.process_time() - cpu_start) * 1000 / args.repeat
    rows = sum(len(t.rows) for t in report.tables())

    print(f"Database: {database}; {_django.load()}")
    print(
        f"Cluster: {UNITS} units x {INDICATORS} indicators, 2026S1 with 2025S1; {rows} table rows; "
        f"median of {args.repeat}"
    )
    print(f"  half-year report .docx, whole build (unscoped)      {whole_ms:8.0f} ms   (target < 2000 ms)")
    print(f"  half-year report .docx, whole build (secretariat)   {scoped_ms:8.0f} ms")
    print(f"    of which gathering figures + charts               {gather_ms:8.0f} ms")
    print(f"    of which rendering the .docx                      {render_ms:8.0f} ms")
    print(f"  baseline: python-docx, same tables, no data reads   {baseline_ms:8.0f} ms")
    print(
        f"  CPU time of this process (mean): whole build {whole_cpu_ms:.0f} ms, baseline {baseline_cpu_ms:.0f} ms; "
        f"whole build / baseline = {whole_ms / baseline_ms:.2f}"
    )
    print(f"  file size {len(content) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
