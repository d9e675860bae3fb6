"""A report's page for staff: details, the original text, the photo, the contact (for
handlers, on request, logged), the map, the internal notes and the full history, and the
handling forms. Each form posts to `report_act` and comes back to the page, or shows the
page again (400) with the refusal next to the field it names.

A report the viewer may not see is 404 like a missing one; a viewer who may read but not
handle it gets no forms, and 403 if they post one.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trygga.accounts.selectors import organisations_of
from trygga.core.errors import NotFound, PermissionDenied
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of
from trygga.reports import actions
from trygga.reports.models import Report
from trygga.reports.selectors import (
    assignable_people,
    can_handle,
    get_report_contact,
    get_report_for_staff,
    internal_notes_for,
    report_history,
    response_templates_for,
    visible_reports,
)
from trygga.reports.statuses import TRANSITIONS, Status
from trygga.web.reports import staff_forms
from trygga.web.reports.forms import add_action_errors
from trygga.web.reports.helpers import photo_response
from trygga.web.reports.staff import SECTION, client_ip, templates_json
from trygga.web.views import _map_config, municipality_page, page_context


def _status_choices(report: Report) -> list[tuple[str, str]]:
    """The statuses the report can move to here (forwarding and duplicates have their own
    forms), the current one first for a note without a change."""
    current = Status(report.status)
    choices = [(current.value, _("%s (oförändrad, bara kommentar)") % current.label)]
    for status in Status:
        if status in TRANSITIONS[current] and status not in (Status.FORWARDED, Status.DUPLICATE):
            choices.append((status.value, str(status.label)))
    return choices


def _other_organisations(municipality: Municipality, report: Report) -> QuerySet[Any]:
    return organisations_of(municipality).exclude(pk=report.responsible_organisation_id or 0)


def _detail_context(
    request: HttpRequest,
    municipality: Municipality,
    report: Report,
    bound: dict[str, Any] | None = None,
) -> dict[str, Any]:
    handler = can_handle(request.user, report)
    templates = response_templates_for(request.user, report)
    forms: dict[str, Any] = {}
    if handler:
        forms = {
            "status_form": staff_forms.StatusForm(
                statuses=_status_choices(report),
                templates=templates,
                initial={"status": report.status},
            ),
            "forward_form": staff_forms.ForwardForm(),
            "reroute_form": staff_forms.RerouteForm(
                organisations=_other_organisations(municipality, report)
            ),
            "assign_form": staff_forms.AssignForm(
                assignees=User.objects.filter(
                    pk__in=[u.pk for u in assignable_people(request.user, report)]
                ).order_by("first_name", "last_name", "username"),
                initial={"assignee": report.assignee_id},
            ),
            "duplicate_form": staff_forms.DuplicateForm(),
            "note_form": staff_forms.InternalNoteForm(),
            "public_text_form": staff_forms.PublicTextForm(
                initial={"public_description": report.public_description}
            ),
        }
        forms.update(bound or {})
    contact = None
    contact_requested = handler and request.GET.get("kontakt") == "1"
    if contact_requested:
        contact = get_report_contact(request.user, report, ip_address=client_ip(request))
    event_url = (
        reverse("web:event_detail", args=[municipality.code, report.event_id])
        if report.event_id
        else ""
    )
    return page_context(
        request,
        municipality,
        SECTION,
        report=report,
        history=report_history(request.user, report),
        internal_notes=internal_notes_for(request.user, report),
        duplicates=list(
            visible_reports(request.user, municipality)
            .filter(duplicate_of=report)
            .values_list("service_request_id", flat=True)
        ),
        handler=handler,
        contact=contact,
        contact_requested=contact_requested,
        redacted=report.description.strip() != report.public_description.strip(),
        event_url=event_url,
        attributes=_answers(report),
        tracking_url=reverse("web:report_tracking", args=[report.tracking_token]),
        templates_json=templates_json(templates),
        map_config=_map_config(municipality),
        approximate=districts_of(municipality).filter(boundary_is_approximate=True).exists(),
        **forms,
    )


def _answers(report: Report) -> list[tuple[str, str]]:
    """The answers to the service's questions as (question, answer) text, in order."""
    rows = []
    for attribute in report.service.attributes.all():
        value = report.attributes.get(attribute.code)
        if value in (None, "", []):
            continue
        names = {str(v["key"]): str(v["name"]) for v in attribute.values or []}
        if isinstance(value, list):
            text = ", ".join(names.get(str(v), str(v)) for v in value)
        else:
            text = names.get(str(value), str(value))
        rows.append((attribute.description, text))
    return rows


def _get_report(request: HttpRequest, municipality: Municipality, number: str) -> Report:
    try:
        return get_report_for_staff(request.user, municipality, number)
    except NotFound as exc:
        raise Http404 from exc


@require_GET
@municipality_page
def detail(
    request: HttpRequest, municipality: Municipality, service_request_id: str
) -> HttpResponse:
    report = _get_report(request, municipality, service_request_id)
    context = _detail_context(request, municipality, report)
    response = render(request, "web/reports/detail.html", context)
    if context["contact"] is not None:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@municipality_page
