"""Load the demo data (``thidua demo``) through the same services users go through, so every row is
validated and audited. Loading twice changes nothing but the demo passwords."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.conf import settings
from django.db import transaction

from thidua.core.demo import data

DEMO_MARKER = "demo.marker"
APP_DEMOS = ("personnel", "practices", "scoring", "analytics", "commendations", "reports")
"""Each app's ``demo.load(loader)``, in this order: later apps read what earlier ones made."""


@dataclass
class DemoSummary:
    created: bool
    password: str
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)  # username, name, role label, scope

    def describe(self, address: str) -> str:
        lines = [
            "Dữ liệu mẫu đã " + ("được tạo." if self.created else "có sẵn (dùng lại)."),
            f"Địa chỉ: {address}",
            f"Mật khẩu chung của các tài khoản mẫu: {self.password}",
            "Tài khoản mẫu:",
        ]
        width = max(len(a[0]) for a in self.accounts) if self.accounts else 10
        for username, name, role, scope in self.accounts:
            lines.append(f"  {username:<{width}}  {role} — {scope} ({name})")
        return "\n".join(lines)


def load_demo(*, password: str) -> DemoSummary:
    from thidua.accounts.models import User

    created = not User.objects.filter(username="quantri").exists()
    if created:
        with transaction.atomic():
            _Loader(password).run()
    (settings.DATA_DIR / DEMO_MARKER).write_text("thidua demo data\n", encoding="utf-8")
    _reset_passwords(password)
    return DemoSummary(created=created, password=password, accounts=_accounts())


def _reset_passwords(password: str) -> None:
    from thidua.accounts.models import User

    for user in User.objects.filter(username__in=[u[0] for u in data.USERS]):
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])


def _accounts() -> list[tuple[str, str, str, str]]:
    from thidua.accounts.models import RoleAssignment

    rows = []
    for username, *_ in data.USERS:
        assignments = list(
            RoleAssignment.objects.filter(user__username=username).select_related(
                "user", "org_unit", "cluster_edition__cluster"
            )
        )
        if not assignments:
            continue
        first = assignments[0]
        scopes = ", ".join(
            f"{a.org_unit} ({a.org_unit.code})" if a.org_unit else str(a.cluster_edition or "toàn hệ thống")
            for a in assignments
        )
        rows.append((username, str(first.user), first.get_role_display(), scopes))
    return rows


