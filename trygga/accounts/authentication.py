"""HTTP Basic authentication for the API, closed to accounts that use a second factor.

A password alone must not open an account that logs in with two factors in the browser;
such accounts use the API through their logged-in browser session (SessionAuthentication).
Scripts that push events (a housing company's nightly export) run as accounts whose role
does not require two-factor log-in.
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.authentication import BasicScheme
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication
from rest_framework.request import Request

from trygga.accounts import twofactor


class PasswordOnlyBasicAuthentication(BasicAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if twofactor.has_two_factor(user) or twofactor.requires_two_factor(user):
            raise exceptions.AuthenticationFailed(
                _(
                    "Kontot använder tvåstegsverifiering och kan inte logga in med bara "
                    "lösenord. Logga in i webbläsaren och använd API:t därifrån."
                )
            )
        return result


class PasswordOnlyBasicScheme(BasicScheme):
    """The OpenAPI schema documents it as plain HTTP Basic (drf-spectacular extension)."""

    target_class = "trygga.accounts.authentication.PasswordOnlyBasicAuthentication"
