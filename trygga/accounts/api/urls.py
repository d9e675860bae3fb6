"""URLs of municipalities, districts and organisations, mounted under /api/v1/."""

from django.urls import path

from trygga.accounts.api import views

MUNICIPALITY = "municipalities/<str:code>/"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="api-municipalities"),
    path(MUNICIPALITY, views.MunicipalityDetailView.as_view(), name="api-municipality"),
    path(f"{MUNICIPALITY}districts/", views.DistrictListView.as_view(), name="api-districts"),
    path(
        f"{MUNICIPALITY}districts.geojson",
        views.DistrictGeoJSONView.as_view(),
        name="api-districts-geojson",
    ),
    path(
        f"{MUNICIPALITY}districts/<str:district_code>/",
        views.DistrictDetailView.as_view(),
        name="api-district",
    ),
    path(
        f"{MUNICIPALITY}organisations/",
        views.OrganisationListView.as_view(),
        name="api-organisations",
    ),
]