def photo(
    request: HttpRequest, municipality: Municipality, service_request_id: str
) -> HttpResponse:
    """The report's photo for staff (published or not)."""
    report = _get_report(request, municipality, service_request_id)
    if not report.photo:
        raise Http404
    response = photo_response(report)
    response["Cache-Control"] = "private, max-age=300"
    return response


Handler = Callable[[HttpRequest, Municipality, Report], tuple[str, str | None, Any]]


def _act_status(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    form = staff_forms.StatusForm(
        request.POST,
        statuses=_status_choices(report),
        templates=response_templates_for(request.user, report),
    )
    if form.is_valid():
        data = form.cleaned_data
        template = data.get("template")
        try:
            if template is not None and not data["note"].strip():
                actions.apply_response_template(
                    actor=request.user, report=report, template=template
                )
            else:
                actions.change_status(
                    actor=request.user, report=report, status=data["status"], note=data["note"]
                )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            report.refresh_from_db()
            return (
                "status_form",
                _("Status: %s. Anmälaren kan se ändringen.") % Status(report.status).label,
                None,
            )
    return "status_form", None, form


def _act_forward(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    form = staff_forms.ForwardForm(request.POST)
    if form.is_valid():
        try:
            actions.forward(
                actor=request.user,
                report=report,
                to=form.cleaned_data["to"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc, {"status": None})
        else:
            return (
                "forward_form",
                _("Ärendet är vidarebefordrat till %s.") % form.cleaned_data["to"],
                None,
            )
    return "forward_form", None, form


def _act_reroute(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    form = staff_forms.RerouteForm(
        request.POST, organisations=_other_organisations(municipality, report)
    )
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            actions.reroute(
                actor=request.user,
                report=report,
                organisation=organisation,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc, {"status": None})
        else:
            return "reroute_form", _("Ärendet ligger nu hos %s.") % organisation.name, None
    return "reroute_form", None, form


def _act_assign(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    people = [u.pk for u in assignable_people(request.user, report)]
    form = staff_forms.AssignForm(request.POST, assignees=User.objects.filter(pk__in=people))
    if form.is_valid():
        assignee = form.cleaned_data["assignee"]
        try:
            actions.assign(actor=request.user, report=report, assignee=assignee)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            who = (assignee.get_full_name() or assignee.get_username()) if assignee else _("ingen")
            return "assign_form", _("Ärendet är tilldelat %s.") % who, None
    return "assign_form", None, form


def _act_duplicate(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    form = staff_forms.DuplicateForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["original"]
        try:
            original = get_report_for_staff(request.user, municipality, number)
        except NotFound:
            form.add_error("original", _("Ärende %s finns inte.") % number)
        else:
            try:
                actions.mark_duplicate(
                    actor=request.user,
                    report=report,
                    original=original,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_action_errors(form, exc, {"status": None})
            else:
                return (
                    "duplicate_form",
                    _("Ärendet är en dubblett av %s.") % original.service_request_id,
                    None,
                )
    return "duplicate_form", None, form


def _act_note(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    form = staff_forms.InternalNoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_internal_note(
                actor=request.user, report=report, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            return "note_form", _("Den interna anteckningen är sparad."), None
    return "note_form", None, form


def _act_public_text(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    form = staff_forms.PublicTextForm(request.POST)
    if form.is_valid():
        try:
            actions.edit_public_text(
                actor=request.user, report=report, text=form.cleaned_data["public_description"]
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            return "public_text_form", _("Den publika texten är rättad."), None
    return "public_text_form", None, form


def _act_photo(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    public = request.POST.get("public") == "1"
    actions.set_photo_public(actor=request.user, report=report, public=public)
    return "", _("Fotot visas nu publikt.") if public else _("Fotot visas inte publikt."), None


ACTIONS: dict[str, Handler] = {
    "status": _act_status,
    "vidarebefordra": _act_forward,
    "omfordela": _act_reroute,
    "tilldela": _act_assign,
    "dubblett": _act_duplicate,
    "anteckning": _act_note,
    "publicera-foto": _act_photo,
    "publik-text": _act_public_text,
}


@require_POST
@municipality_page
def act(
    request: HttpRequest, municipality: Municipality, service_request_id: str, action: str
) -> HttpResponse:
    """One handling form of the report page; back to the page, or the page again with the
    refusal next to its field (400)."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    report = _get_report(request, municipality, service_request_id)
    try:
        name, done, bound = handler(request, municipality, report)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(str(exc)) from exc
    except NotFound as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(
            "web:report_detail", code=municipality.code, service_request_id=service_request_id
        )
    if done is not None:
        messages.success(request, done)
        return redirect(
            "web:report_detail", code=municipality.code, service_request_id=service_request_id
        )
    report = _get_report(request, municipality, service_request_id)
    context = _detail_context(request, municipality, report, {name: bound})
    context["open_form"] = name
    return render(request, "web/reports/detail.html", context, status=400)
