"""GeoReport v2 URLs, mounted at /open311/v2/ in config/urls.py. The format is the
suffix (`.xml` or `.json`); any other path under the mount is a 404 in the spec's error
format (JSON when the path ends in .json, else XML)."""

from django.urls import re_path

from trygga.reports.open311 import views

app_name = "open311"
FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, views.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, views.services, name="services"),
    re_path(
        r"^services/(?P<service_code>[^/]+)" + FORMAT,
        views.service_definition,
        name="service-definition",
    ),
    re_path(r"^requests" + FORMAT, views.requests, name="requests"),
    re_path(
        r"^requests/(?P<service_request_id>[^/]+)" + FORMAT,
        views.request_detail,
        name="request",
    ),
    re_path(r"^tokens/(?P<token>[^/]+)" + FORMAT, views.token, name="token"),
    re_path(r"^(?P<rest>.*)\.(?P<fmt>json)$", views.not_found),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
