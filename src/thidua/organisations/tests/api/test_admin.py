"""The catalogue administration: administrators only; a new unit goes through the service and is audited."""

from __future__ import annotations

from thidua.core.models import AuditEvent
from thidua.organisations.models import OrgUnit


def test_an_administrator_adds_a_unit_with_its_first_name_and_parent(client, world):
    client.force_login(world.admin)
    before = AuditEvent.objects.count()
    response = client.post(
        "/quan-tri/organisations/orgunit/add/",
        {
            "code": "nan-pc09",
            "unit_type": "provincial_division",
            "name": "Phòng Kỹ thuật hình sự",
            "parent": world.units["NAN"].pk,
            "valid_from": "01/01/2026",
            "basis": "Quyết định số 12/QĐ-CAT",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="NAN-PC09")
    version = unit.versions.get()
    assert (version.name, version.parent.code, str(version.valid_from)) == (
        "Phòng Kỹ thuật hình sự",
        "NAN",
        "2026-01-01",
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-seq").first().action == "org_unit.create"


def test_adding_a_unit_under_a_parent_that_had_ended_is_refused_in_vietnamese(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/quan-tri/organisations/orgunit/add/",
        {
            "code": "VINH-DOI1",
            "unit_type": "team",
            "name": "Đội Cảnh sát hình sự",
            "parent": world.units["NAN-VINH"].pk,
            "valid_from": "01/06/2025",
        },
    )
    assert response.status_code == 200
    assert "không hoạt động" in response.content.decode() or "cấp trên" in response.content.decode()
    assert not OrgUnit.objects.filter(code="VINH-DOI1").exists()


def test_the_administration_is_closed_to_a_unit_officer(client, world):
    client.force_login(world.users["hti_officer"])
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]
    assert client.get("/quan-tri/organisations/orgunit/").status_code == 302


def test_the_administration_speaks_vietnamese_and_hides_groups_and_raw_tokens(client, world):
    client.force_login(world.admin)
    html = client.get("/quan-tri/").content.decode()
    assert "Danh mục và cấu hình" in html
    assert "Tổ chức và cụm thi đua" in html and "Chỉ tiêu và kỳ báo cáo" in html
    assert "/quan-tri/auth/group/" not in html
    assert "/quan-tri/authtoken/" not in html
