"""Writes of personnel records and registrations: one transaction each, validated, audited, NFC text.

Permissions are checked with the rules predicates directly (``rules.has_perm``), so Django's superuser shortcut
grants nothing here: a system administrator edits no one's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import rules
from django.db import transaction
from django.utils import timezone

from thidua.commendations.domain.catalogue import DEFAULT_CATALOGUE, Recipient
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.services import check_version, full_clean, nfc, require
from thidua.organisations.models import ClusterMembership, OrgUnit
from thidua.personnel.domain.records import Interval, find_overlap, format_day, registration_timing
from thidua.personnel.models import (
    AwardRecord,
    AwardSource,
    DisciplineRecord,
    DutyRating,
    Innovation,
    Person,
    Posting,
    Rank,
    Registration,
    RegistrationState,
    RegistrationWindow,
    UnitRating,
)

EDIT_MESSAGE = (
    "Chỉ cán bộ nhập liệu của đơn vị nơi cán bộ đang công tác hoặc cơ quan thường trực thi đua được sửa hồ sơ."
)
UNIT_MESSAGE = "Chỉ cán bộ nhập liệu của đơn vị hoặc cơ quan thường trực thi đua cấp trên được nhập hồ sơ của đơn vị."


def _allowed(actor: Any, perm: str, obj: Any) -> bool:
    return bool(actor is not None and rules.has_perm(perm, actor, obj))


def _require_person(actor: Any, person: Person) -> None:
    require(_allowed(actor, "personnel.edit_person", person), EDIT_MESSAGE)


def _require_unit(actor: Any, unit: OrgUnit) -> None:
    require(_allowed(actor, "personnel.edit_unit_records", unit), UNIT_MESSAGE)


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _save(
    obj: Any,
    *,
    action: str,
    actor: Any,
    fields: tuple[str, ...],
    before: dict[str, Any] | None = None,
    reason: str = "",
) -> Any:
    """Validate, bump the version of an edited row, save and audit; nothing is written when nothing changed."""
    after = _snapshot(obj, fields)
    if before is not None and before == after:
        return obj
    if before is not None:
        obj.version += 1
    full_clean(obj)
    obj.save()
    audit.record(actor=actor, action=action, obj=obj, before=before, after=after, reason=reason)
    return obj


def _text(value: str | None) -> str:
    return nfc(value)


# --- People and postings ------------------------------------------------------------------------------------------

PERSON_FIELDS = ("code", "full_name", "birth_year", "gender", "is_active", "notes")
POSTING_FIELDS = ("person_id", "org_unit_id", "rank", "position", "valid_from", "valid_to")


def _check_rank(rank: str) -> str:
    if rank not in Rank.values:
        raise DomainError(f"Cấp bậc «{rank}» không có trong danh mục cấp bậc hàm.", field="rank")
    return rank


@transaction.atomic
def person_create(
    *,
    code: str,
    full_name: str,
    org_unit: OrgUnit,
    rank: str,
    position: str,
    valid_from: date,
    birth_year: int | None = None,
    gender: str = "",
    notes: str = "",
    actor: Any,
) -> Person:
    """A new officer with their first posting (cán bộ mới, công tác tại ``org_unit`` từ ``valid_from``)."""
    _require_unit(actor, org_unit)
    code = _text(code).upper()
    if Person.objects.filter(code=code).exists():
        raise DomainError(f"Số hiệu {code} đã có trong hồ sơ cán bộ.", field="code")
    person = Person(
        code=code,
        full_name=_text(full_name),
        birth_year=birth_year,
        gender=gender or "",
        notes=_text(notes),
    )
    _save(person, action="person.create", actor=actor, fields=PERSON_FIELDS)
    _posting_add(person=person, org_unit=org_unit, rank=rank, position=position, valid_from=valid_from, actor=actor)
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    full_name: str,
    birth_year: int | None = None,
    gender: str = "",
    is_active: bool = True,
    notes: str = "",
    expected_version: int | None,
    actor: Any,
) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_person(actor, person)
    check_version(person, expected_version)
    before = _snapshot(person, PERSON_FIELDS)
    person.full_name = _text(full_name)
    person.birth_year = birth_year
    person.gender = gender or ""
    person.is_active = is_active
    person.notes = _text(notes)
    return _save(person, action="person.update", actor=actor, fields=PERSON_FIELDS, before=before)


def _check_no_overlap(person: Person, posting: Posting) -> None:
    others = [Interval(str(p.pk), p.valid_from, p.valid_to) for p in person.postings.exclude(pk=posting.pk)]
    mine = Interval("new", posting.valid_from, posting.valid_to)
    clash = find_overlap([*others, mine])
    if clash is not None:
        first, second = clash
        existing = first if first.key != "new" else second
        raise DomainError(
            f"Quá trình công tác {mine.text} trùng với quá trình đã có ({existing.text}) của {person.full_name}: "
            "một cán bộ chỉ công tác ở một nơi tại một thời điểm.",
            field="valid_from",
        )


def _posting_add(
    *,
    person: Person,
    org_unit: OrgUnit,
    rank: str,
    position: str,
    valid_from: date,
    valid_to: date | None = None,
    actor: Any,
) -> Posting:
    """Add a posting; an open posting that started earlier is closed on ``valid_from`` (a move, điều động)."""
    current = person.postings.select_for_update().filter(valid_to__isnull=True, valid_from__lt=valid_from).first()
    if current is not None:
        before = _snapshot(current, POSTING_FIELDS)
        current.valid_to = valid_from
        _save(current, action="posting.close", actor=actor, fields=POSTING_FIELDS, before=before)
    posting = Posting(
        person=person,
        org_unit=org_unit,
        rank=_check_rank(rank),
        position=_text(position),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    full_clean(posting)
    _check_no_overlap(person, posting)
    return _save(posting, action="posting.create", actor=actor, fields=POSTING_FIELDS)


@transaction.atomic
def posting_create(
    *,
    person: Person,
    org_unit: OrgUnit,
    rank: str,
    position: str,
    valid_from: date,
    valid_to: date | None = None,
    actor: Any,
) -> Posting:
    """A new posting (chuyển công tác, thăng cấp bậc, bổ nhiệm): the current one ends the day the new one starts.

    Both the person's current unit and the new unit must be within the actor's reach.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    _require_person(actor, person)
    _require_unit(actor, org_unit)
    return _posting_add(
        person=person,
        org_unit=org_unit,
        rank=rank,
        position=position,
        valid_from=valid_from,
        valid_to=valid_to,
        actor=actor,
    )


