"""URLs of the staff pages."""

from django.urls import path

from trygga.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
]
