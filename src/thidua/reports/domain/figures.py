"""Figures in a Vietnamese narrative report (số liệu trong báo cáo sơ kết, tổng kết).

DOMAIN.md section 8: "." groups thousands and "," is the decimal mark ("1.799 đối tượng" is 1799,
"2,5%" is 2.5); nghìn/ngàn, triệu and tỷ scale the number ("hơn 450 tỷ đồng" is more than
450 000 000 000 đồng); hơn/trên, gần, khoảng, dưới, tối thiểu, "... trở lên" qualify it.

A figure is a quantity the report states: a count with its unit ("235 vụ"), a percentage
("đạt 85,6%"), an amount of money, a range ("từ 15 đến 20 vụ"), or a change against the same
period ("giảm 12 vụ (-5,3%) so với cùng kỳ"). Numbers that only name or date something are not
figures: dates ("ngày 05/01/2026", "tháng 6/2025"), periods and durations ("6 tháng đầu năm"),
years ("năm 2025", "2024", "giai đoạn 2021-2025"), article and clause numbers ("Điều 6",
"khoản 2"), document numbers ("Số: 05/BC-CAT", "Nghị định 09/2019/NĐ-CP"), section and ordinal
numbers ("1.", "1.2.", "Cụm thi đua số 6", "Đề án 06", "lần thứ 3") and codes ("PC02", "COVID-19").

Text may arrive as NFC or NFD (Word, macOS and some Vietnamese keyboards produce decomposed
accents). Matching runs on the NFC form, but every span reported is an index into the text
exactly as given: ``given[start:end]`` is the figure's own words in whatever form they arrived.
:func:`normalise` keeps the correspondence; ``Figure.text`` (the clause) is NFC.

Pure Python, standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "UNITS",
    "Change",
    "Figure",
    "LocatedFigure",
    "NormalisedText",
    "Qualifier",
    "find_figures",
    "locate_figures",
    "normalise",
]


class Qualifier(StrEnum):
    """How the report hedges a figure (từ chỉ mức độ)."""

    MORE_THAN = "more_than"  # hơn, trên, nhiều hơn
    ALMOST = "almost"  # gần
    ABOUT = "about"  # khoảng, xấp xỉ, ước tính
    AT_LEAST = "at_least"  # ... trở lên, tối thiểu, ít nhất, không dưới
    AT_MOST = "at_most"  # ... trở xuống, tối đa, không quá
    LESS_THAN = "less_than"  # dưới, chưa đến, ít hơn
    BETWEEN = "between"  # từ 15 đến 20, 15-20


class Change(StrEnum):
    """Direction of a change the report states (tăng / giảm), usually against the same period."""

    INCREASE = "increase"  # tăng, (+6,8%)
    DECREASE = "decrease"  # giảm, kéo giảm, (-5,3%)


@dataclass(frozen=True)
class Figure:
    """One figure (số liệu) found in a report.

    ``value`` is the number with its scale applied, as written: a change keeps its magnitude and
    says its direction in ``change`` ("giảm 12 vụ" is 12 with ``Change.DECREASE``). A range has
    ``low`` and ``high``, ``value`` equal to ``low`` and ``Qualifier.BETWEEN``. ``unit`` is the
    unit of count in its usual spelling ("vụ", "đối tượng", "đồng", "%"), ``None`` when the report
    gives none. ``span`` is the figure's own words (qualifier, change word, numbers, scale, unit,
    "trở lên") and ``phrase_span`` the clause it sits in, both as indexes into the text as given
    (NFC or NFD); ``words`` is that text and ``text`` the clause, NFC. ``same_period`` is set when
    the clause compares with the same period (so với cùng kỳ). ``indicator`` and ``score`` are
    filled in by :func:`thidua.reports.extract.extract_figures` when it proposes an indicator.
    """

    value: Decimal
    unit: str | None
    qualifier: Qualifier | None
    text: str
    span: tuple[int, int]
    words: str
    phrase_span: tuple[int, int]
    low: Decimal | None = None
    high: Decimal | None = None
    change: Change | None = None
    same_period: bool = False
    indicator: str | None = None
    score: float | None = None

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: numbers as int (whole) or float, enums as their string value, spans as lists."""
        return {
            "value": _json_number(self.value),
            "unit": self.unit,
            "qualifier": self.qualifier.value if self.qualifier else None,
            "text": self.text,
            "words": self.words,
            "span": list(self.span),
            "phrase_span": list(self.phrase_span),
            "low": _json_number(self.low) if self.low is not None else None,
            "high": _json_number(self.high) if self.high is not None else None,
            "change": self.change.value if self.change else None,
            "same_period": self.same_period,
            "indicator": self.indicator,
            "score": self.score,
        }


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- NFC with a map back to the text as given -------------------------------------------------


