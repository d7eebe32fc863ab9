"""Gathers a report's figures once into the plain document model (``domain.document.ReportDocument``).

The narrative comes from the draft the secretariat (or the unit) wrote in the browser; the figures come from the
selectors of the apps that own them (``sources``). The renderers (.docx, .xlsx, .pdf) only read the model.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from thidua.collection.domain.workflow import Status as SubmissionStatus
from thidua.collection.models import Submission
from thidua.core.models import AuditEvent
from thidua.indicators.models import Period
from thidua.organisations.selectors import edition_members_on, unit_names_on
from thidua.reports import sources
from thidua.reports.domain.document import (
    Appendix,
    Block,
    Chart,
    Column,
    ColumnKind,
    Heading,
    Paragraph,
    ReportDocument,
    Signer,
    Table,
    recipients_from_text,
)
from thidua.reports.domain.layout import (
    ReportKind,
    appendix_heading,
    document_number,
    outline,
    period_phrase,
    place_and_date,
    place_from_unit_name,
    summary_line,
)
from thidua.reports.models import ReportDraft

Progress = Callable[[int], None]
NO_TEXT = "(Chưa có nội dung: phần này do {who} viết trên trang báo cáo.)"
APPROVED = (SubmissionStatus.APPROVED.value, SubmissionStatus.FINALISED.value)
# Apps whose approved figures feed a report besides the submissions (scores, practices, proposals).
FEEDING_APPS = ("scoring.", "practices.", "commendations.", "analytics.")


def _nothing(_: int) -> None:
    return None


def same_period_last_year(period: Period) -> Period | None:
    return Period.objects.filter(kind=period.kind, year=period.year - 1, number=period.number).first()


def report_units(draft: ReportDraft) -> list[Any]:
    """The units a report covers: the edition's members at the period's end, or the one unit."""
    if draft.unit_id:
        return [draft.unit]
    return edition_members_on(draft.edition, draft.period.end)


def data_version(draft: ReportDraft) -> str:
    """A fingerprint of everything a report is built from: the draft's version, the versions of the cluster's approved
    submissions for the period and the same period last year, and the latest audited change to scores, practices and
    proposals. A kept file whose fingerprint differs from the current one is older than the data."""
    periods = [draft.period_id]
    last = same_period_last_year(draft.period)
    if last is not None:
        periods.append(last.pk)
    submissions = sorted(
        Submission.objects.filter(
            data_set__edition__cluster_id=draft.edition.cluster_id, period_id__in=periods, status__in=APPROVED
        ).values_list("pk", "version")
    )
    feeding = Q()
    for prefix in FEEDING_APPS:
        feeding |= Q(object_type__startswith=prefix)
    latest = AuditEvent.objects.filter(feeding).aggregate(seq=Max("seq"))["seq"] or 0
    text = f"draft:{draft.pk}:{draft.version}|subs:{submissions}|audit:{latest}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# Charts ------------------------------------------------------------------------------------------------------------


def bar_chart(labels: list[str], values: list[float], *, ylabel: str, reference: float | None = None) -> bytes:
    """A plain bar chart as PNG (matplotlib, Agg backend: no display needed)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 3.2), dpi=100)
    # Fixed margins: tight_layout would draw the figure twice.
    figure.subplots_adjust(left=0.09, right=0.98, top=0.95, bottom=0.3 if len(labels) > 5 else 0.12)
    axes = figure.subplots()
    positions = list(range(len(labels)))
    axes.bar(positions, values, color="#4a6fa5")
    axes.set_xticks(
        positions, labels, rotation=30 if len(labels) > 5 else 0, ha="right" if len(labels) > 5 else "center"
    )
    axes.tick_params(labelsize=7)
    axes.set_ylabel(ylabel, fontsize=8)
    if reference is not None:
        axes.axhline(reference, color="#b03030", linewidth=0.8, linestyle="--")
    for x, value in zip(positions, values, strict=True):
        axes.annotate(f"{value:.1f}".replace(".", ","), (x, value), ha="center", va="bottom", fontsize=6)
    axes.spines[["top", "right"]].set_visible(False)
    out = BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _short(name: str) -> str:
    return place_from_unit_name(name)


# Tables ------------------------------------------------------------------------------------------------------------

