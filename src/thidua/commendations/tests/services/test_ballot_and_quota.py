"""Titles that need a secret ballot carry its result, and the cluster's quotas are checked across its dossiers."""

from __future__ import annotations

from typing import Any

import pytest

from thidua.commendations import services
from thidua.commendations.models import CatalogueEntry, Dossier, RuleSet
from thidua.commendations.tests.worlds import KWorld
from thidua.core.domain.errors import DomainError

FACTS = {
    "internal_solidarity": True,
    "clean_strong_organisations": True,
    "thrift_and_anti_corruption": True,
    "targets_exceeded": True,
    "new_factors": ["Mô hình «Camera an ninh» ở khu dân cư"],
}


def closed_ballot(k: KWorld) -> Any:
    from thidua.voting import services as voting
    from thidua.voting.tests.worlds import add_ballot_people, candidate_ids, make_ballot, voters

    add_ballot_people(k.world)
    ballot = make_ballot(k.world, seats=1)
    ids = candidate_ids(ballot)
    for voter in voters(k.world):
        voting.ballot_cast(ballot=ballot, voter=voter, choices=[ids["NAN"]])
    voting.ballot_close(ballot=ballot, actor=k.users["sec25"])
    ballot.refresh_from_db()
    return ballot


def flag_dossier(k: KWorld, unit: str, officer: str, title: str = "ministry_emulation_flag") -> Dossier:
    d = services.dossier_create(
        unit=k.units[unit],
        year=2025,
        edition=k.editions[2025],
        summary="Đề nghị tặng Cờ thi đua năm 2025",
        actor=k.users[officer],
    )
    services.dossier_line_add(
        dossier=d,
        entry=CatalogueEntry.objects.get(code=title),
        org_unit=k.units[unit],
        attested=FACTS,
        expected_version=d.version,
        actor=k.users[officer],
    )
    d.refresh_from_db()
    return d


def test_a_flag_needs_the_closed_ballot_before_it_goes_to_the_office(kworld: KWorld) -> None:
    k = kworld
    ballot = closed_ballot(k)
    d = flag_dossier(k, "NAN", "canbo.nan")
    d = services.dossier_submit(dossier=d, expected_version=d.version, actor=k.users["canbo.nan"])
    line = d.lines.get()
    leads = next(r for r in line.eligibility["results"] if r["article"] == "Điều 26" and "Dẫn đầu" in r["requirement"])
    assert leads["met"] is True and "5/5 phiếu, được suy tôn" in leads["explanation"]
    d = services.dossier_accept(dossier=d, expected_version=d.version, actor=k.users["thuongtruc"])
    with pytest.raises(DomainError) as exc:
        services.dossier_forward(dossier=d, expected_version=d.version, actor=k.users["thuongtruc"])
    assert "phải qua bình xét, suy tôn" in exc.value.message
    line = services.dossier_line_link_ballot(
        line=line, ballot=ballot, expected_version=Dossier.objects.get(pk=d.pk).version, actor=k.users["thuongtruc"]
    )
    assert line.vote_result.endswith("5/5 phiếu, được suy tôn")
    d = Dossier.objects.get(pk=d.pk)
    d = services.dossier_forward(dossier=d, expected_version=d.version, actor=k.users["thuongtruc"])
    assert d.state == "at_office"


def test_an_open_ballot_cannot_be_linked(kworld: KWorld) -> None:
    from thidua.voting.tests.worlds import add_ballot_people, make_ballot

    k = kworld
    add_ballot_people(k.world)
    ballot = make_ballot(k.world)
    d = flag_dossier(k, "NAN", "canbo.nan")
    with pytest.raises(DomainError) as exc:
        services.dossier_line_link_ballot(
            line=d.lines.get(), ballot=ballot, expected_version=d.version, actor=k.users["canbo.nan"]
        )
    assert "chưa kết thúc" in exc.value.message


def test_the_cluster_quota_blocks_a_second_government_flag(kworld: KWorld) -> None:
    k = kworld
    for row in RuleSet.objects.all():
        row.cap_mode = "block"
        services.rule_data_save(obj=row, actor=k.users["ctct"], expected_version=row.version)
    first = flag_dossier(k, "NAN", "canbo.nan", "government_emulation_flag")
    services.dossier_submit(dossier=first, expected_version=first.version, actor=k.users["canbo.nan"])
    second = flag_dossier(k, "THA", "canbo.tha", "government_emulation_flag")
    with pytest.raises(DomainError) as exc:
        services.dossier_submit(dossier=second, expected_version=second.version, actor=k.users["canbo.tha"])
    assert "Cụm thi đua số 6 năm 2025: đề nghị 2 Cờ thi đua của Chính phủ, vượt chỉ tiêu 1" in exc.value.message
