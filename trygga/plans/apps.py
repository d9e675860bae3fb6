"""App configuration of trygga.plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "trygga.plans"
    label = "plans"
    verbose_name = _("Åtgärdsplan")

    def ready(self) -> None:
        from trygga.core import privacy
        from trygga.plans import privacy as plans_privacy

        privacy.register(plans_privacy.ACTIVITY)
