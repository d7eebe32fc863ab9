"""Cross-app fixtures: the command line run as a newcomer runs it, and a demo server for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

DEMO_PASSWORD = "mat-khau-thu-nghiem"


def run_thidua(*args: str, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run the ``thidua`` command in a fresh process, with only the given THIDUA_* settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("THIDUA_", "DJANGO_"))}
    clean.update(env or {})
    return subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-m", "thidua", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory prepared once by ``thidua demo --no-serve``."""
    path = tmp_path_factory.mktemp("demo")
    result = run_thidua("demo", "--data-dir", str(path), "--no-serve", "--password", DEMO_PASSWORD)
    assert result.returncode == 0, result.stderr
    (path / "first-run.txt").write_text(result.stdout, encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server(demo_dir: Path) -> Iterator[str]:
    """``thidua demo`` serving the prepared data directory with gunicorn; yields its address."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("THIDUA_", "DJANGO_"))}
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [
            sys.executable,
            "-m",
            "thidua",
            "demo",
            "--data-dir",
            str(demo_dir),
            "--port",
            str(port),
            "--password",
            DEMO_PASSWORD,
        ],
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{address}/healthz", timeout=2) as response:  # noqa: S310 - loopback
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("thidua demo did not answer /healthz")
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
