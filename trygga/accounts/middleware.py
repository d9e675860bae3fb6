"""Turns away sessions that logged in without the second factor their account needs.

The log-in view (trygga.web.account) never logs such a person in before the second step,
so this catches the other ways in: a log-in form of another app, a session opened before
two-factor became required. The session is ended; pages redirect to the log-in, the API
answers 401. The mark is set at log-in (`signals.on_logged_in`), so this costs no query.
"""

from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from trygga.accounts.signals import NEEDS_SECOND_FACTOR


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(NEEDS_SECOND_FACTOR):
            logout(request)
            message = _("Logga in igen: ditt konto kräver tvåstegsverifiering.")
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "type": "about:blank",
                        "title": _("Tvåstegsverifiering krävs"),
                        "status": 401,
                        "detail": message,
                    },
                    status=401,
                    content_type="application/problem+json",
                )
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
