"""Converting a built document with LibreOffice headless (``soffice --headless --convert-to``).

The PDF of a report is the .docx converted, never a second layout (DESIGN.md). Each conversion runs with its own
LibreOffice profile (``-env:UserInstallation``), so conversions running at the same time never collide.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from thidua.core.domain.errors import DomainError

MISSING = (
    "Máy chủ chưa cài LibreOffice (không tìm thấy lệnh «soffice») nên chưa chuyển được tệp sang {target}: "
    "hãy cài gói libreoffice, hoặc tải bản .docx."
)
TIMEOUT_SECONDS = 180


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(content: bytes, *, source_suffix: str, target: str) -> bytes:
    """``content`` (a .docx or .xlsx) converted to ``target`` («pdf», «txt:Text», «csv»…); returns the new file."""
    soffice = soffice_path()
    extension = target.split(":", 1)[0]
    if soffice is None:
        raise DomainError(MISSING.format(target=extension.upper()), field="file_format")
    with tempfile.TemporaryDirectory(prefix="thidua-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"bao-cao.{source_suffix}"
        source.write_bytes(content)
        profile = (folder / "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            completed = subprocess.run(  # noqa: S603 - fixed arguments
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise DomainError(
                f"LibreOffice không chuyển xong tệp sang {extension.upper()} sau {TIMEOUT_SECONDS} giây.",
                field="file_format",
            ) from None
        produced = folder / "out" / f"bao-cao.{extension}"
        if completed.returncode != 0 or not produced.exists():
            detail = (completed.stderr or completed.stdout).decode(errors="replace").strip().splitlines()
            raise DomainError(
                f"LibreOffice không chuyển được tệp sang {extension.upper()}"
                + (f" ({detail[-1]})" if detail else "")
                + ".",
                field="file_format",
            )
        return produced.read_bytes()
