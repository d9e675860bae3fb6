"""Time helpers: everything is stored in UTC and shown in the municipality's zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def iso_year_week(moment: datetime) -> tuple[int, int]:
    """The ISO year and week of a moment in the configured zone (Europe/Stockholm).

    Stored on rows at ingest because SQLite has no ISO-week function. The zone is the
    setting, not the request's active zone, so a stored week never depends on who asked.
    """
    local = timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE))
    year, week, _ = local.isocalendar()
    return year, week


def start_of_day(day: date) -> datetime:
    """Midnight at the start of a local calendar day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))
