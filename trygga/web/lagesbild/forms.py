"""Forms of the lägesbild pages; every error names its field."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygga.events.selectors import categories_for
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of
from trygga.lagesbild.models import Kind, Lagesbild, Problem
from trygga.web.forms import AccessibleFormMixin

BODY_SUGGESTIONS = (
    _("Lokala brottsförebyggande rådet"),
    _("Kommunstyrelsens arbetsutskott (KSAU)"),
    _("Kommunstyrelsen"),
    _("Styrgruppen för trygghet"),
    _("EST-gruppen (veckomöte)"),
)


class CreateForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Slag"), choices=Kind.choices)
    day = forms.DateField(
        label=_("En dag i perioden"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Veckan, tertialet eller året som innehåller dagen."),
    )
    district: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Stadsdel"),
        queryset=None,
        required=False,
        empty_label=_("Hela kommunen"),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts_of(municipality)  # type: ignore[attr-defined]


class WrittenForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Lagesbild
        fields = ["title", "consequences", "other_information", "assessment", "public_summary"]
        widgets = {
            "consequences": forms.Textarea(attrs={"rows": 5}),
            "other_information": forms.Textarea(attrs={"rows": 5}),
            "assessment": forms.Textarea(attrs={"rows": 8}),
            "public_summary": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "consequences": _("Följderna för de utsatta, för platsen och för kommunen."),
            "other_information": _(
                "Till exempel trygghetsmätningar, skolans enkät, polisens bild, omvärlden."
            ),
            "assessment": _("Analysen av kartläggningen och informationen, inklusive orsakerna."),
        }


class ProblemForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Problem
        fields = [
            "title",
            "category",
            "district",
            "description",
            "offender",
            "target",
            "place",
            "guardians",
            "causes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "offender": forms.Textarea(attrs={"rows": 2}),
            "target": forms.Textarea(attrs={"rows": 2}),
            "place": forms.Textarea(attrs={"rows": 2}),
            "guardians": forms.Textarea(attrs={"rows": 2}),
            "causes": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "category": _("Knyter problemet till siffrorna för kategorin."),
            "offender": _("Vem begår brotten, och vad driver dem?"),
            "target": _("Vilka eller vad drabbas?"),
            "place": _("Var och när händer det?"),
            "guardians": _("Vilket skydd saknas: vuxna, väktare, platsansvariga, belysning?"),
            "causes": _("En orsak per rad; dra in en underorsak med två mellanslag."),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories_for(municipality)  # type: ignore[attr-defined]
        self.fields["district"].queryset = districts_of(municipality)  # type: ignore[attr-defined]
        self.fields["category"].empty_label = _("Alla kategorier")  # type: ignore[attr-defined]
        self.fields["district"].empty_label = _("Hela kommunen")  # type: ignore[attr-defined]


class ApproveForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Beslutande organ"),
        max_length=200,
        help_text=_("Till exempel lokala brottsförebyggande rådet eller kommunstyrelsen."),
    )
    decision_date = forms.DateField(
        label=_("Beslutsdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(
        label=_("Paragraf eller diarienummer"), max_length=100, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = timezone.localdate()
        self.fields["body"].widget.attrs["list"] = "lb-bodies"
