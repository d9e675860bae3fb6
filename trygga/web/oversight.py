"""The administrators' oversight pages of a municipality: the audit log (with filters and a
CSV download for the data-protection officer) and "who may see what" (members, roles,
organisations, two-factor status, and what each role may do).

Only the municipality's administrators (and superusers) reach them; other members get 403,
non-members 404 like every page of a municipality.
"""

from typing import Any, cast

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from trygga.accounts import permissions
from trygga.accounts.models import Role
from trygga.accounts.oversight import (
    AuditFilter,
    audit_log_for,
    audit_log_for_export,
    members_overview,
    superusers,
)
from trygga.accounts.twofactor import required_roles
from trygga.audit.export import csv_lines
from trygga.audit.models import AuditAction
from trygga.core.errors import PermissionDenied
from trygga.geography.models import Municipality
from trygga.web.forms import AccessibleFormMixin
from trygga.web.views import municipality_page, page_context

PAGE_SIZE = 100
TARGET_TYPES = [
    ("", _("Alla")),
    ("events.event", _("Händelse")),
    ("reports.servicerequest", _("Felanmälan")),
    ("accounts.organisation", _("Organisation")),
    ("accounts.membership", _("Medlemskap")),
    ("auth.user", _("Konto")),
]


def _action_choices() -> list[tuple[str, Any]]:
    """Every audit action by its label in the current language."""
    return [("", _("Alla")), *sorted(AuditAction.choices, key=lambda c: str(c[1]))]


class AuditFilterForm(AccessibleFormMixin, forms.Form):
    date_from = forms.DateField(
        label=_("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    action = forms.ChoiceField(
        label=pgettext_lazy("action", "Åtgärd"),
        required=False,
        choices=_action_choices,
    )
    actor = forms.CharField(label=_("Aktör"), required=False, max_length=150)
    target_type = forms.ChoiceField(label=_("Objekttyp"), required=False, choices=TARGET_TYPES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Slutdatumet ligger före startdatumet."))
        return data

    def audit_filter(self) -> AuditFilter:
        data = self.cleaned_data
        return AuditFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action=data.get("action") or "",
            actor=(data.get("actor") or "").strip(),
            target_type=data.get("target_type") or "",
        )


def _require_oversight(request: HttpRequest, municipality: Municipality) -> None:
    if not permissions.can_oversee(request.user, municipality):
        raise DjangoPermissionDenied


@require_GET
@municipality_page
def audit_log(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    _require_oversight(request, municipality)
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        rows = audit_log_for(request.user, municipality, form.audit_filter())
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    context = page_context(request, municipality, "audit", form=form, page=page)
    return render(request, "web/oversight/audit_log.html", context)


@require_GET
@municipality_page
def audit_log_csv(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    _require_oversight(request, municipality)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    try:
        rows = audit_log_for_export(request.user, municipality, form.audit_filter())
    except PermissionDenied as exc:
        raise DjangoPermissionDenied from exc

    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(
        csv_lines(rows.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="granskningslogg-{municipality.code}-{stamp}.csv"'
    )
    response["Cache-Control"] = "no-store"
    # Streamed, so a long log is never held in memory; the page decorator's type says
    # HttpResponse, which StreamingHttpResponse is in all but name.
    return cast(HttpResponse, response)


@require_GET
@municipality_page
def access_overview(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Who may see what: every member with role and organisation, and the role table."""
    _require_oversight(request, municipality)
    members = members_overview(request.user, municipality)
    roles = list(Role)
    matrix = [
        {"capability": c, "allowed": [role in c.roles for role in roles]}
        for c in permissions.CAPABILITIES
    ]
    required = required_roles()
    context = page_context(
        request,
        municipality,
        "access",
        members=members,
        roles=roles,
        matrix=matrix,
        two_factor=[role in required for role in roles],
        superusers=superusers(),
    )
    return render(request, "web/oversight/access.html", context)