@transaction.atomic
def posting_update(
    *,
    posting: Posting,
    rank: str,
    position: str,
    valid_from: date,
    valid_to: date | None,
    expected_version: int | None,
    org_unit: OrgUnit | None = None,
    actor: Any,
) -> Posting:
    """Correct a posting (dates, rank, position; its unit when ``org_unit`` is given); no overlap allowed."""
    posting = Posting.objects.select_for_update().select_related("person").get(pk=posting.pk)
    _require_person(actor, posting.person)
    check_version(posting, expected_version)
    before = _snapshot(posting, POSTING_FIELDS)
    if org_unit is not None and org_unit.pk != posting.org_unit_id:
        _require_unit(actor, org_unit)
        posting.org_unit = org_unit
    posting.rank = _check_rank(rank)
    posting.position = _text(position)
    posting.valid_from = valid_from
    posting.valid_to = valid_to
    full_clean(posting)
    _check_no_overlap(posting.person, posting)
    return _save(posting, action="posting.update", actor=actor, fields=POSTING_FIELDS, before=before)


# --- Yearly ratings -----------------------------------------------------------------------------------------------

RATING_FIELDS = ("person_id", "year", "rating", "decision")
UNIT_RATING_FIELDS = ("org_unit_id", "year", "rating", "decision")


NEW_RATING = 0  # the version a page sends when it saw no rating for the year


