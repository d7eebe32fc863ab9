"""Writes of the commendations app. Each is one transaction with its audit event; edits carry the version they were
based on; bad input changes nothing.

Rule data (catalogue, rule sets, criteria, caps, reward coefficients, base salaries) is saved by
:func:`rule_data_save`, which checks a criterion by building the pure criterion and the whole rule set (and every
rule set's validity) against the catalogue before anything is stored. :func:`catalogue_load_defaults` loads the
DOMAIN.md defaults (the pure ``DEFAULT_*`` data).

Dossiers follow :mod:`thidua.commendations.domain.workflow`. Submission takes the eligibility snapshot of every line
and checks the caps across the unit's proposals of the year (and the cluster's quotas across the edition): an
exceeded cap warns or blocks, as the rule set says (``RuleSet.cap_mode``, or the cap's own mode). The decision writes
each line into the awards history (``personnel.services.award_record_create``) with the reward money computed from
the coefficient and the base salary in force on the decision date. Whoever proposed a dossier never approves or
decides it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from thidua.commendations import selectors
from thidua.commendations.domain import caps as pure_caps
from thidua.commendations.domain import catalogue as pure_catalogue
from thidua.commendations.domain.caps import DEFAULT_CAPS, ClusterQuota, ShareCap
from thidua.commendations.domain.codec import criterion_from_data, criterion_to_data
from thidua.commendations.domain.rulesets import (
    DEFAULT_RULESETS,
    RULESET_2024,
    RULESET_2025,
    Attestation,
    validate_ruleset,
    validate_rulesets,
)
from thidua.commendations.domain.workflow import Action, State, editable, next_state
from thidua.commendations.models import (
    BaseSalary,
    CapRule,
    CatalogueEntry,
    Dossier,
    DossierLine,
    RewardCoefficient,
    RuleCriterion,
    RuleSet,
)
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.organisations.models import ClusterEdition, OrgUnit

PROPOSE_REFUSED = "Chỉ cán bộ, lãnh đạo của đơn vị đề nghị được lập, sửa và gửi hồ sơ đề nghị khen thưởng."
CLUSTER_REFUSED = "Chỉ thường trực cụm thi đua của năm đó được tiếp nhận, trả lại hoặc trình hồ sơ gửi cụm."
OFFICE_REFUSED = "Chỉ cơ quan thường trực thi đua, khen thưởng cấp trên của đơn vị được duyệt và ghi quyết định."
SEPARATION_REFUSED = "Người lập hoặc gửi hồ sơ đề nghị không được tự duyệt, tự quyết định khen thưởng hồ sơ đó."
ADMIN_REFUSED = "Chỉ quản trị hệ thống hoặc cơ quan thường trực thi đua, khen thưởng được sửa danh mục khen thưởng."

# --- Rule data ------------------------------------------------------------------------------------------------------

RULE_MODELS = (CatalogueEntry, RuleSet, RuleCriterion, CapRule, RewardCoefficient, BaseSalary)


def _may_edit_rules(actor: Any) -> bool:
    from thidua.accounts.access import access_for

    if actor is None or not (actor.is_authenticated and actor.is_active):
        return False
    access = access_for(actor)
    return access.is_admin or access.is_emulation_office


def _check_rule_data(obj: Any) -> None:
    """Validate what the row means, beyond its fields: criteria through the pure core, overlaps of validity."""
    if isinstance(obj, RuleCriterion):
        obj.kind = nfc(obj.kind)
        obj.article = nfc(obj.article)
        criterion = criterion_from_data(
            obj.kind, obj.params or {}, article=obj.article, enabled=obj.enabled, verify=obj.verify
        )
        if obj.title.kind != CatalogueEntry.Kind.TITLE:
            raise DomainError(
                "Tiêu chuẩn chỉ đặt cho danh hiệu thi đua, không cho hình thức khen thưởng.", field="title"
            )
        cat = selectors.catalogue()
        obj.params = criterion_to_data(criterion)[1]
        obj.requirement = criterion.requirement(cat)[:400]
        rows = [c for c in obj.ruleset.criteria.select_related("title") if c.pk != obj.pk] + [obj]
        validate_ruleset(selectors.pure_ruleset(obj.ruleset, rows), cat)
    elif isinstance(obj, RuleSet):
        pairs = [p for r, p in selectors.rulesets() if r.pk != obj.pk]
        validate_rulesets(
            [*pairs, selectors.pure_ruleset(obj, list(obj.criteria.all()) if obj.pk else [])], selectors.catalogue()
        )
    elif isinstance(obj, CapRule):
        if obj.kind == CapRule.Kind.SHARE and obj.max_percent is not None and not 0 < obj.max_percent <= 100:
            raise DomainError("Tỷ lệ tối đa phải lớn hơn 0% và không quá 100%.", field="max_percent")
    elif isinstance(obj, RewardCoefficient):
        existing = RewardCoefficient.objects.filter(entry=obj.entry).exclude(pk=obj.pk)
        for other in existing:
            if (other.valid_to is None or other.valid_to > obj.valid_from) and (
                obj.valid_to is None or obj.valid_to > other.valid_from
            ):
                raise DomainError(
                    f"Hệ số của «{obj.entry}» chồng lấn với hệ số áp dụng từ {other.valid_from:%d/%m/%Y}.",
                    field="valid_from",
                )
    elif isinstance(obj, CatalogueEntry):
        obj.name = nfc(obj.name)
        obj.civil_name = nfc(obj.civil_name)


def rule_data_check(obj: Any) -> None:
    """The checks of :func:`rule_data_save` without saving (the admin form shows a refusal on the form)."""
    _check_rule_data(obj)
    full_clean(obj)


@transaction.atomic
def rule_data_save(*, obj: Any, actor: Any, expected_version: int | None = None) -> Any:
    """Create or change a row of the catalogue or rule data (admin pages), validated and audited."""
    require(_may_edit_rules(actor), ADMIN_REFUSED)
    if not isinstance(obj, RULE_MODELS):
        raise DomainError("Không phải dữ liệu danh mục khen thưởng.")
    before = None
    if obj.pk is not None:
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        check_version(current, expected_version)
        before = audit.snapshot(current)
        obj.version = current.version
        bump_version(obj)
    for name in ("legal_basis", "verify", "note"):
        if hasattr(obj, name) and isinstance(getattr(obj, name), str):
            setattr(obj, name, nfc(getattr(obj, name)))
    _check_rule_data(obj)
    full_clean(obj)
    obj.save()
    if isinstance(obj, RuleCriterion | CapRule):
        validate_rulesets([p for _, p in selectors.rulesets()], selectors.catalogue())
    label = type(obj)._meta.model_name
    audit.record(
        actor=actor,
        action=f"commendations.{label}.{'update' if before else 'create'}",
        obj=obj,
        before=before,
        after=audit.snapshot(obj),
    )
    return obj


@transaction.atomic
def rule_data_delete(*, obj: Any, actor: Any) -> None:
    """Remove a criterion or a cap (other rule data ends by its validity dates, never by deletion)."""
    require(_may_edit_rules(actor), ADMIN_REFUSED)
    if not isinstance(obj, RuleCriterion | CapRule):
        raise DomainError("Danh mục, bộ tiêu chuẩn, hệ số và lương cơ sở không xóa: hãy ghi ngày hết hiệu lực.")
    before = audit.snapshot(obj)
    audit.record(actor=actor, action=f"commendations.{type(obj)._meta.model_name}.delete", obj=obj, before=before)
    obj.delete()


_VOTED_TITLES = {pure_catalogue.GOVERNMENT_EMULATION_FLAG, pure_catalogue.MINISTRY_EMULATION_FLAG}
_RULESET_NAMES = {
    "luat-tdkt-2003": "Luật Thi đua, khen thưởng năm 2003 (trước 01/01/2024)",
    RULESET_2024.code: "Luật 06/2022/QH15 và Nghị định 98/2023/NĐ-CP",
    RULESET_2025.code: "Luật 06/2022/QH15 và Nghị định 152/2025/NĐ-CP",
}


@transaction.atomic
def catalogue_load_defaults(*, actor: Any, switch_day: date = date(2025, 7, 1)) -> dict[str, int]:
    """Load DOMAIN.md section 5's defaults (titles, forms, the three rule sets with their criteria and caps, reward
    coefficients, base salaries) where the code is not there yet; ``switch_day`` is when Nghị định 152/2025/NĐ-CP
    replaces Nghị định 98/2023/NĐ-CP (verify). Loading twice changes nothing."""
    created = {"entries": 0, "rulesets": 0, "criteria": 0, "caps": 0, "coefficients": 0, "salaries": 0}
    cat = pure_catalogue.DEFAULT_CATALOGUE
    entries: dict[str, CatalogueEntry] = {e.code: e for e in CatalogueEntry.objects.all()}
    for order, title in enumerate(cat.titles, start=1):
        if title.code not in entries:
            entries[title.code] = rule_data_save(
                obj=CatalogueEntry(
                    code=title.code,
                    kind=CatalogueEntry.Kind.TITLE,
                    name=title.name,
                    civil_name=title.civil_name,
                    level=title.level.value,
                    recipient=title.recipient.value,
                    article=title.article,
                    legal_basis=title.legal_basis,
                    requires_vote=title.code in _VOTED_TITLES,
                    verify=title.verify,
                    order=order,
                ),
                actor=actor,
            )
            created["entries"] += 1
    for order, form in enumerate(cat.forms, start=20):
        if form.code not in entries:
            recipient = "both" if len(form.recipients) > 1 else next(iter(form.recipients)).value
            entries[form.code] = rule_data_save(
                obj=CatalogueEntry(
                    code=form.code,
                    kind=CatalogueEntry.Kind.FORM,
                    name=form.name,
                    civil_name=form.name,
                    level=form.level.value,
                    recipient=recipient,
                    article=form.article,
                    legal_basis=form.legal_basis,
                    verify=form.verify,
                    order=order,
                ),
                actor=actor,
            )
            created["entries"] += 1
    for pure in DEFAULT_RULESETS:
        if RuleSet.objects.filter(code=pure.code).exists():
            continue
        valid_from, valid_to = pure.valid_from, pure.valid_to
        if pure.code == RULESET_2024.code:
            valid_to = switch_day
        elif pure.code == RULESET_2025.code:
            valid_from = switch_day
        row = RuleSet(
            code=pure.code,
            name=_RULESET_NAMES.get(pure.code, pure.legal_basis),
            legal_basis=pure.legal_basis,
            valid_from=valid_from,
            valid_to=valid_to,
            verify=pure.verify,
            note=pure.note,
        )
        full_clean(row)
        row.save()
        audit.record(actor=actor, action="commendations.ruleset.create", obj=row, after=audit.snapshot(row))
        created["rulesets"] += 1
        for code, criteria in pure.criteria.items():
            for order, criterion in enumerate(criteria, start=1):
                kind, params = criterion_to_data(criterion)
                c = RuleCriterion(
                    ruleset=row,
                    title=entries[code],
                    order=order,
                    kind=kind,
                    params=params,
                    article=criterion.article,
                    enabled=criterion.enabled,
                    verify=criterion.verify,
                    requirement=criterion.requirement(cat)[:400],
                )
                full_clean(c)
                c.save()
                created["criteria"] += 1
        audit.record(
            actor=actor,
            action="commendations.ruleset.criteria_load",
            obj=row,
            after={"criteria": created["criteria"]},
        )
        if pure.valid_from is not None:  # the caps of DOMAIN.md are the 2022 law's
            for cap in DEFAULT_CAPS:
                cap_row = CapRule(
                    ruleset=row,
                    kind=CapRule.Kind.SHARE if isinstance(cap, ShareCap) else CapRule.Kind.QUOTA,
                    title=entries[cap.title],
                    of_title=entries[cap.of_title] if isinstance(cap, ShareCap) else None,
                    max_percent=cap.max_percent if isinstance(cap, ShareCap) else None,
                    max_count=cap.max_count if isinstance(cap, ClusterQuota) else None,
                    # The share cap is the rule set's own (its decree), the cluster quotas the ministry's.
                    legal_basis=pure.legal_basis if isinstance(cap, ShareCap) else cap.legal_basis,
                    verify=cap.verify,
                )
                full_clean(cap_row)
                cap_row.save()
                audit.record(
                    actor=actor, action="commendations.caprule.create", obj=cap_row, after=audit.snapshot(cap_row)
                )
                created["caps"] += 1
    for coefficient in pure_catalogue.DEFAULT_REWARD_COEFFICIENTS:
        entry = entries[coefficient.title]
        if not RewardCoefficient.objects.filter(entry=entry, valid_from=coefficient.valid_from).exists():
            rule_data_save(
                obj=RewardCoefficient(
                    entry=entry,
                    coefficient=coefficient.coefficient,
                    valid_from=coefficient.valid_from,
                    valid_to=coefficient.valid_to,
                    legal_basis=coefficient.legal_basis,
                    verify=coefficient.verify,
                ),
                actor=actor,
            )
            created["coefficients"] += 1
    for salary in pure_catalogue.DEFAULT_BASE_SALARIES:
        if not BaseSalary.objects.filter(valid_from=salary.valid_from).exists():
            rule_data_save(
                obj=BaseSalary(
                    amount=salary.amount,
                    valid_from=salary.valid_from,
                    legal_basis=salary.legal_basis,
                    verify=salary.verify,
                ),
                actor=actor,
            )
            created["salaries"] += 1
    validate_rulesets([p for _, p in selectors.rulesets()], selectors.catalogue())
    return created


# --- Dossiers -------------------------------------------------------------------------------------------------------


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update(of=("self",)).select_related("unit", "edition__cluster").get(pk=dossier.pk)


def _member_during_year(edition: ClusterEdition, unit: OrgUnit, year: int) -> bool:
    from thidua.organisations.selectors import member_during

    return member_during(edition.pk, unit, date(year, 1, 1), date(year, 12, 31))


DOSSIER_FIELDS = (
    "summary",
    "number",
    "place",
    "signer",
    "signer_title",
    "meeting_date",
    "meeting_chair",
    "meeting_secretary",
    "meeting_attendance",
)


def _apply(dossier: Dossier, changes: Mapping[str, Any]) -> None:
    unknown = set(changes) - set(DOSSIER_FIELDS)
    if unknown:
        raise DomainError(f"Không sửa được: {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    for name, value in changes.items():
        setattr(dossier, name, nfc(value) if isinstance(value, str) else value)
    if not dossier.summary:
        raise DomainError(
            "Hãy nhập trích yếu của hồ sơ (ví dụ: Đề nghị khen thưởng tổng kết năm 2025).", field="summary"
        )


@transaction.atomic
def dossier_create(
    *, unit: OrgUnit, year: int, edition: ClusterEdition | None = None, summary: str, actor: Any, **fields: Any
) -> Dossier:
    """A new dossier of ``unit`` for ``year``, sent later to ``edition`` (its cluster) or, without one, straight to
    the emulation office."""
    require(actor.has_perm("commendations.propose", unit), PROPOSE_REFUSED)
    if edition is not None:
        if edition.year != year:
            raise DomainError(f"Cụm thi đua đã chọn là của năm {edition.year}, không phải năm {year}.", field="edition")
        if not _member_during_year(edition, unit, year):
            raise DomainError(f"Đơn vị không phải thành viên của {edition} trong năm {year}.", field="edition")
    dossier = Dossier(unit=unit, year=year, edition=edition, created_by=actor)
    _apply(dossier, {"summary": summary, **fields})
    full_clean(dossier)
    dossier.save()
    audit.record(actor=actor, action="dossier.create", obj=dossier, after=audit.snapshot(dossier))
    return dossier


@transaction.atomic
def dossier_update(
    *, dossier: Dossier, changes: Mapping[str, Any], expected_version: int | None = None, actor: Any
) -> Dossier:
    """Change what the documents print (trích yếu, số, người ký, cuộc họp xét) while the dossier is editable."""
    dossier = _locked(dossier)
    require(actor.has_perm("commendations.edit_dossier", dossier), PROPOSE_REFUSED)
    _ensure_editable(dossier)
    check_version(dossier, expected_version)
    before = audit.snapshot(dossier)
    _apply(dossier, changes)
    full_clean(dossier)
    bump_version(dossier)
    dossier.save()
    audit.record(actor=actor, action="dossier.update", obj=dossier, before=before, after=audit.snapshot(dossier))
    return dossier


def _ensure_editable(dossier: Dossier) -> None:
    if not editable(dossier.state_enum):
        raise DomainError(
            f"Hồ sơ đang ở trạng thái «{dossier.state_label}»: chỉ sửa được khi đang soạn hoặc bị trả lại.",
            field="state",
        )


def _touch(dossier: Dossier) -> None:
    bump_version(dossier)
    dossier.save(update_fields=["version", "updated_at"])


def _subject_in_unit(dossier: Dossier, person: Any, org_unit: OrgUnit | None) -> None:
    """A person posted in the unit during the year; a collective that is the unit itself or one under it."""
    under = selectors.units_under(dossier.unit)
    if org_unit is not None:
        if org_unit.pk not in under:
            raise DomainError(
                f"«{selectors.unit_name(org_unit, dossier.year)}» không thuộc đơn vị đề nghị.", field="org_unit"
            )
        return
    start, end = date(dossier.year, 1, 1), date(dossier.year, 12, 31)
    posted = person.postings.filter(org_unit__in=under, valid_from__lte=end).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )
    if not posted.exists():
        raise DomainError(
            f"{person.full_name} không công tác tại đơn vị đề nghị trong năm {dossier.year}.", field="person"
        )


def _attested(raw: Mapping[str, Any] | None) -> dict[str, Any]:
    """Statements the unit certifies for the line: attestation clauses, and for a unit the targets and factors."""
    data: dict[str, Any] = {}
    for key, value in (raw or {}).items():
        if key in {a.value for a in Attestation}:
            data[key] = bool(value)
        elif key == "targets_exceeded":
            data[key] = None if value is None else bool(value)
        elif key == "new_factors":
            data[key] = [nfc(str(v)) for v in value if nfc(str(v))]
        else:
            raise DomainError(f"Nội dung xác nhận «{key}» không hợp lệ.", field="attested")
    return data


@transaction.atomic
def dossier_line_add(
    *,
    dossier: Dossier,
    entry: CatalogueEntry,
    person: Any = None,
    org_unit: OrgUnit | None = None,
    achievement: str = "",
    attested: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    actor: Any,
) -> DossierLine:
    """Add a candidate (a person or a unit) for a title or form; the entry must be for that kind of recipient."""
    dossier = _locked(dossier)
    require(actor.has_perm("commendations.edit_dossier", dossier), PROPOSE_REFUSED)
    _ensure_editable(dossier)
    check_version(dossier, expected_version)
    if (person is None) == (org_unit is None):
        raise DomainError("Hãy chọn một cá nhân hoặc một tập thể được đề nghị.", field="person")
    if person is not None and not entry.for_individuals:
        raise DomainError(f"«{entry.name}» chỉ dành cho tập thể.", field="entry")
    if org_unit is not None and not entry.for_units:
        raise DomainError(f"«{entry.name}» chỉ dành cho cá nhân.", field="entry")
    _subject_in_unit(dossier, person, org_unit)
    order = (dossier.lines.aggregate(m=Max("order"))["m"] or 0) + 1
    line = DossierLine(
        dossier=dossier,
        person=person,
        org_unit=org_unit,
        entry=entry,
        achievement=nfc(achievement),
        attested=_attested(attested),
        order=order,
    )
    full_clean(line)
    line.save()
    _touch(dossier)
    audit.record(actor=actor, action="dossier.line_add", obj=line, after=audit.snapshot(line))
    return line


@transaction.atomic
def dossier_line_remove(*, line: DossierLine, expected_version: int | None = None, actor: Any) -> None:
    dossier = _locked(line.dossier)
    require(actor.has_perm("commendations.edit_dossier", dossier), PROPOSE_REFUSED)
    _ensure_editable(dossier)
    check_version(dossier, expected_version)
    before = audit.snapshot(line)
    audit.record(actor=actor, action="dossier.line_remove", obj=line, before=before)
    line.delete()
    _touch(dossier)


@transaction.atomic
def dossier_line_link_ballot(
    *, line: DossierLine, ballot: Any, expected_version: int | None = None, actor: Any
) -> DossierLine:
    """Attach the closed ballot (bình xét, suy tôn) where the line's unit stood; its result is copied on the line."""
    from thidua.voting.domain.ballot import Status

    dossier = _locked(line.dossier)
    allowed = actor.has_perm("commendations.edit_dossier", dossier) or actor.has_perm(
        "commendations.review_in_cluster", dossier
    )
    require(allowed, CLUSTER_REFUSED)
    if dossier.state_enum not in (State.DRAFT, State.RETURNED, State.SUBMITTED, State.ACCEPTED):
        raise DomainError("Hồ sơ đã trình cơ quan thường trực: không gắn thêm kết quả bình xét.", field="state")
    check_version(dossier, expected_version)
    if line.org_unit is None:
        raise DomainError("Chỉ gắn kết quả bỏ phiếu cho tập thể được đề nghị.", field="ballot")
    if ballot.status != Status.CLOSED.value:
        raise DomainError(f"Cuộc bỏ phiếu «{ballot.title}» chưa kết thúc: chưa có kết quả.", field="ballot")
    if ballot.edition.year != dossier.year:
        raise DomainError(f"Cuộc bỏ phiếu «{ballot.title}» không phải của năm {dossier.year}.", field="ballot")
    if not ballot.candidates.filter(unit=line.org_unit).exists():
        raise DomainError(f"Đơn vị không có trong danh sách bình xét của «{ballot.title}».", field="ballot")
    before = audit.snapshot(line)
    line.ballot = ballot
    line.vote_result = selectors.vote_result(ballot, line.org_unit)[0][:300]
    bump_version(line)
    line.save()
    _touch(dossier)
    audit.record(actor=actor, action="dossier.line_ballot", obj=line, before=before, after=audit.snapshot(line))
    return line


