from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm, xếp hạng thi đua"
