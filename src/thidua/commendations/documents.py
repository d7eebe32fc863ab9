"""The documents of a proposal dossier as Word files, laid out as Nghị định 30/2020/NĐ-CP, Phụ lục I asks (DOMAIN.md
section 7), with the shared layout of ``thidua.core.documents``: the tờ trình (TTr), the danh sách trích ngang (the
candidates one line each), the biên bản họp xét (minutes of the unit's review meeting) and the quyết định (QĐ)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.utils import timezone
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from thidua.commendations import selectors
from thidua.commendations.models import Dossier, DossierLine
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

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _day(dossier: Dossier) -> date:
    if dossier.submitted_at:
        return timezone.localdate(dossier.submitted_at)
    return timezone.localdate()


def _names(dossier: Dossier) -> tuple[str, str]:
    """(governing body, issuer): the unit's parent over the unit, as the header prints them."""
    day = date(dossier.year, 12, 31)
    version = (
        dossier.unit.version_on(min(day, timezone.localdate())) or dossier.unit.versions.order_by("-valid_from").first()
    )
    parent = getattr(version, "parent", None)
    unit = selectors.unit_name(dossier.unit, dossier.year)
    governing = selectors.unit_name(parent, dossier.year) if parent is not None else "BỘ CÔNG AN"
    return governing.upper(), unit.upper()


def _header(document: Any, dossier: Dossier, number: str, kind: str, day: date) -> None:
    governing, issuer = _names(dossier)
    national_header(
        document,
        governing_body=governing,
        issuer=issuer,
        number_line=f"Số: {number}" if number else f"Số: {PLACEHOLDER}/{kind}",
        place_date=f"{dossier.place or PLACEHOLDER}, {vietnamese_date(day)}",
    )


def _signer(document: Any, title: str, name: str) -> None:
    """The signer on the right of a borderless table, the unit's seal asked for."""
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    signature(
        table.rows[0].cells[1], [title.upper() or "THỦ TRƯỞNG ĐƠN VỊ"], name, note="(Ký, ghi rõ họ tên, đóng dấu)"
    )


def _recipients(document: Any, items: list[str]) -> None:
    paragraph(document, after=Pt(0))
    recipients(document, items)


def _addressee(dossier: Dossier) -> str:
    if dossier.edition_id:
        return f"Thường trực {dossier.edition.cluster.name}"
    return "Cơ quan thường trực thi đua, khen thưởng"


def candidate_name(line: DossierLine, year: int) -> str:
    if line.person is not None:
        return str(line.person.full_name)
    return selectors.unit_name(line.org_unit, year)


def _posting(line: DossierLine, year: int) -> tuple[str, str, str]:
    """(rank, position, unit) of a person at the end of the year; blanks for a unit."""
    if line.person is None:
        return "", "", ""
    posting = line.person.posting_on(date(year, 12, 31)) or line.person.current_posting()
    if posting is None:
        return "", "", ""
    return posting.get_rank_display(), posting.position, selectors.unit_name(posting.org_unit, year)


def submission_docx(dossier: Dossier) -> bytes:
    """Tờ trình đề nghị khen thưởng (TTr)."""
    lines = selectors.lines_of(dossier)
    day = _day(dossier)
    document = new_document()
    _header(document, dossier, dossier.number, "TTr", day)
    title_lines(document, "TỜ TRÌNH", dossier.summary)
    paragraph(document, f"Kính gửi: {_addressee(dossier)}.", align=WD_ALIGN_PARAGRAPH.CENTER)
    basis = dossier.ruleset.legal_basis if dossier.ruleset else selectors.ruleset_choice(dossier.year).row.legal_basis
    unit = selectors.unit_name(dossier.unit, dossier.year)
    people = sum(1 for line in lines if line.person_id)
    units = len(lines) - people
    paragraph(document, f"Căn cứ {basis};", indent=True)
    paragraph(
        document,
        f"Căn cứ kết quả thực hiện nhiệm vụ và phong trào thi đua năm {dossier.year} của {unit}"
        + (
            f" và biên bản họp xét thi đua, khen thưởng {vietnamese_date(dossier.meeting_date)}"
            if dossier.meeting_date
            else ""
        )
        + ";",
        indent=True,
    )
    paragraph(
        document,
        f"{unit} kính đề nghị {_addressee(dossier)} xem xét, khen thưởng cho {units} tập thể và {people} cá nhân "
        "có thành tích xuất sắc, cụ thể như sau:",
        indent=True,
    )
    for name, count in Counter(line.entry.name for line in lines).items():
        paragraph(document, f"- {name}: {count};", indent=True)
    paragraph(document, "(Có danh sách trích ngang và biên bản họp xét kèm theo.)", indent=True, italic=True)
    paragraph(document, f"Kính đề nghị {_addressee(dossier)} xem xét, quyết định./.", indent=True)
    _signer(document, dossier.signer_title, dossier.signer)
    _recipients(document, [f"{_addressee(dossier)} (để xét)", f"Lưu: VT, {unit}"])
    return save(document)