def _line_facts(line: DossierLine) -> dict[str, Any]:
    data = line.attested or {}
    attested = {Attestation(k): bool(v) for k, v in data.items() if k in {a.value for a in Attestation}}
    return {
        "attested": attested,
        "targets_exceeded": data.get("targets_exceeded"),
        "new_factors": data.get("new_factors"),
    }


def _snapshot_line(line: DossierLine, year: int, chosen: selectors.ChosenRuleset) -> None:
    """Take the eligibility of a title line as it stands now (forms have no criteria in the rule sets)."""
    if line.entry.kind != CatalogueEntry.Kind.TITLE or line.entry.code not in chosen.choice.ruleset.criteria:
        line.eligibility = {
            "status": "",
            "status_label": "Không xét tự động",
            "summary": f"«{line.entry.name}» không có tiêu chuẩn trong bộ tiêu chuẩn áp dụng: cơ quan thường trực xét.",
            "ruleset": chosen.choice.ruleset.legal_basis,
            "note": chosen.note,
            "results": [],
        }
        line.eligibility_status = ""
        return
    facts = _line_facts(line)
    if line.person is not None:
        result = selectors.person_eligibility(line.person, line.entry.code, year, attested=facts["attested"])
    else:
        result = selectors.unit_eligibility(line.org_unit, line.entry.code, year, facts=facts)
    line.eligibility = selectors.eligibility_snapshot(result, chosen.note)
    line.eligibility_status = result.status.value


