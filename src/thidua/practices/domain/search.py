"""Search that ignores Vietnamese diacritics and case ("mo hinh" finds "Mô hình").

The service stores :func:`fold` of an entry's words in a column; a query is folded the same way and each of its
words must occur in that column. Doing it in Python keeps SQLite and PostgreSQL alike (no unaccent extension,
no collation)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, "đ" read as "d", spaces collapsed: «Đường dây nóng» -> "duong day nong"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D").replace("ð", "d")
    return " ".join(bare.casefold().split())


def query_words(query: str) -> list[str]:
    """The folded words of a query, each of which must be found (duplicates dropped, order kept)."""
    words: list[str] = []
    for word in fold(query).split():
        if word not in words:
            words.append(word)
    return words


def search_text(*parts: str) -> str:
    """The folded text an entry is searched by."""
    return " | ".join(fold(part) for part in parts if part)
