"""URLs of the report pages, added to `trygga.web.urls` (namespace `web`) by `patterns()`,
which it calls once its `kommun` converter is registered.

Residents' pages are public: `/<code>/felanmalan/...`, and the tracking link
`/felanmalan/folj/<token>/` (the path `trygga.reports.links.TRACKING_PATH` puts in mails).
Staff pages are `/<code>/felanmalningar/...`, for members only.
"""

from django.urls import URLPattern, path

from trygga.web.reports import held, public, report_page, staff


def patterns() -> list[URLPattern]:
    return [
        path("<kommun:code>/felanmalan/", public.start, name="report_start"),
        path(
            "<kommun:code>/felanmalan/stadsdelar.geojson",
            public.districts,
            name="report_districts",
        ),
        path(
            "<kommun:code>/felanmalan/<str:service_code>/", public.report_form, name="report_form"
        ),
        path(
            "<kommun:code>/felanmalan/<str:service_code>/narliggande.json",
            public.nearby,
            name="report_nearby",
        ),
        path("felanmalan/folj/<str:token>/", public.tracking, name="report_tracking"),
        path("felanmalan/folj/<str:token>/kvitto/", public.receipt, name="report_receipt"),
        path("felanmalan/folj/<str:token>/foto/", public.public_photo, name="report_public_photo"),
        path("<kommun:code>/felanmalningar/", staff.queue, name="report_queue"),
        path("<kommun:code>/felanmalningar/massandring/", staff.bulk, name="report_bulk"),
        path(
            "<kommun:code>/felanmalningar/atgardstider/", staff.fix_times, name="report_fix_times"
        ),
        path("<kommun:code>/felanmalningar/sparade/", held.held_list, name="report_held"),
        path(
            "<kommun:code>/felanmalningar/sparade/<int:held_id>/<slug:decision>/",
            held.held_resolve,
            name="report_held_resolve",
        ),
        path(
            "<kommun:code>/felanmalningar/<slug:service_request_id>/",
            report_page.detail,
            name="report_detail",
        ),
        path(
            "<kommun:code>/felanmalningar/<slug:service_request_id>/foto/",
            report_page.photo,
            name="report_photo",
        ),
        path(
            "<kommun:code>/felanmalningar/<slug:service_request_id>/<slug:action>/",
            report_page.act,
            name="report_act",
        ),
    ]