def _subject_key(line: DossierLine) -> str:
    return f"person:{line.person_id}" if line.person_id else f"unit:{line.org_unit_id}"


def cap_check(dossier: Dossier, ruleset: RuleSet) -> pure_caps.CapCheck:
    """Caps across the unit's proposals of the year (its dossiers sent or being sent, and the awards already in the
    history of its people), and the cluster quotas across the edition's dossiers."""
    from thidua.personnel.models import AwardRecord

    proposals: list[pure_caps.Proposal] = []
    name = selectors.unit_name(dossier.unit, dossier.year)
    # The awards already decided first: a person both in the history and in a line counts once, as history.
    members = [p.pk for p in selectors.members_of(dossier.unit, dossier.year)]
    for award in AwardRecord.objects.filter(person__in=members, year=dossier.year):
        proposals.append(
            pure_caps.Proposal(
                subject=f"person:{award.person_id}",
                title=award.award_code,
                year=dossier.year,
                unit=str(dossier.unit_id),
                unit_name=name,
                source="history",
            )
        )
    unit_lines = DossierLine.objects.filter(dossier__unit=dossier.unit, dossier__year=dossier.year).filter(
        Q(dossier__pk=dossier.pk) | ~Q(dossier__state=State.DRAFT.value)
    )
    for line in unit_lines.select_related("entry"):
        proposals.append(
            pure_caps.Proposal(
                subject=_subject_key(line),
                title=line.entry.code,
                year=dossier.year,
                unit=str(dossier.unit_id),
                unit_name=name,
                source="dossier",
            )
        )
    quota_proposals: list[pure_caps.Proposal] = []
    if dossier.edition_id:
        edition_lines = DossierLine.objects.filter(dossier__edition=dossier.edition_id).filter(
            Q(dossier__pk=dossier.pk) | ~Q(dossier__state__in=[State.DRAFT.value, State.RETURNED.value])
        )
        for line in edition_lines.select_related("entry", "dossier"):
            quota_proposals.append(
                pure_caps.Proposal(
                    subject=_subject_key(line),
                    title=line.entry.code,
                    year=dossier.year,
                    unit=f"edition-unit:{line.dossier.unit_id}",
                    cluster_edition=str(dossier.edition_id),
                )
            )
    caps = selectors.caps_of(ruleset)
    mode, cat = pure_caps.CapMode(ruleset.cap_mode), selectors.catalogue()
    # Shares count the unit's proposals, quotas the edition's: checked apart, since a subject counts once per check.
    shares = pure_caps.check_caps(
        proposals, [c for c in caps if isinstance(c, ShareCap)], mode, catalogue=cat, ruleset_name=ruleset.name
    )
    quota_caps = [c for c in caps if isinstance(c, ClusterQuota)]
    quotas = pure_caps.check_caps(quota_proposals, quota_caps, mode, catalogue=cat, ruleset_name=ruleset.name)
    result = pure_caps.CapCheck(shares.findings + quotas.findings)
    if dossier.edition_id:
        name = str(dossier.edition)
        result = pure_caps.CapCheck(
            tuple(
                pure_caps.CapFinding(
                    f.cap,
                    f.severity,
                    f.scope,
                    f.year,
                    f.count,
                    f.allowed,
                    f.message.replace(f"Cụm thi đua {dossier.edition_id}:", f"{name}:"),
                    f.proposals,
                )
                for f in result.findings
            )
        )
    return result


