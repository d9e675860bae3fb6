"""Account URLs under /konto/: the two-step log-in, enrolment, recovery codes, security,
and Django's own log-out and password pages (its log-in is replaced)."""

from django.contrib.auth import urls as auth_urls
from django.urls import path

from trygga.web.account import views

# Django's log-out and password change/reset keep their names ("logout", "password_reset");
# only "login" is Trygga's own.
django_account_urls = [p for p in auth_urls.urlpatterns if getattr(p, "name", None) != "login"]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    *django_account_urls,
]

account_urlpatterns = [
    path("tvastegs/", views.verify, name="verify"),
    path("tvastegs/aktivera/", views.enrol, name="enrol"),
    path("tvastegs/reservkoder/", views.recovery_codes, name="recovery_codes"),
    path("sakerhet/", views.security, name="security"),
]