RESULT_COLUMNS = (
    Column("STT", ColumnKind.TEXT, 0.5),
    Column("Đơn vị", ColumnKind.TEXT, 2.4),
    Column("Chỉ tiêu giao", ColumnKind.NUMBER, 1.1),
    Column("Kết quả", ColumnKind.NUMBER, 1.1),
    Column("% đạt", ColumnKind.PERCENT, 0.9),
    Column("Cùng kỳ năm trước", ColumnKind.NUMBER, 1.1),
    Column("Tăng (+), giảm (-)", ColumnKind.CHANGE, 1.0),
    Column("Tăng, giảm (%)", ColumnKind.CHANGE_PERCENT, 0.9),
)


def results_table(rows: list[sources.ResultRow]) -> Table:
    """Per indicator a group row, then one row per unit: target, result, % achieved, same period last year, change."""
    by_indicator: dict[str, list[sources.ResultRow]] = defaultdict(list)
    order: list[str] = []
    for row in rows:
        if row.indicator not in by_indicator:
            order.append(row.indicator)
        by_indicator[row.indicator].append(row)
    cells: list[tuple[Any, ...]] = []
    groups: set[int] = set()
    for number, indicator in enumerate(order, start=1):
        first = by_indicator[indicator][0]
        unit = f" ({first.unit_of_measure})" if first.unit_of_measure else ""
        groups.add(len(cells))
        cells.append((f"{number}. {indicator}{unit}",) + (None,) * (len(RESULT_COLUMNS) - 1))
        for i, row in enumerate(by_indicator[indicator], start=1):
            cells.append(
                (
                    f"{number}.{i}",
                    row.unit_name,
                    row.target,
                    row.actual,
                    row.percent_of_target,
                    row.last_year,
                    row.change,
                    row.change_percent,
                )
            )
    return Table(
        sheet="Kết quả chỉ tiêu",
        caption="Kết quả thực hiện các chỉ tiêu thi đua so với chỉ tiêu giao và cùng kỳ năm trước",
        columns=RESULT_COLUMNS,
        rows=tuple(cells),
        groups=frozenset(groups),
    )


def ranking_table(rows: list[sources.RankingRow]) -> Table:
    columns = (
        Column("Xếp hạng", ColumnKind.TEXT, 0.8),
        Column("Đơn vị", ColumnKind.TEXT, 2.6),
        Column("Điểm duyệt", ColumnKind.NUMBER, 1.1),
        Column("Điểm tối đa", ColumnKind.NUMBER, 1.1),
        Column("Tỷ lệ", ColumnKind.PERCENT, 0.9),
        Column("Xếp loại", ColumnKind.TEXT, 1.3),
        Column("Tình trạng", ColumnKind.TEXT, 1.3),
    )
    return Table(
        sheet="Xếp hạng",
        caption="Kết quả chấm điểm, xếp hạng thi đua các đơn vị",
        columns=columns,
        rows=tuple(
            (
                str(r.rank) if r.rank is not None else "",
                r.unit_name,
                r.approved_total,
                r.max_total,
                r.percent,
                r.band,
                r.state_label,
            )
            for r in rows
        ),
    )


def proposals_table(rows: list[sources.ProposalRow]) -> Table:
    columns = (
        Column("STT", ColumnKind.TEXT, 0.5),
        Column("Tập thể, cá nhân", ColumnKind.TEXT, 2.6),
        Column("Đơn vị", ColumnKind.TEXT, 2.0),
        Column("Hình thức khen thưởng", ColumnKind.TEXT, 2.2),
        Column("Tình trạng", ColumnKind.TEXT, 1.3),
    )
    return Table(
        sheet="Đề nghị khen thưởng",
        caption="Danh sách tập thể, cá nhân đề nghị khen thưởng",
        columns=columns,
        rows=tuple(
            (str(i), r.candidate_name, r.unit_name, r.form_name, r.state_label) for i, r in enumerate(rows, start=1)
        ),
    )


def practices_table(rows: list[sources.PracticeItem]) -> Table:
    columns = (
        Column("STT", ColumnKind.TEXT, 0.5),
        Column("Loại", ColumnKind.TEXT, 1.6),
        Column("Tên", ColumnKind.TEXT, 2.6),
        Column("Đơn vị", ColumnKind.TEXT, 1.8),
        Column("Kết quả, hiệu quả", ColumnKind.TEXT, 2.6),
    )
    return Table(
        sheet="Điển hình tiên tiến",
        caption="Nhân tố mới, điển hình tiên tiến, mô hình hiệu quả, cách làm hay",
        columns=columns,
        rows=tuple((str(i), r.kind_label, r.title, r.unit_name, r.results) for i, r in enumerate(rows, start=1)),
    )


