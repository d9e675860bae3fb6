"""Events in the register of processing activities, and the retention of their free text.

An event's category, place and time feed the lägesbild for years (trends over the
long-term model); its free text may name people and is not needed for the statistics, so
after `EVENT_FREE_TEXT_RETENTION_DAYS` it is cleared and the event kept.
"""

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trygga.core import privacy
from trygga.events.models import Event

ACTIVITY = privacy.ProcessingActivity(
    code="events",
    name=_("Händelser (underlag för lägesbilden)"),
    purposes=(
        _(
            "Ta fram lägesbilden över brott och otrygghet och följa upp åtgärder "
            "(lag 2023:196 om kommuners ansvar för brottsförebyggande arbete)."
        ),
        _("Samverkan mellan kommunen, polisen och andra aktörer (EST-metoden)."),
    ),
    legal_basis=_("Allmänt intresse och myndighetsutövning (art. 6.1 e), lag (2023:196)."),
    data_subjects=(
        _("Personal som loggar händelser"),
        _("Personer som nämns i fritext (ska undvikas; fältet varnar)"),
    ),
    data_categories=(
        _("Tid, plats, kategori och källa"),
        _("Fritext och adress, som kan innehålla personuppgifter"),
        _("Vem som loggade händelsen"),
    ),
    recipients=(
        _("Medlemmar i kommunens organisationer, efter händelsens sekretessnivå"),
        _("Allmänheten endast som statistik där små antal döljs"),
    ),
    source=_("Personal i fält, importerade loggar från samverkansparter, polisens öppna data."),
)


def purge_free_text(cutoff: datetime, dry_run: bool) -> int:
    qs = Event.objects.filter(occurred_from__lt=cutoff).filter(
        ~Q(description="") | ~Q(address="") | Q(reported_by__isnull=False)
    )
    if dry_run:
        return qs.count()
    return qs.update(description="", address="", reported_by=None)


RULES = (
    privacy.RetentionRule(
        code="events.free_text",
        activity="events",
        removes=_("Händelsers fritext, adress och vem som loggade (händelsen finns kvar)"),
        setting="EVENT_FREE_TEXT_RETENTION_DAYS",
        purge=purge_free_text,
    ),
)
