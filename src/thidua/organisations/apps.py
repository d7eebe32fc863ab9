from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "thidua.organisations"
    label = "organisations"
    verbose_name = "Tổ chức và cụm thi đua"

    def ready(self) -> None:
        from thidua.organisations import permissions  # noqa: F401 - registers the permission rules
