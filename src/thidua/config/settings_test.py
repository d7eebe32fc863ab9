"""Settings for the test suite: a throw-away data directory, plain HTTP, fast password hashing.

The database is still chosen by THIDUA_DATABASE_URL, so the same suite runs on SQLite and PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("THIDUA_DATA_DIR", tempfile.mkdtemp(prefix="thidua-test-"))
os.environ.setdefault("THIDUA_SECRET_KEY", "test-secret-key-that-is-long-enough-for-django-checks")
os.environ.setdefault("THIDUA_HTTPS", "0")

from thidua.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only: speed, not secrecy
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns about a missing folder

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not the shared-cache in-memory database: there a second writer fails at once ("table is locked")
    # instead of waiting for the busy timeout, so concurrent writes would not behave as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