class _Loader:
    def __init__(self, password: str) -> None:
        self.password = password
        self.random = random.Random(2026)  # noqa: S311 - reproducible demo figures, not secrets
        self.units: dict[str, Any] = {}
        self.editions: dict[tuple[str, int], Any] = {}
        self.admin: Any = None
        self.people: dict[str, Any] = {}
        self.weights: dict[str, float] = {}

    def run(self) -> None:
        self.create_admin()
        self.create_organisations()
        self.reorganise_2025()
        self.create_indicators_and_periods()
        self.create_clusters()
        self.create_targets()
        self.create_users()
        self.create_reports()
        self.create_ballot()
        for app in APP_DEMOS:
            import_module(f"thidua.{app}.demo").load(self)

    # People ---------------------------------------------------------------------------------------------------
    def create_admin(self) -> None:
        from thidua.accounts.services import role_assign, user_create

        username, name, position, role, _ = data.USERS[0]
        self.admin = user_create(
            username=username,
            password=self.password,
            full_name=name,
            position=position,
            is_superuser=True,
            check_password=False,
            actor=None,
        )
        role_assign(user=self.admin, role=role, valid_from=data.LONG_AGO, actor=None)

    def create_users(self) -> None:
        from thidua.accounts.services import role_assign, user_create

        for username, name, position, role, scope in data.USERS[1:]:
            user = user_create(
                username=username,
                password=self.password,
                full_name=name,
                position=position,
                check_password=False,
                actor=self.admin,
            )
            if scope and scope.startswith("edition:"):
                for year in scope.removeprefix("edition:").split(","):
                    role_assign(
                        user=user,
                        role=role,
                        cluster_edition=self.editions[("CUM6", int(year))],
                        valid_from=date(int(year), 1, 1),
                        actor=self.admin,
                    )
            else:
                for code in scope.split(","):
                    role_assign(
                        user=user, role=role, org_unit=self.units[code], valid_from=data.LONG_AGO, actor=self.admin
                    )
            self.people[username] = user

    # Organisations --------------------------------------------------------------------------------------------
    def unit(
        self,
        code: str,
        unit_type: str,
        name: str,
        parent: str | None,
        valid_from: date = data.LONG_AGO,
        short_name: str = "",
    ) -> Any:
        from thidua.organisations.services import org_unit_create

        unit = org_unit_create(
            code=code,
            unit_type=unit_type,
            name=name,
            short_name=short_name,
            parent=self.units[parent] if parent else None,
            valid_from=valid_from,
            actor=self.admin,
        )
        self.units[code] = unit
        return unit

    def create_organisations(self) -> None:
        code, unit_type, name, short = data.MINISTRY
        self.unit(code, unit_type, name, None, short_name=short)
        for code, unit_type, name, short in data.MINISTRY_UNITS:
            self.unit(code, unit_type, name, "BCA", short_name=short)
        for code, name, short, _ in data.PROVINCES_BEFORE:
            self.unit(code, "provincial_police", name, "BCA", short_name=short)
        for code, name, short in data.NGHE_AN_DIVISIONS:
            self.unit(code, "provincial_division", name, "CAT-NAN", short_name=short)
        for code, name in data.NGHE_AN_DISTRICTS:
            self.unit(code, "district_police", name, "CAT-NAN")
        for code, unit_type, name, district in data.NGHE_AN_COMMUNES:
            self.unit(code, unit_type, name, district)

    def reorganise_2025(self) -> None:
        from thidua.organisations.services import org_unit_rename, units_dissolve, units_merge

        units_dissolve(
            units=[self.units[c] for c, _ in data.NGHE_AN_DISTRICTS],
            effective=data.DISTRICTS_END,
            children_to=self.units["CAT-NAN"],
            takers=[self.units["CAT-NAN"]],
            basis=data.BASIS_DISTRICTS,
            actor=self.admin,
        )
        for code, name, short, predecessors in data.MERGED_PROVINCES:
            self.units[code] = units_merge(
                predecessors=[self.units[c] for c in predecessors],
                successor_code=code,
                successor_name=name,
                short_name=short,
                unit_type="provincial_police",
                parent=self.units["BCA"],
                effective=data.MERGER,
                basis=data.BASIS_MERGER,
                actor=self.admin,
            )
        for code, unit_type, name, predecessors in data.COMMUNE_MERGES:
            self.units[code] = units_merge(
                predecessors=[self.units[c] for c in predecessors],
                successor_code=code,
                successor_name=name,
                unit_type=unit_type,
                parent=self.units["CAT-NAN"],
                effective=data.MERGER,
                basis=data.BASIS_MERGER,
                actor=self.admin,
            )
        for code, new_name in data.COMMUNE_RENAMES:
            org_unit_rename(
                unit=self.units[code],
                new_name=new_name,
                effective=data.MERGER,
                basis=data.BASIS_MERGER,
                actor=self.admin,
            )

    # Catalogue ------------------------------------------------------------------------------------------------
    def create_indicators_and_periods(self) -> None:
        from thidua.indicators.services import disaggregation_create, indicator_create, periods_ensure_year

        code, name, options = data.SEVERITY
        severity = disaggregation_create(code=code, name=name, options=options, actor=self.admin)
        self.indicators: dict[str, Any] = {}
        for (
            code,
            name,
            unit,
            value_type,
            direction,
            numerator,
            denominator,
            by_severity,
            _section,
            synonyms,
        ) in data.INDICATORS:
            self.indicators[code] = indicator_create(
                code=code,
                name=name,
                unit_of_measure=unit,
                value_type=value_type,
                direction=direction,
                numerator=self.indicators.get(numerator or ""),
                denominator=self.indicators.get(denominator or ""),
                disaggregations=[severity] if by_severity else [],
                synonyms=synonyms,
                actor=self.admin,
            )
        self.sections = {row[0]: row[8] for row in data.INDICATORS}
        self.periods: dict[str, Any] = {}
        for year in data.YEARS:
            for period in periods_ensure_year(year=year, actor=self.admin):
                self.periods[period.code] = period

    # Clusters -------------------------------------------------------------------------------------------------
    def create_clusters(self) -> None:
        from thidua.organisations.services import cluster_create, cluster_edition_create

        for number, key, editions in ((6, "CUM6", data.CLUSTER_6_EDITIONS), (3, "CUM3", data.CLUSTER_3_EDITIONS)):
            self.create_ministry_cluster(number, key, editions)
        for number, name, nan_editions in data.NGHE_AN_CLUSTERS:
            cluster = cluster_create(
                number=number, name=name, level="province", owner=self.units["CAT-NAN"], actor=self.admin
            )
            for year, (members, leader, deputy) in nan_editions.items():
                self.editions[(f"NAN{number}", year)] = cluster_edition_create(
                    cluster=cluster,
                    year=year,
                    members=[self.units[m] for m in members],
                    leader=self.units[leader],
                    deputy=self.units[deputy],
                    selection_method="assigned",
                    basis=f"Kế hoạch thi đua năm {year} của Công an tỉnh Nghệ An (dữ liệu mẫu)",
                    actor=self.admin,
                )

    def create_ministry_cluster(self, number: int, key: str, editions: dict[int, Any]) -> None:
        """A cluster of provincial police with its editions and each edition's half-year and year data sets."""
        from thidua.indicators.services import data_set_create
        from thidua.organisations.services import Member, cluster_create, cluster_edition_create

        cluster = cluster_create(
            number=number, name=f"Cụm thi đua số {number}", level="ministry", owner=self.units["BCA"], actor=self.admin
        )
        for year, (members, leader, deputy, method, basis, basis_date) in editions.items():
            member_list = [
                Member(self.units[m]) if isinstance(m, str) else Member(self.units[m[0]], m[1], m[2]) for m in members
            ]
            edition = cluster_edition_create(
                cluster=cluster,
                year=year,
                members=member_list,
                leader=self.units[leader],
                deputy=self.units[deputy],
                selection_method=method,
                basis=basis,
                basis_date=basis_date,
                actor=self.admin,
            )
            self.editions[(key, year)] = edition
            # Grouped by section (I., II., III., IV.), in catalogue order within each.
            items = sorted(((self.indicators[c], self.sections[c]) for c in self.indicators), key=lambda item: item[1])
            numeric = [(ind, sec) for ind, sec in items if ind.value_type != "boolean"]
            data_set_create(
                edition=edition,
                code="6THANG",
                name="Bộ chỉ tiêu sơ kết 6 tháng",
                period_kind="half_year",
                items=numeric,
                actor=self.admin,
            )
            data_set_create(
                edition=edition,
                code="NAM",
                name="Bộ chỉ tiêu tổng kết năm",
                period_kind="year",
                items=items,
                actor=self.admin,
            )

    def create_targets(self) -> None:
        from thidua.indicators.services import target_set
        from thidua.organisations.selectors import edition_members_on

        weights = self.weights
        weights.update({code: w for code, _, _, w in data.PROVINCES_BEFORE})
        weights["CAT-NBH-2025"] = weights["CAT-NBH"] + weights["CAT-HNA"] + weights["CAT-NDI"]
        weights["CAT-QTR-2025"] = weights["CAT-QBI"] + weights["CAT-QTR"]
        for key, year in [("CUM6", y) for y in data.YEARS] + [("CUM3", y) for y in data.CLUSTER_3_EDITIONS]:
            edition = self.editions[(key, year)]
            for code in (f"{year}S1", f"{year}"):
                period = self.periods[code]
                # Units that are members when the period's figures close (a merger mid-year changes them).
                for unit in edition_members_on(edition, min(period.end, date(year, 12, 31))):
                    for indicator_code, kind, raw in data.TARGETS:
                        value = Decimal(raw)
                        if kind == "per_weight":
                            scale = Decimal(1) if code.endswith("S1") else Decimal(2)
                            jitter = Decimal(self.random.randint(90, 110)) / 100
                            value = (value * Decimal(str(weights[unit.code])) * scale * jitter).quantize(Decimal(10))
                            kind = "absolute"
                        target_set(
                            edition=edition,
                            unit=unit,
                            indicator=self.indicators[indicator_code],
                            period=period,
                            kind=kind,
                            value=value,
                            actor=self.admin,
                        )

    # Ballot ----------------------------------------------------------------------------------------------------
    def create_ballot(self) -> None:
        """Cụm 6's 2025 year-end ballot for the Cờ thi đua của Bộ Công an, open, with one voter left to vote."""
        from thidua.voting.demo import load_demo_ballot

        members = ["CAT-THA", "CAT-NAN", "CAT-HTI", "CAT-NBH-2025", "CAT-QTR-2025"]
        leaders = ["lanhdao.thanhhoa", "lanhdao.nghean", "lanhdao.hatinh", "lanhdao.ninhbinh", "lanhdao.quangtri"]
        load_demo_ballot(
            self.editions[("CUM6", 2025)],
            self.people["thuongtruc.cum6"],
            [self.people[u] for u in leaders],
            [self.units[c] for c in members],
            self.admin,
        )

    # Reports ---------------------------------------------------------------------------------------------------
    def create_reports(self) -> None:
        """Half-year and year reports of Cụm 6 from 2023S1 to 2026S1, through the workflow; 2026S1 shows every
        state (draft, submitted, returned, approved, finalised)."""
        from thidua.collection.services import entry_window_set, validation_rule_create
        from thidua.indicators.models import DataSet
        from thidua.organisations.selectors import edition_members_on

        for code, name, left, operator, right, severity in data.VALIDATION_RULES:
            validation_rule_create(
                code=code, name=name, left=left, operator=operator, right=right, severity=severity, actor=self.admin
            )
        periods = [("CUM6", code) for code in data.REPORT_PERIODS] + [("CUM3", code) for code in data.CLUSTER_3_PERIODS]
        for key, period_code in periods:
            period = self.periods[period_code]
            year = int(period_code[:4])
            edition = self.editions[(key, year)]
            data_set = DataSet.objects.get(edition=edition, code="6THANG" if period.kind == "half_year" else "NAM")
            entry_window_set(
                data_set=data_set,
                period=period,
                opens_on=period.start,
                deadline=period.end + timedelta(days=6),
                actor=self.admin,
            )
            # Cụm 6 has its own secretariat account from 2025; otherwise the ministry's emulation office reviews.
            reviewer = self.people["thuongtruc.cum6" if key == "CUM6" and year >= 2025 else "ctct.bo"]
            for unit in edition_members_on(edition, min(period.end, date(year, 12, 31))):
                state = data.STATES_2026S1.get(unit.code, "finalised") if period_code == "2026S1" else "finalised"
                self.report(unit, data_set, period, state, reviewer)

    def report(self, unit: Any, data_set: Any, period: Any, state: str, reviewer: Any) -> None:
        from django.utils import timezone

        from thidua.collection.models import Submission
        from thidua.collection.services import (
            submission_approve,
            submission_finalise,
            submission_open,
            submission_return,
            submission_submit,
            value_save,
        )

        officer_name, leader_name = data.REPORTERS[unit.code]
        officer, leader, office = self.people[officer_name], self.people[leader_name], self.people["ctct.bo"]
        report = submission_open(unit=unit, data_set=data_set, period=period, actor=officer)
        figures = self.figures(unit.code, period)
        items = list(data_set.items.select_related("indicator").prefetch_related("indicator__disaggregations__options"))
        for position, item in enumerate(items):
            indicator = item.indicator
            if indicator.value_type == "rate":
                continue
            if state == "draft" and position > len(items) // 2:
                break  # a report still being filled in
            parts = figures.get(indicator.code)
            if isinstance(parts, dict):
                options = {o.code: o for d in indicator.disaggregations.all() for o in d.options.all()}
                for option_code, amount in parts.items():
                    value_save(
                        submission=report, indicator=indicator, option=options[option_code], raw=amount, actor=officer
                    )
            elif parts is not None:
                value_save(submission=report, indicator=indicator, raw=parts, actor=officer)
        if state == "draft":
            return
        report.refresh_from_db()
        report = submission_submit(submission=report, expected_version=report.version, actor=leader)
        if state == "returned":
            submission_return(
                submission=report, reason=data.RETURN_REASON, expected_version=report.version, actor=reviewer
            )
        elif state in ("approved", "finalised"):
            report = submission_approve(submission=report, expected_version=report.version, actor=reviewer)
            if state == "finalised":
                submission_finalise(submission=report, expected_version=report.version, actor=office)
        # Demo only: the reports were sent when their period closed, not on the day the demo was loaded.
        sent = timezone.make_aware(datetime.combine(period.end + timedelta(days=3), time(9, 30)))
        decided = sent + timedelta(days=4, hours=5)
        Submission.objects.filter(pk=report.pk).update(
            submitted_at=sent, submitted_late=False, decided_at=decided if state != "submitted" else None
        )

    def figures(self, unit_code: str, period: Any) -> dict[str, Any]:
        """Plausible synthetic figures for a province and a period (year = about two halves)."""
        rnd = self.random
        w = self.weights[unit_code] * (2 if period.kind == "year" else 1)
        trend = 1 - 0.03 * (period.year - 2023)

        def n(base: float, spread: float = 0.12) -> int:
            return max(0, round(base * w * trend * rnd.uniform(1 - spread, 1 + spread)))

        shares = {"IT": 0.45, "NT": 0.35, "RNT": 0.15, "DBNT": 0.05}
        solve = {"IT": (0.74, 0.9), "NT": (0.78, 0.92), "RNT": (0.93, 1.0), "DBNT": (0.95, 1.0)}
        occurred = {code: n(160 * share) for code, share in shares.items()}
        solved = {code: int(occurred[code] * rnd.uniform(*solve[code])) for code in shares}
        arrested = n(280)
        accidents = n(45)
        return {
            "TTXH-XAYRA": {code: str(v) for code, v in occurred.items()},
            "TTXH-LAMRO": {code: str(v) for code, v in solved.items()},
            "RNT-XAYRA": str(occurred["RNT"] + occurred["DBNT"]),
            "RNT-LAMRO": str(solved["RNT"] + solved["DBNT"]),
            "DOITUONG-BATGIU": str(arrested),
            "BICAN": str(int(arrested * rnd.uniform(0.7, 0.9))),
            "MATUY-VU": str(n(60)),
            "CNC-VU": str(n(6, 0.3)),
            "CNC-TIEN": str(n(2_000_000_000, 0.4)),
            "TNGT-VU": str(accidents),
            "TNGT-CHET": str(int(accidents * rnd.uniform(0.45, 0.65))),
            "TNGT-BITHUONG": str(int(accidents * rnd.uniform(0.8, 1.0))),
            "DXBN": "1" if rnd.random() < 0.1 else "0",
            "VNEID-MUC2": str(n(26_000)),
            "DVC-HOSO": str(n(12_000)),
            "KYLUAT-CBCS": str(rnd.choice([0, 0, 0, 1, 2])),
            "KH-HOANTHANH": "có",
        }
