"""URLs of the events API, mounted under /api/v1/."""

urlpatterns: list = []
