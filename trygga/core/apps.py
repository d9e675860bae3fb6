"""App configuration of trygga.core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "trygga.core"
    label = "core"
