"""Caps on proposals (giới hạn số lượng đề nghị khen thưởng), DOMAIN.md section 5.

Two kinds of cap, both data with a legal basis and a ``verify`` note:

* :class:`ShareCap`: within one unit and year, the number proposed for a title may not exceed a percentage of those
  proposed for (or holding) another title: Chiến sĩ thi đua cơ sở at most 15% of the unit's Chiến sĩ tiên tiến
  (verify). The allowed number is rounded down by default ("không quá 15%": 20 Chiến sĩ tiên tiến allow 3,
  19 allow 2, since 2,85 people cannot be 3); the rounding is a setting of the cap.
* :class:`ClusterQuota`: within one cluster edition (cụm thi đua, one year's composition), the number of a
  collective title proposed may not exceed a quota: 1 Cờ thi đua của Chính phủ and up to 4 Cờ thi đua của Bộ Công
  an were observed for a cluster of 6. A quota without ``edition`` applies to every edition; one naming an edition
  replaces it for that edition.

:func:`check_caps` counts distinct subjects per title (a subject proposed twice counts once) over every proposal it
is given: pass the year's decided awards along with the new proposals when they count too. The mode is a setting:
``WARN`` returns warnings, ``BLOCK`` returns errors that stop the dossier (:meth:`CapCheck.raise_if_blocked`); a cap
may carry its own mode.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum
from typing import Final

from thidua.commendations.domain.catalogue import (
    ADVANCED_SOLDIER,
    BASE_EMULATION_SOLDIER,
    DEFAULT_CATALOGUE,
    GOVERNMENT_EMULATION_FLAG,
    MINISTRY_EMULATION_FLAG,
    Catalogue,
)
from thidua.commendations.domain.rulesets import percent_text
from thidua.core.domain.errors import DomainError

__all__ = [
    "DEFAULT_CAPS",
    "Cap",
    "CapCheck",
    "CapFinding",
    "CapMode",
    "ClusterQuota",
    "Proposal",
    "Severity",
    "ShareCap",
    "check_caps",
]


class CapMode(StrEnum):
    """What an exceeded cap does (a setting): warn, or block the dossier."""

    WARN = "warn"
    BLOCK = "block"


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"

    @property
    def label(self) -> str:
        return "Cảnh báo" if self is Severity.WARNING else "Lỗi"


@dataclass(frozen=True)
class Proposal:
    """One subject proposed for (or holding) a title in a year, by a unit, in a cluster edition (optional)."""

    subject: str
    title: str
    year: int
    unit: str
    cluster_edition: str = ""
    subject_name: str = ""
    unit_name: str = ""
    source: str = ""
    """Where the proposal was counted from, for the message: ``"history"`` (an award already decided) or
    ``"dossier"`` (a line of a dossier); empty when unsaid."""


@dataclass(frozen=True, kw_only=True)
class Cap:
    """A cap on the number of proposals of ``title``; ``mode`` overrides the check's mode when set."""

    title: str
    legal_basis: str
    verify: str = ""
    mode: CapMode | None = None


@dataclass(frozen=True, kw_only=True)
class ShareCap(Cap):
    """Per unit and year: ``title`` proposals ≤ ``max_percent``% of ``of_title`` proposals, rounded by ``rounding``."""

    of_title: str
    max_percent: Decimal
    rounding: str = ROUND_FLOOR

    def allowed(self, base_count: int) -> int:
        """How many ``title`` proposals ``base_count`` proposals of ``of_title`` allow."""
        return int((self.max_percent * base_count / 100).to_integral_value(rounding=self.rounding))


@dataclass(frozen=True, kw_only=True)
class ClusterQuota(Cap):
    """Per cluster edition: proposals of ``title`` ≤ ``max_count``; ``edition`` ``None`` is the default quota."""

    max_count: int
    edition: str | None = None


