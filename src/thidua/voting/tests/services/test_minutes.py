"""The tally minutes (biên bản kiểm phiếu) read back with python-docx: the layout of Nghị định 30/2020/NĐ-CP,
Phụ lục I (DOMAIN.md section 7) and the totals of the ballot."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from thidua.voting import services
from thidua.voting.minutes import vietnamese_date
from thidua.voting.tests.worlds import candidate_ids, make_ballot

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def closed(vworld: Any) -> Any:
    """Cụm 6's 2025 ballot held on 05/01/2026 in Hà Tĩnh; HTI and NAN tie for the last of two seats behind THA."""
    secretariat = vworld.users["sec25"]
    ballot = make_ballot(vworld, open_it=False, seats=2, threshold="từ 40% trở lên", denominator="roll")
    services.ballot_update(
        ballot=ballot,
        changes={
            "held_on": date(2026, 1, 5),
            "document_number": "01/BB-CTĐ6",
            "teller_chair": "Đại tá Phan Văn Hùng",
            "teller_secretary": "Trung tá Hoàng Văn Nam",
        },
        actor=secretariat,
    )
    ballot = services.ballot_open(ballot=ballot, actor=secretariat)
    ids = candidate_ids(ballot)
    for code, chosen in {
        "THA": ("THA", "HTI"),
        "NAN": ("THA", "NAN"),
        "HTI": ("THA", "HTI"),
        "NBH2": ("NAN",),
        "QTR2": (),
    }.items():
        services.ballot_cast(ballot=ballot, voter=vworld.users[f"voter_{code}"], choices=[ids[c] for c in chosen])
    services.ballot_close(ballot=ballot, actor=secretariat)
    ballot.refresh_from_db()
    return ballot


def read(vworld: Any, ballot: Any) -> Any:
    content = services.ballot_minutes(ballot=ballot, user=vworld.users["sec25"])
    return docx.Document(io.BytesIO(content))


def texts(container: Any) -> list[str]:
    return [p.text for p in container.paragraphs]


def test_the_dates_carry_leading_zeros() -> None:
    assert vietnamese_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vietnamese_date(date(2025, 12, 31)) == "ngày 31 tháng 12 năm 2025"


def test_the_page_is_a4_portrait_with_the_decree_margins(vworld: Any, closed: Any) -> None:
    section = read(vworld, closed).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) in range(20, 26) and round(section.bottom_margin.mm) in range(20, 26)
    assert round(section.left_margin.mm) in range(30, 36) and round(section.right_margin.mm) in range(15, 21)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_every_run_is_times_new_roman_13_or_14_in_the_body(vworld: Any, closed: Any) -> None:
    document = read(vworld, closed)
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs if r.text.strip()]
    assert runs
    for run in runs:
        assert run.font.name == "Times New Roman", run.text
        assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman", run.text
        assert run.font.size in (Pt(11), Pt(12), Pt(13), Pt(14)), (run.text, run.font.size)
    body = [p for p in document.paragraphs if p.text.startswith(("Hôm nay", "Quy định", "Kết luận"))]
    assert len(body) == 3
    for paragraph in body:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert paragraph.paragraph_format.first_line_indent is not None
        assert paragraph.paragraph_format.space_after >= Pt(6)
        assert all(r.font.size == Pt(14) for r in paragraph.runs)