# The document ------------------------------------------------------------------------------------------------------


def _narrative(text: str, who: str) -> list[Block]:
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if not paragraphs:
        return [Paragraph(NO_TEXT.format(who=who), italic=True)]
    return [Paragraph(p) for p in paragraphs]


def _average_percent(rows: list[sources.ResultRow]) -> dict[str, float]:
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:
        if row.percent_of_target is not None:
            sums[row.unit_name].append(row.percent_of_target)
    return {name: float(sum(values) / len(values)) for name, values in sums.items() if values}


def build_document(
    draft: ReportDraft, *, user: Any, progress: Progress = _nothing, today: date | None = None
) -> ReportDocument:
    """The whole report as the plain model: header, sections I-V with the figures, signer, recipients, appendices."""
    edition = draft.edition
    period = draft.period
    kind = ReportKind(draft.kind)
    cluster_report = not draft.unit_id
    units = report_units(draft)
    names = unit_names_on([*units, edition.cluster.owner, *([edition.leader] if edition.leader else [])], period.end)
    who = "thường trực cụm" if cluster_report else "đơn vị"
    owner_name = names.get(edition.cluster.owner_id, str(edition.cluster.owner))
    if cluster_report:
        governing, issuer_name = owner_name, edition.cluster.name
        home = names.get(edition.leader_id, "") if edition.leader_id else ""
    else:
        governing, issuer_name = owner_name, names.get(draft.unit_id, str(draft.unit))
        home = issuer_name
    day = draft.issued_on or today or timezone.localdate()
    year = period.year

    results = sources.indicator_results(units=units, period=period, user=user)
    progress(20)
    ranking = (
        sources.cluster_ranking(edition=edition, period=period, user=user) if cluster_report else sources.Source([])
    )
    progress(30)
    practices = sources.practices_for_report(units=units, period=period, user=user)
    progress(40)
    proposals = sources.proposals_for_report(units=units, year=year, user=user)
    progress(50)

    sections = outline(kind, year, cluster_report=cluster_report)
    blocks: list[Block] = []
    appendices: list[Appendix] = []

    blocks.append(Heading(sections[0][0]))
    blocks += _narrative(draft.situation, who)

    blocks.append(Heading(sections[1][0]))
    sub = sections[1][1]
    blocks.append(Heading(sub[0], level=2))
    blocks += _narrative(draft.leadership, who)

    blocks.append(Heading(sub[1], level=2))
    result_rows: list[sources.ResultRow] = results.rows
    if not result_rows:
        blocks.append(Paragraph("Chưa có số liệu đã duyệt của kỳ này.", italic=True))
    else:
        indicators = {r.indicator for r in result_rows}
        reached = [r for r in result_rows if r.percent_of_target is not None and r.percent_of_target >= 100]
        with_target = [r for r in result_rows if r.percent_of_target is not None]
        unit_count = len({r.unit_name for r in result_rows})
        summary = (
            f"{period_phrase(kind, year).capitalize()}, {unit_count} đơn vị báo cáo kết quả {len(indicators)} chỉ tiêu"
            " thi đua"
        )
        if with_target:
            summary += f"; {len(reached)}/{len(with_target)} lượt chỉ tiêu có giao chỉ tiêu đạt hoặc vượt chỉ tiêu giao"
        blocks.append(Paragraph(summary + ". Kết quả chi tiết tại Phụ lục I."))
        averages = _average_percent(result_rows)
        if cluster_report and averages:
            labels = [_short(n) for n in averages]
            blocks.append(
                Chart(
                    "Biểu đồ 1. Tỷ lệ hoàn thành chỉ tiêu giao bình quân của các đơn vị (%)",
                    bar_chart(labels, list(averages.values()), ylabel="% đạt", reference=100.0),
                )
            )
        elif with_target:
            shown = with_target[:30]
            blocks.append(
                Chart(
                    "Biểu đồ 1. Tỷ lệ hoàn thành từng chỉ tiêu giao (%)",
                    bar_chart(
                        [r.indicator[:24] for r in shown],
                        [float(r.percent_of_target or 0) for r in shown],
                        ylabel="% đạt",
                        reference=100.0,
                    ),
                )
            )
        appendices.append(
            Appendix(appendix_heading(1, "Kết quả thực hiện các chỉ tiêu thi đua"), (results_table(result_rows),))
        )
    progress(60)

    blocks.append(Heading(sub[2], level=2))
    if not practices.rows:
        blocks.append(Paragraph("Trong kỳ chưa có nhân tố mới, điển hình tiên tiến được ghi nhận.", italic=True))
    else:
        for item in practices.rows:
            named = item.title.lower().startswith(item.kind_label.lower())  # «Cách làm hay: ...» names its kind
            text = (
                f"- {item.title} ({item.unit_name})"
                if named
                else f"- {item.kind_label} «{item.title}» ({item.unit_name})"
            )
            detail = "; ".join(part for part in (item.description, item.results) if part)
            blocks.append(Paragraph(f"{text}: {detail}" if detail else text + "."))
        blocks.append(practices_table(practices.rows))

    blocks.append(Heading(sub[3], level=2))
    if not proposals.rows:
        blocks.append(Paragraph("Trong kỳ chưa có đề nghị khen thưởng.", italic=True))
    else:
        blocks.append(Paragraph(f"Đề nghị khen thưởng {len(proposals.rows)} tập thể, cá nhân (danh sách dưới đây)."))
        blocks.append(proposals_table(proposals.rows))

    blocks.append(Heading(sub[4], level=2))
    blocks += _narrative(draft.activities, who)
    if cluster_report:
        if ranking.rows:
            top = [r.unit_name for r in ranking.rows if r.rank == 1]
            lead = f" Dẫn đầu: {', '.join(top)}." if top else ""
            blocks.append(Paragraph(f"Kết quả chấm điểm, xếp hạng thi đua các đơn vị tại Phụ lục II.{lead}"))
            ranked = _percent_by_unit(ranking.rows)
            if ranked:
                blocks.append(
                    Chart(
                        "Biểu đồ 2. Tỷ lệ điểm duyệt so với điểm tối đa của các đơn vị (%)",
                        bar_chart([_short(n) for n in ranked], list(ranked.values()), ylabel="% điểm"),
                    )
                )
            appendices.append(
                Appendix(appendix_heading(2, "Kết quả chấm điểm, xếp hạng thi đua"), (ranking_table(ranking.rows),))
            )
        else:
            blocks.append(Paragraph("Chưa có kết quả chấm điểm, xếp hạng đã duyệt.", italic=True))
    progress(70)

    blocks.append(Heading(sections[2][0]))
    blocks += _narrative(draft.assessment, who)
    blocks.append(Heading(sections[3][0]))
    blocks += _narrative(draft.direction, who)
    blocks.append(Heading(sections[4][0]))
    blocks += _narrative(draft.proposals, who)

    default_issuer = ""
    if cluster_report:
        signer = Signer(
            draft.signer_authority or f"TM. {edition.cluster.name.upper()}",
            draft.signer_title or "CỤM TRƯỞNG",
            draft.signer_name,
        )
        recipients = recipients_from_text(draft.recipients) or [
            "Cục Công tác chính trị (để báo cáo)",
            f"Các đơn vị thành viên {edition.cluster.name}",
            "Lưu: VT, Cụm",
        ]
    else:
        signer = Signer(draft.signer_authority, draft.signer_title or "GIÁM ĐỐC", draft.signer_name)
        recipients = recipients_from_text(draft.recipients) or [f"Thường trực {edition.cluster.name}", "Lưu: VT"]
    return ReportDocument(
        governing_body=governing.upper(),
        issuer=issuer_name.upper(),
        number_line=document_number(draft.number, default_issuer=default_issuer),
        place_date=place_and_date(draft.place or place_from_unit_name(home), day),
        title="BÁO CÁO",
        summary=summary_line(kind, year, issuer_name),
        day=day,
        blocks=blocks,
        signer=signer,
        recipients=recipients,
        appendices=appendices,
    )


def _percent_by_unit(rows: list[sources.RankingRow]) -> dict[str, float]:
    return {r.unit_name: float(r.percent) for r in rows if r.percent is not None}
