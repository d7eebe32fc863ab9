from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "thidua.voting"
    label = "voting"
    verbose_name = "Bỏ phiếu kín bình xét, suy tôn"

    def ready(self) -> None:
        from thidua.voting import permissions  # noqa: F401 - registers the permission rules
