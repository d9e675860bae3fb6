"""The photo of a report, served by the views after their access check."""

from django.http import HttpResponse

from trygga.reports.models import Report


def photo_response(report: Report) -> HttpResponse:
    """The report's stored photo (re-encoded by the core: a JPEG or PNG of at most a few
    MB). Served by the views, never from MEDIA_URL, so an unpublished photo stays private."""
    with report.photo.open("rb") as stored:
        content = stored.read()
    kind = "image/png" if (report.photo.name or "").lower().endswith(".png") else "image/jpeg"
    return HttpResponse(content, content_type=kind)