@transaction.atomic
def dossier_submit(*, dossier: Dossier, expected_version: int | None = None, actor: Any) -> Dossier:
    """Send the dossier to its cluster (or the office): snapshot every line's eligibility, check the caps."""
    dossier = _locked(dossier)
    require(actor.has_perm("commendations.edit_dossier", dossier), PROPOSE_REFUSED)
    check_version(dossier, expected_version)
    target = next_state(dossier.state_enum, Action.SUBMIT, via_cluster=dossier.edition_id is not None)
    lines = selectors.lines_of(dossier)
    if not lines:
        raise DomainError("Hồ sơ chưa có đối tượng đề nghị nào.", field="lines")
    chosen = selectors.ruleset_choice(dossier.year)
    before = audit.snapshot(dossier)
    for line in lines:
        _snapshot_line(line, dossier.year, chosen)
        line.office_verdict, line.office_reason = "", ""  # a dossier sent again is judged afresh
        line.save(update_fields=["eligibility", "eligibility_status", "office_verdict", "office_reason", "updated_at"])
    checked = cap_check(dossier, chosen.row)
    checked.raise_if_blocked()
    dossier.cap_warnings = "\n".join(f.message for f in checked.warnings)
    dossier.ruleset = chosen.row
    dossier.state = target.value
    dossier.return_reason = ""
    dossier.submitted_by = actor
    dossier.submitted_at = timezone.now()
    bump_version(dossier)
    dossier.save()
    audit.record(actor=actor, action="dossier.submit", obj=dossier, before=before, after=audit.snapshot(dossier))
    return dossier


