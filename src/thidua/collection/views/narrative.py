"""Pages where the unit's officer takes figures from the unit's narrative report (báo cáo bằng lời văn) into the
draft: upload a .txt or .docx, review each figure found (value, unit of count, qualifier, the sentence around it,
the indicator proposed), change the indicator or skip it, and accept the chosen ones. Nothing is submitted; the
accepted figures are saved like typed values. Only the unit's own officers reach these pages (others get 404)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from thidua.collection import services
from thidua.collection.domain.workflow import is_editable
from thidua.collection.models import DataValue, FigureStatus, NarrativeFigure, NarrativeReport, Submission
from thidua.collection.views.entry import _status_of, _submission_or_404, _version
from thidua.collection.views.uploads import MAX_MB, posted_file
from thidua.core.domain.errors import DomainError
from thidua.core.domain.numbers import format_number
from thidua.core.exceptions import ApplicationError
from thidua.indicators.domain.indicators import ValueType
from thidua.indicators.models import Indicator

SKIP = "bo-qua"
QUALIFIER_LABELS = {
    "more_than": "hơn / trên",
    "almost": "gần",
    "about": "khoảng",
    "at_least": "từ … trở lên",
    "at_most": "không quá",
    "less_than": "dưới",
    "between": "khoảng từ … đến …",
}
CHANGE_LABELS = {"increase": "tăng", "decrease": "giảm"}
CONTEXT_CHARS = 160
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _officer_submission(user: Any, pk: int) -> Submission:
    """The report, if the user is one of its unit's officers; anyone else gets 404 (as for a missing report)."""
    submission = _submission_or_404(user, pk)
    if not user.has_perm("collection.enter_values", submission):
        raise Http404
    return submission


def _narrative_or_404(submission: Submission, narrative_pk: int) -> NarrativeReport:
    found = NarrativeReport.objects.filter(submission=submission, pk=narrative_pk).first()
    if found is None:
        raise Http404
    return found


def _editable(submission: Submission) -> bool:
    exception = submission.lock_exceptions.filter(until__gt=timezone.now()).exists()
    return is_editable(submission.status_enum, lock_exception=exception)


@dataclass
class FigureRow:
    """One figure as the review page shows it."""

    figure: NarrativeFigure
    before: str
    words: str
    after: str
    selected_indicator: str
    selected_option: str
    current: str
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    checked: bool = False

    @property
    def value_text(self) -> str:
        f = self.figure
        if f.low is not None and f.high is not None:
            return f"{format_number(f.low)} – {format_number(f.high)}"
        return format_number(f.value)

    @property
    def qualifier_label(self) -> str:
        return QUALIFIER_LABELS.get(self.figure.qualifier, "")

    @property
    def is_open(self) -> bool:
        return self.figure.status != FigureStatus.ACCEPTED


def _sentence(text: str, figure: NarrativeFigure) -> tuple[str, str, str]:
    """The sentence around a figure (within its paragraph, shortened to a window when long), split at the figure's
    own words. A "." only ends a sentence before a space, so "1.120" stays whole."""
    line_start = text.rfind("\n", 0, figure.span_start) + 1
    line_end = text.find("\n", figure.span_end)
    line_end = len(text) if line_end < 0 else line_end
    ends = [m.end() for m in re.finditer(r"[.!?…]\s+", text[line_start : figure.span_start])]
    start = line_start + ends[-1] if ends else line_start
    stop = re.search(r"[.!?…](\s|$)", text[figure.span_end : line_end])
    end = figure.span_end + stop.end() if stop else line_end
    prefix = suffix = ""
    if figure.span_start - start > CONTEXT_CHARS:
        space = text.find(" ", figure.span_start - CONTEXT_CHARS, figure.span_start)
        start, prefix = (space + 1 if space >= 0 else figure.span_start - CONTEXT_CHARS), "… "
    if end - figure.span_end > CONTEXT_CHARS:
        space = text.rfind(" ", figure.span_end, figure.span_end + CONTEXT_CHARS)
        end, suffix = (space if space > figure.span_end else figure.span_end + CONTEXT_CHARS), " …"
    return (
        prefix + text[start : figure.span_start],
        text[figure.span_start : figure.span_end],
        text[figure.span_end : end].rstrip() + suffix,
    )


