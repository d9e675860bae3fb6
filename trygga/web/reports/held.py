"""Held submissions for coordinators: what the rate limit or a failing step refused, kept as
it was sent, to register as a report (with its original time) or to discard.

Only those who manage reports (coordinators, administrators) see the page; for everyone
else it does not exist (404), like any page they may not see.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygga.accounts import permissions
from trygga.core.errors import NotFound, PermissionDenied
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of, point_assigner
from trygga.reports.actions import discard_held_submission, release_held_submission
from trygga.reports.models import HeldSubmission, Service
from trygga.reports.selectors import get_held_submission, held_submissions_for
from trygga.web.reports.staff import SECTION
from trygga.web.views import municipality_page, page_context

DISCARD_REASON_MAX = 500


def _require_manager(request: HttpRequest, municipality: Municipality) -> None:
    if not permissions.can_manage_reports(request.user, municipality):
        raise Http404


def _row(held: HeldSubmission, services: dict[str, str]) -> dict[str, Any]:
    """What a coordinator needs to decide, read from the payload as it was sent."""
    payload = held.payload or {}
    name = " ".join(
        str(payload.get(k) or "") for k in ("first_name", "last_name") if payload.get(k)
    )
    lat, lon = payload.get("lat"), payload.get("lon")
    try:
        lonlat = (float(lon), float(lat)) if lat is not None and lon is not None else None
    except (TypeError, ValueError):
        lonlat = None
    return {
        "held": held,
        "service": services.get(str(payload.get("service_code", "")), "–"),
        "description": str(payload.get("description") or ""),
        "address": str(payload.get("address_string") or ""),
        "point": f"{lonlat[1]:.5f}, {lonlat[0]:.5f}" if lonlat else "",
        "lonlat": lonlat,
        "district": "",
        "email": str(payload.get("email") or ""),
        "name": name,
        "phone": str(payload.get("phone") or ""),
    }


def _name_districts(municipality: Municipality, rows: list[dict[str, Any]]) -> None:
    """Each row's district, from its point (one vectorised lookup for the page)."""
    with_point = [r for r in rows if r["lonlat"] is not None]
    if not with_point:
        return
    assignment = point_assigner(municipality).assign(
        [r["lonlat"][0] for r in with_point], [r["lonlat"][1] for r in with_point]
    )
    names = dict(districts_of(municipality).values_list("pk", "name"))
    for row, district_id in zip(with_point, assignment.district_id, strict=True):
        row["district"] = names.get(int(district_id), "")


@require_GET
@municipality_page
def held_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    _require_manager(request, municipality)
    services = dict(
        Service.objects.filter(municipality=municipality).values_list("service_code", "name")
    )
    rows = [_row(h, services) for h in held_submissions_for(request.user, municipality)[:200]]
    _name_districts(municipality, rows)
    context = page_context(
        request, municipality, SECTION, rows=rows, days=settings.HELD_SUBMISSION_RETENTION_DAYS
    )
    response = render(request, "web/reports/held.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@municipality_page
def held_resolve(
    request: HttpRequest, municipality: Municipality, held_id: int, decision: str
) -> HttpResponse:
    """Register (`registrera`) or discard (`kassera`) one held submission."""
    _require_manager(request, municipality)
    try:
        held = get_held_submission(request.user, municipality, held_id)
    except NotFound as exc:
        raise Http404 from exc
    try:
        if decision == "registrera":
            report = release_held_submission(actor=request.user, held=held)
            messages.success(
                request,
                _("Inlämningen är registrerad som ärende %s.") % report.service_request_id,
            )
            return redirect(
                "web:report_detail",
                code=municipality.code,
                service_request_id=report.service_request_id,
            )
        if decision == "kassera":
            reason = request.POST.get("reason", "")[:DISCARD_REASON_MAX]
            discard_held_submission(actor=request.user, held=held, reason=reason)
            messages.success(request, _("Inlämningen är kasserad och dess innehåll raderat."))
        else:
            raise Http404
    except ValidationError as exc:
        reasons = " ".join(exc.messages)
        messages.error(request, _("Inlämningen kunde inte hanteras: %s") % reasons)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("web:report_held", code=municipality.code)