def _check_rating_base(existing: DutyRating | UnitRating | None, year: int, expected_version: int | None) -> None:
    """Refuse a rating entered on a stale page: a «new» year rated meanwhile, or a correction of an older version."""
    if expected_version is None:
        return
    if expected_version == NEW_RATING:
        if existing is not None:
            raise DomainError(
                f"Năm {year} đã có xếp loại «{existing.get_rating_display()}» (có thể do người khác vừa ghi): "
                f"hãy tải lại trang và bấm «Sửa» ở dòng năm {year} nếu cần sửa.",
                field="year",
            )
        return
    if existing is None:
        raise DomainError(f"Không còn xếp loại năm {year} để sửa: hãy tải lại trang.", field="year")
    check_version(existing, expected_version)


@transaction.atomic
def duty_rating_set(
    *,
    person: Person,
    year: int,
    rating: str,
    decision: str = "",
    expected_version: int | None = None,
    actor: Any,
) -> DutyRating:
    """Record or correct a person's rating of a year (xếp loại cán bộ năm).

    ``expected_version`` is what the page was based on: ``NEW_RATING`` (0) when the user saw no rating for the
    year, so a rating recorded meanwhile by someone else is not overwritten; the version of the rating being
    corrected otherwise (a stale one is refused). ``None`` (the import, the demo) records or corrects as it is.
    """
    _require_person(actor, person)
    existing = DutyRating.objects.select_for_update().filter(person=person, year=year).first()
    _check_rating_base(existing, year, expected_version)
    if existing is None:
        row = DutyRating(person=person, year=year, rating=rating, decision=_text(decision))
        return _save(row, action="duty_rating.create", actor=actor, fields=RATING_FIELDS)
    check_version(existing, expected_version)
    before = _snapshot(existing, RATING_FIELDS)
    existing.rating = rating
    existing.decision = _text(decision)
    return _save(existing, action="duty_rating.update", actor=actor, fields=RATING_FIELDS, before=before)


@transaction.atomic
def unit_rating_set(
    *,
    org_unit: OrgUnit,
    year: int,
    rating: str,
    decision: str = "",
    expected_version: int | None = None,
    actor: Any,
) -> UnitRating:
    """Record or correct a unit's task completion of a year (mức độ hoàn thành nhiệm vụ của tập thể).

    ``expected_version`` as for :func:`duty_rating_set`: ``NEW_RATING`` for a new year, the corrected version
    otherwise, ``None`` to record or correct unconditionally.
    """
    _require_unit(actor, org_unit)
    existing = UnitRating.objects.select_for_update().filter(org_unit=org_unit, year=year).first()
    _check_rating_base(existing, year, expected_version)
    if existing is None:
        row = UnitRating(org_unit=org_unit, year=year, rating=rating, decision=_text(decision))
        return _save(row, action="unit_rating.create", actor=actor, fields=UNIT_RATING_FIELDS)
    check_version(existing, expected_version)
    before = _snapshot(existing, UNIT_RATING_FIELDS)
    existing.rating = rating
    existing.decision = _text(decision)
    return _save(existing, action="unit_rating.update", actor=actor, fields=UNIT_RATING_FIELDS, before=before)


# --- Discipline and innovations -----------------------------------------------------------------------------------

DISCIPLINE_FIELDS = ("person_id", "year", "level", "decision_number", "decision_date")
INNOVATION_FIELDS = ("person_id", "kind", "name", "year", "scope", "decision")


@transaction.atomic
def discipline_create(
    *,
    person: Person,
    year: int,
    level: str,
    decision_number: str = "",
    decision_date: date | None = None,
    actor: Any,
) -> DisciplineRecord:
    _require_person(actor, person)
    row = DisciplineRecord(
        person=person, year=year, level=level, decision_number=_text(decision_number), decision_date=decision_date
    )
    return _save(row, action="discipline.create", actor=actor, fields=DISCIPLINE_FIELDS)


@transaction.atomic
def discipline_update(
    *,
    record: DisciplineRecord,
    year: int,
    level: str,
    decision_number: str,
    decision_date: date | None,
    expected_version: int | None,
    actor: Any,
) -> DisciplineRecord:
    record = DisciplineRecord.objects.select_for_update().select_related("person").get(pk=record.pk)
    _require_person(actor, record.person)
    check_version(record, expected_version)
    before = _snapshot(record, DISCIPLINE_FIELDS)
    record.year, record.level = year, level
    record.decision_number, record.decision_date = _text(decision_number), decision_date
    return _save(record, action="discipline.update", actor=actor, fields=DISCIPLINE_FIELDS, before=before)


