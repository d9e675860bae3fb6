"""URLs of the staff pages, scoped by the municipality's four-digit SCB code."""

from django.urls import path, register_converter

from trygga.web import imports, oversight, views
from trygga.web.analysis import views as analysis
from trygga.web.lagesbild import urls as lagesbild
from trygga.web.plans import urls as plans
from trygga.web.reports import urls as reports


class MunicipalityCodeConverter:
    """A four-digit municipality code (0484), so /konto/ and /admin/ never match."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MunicipalityCodeConverter, "kommun")

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("<kommun:code>/", views.overview, name="overview"),
    path("<kommun:code>/handelser/", views.event_list, name="event_list"),
    path("<kommun:code>/handelser/ny/", views.event_create, name="event_create"),
    path("<kommun:code>/handelser/<int:event_id>/", views.event_detail, name="event_detail"),
    path("<kommun:code>/karta/", views.event_map, name="map"),
    path("<kommun:code>/import/", imports.event_import, name="event_import"),
    path("<kommun:code>/karta/handelser.json", views.map_events, name="map_events"),
    path("<kommun:code>/karta/stadsdelar.geojson", views.map_districts, name="map_districts"),
    path("<kommun:code>/granskning/", oversight.audit_log, name="audit_log"),
    path("<kommun:code>/granskning.csv", oversight.audit_log_csv, name="audit_log_csv"),
    path("<kommun:code>/behorigheter/", oversight.access_overview, name="access"),
    path("<kommun:code>/analys/", analysis.analysis_page, name="analysis"),
    path(
        "<kommun:code>/analys/hotspots.json", analysis.analysis_hotspots, name="analysis_hotspots"
    ),
    path(
        "<kommun:code>/analys/<str:table>.csv",
        analysis.analysis_csv,
        name="analysis_csv",
    ),
]
urlpatterns += reports.patterns()  # citizen reports: public and staff pages
urlpatterns += lagesbild.patterns()  # the lägesbild: staff pages and the public version
urlpatterns += plans.patterns()  # the action plan: staff pages and the transparency page
