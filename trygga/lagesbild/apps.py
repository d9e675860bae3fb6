"""App configuration of trygga.lagesbild."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    name = "trygga.lagesbild"
    label = "lagesbild"
    verbose_name = _("Lägesbild")