def test_the_header_names_the_body_the_issuer_the_nation_the_number_and_the_date(vworld: Any, closed: Any) -> None:
    header = read(vworld, closed).tables[0]
    left, right = (texts(c) for c in header.rows[0].cells)
    assert left[:2] == ["BỘ CÔNG AN", "CỤM THI ĐUA SỐ 6"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    governing, issuer = header.rows[0].cells[0].paragraphs[:2]
    assert not governing.runs[0].bold and issuer.runs[0].bold
    assert governing.runs[0].font.size == Pt(13) and issuer.runs[0].font.size == Pt(13)
    nation, motto = header.rows[0].cells[1].paragraphs
    assert nation.runs[0].bold and nation.runs[0].font.size == Pt(13)
    assert motto.runs[0].bold and motto.runs[0].underline and motto.runs[0].font.size == Pt(14)
    number, place_date = (c.paragraphs[0] for c in header.rows[1].cells)
    assert number.text == "Số: 01/BB-CTĐ6"
    assert place_date.text == "Hà Tĩnh, ngày 05 tháng 01 năm 2026"
    assert re.fullmatch(r".+, ngày \d{2} tháng \d{2} năm \d{4}", place_date.text)
    assert place_date.runs[0].italic


def test_the_title_the_counts_and_the_totals_table(vworld: Any, closed: Any) -> None:
    document = read(vworld, closed)
    lines = texts(document)
    title = next(p for p in document.paragraphs if p.text == "BIÊN BẢN KIỂM PHIẾU")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.runs[0].bold and title.runs[0].font.size == Pt(14)
    assert "Bình xét, suy tôn Cờ thi đua của Bộ Công an năm 2025" in lines
    assert "- Số cử tri trong danh sách: 5;" in lines
    assert "- Số cử tri đã bỏ phiếu (số phiếu thu vào): 5, bằng 100% số cử tri trong danh sách;" in lines
    assert "- Số phiếu hợp lệ: 5 (trong đó phiếu trắng: 1); số phiếu không hợp lệ: 0;" in lines
    assert any("để đạt từ 40% trở lên, đơn vị cần ít nhất 2 phiếu đồng ý" in line for line in lines)
    table = document.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ (%)", "Kết quả"]
    assert rows[1] == ["1", "Công an tỉnh Thanh Hóa", "3", "60", "Được suy tôn"]
    assert rows[2][1:4] == ["Công an tỉnh Nghệ An", "2", "40"] and rows[2][4].startswith("Bằng phiếu")
    assert rows[3][1:4] == ["Công an tỉnh Hà Tĩnh", "2", "40"] and rows[3][4].startswith("Bằng phiếu")
    assert [r[2] for r in rows[4:]] == ["0", "0"]
    conclusion = next(line for line in lines if line.startswith("Kết luận"))
    assert "Công an tỉnh Thanh Hóa" in conclusion
    tie = next(line for line in lines if line.startswith("Các đơn vị"))
    assert "Công an tỉnh Nghệ An, Công an tỉnh Hà Tĩnh cùng đạt 2 phiếu" in tie and "1 suất" in tie


def test_the_signers_and_the_recipients(vworld: Any, closed: Any) -> None:
    document = read(vworld, closed)
    signers = document.tables[2]
    secretary, chair = (texts(c) for c in signers.rows[0].cells)
    assert secretary[0] == "THƯ KÝ" and secretary[-1] == "Trung tá Hoàng Văn Nam"
    assert chair[0] == "TRƯỞNG BAN KIỂM PHIẾU" and chair[-1] == "Đại tá Phan Văn Hùng"
    received = next(p for p in document.paragraphs if p.text == "Nơi nhận:")
    assert received.runs[0].bold and received.runs[0].italic and received.runs[0].font.size == Pt(12)
    lines = texts(document)
    assert lines[-1] == "- Lưu: VT, Cụm."
    assert all(r.font.size == Pt(11) for p in document.paragraphs if p.text.startswith("- Lưu") for r in p.runs)


def test_page_numbers_are_centred_at_the_top_from_page_two(vworld: Any, closed: Any) -> None:
    section = read(vworld, closed).sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in "".join(t.text or "" for t in header._p.iter(qn("w:instrText")))
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


def _to_text(source: Any, tmp_path: Any) -> Any:
    command = [OFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "txt:Text"]
    subprocess.run(  # noqa: S603 - a fixed command on a file this test wrote
        [*command, "--outdir", str(source.parent), str(source)], timeout=120, capture_output=True, check=False
    )
    target = source.with_suffix(".txt")
    return target.read_text(encoding="utf-8-sig") if target.exists() else None


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_minutes(vworld: Any, closed: Any, tmp_path: Any) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    if _to_text(plain, tmp_path) is None:
        pytest.skip("LibreOffice Writer is not installed (it opens no .docx at all)")
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(services.ballot_minutes(ballot=closed, user=vworld.users["sec25"]))
    text = _to_text(source, tmp_path)
    assert text is not None, "LibreOffice could not open the minutes"
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Công an tỉnh Thanh Hóa" in text