def _move(dossier: Dossier, action: Action, *, actor: Any, reason: str = "", **changes: Any) -> Dossier:
    before = audit.snapshot(dossier)
    target = next_state(dossier.state_enum, action, via_cluster=dossier.edition_id is not None, reason=reason)
    dossier.state = target.value
    for name, value in changes.items():
        setattr(dossier, name, value)
    full_clean(dossier)
    bump_version(dossier)
    dossier.save()
    audit.record(
        actor=actor,
        action=f"dossier.{action.value}",
        obj=dossier,
        before=before,
        after=audit.snapshot(dossier),
        reason=reason,
    )
    return dossier


@transaction.atomic
def dossier_return(*, dossier: Dossier, reason: str, expected_version: int | None = None, actor: Any) -> Dossier:
    """Return the dossier to its unit with a reason (by the cluster while it is there, by the office after)."""
    dossier = _locked(dossier)
    if dossier.state_enum is State.AT_OFFICE:
        require(actor.has_perm("commendations.approve", dossier), OFFICE_REFUSED)
    else:
        require(actor.has_perm("commendations.review_in_cluster", dossier), CLUSTER_REFUSED)
    check_version(dossier, expected_version)
    reason = nfc(reason)
    return _move(dossier, Action.RETURN, actor=actor, reason=reason, return_reason=reason)


