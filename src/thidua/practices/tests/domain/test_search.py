"""Folding for search: accents, "đ" and case never stop a match."""

from __future__ import annotations

import unicodedata

import pytest

from thidua.core.domain.errors import DomainError
from thidua.practices.domain.kinds import parse_tags
from thidua.practices.domain.search import fold, query_words


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mô hình «Camera an ninh»", "mo hinh «camera an ninh»"),
        ("ĐƯỜNG DÂY NÓNG", "duong day nong"),
        ("Đề án 06", "de an 06"),
        ("  Tổ   liên gia ", "to lien gia"),
    ],
)
def test_fold_strips_accents_and_case(text, folded):
    assert fold(text) == folded


def test_nfd_and_nfc_fold_alike():
    text = "Gương người tốt việc tốt"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "guong nguoi tot viec tot"


def test_query_words_are_folded_and_deduplicated():
    assert query_words("Mô hình mo HINH camera") == ["mo", "hinh", "camera"]


def test_tags_split_on_commas_and_drop_duplicates_ignoring_accents():
    assert parse_tags("Ma túy, ma tuy; cơ sở,, ") == ["Ma túy", "cơ sở"]


def test_too_many_tags_are_refused():
    with pytest.raises(DomainError):
        parse_tags(",".join(f"t{i}" for i in range(20)))
