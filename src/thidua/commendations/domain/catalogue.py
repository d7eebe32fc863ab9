"""The catalogue of emulation titles and commendation forms, and reward money (DOMAIN.md section 5).

Danh hiệu thi đua (emulation titles) and hình thức khen thưởng (commendation forms) of Luật Thi đua, khen thưởng
06/2022/QH15, in force 01/01/2024, each with its level (toàn quốc / cấp Bộ / cơ sở), its recipient (cá nhân / tập
thể), its public-security name and its civil name:

=========  ===============================  =====================================================
Level      Individual                       Collective (public-security name; civil name)
=========  ===============================  =====================================================
National   Chiến sĩ thi đua toàn quốc       Cờ thi đua của Chính phủ
Ministry   Chiến sĩ thi đua cấp Bộ          Cờ thi đua của Bộ Công an
Base       Chiến sĩ thi đua cơ sở           Đơn vị quyết thắng (Tập thể lao động xuất sắc)
Base       Chiến sĩ tiên tiến               Đơn vị tiên tiến (Tập thể lao động tiên tiến)
           (Lao động tiên tiến)
=========  ===============================  =====================================================

Everything here is data an administrator can replace: titles and forms are :class:`Title` and
:class:`CommendationForm` records gathered in a :class:`Catalogue`; the reward table is a list of
:class:`RewardCoefficient` (title → coefficient of the base salary, with validity dates and legal basis) and a list of
:class:`BaseSalary` (mức lương cơ sở, VND per month, valid from a date until the next entry). Each record carries its
legal basis and a ``verify`` note: what still has to be checked against the official text (empty when DOMAIN.md
states the fact without "(verify)"). The ``DEFAULT_*`` data sets below are built from DOMAIN.md.

Reward money (tiền thưởng, :func:`reward_amount`): the coefficient in force on the decision date (ngày quyết định
khen thưởng) times the base salary in force on that same date, then rounded by a :class:`RewardRounding` rule. The
default rule rounds up to the next 10.000 đồng ("làm tròn số lên hàng chục nghìn đồng"), the wording of the
commendation decrees (verify against Nghị định 98/2023/NĐ-CP): 0,3 × 2.340.000 = 702.000 → 710.000 đồng. Arithmetic
is Decimal only; the exact product is kept in :class:`Reward` for the record.

Validity intervals are half-open, as in the organisations domain: ``valid_from`` is the first day in force,
``valid_to`` the first day no longer in force (``None``: still in force).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Final

from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number

__all__ = [
    "ADVANCED_SOLDIER",
    "ADVANCED_UNIT",
    "BASE_EMULATION_SOLDIER",
    "DEFAULT_BASE_SALARIES",
    "DEFAULT_CATALOGUE",
    "DEFAULT_REWARD_COEFFICIENTS",
    "DEFAULT_REWARD_ROUNDING",
    "DETERMINED_TO_WIN_UNIT",
    "GOVERNMENT_EMULATION_FLAG",
    "MINISTRY_EMULATION_FLAG",
    "MINISTRY_EMULATION_SOLDIER",
    "NATIONAL_EMULATION_SOLDIER",
    "BaseSalary",
    "Catalogue",
    "CommendationForm",
    "Level",
    "Naming",
    "Recipient",
    "Reward",
    "RewardCoefficient",
    "RewardRounding",
    "Title",
    "base_salary_on",
    "coefficient_on",
    "format_date",
    "reward_amount",
    "reward_breakdown",
]

# Title codes of the default catalogue (mã danh hiệu). Rule sets, records and the reward table refer to titles by code.
NATIONAL_EMULATION_SOLDIER: Final = "national_emulation_soldier"
"""Chiến sĩ thi đua toàn quốc (Điều 21)."""
MINISTRY_EMULATION_SOLDIER: Final = "ministry_emulation_soldier"
"""Chiến sĩ thi đua cấp Bộ (Điều 22; in CAND historically "Chiến sĩ thi đua toàn lực lượng CAND")."""
BASE_EMULATION_SOLDIER: Final = "base_emulation_soldier"
"""Chiến sĩ thi đua cơ sở (Điều 23)."""
ADVANCED_SOLDIER: Final = "advanced_soldier"
"""Chiến sĩ tiên tiến (Điều 24; civil: Lao động tiên tiến)."""
GOVERNMENT_EMULATION_FLAG: Final = "government_emulation_flag"
"""Cờ thi đua của Chính phủ (Điều 25)."""
MINISTRY_EMULATION_FLAG: Final = "ministry_emulation_flag"
"""Cờ thi đua của Bộ Công an (Điều 26; civil: Cờ thi đua của bộ, ban, ngành, tỉnh)."""
DETERMINED_TO_WIN_UNIT: Final = "determined_to_win_unit"
"""Đơn vị quyết thắng (Điều 27; civil: Tập thể lao động xuất sắc)."""
ADVANCED_UNIT: Final = "advanced_unit"
"""Đơn vị tiên tiến (civil: Tập thể lao động tiên tiến)."""


class Level(StrEnum):
    """Level of a title or form (cấp khen thưởng)."""

    NATIONAL = "national"
    MINISTRY = "ministry"
    BASE = "base"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {Level.NATIONAL: "Toàn quốc", Level.MINISTRY: "Cấp Bộ", Level.BASE: "Cơ sở"}


class Recipient(StrEnum):
    """Who receives it (đối tượng): a person (cá nhân) or a unit (tập thể)."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"

    @property
    def label(self) -> str:
        return "Cá nhân" if self is Recipient.INDIVIDUAL else "Tập thể"


