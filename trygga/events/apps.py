"""App configuration of trygga.events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "trygga.events"
    label = "events"
    verbose_name = _("Händelser")

    def ready(self) -> None:
        from trygga.core import privacy
        from trygga.events import retention

        privacy.register(retention.ACTIVITY, *retention.RULES)