@transaction.atomic
def dossier_accept(*, dossier: Dossier, expected_version: int | None = None, actor: Any) -> Dossier:
    dossier = _locked(dossier)
    require(actor.has_perm("commendations.review_in_cluster", dossier), CLUSTER_REFUSED)
    check_version(dossier, expected_version)
    return _move(dossier, Action.ACCEPT, actor=actor, accepted_by=actor)


@transaction.atomic
def dossier_forward(*, dossier: Dossier, expected_version: int | None = None, actor: Any) -> Dossier:
    """The cluster sends an accepted dossier on to the office; every title that needs a vote has its closed ballot."""
    dossier = _locked(dossier)
    require(actor.has_perm("commendations.review_in_cluster", dossier), CLUSTER_REFUSED)
    check_version(dossier, expected_version)
    _ensure_votes(dossier)
    return _move(dossier, Action.FORWARD, actor=actor)


def _ensure_votes(dossier: Dossier, lines: list[DossierLine] | None = None) -> None:
    for line in selectors.lines_of(dossier) if lines is None else lines:
        if line.entry.requires_vote and line.ballot_id is None:
            who = selectors.unit_name(line.org_unit, dossier.year) if line.org_unit else str(line.person)
            raise DomainError(
                f"{who}: «{line.entry.name}» phải qua bình xét, suy tôn; hãy gắn kết quả cuộc bỏ phiếu đã kết thúc.",
                field="ballot",
            )


