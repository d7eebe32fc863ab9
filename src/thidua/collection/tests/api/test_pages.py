"""The data-collection pages as their users meet them: the unit's report list and entry form (targets, previous
period, same period last year), cells saved through htmx with their version, the workflow buttons, evidence files,
the secretariat's overview with bulk decisions, notifications and the "Việc cần làm" page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from thidua.collection import services
from thidua.collection.models import Attachment, DataValue, Notification, Submission
from thidua.indicators.models import DisaggregationOption

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(scope="module")
def _world_of_this_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """``cworld`` plus Nghệ An's reports of 2025 (for «kỳ trước» and «cùng kỳ năm trước») and its 2026 targets, built
    once per module inside a transaction rolled back at the end; each test runs in its own savepoint on top."""
    from thidua.core.testing import add_collection, build_world

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            world = add_collection(build_world())
            _add_history_and_targets(world)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def cworld(_world_of_this_module: Any, db: Any) -> Any:
    return _world_of_this_module


def _add_history_and_targets(world: Any) -> None:
    from thidua.indicators.services import data_set_create, period_ensure, target_set

    admin, nan, officer = world.admin, world.units["NAN"], world.users["nan_officer"]
    world.periods["2025S2"] = period_ensure(code="2025S2", actor=admin)
    ind = world.indicators
    data_set_2025 = data_set_create(
        edition=world.editions[2025],
        code="6THANG",
        name="Bộ chỉ tiêu sơ kết 6 tháng (2025)",
        period_kind="half_year",
        items=[(ind["XAYRA"], "I"), (ind["LAMRO"], "I"), (ind["TLKP"], "I")],
        actor=admin,
    )
    # 2025S1 (same period last year): 9 + 3 = 12 occurred, 9 solved (75%); 2025S2 (previous): 6 + 4 = 10, 7 (70%).
    for code, (it, nt, solved) in {"2025S1": (9, 3, 9), "2025S2": (6, 4, 7)}.items():
        sub = services.submission_open(unit=nan, data_set=data_set_2025, period=world.periods[code], actor=officer)
        for option_code, amount in (("IT", it), ("NT", nt)):
            services.value_save(
                submission=sub, indicator=ind["XAYRA"], option=_option(option_code), raw=amount, actor=officer
            )
        services.value_save(submission=sub, indicator=ind["LAMRO"], raw=solved, actor=officer)
    edition, period = world.editions[2026], world.periods["2026S1"]
    target_set(edition=edition, unit=nan, indicator=ind["LAMRO"], period=period, kind="absolute", value=90, actor=admin)
    target_set(edition=edition, unit=nan, indicator=ind["TLKP"], period=period, kind="min_rate", value=80, actor=admin)


def _option(code: str) -> DisaggregationOption:
    return DisaggregationOption.objects.get(disaggregation__code="MUCDO", code=code)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _open(world: Any, unit: str = "NAN") -> Submission:
    return services.submission_open(
        unit=world.units[unit],
        data_set=world.data_set,
        period=world.periods["2026S1"],
        actor=world.users[f"{unit.lower()}_officer"],
    )


def _save(client: Client, submission: Submission, indicator: Any, value: Any, **extra: Any) -> Any:
    option = extra.pop("option", None)
    data = {"indicator": indicator.pk, "option": option.pk if option else 0, "value": value, **extra}
    data.setdefault("version", 0)
    return client.post(f"/bao-cao/{submission.pk}/gia-tri/", data, HTTP_HX_REQUEST="true")


def _fill(world: Any, submission: Submission, unit: str = "NAN", solved: int = 8) -> Submission:
    officer, ind = world.users[f"{unit.lower()}_officer"], world.indicators
    services.value_save(submission=submission, indicator=ind["XAYRA"], option=_option("IT"), raw=10, actor=officer)
    services.value_save(submission=submission, indicator=ind["XAYRA"], option=_option("NT"), raw=5, actor=officer)
    services.value_save(submission=submission, indicator=ind["LAMRO"], raw=solved, actor=officer)
    submission.refresh_from_db()
    return submission


def _submitted(world: Any, unit: str = "NAN") -> Submission:
    submission = _fill(world, _open(world, unit), unit)
    return services.submission_submit(
        submission=submission, expected_version=submission.version, actor=world.users[f"{unit.lower()}_leader"]
    )


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# The unit's reports ----------------------------------------------------------------------------------------------


def test_the_officer_sees_the_units_reports_with_status_deadline_and_lateness(cworld: Any) -> None:
    page = _text(_client(cworld.users["nan_officer"]).get("/bao-cao/"))

    assert "Bộ chỉ tiêu sơ kết 6 tháng" in page and "6 tháng đầu năm 2026 (2026S1)" in page
    assert "Công an tỉnh Nghệ An" in page and "Hà Tĩnh" not in page
    assert "20/06/2026" in page and "Muộn" in page  # the deadline has passed and nothing was sent
    assert f"/bao-cao/mo/?don-vi=NAN&amp;bo={cworld.data_set.pk}&amp;ky=2026S1" in page


def test_the_secretariat_and_the_office_find_the_overview_of_their_clusters_from_the_list(cworld: Any) -> None:
    overview = f'href="/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/"'

    for username in ("secretariat", "bca_office"):
        page = _text(_client(cworld.users[username]).get("/bao-cao/"))
        assert "Báo cáo của các cụm tôi theo dõi" in page and overview in page, username
    assert overview not in _text(_client(cworld.users["nan_officer"]).get("/bao-cao/"))


def test_opening_a_report_creates_its_draft_once_and_leads_to_the_form(cworld: Any) -> None:
    client = _client(cworld.users["nan_officer"])
    url = f"/bao-cao/mo/?don-vi=NAN&bo={cworld.data_set.pk}&ky=2026S1"

    first, second = client.get(url), client.get(url)

    submission = Submission.objects.get(unit=cworld.units["NAN"], period=cworld.periods["2026S1"])
    assert submission.status == "draft"
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/bao-cao/{submission.pk}/"


def test_opening_another_units_report_is_refused_and_creates_nothing(cworld: Any) -> None:
    client = _client(cworld.users["nan_officer"])

    response = client.get(f"/bao-cao/mo/?don-vi=HTI&bo={cworld.data_set.pk}&ky=2026S1")

    assert response.status_code == 404 and "Traceback" not in _text(response)
    assert not Submission.objects.filter(unit=cworld.units["HTI"]).exists()
    assert client.get(f"/bao-cao/mo/?don-vi=KHONGCO&bo={cworld.data_set.pk}&ky=2026S1").status_code == 404


def test_a_period_the_unit_does_not_report_is_refused_with_a_vietnamese_message(cworld: Any) -> None:
    response = _client(cworld.users["nan_officer"]).get(
        f"/bao-cao/mo/?don-vi=NAN&bo={cworld.data_set.pk}&ky=2026", follow=True
    )

    assert "báo cáo theo loại kỳ khác với kỳ 2026" in _text(response)
    assert not Submission.objects.filter(period__code="2026").exists()


# The entry form --------------------------------------------------------------------------------------------------


def test_the_form_shows_each_indicator_with_target_previous_period_and_same_period_last_year(cworld: Any) -> None:
    submission = _fill(cworld, _open(cworld))

    response = _client(cworld.users["nan_officer"]).get(f"/bao-cao/{submission.pk}/")

    assert response.status_code == 200
    page = _text(response)
    assert "I. Phòng, chống tội phạm" in page
    assert "Kỳ trước (2025S2)" in page and "Cùng kỳ năm trước (2025S1)" in page

    def row(code: str) -> str:
        match = re.search(rf'<tr id="row-{code}">(.*?)</tr>', page)
        assert match, code
        return match.group(1)

    xayra, lamro, tlkp = row("XAYRA"), row("LAMRO"), row("TLKP")
    assert "Ít nghiêm trọng" in xayra and "Nghiêm trọng" in xayra
    assert 'data-total-of="XAYRA">15<' in xayra  # 10 + 5
    assert ">10<" in xayra and ">12<" in xayra  # previous period 6 + 4, last year 9 + 3
    assert "90 vụ" in lamro and 'value="8"' in lamro and ">7<" in lamro and ">9<" in lamro
    assert "≥ 80%" in tlkp and "53,33" in tlkp and ">70<" in tlkp and ">75<" in tlkp
    tlkp_pk = cworld.indicators["TLKP"].pk
    assert f'<input type="hidden" id="val-{tlkp_pk}-0"' in tlkp and 'data-code="TLKP"' not in page  # never typed
    assert "collection/entry.js" in page and "thidua/htmx.min.js" in page
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)  # no external script, style or font


def test_a_cell_saved_through_htmx_answers_with_its_new_version(cworld: Any) -> None:
    submission = _open(cworld)
    client = _client(cworld.users["nan_officer"])
    lamro = cworld.indicators["LAMRO"]

    created = _save(client, submission, lamro, "1.799")
    value = DataValue.objects.get(submission=submission, indicator=lamro)
    changed = _save(client, submission, lamro, "1.800", version=value.version, comment="Tăng do chuyên án lớn")

    assert created.status_code == changed.status_code == 200
    key = f"{lamro.pk}-0"
    assert f'id="ver-{key}" name="version" value="1"' in _text(created) and "Đã lưu" in _text(created)
    assert f'id="ver-{key}" name="version" value="2"' in _text(changed)
    value.refresh_from_db()
    assert value.value == Decimal(1800) and value.comment == "Tăng do chuyên án lớn" and value.version == 2
    submission.refresh_from_db()
    assert f'id="submission-version" name="version" value="{submission.version}"' in _text(changed)
    assert "Lịch sử" in _text(changed)


def test_an_edit_based_on_a_stale_version_is_refused_and_shows_the_value_stored_now(cworld: Any) -> None:
    submission = _open(cworld)
    lamro = cworld.indicators["LAMRO"]
    services.value_save(submission=submission, indicator=lamro, raw=7, actor=cworld.users["nan_officer"])

    response = _save(_client(cworld.users["nan_officer"]), submission, lamro, "9", version=0)

    assert response.status_code == 412
    page = _text(response)
    assert "đã được người khác sửa" in page
    assert '<strong class="current">7</strong>' in page and "Bạn đã nhập «9»" in page
    assert f'id="val-{lamro.pk}-0" name="value" value="7"' in page  # the cell now shows the stored value
    assert DataValue.objects.get(submission=submission, indicator=lamro).value == 7


def test_a_malformed_number_gets_a_vietnamese_message_and_changes_nothing(cworld: Any) -> None:
    submission = _open(cworld)

    response = _save(_client(cworld.users["nan_officer"]), submission, cworld.indicators["LAMRO"], "mười hai")

    assert response.status_code == 400
    assert "không phải là số" in _text(response) and "Traceback" not in _text(response)
    assert not DataValue.objects.filter(submission=submission).exists()


def test_options_are_saved_one_by_one_and_the_comment_of_a_split_indicator_keeps_its_figures(cworld: Any) -> None:
    submission = _open(cworld)
    client = _client(cworld.users["nan_officer"])
    xayra = cworld.indicators["XAYRA"]

    assert _save(client, submission, xayra, "10", option=_option("IT")).status_code == 200
    assert _save(client, submission, xayra, "5", option=_option("NT")).status_code == 200
    assert _save(client, submission, xayra, "", comment="Có 2 vụ chuyển từ kỳ trước").status_code == 200

    stored = {v.option.code if v.option else None: v for v in DataValue.objects.filter(submission=submission)}
    assert stored["IT"].value == 10 and stored["NT"].value == 5
    assert stored[None].value is None and stored[None].comment == "Có 2 vụ chuyển từ kỳ trước"
    assert 'data-total-of="XAYRA">15<' in _text(client.get(f"/bao-cao/{submission.pk}/"))


def test_a_values_history_shows_who_changed_it_from_what_to_what(cworld: Any) -> None:
    submission = _open(cworld)
    officer, lamro = cworld.users["nan_officer"], cworld.indicators["LAMRO"]
    value = services.value_save(submission=submission, indicator=lamro, raw=7, actor=officer)
    services.value_save(submission=submission, indicator=lamro, raw="1.234", expected_version=1, actor=officer)

    response = _client(cworld.users["nan_leader"]).get(
        f"/bao-cao/{submission.pk}/lich-su/{value.pk}/", HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    page = _text(response)
    assert "<html" not in page  # a fragment beside the cell
    assert "Nhập mới" in page and "Sửa" in page and "nan_officer" in page
    assert re.search(r">7</td>.*>1\.234</td>", page)
    assert _client(cworld.users["hti_officer"]).get(f"/bao-cao/{submission.pk}/lich-su/{value.pk}/").status_code == 404


def test_another_units_people_get_404_on_every_page_of_the_report(cworld: Any) -> None:
    submission = _fill(cworld, _open(cworld))
    client = _client(cworld.users["hti_officer"])
    base = f"/bao-cao/{submission.pk}"

    assert client.get(f"{base}/").status_code == 404
    assert _save(client, submission, cworld.indicators["LAMRO"], "1", version=1).status_code == 404
    assert client.post(f"{base}/thao-tac/", {"action": "submit", "version": submission.version}).status_code == 404
    assert client.post(f"{base}/tep/", {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 404
    assert DataValue.objects.get(submission=submission, indicator=cworld.indicators["LAMRO"]).value == 8


# The workflow ----------------------------------------------------------------------------------------------------


def test_the_buttons_follow_the_users_role_and_the_reports_status(cworld: Any) -> None:
    submission = _fill(cworld, _open(cworld))
    url = f"/bao-cao/{submission.pk}/"

    officer = _text(_client(cworld.users["nan_officer"]).get(url))
    leader = _text(_client(cworld.users["nan_leader"]).get(url))
    secretariat = _text(_client(cworld.users["secretariat"]).get(url))

    assert 'value="submit"' not in officer and "hx-post" in officer
    assert 'value="submit">Gửi báo cáo' in leader and "hx-post" not in leader  # the leader does not type values
    assert 'value="approve"' not in secretariat  # a draft is not reviewed
    assert "Excel" in officer and f"/bao-cao/{submission.pk}/excel/" in officer


def test_the_cycle_submit_return_with_a_reason_correct_resubmit_approve_then_locked(
    cworld: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submission = _fill(cworld, _open(cworld))
    url = f"/bao-cao/{submission.pk}/"
    officer, leader = _client(cworld.users["nan_officer"]), _client(cworld.users["nan_leader"])
    secretariat = _client(cworld.users["secretariat"])

    def act(client: Client, action: str, reason: str = "") -> Any:
        version = Submission.objects.get(pk=submission.pk).version
        return client.post(f"{url}thao-tac/", {"action": action, "version": version, "reason": reason})

    assert act(leader, "submit").status_code == 302
    page = _text(secretariat.get(url))
    assert 'value="return">Trả lại' in page and 'value="approve">Duyệt' in page

    no_reason = act(secretariat, "return")
    assert no_reason.status_code == 400 and "Cần ghi lý do" in _text(no_reason)
    with django_capture_on_commit_callbacks(execute=True):
        assert act(secretariat, "return", "Số vụ làm rõ chưa khớp biên bản").status_code == 302
    page = _text(officer.get(url))
    assert "Bị trả lại" in page and "Số vụ làm rõ chưa khớp biên bản" in page
    assert Notification.objects.filter(user=cworld.users["nan_officer"], message__contains="bị trả lại").exists()

    lamro = cworld.indicators["LAMRO"]
    version = DataValue.objects.get(submission=submission, indicator=lamro).version
    assert _save(officer, submission, lamro, "9", version=version).status_code == 200
    assert act(leader, "submit").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert act(secretariat, "approve").status_code == 302

    submission.refresh_from_db()
    assert submission.status == "approved"
    page = _text(officer.get(url))
    assert "Cụm đã duyệt" in page and "chỉ xem" in page
    assert "hx-post" not in page and f'id="val-{lamro.pk}-0"' in page and "disabled" in page
    refused = _save(officer, submission, lamro, "10", version=version + 1)
    assert refused.status_code == 400 and "không sửa được số liệu" in _text(refused)
    assert DataValue.objects.get(submission=submission, indicator=lamro).value == 9


def test_the_emulation_office_finalises_and_may_unapprove_with_a_reason(cworld: Any) -> None:
    submission = _submitted(cworld)
    services.submission_approve(
        submission=submission, expected_version=submission.version, actor=cworld.users["secretariat"]
    )
    url = f"/bao-cao/{submission.pk}/"
    office = _client(cworld.users["bca_office"])

    page = _text(office.get(url))
    assert 'value="finalise">Phê duyệt chính thức' in page and 'value="unapprove">Hủy duyệt' in page
    version = Submission.objects.get(pk=submission.pk).version
    assert office.post(f"{url}thao-tac/", {"action": "finalise", "version": version}).status_code == 302
    assert Submission.objects.get(pk=submission.pk).status == "finalised"
    version += 1
    no_reason = office.post(f"{url}thao-tac/", {"action": "unapprove", "version": version})
    assert no_reason.status_code == 400 and "Cần ghi lý do khi «hủy duyệt»" in _text(no_reason)
    reopened = office.post(f"{url}thao-tac/", {"action": "unapprove", "version": version, "reason": "Sai số liệu"})
    assert reopened.status_code == 302
    assert Submission.objects.get(pk=submission.pk).status == "returned"
    assert "hx-post" in _text(_client(cworld.users["nan_officer"]).get(url))  # the unit may correct it again


def test_an_exception_granted_from_above_reopens_an_approved_report_for_the_unit(cworld: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    submission = _submitted(cworld)
    submission = services.submission_approve(
        submission=submission, expected_version=submission.version, actor=cworld.users["secretariat"]
    )
    services.lock_exception_grant(
        submission=submission,
        until=timezone.now() + timedelta(days=2),
        reason="Bổ sung số liệu chuyên án",
        actor=cworld.users["bca_office"],
    )
    client = _client(cworld.users["nan_officer"])

    page = _text(client.get(f"/bao-cao/{submission.pk}/"))

    assert "Cấp trên cho phép sửa số liệu đã duyệt đến" in page and "hx-post" in page
    lamro = DataValue.objects.get(submission=submission, indicator=cworld.indicators["LAMRO"])
    assert _save(client, submission, lamro.indicator, "7", version=lamro.version).status_code == 200


def test_a_post_without_the_csrf_token_is_refused(cworld: Any) -> None:
    submission = _open(cworld)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cworld.users["nan_officer"])

    response = _save(client, submission, cworld.indicators["LAMRO"], "5")

    assert response.status_code == 403
    assert not DataValue.objects.filter(submission=submission).exists()


def test_a_decision_based_on_an_older_version_is_refused(cworld: Any) -> None:
    submission = _submitted(cworld)

    response = _client(cworld.users["secretariat"]).post(
        f"/bao-cao/{submission.pk}/thao-tac/", {"action": "approve", "version": submission.version - 1}
    )

    assert response.status_code == 412 and "đã được người khác sửa" in _text(response)
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_a_hard_rule_blocks_sending_and_is_shown_on_the_form(cworld: Any) -> None:
    submission = _fill(cworld, _open(cworld), solved=20)  # 20 solved > 15 occurred
    url = f"/bao-cao/{submission.pk}/"
    leader = _client(cworld.users["nan_leader"])

    assert "Số vụ làm rõ không vượt số vụ xảy ra" in _text(leader.get(url))
    response = leader.post(f"{url}thao-tac/", {"action": "submit", "version": submission.version})

    assert response.status_code == 400 and "Số liệu chưa hợp lệ" in _text(response)
    assert Submission.objects.get(pk=submission.pk).status == "draft"


# Evidence --------------------------------------------------------------------------------------------------------


def test_an_evidence_pdf_is_attached_listed_and_downloaded_by_the_units_people(cworld: Any) -> None:
    submission = _open(cworld)
    client = _client(cworld.users["nan_officer"])

    response = client.post(f"/bao-cao/{submission.pk}/tep/", {"file": SimpleUploadedFile("Biên bản.pdf", PDF)})

    assert response.status_code == 302
    attachment = Attachment.objects.get(submission=submission)
    assert attachment.kind == "pdf" and attachment.original_name == "Biên bản.pdf"
    assert "Biên bản.pdf" in _text(client.get(f"/bao-cao/{submission.pk}/"))
    download = _client(cworld.users["nan_leader"]).get(f"/bao-cao/{submission.pk}/tep/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert _client(cworld.users["hti_officer"]).get(f"/bao-cao/{submission.pk}/tep/{attachment.pk}/").status_code == 404


def test_an_executable_renamed_pdf_is_refused_with_a_vietnamese_message(cworld: Any) -> None:
    submission = _open(cworld)

    response = _client(cworld.users["nan_officer"]).post(
        f"/bao-cao/{submission.pk}/tep/", {"file": SimpleUploadedFile("bao-cao.pdf", EXE)}
    )

    assert response.status_code == 400
    assert "Không nhận loại tệp của «bao-cao.pdf»" in _text(response) and 'id="upload-error"' in _text(response)
    assert not Attachment.objects.exists()


# The secretariat's overview --------------------------------------------------------------------------------------


def test_the_overview_shows_every_member_with_status_timeliness_and_count_of_values(cworld: Any) -> None:
    _submitted(cworld, "NAN")
    _open(cworld, "HTI")

    response = _client(cworld.users["secretariat"]).get(f"/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/")

    assert response.status_code == 200
    page = _text(response)
    assert 'value="2026S1" selected' in page
    for name in ("Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Ninh Bình", "Quảng Trị"):
        assert name in page
    nan_row = re.search(r"<tr>(?:(?!</tr>).)*Nghệ An.*?</tr>", page).group(0)
    assert "Đã gửi, chờ duyệt" in nan_row and "Muộn" in nan_row and ">3<" in nan_row
    assert 'name="chon"' in nan_row and "ly_do_" in nan_row
    assert "Đang nhập" in page and "Chưa mở" in page


def test_the_overview_filters_by_status(cworld: Any) -> None:
    _submitted(cworld, "NAN")
    url = f"/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/"
    client = _client(cworld.users["secretariat"])

    waiting = _text(client.get(url, {"ky": "2026S1", "trang-thai": "submitted"}))
    not_opened = _text(client.get(url, {"ky": "2026S1", "trang-thai": "chua-mo"}))

    assert "Nghệ An" in waiting and "Hà Tĩnh" not in waiting
    assert "Hà Tĩnh" in not_opened and "Nghệ An" not in not_opened


def test_the_overview_exports_to_xlsx(cworld: Any) -> None:
    _submitted(cworld, "NAN")

    response = _client(cworld.users["secretariat"]).get(
        f"/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/", {"ky": "2026S1", "format": "xlsx"}
    )

    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Đơn vị", "Bộ chỉ tiêu", "Kỳ", "Trạng thái")
    assert ("Công an tỉnh Nghệ An", "Bộ chỉ tiêu sơ kết 6 tháng", "2026S1", "Đã gửi, chờ duyệt") in [
        r[:4] for r in rows
    ]
    assert len(rows) == 6  # header + five members


def test_the_overview_is_not_for_a_units_officer(cworld: Any) -> None:
    edition = cworld.editions[2026].pk
    assert _client(cworld.users["nan_officer"]).get(f"/cum-thi-dua/{edition}/bao-cao/").status_code == 404
    assert _client(cworld.users["nan_officer"]).post(f"/cum-thi-dua/{edition}/bao-cao/duyet/").status_code == 404


def test_approving_several_at_once_each_stands_or_falls_alone(cworld: Any) -> None:
    nan, hti = _submitted(cworld, "NAN"), _submitted(cworld, "HTI")
    client = _client(cworld.users["secretariat"])

    response = client.post(
        f"/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/duyet/",
        {
            "ky": "2026S1",
            "action": "approve",
            "chon": [nan.pk, hti.pk],
            f"phien_ban_{nan.pk}": nan.version,
            f"phien_ban_{hti.pk}": hti.version - 1,  # the reviewer saw an older Hà Tĩnh report
        },
        follow=True,
    )

    page = _text(response)
    assert "Công an tỉnh Nghệ An — Bộ chỉ tiêu sơ kết 6 tháng: Đã duyệt." in page
    assert "Công an tỉnh Hà Tĩnh — Bộ chỉ tiêu sơ kết 6 tháng: Dữ liệu đã được người khác sửa" in page
    assert Submission.objects.get(pk=nan.pk).status == "approved"
    assert Submission.objects.get(pk=hti.pk).status == "submitted"


def test_returning_several_at_once_needs_each_ones_reason(cworld: Any) -> None:
    nan, hti = _submitted(cworld, "NAN"), _submitted(cworld, "HTI")

    response = _client(cworld.users["secretariat"]).post(
        f"/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/duyet/",
        {
            "action": "return",
            "chon": [nan.pk, hti.pk],
            f"phien_ban_{nan.pk}": nan.version,
            f"phien_ban_{hti.pk}": hti.version,
            f"ly_do_{nan.pk}": "Thiếu tài liệu kiểm chứng",
        },
        follow=True,
    )

    assert "Cần ghi lý do khi «trả lại»" in _text(response)
    nan.refresh_from_db()
    assert nan.status == "returned" and nan.reason == "Thiếu tài liệu kiểm chứng"
    assert Submission.objects.get(pk=hti.pk).status == "submitted"


# Notifications and "Việc cần làm" --------------------------------------------------------------------------------


def test_notifications_are_counted_listed_and_then_marked_read(cworld: Any) -> None:
    officer = cworld.users["nan_officer"]
    Notification.objects.create(user=officer, message="Báo cáo kỳ 2026S1 bị trả lại: thiếu số liệu", url="/bao-cao/")
    Notification.objects.create(user=cworld.users["hti_officer"], message="Của Hà Tĩnh")
    client = _client(officer)

    assert re.search(r'class="badge"[^>]*>1<', _text(client.get("/thong-bao/?dem=1")))
    page = _text(client.get("/thong-bao/"))
    assert "bị trả lại: thiếu số liệu" in page and "Mới" in page and "Của Hà Tĩnh" not in page
    assert "badge" not in _text(client.get("/thong-bao/?dem=1"))
    assert 'hx-get="/thong-bao/?dem=1"' in _text(client.get("/bao-cao/"))  # the count beside every page's menu
    assert Client().get("/thong-bao/?dem=1").content == b""  # signed out: no login page inside the menu


def test_viec_can_lam_lists_each_roles_work(cworld: Any) -> None:
    _submitted(cworld, "HTI")
    Notification.objects.create(user=cworld.users["nan_officer"], message="Sắp đến hạn gửi báo cáo")

    officer = _text(_client(cworld.users["nan_officer"]).get("/"))
    secretariat = _text(_client(cworld.users["secretariat"]).get("/"))

    assert "Báo cáo cần nhập, cần sửa" in officer and "Bộ chỉ tiêu sơ kết 6 tháng — 6 tháng đầu năm 2026" in officer
    assert "hạn gửi 20/06/2026" in officer and "Sắp đến hạn gửi báo cáo" in officer
    assert "Báo cáo chờ duyệt" in secretariat and "1 báo cáo đã gửi, chờ duyệt" in secretariat
    assert f"/cum-thi-dua/{cworld.editions[2026].pk}/bao-cao/?ky=2026S1" in secretariat
    assert 'href="/bao-cao/"' in officer  # the menu's "Báo cáo"


def test_the_office_unlocks_an_approved_report_until_a_day_and_the_officer_can_correct_it(cworld):
    from thidua.collection.services import submission_approve

    submission = _submitted(cworld, "NAN")
    submission = submission_approve(
        submission=submission, expected_version=submission.version, actor=cworld.users["secretariat"]
    )
    officer_view = _client(cworld.users["nan_officer"]).get(f"/bao-cao/{submission.pk}/").content.decode()
    assert "Mở khóa có thời hạn" not in officer_view
    office = _client(cworld.users["bca_office"])
    assert "Mở khóa có thời hạn" in office.get(f"/bao-cao/{submission.pk}/").content.decode()
    refused = office.post(f"/bao-cao/{submission.pk}/mo-khoa/", {"den-ngay": "31/02/2030", "reason": "Sửa lỗi"})
    assert refused.status_code == 400 and "không hợp lệ" in refused.content.decode()
    response = office.post(f"/bao-cao/{submission.pk}/mo-khoa/", {"den-ngay": "31/12/2030", "reason": "Sửa lỗi gõ"})
    assert response.status_code == 302
    html = _client(cworld.users["nan_officer"]).get(f"/bao-cao/{submission.pk}/").content.decode()
    assert "đang được mở khóa để sửa đến 31/12/2030" in html
    hti = _client(cworld.users["hti_officer"]).post(
        f"/bao-cao/{submission.pk}/mo-khoa/", {"den-ngay": "31/12/2030", "reason": "x"}
    )
    assert hti.status_code == 404


def test_the_offices_landing_page_lists_cluster_approved_reports_waiting_for_final_approval(cworld):
    from thidua.collection.services import submission_approve

    submission = _submitted(cworld, "NAN")
    submission_approve(submission=submission, expected_version=submission.version, actor=cworld.users["secretariat"])
    html = _client(cworld.users["bca_office"]).get("/").content.decode()
    assert "1 báo cáo chờ phê duyệt chính thức" in html
    assert "trang-thai=approved" in html
    secretariat_home = _client(cworld.users["secretariat"]).get("/").content.decode()
    assert "chờ phê duyệt chính thức" not in secretariat_home


def test_the_form_keeps_both_the_clusters_approval_and_the_final_approval_visible(cworld):
    from thidua.collection.services import submission_approve, submission_finalise

    submission = _submitted(cworld, "NAN")
    submission = submission_approve(
        submission=submission, expected_version=submission.version, actor=cworld.users["secretariat"]
    )
    submission_finalise(submission=submission, expected_version=submission.version, actor=cworld.users["bca_office"])
    html = _client(cworld.users["nan_officer"]).get(f"/bao-cao/{submission.pk}/").content.decode()
    assert "Cụm duyệt — secretariat" in html
    assert "Phê duyệt chính thức — bca_office" in html
    assert "Gửi báo cáo — nan_leader" in html
