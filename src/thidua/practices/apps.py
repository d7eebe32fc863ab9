from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "thidua.practices"
    label = "practices"
    verbose_name = "Nhân tố mới, điển hình tiên tiến"
