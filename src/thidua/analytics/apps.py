from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "thidua.analytics"
    label = "analytics"
    verbose_name = "Phân tích, so sánh số liệu"
