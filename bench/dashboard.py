"""National dashboard and approval cost against their baselines (DESIGN.md performance targets).

On the national synthetic data set (bench/generate.py), each figure beside its baseline from the same run:

1. the national dashboard: 34 provinces x 150 indicators for one period with the same period last year, each
   province the sum of its communes' approved reports (roll-up), against one hand-written SQL query aggregating
   the raw values on the same database. Measured through the selector (``indicator_results``: targets, rates,
   changes, all 5,100 rows) and through the whole page (/phan-tich/, rendered HTML, first page of 300 rows): the
   first request after an approval (cold: the page's content is computed again), the same with the user's access
   computed too, and the requests that follow (warm: the content kept under the data stamp);
   target: at least 20x faster than the query;
2. approving one commune's report with the approved totals refreshed in the same transaction, against the same
   approval without the refresh; target: the difference under 100 ms.

    THIDUA_DATA_DIR=/tmp/thidua_bench python bench/dashboard.py
    THIDUA_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/thidua_bench python bench/dashboard.py
"""

from __future__ import annotations

import argparse
import os
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("THIDUA_ALLOWED_HOSTS", "testserver,localhost")
import _django

PERIOD, LAST_YEAR = "2026S1", "2025S1"
ROOT_CODE = "QG-BCA"