class Naming(StrEnum):
    """Which name to show: the public-security name (tên trong CAND) or the civil name (tên chung của Luật)."""

    PUBLIC_SECURITY = "public_security"
    CIVIL = "civil"


def format_date(day: date) -> str:
    """A date as Vietnamese documents write it: 01/07/2025."""
    return day.strftime("%d/%m/%Y")


def _in_force(valid_from: date, valid_to: date | None, day: date) -> bool:
    return valid_from <= day and (valid_to is None or day < valid_to)


@dataclass(frozen=True)
class Title:
    """An emulation title (danh hiệu thi đua) of the catalogue.

    ``name`` is the public-security name, ``civil_name`` the name the Law uses for other sectors, ``former_names``
    the names used before (kept so old decisions still match), ``article`` the article of the Law that sets its
    criteria (e.g. "Điều 24"), ``verify`` what is still to be checked against the official text.
    """

    code: str
    name: str
    civil_name: str
    level: Level
    recipient: Recipient
    article: str
    legal_basis: str
    former_names: tuple[str, ...] = ()
    verify: str = ""

    def display_name(self, naming: Naming = Naming.PUBLIC_SECURITY) -> str:
        """The name to show: ``name`` in public security, ``civil_name`` elsewhere."""
        return self.name if naming is Naming.PUBLIC_SECURITY else self.civil_name


@dataclass(frozen=True)
class CommendationForm:
    """A commendation form (hình thức khen thưởng): Huân chương, Huy chương, Bằng khen, Giấy khen.

    ``recipients`` says who may receive it; ``article`` is empty when DOMAIN.md names none.
    """

    code: str
    name: str
    level: Level
    recipients: frozenset[Recipient]
    legal_basis: str
    article: str = ""
    verify: str = ""


@dataclass(frozen=True)
class Catalogue:
    """Titles and forms (danh mục danh hiệu thi đua và hình thức khen thưởng); codes are unique across both."""

    titles: tuple[Title, ...]
    forms: tuple[CommendationForm, ...] = ()

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for code in [t.code for t in self.titles] + [f.code for f in self.forms]:
            if not code.strip():
                raise DomainError("Mã danh hiệu, hình thức khen thưởng không được để trống.", field="code")
            if code in seen:
                raise DomainError(f"Mã {code} được dùng cho hai mục của danh mục khen thưởng.", field="code")
            seen.add(code)

    def title(self, code: str) -> Title:
        """The title with ``code``; refuses an unknown code (field ``title``)."""
        for title in self.titles:
            if title.code == code:
                return title
        raise DomainError(f"Danh mục không có danh hiệu thi đua mã {code}.", field="title")

    def form(self, code: str) -> CommendationForm:
        """The commendation form with ``code``; refuses an unknown code (field ``form``)."""
        for form in self.forms:
            if form.code == code:
                return form
        raise DomainError(f"Danh mục không có hình thức khen thưởng mã {code}.", field="form")

    def title_name(self, code: str, naming: Naming = Naming.PUBLIC_SECURITY) -> str:
        """The display name of a title; the bare code when the catalogue does not know it (for messages only)."""
        for title in self.titles:
            if title.code == code:
                return title.display_name(naming)
        return code

    def titles_for(self, *, level: Level | None = None, recipient: Recipient | None = None) -> tuple[Title, ...]:
        """The titles at ``level`` and for ``recipient`` (either filter optional), in catalogue order."""
        return tuple(
            t
            for t in self.titles
            if (level is None or t.level is level) and (recipient is None or t.recipient is recipient)
        )