@transaction.atomic
def innovation_create(
    *,
    person: Person,
    kind: str,
    name: str,
    year: int,
    scope: str,
    decision: str = "",
    actor: Any,
) -> Innovation:
    _require_person(actor, person)
    row = Innovation(person=person, kind=kind, name=_text(name), year=year, scope=scope, decision=_text(decision))
    return _save(row, action="innovation.create", actor=actor, fields=INNOVATION_FIELDS)


@transaction.atomic
def innovation_update(
    *,
    innovation: Innovation,
    kind: str,
    name: str,
    year: int,
    scope: str,
    decision: str,
    expected_version: int | None,
    actor: Any,
) -> Innovation:
    innovation = Innovation.objects.select_for_update().select_related("person").get(pk=innovation.pk)
    _require_person(actor, innovation.person)
    check_version(innovation, expected_version)
    before = _snapshot(innovation, INNOVATION_FIELDS)
    innovation.kind, innovation.name, innovation.year = kind, _text(name), year
    innovation.scope, innovation.decision = scope, _text(decision)
    return _save(innovation, action="innovation.update", actor=actor, fields=INNOVATION_FIELDS, before=before)


# --- Awards received ----------------------------------------------------------------------------------------------

AWARD_FIELDS = (
    "person_id",
    "org_unit_id",
    "year",
    "award_code",
    "award_name",
    "decision_number",
    "decision_date",
    "signer",
    "issued_by",
    "source",
    "source_ref",
)


def award_name_for(code: str) -> str:
    """The display name of a title or form code of the default catalogue; the code itself otherwise."""
    for title in DEFAULT_CATALOGUE.titles:
        if title.code == code:
            return title.name
    for form in DEFAULT_CATALOGUE.forms:
        if form.code == code:
            return form.name
    return code


@transaction.atomic
def award_record_create(
    *,
    person: Person | None = None,
    org_unit: OrgUnit | None = None,
    year: int,
    award_code: str,
    award_name: str,
    decision_number: str,
    decision_date: date,
    signer: str,
    issued_by: str,
    source: str,
    source_ref: str = "",
    actor: Any,
) -> AwardRecord:
    """Record a title or commendation received by a person or a unit, with its decision.

    ``source`` "decision" is the commendations app writing the awards of a decision it has just issued: that
    service has authorised the decision, so no unit permission is checked again here. Any other source needs
    the actor to edit the person's (or the unit's) records.
    """
    if (person is None) == (org_unit is None):
        raise DomainError("Khen thưởng phải ghi cho đúng một cán bộ hoặc một đơn vị.", field="person")
    if source not in AwardSource.values:
        raise DomainError(f"Nguồn «{source}» không hợp lệ.", field="source")
    if source != AwardSource.DECISION:
        if person is not None:
            _require_person(actor, person)
        else:
            _require_unit(actor, org_unit)
    code = _text(award_code)
    if not code:
        raise DomainError("Hãy chọn danh hiệu hoặc hình thức khen thưởng.", field="award_code")
    row = AwardRecord(
        person=person,
        org_unit=org_unit,
        year=year,
        award_code=code,
        award_name=_text(award_name) or award_name_for(code),
        decision_number=_text(decision_number),
        decision_date=decision_date,
        signer=_text(signer),
        issued_by=_text(issued_by),
        source=source,
        source_ref=_text(source_ref),
    )
    return _save(row, action="award_record.create", actor=actor, fields=AWARD_FIELDS)


