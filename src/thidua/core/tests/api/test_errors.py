"""The API refuses in Vietnamese, with the HTTP status a client can act on."""

import pytest


@pytest.mark.django_db
def test_an_anonymous_api_call_gets_401_in_vietnamese(client):
    response = client.get("/api/v1/indicators/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert "Cần đăng nhập" in response.json()["detail"]


@pytest.mark.django_db
def test_a_wrong_token_gets_401_in_vietnamese(client):
    response = client.get("/api/v1/indicators/", HTTP_AUTHORIZATION="Token khong-hop-le")
    assert response.status_code == 401
    assert "không hợp lệ" in response.json()["detail"]


@pytest.mark.django_db
def test_a_page_that_does_not_exist_shows_the_vietnamese_404_page(client, admin_user, settings):
    settings.DEBUG = False
    client.force_login(admin_user)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


@pytest.mark.django_db
def test_health_answers_ok_when_the_database_is_ready(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