def list_docx(dossier: Dossier) -> bytes:
    """Danh sách trích ngang: one line per candidate, with the eligibility result and the vote."""
    lines = selectors.lines_of(dossier)
    document = new_document(landscape=True)
    _header(document, dossier, dossier.number, "TTr", _day(dossier))
    paragraph(document, after=Pt(0))
    paragraph(document, "DANH SÁCH TRÍCH NGANG", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(0))
    paragraph(
        document,
        f"Đề nghị khen thưởng năm {dossier.year} (kèm theo Tờ trình số {dossier.number or PLACEHOLDER})",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
        after=Pt(12),
    )
    headings = (
        "STT",
        "Họ và tên / Tập thể",
        "Cấp bậc",
        "Chức vụ, đơn vị",
        "Danh hiệu, hình thức",
        "Tóm tắt thành tích",
        "Xét tiêu chuẩn",
        "Bình xét",
    )
    table = document.add_table(rows=1, cols=len(headings))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid(table)
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell_paragraph(cell, text, size=TABLE_SIZE, bold=True)
    for number, line in enumerate(lines, start=1):
        rank, position, where = _posting(line, dossier.year)
        snapshot = line.eligibility or {}
        values = (
            str(number),
            candidate_name(line, dossier.year),
            rank,
            ", ".join(x for x in (position, where) if x),
            line.entry.name,
            line.achievement,
            snapshot.get("status_label", "Chưa xét (hồ sơ chưa gửi)"),
            line.vote_result,
        )
        for i, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.CENTER if i in (0, 2) else WD_ALIGN_PARAGRAPH.LEFT
            cell_paragraph(cell, text, size=Pt(12), align=align)
    paragraph(document, after=Pt(0))
    paragraph(document, f"Danh sách có {len(lines)} đối tượng./.", indent=True)
    _signer(document, dossier.signer_title, dossier.signer)
    return save(document)


def meeting_docx(dossier: Dossier) -> bytes:
    """Biên bản họp xét thi đua, khen thưởng of the unit (the council's meeting), with each candidate's result."""
    lines = selectors.lines_of(dossier)
    day = dossier.meeting_date or _day(dossier)
    unit = selectors.unit_name(dossier.unit, dossier.year)
    document = new_document()
    _header(document, dossier, "", "BB", day)
    title_lines(document, "BIÊN BẢN", f"Họp xét thi đua, khen thưởng năm {dossier.year}")
    paragraph(document, f"Hôm nay, {vietnamese_date(day)}, {unit} tổ chức họp xét thi đua, khen thưởng.", indent=True)
    paragraph(document, f"Chủ trì: {dossier.meeting_chair or PLACEHOLDER}.", indent=True)
    paragraph(document, f"Thư ký: {dossier.meeting_secretary or PLACEHOLDER}.", indent=True)
    paragraph(document, f"Thành phần: {dossier.meeting_attendance or PLACEHOLDER}.", indent=True)
    paragraph(document, "Hội đồng đã xem xét tiêu chuẩn của từng trường hợp, kết quả như sau:", indent=True)
    for number, line in enumerate(lines, start=1):
        snapshot = line.eligibility or {}
        status = snapshot.get("status_label", "chưa xét tiêu chuẩn")
        text = f"{number}. {candidate_name(line, dossier.year)} — {line.entry.name}: {status}"
        if line.vote_result:
            text += f"; kết quả bình xét: {line.vote_result}"
        paragraph(document, text + ".", indent=True)
        for result in snapshot.get("results", []):
            paragraph(
                document,
                f"- {result['met_label']} ({result['article']}): {result['requirement']}.",
                size=Pt(13),
                indent=True,
                after=Pt(2),
            )
    paragraph(
        document,
        f"Hội đồng thống nhất đề nghị cấp trên xem xét, khen thưởng {len(lines)} trường hợp nêu trên. Biên bản "
        "được lập xong cùng ngày, đã thông qua trước cuộc họp./.",
        indent=True,
    )
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    for cell, (title, name) in zip(
        table.rows[0].cells, (("THƯ KÝ", dossier.meeting_secretary), ("CHỦ TRÌ", dossier.meeting_chair)), strict=True
    ):
        signature(cell, [title], name or "", note="(Ký, ghi rõ họ tên)")
    return save(document)


