from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "thidua.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu và kỳ báo cáo"

    def ready(self) -> None:
        from thidua.indicators import permissions  # noqa: F401 - registers the permission rules
