"""App configuration of trygga.audit."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "trygga.audit"
    label = "audit"
    verbose_name = "Granskningslogg"

    def ready(self) -> None:
        from trygga.audit import retention
        from trygga.audit.protection import reinstall_after_migrate
        from trygga.core import privacy

        post_migrate.connect(reinstall_after_migrate, sender=self)
        privacy.register(retention.ACTIVITY, *retention.RULES)
