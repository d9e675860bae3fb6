"""App configuration of trygga.accounts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trygga.accounts"
    label = "accounts"
    verbose_name = _("Aktörer och behörigheter")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from trygga.accounts import retention, signals
        from trygga.core import privacy

        user_logged_in.connect(signals.on_logged_in, dispatch_uid="trygga_logged_in")
        user_login_failed.connect(signals.on_login_failed, dispatch_uid="trygga_login_failed")
        user_locked_out.connect(signals.on_locked_out, dispatch_uid="trygga_locked_out")
        privacy.register(retention.ACTIVITY, *retention.RULES)
