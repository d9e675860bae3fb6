"""The file-import page: a coordinator uploads a partner's log (CSV, XLSX or GeoJSON) and
sees what was created, updated and skipped, or, for a bad file, every row and field to fix
with nothing written. Superusers may also load the police feed, which is national."""

import tempfile
from pathlib import Path
from typing import Any, cast

import yaml
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.core.errors import ImportRowError, PermissionDenied
from trygga.events.importers import run_import
from trygga.events.importers.base import SKIP_REASONS, ImportConfigError, ImportRowErrors
from trygga.events.importers.tabular import ColumnMapping, mapping_from_dict
from trygga.geography.models import Municipality
from trygga.web.forms import AccessibleFormMixin
from trygga.web.views import municipality_page, page_context

EXTENSIONS = {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson", ".json": "geojson"}
FORMAT_CHOICES = [
    ("", gettext_lazy("Känn igen på filändelsen")),
    ("csv", "CSV"),
    ("xlsx", "Excel (.xlsx)"),
    ("geojson", "GeoJSON"),
]
MAPPING_EXAMPLE = """columns:
  occurred_from: Datum
  category: Typ
  district: Område
  description: Beskrivning
categories:
  Klotter: graffiti
  Skadegörelse: vandalism"""


class ImportForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy(
            "CSV, Excel (.xlsx) eller GeoJSON. Samma fil två gånger skapar inget nytt."
        ),
    )
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=FORMAT_CHOICES,
        required=False,
    )
    source_name = forms.CharField(
        label=gettext_lazy("Källans namn"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("T.ex. 'Väktarrapporter'. Standard: filens namn."),
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Rapporterande organisation"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    mapping = forms.CharField(
        label=gettext_lazy("Kolumnmappning (YAML)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "code"}),
        help_text=gettext_lazy(
            "Behövs bara om kolumnrubrikerna inte redan heter occurred_from, category, lat, "
            "lon, district … Se docs/importing.md."
        ),
    )

    def __init__(self, *args: Any, municipality: Municipality, police: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.filter(
            municipality=municipality, is_active=True
        ).order_by("name")
        if police:
            cast(forms.ChoiceField, self.fields["file_format"]).choices = [
                *FORMAT_CHOICES,
                ("polisen", _("Polisens händelser (JSON, hela landet)")),
            ]
        self.fields["mapping"].widget.attrs["placeholder"] = MAPPING_EXAMPLE

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Filen är %(size)s; största tillåtna är %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES),
                }
            )
        return upload

    def clean_mapping(self) -> ColumnMapping | None:
        text = self.cleaned_data["mapping"].strip()
        if not text:
            return None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = _(" på rad %d") % (mark.line + 1) if mark is not None else ""
            raise forms.ValidationError(_("Ogiltig YAML%s.") % where) from exc
        try:
            return mapping_from_dict(data)
        except ImportConfigError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        if upload is not None and not data.get("file_format"):
            suffix = Path(upload.name).suffix.lower()
            if suffix not in EXTENSIONS:
                self.add_error(
                    "file_format",
                    _("Välj format: filändelsen '%s' känns inte igen.") % (suffix or "–"),
                )
            else:
                data["file_format"] = EXTENSIONS[suffix]
        return data


def _save_upload(upload: Any, directory: str) -> Path:
    """The upload as a file of its own name's suffix in a private temporary directory."""
    path = Path(directory) / f"upload{Path(upload.name).suffix.lower()}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


@require_http_methods(["GET", "POST"])
@municipality_page
def event_import(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    if not permissions.can_import(request.user, municipality):
        raise DjangoPermissionDenied
    police = permissions.is_superuser(request.user)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        municipality=municipality,
        police=police,
    )
    result = None
    row_errors: list[ImportRowError] = []
    error_total = 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        with tempfile.TemporaryDirectory(prefix="trygga-import-") as directory:
            try:
                result = run_import(
                    actor=request.user,
                    path=_save_upload(upload, directory),
                    file_format=data["file_format"],
                    municipality=municipality,
                    source_name=data["source_name"] or Path(upload.name).stem,
                    organisation=data["organisation"],
                    mapping=data["mapping"],
                )
            except ImportRowErrors as exc:
                row_errors, error_total = exc.errors, exc.total
            except ImportRowError as exc:
                row_errors, error_total = [exc], 1
            except ImportConfigError as exc:
                form.add_error(None, str(exc))
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from exc
    skipped = (
        [(SKIP_REASONS.get(reason, reason), count) for reason, count in result.skipped.items()]
        if result is not None
        else []
    )
    context = page_context(
        request,
        municipality,
        "import",
        form=form,
        result=result,
        skipped=skipped,
        row_errors=row_errors,
        more_errors=error_total - len(row_errors),
    )
    return render(request, "web/import.html", context, status=400 if row_errors else 200)
