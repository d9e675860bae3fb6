"""The staff's report pages: the triage queue with filters and bulk actions, a report's
page with its handling forms, and the fix-time table.

Every page answers 404 to a non-member (the municipality's existence does not leak) and a
report the viewer may not see is 404 like a missing one. The handling forms show only to
those who may handle the report; each posts to `report_act` and comes back to the page,
with the refusal next to the field it names.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from trygga.accounts import permissions
from trygga.accounts.models import Membership
from trygga.accounts.selectors import organisations_of
from trygga.core.errors import NotFound, PermissionDenied
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of
from trygga.reports import actions
from trygga.reports.models import Report, ResponseTemplate, Service
from trygga.reports.selectors import (
    QueueFilter,
    assignable_people,
    can_handle,
    fix_time_table,
    get_report_contact,
    get_report_for_staff,
    internal_notes_for,
    report_history,
    response_templates_for,
    staff_queue,
    visible_reports,
)
from trygga.reports.statuses import CLOSED_STATUSES, TRANSITIONS, Status
from trygga.web.reports import forms as report_forms
from trygga.web.reports.forms import add_action_errors
from trygga.web.reports.helpers import photo_response, target_times_of
from trygga.web.views import _map_config, municipality_page, page_context

PAGE_SIZE = 50
MIN_COUNT = 5  # fixed reports an organisation needs before it is ranked
PERIODS = {"30": 30, "90": 90, "365": 365}
SECTION = "reports"


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _services(municipality: Municipality) -> QuerySet[Service]:
    return Service.objects.filter(municipality=municipality).order_by("sort_order", "name")


def _handlers(municipality: Municipality) -> QuerySet[User]:
    """People who may handle some reports of the municipality (for the bulk assignment;
    `assign` checks each report)."""
    members = Membership.objects.filter(
        is_active=True,
        organisation__is_active=True,
        organisation__municipality=municipality,
        role__in=permissions.HANDLE_REPORT_ROLES,
    )
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def _municipality_templates(municipality: Municipality) -> QuerySet[ResponseTemplate]:
    return ResponseTemplate.objects.filter(municipality=municipality, is_active=True).order_by(
        "sort_order", "title"
    )


def _queue_filter(request: HttpRequest, form: report_forms.QueueFilterForm) -> QueueFilter:
    data = form.cleaned_data
    status = data["status"]
    statuses: list[str] | None
    if status == report_forms.STATUS_FILTER_OPEN:
        statuses = None
    elif status == report_forms.STATUS_FILTER_CLOSED:
        statuses = sorted(CLOSED_STATUSES)
    elif status == report_forms.STATUS_FILTER_ALL:
        statuses = [s.value for s in Status]
    else:
        statuses = [status]
    return QueueFilter(
        statuses=statuses,
        organisation_id=data["organisation"].pk if data.get("organisation") else None,
        service_id=data["service"].pk if data.get("service") else None,
        district_id=data["district"].pk if data.get("district") else None,
        assignee_id=request.user.pk if data.get("mine") else None,
        overdue=bool(data.get("overdue")),
        search=data.get("q") or "",
    )


def _templates_json(templates: QuerySet[ResponseTemplate]) -> dict[str, dict[str, str]]:
    """The templates' texts and statuses for the script that fills the note from one."""
    return {str(t.pk): {"text": t.text, "status": t.status} for t in templates}


