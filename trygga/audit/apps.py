"""App configuration of trygga.audit."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trygga.audit"
    label = "audit"
    verbose_name = "Granskningslogg"
