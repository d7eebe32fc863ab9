from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def thidua(request: HttpRequest) -> dict[str, Any]:
    """Flags every page needs: demo data banner, whether to show the administration link."""
    user: Any = getattr(request, "user", None)
    is_admin = False
    if user is not None and user.is_authenticated:
        from thidua.accounts.access import access_for

        is_admin = access_for(user).is_admin
    return {
        "THIDUA_DEMO": (settings.DATA_DIR / "demo.marker").exists(),
        "is_system_admin": is_admin,
    }
