"""The ballot pages as their users meet them: the secretariat prepares, opens and closes; each voter casts once and
afterwards sees only «Bạn đã bỏ phiếu»; totals appear only once closed; the minutes and the totals download."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.voting import services
from thidua.voting.models import Ballot, BallotPaper, Participation
from thidua.voting.tests.worlds import MEMBERS_2025, candidate_ids, make_ballot


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def page_text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def secretariat(vworld: Any) -> Client:
    return client_for(vworld.users["sec25"])


def test_the_secretariat_prepares_and_opens_a_ballot_from_the_pages(vworld: Any, secretariat: Client) -> None:
    index = secretariat.get("/binh-xet/")
    assert index.status_code == 200 and "Tạo cuộc bỏ phiếu" in index.content.decode()
    form = secretariat.get("/binh-xet/tao/")
    assert "Bình xét, suy tôn Cờ thi đua của Bộ Công an năm 2025" in form.content.decode()

    created = secretariat.post(
        "/binh-xet/tao/",
        {
            "cum": vworld.editions[2025].pk,
            "noi_dung": "Bình xét, suy tôn Cờ thi đua của Bộ Công an năm 2025",
            "so_suat": "2",
            "toi_da": "",
            "nguong_kieu": "tren",
            "nguong_ty_le": "50%",
            "ty_le_tren": "roll",
            "dia_danh": "Hà Tĩnh",
            "ngay_bo_phieu": "05/01/2026",
        },
    )
    ballot = Ballot.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/binh-xet/{ballot.pk}/"
    assert (ballot.seats, ballot.max_choices, ballot.threshold.label, ballot.held_on.day) == (2, 2, "trên 50%", 5)

    page = secretariat.get(f"/binh-xet/{ballot.pk}/")
    text = page_text(page)
    assert "Công an tỉnh Ninh Bình" in text and "Công an tỉnh Hà Nam" not in text  # members at the year's end
    members = {u.code: u for u in vworld.units.values()}
    unit_ids = [members[c].pk for c in MEMBERS_2025]
    response = secretariat.post(
        f"/binh-xet/{ballot.pk}/don-vi/", {"don_vi": unit_ids, "phien_ban": ballot.version}, follow=True
    )
    assert "Đã lưu danh sách 5 đơn vị bình xét." in messages_of(response)
    ballot.refresh_from_db()
    roll = {f"cu_tri_{members[c].pk}": vworld.users[f"voter_{c}"].pk for c in MEMBERS_2025}
    response = secretariat.post(f"/binh-xet/{ballot.pk}/cu-tri/", {**roll, "phien_ban": ballot.version}, follow=True)
    assert "Đã lưu danh sách 5 cử tri." in messages_of(response)
    ballot.refresh_from_db()
    response = secretariat.post(f"/binh-xet/{ballot.pk}/mo/", {"phien_ban": ballot.version}, follow=True)
    assert any("Đã mở bỏ phiếu" in m for m in messages_of(response))
    assert "0/5" in page_text(response)
    ballot.refresh_from_db()
    assert ballot.status == "open"


def test_a_page_opened_before_a_colleague_changed_the_ballot_is_refused(vworld: Any, secretariat: Client) -> None:
    ballot = make_ballot(vworld, open_it=False)
    response = secretariat.post(f"/binh-xet/{ballot.pk}/mo/", {"phien_ban": "1"}, follow=True)
    assert any("người khác sửa" in m for m in messages_of(response))
    assert Ballot.objects.get(pk=ballot.pk).status == "draft"


def test_settings_typed_wrong_are_refused_in_vietnamese(vworld: Any, secretariat: Client) -> None:
    response = secretariat.post(
        "/binh-xet/tao/",
        {
            "cum": vworld.editions[2025].pk,
            "noi_dung": "Bình xét",
            "so_suat": "hai",
            "nguong_kieu": "tren",
            "nguong_ty_le": "50%",
            "ty_le_tren": "roll",
        },
    )
    assert response.status_code == 200
    assert any("số nguyên dương" in m for m in messages_of(response))
    assert 'value="hai"' in response.content.decode()  # what was typed stays in the form
    response = secretariat.post(
        "/binh-xet/tao/",
        {"cum": vworld.editions[2025].pk, "noi_dung": "Bình xét", "so_suat": "1", "nguong_ty_le": "nửa"},
    )
    assert any("không phải là tỷ lệ" in m for m in messages_of(response))
    assert not Ballot.objects.exists()


def test_a_voter_casts_once_and_then_sees_only_that_they_voted(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    ids = candidate_ids(ballot)
    voter = client_for(vworld.users["voter_NAN"])
    page = voter.get(f"/binh-xet/{ballot.pk}/bo-phieu/")
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    assert page.content.decode().count('name="chon"') == 5

    response = voter.post(
        f"/binh-xet/{ballot.pk}/bo-phieu/", {"chon": [ids["HTI"], ids["THA"]], "xac_nhan": "1"}, follow=True
    )
    assert "Phiếu của bạn đã được ghi nhận." in messages_of(response)
    after = response.content.decode()
    assert "Bạn đã bỏ phiếu." in after
    assert 'name="chon"' not in after and "checked" not in after
    again = voter.post(f"/binh-xet/{ballot.pk}/bo-phieu/", {"chon": [ids["NAN"]], "xac_nhan": "1"}, follow=True)
    assert "Bạn đã bỏ phiếu." in again.content.decode()
    assert (BallotPaper.objects.count(), Participation.objects.count()) == (1, 1)
    assert BallotPaper.objects.get().choices == sorted([ids["HTI"], ids["THA"]])


def test_a_refused_ballot_is_shown_back_to_its_voter_unsaved(vworld: Any) -> None:
    ballot = make_ballot(vworld, seats=2)
    ids = candidate_ids(ballot)
    voter = client_for(vworld.users["voter_THA"])
    response = voter.post(
        f"/binh-xet/{ballot.pk}/bo-phieu/", {"chon": [ids["HTI"], ids["THA"], ids["NAN"]], "xac_nhan": "1"}
    )
    assert any("tối đa 2" in m for m in messages_of(response))
    assert response.content.decode().count("checked") == 3
    response = voter.post(f"/binh-xet/{ballot.pk}/bo-phieu/", {"chon": [ids["HTI"]]})
    assert any("xác nhận" in m for m in messages_of(response))
    assert not BallotPaper.objects.exists() and not Participation.objects.exists()


def test_the_secretariat_sees_who_voted_never_how_and_no_totals_before_closing(
    vworld: Any, secretariat: Client
) -> None:
    ballot = make_ballot(vworld)
    ids = candidate_ids(ballot)
    services.ballot_cast(ballot=ballot, voter=vworld.users["voter_NAN"], choices=[ids["HTI"]])
    page = page_text(secretariat.get(f"/binh-xet/{ballot.pk}/"))
    assert "1/5" in page and "Đã bỏ phiếu" in page
    assert "phiếu đồng ý" not in page.lower()
    early = secretariat.get(f"/binh-xet/{ballot.pk}/ket-qua/", follow=True)
    assert "Kết quả chỉ có sau khi kết thúc bỏ phiếu." in messages_of(early)
    minutes = secretariat.get(f"/binh-xet/{ballot.pk}/bien-ban.docx", follow=True)
    assert "Kết quả chỉ có sau khi kết thúc bỏ phiếu." in messages_of(minutes)


def test_closing_publishes_totals_minutes_and_a_workbook(vworld: Any, secretariat: Client) -> None:
    ballot = make_ballot(vworld)
    ids = candidate_ids(ballot)
    for code in ("THA", "NAN", "HTI"):
        services.ballot_cast(ballot=ballot, voter=vworld.users[f"voter_{code}"], choices=[ids["HTI"], ids["NAN"]])
    closed = secretariat.post(f"/binh-xet/{ballot.pk}/ket-thuc/", follow=True)
    assert "Đã kết thúc bỏ phiếu và kiểm phiếu." in messages_of(closed)
    text = page_text(closed)
    assert "Được suy tôn: Công an tỉnh Nghệ An, Công an tỉnh Hà Tĩnh." in text
    assert "Số cử tri đã bỏ phiếu (số phiếu thu vào): 3 (60%)" in text

    minutes = secretariat.get(f"/binh-xet/{ballot.pk}/bien-ban.docx")
    assert minutes.status_code == 200
    assert minutes["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "BIÊN BẢN KIỂM PHIẾU" in [p.text for p in docx.Document(io.BytesIO(minutes.content)).paragraphs]

    workbook = load_workbook(io.BytesIO(secretariat.get(f"/binh-xet/{ballot.pk}/ket-qua/?format=xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Đơn vị", "Số phiếu đồng ý")
    assert {(r[1], r[2]) for r in rows[1:3]} == {("Công an tỉnh Nghệ An", 3), ("Công an tỉnh Hà Tĩnh", 3)}

    voter_page = client_for(vworld.users["voter_QTR2"]).get(f"/binh-xet/{ballot.pk}/ket-qua/")
    assert voter_page.status_code == 200  # the voters read the totals too


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("sec26", "/binh-xet/{pk}/"),  # secretariat of another year
        ("sec26", "/binh-xet/{pk}/ket-qua/"),
        ("nan_officer", "/binh-xet/{pk}/bo-phieu/"),  # not on the roll
        ("nan_officer", "/binh-xet/{pk}/ket-qua/"),
        ("nan_officer", "/binh-xet/{pk}/"),
        ("voter_NAN", "/binh-xet/{pk}/bien-ban.docx"),  # a voter reads the minutes of a closed ballot
    ],
)
def test_out_of_reach_answers_not_found(vworld: Any, username: str, path: str) -> None:
    ballot = make_ballot(vworld)
    services.ballot_close(ballot=ballot, actor=vworld.users["sec25"])
    response = client_for(vworld.users[username]).get(path.format(pk=ballot.pk))
    expected = 200 if username == "voter_NAN" else 404
    assert response.status_code == expected


def test_writes_out_of_reach_change_nothing(vworld: Any) -> None:
    ballot = make_ballot(vworld, open_it=False)
    for username in ("sec26", "voter_NAN", "auditor"):
        client = client_for(vworld.users[username])
        assert client.post(f"/binh-xet/{ballot.pk}/mo/", {"phien_ban": 3}).status_code == 404
        assert client.post(f"/binh-xet/{ballot.pk}/don-vi/", {"don_vi": [], "phien_ban": 3}).status_code == 404
    assert client_for(vworld.admin).post(f"/binh-xet/{ballot.pk}/mo/", {"phien_ban": 3}).status_code == 404
    ballot.refresh_from_db()
    assert ballot.status == "draft" and ballot.candidates.count() == 5


def test_the_auditor_reads_turnout_without_buttons(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    page = client_for(vworld.users["auditor"]).get(f"/binh-xet/{ballot.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "0/5" in html and "Kết thúc bỏ phiếu" not in html


def test_a_voter_opening_the_ballot_page_is_sent_to_the_voting_page(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    response = client_for(vworld.users["voter_HTI"]).get(f"/binh-xet/{ballot.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/binh-xet/{ballot.pk}/bo-phieu/"
    todo = client_for(vworld.users["voter_HTI"]).get("/binh-xet/")
    assert "Chờ phiếu của bạn" in todo.content.decode()


def test_the_list_leads_each_user_only_where_they_may_go(vworld: Any) -> None:
    ballot = make_ballot(vworld)
    officer = client_for(vworld.users["nan_officer"]).get("/binh-xet/").content.decode()
    assert ballot.title in officer and f'href="/binh-xet/{ballot.pk}/' not in officer  # a member sees it exists
    auditor = client_for(vworld.users["auditor"]).get("/binh-xet/").content.decode()
    assert f'href="/binh-xet/{ballot.pk}/"' in auditor
