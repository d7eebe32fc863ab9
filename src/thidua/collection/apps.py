from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "thidua.collection"
    label = "collection"
    verbose_name = "Thu thập số liệu"

    def ready(self) -> None:
        from thidua.collection import permissions  # noqa: F401 - registers the permission rules
