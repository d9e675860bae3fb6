"""URLs of the lägesbild pages, added to `trygga.web.urls` (namespace `web`) by `patterns()`."""

from django.urls import URLPattern, path

from trygga.web.lagesbild import views


def patterns() -> list[URLPattern]:
    base = "<kommun:code>/lagesbild/"
    one = base + "<int:pk>/"
    public = base + "offentlig/"
    return [
        path(base, views.lagesbild_list, name="lagesbild_list"),
        path(one, views.lagesbild_detail, name="lagesbild_detail"),
        path(one + "redigera/", views.lagesbild_edit, name="lagesbild_edit"),
        path(one + "problem/ny/", views.problem_edit, name="lagesbild_problem_new"),
        path(one + "problem/<int:problem_id>/", views.problem_edit, name="lagesbild_problem"),
        path(one + "uppdatera/", views.lagesbild_refresh, name="lagesbild_refresh"),
        path(one + "faststall/", views.lagesbild_approve, name="lagesbild_approve"),
        path(one + "lagesbild.pdf", views.lagesbild_pdf, name="lagesbild_pdf"),
        path(one + "tabeller.xlsx", views.lagesbild_xlsx, name="lagesbild_xlsx"),
        path(one + "tabell/", views.lagesbild_detail, name="lagesbild_csv_base"),
        path(one + "tabell/<slug:table>.csv", views.lagesbild_csv, name="lagesbild_csv"),
        path(public, views.public_list, name="lagesbild_public_list"),
        path(public + "<int:pk>/", views.public_detail, name="lagesbild_public"),
        path(public + "<int:pk>/lagesbild.pdf", views.public_pdf, name="lagesbild_public_pdf"),
        path(public + "<int:pk>/tabeller.xlsx", views.public_xlsx, name="lagesbild_public_xlsx"),
        path(public + "<int:pk>/tabell/", views.public_detail, name="lagesbild_public_csv_base"),
        path(
            public + "<int:pk>/tabell/<slug:table>.csv",
            views.public_csv,
            name="lagesbild_public_csv",
        ),
    ]
