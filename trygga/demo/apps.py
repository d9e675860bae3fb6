"""App configuration of trygga.demo."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "trygga.demo"
    label = "demo"
