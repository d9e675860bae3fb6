"""Forms of the action-plan pages; every error names its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygga.accounts.models import Organisation
from trygga.events.selectors import categories_for
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of
from trygga.lagesbild.models import Lagesbild
from trygga.plans.actions import Budget
from trygga.plans.models import (
    ActionPlan,
    Cause,
    Indicator,
    Measure,
    MeasureStatus,
    Problem,
)
from trygga.plans.selectors import phases_of
from trygga.reports.models import Service
from trygga.web.forms import AccessibleFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BODY_SUGGESTIONS = (
    _("Kommunstyrelsen"),
    _("Kommunstyrelsens arbetsutskott (KSAU)"),
    _("Lokala brottsförebyggande rådet"),
    _("Styrgruppen för trygghet"),
    _("Polisen och kommunen (medborgarlöfte)"),
)
BUDGET_ROWS = 3


def _queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def organisations_of(municipality: Municipality) -> Any:
    return Organisation.objects.filter(municipality=municipality, is_active=True).order_by("name")


class PlanForm(AccessibleFormMixin, forms.ModelForm):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parter"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Medborgarlöfte: polisen och kommunen. Åtgärdsplan: de som står bakom."),
    )

    class Meta:
        model = ActionPlan
        fields = ["kind", "title", "lagesbild", "date_from", "date_to", "summary", "is_public"]
        widgets = {
            "date_from": DATE,
            "date_to": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "lagesbild", Lagesbild.objects.filter(municipality=municipality))
        _queryset(self, "parties", organisations_of(municipality))
        if self.instance.pk:
            self.fields["parties"].initial = list(self.instance.parties.all())


class AdoptForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Beslutande organ"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "plan-bodies"}),
        help_text=_("Till exempel kommunstyrelsen eller det lokala brottsförebyggande rådet."),
    )
    decision_date = forms.DateField(label=_("Beslutsdatum"), widget=DATE)
    reference = forms.CharField(
        label=_("Paragraf eller diarienummer"), max_length=100, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = timezone.localdate()


class FromLagesbildForm(AccessibleFormMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("Prioriterat problem i lägesbilden"),
        help_text=_("Problemet tas över med lägesbildens siffror, brottstriangel och orsaker."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["source"]).choices = choices


class ProblemForm(AccessibleFormMixin, forms.ModelForm):
    situational_causes = forms.CharField(
        label=_("Situationella orsaker"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Orsaker i platsen och tillfället (belysning, insyn, vuxennärvaro). En orsak per "
            "rad; skriv underorsaker med två blanksteg först."
        ),
    )
    social_causes = forms.CharField(
        label=_("Sociala orsaker"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Orsaker hos människor och i deras villkor (skola, fritid, familj, droger). En "
            "orsak per rad; underorsaker med två blanksteg först."
        ),
    )

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
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("description", "offender", "target", "place", "guardians")
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "category", categories_for(municipality))
        _queryset(self, "district", districts_of(municipality))


def cause_label(cause: Cause) -> str:
    return f"{cause.problem.title}: {cause.text} ({cause.get_kind_display().lower()})"


class MeasureForm(AccessibleFormMixin, forms.ModelForm):
    partners = forms.ModelMultipleChoiceField(
        label=_("Samverkansparter"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Stadsdelar"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Inga valda: hela kommunen."),
    )
    problems = forms.ModelMultipleChoiceField(
        label=_("Problem som åtgärden möter"),
        queryset=Problem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    causes = forms.ModelMultipleChoiceField(
        label=_("Orsaker som åtgärden möter"),
        queryset=Cause.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "kind",
            "horizon",
            "owner",
            "responsible",
            "start_date",
            "end_date",
            "age_from",
            "age_to",
            "gender",
            "target_group",
            "phase",
            "status",
            "is_public",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(
        self,
        *args: Any,
        plan: ActionPlan,
        owner_locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        municipality = plan.municipality
        _queryset(self, "owner", organisations_of(municipality))
        _queryset(self, "partners", organisations_of(municipality))
        _queryset(self, "districts", districts_of(municipality))
        _queryset(self, "problems", plan.problems.all())
        _queryset(
            self,
            "causes",
            Cause.objects.filter(problem__plan=plan)
            .select_related("problem")
            .order_by("problem__order", "kind", "order"),
        )
        causes = cast(forms.ModelMultipleChoiceField, self.fields["causes"])
        causes.label_from_instance = cause_label  # type: ignore[method-assign,assignment]
        _queryset(self, "phase", phases_of(municipality))
        if owner_locked:
            self.fields["owner"].disabled = True
        if self.instance.pk:
            for name in ("partners", "districts", "problems", "causes"):
                self.fields[name].initial = list(getattr(self.instance, name).all())
        # Budget per year: the existing years and a few empty rows (no script needed).
        lines = list(self.instance.budget.all()) if self.instance.pk else []
        rows = len(lines) + BUDGET_ROWS
        for i in range(rows):
            line = lines[i] if i < len(lines) else None
            self.fields[f"budget_year_{i}"] = forms.IntegerField(
                label=_("År"),
                required=False,
                min_value=1900,
                max_value=2200,
                initial=line.year if line else None,
            )
            self.fields[f"budget_planned_{i}"] = forms.DecimalField(
                label=_("Budget (kr)"),
                required=False,
                min_value=0,
                decimal_places=0,
                max_digits=14,
                initial=line.planned if line else None,
            )
            self.fields[f"budget_spent_{i}"] = forms.DecimalField(
                label=_("Använt (kr)"),
                required=False,
                min_value=0,
                decimal_places=0,
                max_digits=14,
                initial=line.spent if line else None,
            )
        self.budget_rows = rows

    def budget_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"budget_year_{i}"], self[f"budget_planned_{i}"], self[f"budget_spent_{i}"])
            for i in range(self.budget_rows)
        ]

    def budget_lines(self) -> list[Budget]:
        out = []
        for i in range(self.budget_rows):
            year = self.cleaned_data.get(f"budget_year_{i}")
            planned = self.cleaned_data.get(f"budget_planned_{i}")
            spent = self.cleaned_data.get(f"budget_spent_{i}")
            if year is None and planned is None and spent is None:
                continue
            if year is None:
                self.add_error(f"budget_year_{i}", _("Ange året för beloppen."))
                continue
            out.append(Budget(year, planned or Decimal(0), spent))
        return out


class IndicatorForm(AccessibleFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "source",
            "category",
            "area",
            "district",
            "service",
            "baseline_from",
            "baseline_to",
            "baseline_value",
            "target_value",
            "target_date",
            "direction",
            "trend_period",
            "source_note",
            "is_public",
        ]
        widgets = {"baseline_from": DATE, "baseline_to": DATE, "target_date": DATE}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _queryset(self, "category", categories_for(municipality))
        _queryset(self, "district", districts_of(municipality))
        _queryset(self, "service", Service.objects.filter(municipality=municipality))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("area") == "district" and not data.get("district"):
            self.add_error("district", _("Välj stadsdelen."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the action checks each one's size and type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class FollowUpForm(AccessibleFormMixin, forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    text = forms.CharField(
        label=_("Vad har gjorts, och med vilket resultat?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    status = forms.ChoiceField(
        label=_("Status efter uppföljningen"),
        choices=[("", _("Oförändrad")), *MeasureStatus.choices],
        required=False,
    )
    is_public = forms.BooleanField(
        label=_("Visa uppföljningen på den offentliga sidan"), required=False
    )
    attachments = MultipleFileField(
        label=_("Bilagor"),
        required=False,
        help_text=_("Högst 5 filer, 10 MB var: PDF, Word, Excel, OpenDocument, bilder, text."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class CommentForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))


class ValueForm(AccessibleFormMixin, forms.Form):
    date = forms.DateField(label=_("Avser datum"), widget=DATE)
    value = forms.DecimalField(label=_("Värde"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Kommentar"), max_length=300, required=False)


class PhaseForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label=_("Modellens namn"), max_length=200)
    start_year = forms.IntegerField(label=_("Första året"), min_value=1990, max_value=2100)
    end_year = forms.IntegerField(label=_("Sista året"), min_value=1990, max_value=2100)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, phases: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phase_count = phases
        for i in range(1, phases + 1):
            self.fields[f"phase_{i}_name"] = forms.CharField(
                label=_("Fas %s: namn") % i, max_length=200, required=False
            )
            self.fields[f"phase_{i}_start"] = forms.IntegerField(
                label=_("Fas %s: från år") % i, required=False, min_value=1990, max_value=2100
            )
            self.fields[f"phase_{i}_end"] = forms.IntegerField(
                label=_("Fas %s: till år") % i, required=False, min_value=1990, max_value=2100
            )

    def phase_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"phase_{i}_name"], self[f"phase_{i}_start"], self[f"phase_{i}_end"])
            for i in range(1, self.phase_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, self.phase_count + 1):
            name, start, end = (data.get(f"phase_{i}_{k}") for k in ("name", "start", "end"))
            if name and (start is None or end is None):
                self.add_error(f"phase_{i}_start", _("Ange fasens år."))
            if (start is not None or end is not None) and not name:
                self.add_error(f"phase_{i}_name", _("Ge fasen ett namn."))
        return data
