"""Views of the staff pages: a municipality's event log (overview, list, detail, the field
form, the map) and the JSON its maps read.

Views parse the request, call a selector or an action and render. Every page of a
municipality answers 404 to anyone who is not a member of it, so its existence never leaks.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from trygga.accounts import permissions
from trygga.accounts.selectors import get_municipality_for_member
from trygga.core.errors import NotFound, PermissionDenied
from trygga.events.actions import create_event
from trygga.events.models import Precision
from trygga.events.selectors import (
    EventFilter,
    event_counts,
    events_for_list,
    events_for_map,
    get_event_for_viewer,
)
from trygga.geography.models import District, Municipality
from trygga.geography.selectors import districts_of
from trygga.web.display import area_label
from trygga.web.forms import EventFilterForm, EventForm

PAGE_SIZE = 50
MAP_LIMIT = 5000
P = ParamSpec("P")
MunicipalityView = Callable[Concatenate[HttpRequest, Municipality, P], HttpResponse]


def municipality_page(view: MunicipalityView[P]) -> Callable[..., HttpResponse]:
    """Resolve `code` to a municipality the user is a member of, or answer 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, code: str, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        try:
            municipality = get_municipality_for_member(request.user, code)
        except NotFound as exc:
            raise Http404 from exc
        return view(request, municipality, *args, **kwargs)

    return wrapper


def page_context(
    request: HttpRequest, municipality: Municipality, section: str, **context: Any
) -> dict[str, Any]:
    """The context every municipality page shares: the header's name and navigation."""
    return {
        "municipality": municipality,
        "section": section,
        "can_log": permissions.can_log_events(request.user, municipality),
        "can_import": permissions.can_import(request.user, municipality),
        "can_oversee": permissions.can_oversee(request.user, municipality),
        **context,
    }


def _filters(request: HttpRequest, municipality: Municipality) -> tuple[EventFilterForm, bool]:
    form = EventFilterForm(request.GET, municipality=municipality)
    return form, form.is_valid()


def _has_approximate_districts(municipality: Municipality) -> bool:
    return districts_of(municipality).filter(boundary_is_approximate=True).exists()


def _map_config(municipality: Municipality) -> dict[str, Any]:
    """Settings and strings for the map script, passed with json_script (no inline code)."""
    return {
        "districtsUrl": reverse("web:map_districts", args=[municipality.code]),
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "text": {
            "municipality": _("Kommungräns"),
            "district": _("Stadsdel"),
            "priority": _("Prioriterad stadsdel"),
            "approximate": _("Ungefärliga gränser"),
            "open": _("Öppna händelsen"),
            "picked": _("Vald plats"),
            "none": _("Ingen plats vald ännu."),
            "locating": _("Hämtar din position …"),
            "noGeolocation": _("Din enhet kan inte ge din position. Tryck på kartan i stället."),
            "geoError": _("Positionen kunde inte hämtas. Tryck på kartan i stället."),
            "loadError": _("Kartdata kunde inte hämtas."),
            "pointsOne": _("händelse visas som punkt"),
            "points": _("händelser visas som punkter"),
            "areaNoteOne": _("händelse med områdesprecision (polisen), visas inte som punkt"),
            "truncated": _("Bara de senaste %(n)s händelserna visas. Smalna av filtren.")
            % {"n": MAP_LIMIT},
            "areaNote": _("händelser med områdesprecision (polisen), visas inte som punkter"),
        },
    }


@dataclass(frozen=True)
class DistrictCount:
    district: District
    recent: int
    total: int


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send a person to their municipality, let them choose among several, or log them in."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipalities = permissions.user_municipalities(request.user)
    if len(municipalities) == 1:
        return redirect("web:overview", code=municipalities[0].code)
    return render(request, "web/choose.html", {"municipalities": municipalities})


