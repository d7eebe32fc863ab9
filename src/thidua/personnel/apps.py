from django.apps import AppConfig


class PersonnelConfig(AppConfig):
    name = "thidua.personnel"
    label = "personnel"
    verbose_name = "Hồ sơ cán bộ"
