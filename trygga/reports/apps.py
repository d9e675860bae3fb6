"""App configuration of trygga.reports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "trygga.reports"
    label = "reports"
    verbose_name = _("Felanmälan")

    def ready(self) -> None:
        from trygga.core import privacy
        from trygga.reports import retention

        privacy.register(retention.ACTIVITY, *retention.RULES)