@transaction.atomic
def award_record_update(
    *,
    record: AwardRecord,
    year: int,
    award_code: str,
    award_name: str,
    decision_number: str,
    decision_date: date,
    signer: str,
    issued_by: str,
    expected_version: int | None,
    actor: Any,
) -> AwardRecord:
    """Correct a recorded award; awards written by an issued decision are corrected by that decision only."""
    record = AwardRecord.objects.select_for_update().get(pk=record.pk)
    if record.person is not None:
        _require_person(actor, record.person)
    else:
        _require_unit(actor, record.org_unit)
    if record.source == AwardSource.DECISION:
        raise DomainError(
            "Khen thưởng này được ghi từ quyết định khen thưởng trên hệ thống: hãy sửa quyết định đó.",
            field="source",
        )
    check_version(record, expected_version)
    before = _snapshot(record, AWARD_FIELDS)
    code = _text(award_code)
    record.year, record.award_code = year, code
    record.award_name = _text(award_name) or award_name_for(code)
    record.decision_number, record.decision_date = _text(decision_number), decision_date
    record.signer, record.issued_by = _text(signer), _text(issued_by)
    return _save(record, action="award_record.update", actor=actor, fields=AWARD_FIELDS, before=before)


# --- Registration (đăng ký thi đua) -------------------------------------------------------------------------------

WINDOW_FIELDS = ("year", "edition_id", "org_unit_id", "opens_on", "deadline", "note")
REGISTRATION_FIELDS = ("year", "org_unit_id", "person_id", "award_code", "state", "on_time", "late_reason")


@transaction.atomic
def registration_window_create(
    *,
    year: int,
    opens_on: date,
    deadline: date,
    edition: Any = None,
    org_unit: OrgUnit | None = None,
    note: str = "",
    actor: Any,
) -> RegistrationWindow:
    """Open the registration of a year for a cluster edition's members or a unit's subtree, with its deadline."""
    window = RegistrationWindow(
        year=year, edition=edition, org_unit=org_unit, opens_on=opens_on, deadline=deadline, note=_text(note)
    )
    require(
        _allowed(actor, "personnel.manage_window", window),
        "Chỉ cơ quan thường trực thi đua, khen thưởng được mở đợt đăng ký thi đua.",
    )
    if edition is not None and edition.year != year:
        raise DomainError(f"Cụm thi đua đã chọn là của năm {edition.year}, không phải năm {year}.", field="edition")
    return _save(window, action="registration_window.create", actor=actor, fields=WINDOW_FIELDS)


@transaction.atomic
def registration_window_update(
    *,
    window: RegistrationWindow,
    opens_on: date,
    deadline: date,
    note: str = "",
    expected_version: int | None,
    actor: Any,
) -> RegistrationWindow:
    """Move the dates of a window (gia hạn đăng ký): audited."""
    window = RegistrationWindow.objects.select_for_update().get(pk=window.pk)
    require(
        _allowed(actor, "personnel.manage_window", window),
        "Chỉ cơ quan thường trực thi đua, khen thưởng được sửa đợt đăng ký thi đua.",
    )
    check_version(window, expected_version)
    before = _snapshot(window, WINDOW_FIELDS)
    window.opens_on, window.deadline, window.note = opens_on, deadline, _text(note)
    return _save(window, action="registration_window.update", actor=actor, fields=WINDOW_FIELDS, before=before)


def window_covers(window: RegistrationWindow, unit: OrgUnit) -> bool:
    """Whether ``unit`` registers in ``window``: a member of its edition, or the unit or under it during the year."""
    if window.edition_id is not None:
        return ClusterMembership.objects.filter(edition_id=window.edition_id, unit=unit).exists()
    from thidua.organisations.domain.tree import units_ever_under
    from thidua.organisations.services import all_unit_versions

    if unit.pk == window.org_unit_id:
        return True
    return str(unit.pk) in units_ever_under(all_unit_versions(), str(window.org_unit_id))


def _check_award_code(code: str, *, individual: bool) -> None:
    recipient = Recipient.INDIVIDUAL if individual else Recipient.COLLECTIVE
    codes = {t.code for t in DEFAULT_CATALOGUE.titles_for(recipient=recipient)}
    if code not in codes:
        who = "cá nhân" if individual else "tập thể"
        names = "; ".join(t.name for t in DEFAULT_CATALOGUE.titles_for(recipient=recipient))
        raise DomainError(
            f"«{award_name_for(code)}» không phải danh hiệu thi đua {who}: hãy chọn một trong: {names}.",
            field="award_code",
        )


def _moment(today: date | None) -> datetime:
    """Now; or, when a caller states the day (the demo replaying January), 09:00 local time that day."""
    if today is None or today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, time(9, 0)))


