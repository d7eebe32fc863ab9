"""Evidence files (tài liệu kiểm chứng) are checked by their content and size, not by their name."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from thidua.core.domain.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024  # an Office file that inflates beyond this is a zip bomb
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

KIND_LABELS = {
    "pdf": "PDF",
    "png": "Ảnh PNG",
    "jpeg": "Ảnh JPEG",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
}


def _office_kind(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise DomainError("Tệp nén hỏng hoặc không phải tệp Office.", field="file") from None
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        raise DomainError("Tệp nén không phải tài liệu Word, Excel hay PowerPoint.", field="file")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise DomainError("Tệp có chứa macro: không nhận tệp có macro.", field="file")
    if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
        raise DomainError("Tệp giải nén quá lớn (nghi ngờ tệp nén độc hại).", field="file")
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("ppt/") for name in names):
        return "pptx"
    raise DomainError("Tệp nén không phải tài liệu Word, Excel hay PowerPoint.", field="file")


def check(name: str, content: bytes) -> str:
    """The file's real kind (pdf, png, jpeg, docx, xlsx, pptx), or a Vietnamese refusal."""
    if not content:
        raise DomainError("Tệp rỗng.", field="file")
    if len(content) > MAX_BYTES:
        raise DomainError(f"Tệp «{name}» quá lớn: tối đa {MAX_BYTES // (1024 * 1024)} MB.", field="file")
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    if content.startswith(OLE_MAGIC):
        raise DomainError(
            "Tệp Office định dạng cũ (.doc, .xls) có thể chứa macro: hãy lưu lại thành .docx/.xlsx.", field="file"
        )
    raise DomainError(
        f"Không nhận loại tệp của «{name}»: chỉ nhận PDF, ảnh PNG/JPEG, Word, Excel, PowerPoint.", field="file"
    )


def safe_name(name: str) -> str:
    """A storage name without paths or odd characters (the original name is kept separately)."""
    base = unicodedata.normalize("NFKD", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    base = "".join(c for c in base if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-.") or "tep"
    return base[:120]
