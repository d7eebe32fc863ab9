"""Figures in a unit's narrative report, with the indicator each is proposed for (public API).

``extract_figures(text, indicators=None)`` finds every figure (DOMAIN.md section 8, rules in
:mod:`thidua.reports.domain.figures`) and, given indicators, proposes one for each
(:mod:`thidua.reports.domain.matching`). ``read_text(path)`` reads a .txt or .docx report;
``extract_file`` does both, for ``thidua extract FILE [--json]``. Nothing here needs Django.

Spans index the text exactly as passed in, NFC or NFD: ``text[f.span[0]:f.span[1]] == f.words``.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from thidua.core.domain.errors import DomainError
from thidua.reports.domain.figures import Change, Figure, LocatedFigure, Qualifier, locate_figures
from thidua.reports.domain.matching import IndicatorTerms, match_indicator

__all__ = ["Change", "Figure", "Qualifier", "extract_figures", "extract_file", "figures_as_json", "read_text"]

MAX_FILE_BYTES = 20 * 1024 * 1024
READABLE = (".txt", ".docx")


def extract_figures(text: str, indicators: Iterable[IndicatorTerms] | None = None) -> list[Figure]:
    """Every figure in ``text``, in reading order; with ``indicators`` (``(code, name, synonyms)``
    tuples) each carries the proposed ``indicator`` code and its ``score``, or None.

    A change that names nothing itself ("so với cùng kỳ giảm 12 vụ", "(-5,3%)") is proposed for the
    indicator of the figure it follows in the same paragraph.
    """
    located = locate_figures(text)
    if indicators is None:
        return [item.figure for item in located]
    terms = list(indicators)
    figures: list[Figure] = []
    for index, item in enumerate(located):
        figure = _propose(item, terms)
        if figure.change is not None:
            source = _changed_figure(figure, figures, located, index)
            if source is not None and source.indicator is not None:
                figure = dataclasses.replace(figure, indicator=source.indicator, score=source.score)
        figures.append(figure)
    return figures


def _changed_figure(figure: Figure, done: list[Figure], located: list[LocatedFigure], index: int) -> Figure | None:
    """The figure a change refers to, when the change does not name its own indicator.

    A percentage right after a change in the same clause restates it ("giảm 12 vụ (-5,3%)"): it
    belongs where that change does. Otherwise a change with no proposal of its own refers to the
    last figure of the paragraph that is not a change, preferring one counted in the same unit.
    """
    paragraph = located[index].paragraph
    if index and figure.unit == "%":
        previous = done[index - 1]
        if previous.change is not None and previous.phrase_span == figure.phrase_span:
            return previous
    if figure.indicator is not None:
        return None
    candidates = [
        done[i] for i in range(index - 1, -1, -1) if located[i].paragraph == paragraph and done[i].change is None
    ]
    same_unit = [c for c in candidates if c.unit == figure.unit]
    if same_unit or candidates:
        return (same_unit or candidates)[0]
    return None


def _propose(item: LocatedFigure, terms: list[IndicatorTerms]) -> Figure:
    figure = item.figure
    # A change in per cent ("tăng 3,2%") is relative: it can belong to a count as well as to a rate.
    unit = None if figure.change is not None and figure.unit == "%" else figure.unit
    match = match_indicator(figure.text, terms, unit=unit, context=item.context)
    if match is None:
        return figure
    return dataclasses.replace(figure, indicator=match.code, score=match.score)


def extract_file(path: str | Path, indicators: Iterable[IndicatorTerms] | None = None) -> list[Figure]:
    """:func:`read_text` then :func:`extract_figures`; spans index the text ``read_text`` returns."""
    return extract_figures(read_text(path), indicators)


def figures_as_json(figures: Iterable[Figure]) -> list[dict[str, Any]]:
    return [figure.to_dict() for figure in figures]


def read_text(path: str | Path) -> str:
    """The text of a narrative report: a .txt in UTF-8 (with or without BOM), or a .docx (its
    paragraphs and table rows in document order, one a line, cells joined by " | ").

    The text is returned as stored (NFC or NFD); other files are refused with a Vietnamese message.
    """
    path = Path(path)
    suffix = path.suffix.casefold()
    if suffix not in READABLE:
        hint = " Hãy lưu tệp Word dưới dạng .docx." if suffix in (".doc", ".rtf", ".odt") else ""
        raise DomainError(
            f"Không đọc được tệp «{path.name}»: chỉ nhận báo cáo dạng .txt hoặc .docx.{hint}", field="file"
        )
    if not path.is_file():
        raise DomainError(f"Không tìm thấy tệp «{path}».", field="file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DomainError(f"Tệp «{path.name}» quá lớn (tối đa {MAX_FILE_BYTES // (1024 * 1024)} MB).", field="file")
    if suffix == ".txt":
        try:
            return path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(
                f"Tệp «{path.name}» không phải văn bản UTF-8: hãy lưu lại với bảng mã UTF-8 (Unicode).",
                field="file",
            ) from None
    return _read_docx(path)


def _read_docx(path: Path) -> str:
    import docx  # python-docx is only needed for .docx reports
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError  # type: ignore[import-untyped]  # lxml ships no stubs

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError):
        raise DomainError(
            f"Tệp «{path.name}» không phải tệp Word .docx hợp lệ (có thể bị hỏng hoặc là tệp .doc đổi tên).",
            field="file",
        ) from None
    return "\n".join(_docx_lines(document))


def _docx_lines(document: Any) -> Iterator[str]:
    """Body paragraphs and table rows in document order (headers and footers are left out)."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text


def _table_lines(table: Any) -> Iterator[str]:
    """One line per row, cells joined by " | " so a row reads as one clause; nested tables follow."""
    for row in table.rows:
        cells: list[Any] = []
        for cell in row.cells:  # a merged cell is listed once per grid column it spans
            if not any(cell._tc is seen._tc for seen in cells):
                cells.append(cell)
        yield " | ".join(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()) for cell in cells)
        for cell in cells:
            for nested in cell.tables:
                yield from _table_lines(nested)
