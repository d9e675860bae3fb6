"""The action plan's entry in the register of processing activities (trygga.core.privacy).

Plans are municipal decision documents: they are kept under the archive rules, not purged
by Trygga, so no retention rule is registered. The personal data in them is little: who
wrote a follow-up or comment, who entered a value, a responsible person's name or function,
and whatever the attachments hold.
"""

from django.utils.translation import gettext_lazy as _

from trygga.core import privacy

ACTIVITY = privacy.ProcessingActivity(
    code="plans",
    name=_("Åtgärdsplan, medborgarlöften och deras uppföljning"),
    purposes=(
        _("Planera, besluta och följa upp kommunens brottsförebyggande åtgärder (lag 2023:196)."),
        _("Redovisa arbetet för styrgruppen, kommunstyrelsen och invånarna."),
    ),
    legal_basis=_("Rättslig förpliktelse och allmänt intresse (art. 6.1 c och e)."),
    data_subjects=(_("Personal hos kommunen och samverkansparterna"),),
    data_categories=(
        _("Ansvarig person för en åtgärd (namn eller funktion)"),
        _("Vem som skrivit uppföljningar och kommentarer och matat in indikatorvärden, och när"),
        _("Bilagor till uppföljningar (det som står i dem)"),
    ),
    recipients=(
        _("Kommunens och samverkansparternas inloggade personal"),
        _("Allmänheten: bara det som markerats offentligt, aldrig namn på personer"),
    ),
    source=_("Samordnarna och de ansvariga organisationerna skriver in uppgifterna."),
    notes=_(
        "Planerna är allmänna handlingar och bevaras eller gallras enligt kommunens "
        "dokumenthanteringsplan; Trygga gallrar dem inte själv. Text som görs offentlig "
        "granskas automatiskt efter personuppgifter innan den sparas."
    ),
)
