"""URLs of categories, sources and events, mounted under /api/v1/."""

from django.urls import path

from trygga.events.api import views

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
