"""URLs of the geography API, mounted under /api/v1/."""

urlpatterns: list = []
