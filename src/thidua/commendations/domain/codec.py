"""Criteria stored as data: a kind name and JSON parameters, turned into the pure :class:`Criterion` objects.

The database keeps each criterion of a rule set as ``kind`` (e.g. ``"consecutive_title"``) and ``params`` (e.g.
``{"title": "base_emulation_soldier", "length": 3, "restart_after_award": true}``); :func:`criterion_from_data`
builds the frozen dataclass of :mod:`.rulesets` (refusing an unknown kind, an unknown parameter, a missing one or a
value of the wrong type, with a Vietnamese message naming it) and :func:`criterion_to_data` writes one back. Chains
(:class:`ConsecutiveTitle`), thresholds (:class:`MemberTitleShare`, :class:`MemberRatingShare`) and the other kinds
are all rows of the same table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Final

from thidua.commendations.domain.rulesets import (
    Attestation,
    Attested,
    Comparison,
    ConsecutiveTitle,
    Criterion,
    DisciplineLevel,
    DutyRating,
    DutyRatingAtLeast,
    EffectScope,
    ExceedsTargets,
    HasInnovation,
    HasNewFactors,
    InnovationKind,
    LeadsCluster,
    MemberRatingShare,
    MembersWithTitle,
    MemberTitleShare,
    NoMemberDisciplined,
    NotDisciplined,
)
from thidua.core.domain.errors import DomainError

__all__ = ["KINDS", "KIND_LABELS", "criterion_from_data", "criterion_to_data", "kind_of"]

KINDS: Final[Mapping[str, type[Criterion]]] = {
    "duty_rating_at_least": DutyRatingAtLeast,
    "attested": Attested,
    "member_title_share": MemberTitleShare,
    "member_rating_share": MemberRatingShare,
    "members_with_title": MembersWithTitle,
    "consecutive_title": ConsecutiveTitle,
    "has_innovation": HasInnovation,
    "not_disciplined": NotDisciplined,
    "no_member_disciplined": NoMemberDisciplined,
    "leads_cluster": LeadsCluster,
    "exceeds_targets": ExceedsTargets,
    "has_new_factors": HasNewFactors,
}

KIND_LABELS: Final[Mapping[str, str]] = {
    "duty_rating_at_least": "Mức hoàn thành nhiệm vụ tối thiểu",
    "attested": "Nội dung được xác nhận",
    "member_title_share": "Tỷ lệ cán bộ, chiến sĩ đạt danh hiệu",
    "member_rating_share": "Tỷ lệ cán bộ, chiến sĩ hoàn thành nhiệm vụ",
    "members_with_title": "Số cán bộ, chiến sĩ đạt danh hiệu",
    "consecutive_title": "Chuỗi danh hiệu liên tục",
    "has_innovation": "Sáng kiến, đề tài, mưu trí sáng tạo",
    "not_disciplined": "Không bị kỷ luật",
    "no_member_disciplined": "Không có cán bộ, chiến sĩ bị kỷ luật",
    "leads_cluster": "Dẫn đầu cụm, khối thi đua",
    "exceeds_targets": "Vượt chỉ tiêu thi đua",
    "has_new_factors": "Có nhân tố mới, mô hình mới",
}

_COMMON = ("article", "enabled", "verify")


def _enum(kind: type[StrEnum]) -> Callable[[Any, str], Any]:
    def convert(value: Any, name: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            raise DomainError(
                f"Tham số {name}: giá trị «{value}» không hợp lệ (chọn một trong: {allowed}).", field="params"
            ) from None

    return convert


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DomainError(f"Tham số {name} phải là số nguyên.", field="params")
    try:
        return int(value)
    except ValueError:
        raise DomainError(f"Tham số {name} phải là số nguyên (bạn nhập «{value}»).", field="params") from None


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | str | float):
        raise DomainError(f"Tham số {name} phải là một số.", field="params")
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise DomainError(f"Tham số {name} phải là một số (bạn nhập «{value}»).", field="params") from None


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise DomainError(f"Tham số {name} phải là true hoặc false.", field="params")
    return value


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DomainError(f"Tham số {name} phải là một mã (chuỗi ký tự).", field="params")
    return value.strip()


def _kinds(value: Any, name: str) -> frozenset[InnovationKind]:
    if not isinstance(value, list) or not value:
        raise DomainError(f"Tham số {name} phải là danh sách loại sáng kiến.", field="params")
    convert = _enum(InnovationKind)
    return frozenset(convert(v, name) for v in value)


_CONVERTERS: Final[Mapping[str, Callable[[Any, str], Any]]] = {
    "minimum": _enum(DutyRating),
    "clause": _enum(Attestation),
    "title": _str,
    "percent": _decimal,
    "comparison": _enum(Comparison),
    "minimum_count": _int,
    "length": _int,
    "step_years": _int,
    "window_years": _int,
    "assess_review_year": _bool,
    "restart_after_award": _bool,
    "minimum_scope": _enum(EffectScope),
    "kinds": _kinds,
    "level": _enum(DisciplineLevel),
}


def kind_of(criterion: Criterion) -> str:
    """The stored kind name of a criterion."""
    for name, cls in KINDS.items():
        if type(criterion) is cls:
            return name
    raise DomainError(f"Chưa hỗ trợ loại tiêu chuẩn {type(criterion).__name__}.", field="kind")


def _parameters(cls: type[Criterion]) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if f.name not in _COMMON]


def criterion_from_data(
    kind: str, params: Mapping[str, Any], *, article: str, enabled: bool = True, verify: str = ""
) -> Criterion:
    """Build the criterion of ``kind`` from ``params``; refuses unknown kinds and bad or missing parameters."""
    cls = KINDS.get(kind)
    if cls is None:
        raise DomainError(f"Loại tiêu chuẩn «{kind}» không có trong danh mục.", field="kind")
    if not isinstance(params, Mapping):
        raise DomainError("Tham số của tiêu chuẩn phải là một đối tượng JSON.", field="params")
    fields = {f.name: f for f in _parameters(cls)}
    unknown = sorted(set(params) - set(fields))
    if unknown:
        raise DomainError(
            f"Tiêu chuẩn loại «{KIND_LABELS[kind]}» không có tham số: {', '.join(unknown)}.", field="params"
        )
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in params:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise DomainError(f"Tiêu chuẩn loại «{KIND_LABELS[kind]}» thiếu tham số {name}.", field="params")
            continue
        values[name] = _CONVERTERS[name](params[name], name)
    return cls(article=article.strip(), enabled=enabled, verify=verify, **values)


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    return value


def criterion_to_data(criterion: Criterion) -> tuple[str, dict[str, Any]]:
    """The (kind, params) pair that :func:`criterion_from_data` turns back into an equal criterion."""
    params = {f.name: _plain(getattr(criterion, f.name)) for f in _parameters(type(criterion))}
    return kind_of(criterion), params
