"""Loading many officers with their histories at once (the demo, a migration): checked like the single-row
services, one audit event per person, nothing written when one entry is wrong."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import Forbidden
from thidua.core.models import AuditEvent
from thidua.personnel import selectors, services
from thidua.personnel.models import Person


def entry(pworld: Any, code: str, **kwargs: Any) -> services.PersonEntry:
    nan = pworld.units["NAN"]
    return services.PersonEntry(
        code=code,
        full_name=kwargs.pop("full_name", "Hoàng Văn Khánh"),
        postings=kwargs.pop("postings", (services.PostingEntry(nan, "dai_uy", "Cán bộ", date(2019, 1, 1)),)),
        ratings=((2023, "excellent", ""), (2024, "good", "")),
        awards=(services.AwardEntry(2023, "base_emulation_soldier", "5/QĐ", date(2024, 1, 9)),),
        **kwargs,
    )


def test_bulk_creates_histories_with_one_audit_event_each(pworld: Any) -> None:
    created = services.people_bulk_create(
        entries=[entry(pworld, "b-1"), entry(pworld, "b-2")], actor=pworld.users["canbo.nan"]
    )
    assert [p.code for p in created] == ["B-1", "B-2"]
    assert AuditEvent.objects.filter(action="person.bulk_create").count() == 2
    record = selectors.person_history(created[0])
    assert record.year_record(2023).titles == frozenset({"base_emulation_soldier"})  # type: ignore[union-attr]


def test_one_wrong_entry_and_nothing_is_written(pworld: Any) -> None:
    nan = pworld.units["NAN"]
    overlapping = (
        services.PostingEntry(nan, "dai_uy", "Cán bộ", date(2019, 1, 1)),
        services.PostingEntry(nan, "thieu_ta", "Đội phó", date(2020, 1, 1)),
    )
    with pytest.raises(DomainError, match="trùng với"):
        services.people_bulk_create(
            entries=[entry(pworld, "b-1"), entry(pworld, "b-2", postings=overlapping)], actor=pworld.users["canbo.nan"]
        )
    assert not Person.objects.exists()


def test_bulk_needs_rights_on_every_unit(pworld: Any) -> None:
    with pytest.raises(Forbidden):
        services.people_bulk_create(entries=[entry(pworld, "b-1")], actor=pworld.users["canbo.hti"])
