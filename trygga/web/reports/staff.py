"""The staff's report lists: the triage queue with filters and bulk actions, and the
fix-time table. A report's own page is `report_page`.

Every page answers 404 to a non-member, so the municipality's existence does not leak; the
queue holds only the reports the viewer may see (`selectors.staff_queue`).
"""

from datetime import timedelta
from typing import cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
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
from trygga.reports import actions
from trygga.reports.models import ResponseTemplate, Service
from trygga.reports.selectors import (
    QueueFilter,
    fix_time_table,
    held_submissions_for,
    staff_queue,
    target_times_of,
    visible_reports,
)
from trygga.reports.statuses import CLOSED_STATUSES, Status
from trygga.web.reports import staff_forms
from trygga.web.views import municipality_page, page_context

PAGE_SIZE = 50
MIN_COUNT = 5  # fixed reports an organisation needs before it is ranked
PERIODS = {"30": 30, "90": 90, "365": 365}
SECTION = "reports"


def client_ip(request: HttpRequest) -> str | None:
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


def _queue_filter(request: HttpRequest, form: staff_forms.QueueFilterForm) -> QueueFilter:
    data = form.cleaned_data
    status = data["status"]
    statuses: list[str] | None
    if status == staff_forms.STATUS_FILTER_OPEN:
        statuses = None
    elif status == staff_forms.STATUS_FILTER_CLOSED:
        statuses = sorted(CLOSED_STATUSES)
    elif status == staff_forms.STATUS_FILTER_ALL:
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


def templates_json(templates: QuerySet[ResponseTemplate]) -> dict[str, dict[str, str]]:
    """The templates' texts and statuses for the script that fills the note from one."""
    return {str(t.pk): {"text": t.text, "status": t.status} for t in templates}


@require_GET
@municipality_page
def queue(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The triage queue: overdue first, then oldest; filters; ticked reports in bulk."""
    form = staff_forms.QueueFilterForm(
        request.GET or None,
        municipality=municipality,
        services=_services(municipality),
        organisations=organisations_of(municipality),
    )
    page = None
    if not request.GET or form.is_valid():
        if not request.GET:
            form = staff_forms.QueueFilterForm(
                {"status": staff_forms.STATUS_FILTER_OPEN},
                municipality=municipality,
                services=_services(municipality),
                organisations=organisations_of(municipality),
            )
            form.is_valid()
        reports = staff_queue(request.user, municipality, _queue_filter(request, form))
        page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("sida"))
    templates = _municipality_templates(municipality)
    bulk_form = staff_forms.BulkForm(assignees=_handlers(municipality), templates=templates)
    query = request.GET.copy()
    query.pop("sida", None)
    context = page_context(
        request,
        municipality,
        SECTION,
        form=form,
        page=page,
        bulk_form=bulk_form,
        templates_json=templates_json(templates),
        query=query.urlencode(),
        now=timezone.now(),
        can_manage=permissions.can_manage_reports(request.user, municipality),
        held_count=held_submissions_for(request.user, municipality).count(),
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
    form = staff_forms.BulkForm(
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
        if data["action"] == staff_forms.BULK_STATUS:
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
                if data["action"] == staff_forms.BULK_ASSIGN_ME
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


def duration_text(hours: float) -> str:
    """A duration as people say it: hours up to two days, then days with one decimal."""
    if hours < 48:
        whole = round(hours)
        return ngettext("%(n)d timme", "%(n)d timmar", whole) % {"n": whole}
    days = hours / 24
    text = formats.number_format(round(days, 1), decimal_pos=1 if days % 1 else 0)
    return _("%(n)s dygn") % {"n": text}


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
