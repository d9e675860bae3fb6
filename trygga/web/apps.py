"""App configuration of trygga.web."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "trygga.web"
    label = "web"
