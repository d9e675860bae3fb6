"""App configuration of trygga.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trygga.core"
    label = "core"

    def ready(self) -> None:
        import logging

        from trygga.core import checks  # noqa: F401 - registers the deployment checks

        # Python warnings go through logging too, so they pass the personal-data filter and
        # come out as JSON in production like every other line.
        logging.captureWarnings(True)
