"""Writes of the good-practice registry. Each is one transaction with its audit event; the folded search column
is kept here, whenever the words of an entry change."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from thidua.collection.domain import evidence
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.services import bump_version, check_version, full_clean, nfc, require
from thidua.indicators.models import Period
from thidua.organisations.models import OrgUnit
from thidua.practices.domain.kinds import KIND_LABELS, Kind, parse_tags
from thidua.practices.domain.search import fold, search_text
from thidua.practices.models import Practice, PracticeAttachment, PracticeTag, Replication

MAX_TITLE = 300


def _kind(raw: str) -> Kind:
    try:
        return Kind(raw)
    except ValueError:
        raise DomainError(
            "Hãy chọn loại: nhân tố mới, điển hình tiên tiến, mô hình hiệu quả, ...", field="kind"
        ) from None


def _snapshot(practice: Practice) -> dict[str, Any]:
    data = audit.snapshot(practice) or {}
    data.pop("search_text", None)
    data["tags"] = [t.name for t in practice.tags.all()]
    return data


def _refresh_search(practice: Practice) -> None:
    """The folded words of the entry: kind, title, unit, description, results, tags (what a search may name)."""
    practice.search_text = search_text(
        KIND_LABELS[Kind(practice.kind)],
        practice.title,
        str(practice.unit),
        practice.description,
        practice.results,
        " ".join(t.name for t in practice.tags.all()),
    )
    practice.save(update_fields=["search_text"])


def _set_tags(practice: Practice, tags: list[str]) -> None:
    practice.tags.all().delete()
    PracticeTag.objects.bulk_create([PracticeTag(practice=practice, name=t, key=fold(t)[:60]) for t in tags])


def _fill(practice: Practice, *, kind: str, title: str, period: Period, description: str, results: str) -> None:
    practice.kind = _kind(kind).value
    practice.title = nfc(title)
    practice.period = period
    practice.description = nfc(description)
    practice.results = nfc(results)
    if not practice.title:
        raise DomainError("Cần ghi tên nhân tố mới, mô hình, cách làm.", field="title")
    if len(practice.title) > MAX_TITLE:
        raise DomainError(f"Tên quá dài: tối đa {MAX_TITLE} ký tự.", field="title")
    if not practice.description:
        raise DomainError("Cần ghi nội dung, cách làm.", field="description")


@transaction.atomic
def practice_create(
    *,
    kind: str,
    title: str,
    unit: OrgUnit,
    period: Period,
    description: str,
    results: str = "",
    tags: str = "",
    actor: Any,
) -> Practice:
    """Record an entry for ``unit`` (its officers and leaders, or the emulation office over it)."""
    require(
        actor.has_perm("practices.record", unit),
        "Chỉ cán bộ, lãnh đạo của đơn vị hoặc cơ quan thường trực thi đua cấp trên được ghi nhận cho đơn vị.",
    )
    tag_list = parse_tags(nfc(tags))
    practice = Practice(unit=unit, created_by=actor)
    _fill(practice, kind=kind, title=title, period=period, description=description, results=results)
    full_clean(practice, exclude=["search_text"])
    practice.save()
    _set_tags(practice, tag_list)
    _refresh_search(practice)
    audit.record(actor=actor, action="practice.create", obj=practice, after=_snapshot(practice))
    return practice


def _locked(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().select_related("unit", "period").get(pk=practice.pk)


@transaction.atomic
def practice_edit(
    *,
    practice: Practice,
    kind: str,
    title: str,
    period: Period,
    description: str,
    results: str = "",
    tags: str = "",
    expected_version: int | None,
    actor: Any,
) -> Practice:
    """Change an entry; an edit based on an older version than the stored one is refused."""
    practice = _locked(practice)
    require(actor.has_perm("practices.edit", practice), "Bạn không được sửa mục của đơn vị khác.")
    check_version(practice, expected_version)
    before = _snapshot(practice)
    tag_list = parse_tags(nfc(tags))
    _fill(practice, kind=kind, title=title, period=period, description=description, results=results)
    full_clean(practice, exclude=["search_text"])
    bump_version(practice)
    practice.save()
    _set_tags(practice, tag_list)
    _refresh_search(practice)
    audit.record(actor=actor, action="practice.edit", obj=practice, before=before, after=_snapshot(practice))
    return practice


@transaction.atomic
def practice_publish(*, practice: Practice, published: bool, expected_version: int | None, actor: Any) -> Practice:
    """Publish (công bố) an entry so every user can read and replicate it, or withdraw it."""
    practice = _locked(practice)
    require(
        actor.has_perm("practices.publish", practice),
        "Chỉ lãnh đạo đơn vị hoặc cơ quan thường trực thi đua cấp trên được công bố.",
    )
    check_version(practice, expected_version)
    before = _snapshot(practice)
    practice.published = published
    practice.published_at = timezone.now() if published else None
    practice.published_by = actor if published else None
    bump_version(practice)
    practice.save()
    audit.record(
        actor=actor,
        action="practice.publish" if published else "practice.withdraw",
        obj=practice,
        before=before,
        after=_snapshot(practice),
    )
    return practice


@transaction.atomic
def replication_add(
    *, practice: Practice, unit: OrgUnit, since: date | None, note: str = "", actor: Any
) -> Replication:
    """Record that ``unit`` adopted the practice (nhân rộng) since a date: by the unit's own people (or the office
    over it), or by the practice's owners on its behalf. The practice must be one the actor can read."""
    practice = _locked(practice)
    require(
        actor.has_perm("practices.replicate_for", unit) or actor.has_perm("practices.edit", practice),
        "Chỉ cán bộ, lãnh đạo của đơn vị áp dụng hoặc của đơn vị có mô hình được ghi nhận nhân rộng.",
    )
    if not Practice.objects.for_user(actor).filter(pk=practice.pk).exists():
        raise DomainError("Không tìm thấy mục này trong phạm vi của bạn.", field="practice")
    if unit.pk == practice.unit_id:
        raise DomainError("Đơn vị áp dụng phải khác đơn vị có mô hình.", field="unit")
    if since is None:
        raise DomainError("Cần ghi ngày bắt đầu áp dụng (dd/mm/yyyy).", field="since")
    if since > timezone.localdate():
        raise DomainError("Ngày bắt đầu áp dụng không được ở tương lai.", field="since")
    if since < practice.period.start:
        raise DomainError(
            f"Ngày bắt đầu áp dụng không được trước kỳ của mô hình ({practice.period.start:%d/%m/%Y}).", field="since"
        )
    if Replication.objects.filter(practice=practice, unit=unit).exists():
        raise DomainError(f"«{unit}» đã được ghi nhận áp dụng mô hình này.", field="unit")
    replication = Replication(practice=practice, unit=unit, since=since, note=nfc(note), created_by=actor)
    full_clean(replication)
    replication.save()
    audit.record(actor=actor, action="practice.replicate", obj=practice, after=audit.snapshot(replication))
    return replication


@transaction.atomic
def practice_attach(*, practice: Practice, name: str, content: bytes, actor: Any) -> PracticeAttachment:
    """Keep a file about the entry after checking what it really is and its size (as evidence files are)."""
    practice = _locked(practice)
    require(actor.has_perm("practices.edit", practice), "Bạn không được đính kèm tệp vào mục của đơn vị khác.")
    kind = evidence.check(name, content)
    attachment = PracticeAttachment(
        practice=practice,
        original_name=nfc(name)[:255],
        kind=kind,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save(evidence.safe_name(name), ContentFile(content), save=False)
    attachment.save()
    audit.record(actor=actor, action="practice.attach", obj=practice, after=audit.snapshot(attachment))
    return attachment