# --- Reward money -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RewardCoefficient:
    """One row of the reward table (hệ số tiền thưởng): title → coefficient of the base salary, over a validity."""

    title: str
    coefficient: Decimal
    valid_from: date
    legal_basis: str
    valid_to: date | None = None
    verify: str = ""

    def in_force_on(self, day: date) -> bool:
        return _in_force(self.valid_from, self.valid_to, day)


@dataclass(frozen=True)
class BaseSalary:
    """A base salary (mức lương cơ sở) in VND per month, in force from ``valid_from`` until the next entry."""

    amount: Decimal
    valid_from: date
    legal_basis: str
    verify: str = ""


@dataclass(frozen=True)
class RewardRounding:
    """How the product is rounded: to a multiple of ``quantum`` VND with a ``decimal`` rounding mode."""

    quantum: Decimal
    mode: str
    description: str
    legal_basis: str
    verify: str = ""


@dataclass(frozen=True)
class Reward:
    """Reward money for one title on one decision date, with what it was computed from (for the decision's annex)."""

    title: str
    decision_date: date
    coefficient: RewardCoefficient
    base_salary: BaseSalary
    exact_amount: Decimal
    amount: Decimal
    rounding: RewardRounding

    @property
    def explanation(self) -> str:
        """E.g. "0,3 × 2.340.000 đồng = 702.000 đồng; làm tròn lên hàng chục nghìn đồng: 710.000 đồng"."""
        text = (
            f"{format_number(self.coefficient.coefficient)} × {format_number(self.base_salary.amount)} đồng "
            f"= {format_number(self.exact_amount)} đồng"
        )
        if self.amount != self.exact_amount:
            text += f"; {self.rounding.description}: {format_number(self.amount)} đồng"
        return text


def coefficient_on(title: str, day: date, coefficients: Iterable[RewardCoefficient]) -> RewardCoefficient:
    """The coefficient of ``title`` in force on ``day``; refuses none or several (field ``coefficients``)."""
    found = [c for c in coefficients if c.title == title and c.in_force_on(day)]
    if not found:
        raise DomainError(
            f"Chưa có hệ số tiền thưởng cho danh hiệu mã {title} có hiệu lực ngày {format_date(day)}.",
            field="coefficients",
        )
    if len(found) > 1:
        raise DomainError(
            f"Có {len(found)} hệ số tiền thưởng cho danh hiệu mã {title} cùng hiệu lực ngày {format_date(day)} "
            f"({'; '.join(c.legal_basis for c in found)}): bảng hệ số bị chồng lấn.",
            field="coefficients",
        )
    return found[0]


def base_salary_on(day: date, base_salaries: Iterable[BaseSalary]) -> BaseSalary:
    """The base salary in force on ``day``: the entry with the latest ``valid_from`` not after it."""
    entries = sorted(base_salaries, key=lambda s: s.valid_from)
    for earlier, later in pairwise(entries):
        if earlier.valid_from == later.valid_from:
            raise DomainError(
                f"Có hai mức lương cơ sở cùng áp dụng từ ngày {format_date(later.valid_from)}.",
                field="base_salaries",
            )
    in_force = [s for s in entries if s.valid_from <= day]
    if not in_force:
        raise DomainError(f"Chưa có mức lương cơ sở áp dụng ngày {format_date(day)}.", field="base_salaries")
    return in_force[-1]


def reward_breakdown(
    title: str | Title,
    decision_date: date,
    coefficients: Sequence[RewardCoefficient],
    base_salaries: Sequence[BaseSalary],
    *,
    rounding: RewardRounding | None = None,
) -> Reward:
    """Reward money with its parts: coefficient and base salary in force on ``decision_date``, product, rounding."""
    code = title.code if isinstance(title, Title) else title
    rule = rounding or DEFAULT_REWARD_ROUNDING
    if rule.quantum <= 0:
        raise DomainError("Đơn vị làm tròn tiền thưởng phải lớn hơn 0.", field="rounding")
    coefficient = coefficient_on(code, decision_date, coefficients)
    if coefficient.coefficient <= 0:
        raise DomainError(f"Hệ số tiền thưởng của danh hiệu mã {code} phải lớn hơn 0.", field="coefficients")
    salary = base_salary_on(decision_date, base_salaries)
    if salary.amount <= 0:
        raise DomainError("Mức lương cơ sở phải lớn hơn 0.", field="base_salaries")
    exact = coefficient.coefficient * salary.amount
    amount = (exact / rule.quantum).to_integral_value(rounding=rule.mode) * rule.quantum
    return Reward(
        title=code,
        decision_date=decision_date,
        coefficient=coefficient,
        base_salary=salary,
        exact_amount=exact,
        amount=amount,
        rounding=rule,
    )


