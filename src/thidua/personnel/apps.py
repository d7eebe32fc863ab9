from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "thidua.personnel"
    label = "personnel"
    verbose_name = "Hồ sơ cán bộ"

    def ready(self) -> None:
        from thidua.personnel import permissions  # noqa: F401 - registers the permission rules