def _person_in_unit(person: Person, unit: OrgUnit, year: int) -> bool:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    return (
        person.postings.filter(org_unit=unit, valid_from__lt=end)
        .exclude(valid_to__isnull=False, valid_to__lte=start)
        .exists()
    )


@transaction.atomic
def registration_create(
    *,
    window: RegistrationWindow,
    org_unit: OrgUnit,
    award_code: str,
    person: Person | None = None,
    reason: str = "",
    today: date | None = None,
    actor: Any,
) -> Registration:
    """Register a unit for a collective title, or one of its people for an individual title.

    The unit's officer registers within the window (the deadline day included); the unit's leader then submits.
    After the deadline only the emulation office over the unit records a registration, with a reason; it is
    marked late and counts as submitted.
    """
    today = today or timezone.localdate()
    window = RegistrationWindow.objects.select_for_update().get(pk=window.pk)
    is_officer = _allowed(actor, "personnel.register", org_unit)
    is_office = _allowed(actor, "personnel.register_late", org_unit)
    require(is_officer or is_office, "Chỉ cán bộ nhập liệu của đơn vị được đăng ký thi đua cho đơn vị.")
    if not window_covers(window, org_unit):
        raise DomainError(f"Đơn vị {org_unit} không thuộc phạm vi của đợt đăng ký này.", field="org_unit")
    code = _text(award_code)
    _check_award_code(code, individual=person is not None)
    if person is not None and not _person_in_unit(person, org_unit, window.year):
        raise DomainError(f"{person.full_name} không công tác tại {org_unit} trong năm {window.year}.", field="person")
    on_time = registration_timing(
        today=today, opens_on=window.opens_on, deadline=window.deadline, year=window.year, late_allowed=is_office
    )
    reason = _text(reason)
    if not on_time and not reason:
        raise DomainError(
            f"Đã quá hạn đăng ký ({format_day(window.deadline)}): hãy ghi lý do ghi nhận đăng ký muộn.",
            field="reason",
        )
    now = _moment(today)
    late = not on_time
    row = Registration(
        window=window,
        year=window.year,
        org_unit=org_unit,
        person=person,
        award_code=code,
        state=RegistrationState.SUBMITTED if late else RegistrationState.DRAFT,
        registered_at=now,
        registered_by=actor,
        submitted_at=now if late else None,
        submitted_by=actor if late else None,
        on_time=on_time,
        late_reason=reason if late else "",
    )
    full_clean(row)
    row.save()
    audit.record(
        actor=actor,
        action="registration.create_late" if late else "registration.create",
        obj=row,
        after=_snapshot(row, REGISTRATION_FIELDS),
        reason=reason,
    )
    return row


@transaction.atomic
def registration_withdraw(*, registration: Registration, actor: Any, today: date | None = None) -> None:
    """Remove a registration not yet submitted (the unit's officer, before the deadline)."""
    registration = Registration.objects.select_for_update().select_related("window").get(pk=registration.pk)
    require(
        _allowed(actor, "personnel.register", registration.org_unit),
        "Chỉ cán bộ nhập liệu của đơn vị được rút đăng ký.",
    )
    if registration.state != RegistrationState.DRAFT:
        raise DomainError("Đăng ký đã gửi: không rút được nữa.", field="state")
    window = registration.window
    registration_timing(
        today=today or timezone.localdate(),
        opens_on=window.opens_on,
        deadline=window.deadline,
        year=window.year,
        late_allowed=False,
    )
    audit.record(
        actor=actor,
        action="registration.withdraw",
        obj=registration,
        before=_snapshot(registration, REGISTRATION_FIELDS),
    )
    registration.delete()