def reward_amount(
    title: str | Title,
    decision_date: date,
    coefficients: Sequence[RewardCoefficient],
    base_salaries: Sequence[BaseSalary],
    *,
    rounding: RewardRounding | None = None,
) -> Decimal:
    """Reward money in VND (tiền thưởng): coefficient × base salary in force on the decision date, rounded.

    ``rounding`` defaults to :data:`DEFAULT_REWARD_ROUNDING` (up to the next 10.000 đồng). Refuses a title without
    a coefficient in force on that date, a date before every base salary, or overlapping table rows.
    """
    return reward_breakdown(title, decision_date, coefficients, base_salaries, rounding=rounding).amount


# --- Default data, from DOMAIN.md section 5 -----------------------------------------------------------------------

LAW_2022: Final = "Luật Thi đua, khen thưởng 06/2022/QH15"

DEFAULT_CATALOGUE: Final = Catalogue(
    titles=(
        Title(
            code=NATIONAL_EMULATION_SOLDIER,
            name="Chiến sĩ thi đua toàn quốc",
            civil_name="Chiến sĩ thi đua toàn quốc",
            level=Level.NATIONAL,
            recipient=Recipient.INDIVIDUAL,
            article="Điều 21",
            legal_basis=LAW_2022,
        ),
        Title(
            code=MINISTRY_EMULATION_SOLDIER,
            name="Chiến sĩ thi đua cấp Bộ",
            civil_name="Chiến sĩ thi đua bộ, ban, ngành, tỉnh",
            level=Level.MINISTRY,
            recipient=Recipient.INDIVIDUAL,
            article="Điều 22",
            legal_basis=LAW_2022,
            former_names=("Chiến sĩ thi đua toàn lực lượng Công an nhân dân",),
            verify="Tên gọi chung của Luật (bộ, ban, ngành, tỉnh) chưa đối chiếu văn bản.",
        ),
        Title(
            code=BASE_EMULATION_SOLDIER,
            name="Chiến sĩ thi đua cơ sở",
            civil_name="Chiến sĩ thi đua cơ sở",
            level=Level.BASE,
            recipient=Recipient.INDIVIDUAL,
            article="Điều 23",
            legal_basis=LAW_2022,
        ),
        Title(
            code=ADVANCED_SOLDIER,
            name="Chiến sĩ tiên tiến",
            civil_name="Lao động tiên tiến",
            level=Level.BASE,
            recipient=Recipient.INDIVIDUAL,
            article="Điều 24",
            legal_basis=LAW_2022,
        ),
        Title(
            code=GOVERNMENT_EMULATION_FLAG,
            name="Cờ thi đua của Chính phủ",
            civil_name="Cờ thi đua của Chính phủ",
            level=Level.NATIONAL,
            recipient=Recipient.COLLECTIVE,
            article="Điều 25",
            legal_basis=LAW_2022,
        ),
        Title(
            code=MINISTRY_EMULATION_FLAG,
            name="Cờ thi đua của Bộ Công an",
            civil_name="Cờ thi đua của bộ, ban, ngành, tỉnh",
            level=Level.MINISTRY,
            recipient=Recipient.COLLECTIVE,
            article="Điều 26",
            legal_basis=LAW_2022,
            verify="Tên gọi chung của Luật (bộ, ban, ngành, tỉnh) chưa đối chiếu văn bản.",
        ),
        Title(
            code=DETERMINED_TO_WIN_UNIT,
            name="Đơn vị quyết thắng",
            civil_name="Tập thể lao động xuất sắc",
            level=Level.BASE,
            recipient=Recipient.COLLECTIVE,
            article="Điều 27",
            legal_basis=LAW_2022,
        ),
        Title(
            code=ADVANCED_UNIT,
            name="Đơn vị tiên tiến",
            civil_name="Tập thể lao động tiên tiến",
            level=Level.BASE,
            recipient=Recipient.COLLECTIVE,
            article="Điều 28",
            legal_basis=LAW_2022,
            verify="DOMAIN.md không ghi số điều: Điều 28 cần đối chiếu văn bản.",
        ),
    ),
    forms=(
        CommendationForm(
            code="order",
            name="Huân chương",
            level=Level.NATIONAL,
            recipients=frozenset({Recipient.INDIVIDUAL, Recipient.COLLECTIVE}),
            legal_basis=LAW_2022,
        ),
        CommendationForm(
            code="medal",
            name="Huy chương",
            level=Level.NATIONAL,
            recipients=frozenset({Recipient.INDIVIDUAL}),
            legal_basis=LAW_2022,
        ),
        CommendationForm(
            code="medal_for_national_security",
            name="Huy chương Vì an ninh Tổ quốc",
            level=Level.NATIONAL,
            recipients=frozenset({Recipient.INDIVIDUAL}),
            legal_basis=LAW_2022,
            article="Điều 56",
        ),
        CommendationForm(
            code="prime_minister_certificate",
            name="Bằng khen của Thủ tướng Chính phủ",
            level=Level.NATIONAL,
            recipients=frozenset({Recipient.INDIVIDUAL, Recipient.COLLECTIVE}),
            legal_basis=LAW_2022,
        ),
        CommendationForm(
            code="minister_certificate",
            name="Bằng khen của Bộ trưởng Bộ Công an",
            level=Level.MINISTRY,
            recipients=frozenset({Recipient.INDIVIDUAL, Recipient.COLLECTIVE}),
            legal_basis=LAW_2022,
        ),
        CommendationForm(
            code="certificate_of_merit",
            name="Giấy khen",
            level=Level.BASE,
            recipients=frozenset({Recipient.INDIVIDUAL, Recipient.COLLECTIVE}),
            legal_basis=LAW_2022,
        ),
    ),
)
"""The titles and forms of DOMAIN.md section 5."""