def _warnings(figure: NarrativeFigure, indicator: Indicator | None) -> list[str]:
    notes = []
    if figure.qualifier:
        notes.append(
            f"Số liệu có từ «{QUALIFIER_LABELS.get(figure.qualifier, figure.qualifier)}»: không phải con số chính xác, "
            "hãy kiểm tra trước khi nhận."
        )
    if figure.change:
        notes.append(
            f"Đây là mức {CHANGE_LABELS.get(figure.change, '')} (so với kỳ trước hoặc cùng kỳ), "
            "không phải số liệu của kỳ."
        )
    if indicator is not None:
        if indicator.value_type == ValueType.RATE.value:
            notes.append(f"«{indicator.name}» là tỷ lệ được tự tính: không nhận trực tiếp, hãy chọn chỉ tiêu khác.")
        elif indicator.disaggregations.all():
            notes.append(f"«{indicator.name}» nhập theo phân tổ: hãy chọn phân tổ.")
        if figure.unit and indicator.unit_of_measure and figure.unit != indicator.unit_of_measure:
            notes.append(f"Đơn vị tính «{figure.unit}» khác đơn vị của chỉ tiêu («{indicator.unit_of_measure}»).")
    return notes


def _clean(figure: NarrativeFigure, indicator: Indicator | None) -> bool:
    """A figure offered ticked: a proposal that needs no choice and no second look."""
    return (
        indicator is not None
        and not figure.qualifier
        and not figure.change
        and indicator.value_type != ValueType.RATE.value
        and not indicator.disaggregations.all()
    )


def _rows(
    narrative: NarrativeReport,
    indicators: list[Indicator],
    posted: Any = None,
    errors: dict[int, str] | None = None,
) -> list[FigureRow]:
    by_id = {i.pk: i for i in indicators}
    current = {
        (v.indicator_id, v.option_id): format_number(v.value) if v.value is not None else v.display
        for v in DataValue.objects.filter(submission=narrative.submission_id)
    }
    chosen = set(posted.getlist("chon")) if posted is not None else None
    rows = []
    for figure in narrative.figures.select_related("indicator", "option", "proposed"):
        if posted is not None:
            picked = posted.get(f"chi-tieu-{figure.pk}", "")
            option = posted.get(f"phan-to-{figure.pk}", "")
        elif figure.status == FigureStatus.SKIPPED:
            picked, option = SKIP, ""
        else:
            target = figure.indicator_id or figure.proposed_id
            picked = str(target) if target in by_id else SKIP
            option = str(figure.option_id or "")
        indicator = by_id.get(int(picked)) if picked.isdigit() else None
        before, words, after = _sentence(narrative.text, figure)
        rows.append(
            FigureRow(
                figure=figure,
                before=before,
                words=words,
                after=after,
                selected_indicator=picked,
                selected_option=option,
                current=current.get((indicator.pk, int(option) if option.isdigit() else None), "") if indicator else "",
                warnings=_warnings(figure, indicator),
                error=(errors or {}).get(figure.pk, ""),
                checked=str(figure.pk) in chosen
                if chosen is not None
                else figure.status == FigureStatus.PENDING and _clean(figure, indicator),
            )
        )
    return rows


def _option_choices(indicators: list[Indicator]) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for indicator in indicators:
        for breakdown in indicator.disaggregations.all():
            for option in breakdown.options.all():
                seen.setdefault(option.pk, f"{breakdown.name}: {option.name}")
    return list(seen.items())


