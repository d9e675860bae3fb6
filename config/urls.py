"""Top-level URLs: the staff pages, the API with its schema, the admin and log-in."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from config.api import NotFoundView
from trygga.web.account.urls import account_urlpatterns
from trygga.web.apidocs import SwaggerView

api_v1 = [
    path("", include("trygga.geography.api.urls")),
    path("", include("trygga.accounts.api.urls")),
    path("", include("trygga.events.api.urls")),
]

urlpatterns = [
    # The admin's own log-in form would skip the second factor: it sends people to Trygga's.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("konto/", include("trygga.web.account.urls")),
    path("konto/", include((account_urlpatterns, "account"))),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI with its start-up script and styles as files: no inline code (CSP).
    path("api/docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Unknown API URLs answer with a problem 404, not the HTML page.
    re_path(r"^api/", NotFoundView.as_view()),
    path("open311/v2/", include("trygga.reports.open311.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("trygga.web.urls")),
]
