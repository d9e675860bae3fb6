"""`trygga processing-register --format md|json`: the register of processing activities
(GDPR art. 30) as the code is configured: every registered activity with its purposes,
legal basis, categories, recipients, and the retention rules with their days in force."""

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygga.core import privacy

SECURITY_MEASURES = (
    gettext_lazy(
        "Åtkomst efter roll och organisation, kontrollerad i ett lager (docs/security.md)."
    ),
    gettext_lazy(
        "Tvåstegsverifiering för roller enligt TWO_FACTOR_REQUIRED_ROLES; spärr efter "
        "misslyckade inloggningar."
    ),
    gettext_lazy("Granskningslogg över ändringar och läsningar som databasen inte låter ändra."),
    gettext_lazy("HTTPS med HSTS, säkra kakor och en strikt Content-Security-Policy."),
    gettext_lazy(
        "Gallring enligt reglerna nedan (trygga gallra, dagligen); säkerhetskopior (trygga backup)."
    ),
    gettext_lazy(
        "Inga personuppgifter i driftloggar (filter som maskerar e-post, IP och personnummer)."
    ),
)


def _text(value: Any) -> str:
    return str(value)


def register_data() -> dict[str, Any]:
    """The register as plain data (for JSON, and the Markdown rendering)."""
    return {
        "controller": settings.PROCESSING_CONTROLLER,
        "dpo_contact": settings.DPO_CONTACT,
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "security_measures": [_text(m) for m in SECURITY_MEASURES],
        "third_country_transfers": _("Inga: Trygga hämtar inga resurser från tredje part."),
        "activities": [
            {
                "code": activity.code,
                "name": _text(activity.name),
                "purposes": [_text(p) for p in activity.purposes],
                "legal_basis": _text(activity.legal_basis),
                "data_subjects": [_text(s) for s in activity.data_subjects],
                "data_categories": [_text(c) for c in activity.data_categories],
                "recipients": [_text(r) for r in activity.recipients],
                "source": _text(activity.source),
                "notes": _text(activity.notes),
                "retention": [
                    {
                        "rule": rule.code,
                        "removes": _text(rule.removes),
                        "days": rule.days,
                        "setting": rule.setting,
                    }
                    for rule in privacy.rules_of(activity.code)
                ],
            }
            for activity in privacy.activities()
        ],
    }


def _markdown(data: dict[str, Any]) -> str:
    controller = data["controller"] or _("(ange PROCESSING_CONTROLLER)")
    dpo = data["dpo_contact"] or _("(ange DPO_CONTACT)")
    lines = [
        "# " + _("Register över behandlingar (GDPR artikel 30)"),
        "",
        _("Personuppgiftsansvarig: %(name)s") % {"name": controller} + "  ",
        _("Dataskyddsombud: %(contact)s") % {"contact": dpo} + "  ",
        _("Genererat ur Tryggas konfiguration %(time)s.") % {"time": data["generated"]},
        "",
    ]

    def items(title: str, values: list[str]) -> list[str]:
        return [f"**{title}**", "", *[f"- {value}" for value in values], ""]

    for activity in data["activities"]:
        lines += [f"## {activity['name']}", ""]
        lines += items(_("Ändamål"), activity["purposes"])
        legal_basis = _("Rättslig grund")
        lines += [f"**{legal_basis}:** {activity['legal_basis']}", ""]
        lines += items(_("Registrerade"), activity["data_subjects"])
        lines += items(_("Kategorier av uppgifter"), activity["data_categories"])
        lines += items(_("Mottagare"), activity["recipients"])
        if activity["source"]:
            source = _("Källa")
            lines += [f"**{source}:** {activity['source']}", ""]
        if activity["retention"]:
            header = "| " + " | ".join([_("vad"), _("efter"), _("inställning")]) + " |"
            retention = _("Gallring")
            lines += [f"**{retention}**", "", header, "|---|---|---|"]
            for rule in activity["retention"]:
                days = (
                    _("%(n)s dagar") % {"n": rule["days"]}
                    if rule["days"] > 0
                    else _("sparas (0: ingen gallring)")
                )
                lines.append(f"| {rule['removes']} | {days} | `{rule['setting']}` |")
            lines.append("")
        if activity["notes"]:
            lines += [activity["notes"], ""]
    lines += ["## " + _("Överföring till tredje land"), "", data["third_country_transfers"], ""]
    lines += ["## " + _("Säkerhetsåtgärder"), ""]
    lines += [f"- {m}" for m in data["security_measures"]]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Skriv registret över behandlingar (GDPR art. 30) ur kodens konfiguration."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["md", "json"], default="md")

    def handle(self, *args: Any, **options: Any) -> None:
        data = register_data()
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_markdown(data), ending="")