@login_required
@require_http_methods(["GET", "POST"])
def narratives(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's narrative uploads (to resume a review) and the upload form; a good upload opens its review."""
    user: Any = request.user
    submission = _officer_submission(user, pk)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            upload = posted_file(request, missing="Hãy chọn tệp báo cáo (.txt hoặc .docx).")
            narrative = services.narrative_upload(
                submission=submission, name=upload.name or "bao-cao.txt", content=upload.read(), actor=user
            )
        except DomainError as exc:
            error, status = exc.message, _status_of(exc)
        else:
            found = narrative.figures.count()
            messages.success(
                request, f"Đã đọc «{narrative.original_name}»: tìm thấy {found} số liệu. Hãy xem lại trước khi nhận."
            )
            return redirect("collection:narrative-review", pk=submission.pk, narrative_pk=narrative.pk)
    uploads = [
        (
            n,
            n.figures.filter(status=FigureStatus.PENDING).count(),
            n.figures.filter(status=FigureStatus.ACCEPTED).count(),
            n.figures.filter(status=FigureStatus.SKIPPED).count(),
        )
        for n in NarrativeReport.objects.for_user(user).filter(submission=submission).select_related("uploaded_by")
    ]
    return render(
        request,
        "collection/narrative_list.html",
        {
            "s": submission,
            "uploads": uploads,
            "error": error,
            "editable": _editable(submission),
            "max_mb": MAX_MB,
        },
        status=status,
    )


def _decisions(post: Any) -> list[services.FigureDecision]:
    skip_all = post.get("thao-tac") == "bo-qua"
    decisions = []
    for raw in post.getlist("chon"):
        if not raw.isdigit():
            continue
        picked = post.get(f"chi-tieu-{raw}", SKIP)
        option = post.get(f"phan-to-{raw}", "")
        if skip_all or not picked.isdigit():
            decisions.append(services.FigureDecision(figure_id=int(raw)))
        else:
            decisions.append(
                services.FigureDecision(
                    figure_id=int(raw), indicator_id=int(picked), option_id=int(option) if option.isdigit() else None
                )
            )
    return decisions


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int, narrative_pk: int) -> HttpResponse:
    """Each figure found, with the indicator proposed; the officer accepts the ticked ones into the draft or skips
    them. A refusal names the figure and changes nothing."""
    user: Any = request.user
    submission = _officer_submission(user, pk)
    narrative = _narrative_or_404(submission, narrative_pk)
    indicators = services.narrative_indicators(submission)
    posted = None
    errors: dict[int, str] = {}
    error = ""
    status = 200
    if request.method == "POST":
        try:
            outcome = services.narrative_decide(
                narrative=narrative,
                decisions=_decisions(request.POST),
                expected_version=_version(request.POST.get("version")),
                actor=user,
            )
        except DomainError as exc:
            posted, error, status = request.POST, exc.message, _status_of(exc)
            if isinstance(exc, ApplicationError):
                errors = {int(k): v for k, v in exc.extra.get("errors", {}).items()}
            submission.refresh_from_db()
        else:
            parts = []
            if outcome.accepted:
                parts.append(f"nhận {outcome.accepted} số liệu vào báo cáo")
            if outcome.skipped:
                parts.append(f"bỏ qua {outcome.skipped} số liệu")
            messages.success(request, "Đã " + ", ".join(parts) + ". Báo cáo chưa được gửi: hãy kiểm tra trên biểu mẫu.")
            return redirect("collection:narrative-review", pk=submission.pk, narrative_pk=narrative.pk)
    rows = _rows(narrative, indicators, posted, errors)
    return render(
        request,
        "collection/narrative_review.html",
        {
            "s": submission,
            "n": narrative,
            "rows": rows,
            "indicators": indicators,
            "options": _option_choices(indicators),
            "skip": SKIP,
            "error": error,
            "editable": _editable(submission),
            "open_count": sum(1 for r in rows if r.is_open),
        },
        status=status,
    )


@login_required
@require_GET
def narrative_file(request: HttpRequest, pk: int, narrative_pk: int) -> HttpResponse:
    """Download the narrative report as it was uploaded."""
    submission = _officer_submission(request.user, pk)
    narrative = _narrative_or_404(submission, narrative_pk)
    return FileResponse(
        narrative.file.open("rb"),
        as_attachment=True,
        filename=narrative.original_name,
        content_type=DOCX if narrative.kind == "docx" else "text/plain; charset=utf-8",
    )
