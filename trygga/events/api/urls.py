"""URLs of categories, sources and events, mounted under /api/v1/."""

from django.urls import path

from trygga.events.api import analysis, views

MUNICIPALITY = "municipalities/<str:code>/"

urlpatterns = [
    path(f"{MUNICIPALITY}categories/", views.CategoryListView.as_view(), name="api-categories"),
    path(f"{MUNICIPALITY}sources/", views.SourceListView.as_view(), name="api-sources"),
    path(f"{MUNICIPALITY}events/", views.EventListView.as_view(), name="api-events"),
    path(
        f"{MUNICIPALITY}events/<int:event_id>/",
        views.EventDetailView.as_view(),
        name="api-event",
    ),
]

ANALYSIS = f"{MUNICIPALITY}analysis/"
urlpatterns += [
    path(f"{ANALYSIS}counts/", analysis.CountsView.as_view(), name="api-analysis-counts"),
    path(f"{ANALYSIS}rates/", analysis.RatesView.as_view(), name="api-analysis-rates"),
    path(f"{ANALYSIS}change/", analysis.ChangeView.as_view(), name="api-analysis-change"),
    path(f"{ANALYSIS}patterns/", analysis.PatternsView.as_view(), name="api-analysis-patterns"),
    path(f"{ANALYSIS}hotspots/", analysis.HotspotsView.as_view(), name="api-analysis-hotspots"),
    path(f"{ANALYSIS}repeats/", analysis.RepeatsView.as_view(), name="api-analysis-repeats"),
]
