"""The five kinds of good practice (nhân tố mới, điển hình tiên tiến, ...) and the tags a user types."""

from __future__ import annotations

from enum import StrEnum

from thidua.core.domain.errors import DomainError
from thidua.practices.domain.search import fold


class Kind(StrEnum):
    NEW_FACTOR = "new_factor"
    ADVANCED_EXAMPLE = "advanced_example"
    EFFECTIVE_MODEL = "effective_model"
    GOOD_WAY = "good_way"
    GOOD_DEED = "good_deed"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[Kind, str] = {
    Kind.NEW_FACTOR: "Nhân tố mới",
    Kind.ADVANCED_EXAMPLE: "Điển hình tiên tiến",
    Kind.EFFECTIVE_MODEL: "Mô hình hiệu quả",
    Kind.GOOD_WAY: "Cách làm hay",
    Kind.GOOD_DEED: "Gương người tốt, việc tốt",
}

MAX_TAGS = 12
MAX_TAG_LENGTH = 60


def parse_tags(raw: str) -> list[str]:
    """Tags typed as one line, separated by commas or semicolons; duplicates (ignoring accents and case) dropped."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in raw.replace(";", ",").replace("\n", ",").split(","):
        tag = " ".join(part.split())
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise DomainError(f"Từ khóa «{tag[:20]}…» quá dài: tối đa {MAX_TAG_LENGTH} ký tự.", field="tags")
        key = fold(tag)
        if key not in seen:
            seen.add(key)
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise DomainError(f"Tối đa {MAX_TAGS} từ khóa cho một mục.", field="tags")
    return tags
