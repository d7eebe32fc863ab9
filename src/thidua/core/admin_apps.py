from django.contrib.admin.apps import AdminConfig


class ThiduaAdminConfig(AdminConfig):
    """The admin with thidua's site: Vietnamese titles, administrators only, audited saves."""

    default_site = "thidua.core.admin_site.ThiduaAdminSite"

    def ready(self) -> None:
        super().ready()  # discovers every app's admin module
        from django.contrib import admin
        from django.contrib.auth.models import Group
        from rest_framework.authtoken.models import TokenProxy

        # Roles replace Django groups; API tokens are issued by `thidua token create` (audited), not by hand.
        for model in (Group, TokenProxy):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
