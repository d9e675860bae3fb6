"""URLs of the accounts API, mounted under /api/v1/."""

urlpatterns: list = []
