from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "thidua.indicators"
    label = "indicators"
    verbose_name = "Chỉ tiêu và kỳ báo cáo"
