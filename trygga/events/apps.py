"""App configuration of trygga.events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "trygga.events"
    label = "events"
    verbose_name = _("Händelser")
