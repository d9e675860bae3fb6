"""Forms of the staff's report pages: the queue's filters, the handling forms of a report's
page and the queue's bulk form. A refusal from an action is put back on the field it names
(`forms.add_action_errors`)."""

from typing import Any, cast

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygga.accounts.models import Organisation
from trygga.geography.models import District, Municipality
from trygga.geography.selectors import districts_of
from trygga.reports.models import DESCRIPTION_MAX_CHARS, ResponseTemplate, Service
from trygga.reports.statuses import Status
from trygga.web.forms import AccessibleFormMixin

STATUS_FILTER_OPEN = "open"
STATUS_FILTER_CLOSED = "closed"
STATUS_FILTER_ALL = "all"


class PersonChoiceField(forms.ModelChoiceField):
    """People by their full name (their user name when it is empty)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


def _choice(form: forms.Form, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class QueueFilterForm(AccessibleFormMixin, forms.Form):
    """The triage queue's filters, read from the query string."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    service = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Service.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Ansvarig"), queryset=Organisation.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("Stadsdel"), queryset=District.objects.none(), required=False
    )
    q = forms.CharField(label=_("Ärendenummer"), required=False, max_length=16)
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)
    mine = forms.BooleanField(label=_("Bara tilldelade mig"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        municipality: Municipality,
        services: QuerySet[Service],
        organisations: QuerySet[Organisation],
    ) -> None:
        super().__init__(data)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (STATUS_FILTER_OPEN, _("Öppna")),
            (STATUS_FILTER_CLOSED, _("Avslutade")),
            (STATUS_FILTER_ALL, _("Alla")),
            *Status.choices,
        ]
        _choice(self, "service").queryset = services
        _choice(self, "service").empty_label = _("Alla kategorier")
        _choice(self, "organisation").queryset = organisations
        _choice(self, "organisation").empty_label = _("Alla organisationer")
        _choice(self, "district").queryset = districts_of(municipality)
        _choice(self, "district").empty_label = _("Alla stadsdelar")

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or STATUS_FILTER_OPEN

    def clean_q(self) -> str:
        return (self.cleaned_data.get("q") or "").strip().upper()


class StatusForm(AccessibleFormMixin, forms.Form):
    """A new status (or the same, with a note) and the public note; a response template
    fills both (by script; without it, a chosen template with an empty note is used)."""

    status = forms.ChoiceField(label=_("Ny status"))
    template = forms.ModelChoiceField(
        label=_("Svarsmall"),
        queryset=ResponseTemplate.objects.none(),
        required=False,
        empty_label=_("Ingen mall"),
    )
    note = forms.CharField(
        label=_("Publik kommentar"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        help_text=_(
            "Visas för anmälaren på uppföljningssidan och i mejlet. Personuppgifter maskeras."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        statuses: list[tuple[str, str]],
        templates: QuerySet[ResponseTemplate],
        prefix: str | None = "status",
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, prefix=prefix, initial=initial)
        self.fields["status"].choices = statuses  # type: ignore[attr-defined]
        _choice(self, "template").queryset = templates


class ForwardForm(AccessibleFormMixin, forms.Form):
    to = forms.CharField(
        label=_("Vidarebefordra till"),
        max_length=200,
        help_text=_("Organisationen utanför Trygga, t.ex. Trafikverket. Anmälaren ser namnet."),
        error_messages={"required": _("Ange vart ärendet skickas.")},
    )
    note = forms.CharField(
        label=_("Publik kommentar"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, prefix="forward", **kwargs)


class RerouteForm(AccessibleFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Ny ansvarig organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Välj organisation"),
        error_messages={"required": _("Välj organisationen som tar över ärendet.")},
    )
    note = forms.CharField(
        label=_("Publik kommentar"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: Any = None, *, organisations: QuerySet[Organisation]) -> None:
        super().__init__(data, prefix="reroute")
        _choice(self, "organisation").queryset = organisations


class AssignForm(AccessibleFormMixin, forms.Form):
    assignee = PersonChoiceField(
        label=_("Handläggare"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen"),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        assignees: QuerySet[User],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, prefix="assign", initial=initial)
        _choice(self, "assignee").queryset = assignees


class DuplicateForm(AccessibleFormMixin, forms.Form):
    original = forms.CharField(
        label=_("Dubblett av ärende"),
        max_length=16,
        help_text=_("Ärendenumret på originalet. Anmälaren följer originalet från nu."),
        error_messages={"required": _("Ange originalets ärendenummer.")},
    )
    note = forms.CharField(
        label=_("Publik kommentar"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="duplicate")

    def clean_original(self) -> str:
        return str(self.cleaned_data["original"]).strip().upper()


class InternalNoteForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Intern anteckning"),
        max_length=DESCRIPTION_MAX_CHARS,
        help_text=_("Bara för personal. Visas aldrig för anmälaren och skickas aldrig ut."),
        error_messages={"required": _("Skriv anteckningen.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, prefix="internal")


class PublicTextForm(AccessibleFormMixin, forms.Form):
    public_description = forms.CharField(
        label=_("Publik text"),
        max_length=DESCRIPTION_MAX_CHARS,
        help_text=_(
            "Det allmänheten och anmälaren ser. Ta bort personuppgifter som maskeringen "
            "missade; texten maskeras igen när du sparar. Originalet finns kvar för personal."
        ),
        error_messages={"required": _("Skriv den publika texten.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, data: Any = None, initial: Any = None) -> None:
        super().__init__(data, initial=initial, prefix="public")


BULK_ASSIGN_ME = "assign_me"
BULK_ASSIGN = "assign"
BULK_STATUS = "status"


class ReportNumbersField(forms.Field):
    """Report numbers ticked in a list (checkboxes of one name)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return list(dict.fromkeys(str(v).strip().upper() for v in values if str(v).strip()))


class BulkForm(AccessibleFormMixin, forms.Form):
    """One action on the reports ticked in the queue."""

    reports = ReportNumbersField(
        label=_("Ärenden"),
        error_messages={"required": _("Kryssa för minst ett ärende i listan.")},
    )
    action = forms.ChoiceField(
        label=pgettext_lazy("action", "Åtgärd"),
        choices=[
            (BULK_ASSIGN_ME, _("Tilldela mig")),
            (BULK_ASSIGN, _("Tilldela handläggare")),
            (BULK_STATUS, _("Ändra status")),
        ],
    )
    assignee = PersonChoiceField(
        label=_("Handläggare"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ingen"),
    )
    status = forms.ChoiceField(label=_("Ny status"), required=False)
    template = forms.ModelChoiceField(
        label=_("Svarsmall"),
        queryset=ResponseTemplate.objects.none(),
        required=False,
        empty_label=_("Ingen mall"),
    )
    note = forms.CharField(
        label=_("Publik kommentar"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        data: Any = None,
        *,
        assignees: QuerySet[User],
        templates: QuerySet[ResponseTemplate],
    ) -> None:
        super().__init__(data, prefix="bulk")
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("Välj status")),
            *[(s.value, s.label) for s in Status if s not in (Status.FORWARDED, Status.DUPLICATE)],
        ]
        _choice(self, "assignee").queryset = assignees
        _choice(self, "template").queryset = templates

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        action = cleaned.get("action")
        template = cleaned.get("template")
        if action == BULK_STATUS:
            if template is not None:
                cleaned["status"] = cleaned.get("status") or template.status
                cleaned["note"] = cleaned.get("note") or template.text
            if not cleaned.get("status"):
                self.add_error("status", _("Välj den nya statusen."))
        return cleaned
