"""App configuration of trygga.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trygga.core"
    label = "core"

    def ready(self) -> None:
        from trygga.core import checks  # noqa: F401 - registers the deployment checks
