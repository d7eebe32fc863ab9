"""Caps on proposals: the 15% share of Chiến sĩ thi đua cơ sở and the flags per cluster edition, warn or block."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.commendations.domain.caps import (
    DEFAULT_CAPS,
    CapMode,
    ClusterQuota,
    Proposal,
    Severity,
    ShareCap,
    check_caps,
)
from thidua.commendations.domain.catalogue import (
    ADVANCED_SOLDIER,
    BASE_EMULATION_SOLDIER,
    GOVERNMENT_EMULATION_FLAG,
    MINISTRY_EMULATION_FLAG,
)
from thidua.core.domain.errors import DomainError

SHARE = next(cap for cap in DEFAULT_CAPS if isinstance(cap, ShareCap))
EDITION = "Cụm 6 - 2025"
CLUSTER_6 = ("CAT-NBI", "CAT-THO", "CAT-NAN", "CAT-HTI", "CAT-QTR", "CAT-X")


def staff(advanced: int, base: int, *, unit: str = "PV01", year: int = 2025) -> list[Proposal]:
    """``advanced`` Chiến sĩ tiên tiến in a department, the first ``base`` of them also proposed as cơ sở."""
    people = [Proposal(f"{unit}-{i}", ADVANCED_SOLDIER, year, unit, unit_name="Phòng PV01") for i in range(advanced)]
    people += [Proposal(f"{unit}-{i}", BASE_EMULATION_SOLDIER, year, unit, unit_name="Phòng PV01") for i in range(base)]
    return people


def flags(title: str, count: int, edition: str = EDITION) -> list[Proposal]:
    return [Proposal(key, title, 2025, "BCA", cluster_edition=edition) for key in CLUSTER_6[:count]]


# --- Chiến sĩ thi đua cơ sở at most 15% of the unit's Chiến sĩ tiên tiến --------------------------------------------


def test_base_titles_within_fifteen_percent_of_the_advanced_soldiers_pass() -> None:
    assert check_caps(staff(20, 3), DEFAULT_CAPS, CapMode.BLOCK).findings == ()


def test_base_titles_over_fifteen_percent_warn_in_warn_mode() -> None:
    result = check_caps(staff(20, 4), DEFAULT_CAPS, CapMode.WARN)
    assert not result.blocked
    (finding,) = result.warnings
    assert (finding.scope, finding.year, finding.count, finding.allowed) == ("PV01", 2025, 4, 3)
    assert finding.message == (
        "Phòng PV01 năm 2025: đề nghị 4 Chiến sĩ thi đua cơ sở, vượt giới hạn 15% số Chiến sĩ tiên tiến của đơn vị "
        "trong năm (20 người, kể cả người được đề nghị Chiến sĩ thi đua cơ sở; tối đa 3) (căn cứ: Luật Thi đua, khen "
        "thưởng 06/2022/QH15; Nghị định 98/2023/NĐ-CP)."
    )
    assert [p.title for p in finding.proposals] == [BASE_EMULATION_SOLDIER] * 4
    result.raise_if_blocked()  # warnings never block


def test_base_titles_over_fifteen_percent_block_in_block_mode() -> None:
    result = check_caps(staff(20, 4), DEFAULT_CAPS, CapMode.BLOCK)
    assert result.blocked
    assert [f.severity for f in result.errors] == [Severity.ERROR]
    with pytest.raises(DomainError) as caught:
        result.raise_if_blocked()
    assert caught.value.field == "proposals"
    assert str(caught.value).startswith("Phòng PV01 năm 2025: đề nghị 4 Chiến sĩ thi đua cơ sở")


def test_base_title_holders_count_among_the_advanced_soldiers_and_the_message_says_from_where() -> None:
    """A Chiến sĩ thi đua cơ sở holds Chiến sĩ tiên tiến that year (the history records only the higher title)."""

    def p(subject: str, title: str, source: str) -> Proposal:
        return Proposal(subject, title, 2025, "NAN", unit_name="Nghệ An", source=source)

    six = [p(f"A{i}", ADVANCED_SOLDIER, "history") for i in range(6)]
    # Six Chiến sĩ tiên tiến and the one proposed for cơ sở make seven: 15% of 7 allows one (of 6 it would be none).
    assert check_caps([*six, p("C1", BASE_EMULATION_SOLDIER, "dossier")], DEFAULT_CAPS, CapMode.WARN).findings == ()
    held = six[:4] + [p(f"B{i}", BASE_EMULATION_SOLDIER, "history") for i in (1, 2)]
    proposals = [*held, p("C1", BASE_EMULATION_SOLDIER, "dossier")]
    (finding,) = check_caps(proposals, DEFAULT_CAPS, CapMode.WARN, ruleset_name="Bộ 152").findings
    assert (finding.count, finding.allowed) == (3, 1)
    assert "(7 người: 6 trong lịch sử khen thưởng, 1 đề nghị trong hồ sơ, kể cả người được đề nghị" in finding.message
    assert finding.message.endswith("bộ tiêu chuẩn áp dụng: Bộ 152).")


def test_fifteen_percent_of_nineteen_allows_two_not_three() -> None:
    assert SHARE.allowed(19) == 2  # 2,85 rounded down
    assert check_caps(staff(19, 3), DEFAULT_CAPS, CapMode.WARN).warnings[0].allowed == 2


def test_the_rounding_of_the_share_is_a_setting_of_the_cap() -> None:
    generous = ShareCap(
        title=BASE_EMULATION_SOLDIER,
        of_title=ADVANCED_SOLDIER,
        max_percent=Decimal(15),
        rounding=ROUND_HALF_UP,
        legal_basis="Quy chế đơn vị",
    )
    assert generous.allowed(19) == 3
    assert check_caps(staff(19, 3), [generous], CapMode.BLOCK).findings == ()


def test_the_share_is_counted_per_unit_and_year() -> None:
    proposals = staff(20, 3) + staff(10, 2, unit="PC02") + staff(10, 1, year=2024)
    result = check_caps(proposals, DEFAULT_CAPS, CapMode.WARN)
    assert [(f.scope, f.year, f.count, f.allowed) for f in result.findings] == [("PC02", 2025, 2, 1)]


def test_a_subject_proposed_twice_counts_once() -> None:
    proposals = staff(20, 3) + staff(20, 3)
    assert check_caps(proposals, DEFAULT_CAPS, CapMode.BLOCK).findings == ()


def test_base_titles_without_any_advanced_soldier_exceed_a_cap_of_zero() -> None:
    only_base = [p for p in staff(1, 1) if p.title == BASE_EMULATION_SOLDIER]
    (finding,) = check_caps(only_base, DEFAULT_CAPS, CapMode.WARN).findings
    assert finding.allowed == 0


@given(advanced=st.integers(min_value=0, max_value=500))
def test_the_allowed_number_never_exceeds_fifteen_percent_and_is_the_largest_that_does_not(advanced: int) -> None:
    allowed = SHARE.allowed(advanced)
    assert allowed * 100 <= 15 * advanced < (allowed + 1) * 100


# --- Flags per cluster edition --------------------------------------------------------------------------------------


def test_one_government_flag_and_four_ministry_flags_fit_a_cluster_of_six() -> None:
    proposals = flags(GOVERNMENT_EMULATION_FLAG, 1) + flags(MINISTRY_EMULATION_FLAG, 4)
    assert check_caps(proposals, DEFAULT_CAPS, CapMode.BLOCK).findings == ()


def test_a_second_government_flag_in_the_cluster_warns() -> None:
    (finding,) = check_caps(flags(GOVERNMENT_EMULATION_FLAG, 2), DEFAULT_CAPS, CapMode.WARN).findings
    assert finding.severity is Severity.WARNING
    assert finding.message == (
        "Cụm thi đua Cụm 6 - 2025: đề nghị 2 Cờ thi đua của Chính phủ, vượt chỉ tiêu 1 của cụm (căn cứ: Chỉ tiêu Bộ "
        "Công an giao cho cụm thi đua)."
    )


def test_a_fifth_ministry_flag_in_the_cluster_blocks_in_block_mode() -> None:
    result = check_caps(flags(MINISTRY_EMULATION_FLAG, 5), DEFAULT_CAPS, CapMode.BLOCK)
    assert [(f.scope, f.count, f.allowed, f.severity) for f in result.findings] == [(EDITION, 5, 4, Severity.ERROR)]


def test_quotas_count_each_cluster_edition_apart() -> None:
    proposals = flags(GOVERNMENT_EMULATION_FLAG, 1) + flags(GOVERNMENT_EMULATION_FLAG, 1, edition="Cụm 5 - 2025")
    assert check_caps(proposals, DEFAULT_CAPS, CapMode.BLOCK).findings == ()


def test_a_quota_set_for_one_edition_replaces_the_default_for_that_edition_only() -> None:
    larger = ClusterQuota(
        title=MINISTRY_EMULATION_FLAG, max_count=5, edition=EDITION, legal_basis="Công văn giao chỉ tiêu"
    )
    caps = [*DEFAULT_CAPS, larger]
    assert check_caps(flags(MINISTRY_EMULATION_FLAG, 5), caps, CapMode.BLOCK).findings == ()
    other = flags(MINISTRY_EMULATION_FLAG, 5, edition="Cụm 5 - 2025")
    assert len(check_caps(other, caps, CapMode.BLOCK).errors) == 1


def test_proposals_outside_a_cluster_edition_are_not_counted_against_a_quota() -> None:
    proposals = flags(GOVERNMENT_EMULATION_FLAG, 3, edition="")
    assert check_caps(proposals, DEFAULT_CAPS, CapMode.BLOCK).findings == ()


def test_two_quotas_for_the_same_title_and_edition_are_refused() -> None:
    duplicate = ClusterQuota(title=GOVERNMENT_EMULATION_FLAG, max_count=2, legal_basis="Văn bản khác")
    with pytest.raises(DomainError) as caught:
        check_caps([], [*DEFAULT_CAPS, duplicate], CapMode.WARN)
    assert str(caught.value) == "Có hai chỉ tiêu Cờ thi đua của Chính phủ cho mọi cụm."


# --- Modes ----------------------------------------------------------------------------------------------------------


def test_a_cap_may_carry_its_own_mode_over_the_checks_mode() -> None:
    strict_flag = ClusterQuota(title=GOVERNMENT_EMULATION_FLAG, max_count=1, legal_basis="Chỉ tiêu", mode=CapMode.BLOCK)
    caps = [SHARE, strict_flag]
    result = check_caps(staff(20, 4) + flags(GOVERNMENT_EMULATION_FLAG, 2), caps, CapMode.WARN)
    assert [(f.cap.title, f.severity) for f in result.findings] == [
        (BASE_EMULATION_SOLDIER, Severity.WARNING),
        (GOVERNMENT_EMULATION_FLAG, Severity.ERROR),
    ]
    assert Severity.ERROR.label == "Lỗi"


def test_the_default_caps_carry_their_legal_basis_and_what_to_verify() -> None:
    assert all(cap.legal_basis and cap.verify for cap in DEFAULT_CAPS)
    assert SHARE.max_percent == Decimal(15)
    quotas = {cap.title: cap.max_count for cap in DEFAULT_CAPS if isinstance(cap, ClusterQuota)}
    assert quotas == {GOVERNMENT_EMULATION_FLAG: 1, MINISTRY_EMULATION_FLAG: 4}
