"""The public HTTP interfaces around the API (DESIGN.md): OpenAPI schema, API docs, health check, admin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from thidua.core.testing import make_user

pytestmark = pytest.mark.django_db

ASSET = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]+)"', re.IGNORECASE)


def test_the_openapi_schema_renders_and_documents_the_target_endpoints(client: Client) -> None:
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "thidua API"
    assert {"/api/v1/targets/", "/api/v1/targets/{id}/", "/api/v1/indicators/", "/api/v1/periods/"} <= set(
        schema["paths"]
    )
    assert {"get", "put"} <= set(schema["paths"]["/api/v1/targets/{id}/"])


def test_the_openapi_schema_renders_as_yaml_by_default(client: Client) -> None:
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert b"openapi: 3." in response.content


def test_the_api_docs_load_every_script_and_style_from_the_apps_own_static_files(client: Client) -> None:
    response = client.get("/api/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assets = ASSET.findall(html)
    assert any(a.endswith(".js") for a in assets)
    assert all(a.startswith("/static/") for a in assets), assets
    assert "cdn" not in html.lower()
    assert not re.search(r"\b(?:src|href)=[\"']?(?:https?:)?//", html, re.IGNORECASE)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        if hasattr(served, "close"):
            served.close()


def test_the_health_check_answers_ok(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_admin_is_open_to_the_system_administrator(world: Any, client: Client) -> None:
    client.force_login(world.admin)

    response = client.get("/quan-tri/")

    assert response.status_code == 200
    assert "Quản trị" in response.content.decode()


@pytest.mark.parametrize("role", ["unit_officer", "emulation_office", "auditor"])
def test_the_admin_is_closed_to_business_users(world: Any, client: Client, role: str) -> None:
    user = make_user(world, f"user.{role}", role, unit="HTI")
    client.force_login(user)

    response = client.get("/quan-tri/")

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "login" in response["Location"]


def test_the_admin_is_closed_to_anonymous_visitors(client: Client) -> None:
    response = client.get("/quan-tri/")

    assert response.status_code == 302
    assert "login" in response["Location"]