@require_GET
@municipality_page
def overview(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Counts of the last 7 days and 4 weeks by category and district, linking to the list."""
    today = timezone.localdate()
    week_from = today - timedelta(days=6)
    four_weeks_from = today - timedelta(days=27)
    period = EventFilter(date_from=four_weeks_from)
    by_category = event_counts(
        request.user, municipality, period, group_by="category", recent_since=week_from
    )
    counted: dict[Any, dict[str, Any]] = {
        row["id"]: row
        for row in event_counts(
            request.user, municipality, period, group_by="district", recent_since=week_from
        )
    }
    districts = [
        DistrictCount(
            district=district,
            recent=int(counted.get(district.pk, {}).get("recent", 0)),
            total=int(counted.get(district.pk, {}).get("total", 0)),
        )
        for district in districts_of(municipality)
    ]
    districts.sort(key=lambda row: (not row.district.is_priority, -row.total))
    context = page_context(
        request,
        municipality,
        "overview",
        by_category=by_category,
        districts=districts,
        without_district=counted.get(None),
        week_from=week_from,
        four_weeks_from=four_weeks_from,
        today=today,
        approximate=any(row.district.boundary_is_approximate for row in districts),
        total_recent=sum(int(str(row["recent"])) for row in by_category),
        total=sum(int(str(row["total"])) for row in by_category),
    )
    return render(request, "web/overview.html", context)


@require_GET
@municipality_page
def event_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form, valid = _filters(request, municipality)
    page = None
    if valid:
        events = events_for_list(request.user, municipality, form.event_filter())
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = page_context(request, municipality, "list", form=form, page=page)
    return render(request, "web/event_list.html", context)


@require_GET
@municipality_page
def event_detail(request: HttpRequest, municipality: Municipality, event_id: int) -> HttpResponse:
    try:
        event = get_event_for_viewer(
            request.user, municipality, event_id, ip_address=request.META.get("REMOTE_ADDR")
        )
    except NotFound as exc:
        raise Http404 from exc
    context = page_context(
        request,
        municipality,
        "list",
        event=event,
        is_point=event.precision != Precision.AREA,
        map_config=_map_config(municipality),
        approximate=_has_approximate_districts(municipality),
    )
    return render(request, "web/event_detail.html", context)


# Where an action's error on a model field belongs on the form.
_ERROR_FIELDS = {"location": "location", "lon": "location", "lat": "location"}


@require_http_methods(["GET", "POST"])
@municipality_page
def event_create(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The field form. Only roles that may log events see it; others get 403."""
    if not permissions.can_log_events(request.user, municipality):
        raise DjangoPermissionDenied
    organisations = [m.organisation for m in permissions.memberships(request.user, municipality)]
    form = EventForm(
        request.POST if request.method == "POST" else None,
        municipality=municipality,
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lon, lat = data["location"]
        try:
            event = create_event(
                actor=request.user,
                municipality=municipality,
                category=data["category"],
                occurred_from=data["occurred_from"],
                occurred_to=data.get("occurred_to"),
                lon=lon,
                lat=lat,
                address=data["address"],
                description=data["description"],
                confidentiality=data["confidentiality"],
                organisation=data.get("organisation"),
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            _add_action_errors(form, exc)
        else:
            messages.success(request, _("Händelsen är loggad. Tack!"))
            return redirect("web:event_detail", code=municipality.code, event_id=event.pk)
    context = page_context(
        request,
        municipality,
        "create",
        form=form,
        map_config=_map_config(municipality),
        approximate=_has_approximate_districts(municipality),
    )
    return render(request, "web/event_form.html", context, status=200)


def _add_action_errors(form: EventForm, exc: ValidationError) -> None:
    """Show the action's refusal next to the field it concerns (a point outside the
    municipality next to the map)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():
        target = _ERROR_FIELDS.get(field, field)
        form.add_error(target if target in form.fields else None, errors)


@require_GET
@municipality_page
def event_map(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form, valid = _filters(request, municipality)
    query = request.GET.urlencode() if valid else ""
    config = _map_config(municipality)
    config["eventsUrl"] = reverse("web:map_events", args=[municipality.code]) + (
        f"?{query}" if query else ""
    )
    context = page_context(
        request,
        municipality,
        "map",
        form=form,
        map_config=config,
        approximate=_has_approximate_districts(municipality),
    )
    return render(request, "web/event_map.html", context)


@require_GET
@municipality_page
def map_events(request: HttpRequest, municipality: Municipality) -> JsonResponse:
    """The map's events: points as points; area-precision events only as counts per area."""
    form, valid = _filters(request, municipality)
    if not valid:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    rows = events_for_map(request.user, municipality, form.event_filter(), limit=MAP_LIMIT)
    detail = reverse("web:event_detail", args=[municipality.code, 0]).removesuffix("0/")
    points = []
    areas: Counter[str] = Counter()
    for row in rows:
        if row["precision"] == Precision.AREA:
            fallback = (
                municipality.county.name if row["area_level"] == "county" else municipality.name
            )
            areas[area_label(str(row["area_level"]), str(row["area_name"] or ""), fallback)] += 1
            continue
        occurred = row["occurred_from"]
        points.append(
            {
                "id": row["id"],
                "lat": row["lat"],
                "lon": row["lon"],
                "category": row["category__name"],
                "district": row["district__name"] or "",
                "time": timezone.localtime(occurred).strftime("%Y-%m-%d %H:%M")  # type: ignore[arg-type]
                if occurred
                else "",
                "url": f"{detail}{row['id']}/",
            }
        )
    return JsonResponse(
        {
            "points": points,
            "areaCount": sum(areas.values()),
            "areas": [{"label": label, "count": n} for label, n in areas.most_common()],
            "truncated": len(rows) >= MAP_LIMIT,
        }
    )


@require_GET
@municipality_page
def map_districts(request: HttpRequest, municipality: Municipality) -> JsonResponse:
    """The base map: the municipal outline and the district polygons as GeoJSON."""
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
    response["Cache-Control"] = "private, max-age=300"
    return response
