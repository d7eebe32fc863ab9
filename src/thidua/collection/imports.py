"""Importing a unit's report from its Excel form: a preview that writes nothing, then an application that is
atomic (one problem or one stale value and nothing changes) and idempotent (unchanged cells are not saved, so the
same file twice changes nothing the second time: no version moves, no audit event is written)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.collection import excel
from thidua.collection.domain.workbook import SHEET_NAME, Change, Col, Comparison, Problem, compare
from thidua.collection.domain.workflow import is_editable
from thidua.collection.models import Submission
from thidua.collection.services import value_save
from thidua.core import audit
from thidua.core.domain.errors import DomainError
from thidua.core.exceptions import ApplicationError
from thidua.core.services import require
from thidua.indicators.models import Indicator

PERMISSION_MESSAGE = "Chỉ cán bộ nhập liệu của đơn vị được nhập số liệu từ tệp Excel."


@dataclass(frozen=True)
class Preview:
    """Every change and every problem of an uploaded form, by sheet, row and column."""

    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


class WorkbookRejected(ApplicationError):
    """The file was not applied; ``preview`` says where every problem is."""

    http_status = 400

    def __init__(self, preview: Preview) -> None:
        count = len(preview.problems)
        super().__init__(
            f"Tệp có {count} lỗi nên chưa áp dụng thay đổi nào: hãy sửa các ô được nêu rồi tải lên lại.",
            field="file",
        )
        self.preview = preview


def _compare(
    submission: Submission, content: bytes, filename: str | None
) -> tuple[Comparison, Preview, excel.FormContext]:
    uploaded = excel.read_workbook(content, filename=filename)
    form = excel.form_of(submission)
    comparison = compare(
        uploaded, form=form.lines, stored=excel.stored_of(submission, form), submission_id=submission.pk
    )
    problems = list(comparison.problems)
    lock_exception = submission.lock_exceptions.filter(until__gt=timezone.now()).exists()
    if comparison.edits and not is_editable(submission.status_enum, lock_exception=lock_exception):
        problems.insert(
            0,
            Problem(
                SHEET_NAME,
                None,
                None,
                f"Báo cáo đang ở trạng thái «{submission.status_label}»: không sửa được số liệu. "
                "Nếu cần sửa, đề nghị cấp trên hủy duyệt hoặc mở khóa.",
            ),
        )
    return comparison, Preview(comparison.changes, tuple(problems)), form


def workbook_preview(*, submission: Submission, content: bytes, actor: Any, filename: str | None = None) -> Preview:
    """What applying the file would change, and what stops it; writes nothing. A file that cannot be read at all
    (too big, not an .xlsx, macros, zip bomb, oversized sheet) raises DomainError."""
    require(actor.has_perm("collection.enter_values", submission), PERMISSION_MESSAGE)
    return _compare(submission, content, filename)[1]


@transaction.atomic
def workbook_apply(*, submission: Submission, content: bytes, actor: Any, filename: str | None = None) -> Preview:
    """Save every changed line through ``value_save`` in one transaction; raise WorkbookRejected (nothing saved)
    when the file has a problem or a value changed since the file was downloaded."""
    submission = (
        Submission.objects.select_for_update().select_related("data_set", "unit", "period").get(pk=submission.pk)
    )
    require(actor.has_perm("collection.enter_values", submission), PERMISSION_MESSAGE)
    comparison, preview, form = _compare(submission, content, filename)
    if not preview.ok:
        raise WorkbookRejected(preview)
    if not comparison.edits:
        return preview
    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in={edit.indicator_code for edit in comparison.edits})
    }
    problems = []
    for edit in comparison.edits:
        try:
            value_save(
                submission=submission,
                indicator=indicators[edit.indicator_code],
                raw=edit.raw,
                option=form.options[edit.option_code] if edit.option_code else None,
                comment=edit.comment,
                expected_version=edit.expected_version,
                actor=actor,
            )
        except DomainError as exc:
            column = Col.COMMENT.letter if edit.computed else Col.VALUE.letter
            problems.append(Problem(SHEET_NAME, edit.row, column, exc.message))
    if problems:
        raise WorkbookRejected(Preview(preview.changes, tuple(problems)))  # rolls back what was saved above
    submission.refresh_from_db()
    audit.record(
        actor=actor,
        action="submission.excel_import",
        obj=submission,
        after={
            "sha256": hashlib.sha256(content).hexdigest(),
            "lines": len(comparison.edits),
            "cells": len(comparison.changes),
        },
    )
    return preview