@transaction.atomic
def registration_submit(*, window: RegistrationWindow, org_unit: OrgUnit, actor: Any, today: date | None = None) -> int:
    """The unit leader submits the unit's registrations (gửi đăng ký thi đua); returns how many were submitted.

    Whoever registered a line does not submit it (separation of duties); after the deadline nothing is submitted.
    """
    require(
        _allowed(actor, "personnel.submit_registration", org_unit),
        "Chỉ lãnh đạo đơn vị được gửi đăng ký thi đua của đơn vị.",
    )
    window = RegistrationWindow.objects.select_for_update().get(pk=window.pk)
    registration_timing(
        today=today or timezone.localdate(),
        opens_on=window.opens_on,
        deadline=window.deadline,
        year=window.year,
        late_allowed=False,
    )
    now = _moment(today)
    drafts = list(
        Registration.objects.select_for_update().filter(window=window, org_unit=org_unit, state=RegistrationState.DRAFT)
    )
    if not drafts:
        raise DomainError("Đơn vị chưa có đăng ký nào chờ gửi.", field="state")
    if any(r.registered_by_id == actor.pk for r in drafts):
        raise DomainError(
            "Người đăng ký không tự gửi đăng ký của mình: lãnh đạo đơn vị khác người nhập phải gửi.", field="state"
        )
    for row in drafts:
        before = _snapshot(row, REGISTRATION_FIELDS)
        row.state, row.submitted_at, row.submitted_by = RegistrationState.SUBMITTED, now, actor
        row.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
        audit.record(
            actor=actor, action="registration.submit", obj=row, before=before, after=_snapshot(row, REGISTRATION_FIELDS)
        )
    return len(drafts)


# --- Loading many histories at once (demo, migration from another system) ----------------------------------------


@dataclass(frozen=True)
class PostingEntry:
    org_unit: OrgUnit
    rank: str
    position: str
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True)
class AwardEntry:
    year: int
    award_code: str
    decision_number: str
    decision_date: date
    signer: str = ""
    issued_by: str = ""


@dataclass(frozen=True)
class PersonEntry:
    """A new officer with their whole history, for :func:`people_bulk_create`."""

    code: str
    full_name: str
    postings: tuple[PostingEntry, ...]
    birth_year: int | None = None
    gender: str = ""
    ratings: tuple[tuple[int, str, str], ...] = ()  # (year, rating, decision)
    awards: tuple[AwardEntry, ...] = ()
    discipline: tuple[tuple[int, str, str, date | None], ...] = ()  # (year, level, number, date)
    innovations: tuple[tuple[str, str, int, str, str], ...] = ()  # (kind, name, year, scope, decision)


def _check_choice(value: str, choices: list[tuple[str, str]], label: str, who: str) -> None:
    if value not in {v for v, _ in choices}:
        raise DomainError(f"{who}: {label} «{value}» không hợp lệ.", field=label)