def _not_proposer(dossier: Dossier, actor: Any) -> None:
    if actor.pk in {dossier.created_by_id, dossier.submitted_by_id}:
        raise Forbidden(SEPARATION_REFUSED)


VERDICTS = {"approved": "Duyệt", "refused": "Không duyệt"}


@transaction.atomic
def dossier_line_verdict(
    *, line: DossierLine, verdict: str, reason: str = "", expected_version: int | None = None, actor: Any
) -> DossierLine:
    """The office approves one line or not (duyệt / không duyệt, with a reason) while the dossier is before it; a
    refused line gets no award and no reward money when the decision is recorded. ``verdict`` "" clears it."""
    dossier = _locked(line.dossier)
    require(actor.has_perm("commendations.approve", dossier), OFFICE_REFUSED)
    _not_proposer(dossier, actor)
    if dossier.state_enum is not State.AT_OFFICE:
        raise DomainError(
            f"Hồ sơ đang ở trạng thái «{dossier.state_label}»: chỉ xét từng đối tượng khi hồ sơ đã trình cơ quan "
            "thường trực và chưa duyệt.",
            field="state",
        )
    check_version(dossier, expected_version)
    if verdict not in ("", *VERDICTS):
        raise DomainError("Hãy chọn Duyệt hoặc Không duyệt.", field="office_verdict")
    reason = nfc(reason)
    who = selectors.unit_name(line.org_unit, dossier.year) if line.org_unit else line.person.full_name
    if verdict == "refused" and not reason:
        raise DomainError(f"{who}: hãy ghi lý do không duyệt.", field="office_reason")
    line = DossierLine.objects.select_for_update().get(pk=line.pk)
    before = audit.snapshot(line)
    line.office_verdict = verdict
    line.office_reason = reason if verdict == "refused" else ""
    full_clean(line)
    bump_version(line)
    line.save()
    _touch(dossier)
    audit.record(
        actor=actor,
        action="dossier.line_verdict",
        obj=line,
        before=before,
        after=audit.snapshot(line),
        reason=line.office_reason,
    )
    return line


