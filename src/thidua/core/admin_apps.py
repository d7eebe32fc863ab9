from django.contrib.admin.apps import AdminConfig


class ThiduaAdminConfig(AdminConfig):
    """The admin with thidua's site: Vietnamese titles, administrators only, audited saves."""

    default_site = "thidua.core.admin_site.ThiduaAdminSite"
