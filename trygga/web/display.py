"""How events are named on the staff pages: their place and their time, shared by the
templates (through `templatetags.trygga_web`) and the map's JSON."""

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from trygga.events.models import AreaLevel, Event, Precision
from trygga.geography.models import Municipality


def area_label(area_level: str, area_name: str, fallback: str = "") -> str:
    """An area-precision place as a person reads it: "Eskilstuna kommun (område)"."""
    name = area_name or fallback
    if area_level == AreaLevel.MUNICIPALITY and not name.lower().endswith("kommun"):
        name = _("%(name)s kommun") % {"name": name}
    return _("%(name)s (område)") % {"name": name}


def event_place(event: Event, municipality: Municipality | None = None) -> str:
    """District, or the area of an event known only by its area; never a false point.

    The page's municipality names an area the source left unnamed, without a query per row.
    """
    if event.precision == Precision.AREA:
        fallback = ""
        if municipality is not None:
            fallback = (
                municipality.county.name
                if event.area_level == AreaLevel.COUNTY
                else municipality.name
            )
        return area_label(event.area_level, event.area_name, fallback)
    if event.district_id and event.district is not None:
        return event.district.name
    return _("Utanför stadsdelarna")


def local_time(moment: datetime, fmt: str = "j b Y H:i") -> str:
    return format_date(timezone.localtime(moment), fmt)


def event_time(event: Event) -> str:
    """The moment, or the window "fre 13 jun 21:30 – mån 16 jun 07:00"."""
    if not event.is_window or event.occurred_to is None:
        return local_time(event.occurred_from)
    start = timezone.localtime(event.occurred_from)
    end = timezone.localtime(event.occurred_to)
    if start.date() == end.date():
        return f"{local_time(start, 'D j b Y H:i')}–{local_time(end, 'H:i')}"
    return f"{local_time(start, 'D j b H:i')} – {local_time(end, 'D j b Y H:i')}"
