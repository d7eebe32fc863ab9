from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    label = "reports"
    verbose_name = "Báo cáo sơ kết, tổng kết"

    def ready(self) -> None:
        from thidua.reports import permissions  # noqa: F401 - registers the permission rules
