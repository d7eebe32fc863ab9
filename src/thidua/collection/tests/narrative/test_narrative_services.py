"""Figures of a narrative report reach the draft only through the officer's review, like typed values."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import docx
import pytest

from thidua.collection.models import DataValue, FigureStatus, NarrativeFigure
from thidua.collection.services import (
    FigureDecision,
    narrative_decide,
    narrative_upload,
    submission_open,
    submission_submit,
    value_save,
)
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import ApplicationError, Forbidden, StaleEdit
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TEXT = (
    "BÁO CÁO sơ kết 6 tháng đầu năm 2026\n"
    "Thực hiện Kế hoạch số 05/KH-CAT ngày 05/01/2026 của Giám đốc Công an tỉnh.\n"
    "Trong kỳ, trên địa bàn xảy ra 120 vụ phạm tội về trật tự xã hội; điều tra làm rõ 98 vụ, "
    "tỷ lệ điều tra khám phá đạt 81,7%. Bắt giữ hơn 45 đối tượng.\n"
)


@pytest.fixture
def report(cworld):
    return submission_open(
        unit=cworld.units["NAN"],
        data_set=cworld.data_set,
        period=cworld.periods["2026S1"],
        actor=cworld.users["nan_officer"],
    )


def docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def by_words(narrative, fragment):
    return next(f for f in narrative.figures.all() if fragment in f.words)


def test_an_upload_proposes_indicators_and_leaves_dates_and_document_numbers_out(cworld, report):
    narrative = narrative_upload(
        submission=report, name="bao-cao.txt", content=TEXT.encode(), actor=cworld.users["nan_officer"]
    )
    words = [f.words for f in narrative.figures.all()]
    assert not any("2026" in w or "05/KH" in w or "05/01" in w for w in words)
    assert by_words(narrative, "98").proposed == cworld.indicators["LAMRO"]
    assert by_words(narrative, "120").proposed == cworld.indicators["XAYRA"]
    assert by_words(narrative, "45").qualifier == "more_than"
    assert not DataValue.objects.filter(submission=report).exists()
    assert AuditEvent.objects.filter(action="narrative.upload", object_id=str(narrative.pk)).exists()


def test_a_docx_is_read_like_a_text_file(cworld, report):
    narrative = narrative_upload(
        submission=report, name="Báo cáo.docx", content=docx_bytes(TEXT), actor=cworld.users["nan_officer"]
    )
    assert narrative.kind == "docx"
    assert by_words(narrative, "98").value == Decimal(98)


def test_accepting_writes_the_value_through_value_save_and_audits_the_decision(cworld, report):
    officer = cworld.users["nan_officer"]
    narrative = narrative_upload(submission=report, name="bc.txt", content=TEXT.encode(), actor=officer)
    solved, arrested = by_words(narrative, "98"), by_words(narrative, "45")
    report.refresh_from_db()
    outcome = narrative_decide(
        narrative=narrative,
        decisions=[FigureDecision(solved.pk, cworld.indicators["LAMRO"].pk), FigureDecision(arrested.pk)],
        expected_version=report.version,
        actor=officer,
    )
    assert (outcome.accepted, outcome.skipped) == (1, 1)
    value = DataValue.objects.get(submission=report, indicator=cworld.indicators["LAMRO"])
    assert value.value == Decimal(98) and value.entered_by == officer
    assert AuditEvent.objects.filter(action="value.create", object_id=str(value.pk)).exists()
    assert AuditEvent.objects.filter(action="narrative.accept", object_id=str(solved.pk)).exists()
    assert AuditEvent.objects.filter(action="narrative.skip", object_id=str(arrested.pk)).exists()
    solved.refresh_from_db()
    assert solved.status == FigureStatus.ACCEPTED and solved.data_value == value
    report.refresh_from_db()
    assert report.status == "draft"  # nothing is submitted


def test_a_broken_down_indicator_needs_its_option_and_a_rate_is_refused(cworld, report):
    officer = cworld.users["nan_officer"]
    narrative = narrative_upload(submission=report, name="bc.txt", content=TEXT.encode(), actor=officer)
    occurred, rate, solved = by_words(narrative, "120"), by_words(narrative, "81,7"), by_words(narrative, "98")
    report.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        narrative_decide(
            narrative=narrative,
            decisions=[
                FigureDecision(solved.pk, cworld.indicators["LAMRO"].pk),
                FigureDecision(occurred.pk, cworld.indicators["XAYRA"].pk),
                FigureDecision(rate.pk, cworld.indicators["TLKP"].pk),
            ],
            expected_version=report.version,
            actor=officer,
        )
    errors = refused.value.extra["errors"]
    assert "phân tổ" in errors[occurred.pk] and "tỷ lệ" in errors[rate.pk]
    assert not DataValue.objects.filter(submission=report).exists()  # all or nothing
    option = cworld.indicators["XAYRA"].disaggregations.get().options.get(code="NT")
    narrative_decide(
        narrative=narrative,
        decisions=[FigureDecision(occurred.pk, cworld.indicators["XAYRA"].pk, option.pk)],
        expected_version=report.version,
        actor=officer,
    )
    assert DataValue.objects.get(submission=report, option=option).value == Decimal(120)


def test_a_review_based_on_an_older_report_is_refused(cworld, report):
    officer = cworld.users["nan_officer"]
    narrative = narrative_upload(submission=report, name="bc.txt", content=TEXT.encode(), actor=officer)
    report.refresh_from_db()
    seen = report.version
    value_save(submission=report, indicator=cworld.indicators["LAMRO"], raw="90", actor=officer)
    with pytest.raises(StaleEdit):
        narrative_decide(
            narrative=narrative,
            decisions=[FigureDecision(by_words(narrative, "98").pk, cworld.indicators["LAMRO"].pk)],
            expected_version=seen,
            actor=officer,
        )
    assert DataValue.objects.get(submission=report, indicator=cworld.indicators["LAMRO"]).value == Decimal(90)


def test_another_units_officer_and_the_leader_are_refused(cworld, report):
    narrative = narrative_upload(
        submission=report, name="bc.txt", content=TEXT.encode(), actor=cworld.users["nan_officer"]
    )
    with pytest.raises(Forbidden):
        narrative_upload(submission=report, name="bc.txt", content=TEXT.encode(), actor=cworld.users["hti_officer"])
    report.refresh_from_db()
    for who in ("hti_officer", "nan_leader"):
        with pytest.raises(Forbidden):
            narrative_decide(
                narrative=narrative,
                decisions=[FigureDecision(by_words(narrative, "98").pk, cworld.indicators["LAMRO"].pk)],
                expected_version=report.version,
                actor=cworld.users[who],
            )


def macro_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bc.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".docx"),
        ("bc.docx", macro_docx(), "macro"),
        ("bc.docx", b"just text", "Không nhận loại tệp"),
        ("bc.txt", b"PK\x03\x04zip", "văn bản thuần"),
        ("bc.txt", "Số liệu".encode("utf-16"), "UTF-8"),
        ("bc.txt", b"", "rỗng"),
        ("bc.pdf", b"%PDF-1.4", ".txt hoặc .docx"),
    ],
)
def test_a_bad_file_is_refused_and_changes_nothing(cworld, report, name, content, message):
    with pytest.raises(DomainError) as refused:
        narrative_upload(submission=report, name=name, content=content, actor=cworld.users["nan_officer"])
    assert message in refused.value.message
    assert not NarrativeFigure.objects.exists()


def test_a_submitted_report_takes_no_narrative(cworld, report):
    officer = cworld.users["nan_officer"]
    value_save(submission=report, indicator=cworld.indicators["LAMRO"], raw="5", actor=officer)
    report.refresh_from_db()
    submission_submit(submission=report, expected_version=report.version, actor=cworld.users["nan_leader"])
    with pytest.raises(DomainError) as refused:
        narrative_upload(submission=report, name="bc.txt", content=TEXT.encode(), actor=officer)
    assert "Đã gửi" in refused.value.message or "trạng thái" in refused.value.message


def test_the_review_resumes_a_skipped_figure_can_be_taken_later_an_accepted_one_not_twice(cworld, report):
    officer = cworld.users["nan_officer"]
    narrative = narrative_upload(submission=report, name="bc.txt", content=TEXT.encode(), actor=officer)
    solved = by_words(narrative, "98")
    report.refresh_from_db()
    narrative_decide(
        narrative=narrative, decisions=[FigureDecision(solved.pk)], expected_version=report.version, actor=officer
    )
    lamro = cworld.indicators["LAMRO"].pk
    narrative_decide(
        narrative=narrative,
        decisions=[FigureDecision(solved.pk, lamro)],
        expected_version=report.version,
        actor=officer,
    )
    report.refresh_from_db()
    with pytest.raises(ApplicationError) as refused:
        narrative_decide(
            narrative=narrative,
            decisions=[FigureDecision(solved.pk, lamro)],
            expected_version=report.version,
            actor=officer,
        )
    assert "đã được nhận" in refused.value.message
    assert DataValue.objects.filter(submission=report).count() == 1
