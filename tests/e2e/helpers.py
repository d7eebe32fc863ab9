"""What every browser test shares: Debian's Chromium, a live server that answers one request at a time, and signing
in. The fixtures built on these (``server``, ``browser``, ``e2e_world``) are in ``tests/e2e/conftest.py``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium package is not installed")
PASSWORD = "Mat-khau-dai-2026"  # the password of every user built by thidua.core.testing
TIMEOUT_MS = 30_000  # a shared 2-core machine can be slow; nothing here is timed
SCRIPT_ERRORS: list[str] = []  # JavaScript errors of every page opened by ``new_page``; emptied before each test
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class OneRequestAtATime(LiveServerThread):
    """A live server answering one request at a time: on SQLite the in-memory test database is a single connection
    shared with the test, which two requests must never use at once."""

    def _create_server(self, connections_override: Any = None) -> WSGIServer:
        return WSGIServer((self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False)


@contextmanager
def live_server(settings: Any) -> Iterator[str]:
    """Serve the test database (and the static files) on 127.0.0.1; yields the address."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for connection in shared.values():
        connection.inc_thread_sharing()
    thread = OneRequestAtATime("127.0.0.1", StaticFilesHandler, shared)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. Build the test data before: no database call may run while Playwright's
    event loop does."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, *, label: str = "", timeout: int = TIMEOUT_MS) -> Any:
    """A page of a fresh browser context (its own cookies); its JavaScript errors go to ``SCRIPT_ERRORS``."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    page.set_default_timeout(timeout)
    page.on("pageerror", lambda error: SCRIPT_ERRORS.append(f"{label}: {error}"))
    return page


def login(page: Any, address: str, username: str, *, password: str = PASSWORD) -> Any:
    """Open the site signed out (it asks to sign in), sign in as ``username`` and land on «Việc cần làm»."""
    page.goto(f"{address}/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{address}/")
    return page


def signed_in(browser: Any, address: str, username: str, *, password: str = PASSWORD) -> Any:
    """A page of a fresh browser context signed in as ``username``."""
    return login(new_page(browser, label=username), address, username, password=password)


def click_and_wait(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