@dataclass(frozen=True)
class NormalisedText:
    """The NFC form of a text and the way back: ``original_span`` turns an NFC span into a span of
    the text as given, covering whole characters (a base letter with all its combining marks)."""

    given: str
    text: str
    _nfc_starts: tuple[int, ...] = ()
    _given_starts: tuple[int, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if not self._nfc_starts:  # the text was already NFC: the same indexes
            return (start, end)
        first = bisect_right(self._nfc_starts, start) - 1
        if end <= start:
            return (self._given_starts[first], self._given_starts[first])
        last = bisect_right(self._nfc_starts, end - 1) - 1
        stop = self._given_starts[last + 1] if last + 1 < len(self._given_starts) else len(self.given)
        return (self._given_starts[first], stop)


def normalise(given: str) -> NormalisedText:
    """NFC-normalise ``given`` and remember which stretch of it each NFC character came from.

    The text is cut before every character with combining class 0; two neighbouring pieces are
    joined when normalising them together differs from normalising them apart (Hangul jamo and a
    few Indic vowels compose across such a cut), so each piece normalises on its own.
    """
    if unicodedata.is_normalized("NFC", given):
        return NormalisedText(given=given, text=given)
    cuts = [i for i in range(1, len(given)) if unicodedata.combining(given[i]) == 0]
    pieces: list[tuple[int, str]] = []  # (start in given, NFC of the piece)
    start = 0
    for stop in [*cuts, len(given)]:
        nfc = unicodedata.normalize("NFC", given[start:stop])
        if pieces:
            prev_start, prev_nfc = pieces[-1]
            joined = unicodedata.normalize("NFC", given[prev_start:stop])
            if joined != prev_nfc + nfc:
                pieces[-1] = (prev_start, joined)
                start = stop
                continue
        pieces.append((start, nfc))
        start = stop
    nfc_starts: list[int] = []
    given_starts: list[int] = []
    offset = 0
    for piece_start, nfc in pieces:
        if not nfc:
            continue
        nfc_starts.append(offset)
        given_starts.append(piece_start)
        offset += len(nfc)
    return NormalisedText(
        given=given,
        text="".join(nfc for _, nfc in pieces),
        _nfc_starts=tuple(nfc_starts),
        _given_starts=tuple(given_starts),
    )


# --- Vocabulary ----------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_NOT_LETTER_AFTER = rf"(?!{_LETTER})"
_NOT_LETTER_BEFORE = rf"(?<!{_LETTER})"
_SP = r"[ \t\u00a0]"

# Units of count, in the spelling reported. Longest first so "vụ án" wins over "vụ".
UNITS = (
    "vụ án",
    "vụ việc",
    "vụ",
    "đối tượng",
    "bị can",
    "bị cáo",
    "phạm nhân",
    "lượt người",
    "lượt",
    "người",
    "cán bộ, chiến sĩ",
    "cán bộ chiến sĩ",
    "cán bộ",
    "chiến sĩ",
    "đồng chí",
    "CBCS",
    "tập thể",
    "cá nhân",
    "tài khoản",
    "hồ sơ",
    "thủ tục hành chính",
    "thủ tục",
    "dịch vụ công",
    "đồng",
    "USD",
    "tin báo, tố giác",
    "tin báo",
    "tin tố giác",
    "tố giác",
    "đơn thư",
    "đơn",
    "trường hợp",
    "phương tiện",
    "xe ô tô",
    "xe mô tô",
    "xe máy",
    "ô tô",
    "mô tô",
    "xe",
    "cơ sở",
    "đơn vị",
    "doanh nghiệp",
    "hộ gia đình",
    "hộ",
    "nhân khẩu",
    "công dân",
    "thẻ căn cước",
    "căn cước",
    "CCCD",
    "mã định danh",
    "văn bản",
    "quyết định",
    "biên bản",
    "giấy phép",
    "cuộc",
    "buổi",
    "lớp",
    "hội nghị",
    "tin",
    "bài",
    "kg",
    "gam",
    "gram",
    "tấn",
    "lít",
    "bánh",
    "viên",
    "khẩu",
    "quả",
    "kíp",
    "km",
    "m3",
    "m2",
    "ha",
    "camera",
    "tụ điểm",
    "điểm",
    "ổ nhóm",
    "băng nhóm",
    "nhóm",
    "đường dây",
    "mô hình",
    "lần",
    "chỉ tiêu",
    "xã, phường",
    "xã",
    "phường",
)
_UNIT_RE = re.compile(
    rf"{_SP}*({'|'.join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))}){_NOT_LETTER_AFTER}",
    re.IGNORECASE,
)
_CANONICAL_UNIT = {u.casefold(): u for u in UNITS}
# Units written against the number: "10kg", "5km".
_GLUED_UNIT_RE = re.compile(rf"(kg|km|m2|m3|ha|g){_NOT_LETTER_AFTER}")

_SCALES = {"nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tỷ": 10**9, "tỉ": 10**9}
# "tỷ lệ" (rate) is not the scale word.
_SCALE_RE = re.compile(
    rf"{_SP}*(nghìn|ngàn|triệu|tỷ|tỉ){_NOT_LETTER_AFTER}(?!{_SP}+lệ{_NOT_LETTER_AFTER})", re.IGNORECASE
)
_PERCENT_RE = re.compile(rf"{_SP}*(%|phần{_SP}+trăm{_NOT_LETTER_AFTER})", re.IGNORECASE)
# Periods and durations ("6 tháng đầu năm", "24 giờ", "dưới 18 tuổi") are not figures.
_TIME_AFTER_RE = re.compile(
    rf"{_SP}+(tháng|năm|quý|tuần|ngày|giờ|phút|giây|tuổi|thế{_SP}+kỷ){_NOT_LETTER_AFTER}", re.IGNORECASE
)
_AT_LEAST_AFTER_RE = re.compile(rf"{_SP}+trở{_SP}+(lên|xuống){_NOT_LETTER_AFTER}", re.IGNORECASE)
_WORD_AFTER_RE = re.compile(rf"{_SP}+({_LETTER}+)")
# Words that follow a number without being its unit.
_NOT_A_UNIT = frozenset(
    {
        "và",
        "với",
        "của",
        "so",
        "là",
        "có",
        "được",
        "trong",
        "trên",
        "tại",
        "theo",
        "từ",
        "đến",
        "tới",
        "cho",
        "các",
        "những",
        "này",
        "đó",
        "kia",
        "về",
        "do",
        "đã",
        "đang",
        "sẽ",
        "thì",
        "mà",
        "như",
        "nhưng",
        "hoặc",
        "hay",
        "khi",
        "nếu",
        "để",
        "vì",
        "bằng",
        "gồm",
        "ở",
        "ra",
        "vào",
        "lên",
        "xuống",
        "còn",
        "cùng",
        "trở",
        "nữa",
        "thuộc",
        "tương",
        "đương",
        "đầu",
        "tỷ",
        "tỉ",
        "cuối",
        "giữa",
        "sau",
        "trước",
        "qua",
        "nay",
    }
)

_RANGE_LINK_RE = re.compile(rf"{_SP}*(?:đến|tới|-|–|—){_SP}*(?=\d)", re.IGNORECASE)

_QUALIFIERS = {
    "không dưới": Qualifier.AT_LEAST,
    "không ít hơn": Qualifier.AT_LEAST,
    "ít nhất": Qualifier.AT_LEAST,
    "tối thiểu": Qualifier.AT_LEAST,
    "không quá": Qualifier.AT_MOST,
    "không vượt quá": Qualifier.AT_MOST,
    "tối đa": Qualifier.AT_MOST,
    "chưa đến": Qualifier.LESS_THAN,
    "chưa tới": Qualifier.LESS_THAN,
    "ít hơn": Qualifier.LESS_THAN,
    "dưới": Qualifier.LESS_THAN,
    "nhiều hơn": Qualifier.MORE_THAN,
    "hơn": Qualifier.MORE_THAN,
    "trên": Qualifier.MORE_THAN,
    "gần": Qualifier.ALMOST,
    "xấp xỉ": Qualifier.ABOUT,
    "ước tính": Qualifier.ABOUT,
    "ước khoảng": Qualifier.ABOUT,
    "ước": Qualifier.ABOUT,
    "khoảng": Qualifier.ABOUT,
    "chừng": Qualifier.ABOUT,
}
_QUALIFIER_BEFORE_RE = re.compile(
    rf"{_NOT_LETTER_BEFORE}({'|'.join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))})\s*\Z",
    re.IGNORECASE,
)
_RANGE_FROM_RE = re.compile(rf"{_NOT_LETTER_BEFORE}từ\s*\Z", re.IGNORECASE)
# "giảm 12 vụ" states a change; "giảm xuống còn 12 vụ" states the new level, so no change.
_CHANGE_BEFORE_RE = re.compile(
    rf"{_NOT_LETTER_BEFORE}(kéo{_SP}+giảm|tăng|giảm)(?:{_SP}+(?:thêm|được|mạnh|nhẹ))?\s*\Z", re.IGNORECASE
)
_SAME_PERIOD_RE = re.compile(r"cùng\s+kỳ", re.IGNORECASE)
# A number right after these words names or dates something (unless a unit of count follows).
_NAMING_WORDS = (
    "điều",
    "khoản",
    "điểm",
    "chương",
    "mục",
    "tiểu mục",
    "phần",
    "phụ lục",
    "số",
    "thứ",
    "lần",
    "hạng",
    "khóa",
    "khoá",
    "đề án",
    "cụm",
    "khối",
    "tổ",
    "đội",
    "phòng",
    "ngày",
    "tháng",
    "năm",
    "quý",
    "đợt",
    "giai đoạn",
    "nhiệm kỳ",
    "kỳ",
    "giờ",
    "quốc lộ",
    "tỉnh lộ",
    "đường tỉnh",
    "km",
    "nghị định",
    "quyết định",
    "thông tư",
    "chỉ thị",
    "nghị quyết",
    "kế hoạch",
    "công văn",
    "công điện",
    "luật",
    "hướng dẫn",
    "báo cáo",
    "tờ trình",
    "chuyên đề",
    "biểu",
    "mẫu",
    "bảng",
    "hình",
    "phường",
    "quận",
    "thôn",
    "xóm",
    "tổ dân phố",
    "ấp",
    "lô",
    "tầng",
    "mã",
)
_NAMING_BEFORE_RE = re.compile(
    rf"{_NOT_LETTER_BEFORE}(?:{'|'.join(re.escape(w) for w in sorted(_NAMING_WORDS, key=len, reverse=True))})"
    rf"{_SP}*[:.]?\s*\Z",
    re.IGNORECASE,
)
# A bare number still counts when introduced like a value: "Số vụ xảy ra: 235", "là 235", "đạt 100",
# or standing in a table cell after its label ("Số vụ xảy ra | 235").
_VALUE_INTRO_RE = re.compile(rf"(?:[:=|]|{_NOT_LETTER_BEFORE}(?:là|đạt)){_SP}*\Z", re.IGNORECASE)

_NUMBER_RE = re.compile(r"\d[\d.,]*\d|\d")
_GROUPED_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN_RE = re.compile(r"\d+(?:,\d+)?")
_DOT_DECIMAL_RE = re.compile(r"\d+\.\d{1,2}")  # "1.2 triệu": only trusted before a scale word
_DATE_RE = re.compile(r"(?<!\d)\d{1,2}[-.]\d{1,2}[-.](?:\d{4}|\d{2})(?!\d)")
_HEADING_RE = re.compile(r"^[ \t\u00a0\-–—•*+]*\d+(?:\.\d+)*[.)](?=\s)", re.MULTILINE)
_CLAUSE_BREAK_RE = re.compile(r"\n|;|[.!?…](?=\s|$)|(?<!\d),|,(?!\d)")
_SENTENCE_BREAK_RE = re.compile(r"\n|;|[.!?…](?=\s|$)")
_SIGNS = "+-−"
_TRIM = " \t\u00a0\r-–—•*+"


# --- Finding figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class LocatedFigure:
    """A figure with what matching needs besides its clause: the part of its sentence before the
    clause (``context``) and the paragraph it belongs to (0-based line number)."""

    figure: Figure
    context: str
    paragraph: int


@dataclass(frozen=True)
class _Quantity:
    value: Decimal
    start: int  # first digit
    end: int  # after the unit, or after the number when there is none
    unit: str | None
    known_unit: bool
    scale: Decimal  # 1 when no scale word follows
    plain: bool  # no thousands separator, no decimal mark
    raw: str

    @property
    def scaled(self) -> bool:
        return self.scale != 1


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` (NFC or NFD), in reading order. Spans index ``text`` as given."""
    return [located.figure for located in locate_figures(text)]


def locate_figures(text: str) -> list[LocatedFigure]:
    """:func:`find_figures` with the context that indicator matching uses."""
    norm = normalise(text)
    s = norm.text
    clause_cuts = _cuts(_CLAUSE_BREAK_RE, s)
    sentence_cuts = _cuts(_SENTENCE_BREAK_RE, s)
    line_starts = [0, *(m.end() for m in re.finditer(r"\n", s))]
    blocked = _merged([*_DATE_RE.finditer(s), *_HEADING_RE.finditer(s)])
    blocked_starts = [start for start, _ in blocked]

    found: list[LocatedFigure] = []
    resume = 0
    for match in _NUMBER_RE.finditer(s):
        if match.start() < resume or _inside(blocked, blocked_starts, match.start()):
            continue
        clause_start, clause_end = _around(clause_cuts, match.start(), len(s))
        spotted = _figure_at(s, match, clause_start)
        if spotted is None:
            continue
        resume = spotted.resume
        phrase_start, phrase_end = _trimmed(s, clause_start, max(clause_end, spotted.end))
        sentence_start, sentence_end = _around(sentence_cuts, match.start(), len(s))
        span = norm.original_span(spotted.start, spotted.end)
        figure = Figure(
            value=spotted.value,
            unit=spotted.unit,
            qualifier=spotted.qualifier,
            text=s[phrase_start:phrase_end],
            span=span,
            words=text[span[0] : span[1]],
            phrase_span=norm.original_span(phrase_start, phrase_end),
            low=spotted.low,
            high=spotted.high,
            change=spotted.change,
            same_period=spotted.change is not None
            and bool(_SAME_PERIOD_RE.search(s[sentence_start : max(sentence_end, spotted.end)])),
        )
        context = s[sentence_start:clause_start].strip(_TRIM + ",;")
        found.append(LocatedFigure(figure, context, bisect_right(line_starts, match.start()) - 1))
    return found


@dataclass(frozen=True)
class _Spotted:
    start: int
    end: int
    resume: int
    value: Decimal
    unit: str | None
    qualifier: Qualifier | None
    change: Change | None
    low: Decimal | None = None
    high: Decimal | None = None


def _figure_at(s: str, match: re.Match[str], clause_start: int) -> _Spotted | None:
    """The figure whose first number is ``match``, or None when that number is not a figure."""
    first = _quantity(s, match.start(), match.end())
    if first is None:
        return None
    start = first.start
    before = s[clause_start:start]

    sign = _sign(s, start, clause_start)
    if sign is not None:
        start -= 1
        before = before[:-1]

    second = None if sign else _range_end(s, first)
    if second is not None:
        widened = first
        if first.unit is None and not first.scaled:
            # "từ 1,2 đến 1,5 triệu tài khoản": the scale and unit written once serve both ends.
            widened = replace(
                first,
                value=first.value * second.scale,
                scale=second.scale,
                unit=second.unit,
                known_unit=second.known_unit,
            )
        if widened.value < second.value:
            first = widened
        else:
            second = None
    last = second or first

    qualifier: Qualifier | None = None
    end = last.end
    after = _AT_LEAST_AFTER_RE.match(s, last.end)
    if after:
        qualifier = Qualifier.AT_LEAST if after.group(1).casefold() == "lên" else Qualifier.AT_MOST
        end = after.end()
    if second is not None or after:  # "từ 15 đến 20 vụ", "từ 80% trở lên"
        range_from = _RANGE_FROM_RE.search(before)
        if range_from:
            start -= len(before) - range_from.start()
            before = before[: range_from.start()]
    hedge = _QUALIFIER_BEFORE_RE.search(before)
    if hedge:
        qualifier = qualifier or _QUALIFIERS[hedge.group(1).casefold()]
        start -= len(before) - hedge.start()
        before = before[: hedge.start()]
    change: Change | None = None
    if sign is not None:
        change = Change.DECREASE if sign in "-−" else Change.INCREASE
    verb = _CHANGE_BEFORE_RE.search(before)
    if verb:
        change = Change.INCREASE if verb.group(1).casefold() == "tăng" else Change.DECREASE
        start -= len(before) - verb.start()
        before = before[: verb.start()]

    measured = first.known_unit or last.known_unit or first.scaled or last.scaled
    if not measured and _names_something(before):
        return None  # "Điều 6", "Cụm thi đua số 6", "năm 2025", "ngày 15"
    if not measured and first.plain and _is_year(first):
        return None  # "2024", "giai đoạn 2021-2025"
    stated = last.unit or measured or second or qualifier or change or not first.plain
    if not stated and not _VALUE_INTRO_RE.search(before):
        return None  # a bare small number with nothing saying it counts anything

    if second is not None:
        low, high = _tidy(first.value), _tidy(second.value)
        return _Spotted(start, end, last.end, low, last.unit, Qualifier.BETWEEN, change, low=low, high=high)
    return _Spotted(start, end, last.end, _tidy(first.value), last.unit, qualifier, change)


def _range_end(s: str, first: _Quantity) -> _Quantity | None:
    link = _RANGE_LINK_RE.match(s, first.end)
    if not link:
        return None
    following = _NUMBER_RE.match(s, link.end())
    second = _quantity(s, link.end(), following.end(), range_end=True) if following else None
    if second is None or (first.unit is not None and second.unit not in (None, first.unit)):
        return None
    return second


def _names_something(before: str) -> bool:
    naming = _NAMING_BEFORE_RE.search(before)
    if not naming:
        return False
    # "tổng số 235" is a total, "Cụm thi đua số 6" a name.
    return not re.search(rf"{_NOT_LETTER_BEFORE}tổng{_SP}+số{_SP}*[:.]?\s*\Z", before, re.IGNORECASE)


def _quantity(s: str, start: int, end: int, *, range_end: bool = False) -> _Quantity | None:
    """The number at ``s[start:end]`` with its scale and unit, or None when it is not a quantity.

    ``range_end`` is set for the second number of a range ("15-20"), which follows a dash."""
    raw = s[start:end]
    before = s[start - 1] if start and not range_end else " "
    before2 = s[start - 2] if start > 1 else " "
    if before.isalnum() or before in "_/" or (before in ".-–—−+" and before2.isalnum()):
        return None  # codes and references: "PC02", "COVID-19", "1/2025", "V.12"
    nxt = s[end] if end < len(s) else " "
    if nxt == "/" or (nxt in "-–" and s[end + 1 : end + 2].isalpha()):
        return None  # dates, document numbers: "05/01", "05/BC-CAT", "123-KH"
    if nxt.isalpha() and not _GLUED_UNIT_RE.match(s, end):
        return None  # "1A", "8h30"

    scale_match = _SCALE_RE.match(s, end)
    if _GROUPED_RE.fullmatch(raw):
        value, plain = Decimal(raw.replace(".", "").replace(",", ".")), False
    elif _PLAIN_RE.fullmatch(raw):
        if re.fullmatch(r"0\d{2,}(?:,\d+)?", raw):
            return None  # phone numbers and codes, not "01 vụ"
        value, plain = Decimal(raw.replace(",", ".")), "," not in raw
    elif _DOT_DECIMAL_RE.fullmatch(raw) and scale_match:
        value, plain = Decimal(raw), False
    else:
        return None  # "1.2." headings, "05.01.2026", "0912.345.678"

    pos = end
    scale = Decimal(1)
    while scale_match:
        scale *= _SCALES[scale_match.group(1).casefold()]
        pos = scale_match.end()
        scale_match = _SCALE_RE.match(s, pos)
    value *= scale

    if scale == 1 and _TIME_AFTER_RE.match(s, pos):
        return None
    unit: str | None = None
    known = False
    percent = _PERCENT_RE.match(s, pos)
    unit_match = _UNIT_RE.match(s, pos) if not percent else None
    if percent:
        unit, known, pos = "%", True, percent.end()
    elif unit_match and (unit_match.start(1) > pos or _GLUED_UNIT_RE.match(s, pos)):
        unit, known, pos = _CANONICAL_UNIT[unit_match.group(1).casefold()], True, unit_match.end()
    else:
        word = _WORD_AFTER_RE.match(s, pos)
        if word and word.group(1)[0].islower() and word.group(1) not in _NOT_A_UNIT:
            unit, pos = word.group(1), word.end()
    return _Quantity(value, start, pos, unit, known, scale, plain, raw)


def _sign(s: str, start: int, clause_start: int) -> str | None:
    """A sign stuck to the number marks a change: "(-5,3%)", "(+6,8%)". Not a bullet, not "6 -8"."""
    if start - 1 < clause_start or s[start - 1] not in _SIGNS:
        return None
    preceding = s[clause_start : start - 1]
    if preceding and not preceding[-1].isspace() and preceding[-1] not in "([":
        return None
    stripped = preceding.rstrip(" \t\u00a0([")
    if not stripped or stripped[-1].isdigit():
        return None  # a bullet at the start of the clause, or a range "6 -8"
    return s[start - 1]


def _is_year(quantity: _Quantity) -> bool:
    return len(quantity.raw) == 4 and 1900 <= quantity.value <= 2100


def _tidy(value: Decimal) -> Decimal:
    """Whole numbers without a trailing ".0" (1,2 triệu is 1200000, not 1200000.0)."""
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def _merged(matches: list[re.Match[str]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in sorted((m.start(), m.end()) for m in matches):
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    """Whether ``position`` falls in one of the sorted, non-overlapping ``spans`` (dates, headings)."""
    index = bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]


def _cuts(pattern: re.Pattern[str], s: str) -> list[int]:
    return [m.end() for m in pattern.finditer(s)]


def _around(cuts: list[int], position: int, length: int) -> tuple[int, int]:
    """The stretch between two cuts that holds ``position``."""
    index = bisect_right(cuts, position)
    start = cuts[index - 1] if index else 0
    end = cuts[index] - 1 if index < len(cuts) else length
    return start, end


def _trimmed(s: str, start: int, end: int) -> tuple[int, int]:
    while start < end and s[start] in _TRIM:
        start += 1
    while end > start and s[end - 1] in _TRIM:
        end -= 1
    return start, end
