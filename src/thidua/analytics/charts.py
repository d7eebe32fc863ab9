"""Charts of the analytics pages, drawn on the server with matplotlib (Agg) as inline SVG: no script, no
external asset, printable."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt

from thidua.core.domain.numbers import format_number


def _svg(figure) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    # Inline in the page: drop the XML prolog and doctype.
    return text[text.index("<svg") :]


def _number(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def bars_by_unit(
    *, title: str, names: Sequence[str], actual: Sequence[Decimal | None], last_year: Sequence[Decimal | None]
) -> str:
    """Each unit's figure this period beside the same period last year."""
    figure, axis = plt.subplots(figsize=(8, 0.45 * len(names) + 1.2))
    positions = range(len(names))
    height = 0.4
    axis.barh([p - height / 2 for p in positions], [_number(v) for v in actual], height, label="Kỳ này")
    axis.barh([p + height / 2 for p in positions], [_number(v) for v in last_year], height, label="Cùng kỳ năm trước")
    for p, value in zip(positions, actual, strict=True):
        axis.annotate(format_number(value), (_number(value), p - height / 2), va="center", fontsize=8)
    axis.set_yticks(list(positions), list(names))
    axis.invert_yaxis()
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=8)
    return _svg(figure)


def trend_lines(*, title: str, periods: Sequence[str], series: Sequence[tuple[str, Sequence[Decimal | None]]]) -> str:
    """Each unit's figure over the periods (a missing figure leaves a gap)."""
    figure, axis = plt.subplots(figsize=(8, 3.6))
    for name, values in series:
        axis.plot(list(periods), [float(v) if v is not None else float("nan") for v in values], marker="o", label=name)
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=7, loc="best")
    axis.grid(alpha=0.3)
    return _svg(figure)