def baseline_sql(connection, province_ids, period_ids):  # type: ignore[no-untyped-def]
    """The raw aggregation a developer would write by hand: approved values of the communes directly under each
    province, summed per province, period and indicator (rates are then divided in Python)."""
    provinces = ", ".join(["%s"] * len(province_ids))
    periods = ", ".join(["%s"] * len(period_ids))
    sql = (
        "SELECT ov.parent_id, s.period_id, v.indicator_id, SUM(v.value) "  # noqa: S608 (table names from model metadata; values are bound parameters)
        "FROM collection_datavalue v "
        "JOIN collection_submission s ON s.id = v.submission_id "
        "JOIN indicators_period p ON p.id = s.period_id "
        "JOIN organisations_orgunitversion ov ON ov.unit_id = s.unit_id "
        'AND ov.valid_from <= p."end" AND (ov.valid_to IS NULL OR ov.valid_to > p."end") '
        f"WHERE s.period_id IN ({periods}) AND s.status IN ('approved', 'finalised') AND v.value IS NOT NULL "
        f"AND ov.parent_id IN ({provinces}) "
        "GROUP BY ov.parent_id, s.period_id, v.indicator_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*period_ids, *province_ids])
        return cursor.fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--approvals", type=int, default=15)
    args = parser.parse_args()
    database = _django.setup()
    from django.conf import settings
    from django.db import connection

    # The page is rendered without collectstatic: plain static storage (no manifest) for this process only.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.test import Client
    from django.urls import reverse

    from thidua.accounts.models import RoleAssignment
    from thidua.accounts.services import role_assign, user_create
    from thidua.analytics import selectors, services
    from thidua.collection.models import Submission
    from thidua.collection.services import submission_approve
    from thidua.core.testing import LONG_AGO
    from thidua.indicators.models import Indicator, Period
    from thidua.organisations.models import ClusterEdition, OrgUnit

    root = OrgUnit.objects.filter(code=ROOT_CODE).first()
    if root is None:
        sys.exit("Chưa có bộ dữ liệu toàn quốc: chạy bench/generate.py trước trên cùng cơ sở dữ liệu.")
    period, previous = Period.objects.get(code=PERIOD), Period.objects.get(code=LAST_YEAR)
    provinces = selectors.units_directly_under(root, period)
    indicators = list(Indicator.objects.filter(code__startswith="QG-").order_by("code"))
    print(f"Dashboard bench on {database}; {_django.load()}")
    print(f"  {len(provinces)} provinces x {len(indicators)} indicators, {PERIOD} with {LAST_YEAR}")

    base_ms, base_rows = _django.timed(
        lambda: baseline_sql(connection, [p.pk for p in provinces], [period.pk, previous.pk]), repeat=args.repeat
    )
    totals_ms, _ = _django.timed(
        lambda: selectors.approved_totals(
            unit_ids=[p.pk for p in provinces],
            period_ids=[period.pk, previous.pk],
            indicator_ids=[i.pk for i in indicators],
            rollup=True,
        ),
        repeat=args.repeat,
    )
    sel_ms, rows = _django.timed(
        lambda: selectors.indicator_results(units=provinces, period=period, indicators=indicators, rollup=True),
        repeat=args.repeat,
    )
    # The same figures both ways (counts; rates are recomputed from them).
    raw = {(u, p, i): v for u, p, i, v in base_rows}
    agree = all(
        r.actual == raw.get((r.unit.pk, period.pk, r.indicator.pk))
        and r.last_year == raw.get((r.unit.pk, previous.pk, r.indicator.pk))
        for r in rows
        if r.indicator.value_type != "rate"
    )
    print(f"  baseline, one SQL query over the raw values: {base_ms:9.1f} ms ({len(base_rows)} sums)")
    print(
        f"  stored totals approved_totals (same sums + rates): {totals_ms:9.1f} ms"
        f"  -> {base_ms / totals_ms:5.1f}x faster"
    )
    print(
        f"  selector indicator_results (roll-ups):        {sel_ms:9.1f} ms ({len(rows)} rows)  "
        f"-> {base_ms / sel_ms:5.1f}x faster; same figures: {'yes' if agree else 'NO'}"
    )

    # Approval: with and without the refresh of the approved totals in the same transaction.
    edition = ClusterEdition.objects.get(cluster__number=99, year=period.year)
    secretariat = _secretariat(user_create, role_assign, RoleAssignment, edition, LONG_AGO)
    target_period = Period.objects.get(code="2026S2")
    submission = Submission.objects.filter(period=target_period, unit__code="QG-X0001").get()
    province = submission.unit.versions.get().parent_id
    sample = Indicator.objects.get(code="QG-050")

    def approve_once() -> float:
        Submission.objects.filter(pk=submission.pk).update(status="submitted")
        services.approved_totals_refresh(unit_id=submission.unit_id, period_id=target_period.pk)
        fresh = Submission.objects.get(pk=submission.pk)
        ms, _ = _django.timed(
            lambda: submission_approve(submission=fresh, expected_version=fresh.version, actor=secretariat), repeat=1
        )
        return ms

    def province_total() -> Decimal | None:
        return selectors.approved_totals(
            unit_ids=[province], period_ids=[target_period.pk], indicator_ids=[sample.pk], rollup=True
        )[(province, target_period.pk, sample.pk)]

    with_refresh = sorted(approve_once() for _ in range(args.approvals))
    visible = province_total()
    Submission.objects.filter(pk=submission.pk).update(status="submitted")
    services.approved_totals_refresh(unit_id=submission.unit_id, period_id=target_period.pk)
    hidden = province_total()
    original = services.approved_totals_refresh
    services.approved_totals_refresh = lambda **kwargs: None  # type: ignore[assignment]
    try:
        without = sorted(approve_once() for _ in range(args.approvals))
    finally:
        services.approved_totals_refresh = original  # type: ignore[assignment]
        Submission.objects.filter(pk=submission.pk).update(status="approved")
        services.approved_totals_refresh(unit_id=submission.unit_id, period_id=target_period.pk)
    mid = args.approvals // 2
    print(f"  approve one commune's report without the refresh (baseline): {without[mid]:7.1f} ms (median)")
    print(
        f"  approve one commune's report with the refresh:               {with_refresh[mid]:7.1f} ms (median)"
        f"  -> extra {with_refresh[mid] - without[mid]:6.1f} ms (target < 100 ms)"
    )
    print(
        f"  visible at once: the province's {sample.code} is {visible} right after the approval, "
        f"{hidden} without that report"
    )

    # The page, through Django's test client, as the emulation office over the whole tree.
    from thidua.accounts.access import forget_access

    office = _office(user_create, role_assign, RoleAssignment, root, LONG_AGO)
    client = Client()
    client.force_login(office)
    url = reverse("analytics:explorer")
    params = {"don_vi": ROOT_CODE, "pham_vi": "cap-duoi", "so_lieu": "cong-don", "ky": PERIOD}

    def after_approval() -> float:
        # A real approval (audited) moves the data stamp: the next request computes the page again.
        Submission.objects.filter(pk=submission.pk).update(status="submitted")
        services.approved_totals_refresh(unit_id=submission.unit_id, period_id=target_period.pk)
        fresh = Submission.objects.get(pk=submission.pk)
        submission_approve(submission=fresh, expected_version=fresh.version, actor=secretariat)
        ms, _ = _django.timed(lambda: client.get(url, params, secure=True), repeat=1)
        return ms

    def first_of_user() -> float:
        # Also the user's access computed again (first request in this process, or after a change of roles/tree).
        forget_access(office)
        return after_approval()

    client.get(url, params, secure=True)
    cold_user = sorted(first_of_user() for _ in range(args.repeat))[args.repeat // 2]
    cold = sorted(after_approval() for _ in range(args.repeat))[args.repeat // 2]
    warm, response = _django.timed(lambda: client.get(url, params, secure=True), repeat=args.repeat)
    shown = response.content.count(b"<tr>") - 1
    size = len(response.content) // 1024
    print(f"  page /phan-tich/ ({size} KiB, {shown} of {len(rows)} rows, status {response.status_code}):")
    print(
        f"    first request after an approval, access computed too: {cold_user:9.1f} ms"
        f"  -> {base_ms / cold_user:5.1f}x faster than the baseline query"
    )
    print(f"    first request after an approval (cold):               {cold:9.1f} ms  -> {base_ms / cold:5.1f}x faster")
    print(f"    next requests, nothing approved since (warm):         {warm:9.1f} ms  -> {base_ms / warm:5.1f}x faster")
    return 0


def _office(user_create, role_assign, RoleAssignment, root, since):  # type: ignore[no-untyped-def]
    existing = RoleAssignment.objects.filter(org_unit=root, role="emulation_office").select_related("user").first()
    if existing:
        return existing.user
    user = user_create(username="qg_office", password=None, full_name="Cục CTCT (bench)", actor=None)
    role_assign(user=user, role="emulation_office", org_unit=root, valid_from=since, actor=None)
    return user


def _secretariat(user_create, role_assign, RoleAssignment, edition, since):  # type: ignore[no-untyped-def]
    existing = (
        RoleAssignment.objects.filter(cluster_edition=edition, role="cluster_secretariat")
        .select_related("user")
        .first()
    )
    if existing:
        return existing.user
    user = user_create(username=f"qg_tt_{edition.year}", password=None, full_name="Thường trực cụm (bench)", actor=None)
    role_assign(user=user, role="cluster_secretariat", cluster_edition=edition, valid_from=since, actor=None)
    return user


if __name__ == "__main__":
    sys.exit(main())
