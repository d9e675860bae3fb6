"""The residents' pages: no account, mobile first.

`/<code>/felanmalan/` lists the municipality's services; `/<code>/felanmalan/<service>/` is
the form; its script asks `.../narliggande.json` for open reports of the same service near
the chosen point ("Är det något av dessa?"), and the server asks again on submission for a
person without the script. After submission the receipt (`/felanmalan/folj/<token>/kvitto/`)
shows the tracking link; the tracking page (`/felanmalan/folj/<token>/`, the path
`trygga.reports.links` puts in mails) shows the public history only.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of, get_municipality, point_assigner
from trygga.reports import ratelimit
from trygga.reports.actions import hold_submission, join_report, submit_report
from trygga.reports.links import tracking_url
from trygga.reports.models import Channel, HeldReason, Report, Service
from trygga.reports.selectors import (
    NearbyReport,
    get_public_service,
    nearby_open_reports,
    public_report,
    public_services,
    report_by_token,
    to_public,
)
from trygga.web.reports.forms import ReportForm, add_action_errors
from trygga.web.reports.helpers import photo_response

logger = logging.getLogger(__name__)
RATE_SCOPE = "web-form"
EXCERPT_CHARS = 240


def public_municipality(code: str) -> Municipality:
    try:
        municipality = get_municipality(code)
    except NotFound as exc:
        raise Http404 from exc
    if not municipality.is_active:
        raise Http404
    return municipality


def _client(request: HttpRequest) -> str:
    return ratelimit.client_hash("web", request.META.get("REMOTE_ADDR") or "")


def _private(response: HttpResponse) -> HttpResponse:
    """A page behind a secret link: not cached by shared caches, not indexed, and the link
    does not leave in a Referer header."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _retention_context() -> dict[str, Any]:
    return {
        "contact_days": settings.REPORT_CONTACT_RETENTION_DAYS,
        "held_days": settings.HELD_SUBMISSION_RETENTION_DAYS,
    }


@require_GET
def start(request: HttpRequest, code: str) -> HttpResponse:
    """The residents' start page: the 112 notice, then the services to choose from."""
    municipality = public_municipality(code)
    groups: dict[str, list[Service]] = {}
    for service in public_services(municipality):
        groups.setdefault(service.group or _("Övrigt"), []).append(service)
    context = {
        "municipality": municipality,
        "groups": groups,
        **_retention_context(),
    }
    return render(request, "web/reports/start.html", context)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def _rounded(metres: float) -> int:
    """A distance to the nearest ten metres: a point picked on a map is no more precise."""
    return int(round(metres / 10) * 10)


def _nearby_json(item: NearbyReport) -> dict[str, Any]:
    report = item.report
    return {
        "id": report.service_request_id,
        "status": report.status,
        "statusLabel": report.status_label,
        "requested": timezone.localtime(report.requested_at).strftime("%Y-%m-%d"),
        "description": _excerpt(report.description),
        "address": report.address,
        "distance": _rounded(item.distance_m),
    }


def _form_config(municipality: Municipality, service: Service) -> dict[str, Any]:
    """Settings and strings for reports.js, passed with json_script (no inline code)."""
    return {
        "districtsUrl": reverse("web:report_districts", args=[municipality.code]),
        "nearbyUrl": reverse("web:report_nearby", args=[municipality.code, service.service_code]),
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "photoMaxBytes": settings.REPORT_PHOTO_MAX_MB * 1024 * 1024,
        "photoTypes": ["image/jpeg", "image/png", "image/webp"],
        "text": {
            "picked": _("Vald plats"),
            "inDistrict": _("i %(district)s"),
            "noDistrict": _("utanför stadsdelarna"),
            "outside": _("Punkten ligger utanför %(name)s kommun. Välj en plats i kommunen.")
            % {"name": municipality.name},
            "none": _("Ingen plats vald ännu."),
            "locating": _("Hämtar din position …"),
            "noGeolocation": _("Din enhet kan inte ge din position. Tryck på kartan i stället."),
            "geoError": _("Positionen kunde inte hämtas. Tryck på kartan i stället."),
            "loadError": _("Kartan kunde inte laddas. Skriv adressen i stället."),
            "metres": _("ca %(m)s m bort"),
            "here": _("mindre än 10 m bort"),
            "join": _("Ja, det är den här. Följ den"),
            "requested": _("Anmäld %(date)s"),
            "noText": _("(ingen beskrivning)"),
            "photoTooBig": _("Fotot är för stort: %(size)s MB. Högst %(max)s MB."),
            "photoType": _("Filen %(name)s är ingen bild i JPEG, PNG eller WebP."),
        },
    }