@transaction.atomic
def people_bulk_create(*, entries: list[PersonEntry], actor: Any, reason: str = "") -> list[Person]:
    """Create many new officers with their histories in one transaction: every value is checked as the single-row
    services check it (permission on every unit, choices, years, overlapping postings, duplicates), rows are
    inserted in bulk and one audit event per person records their whole history. Refuses everything if one entry
    is wrong; refuses a số hiệu already on record (use the single-row services to change existing people)."""
    from thidua.accounts.access import access_for
    from thidua.personnel.domain.records import parse_year
    from thidua.personnel.models import DISCIPLINE_CHOICES, INNOVATION_CHOICES, RATING_CHOICES, SCOPE_CHOICES
    from thidua.personnel.permissions import EDITORS

    editable = access_for(actor).unit_ids_for("change", EDITORS) if actor is not None else frozenset()
    codes = [_text(e.code).upper() for e in entries]
    if len(set(codes)) != len(codes):
        raise DomainError("Danh sách có số hiệu trùng nhau.", field="code")
    taken = set(Person.objects.filter(code__in=codes).values_list("code", flat=True))
    if taken:
        raise DomainError(f"Số hiệu đã có trong hồ sơ cán bộ: {', '.join(sorted(taken))}.", field="code")
    for entry, code in zip(entries, codes, strict=True):
        who = f"{entry.full_name} ({code})"
        if not _text(entry.full_name):
            raise DomainError(f"Số hiệu {code}: thiếu họ và tên.", field="full_name")
        if not entry.postings:
            raise DomainError(f"{who}: cần ít nhất một quá trình công tác.", field="postings")
        for p in entry.postings:
            require(p.org_unit.pk in editable, UNIT_MESSAGE)
            _check_rank(p.rank)
            if p.valid_to is not None and p.valid_to <= p.valid_from:
                raise DomainError(f"{who}: ngày kết thúc phải sau ngày bắt đầu công tác.", field="valid_to")
        clash = find_overlap(Interval(str(i), p.valid_from, p.valid_to) for i, p in enumerate(entry.postings))
        if clash is not None:
            raise DomainError(f"{who}: quá trình công tác {clash[0].text} trùng với {clash[1].text}.", field="postings")
        years = [y for y, _, _ in entry.ratings]
        if len(set(years)) != len(years):
            raise DomainError(f"{who}: có hai xếp loại cùng một năm.", field="ratings")
        for year, rating, _ in entry.ratings:
            parse_year(year)
            _check_choice(rating, RATING_CHOICES, "rating", who)
        for _, level, _, _ in entry.discipline:
            _check_choice(level, DISCIPLINE_CHOICES, "level", who)
        for kind, _, _, scope, _ in entry.innovations:
            _check_choice(kind, INNOVATION_CHOICES, "kind", who)
            _check_choice(scope, SCOPE_CHOICES, "scope", who)
        award_keys = set()
        for award in entry.awards:
            parse_year(award.year)
            if not award.award_code or not award.decision_number:
                raise DomainError(f"{who}: khen thưởng thiếu danh hiệu hoặc số quyết định.", field="awards")
            key = (award.year, award.award_code, _text(award.decision_number))
            if key in award_keys:
                raise DomainError(
                    f"{who}: khen thưởng {award_name_for(award.award_code)} năm {award.year} theo quyết định "
                    f"{award.decision_number} ghi hai lần.",
                    field="awards",
                )
            award_keys.add(key)
    people = Person.objects.bulk_create(
        [
            Person(code=code, full_name=_text(e.full_name), birth_year=e.birth_year, gender=e.gender or "")
            for e, code in zip(entries, codes, strict=True)
        ]
    )
    if any(p.pk is None for p in people):  # databases that return no keys from a bulk insert
        by_code = {p.code: p for p in Person.objects.filter(code__in=codes)}
        people = [by_code[c] for c in codes]
    postings, ratings, awards, discipline, innovations = [], [], [], [], []
    for person, entry in zip(people, entries, strict=True):
        postings += [
            Posting(
                person=person,
                org_unit=p.org_unit,
                rank=p.rank,
                position=_text(p.position),
                valid_from=p.valid_from,
                valid_to=p.valid_to,
            )
            for p in entry.postings
        ]
        ratings += [DutyRating(person=person, year=y, rating=r, decision=_text(d)) for y, r, d in entry.ratings]
        awards += [
            AwardRecord(
                person=person,
                year=a.year,
                award_code=a.award_code,
                award_name=award_name_for(a.award_code),
                decision_number=_text(a.decision_number),
                decision_date=a.decision_date,
                signer=_text(a.signer),
                issued_by=_text(a.issued_by),
                source=AwardSource.MANUAL,
            )
            for a in entry.awards
        ]
        discipline += [
            DisciplineRecord(person=person, year=y, level=lv, decision_number=_text(n), decision_date=d)
            for y, lv, n, d in entry.discipline
        ]
        innovations += [
            Innovation(person=person, kind=k, name=_text(n), year=y, scope=s, decision=_text(d))
            for k, n, y, s, d in entry.innovations
        ]
        audit.record(
            actor=actor,
            action="person.bulk_create",
            obj=person,
            after={
                **_snapshot(person, PERSON_FIELDS),
                "postings": [[p.org_unit.code, p.rank, p.position, p.valid_from, p.valid_to] for p in entry.postings],
                "ratings": [list(r) for r in entry.ratings],
                "awards": [[a.year, a.award_code, a.decision_number, a.decision_date] for a in entry.awards],
                "discipline": [list(d) for d in entry.discipline],
                "innovations": [list(i) for i in entry.innovations],
            },
            reason=reason,
        )
    Posting.objects.bulk_create(postings)
    DutyRating.objects.bulk_create(ratings)
    AwardRecord.objects.bulk_create(awards)
    DisciplineRecord.objects.bulk_create(discipline)
    Innovation.objects.bulk_create(innovations)
    return people