_DECREE_98_START: Final = date(2024, 1, 1)
_COEFFICIENT_BASIS: Final = "Nghị định 98/2023/NĐ-CP"
_COEFFICIENT_VERIFY: Final = (
    "Hệ số theo DOMAIN.md (verify): đối chiếu Nghị định 98/2023/NĐ-CP và Nghị định 152/2025/NĐ-CP."
)

DEFAULT_REWARD_COEFFICIENTS: Final[tuple[RewardCoefficient, ...]] = (
    RewardCoefficient(
        NATIONAL_EMULATION_SOLDIER, Decimal("4.5"), _DECREE_98_START, _COEFFICIENT_BASIS, verify=_COEFFICIENT_VERIFY
    ),
    RewardCoefficient(
        MINISTRY_EMULATION_SOLDIER, Decimal("3.0"), _DECREE_98_START, _COEFFICIENT_BASIS, verify=_COEFFICIENT_VERIFY
    ),
    RewardCoefficient(
        ADVANCED_SOLDIER, Decimal("0.3"), _DECREE_98_START, _COEFFICIENT_BASIS, verify=_COEFFICIENT_VERIFY
    ),
)
"""The three coefficients DOMAIN.md gives as examples; the other titles have no row until an administrator adds one
(so :func:`reward_amount` refuses them rather than guess)."""

DEFAULT_BASE_SALARIES: Final[tuple[BaseSalary, ...]] = (
    BaseSalary(
        Decimal(1_800_000),
        date(2023, 7, 1),
        "Nghị định 24/2023/NĐ-CP",
        verify="Không có trong DOMAIN.md: đối chiếu văn bản.",
    ),
    BaseSalary(
        Decimal(2_340_000),
        date(2024, 7, 1),
        "Nghị định 73/2024/NĐ-CP",
        verify="Không có trong DOMAIN.md: đối chiếu văn bản.",
    ),
)
"""Base salaries (mức lương cơ sở) since 01/07/2023; each later decree adds a row."""

DEFAULT_REWARD_ROUNDING: Final = RewardRounding(
    quantum=Decimal(10_000),
    mode=ROUND_CEILING,
    description="làm tròn lên hàng chục nghìn đồng",
    legal_basis=_COEFFICIENT_BASIS,
    verify="Quy tắc làm tròn tiền thưởng chưa đối chiếu điều khoản của Nghị định 98/2023/NĐ-CP.",
)
"""Round the product up to the next 10.000 đồng (a product already on a multiple stays as it is)."""
