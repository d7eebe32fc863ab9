from django.apps import AppConfig


class CommendationsConfig(AppConfig):
    name = "thidua.commendations"
    label = "commendations"
    verbose_name = "Khen thưởng"

    def ready(self) -> None:
        from thidua.commendations import permissions  # noqa: F401 - registers the permission rules
