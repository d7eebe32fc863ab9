from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "thidua.practices"
    label = "practices"
    verbose_name = "Nhân tố mới, điển hình tiên tiến"

    def ready(self) -> None:
        from thidua.practices import permissions  # noqa: F401 - registers the permission rules
