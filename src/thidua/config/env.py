"""Reading the THIDUA_* environment settings (DESIGN.md, "Public interfaces").

Every problem is a ``ConfigError`` whose message is one sentence naming the variable and what to
do; the command line prints it and exits, never a traceback.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATA_DIR = Path.home() / ".thidua"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A THIDUA_* setting is missing or wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str | None
    secret_key: str
    debug: bool
    allowed_hosts: list[str]
    period_calendar: str
    csrf_trusted_origins: list[str]


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} không phải giá trị có/không: hãy dùng 1 hoặc 0 (true/false).")


def _data_dir() -> Path:
    raw = os.environ.get("THIDUA_DATA_DIR")
    path = Path(raw).expanduser() if raw else DEFAULT_DATA_DIR
    if path.exists() and not path.is_dir():
        raise ConfigError(f"THIDUA_DATA_DIR={str(path)!r} là một tệp, không phải thư mục: hãy trỏ tới một thư mục.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Không tạo được THIDUA_DATA_DIR={str(path)!r} ({exc.strerror}): hãy chọn thư mục có quyền ghi."
        ) from None
    if not os.access(path, os.W_OK):
        raise ConfigError(f"Không có quyền ghi vào THIDUA_DATA_DIR={str(path)!r}: hãy chọn thư mục có quyền ghi.")
    return path.resolve()


def _database_url() -> str | None:
    raw = os.environ.get("THIDUA_DATABASE_URL", "").strip()
    if not raw:
        return None
    scheme = urlsplit(raw).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(
            "THIDUA_DATABASE_URL phải bắt đầu bằng postgresql:// (vận hành) hoặc sqlite:/// (nhúng), "
            f"không phải {scheme + '://' if scheme else repr(raw)}."
        )
    if scheme != "sqlite" and not urlsplit(raw).hostname and "host=" not in raw:
        raise ConfigError(
            "THIDUA_DATABASE_URL thiếu máy chủ cơ sở dữ liệu: hãy dùng dạng postgresql://USER@HOST:PORT/NAME."
        )
    return raw


def _secret_key(data_dir: Path, embedded: bool, debug: bool) -> str:
    raw = os.environ.get("THIDUA_SECRET_KEY", "").strip()
    if raw:
        if len(raw) < 32:
            raise ConfigError("THIDUA_SECRET_KEY ngắn hơn 32 ký tự: hãy dùng một chuỗi ngẫu nhiên dài.")
        return raw
    if not embedded and not debug:
        raise ConfigError(
            "Chưa đặt THIDUA_SECRET_KEY: khi chạy với PostgreSQL (THIDUA_DATABASE_URL) cần đặt một khóa bí mật "
            "ngẫu nhiên dài trong biến môi trường."
        )
    # Embedded mode keeps a generated key in the data directory so sessions survive restarts.
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


def _list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def load() -> Config:
    data_dir = _data_dir()
    database_url = _database_url()
    debug = _flag("THIDUA_DEBUG", False)
    embedded = database_url is None or database_url.startswith("sqlite")
    calendar = os.environ.get("THIDUA_PERIOD_CALENDAR", "nd09").strip().lower() or "nd09"
    if calendar not in {"nd09", "plain"}:
        raise ConfigError(
            f"THIDUA_PERIOD_CALENDAR={calendar!r} không hợp lệ: "
            "hãy dùng nd09 (Nghị định 09, mặc định) hoặc plain (lịch dương)."
        )
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_secret_key(data_dir, embedded, debug),
        debug=debug,
        allowed_hosts=_list("THIDUA_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"]),
        period_calendar=calendar,
        csrf_trusted_origins=_list("THIDUA_CSRF_TRUSTED_ORIGINS", []),
    )