def _render_form(
    request: HttpRequest,
    municipality: Municipality,
    service: Service,
    form: ReportForm,
    *,
    nearby: list[NearbyReport] | None = None,
    held: bool = False,
    failed: bool = False,
    retry_minutes: int = 0,
    status: int = 200,
) -> HttpResponse:
    context = {
        "municipality": municipality,
        "service": service,
        "form": form,
        "nearby": [{"report": n.report, "distance": _rounded(n.distance_m)} for n in nearby or []],
        "nearby_ids": ",".join(n.report.service_request_id for n in nearby or []),
        "held": held,
        "failed": failed,
        "retry_minutes": retry_minutes,
        "photo_was_sent": bool(request.FILES.get("photo")),
        "form_config": _form_config(municipality, service),
        "approximate": districts_of(municipality).filter(boundary_is_approximate=True).exists(),
        **_retention_context(),
    }
    return render(request, "web/reports/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, code: str, service_code: str) -> HttpResponse:
    """The form of one service. On submission: the nearby question (once), the rate limit
    (a refused submission is kept as held and shown again), then the report or the join."""
    municipality = public_municipality(code)
    try:
        service = get_public_service(municipality, service_code)
    except NotFound as exc:
        raise Http404 from exc
    if request.method != "POST":
        return _render_form(request, municipality, service, ReportForm(service=service))

    form = ReportForm(request.POST, request.FILES, service=service)
    if not form.is_valid():
        return _render_form(request, municipality, service, form)
    data = form.cleaned_data
    nearby: list[NearbyReport] = []
    if data.get("location"):
        lon, lat = data["location"]
        nearby = nearby_open_reports(municipality, service, lat=lat, lon=lon)
    original: Report | None = None
    if data["join"]:
        match = next((n for n in nearby if n.report.service_request_id == data["join"]), None)
        if match is None:
            form.add_error(
                None,
                _(
                    "Ärende %s finns inte bland de öppna ärendena nära platsen längre. "
                    "Skicka din anmälan som en ny."
                )
                % data["join"],
            )
            return _render_form(request, municipality, service, form, nearby=nearby)
        original = Report.objects.get(
            municipality=municipality, service_request_id=match.report.service_request_id
        )
    elif nearby:
        unseen = {n.report.service_request_id for n in nearby} - form.seen_ids()
        if not data.get("nearby_checked") or unseen:
            # Asked here for a person whose browser did not run the form's script, and
            # again when a report near the point arrived after the script asked.
            return _render_form(request, municipality, service, form, nearby=nearby)

    decision = ratelimit.hit(scope=RATE_SCOPE, client=_client(request))
    if not decision.allowed:
        hold_submission(
            municipality=municipality,
            channel=Channel.WEB,
            reason=HeldReason.RATE_LIMITED,
            payload=form.held_payload(),
            error=f"{decision.count} inlämningar, gränsen är {decision.limit} "
            f"per {settings.REPORT_RATE_LIMIT_WINDOW_SECONDS // 60} min",
            photo=data.get("photo"),
            client=_client(request),
        )
        response = _render_form(
            request,
            municipality,
            service,
            form,
            held=True,
            retry_minutes=max(1, -(-decision.retry_after // 60)),
            status=429,
        )
        response["Retry-After"] = str(decision.retry_after)
        return response

    location = data.get("location")
    submission: dict[str, Any] = {
        "municipality": municipality,
        "service": service,
        "description": data.get("description") or "",
        "lat": location[1] if location else None,
        "lon": location[0] if location else None,
        "address_string": data.get("address_string") or "",
        "attributes": data.get("attributes") or {},
        "photo": data.get("photo"),
        **form.contact(),
        "wants_updates": bool(data.get("email")),
        "language": translation.get_language() or "sv",
        "channel": Channel.WEB,
    }
    try:
        if original is not None:
            submission["attributes"] = {**original.attributes, **submission["attributes"]}
            report = join_report(original=original, **submission)
        else:
            report = submit_report(**submission)
    except ValidationError as exc:
        add_action_errors(form, exc)
        return _render_form(request, municipality, service, form, nearby=nearby)
    except Exception as exc:
        # A step failed that the person cannot fix (a broken routing area, the database):
        # what they sent is kept for staff, and they are told so (docs/reports.md).
        logger.exception("report submission failed; kept as held")
        hold_submission(
            municipality=municipality,
            channel=Channel.WEB,
            reason=HeldReason.FAILED,
            payload=form.held_payload(),
            error=f"{type(exc).__name__}: {exc}",
            photo=data.get("photo"),
            client=_client(request),
        )
        return _render_form(request, municipality, service, form, failed=True, status=500)
    return redirect("web:report_receipt", token=report.tracking_token)


@require_GET
def nearby(request: HttpRequest, code: str, service_code: str) -> JsonResponse:
    """The chosen point's district and the open reports of the service near it."""
    municipality = public_municipality(code)
    try:
        service = get_public_service(municipality, service_code)
        lat = float(request.GET["lat"])
        lon = float(request.GET["lon"])
    except NotFound as exc:
        raise Http404 from exc
    except (KeyError, ValueError):
        return JsonResponse({"error": _("Ange lat och lon som decimaltal (WGS84).")}, status=400)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return JsonResponse({"error": _("Positionen ska anges i WGS84 (grader).")}, status=400)
    assignment = point_assigner(municipality).assign([lon], [lat])
    inside = bool(assignment.inside[0])
    district = ""
    if inside and int(assignment.district_id[0]) >= 0:
        district = (
            districts_of(municipality)
            .filter(pk=int(assignment.district_id[0]))
            .values_list("name", flat=True)
            .first()
            or ""
        )
    reports = nearby_open_reports(municipality, service, lat=lat, lon=lon) if inside else []
    return JsonResponse(
        {"inside": inside, "district": district, "reports": [_nearby_json(r) for r in reports]}
    )


@require_GET
def districts(request: HttpRequest, code: str) -> JsonResponse:
    """The public form's base map: the municipal outline and the districts as GeoJSON."""
    municipality = public_municipality(code)
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": municipality.boundary,
            "properties": {"kind": "municipality", "name": municipality.name},
        }
    ]
    for district in districts_of(municipality):
        features.append(
            {
                "type": "Feature",
                "geometry": district.boundary,
                "properties": {
                    "kind": "district",
                    "id": district.pk,
                    "name": district.name,
                    "priority": district.is_priority,
                    "approximate": district.boundary_is_approximate,
                },
            }
        )
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _tracked(token: str) -> Report:
    try:
        return report_by_token(token)
    except NotFound as exc:
        raise Http404 from exc


@require_GET
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """Right after submission: the number, the tracking link and what happens next."""
    report = _tracked(token)
    public = to_public(report)
    original = None
    if public.duplicate_of:
        original = public_report(report.municipality, public.duplicate_of)
    context = {
        "municipality": report.municipality,
        "report": public,
        "original": original,
        "tracking_url": request.build_absolute_uri(reverse("web:report_tracking", args=[token])),
        "configured_url": tracking_url(token),
        "has_email": bool(getattr(getattr(report, "contact", None), "email", "")),
        "token": token,
        **_retention_context(),
    }
    return _private(render(request, "web/reports/receipt.html", context))


@require_GET
def tracking(request: HttpRequest, token: str) -> HttpResponse:
    """The reporter's page: the status history with public notes, who is responsible, where
    it went, the expected date; never contact data or internal notes."""
    report = _tracked(token)
    public = to_public(report, with_history=True)
    original = None
    if public.duplicate_of:
        original = public_report(report.municipality, public.duplicate_of)
    current = original or public
    context = {
        "municipality": report.municipality,
        "report": public,
        "original": original,
        "current": current,
        "overdue": current.open311_status == "open"
        and current.expected_at is not None
        and current.expected_at < timezone.now(),
        "has_photo": bool(report.photo and report.photo_is_public),
        "token": token,
    }
    return _private(render(request, "web/reports/tracking.html", context))


@require_GET
def public_photo(request: HttpRequest, token: str) -> HttpResponse:
    """The report's photo once staff have published it (faces and plates checked)."""
    report = _tracked(token)
    if not (report.photo and report.photo_is_public):
        raise Http404
    return _private(photo_response(report))