@dataclass(frozen=True)
class CapFinding:
    """A cap exceeded: where (``scope``: the unit or the cluster edition), how many, how many allowed, and who."""

    cap: Cap
    severity: Severity
    scope: str
    year: int | None
    count: int
    allowed: int
    message: str
    proposals: tuple[Proposal, ...]


@dataclass(frozen=True)
class CapCheck:
    """The result of :func:`check_caps`: findings, split into warnings and blocking errors."""

    findings: tuple[CapFinding, ...]

    @property
    def warnings(self) -> tuple[CapFinding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def errors(self) -> tuple[CapFinding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    def raise_if_blocked(self) -> None:
        """Raise a :class:`DomainError` (field ``proposals``) listing every blocking finding."""
        if self.errors:
            raise DomainError(" ".join(f.message for f in self.errors), field="proposals")


def _distinct(proposals: Iterable[Proposal]) -> list[Proposal]:
    seen: set[tuple[str, str, int]] = set()
    unique = []
    for p in proposals:
        key = (p.subject, p.title, p.year)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _severity(cap: Cap, mode: CapMode) -> Severity:
    return Severity.ERROR if (cap.mode or mode) is CapMode.BLOCK else Severity.WARNING


def _basis(cap: Cap, ruleset_name: str = "") -> str:
    parts = [f"căn cứ: {cap.legal_basis}"] if cap.legal_basis else []
    if ruleset_name:
        parts.append(f"bộ tiêu chuẩn áp dụng: {ruleset_name}")
    return f" ({'; '.join(parts)})" if parts else ""


def _sources_text(base: Sequence[Proposal]) -> str:
    by_subject: dict[str, set[str]] = defaultdict(set)
    for p in base:
        by_subject[p.subject].add(p.source)
    history = sum(1 for sources in by_subject.values() if "history" in sources)
    dossier = sum(1 for sources in by_subject.values() if "history" not in sources and "dossier" in sources)
    parts = []
    if history:
        parts.append(f"{history} trong lịch sử khen thưởng")
    if dossier:
        parts.append(f"{dossier} đề nghị trong hồ sơ")
    return f": {', '.join(parts)}" if parts and history + dossier == len(by_subject) else ""


def _share_findings(
    cap: ShareCap, proposals: Sequence[Proposal], mode: CapMode, catalogue: Catalogue, ruleset_name: str
) -> list[CapFinding]:
    """A subject proposed for (or holding) the capped title holds the base title that year too (Chiến sĩ thi đua cơ
    sở requires Chiến sĩ tiên tiến, Art. 23), so the base counts the distinct subjects of either title."""
    groups: dict[tuple[str, int], list[Proposal]] = defaultdict(list)
    for p in proposals:
        if p.title in (cap.title, cap.of_title):
            groups[(p.unit, p.year)].append(p)
    findings = []
    for (unit, year), members in sorted(groups.items()):
        capped = [p for p in members if p.title == cap.title]
        base_subjects = {p.subject for p in members}
        allowed = cap.allowed(len(base_subjects))
        if len(capped) <= allowed:
            continue
        unit_name = next((p.unit_name for p in members if p.unit_name), unit)
        capped_name, base_name = catalogue.title_name(cap.title), catalogue.title_name(cap.of_title)
        message = (
            f"{unit_name} năm {year}: đề nghị {len(capped)} {capped_name}, vượt giới hạn "
            f"{percent_text(cap.max_percent)} số {base_name} của đơn vị trong năm ({len(base_subjects)} người"
            f"{_sources_text(members)}, kể cả người được đề nghị {capped_name}; tối đa {allowed})"
            f"{_basis(cap, ruleset_name)}."
        )
        findings.append(CapFinding(cap, _severity(cap, mode), unit, year, len(capped), allowed, message, tuple(capped)))
    return findings


def _quota_findings(
    quotas: Sequence[ClusterQuota], proposals: Sequence[Proposal], mode: CapMode, catalogue: Catalogue
) -> list[CapFinding]:
    specific: dict[tuple[str, str], ClusterQuota] = {}
    default: dict[str, ClusterQuota] = {}
    for quota in quotas:
        if quota.max_count < 0:
            raise DomainError("Chỉ tiêu của cụm không được âm.", field="caps")
        table_key = (quota.edition or "", quota.title)
        if (quota.edition is None and quota.title in default) or table_key in specific:
            where = f"cụm {quota.edition}" if quota.edition else "mọi cụm"
            raise DomainError(
                f"Có hai chỉ tiêu {catalogue.title_name(quota.title)} cho {where}.",
                field="caps",
            )
        if quota.edition is None:
            default[quota.title] = quota
        else:
            specific[table_key] = quota
    groups: dict[tuple[str, str], list[Proposal]] = defaultdict(list)
    for p in proposals:
        if p.cluster_edition:
            groups[(p.cluster_edition, p.title)].append(p)
    findings = []
    for (edition, title), members in sorted(groups.items()):
        limit = specific.get((edition, title)) or default.get(title)
        if limit is None or len(members) <= limit.max_count:
            continue
        years = {p.year for p in members}
        message = (
            f"Cụm thi đua {edition}: đề nghị {len(members)} {catalogue.title_name(title)}, vượt chỉ tiêu "
            f"{limit.max_count} của cụm{_basis(limit)}."
        )
        findings.append(
            CapFinding(
                limit,
                _severity(limit, mode),
                edition,
                years.pop() if len(years) == 1 else None,
                len(members),
                limit.max_count,
                message,
                tuple(members),
            )
        )
    return findings


def check_caps(
    proposals: Iterable[Proposal],
    caps: Iterable[Cap],
    mode: CapMode,
    *,
    catalogue: Catalogue = DEFAULT_CATALOGUE,
    ruleset_name: str = "",
) -> CapCheck:
    """Check ``proposals`` against ``caps``; each exceeded cap is a warning or, in ``BLOCK`` mode, an error.

    ``ruleset_name`` names the rule set the caps come from (the one chosen for the dossier), cited in the messages.

    Refuses a negative percentage or quota and two quotas for the same title and edition (field ``caps``).
    """
    unique = _distinct(proposals)
    cap_list = list(caps)
    findings: list[CapFinding] = []
    for cap in cap_list:
        if isinstance(cap, ShareCap):
            if cap.max_percent < 0:
                raise DomainError("Tỷ lệ tối đa không được âm.", field="caps")
            findings.extend(_share_findings(cap, unique, mode, catalogue, ruleset_name))
    quotas = [cap for cap in cap_list if isinstance(cap, ClusterQuota)]
    findings.extend(_quota_findings(quotas, unique, mode, catalogue))
    return CapCheck(tuple(findings))


_CAP_BASIS: Final = "Luật Thi đua, khen thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP"
_QUOTA_BASIS: Final = "Chỉ tiêu Bộ Công an giao cho cụm thi đua"

DEFAULT_CAPS: Final[tuple[Cap, ...]] = (
    ShareCap(
        title=BASE_EMULATION_SOLDIER,
        of_title=ADVANCED_SOLDIER,
        max_percent=Decimal(15),
        legal_basis=_CAP_BASIS,
        verify="Tỷ lệ 15% theo DOMAIN.md (verify): chưa đối chiếu điều khoản và cách làm tròn.",
    ),
    ClusterQuota(
        title=GOVERNMENT_EMULATION_FLAG,
        max_count=1,
        legal_basis=_QUOTA_BASIS,
        verify="Quan sát ở một cụm 6 đơn vị (DOMAIN.md); chỉ tiêu thực tế giao theo từng cụm, từng năm.",
    ),
    ClusterQuota(
        title=MINISTRY_EMULATION_FLAG,
        max_count=4,
        legal_basis=_QUOTA_BASIS,
        verify="Quan sát ở một cụm 6 đơn vị (DOMAIN.md); chỉ tiêu thực tế giao theo từng cụm, từng năm.",
    ),
)
"""The caps of DOMAIN.md section 5, as default data."""
