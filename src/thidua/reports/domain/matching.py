"""Which indicator a figure belongs to (đề xuất chỉ tiêu cho số liệu).

The phrase around a figure is compared with each indicator's name and synonyms (cách gọi khác):
accents and case are ignored ("vu" matches "vụ"), syllables and pairs of neighbouring syllables
count, and the unit of count is a strong hint ("đối tượng" points at "Số đối tượng bắt giữ", a
percentage at a "Tỷ lệ ..."). Words of the same sentence before the clause count for half. The
best indicator is proposed with its score in [0, 1], or none below :data:`THRESHOLD`: the officer
confirms every proposal, so a wrong guess costs more than no guess.

Pure Python, standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import TypeAlias

from thidua.reports.domain.figures import UNITS

__all__ = ["THRESHOLD", "IndicatorMatch", "IndicatorTerms", "fold", "match_indicator", "rank_indicators"]

IndicatorTerms: TypeAlias = tuple[str, str, Sequence[str] | str] | tuple[str, str, Sequence[str] | str, str | None]
"""``(code, name, synonyms)`` or ``(code, name, synonyms, unit)``. Synonyms are a list, or text with
one synonym a line as the indicator form stores them. Without a unit, it is read from the name
("Số vụ ..." counts vụ, "Tỷ lệ ..." is a percentage, "Số tiền ..." counts đồng)."""

THRESHOLD = 0.45

# Weights of the score: how much of the indicator's wording the phrase covers, how much of the
# phrase the indicator explains (so "án rất nghiêm trọng ... điều tra khám phá" prefers the
# indicator naming those cases over the general solve rate), whether the unit agrees, and how many
# distinct words matched.
_COVERAGE = 0.55
_PRECISION = 0.15
_UNIT = 0.25
_SPECIFICITY = 0.05
_CONTEXT_WEIGHT = 0.5
_IMPLIED_WEIGHT = 0.5

# Words too common in indicator names to tell them apart.
_STOPWORDS = frozenset(
    {
        *("so", "cac", "cua", "va", "duoc", "trong", "tai", "theo", "ve", "do", "cho", "voi", "la", "co"),
        *("nhung", "mot", "nay", "tong", "ky", "dia", "ban", "tren", "qua", "tu", "den"),
    }
)
_RATE_WORDS = ("ty", "le")  # "tỷ lệ": implied by a percentage
_FAMILIES = (
    frozenset(["vu", "vu an", "vu viec"]),
    frozenset(["nguoi", "can bo", "chien si", "can bo chien si", "dong chi", "cbcs", "luot nguoi"]),
)
_MONEY_WORDS = ("tien", "dong")


@dataclass(frozen=True)
class IndicatorMatch:
    code: str
    score: float


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case without accents, for comparing Vietnamese words: "Đối tượng" -> "doi tuong"."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D").casefold()
    return " ".join(re.sub(r"[^\w%]+|\d+|_", " ", bare).split())


_FOLDED_UNITS = sorted({fold(u) for u in UNITS}, key=len, reverse=True)
# Words that only restate the figure ("đạt 85%", "giảm 12 vụ") say nothing about the indicator.
_UNIT_WORDS = frozenset({"%", "dat", "tang", "giam", "hon", "gan", "khoang", "nghin", "ngan", "trieu"})


@dataclass(frozen=True)
class _Alias:
    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class _Indicator:
    code: str
    aliases: tuple[_Alias, ...]
    unit: str | None  # folded
    is_rate: bool


def rank_indicators(
    phrase: str, indicators: Iterable[IndicatorTerms], *, unit: str | None = None, context: str = ""
) -> list[IndicatorMatch]:
    """Every indicator with its score for ``phrase``, best first (ties keep the order given)."""
    words, pairs = _terms(phrase)
    context_words, context_pairs = _terms(context)
    figure_unit = fold(unit) if unit else None
    scored = [
        IndicatorMatch(ind.code, _score(ind, words, pairs, context_words, context_pairs, figure_unit))
        for ind in (_prepare(terms) for terms in indicators)
    ]
    return sorted(scored, key=lambda m: -m.score)


def match_indicator(
    phrase: str, indicators: Iterable[IndicatorTerms], *, unit: str | None = None, context: str = ""
) -> IndicatorMatch | None:
    """The indicator ``phrase`` most likely reports, or None when nothing scores :data:`THRESHOLD`."""
    ranked = rank_indicators(phrase, indicators, unit=unit, context=context)
    if not ranked or ranked[0].score < THRESHOLD:
        return None
    return ranked[0]


def _score(
    indicator: _Indicator,
    words: frozenset[str],
    pairs: frozenset[tuple[str, str]],
    context_words: frozenset[str],
    context_pairs: frozenset[tuple[str, str]],
    figure_unit: str | None,
) -> float:
    percent = figure_unit == "%"

    def weight(term: str | tuple[str, str], here: frozenset[object], around: frozenset[object]) -> float:
        if term in here:
            return 1.0
        if percent and (term in _RATE_WORDS or term == _RATE_WORDS):
            return _IMPLIED_WEIGHT
        return _CONTEXT_WEIGHT if term in around else 0.0

    best_coverage = 0.0
    matched: set[str] = set()
    vocabulary: set[str] = set()
    for alias in indicator.aliases:
        vocabulary |= alias.words
        total = len(alias.words) + len(alias.pairs)
        if not total:
            continue
        word_weights = {w: weight(w, words, context_words) for w in alias.words}
        got = sum(word_weights.values()) + sum(weight(p, pairs, context_pairs) for p in alias.pairs)
        best_coverage = max(best_coverage, got / total)
        matched |= {w for w, v in word_weights.items() if v and (w in words or w in context_words)}
    specificity = min(1.0, len(matched) / 4)
    # A clause that is only the figure ("đạt 85,6%") borrows the words of the sentence before it.
    restating = _STOPWORDS | _UNIT_WORDS | set((figure_unit or "").split())
    own_words = (words - restating) or (context_words - restating)
    precision = len(own_words & vocabulary) / len(own_words) if own_words else 0.0
    agreement = _unit_agreement(indicator, figure_unit)
    score = _COVERAGE * best_coverage + _PRECISION * precision + _UNIT * agreement + _SPECIFICITY * specificity
    return round(min(1.0, max(0.0, score)), 3)


def _unit_agreement(indicator: _Indicator, figure_unit: str | None) -> float:
    """1 for the same unit, 0.6 for a kindred one (vụ / vụ án), 0 when unknown, -1 when they differ."""
    if figure_unit is None:
        return 0.0
    if figure_unit == "%" or indicator.is_rate:
        return 1.0 if figure_unit == "%" and indicator.is_rate else -1.0
    if indicator.unit is None:
        return 0.0
    if indicator.unit == figure_unit:
        return 1.0
    if any(indicator.unit in family and figure_unit in family for family in _FAMILIES):
        return 0.6
    return -1.0


def _prepare(terms: IndicatorTerms) -> _Indicator:
    code, name, synonyms = terms[0], terms[1], terms[2]
    given_unit = terms[3] if len(terms) > 3 else None
    if isinstance(synonyms, str):
        synonyms = synonyms.splitlines()
    aliases = tuple(_alias(text) for text in (name, *synonyms) if text.strip())
    folded_name = fold(name)
    is_rate = folded_name.startswith("ty le") or given_unit == "%"
    unit = fold(given_unit) if given_unit else _unit_from_name(folded_name)
    return _Indicator(code, aliases, unit, is_rate)


@lru_cache(maxsize=1024)
def _unit_from_name(folded_name: str) -> str | None:
    """ "so vu tai nan" counts vụ; "so tien bi chiem doat" counts đồng."""
    if folded_name.startswith("ty le"):
        return "%"
    if not folded_name.startswith("so "):
        return None
    rest = folded_name[3:]
    if rest.split()[:1] == ["tien"]:
        return "dong"
    for unit in _FOLDED_UNITS:
        if rest == unit or rest.startswith(unit + " "):
            return unit
    return None


@lru_cache(maxsize=1024)
def _alias(text: str) -> _Alias:
    tokens = fold(text).split()
    words = frozenset(t for t in tokens if t not in _STOPWORDS)
    pairs = frozenset((a, b) for a, b in pairwise(tokens) if a not in _STOPWORDS or b not in _STOPWORDS)
    return _Alias(words, pairs)


def _terms(text: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    tokens = fold(text).split()
    return frozenset(tokens), frozenset(pairwise(tokens))
