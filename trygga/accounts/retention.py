"""Staff accounts in the register of processing activities, and the retention of log-in
attempts (django-axes keeps each failed attempt with the client's address)."""

from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils.translation import gettext_lazy as _

from trygga.core import privacy

ACTIVITY = privacy.ProcessingActivity(
    code="accounts",
    name=_("Personalkonton, roller och inloggning"),
    purposes=(
        _("Ge personal hos kommunen och samverkansparterna åtkomst efter sin roll."),
        _("Skydda kontona: tvåstegsverifiering, spärr efter misslyckade inloggningar."),
    ),
    legal_basis=_("Allmänt intresse (art. 6.1 e) och säkerhet i behandlingen (art. 32)."),
    data_subjects=(_("Personal hos kommunen och samverkansparterna (användare)"),),
    data_categories=(
        _("Namn, kontonamn, e-postadress"),
        _("Organisation och roll"),
        _("Lösenord (endast som hash), nyckel till autentiseringsapp, reservkoder"),
        _("Senaste inloggning"),
        _("Misslyckade inloggningsförsök: kontonamn, IP-adress, webbläsare, tid"),
    ),
    recipients=(_("Kommunens administratörer"),),
    source=_("Administratören lägger upp kontot; personen själv väljer lösenord."),
    notes=_(
        "Konton som inte längre behövs inaktiveras av administratören och tas bort när "
        "deras rader i granskningsloggen har gallrats."
    ),
)


def purge_login_attempts(cutoff: datetime, dry_run: bool) -> int:
    querysets = [
        AccessAttempt.objects.filter(attempt_time__lt=cutoff),
        AccessFailureLog.objects.filter(attempt_time__lt=cutoff),
        AccessLog.objects.filter(attempt_time__lt=cutoff),
    ]
    if dry_run:
        return sum(qs.count() for qs in querysets)
    return sum(qs.delete()[0] for qs in querysets)


RULES = (
    privacy.RetentionRule(
        code="accounts.login_attempts",
        activity="accounts",
        removes=_("Misslyckade inloggningsförsök (kontonamn, IP-adress, webbläsare)"),
        setting="LOGIN_ATTEMPT_RETENTION_DAYS",
        purge=purge_login_attempts,
    ),
)
