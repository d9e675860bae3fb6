"""App configuration of trygga.accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trygga.accounts"
    label = "accounts"
    verbose_name = _("Aktörer och behörigheter")
