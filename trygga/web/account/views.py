"""The log-in in two steps, and enrolment of an authenticator app.

A person whose account has an authenticator, or whose role requires one, is not logged in
after the password: the session only remembers, for ten minutes, who passed the first step
(`PENDING`). The second step (a code, or a recovery code) or, for a person who must enrol,
a confirmed enrolment completes the log-in. Wrong codes count towards the same lock-out as
wrong passwords (django-axes), through Django's `user_login_failed` signal.
"""

import time
from typing import Any, cast

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygga.accounts import twofactor
from trygga.accounts.signals import SECOND_FACTOR_DONE
from trygga.web.account.forms import CodeForm, EnrolForm

PENDING = "trygga_pending_login"
PENDING_SECONDS = 600
RECOVERY_CODES = "trygga_recovery_codes"


class LoginView(DjangoLoginView):
    """Django's log-in form; a person with (or obliged to have) a second factor continues
    to the code page instead of being logged in."""

    form_class = AuthenticationForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        enrolled = twofactor.has_two_factor(user)
        if not enrolled and not twofactor.requires_two_factor(user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
            "next": self.get_success_url(),
            "since": time.time(),
        }
        return redirect("account:verify" if enrolled else "account:enrol")


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not pending or time.time() - float(pending.get("since", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


def _complete_login(request: HttpRequest, user: User, pending: dict[str, Any], device: Any) -> str:
    """Log the person in with the device that verified them; the URL to continue to."""
    request.session.pop(PENDING, None)
    setattr(request, SECOND_FACTOR_DONE, True)
    auth_login(request, user, backend=pending["backend"])
    django_otp.login(request, device)
    target = str(pending.get("next") or "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = settings.LOGIN_REDIRECT_URL
    return target


def _locked(request: HttpRequest, username: str) -> bool:
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponseBase:
    """The second step: a code from the authenticator app, or a recovery code."""
    found = _pending_user(request)
    if found is None:
        messages.info(request, _("Logga in med ditt lösenord först."))
        return redirect("login")
    user, pending = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _locked(request, user.get_username()):
            request.session.pop(PENDING, None)
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = {"username": user.get_username()}  # type: ignore[attr-defined]
            return render(request, "registration/two_factor_verify.html", {"form": form})
        device = twofactor.verify_second_factor(user=user, code=form.cleaned_data["code"])
        if device is not None:
            target = _complete_login(request, user, pending, device)
            left = twofactor.recovery_codes_left(user)
            if device.__class__.__name__ == "StaticDevice" and left <= 3:
                messages.warning(
                    request,
                    _("Du har %(n)s reservkoder kvar. Skapa nya under Säkerhet.") % {"n": left},
                )
            return redirect(target)
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username(), "second_factor": True},
            request=request,
        )
        form.add_error(
            "code",
            _(
                "Koden stämmer inte, har redan använts eller kom för snabbt efter ett "
                "felaktigt försök. Vänta några sekunder och försök igen."
            ),
        )
        if getattr(request, "axes_locked_out", False):
            request.session.pop(PENDING, None)
    return render(request, "registration/two_factor_verify.html", {"form": form})


def _qr_svg(device: TOTPDevice) -> str:
    return str(
        segno.make(device.config_url, error="m").svg_inline(
            scale=5, border=3, dark="#000", light="#fff", title=_("QR-kod för autentiseringsappen")
        )
    )


def _grouped_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponseBase:
    """Enrol an authenticator: scan the QR code (or type the key), then type one code.

    Reached during log-in by a person whose role requires two-factor log-in and who has no
    authenticator yet, or from the security page by a logged-in person.
    """
    pending: dict[str, Any] | None = None
    if request.user.is_authenticated:
        user = cast(User, request.user)
    else:
        found = _pending_user(request)
        if found is None:
            return redirect("login")
        user, pending = found
        if twofactor.has_two_factor(user):
            return redirect("account:verify")
    device = twofactor.enrolment_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            device.refresh_from_db()
            if pending is not None:
                _complete_login(request, user, pending, device)
            else:
                django_otp.login(request, device)
            request.session[RECOVERY_CODES] = codes
            messages.success(request, _("Tvåstegsverifiering är aktiverad."))
            return redirect("account:recovery_codes")
        form.add_error("code", _("Koden stämmer inte. Kontrollera att telefonens klocka går rätt."))
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret": _grouped_secret(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "account": user.get_username(),
        "during_login": pending is not None,
        "required": twofactor.requires_two_factor(user),
    }
    return render(request, "registration/two_factor_enrol.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once after they are made; a POST makes new ones."""
    user = cast(User, request.user)
    if request.method == "POST":
        if not twofactor.has_two_factor(user):
            return redirect("account:security")
        request.session[RECOVERY_CODES] = twofactor.replace_recovery_codes(user=user)
        return redirect("account:recovery_codes")
    codes = request.session.pop(RECOVERY_CODES, None)
    if not codes:
        return redirect("account:security")
    return render(request, "registration/recovery_codes.html", {"codes": codes})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def security(request: HttpRequest) -> HttpResponse:
    """The person's own two-factor status: enrol, new recovery codes, or remove (when their
    role does not require it; the current code confirms the removal)."""
    user = cast(User, request.user)
    required = twofactor.requires_two_factor(user)
    enrolled = twofactor.has_two_factor(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and enrolled and not required and form.is_valid():
        if twofactor.verify_second_factor(user=user, code=form.cleaned_data["code"]):
            twofactor.remove_two_factor(actor=user, user=user)
            request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
            messages.success(request, _("Tvåstegsverifiering är borttagen."))
            return redirect("account:security")
        form.add_error("code", _("Koden stämmer inte."))
    context = {
        "required": required,
        "enrolled": enrolled,
        "codes_left": twofactor.recovery_codes_left(user),
        "verified": bool(request.session.get(django_otp.DEVICE_ID_SESSION_KEY)),
        "form": form,
    }
    return render(request, "registration/security.html", context)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out log-in (AXES_LOCKOUT_CALLABLE): 429 with the
    reason and how long the lock lasts, as a page or, for the API, as a problem."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    detail = _("För många misslyckade inloggningsförsök. Försök igen om %(minutes)s minuter.") % {
        "minutes": minutes
    }
    if request.path.startswith("/api/"):
        return JsonResponse(
            {
                "type": "about:blank",
                "title": _("Inloggningen är spärrad"),
                "status": 429,
                "detail": detail,
            },
            status=429,
            content_type="application/problem+json",
        )
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_timedelta": settings.AXES_COOLOFF_TIME,
        "cooloff_minutes": minutes,
    }
    return render(request, "registration/locked_out.html", context, status=429)