@transaction.atomic
def dossier_approve(*, dossier: Dossier, expected_version: int | None = None, actor: Any) -> Dossier:
    """The office approves the dossier: lines it has not refused one by one are approved; at least one must be."""
    dossier = _locked(dossier)
    require(actor.has_perm("commendations.approve", dossier), OFFICE_REFUSED)
    _not_proposer(dossier, actor)
    check_version(dossier, expected_version)
    lines = selectors.lines_of(dossier)
    kept = [line for line in lines if not line.refused]
    if not kept:
        raise DomainError(
            "Không có đối tượng nào được duyệt: hãy trả lại hồ sơ cho đơn vị với lý do.", field="office_verdict"
        )
    _ensure_votes(dossier, kept)
    for line in kept:
        if line.office_verdict != "approved":
            before = audit.snapshot(line)
            line.office_verdict = "approved"
            bump_version(line)
            line.save(update_fields=["office_verdict", "version", "updated_at"])
            audit.record(
                actor=actor, action="dossier.line_verdict", obj=line, before=before, after=audit.snapshot(line)
            )
    return _move(dossier, Action.APPROVE, actor=actor, approved_by=actor, approved_at=timezone.now())


@transaction.atomic
def dossier_decide(
    *,
    dossier: Dossier,
    decision_number: str,
    decision_date: date,
    signer: str,
    issued_by: str,
    expected_version: int | None = None,
    actor: Any,
) -> Dossier:
    """Record the decision (quyết định khen thưởng): every approved line goes into the awards history, with its
    reward money from the coefficient and the base salary in force on ``decision_date`` (none for an entry without a
    coefficient); lines the office did not approve get neither.
    """
    from thidua.personnel.services import award_record_create

    dossier = _locked(dossier)
    require(actor.has_perm("commendations.approve", dossier), OFFICE_REFUSED)
    _not_proposer(dossier, actor)
    check_version(dossier, expected_version)
    decision_number, signer, issued_by = nfc(decision_number), nfc(signer), nfc(issued_by)
    if not decision_number:
        raise DomainError("Hãy nhập số quyết định khen thưởng.", field="decision_number")
    if decision_date is None:
        raise DomainError("Hãy nhập ngày quyết định khen thưởng (dd/mm/yyyy).", field="decision_date")
    if decision_date.year < dossier.year:
        raise DomainError(f"Ngày quyết định ở trước năm xét {dossier.year}.", field="decision_date")
    if not issued_by:
        raise DomainError("Hãy nhập cơ quan, người có thẩm quyền ban hành quyết định.", field="issued_by")
    table, salaries = selectors.coefficients(), selectors.base_salaries()
    for line in selectors.lines_of(dossier):
        if line.refused:
            continue
        before = audit.snapshot(line)
        try:
            reward = pure_catalogue.reward_breakdown(line.entry.code, decision_date, table, salaries)
        except DomainError as exc:
            if exc.field != "coefficients":
                raise
            line.reward_amount, line.reward_explanation = None, "Chưa có hệ số tiền thưởng áp dụng ngày quyết định"
        else:
            line.reward_amount = reward.amount
            line.reward_explanation = reward.explanation[:300]
        record = award_record_create(
            person=line.person,
            org_unit=line.org_unit,
            year=dossier.year,
            award_code=line.entry.code,
            award_name=line.entry.name,
            decision_number=decision_number,
            decision_date=decision_date,
            signer=signer,
            issued_by=issued_by,
            source="decision",
            source_ref=f"commendations.dossierline:{line.pk}",
            actor=actor,
        )
        line.award_record_id = record.pk
        bump_version(line)
        line.save()
        audit.record(actor=actor, action="dossier.line_decide", obj=line, before=before, after=audit.snapshot(line))
    return _move(
        dossier,
        Action.DECIDE,
        actor=actor,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_signer=signer,
        decision_issued_by=issued_by,
        decided_by=actor,
    )