def decision_docx(dossier: Dossier) -> bytes:
    """Quyết định khen thưởng (QĐ) of a decided dossier: the approved candidates with their reward money, the total,
    and the candidates the office did not approve are left out (they are on the dossier page with the reason)."""
    from thidua.core.domain.numbers import format_number

    lines = [line for line in selectors.lines_of(dossier) if not line.refused]
    day = dossier.decision_date or timezone.localdate()
    issuer = dossier.decision_issued_by or PLACEHOLDER
    document = new_document()
    place = "Hà Nội" if issuer.lower().startswith("bộ") else (dossier.place or PLACEHOLDER)
    national_header(
        document,
        governing_body="",  # issued by the authority in its own name
        issuer=issuer.upper(),
        number_line=f"Số: {dossier.decision_number or PLACEHOLDER}",
        place_date=f"{place}, {vietnamese_date(day)}",
    )
    unit = selectors.unit_name(dossier.unit, dossier.year)
    title_lines(
        document, "QUYẾT ĐỊNH", f"Về việc khen thưởng thành tích năm {dossier.year} cho tập thể, cá nhân thuộc {unit}"
    )
    basis = dossier.ruleset.legal_basis if dossier.ruleset else selectors.ruleset_choice(dossier.year).row.legal_basis
    paragraph(document, f"Căn cứ {basis};", indent=True)
    submitted = f"số {dossier.number}" if dossier.number else f"đề nghị khen thưởng năm {dossier.year}"
    paragraph(document, f"Xét đề nghị của {unit} tại Tờ trình {submitted};", indent=True)
    paragraph(document, "QUYẾT ĐỊNH:", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    people = sum(1 for line in lines if line.person_id)
    units = len(lines) - people
    paragraph(
        document,
        f"Điều 1. Khen thưởng {units} tập thể và {people} cá nhân thuộc {unit} đã có thành tích xuất sắc trong "
        f"năm {dossier.year} (có danh sách kèm theo).",
        indent=True,
    )
    total = selectors.total_reward(dossier)
    paragraph(
        document,
        f"Điều 2. Tiền thưởng theo quy định hiện hành, tổng cộng {format_number(total)} đồng, chi từ quỹ thi đua, "
        "khen thưởng theo phân cấp.",
        indent=True,
    )
    paragraph(
        document,
        f"Điều 3. Quyết định có hiệu lực kể từ ngày ký. Thủ trưởng {unit}, các tập thể và cá nhân có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        indent=True,
    )
    _signer(document, "Thủ trưởng cơ quan ban hành", dossier.decision_signer or PLACEHOLDER)
    _recipients(document, ["Như Điều 3", f"{unit}", "Lưu: VT, hồ sơ thi đua, khen thưởng"])
    document.add_page_break()
    paragraph(document, "DANH SÁCH KHEN THƯỞNG", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, after=Pt(0))
    paragraph(
        document,
        f"(Kèm theo Quyết định số {dossier.decision_number or PLACEHOLDER} {vietnamese_date(day)})",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
        after=Pt(12),
    )
    headings = ("STT", "Họ và tên / Tập thể", "Cấp bậc, chức vụ, đơn vị", "Danh hiệu, hình thức", "Tiền thưởng (đồng)")
    table = document.add_table(rows=1, cols=len(headings))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid(table)
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell_paragraph(cell, text, size=TABLE_SIZE, bold=True)
    for number, line in enumerate(lines, start=1):
        rank, position, where = _posting(line, dossier.year)
        money = format_number(line.reward_amount) if line.reward_amount is not None else "—"
        values = (
            str(number),
            candidate_name(line, dossier.year),
            ", ".join(x for x in (rank, position, where) if x),
            line.entry.name,
            money,
        )
        for i, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
            align = {0: WD_ALIGN_PARAGRAPH.CENTER, 4: WD_ALIGN_PARAGRAPH.RIGHT}.get(i, WD_ALIGN_PARAGRAPH.LEFT)
            cell_paragraph(cell, text, size=Pt(12), align=align)
    cells = table.add_row().cells
    cell_paragraph(cells[1], "Tổng cộng", size=Pt(12), bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    cell_paragraph(cells[4], format_number(total), size=Pt(12), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, after=Pt(0))
    paragraph(document, f"Danh sách có {len(lines)} tập thể, cá nhân./.", indent=True)
    return save(document)


DOCUMENTS = {
    "to-trinh": ("Tờ trình", submission_docx),
    "danh-sach": ("Danh sách trích ngang", list_docx),
    "bien-ban": ("Biên bản họp xét", meeting_docx),
    "quyet-dinh": ("Quyết định khen thưởng", decision_docx),
}
# Documents that exist only once the decision is recorded.
DECIDED_ONLY = frozenset({"quyet-dinh"})
