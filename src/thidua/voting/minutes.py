"""The tally minutes (biên bản kiểm phiếu) as a Word document, laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I asks
(DOMAIN.md section 7): A4 portrait, Times New Roman, margins 20/20/30/15 mm, the two-column header, place and date in
italics with leading zeros, the title, the body justified with a first-line indent, the signers and "Nơi nhận"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.utils import timezone
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.core.documents import (
    PLACEHOLDER,
    TABLE_SIZE,
    cell_paragraph,
    grid,
    national_header,
    new_document,
    no_borders,
    paragraph,
    recipients,
    save,
    signature,
    title_lines,
    vietnamese_date,
)
from thidua.core.domain.numbers import format_number
from thidua.organisations.selectors import unit_names_on
from thidua.voting.domain.tally import Tally, percent
from thidua.voting.selectors import Results, reference_day

__all__ = ["MinutesData", "minutes_docx", "minutes_from_results", "vietnamese_date"]


@dataclass(frozen=True)
class MinutesData:
    governing_body: str  # «BỘ CÔNG AN», or the provincial police for an internal cluster
    issuer: str  # «CỤM THI ĐUA SỐ 6»
    number: str  # «Số: 01/BB-CTĐ»; blank: left to fill in by hand
    place: str
    day: date
    title: str  # the ballot's content, printed as the summary line
    cluster: str  # «Cụm thi đua số 6 năm 2025»
    rules: str
    threshold_label: str
    denominator_label: str
    tally: Tally
    names: dict[int, str]  # candidate id -> unit name
    teller_chair: str = ""
    teller_secretary: str = ""
    recipients: list[str] = field(default_factory=list)


def minutes_from_results(results: Results) -> MinutesData:
    ballot = results.ballot
    edition = ballot.edition
    owner = edition.cluster.owner
    day = ballot.held_on or (timezone.localdate(ballot.closed_at) if ballot.closed_at else timezone.localdate())
    owner_name = unit_names_on([owner], reference_day(ballot)).get(owner.pk, str(owner))
    return MinutesData(
        governing_body=owner_name.upper(),
        issuer=edition.cluster.name.upper(),
        number=ballot.document_number,
        place=ballot.place,
        day=day,
        title=ballot.title,
        cluster=str(edition),
        rules=ballot.rules.describe(),
        threshold_label=ballot.threshold.label,
        denominator_label=ballot.rules.denominator.label,
        tally=results.tally,
        names=results.names,
        teller_chair=ballot.teller_chair,
        teller_secretary=ballot.teller_secretary,
        recipients=[
            f"Các đơn vị thành viên {edition.cluster.name}",
            "Cơ quan thường trực thi đua, khen thưởng (để báo cáo)",
            "Lưu: VT, Cụm",
        ],
    )


# The document -----------------------------------------------------------------------------------------------------


def minutes_docx(data: MinutesData) -> bytes:
    document = new_document()
    national_header(
        document,
        governing_body=data.governing_body,
        issuer=data.issuer,
        number_line=f"Số: {data.number}" if data.number else f"Số: {PLACEHOLDER}/BB",
        place_date=f"{data.place or PLACEHOLDER}, {vietnamese_date(data.day)}",
    )
    title_lines(document, "BIÊN BẢN KIỂM PHIẾU", data.title)

    tally = data.tally
    turnout = format_number(percent(Fraction(tally.cast, tally.roll_size))) if tally.roll_size else "0"
    least = tally.minimum_votes
    body = [
        f"Hôm nay, {vietnamese_date(data.day)}, {data.cluster} tổ chức bỏ phiếu kín: {data.title}.",
        f"Quy định bỏ phiếu: {data.rules}",
        "Ban kiểm phiếu đã tiến hành kiểm phiếu, kết quả như sau:",
        f"- Số cử tri trong danh sách: {tally.roll_size};",
        f"- Số cử tri đã bỏ phiếu (số phiếu thu vào): {tally.cast}, bằng {turnout}% số cử tri trong danh sách;",
        f"- Số phiếu hợp lệ: {tally.valid} (trong đó phiếu trắng: {tally.blank}); "
        f"số phiếu không hợp lệ: {tally.invalid};",
        f"- Tỷ lệ tính trên {data.denominator_label}: {tally.base}; để đạt {data.threshold_label}, đơn vị cần "
        + (
            f"ít nhất {least} phiếu đồng ý."
            if least is not None
            else "nhiều phiếu hơn số có thể có: không đơn vị nào đạt."
        ),
        "Số phiếu đồng ý của từng đơn vị:",
    ]
    for text in body:
        paragraph(document, text, indent=True)

    table = document.add_table(rows=1, cols=5)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid(table)
    headings = ("STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)", "Kết quả")
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell_paragraph(cell, text, size=TABLE_SIZE, bold=True)
    for number, result in enumerate(tally.results, start=1):
        cells = table.add_row().cells
        values = (
            str(number),
            data.names[result.candidate],
            str(result.votes),
            format_number(result.percent) if result.percent is not None else "—",
            result.outcome.label,
        )
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if i in (1, 4) else WD_ALIGN_PARAGRAPH.CENTER
            cell_paragraph(cell, text, size=TABLE_SIZE, align=align)

    paragraph(document, after=Pt(0))
    elected = [data.names[c] for c in tally.elected]
    if elected:
        conclusion = (
            f"Kết luận: {len(elected)} đơn vị đạt {data.threshold_label} {data.denominator_label} và được suy tôn "
            f"(số lượng suy tôn: {tally.rules.seats}): {', '.join(elected)}."
        )
    else:
        conclusion = "Kết luận: không có đơn vị nào được suy tôn ở lần bỏ phiếu này."
    paragraph(document, conclusion, indent=True)
    if tally.tied:
        tied = [data.names[c] for c in tally.tied]
        votes = tally.totals[tally.tied[0]]
        paragraph(
            document,
            f"Các đơn vị {', '.join(tied)} cùng đạt {votes} phiếu ở vị trí cuối trong khi chỉ còn "
            f"{tally.seats_left_for_tied} suất: chưa xác định đơn vị được suy tôn; đề nghị cụm xem xét, quyết định "
            "theo quy chế (bỏ phiếu lại giữa các đơn vị này).",
            indent=True,
        )
    paragraph(
        document,
        "Biên bản được lập xong cùng ngày, đã thông qua trước các thành viên dự họp và nhất trí ký tên.",
        indent=True,
    )

    signers = document.add_table(rows=1, cols=2)
    signers.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(signers)
    for cell, (title, name) in zip(
        signers.rows[0].cells,
        (("THƯ KÝ", data.teller_secretary), ("TRƯỞNG BAN KIỂM PHIẾU", data.teller_chair)),
        strict=True,
    ):
        signature(cell, [title], name or "", note="(Ký, ghi rõ họ tên)")

    paragraph(document, after=Pt(0))
    recipients(document, data.recipients)
    return save(document)
