"""Generate the national synthetic data set (bộ dữ liệu tổng hợp toàn quốc) for the DESIGN.md targets.

34 provincial police, 3,319 commune police under them, 150 indicators (120 plain counts, 20 broken down by one of
4 disaggregations of 3 options each, 10 rates computed from two counts), 8 half-year periods (2023S1 to 2026S2),
every commune's report approved: about 4.8 million values. Catalogue rows go through the services (audited);
units and reports are bulk_create, values COPY on PostgreSQL and executemany on SQLite, never a service call per value.
Then the approved totals are rebuilt once from the raw values in SQL (afterwards approvals keep them current).

    THIDUA_DATA_DIR=/tmp/thidua_bench python bench/generate.py [--seed 2025]
    THIDUA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/thidua_bench python bench/generate.py

Reproducible: the same seed gives the same figures. Refuses to run twice on the same database.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _django

PROVINCES = 34
COMMUNES = 3319
INDICATORS = 150
DISAGGREGATED = 20  # 5 per disaggregation
RATES = 10
PERIODS = ["2023S1", "2023S2", "2024S1", "2024S2", "2025S1", "2025S2", "2026S1", "2026S2"]
ROOT_CODE = "QG-BCA"
SINCE = date(2020, 1, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--communes", type=int, default=COMMUNES, help="fewer for a quick check of the script")
    args = parser.parse_args()
    communes = args.communes
    database = _django.setup()
    from django.db import connection, transaction

    from thidua.analytics.services import approved_totals_rebuild
    from thidua.collection.models import DataValue, Submission
    from thidua.core.testing import make_admin
    from thidua.indicators.models import Indicator, Target
    from thidua.indicators.services import data_set_create, disaggregation_create, indicator_create, period_ensure
    from thidua.organisations.models import OrgUnit, OrgUnitVersion
    from thidua.organisations.services import cluster_create, cluster_edition_create

    if OrgUnit.objects.filter(code=ROOT_CODE).exists():
        print(f"{database}: the national data set is already there; reuse it (drop the database to regenerate).")
        return 0
    rng = random.Random(args.seed)  # noqa: S311 (synthetic figures, reproducible from the seed)
    started = time.perf_counter()
    print(f"Generating on {database}, seed {args.seed}; {_django.load()}")

    with transaction.atomic():
        admin = make_admin()
        # Units: the ministry, 34 provinces, 3,319 communes spread over them.
        OrgUnit.objects.bulk_create(
            [OrgUnit(code=ROOT_CODE, unit_type="ministry")]
            + [OrgUnit(code=f"QG-T{p:02d}", unit_type="provincial_police") for p in range(1, PROVINCES + 1)]
            + [OrgUnit(code=f"QG-X{c:04d}", unit_type="commune_police") for c in range(1, communes + 1)]
        )
        ids = dict(OrgUnit.objects.filter(code__startswith="QG-").values_list("code", "pk"))
        province_of = {f"QG-X{c:04d}": f"QG-T{(c - 1) % PROVINCES + 1:02d}" for c in range(1, communes + 1)}
        versions = [OrgUnitVersion(unit_id=ids[ROOT_CODE], name="Bộ Công an (dữ liệu tổng hợp)", valid_from=SINCE)]
        versions += [
            OrgUnitVersion(
                unit_id=ids[f"QG-T{p:02d}"], name=f"Công an tỉnh số {p}", parent_id=ids[ROOT_CODE], valid_from=SINCE
            )
            for p in range(1, PROVINCES + 1)
        ]
        versions += [
            OrgUnitVersion(unit_id=ids[code], name=f"Công an xã số {code[4:]}", parent_id=ids[parent], valid_from=SINCE)
            for code, parent in province_of.items()
        ]
        OrgUnitVersion.objects.bulk_create(versions, batch_size=2000)
        root = OrgUnit.objects.get(code=ROOT_CODE)
        provinces = list(OrgUnit.objects.filter(code__startswith="QG-T").order_by("code"))

        # Catalogue through the services.
        disaggregations = [
            disaggregation_create(
                code=f"QG-PT{d}",
                name=f"Phân tổ {d}",
                options=[(f"O{o}", f"Nhóm {o}") for o in range(1, 4)],
                actor=admin,
            )
            for d in range(1, 5)
        ]
        plain = INDICATORS - RATES
        indicators: list[Indicator] = []
        for n in range(1, plain + 1):
            indicators.append(
                indicator_create(
                    code=f"QG-{n:03d}",
                    name=f"Chỉ tiêu tổng hợp số {n}",
                    unit_of_measure="vụ",
                    value_type="count",
                    direction="lower" if n % 3 == 0 else "higher",
                    disaggregations=[disaggregations[(n - 1) % 4]] if n <= DISAGGREGATED else [],
                    actor=admin,
                )
            )
        for r in range(RATES):
            numerator, denominator = indicators[DISAGGREGATED + 2 * r + 1], indicators[DISAGGREGATED + 2 * r]
            indicators.append(
                indicator_create(
                    code=f"QG-{plain + r + 1:03d}",
                    name=f"Tỷ lệ tổng hợp số {r + 1}",
                    unit_of_measure="%",
                    value_type="rate",
                    numerator=numerator,
                    denominator=denominator,
                    actor=admin,
                )
            )
        periods = [period_ensure(code=code, actor=admin) for code in PERIODS]
        cluster = cluster_create(
            number=99, name="Dữ liệu tổng hợp toàn quốc", level="ministry", owner=root, actor=admin
        )
        data_sets = {}
        for year in sorted({p.year for p in periods}):
            edition = cluster_edition_create(cluster=cluster, year=year, members=provinces, actor=admin)
            data_sets[year] = data_set_create(
                edition=edition,
                code="QG-6THANG",
                name="Bộ chỉ tiêu 6 tháng (tổng hợp)",
                period_kind="half_year",
                items=[(i, "Chỉ tiêu") for i in indicators],
                actor=admin,
            )
        print(f"  catalogue and units: {time.perf_counter() - started:.1f} s")

        # Reports: every commune, every period, approved.
        now = _now()
        Submission.objects.bulk_create(
            [
                Submission(
                    unit_id=ids[code],
                    data_set=data_sets[p.year],
                    period=p,
                    status="approved",
                    submitted_at=now,
                    decided_at=now,
                )
                for p in periods
                for code in province_of
            ],
            batch_size=2000,
        )
        submissions = list(
            Submission.objects.filter(unit__code__startswith="QG-X").values_list("pk", "unit_id", "period_id")
        )
        submissions.sort()
        options = {d.pk: list(d.options.order_by("order").values_list("pk", flat=True)) for d in disaggregations}
        layout = []  # (indicator id, option id or None)
        for n, indicator in enumerate(indicators[:plain], start=1):
            if n <= DISAGGREGATED:
                layout += [(indicator.pk, o) for o in options[disaggregations[(n - 1) % 4].pk]]
            else:
                layout.append((indicator.pk, None))
        scale = {(ind, opt): rng.randint(5, 200) for ind, opt in layout}
        print(
            f"  {len(submissions)} reports: {time.perf_counter() - started:.1f} s; "
            f"now {len(submissions) * len(layout)} values"
        )

        def rows():
            for submission_id, _, _ in submissions:
                for indicator_id, option_id in layout:
                    yield submission_id, indicator_id, option_id, rng.randint(0, scale[(indicator_id, option_id)])

        count = _insert_values(connection, DataValue, rows(), now)
        print(f"  {count} values: {time.perf_counter() - started:.1f} s")

        # Targets of the provinces (absolute), for the dashboard's "% so với chỉ tiêu".
        Target.objects.bulk_create(
            [
                Target(
                    edition=data_sets[p.year].edition,
                    unit=province,
                    indicator=indicator,
                    period=p,
                    kind="absolute",
                    value=Decimal(rng.randint(500, 15000)),
                )
                for p in periods
                for province in provinces
                for indicator in indicators[:plain]
            ],
            batch_size=5000,
        )
        rebuilt = time.perf_counter()
        rows_written = approved_totals_rebuild()
        print(
            f"  approved totals rebuilt from raw values: {rows_written} rows in {time.perf_counter() - rebuilt:.1f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Done in {time.perf_counter() - started:.1f} s on {database}.")
    return 0


def _now():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now()


def _insert_values(connection, model, rows, now) -> int:  # type: ignore[no-untyped-def]
    """Bulk insert of the raw values: COPY on PostgreSQL, bulk_create in batches elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        columns = (
            "created_at, updated_at, version, submission_id, indicator_id, option_id, value, value_text, comment, "
            "flagged"
        )
        stamp = now.isoformat()
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                buffer = io.StringIO()
                for submission_id, indicator_id, option_id, value in rows:
                    option = "\\N" if option_id is None else option_id
                    buffer.write(f"{stamp}\t{stamp}\t1\t{submission_id}\t{indicator_id}\t{option}\t{value}\t\t\tf\n")
                    count += 1
                    if count % 200_000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
        return count
    # SQLite: executemany on the DB-API cursor (Django's bulk_create builds one object per value, about 50x slower
    # for millions of rows).
    table = model._meta.db_table
    sql = (
        f"INSERT INTO {table} (created_at, updated_at, version, submission_id, indicator_id, option_id, value, "  # noqa: S608 (table names from model metadata; values are bound parameters)
        "value_text, comment, flagged) VALUES (%s, %s, 1, %s, %s, %s, %s, '', '', %s)"
    )
    stamp = now.isoformat(sep=" ")
    with connection.cursor() as cursor:
        batch = []
        for submission_id, indicator_id, option_id, value in rows:
            batch.append((stamp, stamp, submission_id, indicator_id, option_id, str(value), False))
            if len(batch) == 100_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        cursor.executemany(sql, batch)
    return count + len(batch)


if __name__ == "__main__":
    sys.exit(main())