@require_GET
@municipality_page
def queue(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The triage queue: overdue first, then oldest; filters; ticked reports in bulk."""
    form = report_forms.QueueFilterForm(
        request.GET or None,
        municipality=municipality,
        services=_services(municipality),
        organisations=organisations_of(municipality),
    )
    page = None
    if not request.GET or form.is_valid():
        if not request.GET:
            form = report_forms.QueueFilterForm(
                {"status": report_forms.STATUS_FILTER_OPEN},
                municipality=municipality,
                services=_services(municipality),
                organisations=organisations_of(municipality),
            )
            form.is_valid()
        reports = staff_queue(request.user, municipality, _queue_filter(request, form))
        page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("sida"))
    templates = _municipality_templates(municipality)
    bulk_form = report_forms.BulkForm(assignees=_handlers(municipality), templates=templates)
    query = request.GET.copy()
    query.pop("sida", None)
    context = page_context(
        request,
        municipality,
        SECTION,
        form=form,
        page=page,
        bulk_form=bulk_form,
        templates_json=_templates_json(templates),
        query=query.urlencode(),
        now=timezone.now(),
        may_handle_any=bool(
            permissions.sees_all_reports(request.user, municipality)
            or permissions.roles(request.user, municipality) & permissions.HANDLE_REPORT_ROLES
        ),
    )
    return render(request, "web/reports/queue.html", context)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@municipality_page
def bulk(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """One action on the ticked reports, all or nothing (the core's bulk actions)."""
    back = _safe_next(request, reverse("web:report_queue", args=[municipality.code]))
    form = report_forms.BulkForm(
        request.POST,
        assignees=_handlers(municipality),
        templates=_municipality_templates(municipality),
    )
    if not form.is_valid():
        errors = [f"{form.fields[name].label}: {' '.join(e)}" if name in form.fields else
                  " ".join(e) for name, e in form.errors.items()]  # fmt: skip
        messages.error(request, _("Ingenting ändrades. %s") % " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    numbers = data["reports"]
    reports = list(
        visible_reports(request.user, municipality)
        .filter(service_request_id__in=numbers)
        .select_related("municipality", "service", "responsible_organisation")
    )
    missing = sorted(set(numbers) - {r.service_request_id for r in reports})
    if missing:
        messages.error(
            request, _("Ingenting ändrades. Ärendena finns inte: %s.") % ", ".join(missing)
        )
        return redirect(back)
    reports.sort(key=lambda r: numbers.index(r.service_request_id))
    try:
        if data["action"] == report_forms.BULK_STATUS:
            actions.bulk_change_status(
                actor=request.user, reports=reports, status=data["status"], note=data["note"]
            )
            done = _("%(n)d ärenden fick status %(status)s.") % {
                "n": len(reports),
                "status": Status(data["status"]).label,
            }
        else:
            assignee: User | None = (
                cast(User, request.user)
                if data["action"] == report_forms.BULK_ASSIGN_ME
                else data["assignee"]
            )
            actions.bulk_assign(actor=request.user, reports=reports, assignee=assignee)
            who = (assignee.get_full_name() or assignee.get_username()) if assignee else _("ingen")
            done = _("%(n)d ärenden tilldelades %(who)s.") % {"n": len(reports), "who": who}
    except ValidationError as exc:
        text = " ".join(m for ms in exc.message_dict.values() for m in ms)
        messages.error(request, _("Ingenting ändrades. %s") % text)
    except (PermissionDenied, NotFound) as exc:
        messages.error(request, _("Ingenting ändrades. %s") % exc)
    else:
        messages.success(request, done)
    return redirect(back)


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
            "status_form": report_forms.StatusForm(
                statuses=_status_choices(report),
                templates=templates,
                initial={"status": report.status},
            ),
            "forward_form": report_forms.ForwardForm(),
            "reroute_form": report_forms.RerouteForm(
                organisations=_other_organisations(municipality, report)
            ),
            "assign_form": report_forms.AssignForm(
                assignees=User.objects.filter(
                    pk__in=[u.pk for u in assignable_people(request.user, report)]
                ).order_by("first_name", "last_name", "username"),
                initial={"assignee": report.assignee_id},
            ),
            "duplicate_form": report_forms.DuplicateForm(),
            "note_form": report_forms.InternalNoteForm(),
        }
        forms.update(bound or {})
    contact = None
    contact_requested = handler and request.GET.get("kontakt") == "1"
    if contact_requested:
        contact = get_report_contact(request.user, report, ip_address=_ip(request))
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
        templates_json=_templates_json(templates),
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


def duration_text(hours: float) -> str:
    """A duration as people say it: hours up to two days, then days with one decimal."""
    if hours < 48:
        whole = round(hours)
        return ngettext("%(n)d timme", "%(n)d timmar", whole) % {"n": whole}
    days = hours / 24
    text = formats.number_format(round(days, 1), decimal_pos=1 if days % 1 else 0)
    return _("%(n)s dygn") % {"n": text}


Handler = Callable[[HttpRequest, Municipality, Report], tuple[str, str | None, Any]]


def _act_status(
    request: HttpRequest, municipality: Municipality, report: Report
) -> tuple[str, str | None, Any]:
    form = report_forms.StatusForm(
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
    form = report_forms.ForwardForm(request.POST)
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
    form = report_forms.RerouteForm(
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
    form = report_forms.AssignForm(request.POST, assignees=User.objects.filter(pk__in=people))
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
    form = report_forms.DuplicateForm(request.POST)
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
    form = report_forms.InternalNoteForm(request.POST)
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


@require_GET
@municipality_page
def fix_times(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Target times, and the time to fixed per organisation with medians and minimum counts
    ("Handslag mot skadegörelse")."""
    period = request.GET.get("period", "90")
    if period not in PERIODS and period != "all":
        period = "90"
    service = None
    service_code = request.GET.get("service", "")
    if service_code:
        service = _services(municipality).filter(service_code=service_code).first()
    since = timezone.now() - timedelta(days=PERIODS[period]) if period in PERIODS else None
    rows = fix_time_table(
        request.user, municipality, since=since, service=service, min_count=MIN_COUNT
    )
    shown = [
        {
            "rank": r.rank,
            "organisation": r.organisation,
            "fixed": r.fixed,
            "median_text": duration_text(r.median_hours),
            "within_text": "–" if r.within_target is None else f"{round(r.within_target * 100)} %",
        }
        for r in rows
    ]
    targets = [
        {
            "service": t.service.name,
            "organisation": t.organisation.name if t.organisation else "",
            "text": duration_text(t.hours),
        }
        for t in target_times_of(municipality)
    ]
    context = page_context(
        request,
        municipality,
        SECTION,
        rows=rows,
        ranked=[r for r in shown if r["rank"] is not None],
        unranked=[r for r in shown if r["rank"] is None],
        min_count=MIN_COUNT,
        period=period,
        periods=[
            ("30", _("30 dagar")),
            ("90", _("90 dagar")),
            ("365", _("ett år")),
            ("all", _("all tid")),
        ],
        services=_services(municipality),
        service=service,
        targets=targets,
    )
    return render(request, "web/reports/fix_times.html", context)
