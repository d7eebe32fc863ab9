from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "thidua.scoring"
    label = "scoring"
    verbose_name = "Chấm điểm, xếp hạng thi đua"

    def ready(self) -> None:
        from thidua.scoring import permissions  # noqa: F401 - registers the permission rules
