"""URLconf for bench/open311_load.py only: Trygga's URLs plus the baseline, a bare Django
view that returns a constant, through the same middleware and gunicorn workers."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b'[{"ok":true}]', content_type="application/json")


urlpatterns = [
    path("bench/constant/", constant),
    path("", include("config.urls")),
]
