"""The audit log's own entry in the register of processing activities, its retention rules,
and the run of every registered rule (`trygga gallra`).

Audit rows of reads are kept `AUDIT_READ_RETENTION_DAYS`, other rows (changes, log-ins,
the job's own rows) `AUDIT_RETENTION_DAYS`, and the client address in every row only
`AUDIT_IP_RETENTION_DAYS`: an address is personal data, needed to investigate an incident
soon after it, not for the years the row itself is kept. The rules remove audit rows
through the privileged path (`protection.permit`), the only way past the triggers.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygga.audit import protection
from trygga.audit.log import record
from trygga.audit.models import READ_SUFFIXES, AuditAction, AuditEvent
from trygga.core import privacy

ACTIVITY = privacy.ProcessingActivity(
    code="audit",
    name=_("Granskningslogg"),
    purposes=(
        _("Visa vem som har ändrat och läst skyddade uppgifter, och när (spårbarhet)."),
        _("Upptäcka och utreda obehörig åtkomst och säkerhetsincidenter."),
    ),
    legal_basis=_(
        "Allmänt intresse och rättslig förpliktelse (art. 6.1 e och c); säkerhet i "
        "behandlingen (art. 32) och lag (2023:196) om kommuners ansvar för "
        "brottsförebyggande arbete."
    ),
    data_subjects=(
        _("Personal hos kommunen och samverkansparterna (användare)"),
        _("Den som försöker logga in (kontonamn, om kontot finns)"),
    ),
    data_categories=(
        _("Kontonamn, tidpunkt, åtgärd, vilket objekt som berördes"),
        _("Klientens IP-adress"),
        _("Filter och antal vid läsning av listor"),
    ),
    recipients=(
        _("Kommunens administratörer (egen kommun)"),
        _("Dataskyddsombudet (export)"),
        _("IMY och revisorer på begäran"),
    ),
    source=_("Skrivs av systemet vid varje ändring och läsning av skyddade uppgifter."),
    notes=_("Loggen kan inte ändras: databasen vägrar UPDATE och DELETE utom vid gallring."),
)

logger = logging.getLogger(__name__)

_READS = Q()
for _suffix in READ_SUFFIXES:
    _READS |= Q(action__endswith=_suffix)


def _older(cutoff: datetime) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(at__lt=cutoff)


def _delete(qs: QuerySet[AuditEvent], dry_run: bool, reason: str) -> int:
    if dry_run:
        return qs.count()
    with protection.permit(reason):
        return qs.delete()[0]


def purge_reads(cutoff: datetime, dry_run: bool) -> int:
    return _delete(_older(cutoff).filter(_READS), dry_run, "gallring: audit.reads")


def purge_changes(cutoff: datetime, dry_run: bool) -> int:
    return _delete(_older(cutoff).exclude(_READS), dry_run, "gallring: audit.changes")


def purge_addresses(cutoff: datetime, dry_run: bool) -> int:
    qs = _older(cutoff).filter(ip_address__isnull=False)
    if dry_run:
        return qs.count()
    with protection.permit("gallring: audit.ip_addresses"):
        return qs.update(ip_address=None)


RULES = (
    privacy.RetentionRule(
        code="audit.ip_addresses",
        activity="audit",
        removes=_("IP-adressen i granskningsloggens rader (raden finns kvar)"),
        setting="AUDIT_IP_RETENTION_DAYS",
        purge=purge_addresses,
    ),
    privacy.RetentionRule(
        code="audit.reads",
        activity="audit",
        removes=_("Granskningsloggens rader om läsningar"),
        setting="AUDIT_READ_RETENTION_DAYS",
        purge=purge_reads,
    ),
    privacy.RetentionRule(
        code="audit.changes",
        activity="audit",
        removes=_("Granskningsloggens övriga rader (ändringar, inloggningar, gallringar)"),
        setting="AUDIT_RETENTION_DAYS",
        purge=purge_changes,
    ),
)


@dataclass(frozen=True)
class RuleResult:
    code: str
    days: int
    cutoff: datetime | None
    removed: int
    error: str = ""


def run(
    *, dry_run: bool = False, codes: list[str] | None = None, now: datetime | None = None
) -> list[RuleResult]:
    """Run the registered rules (all, or the named ones), each in its own transaction, and
    log the counts in one audit row (not in a dry run). A rule whose setting is 0 keeps its
    data. A failing rule is reported and the others still run.

    Side effects: AuditEvent RETENTION_APPLIED.
    """
    now = now or timezone.now()
    results = []
    for rule in privacy.rules(codes):
        days = rule.days
        if days <= 0:
            results.append(RuleResult(rule.code, days, None, 0))
            continue
        cutoff = now - timedelta(days=days)
        try:
            with transaction.atomic():
                removed = int(rule.purge(cutoff, dry_run))
        except Exception as exc:  # one rule's failure must not stop the others
            logger.exception("retention rule %s failed", rule.code)
            results.append(RuleResult(rule.code, days, cutoff, 0, error=type(exc).__name__))
            continue
        results.append(RuleResult(rule.code, days, cutoff, removed))
    if not dry_run:
        record(
            actor=None,
            actor_label="system (trygga gallra)",
            action=AuditAction.RETENTION_APPLIED,
            details={
                "rules": [
                    {
                        "rule": r.code,
                        "days": r.days,
                        "cutoff": r.cutoff.isoformat() if r.cutoff else None,
                        "removed": r.removed,
                        **({"error": r.error} if r.error else {}),
                    }
                    for r in results
                ]
            },
        )
    return results
