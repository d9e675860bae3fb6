"""Views of the action-plan pages. They parse, call a selector or an action, and render.

Staff pages are under `/<code>/atgarder/` (every member reads; coordinators write plans,
problems and measures; the owner organisation edits and follows up its measures; partners
comment). The follow-up report is a page, a PDF and an XLSX workbook built by
`trygga.plans.followup`. The public transparency page is `/<code>/trygghetsarbete/`, without
log-in.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygga.accounts import permissions
from trygga.core.errors import NotFound, PermissionDenied
from trygga.geography.models import Municipality
from trygga.geography.selectors import get_municipality
from trygga.plans import actions, followup, selectors
from trygga.plans.actions import PhaseSpec
from trygga.plans.models import ActionPlan, Measure, PlanKind, Problem
from trygga.web.plans.forms import (
    BODY_SUGGESTIONS,
    AdoptForm,
    CommentForm,
    FollowUpForm,
    FromLagesbildForm,
    IndicatorForm,
    MeasureForm,
    PhaseForm,
    PlanForm,
    ProblemForm,
    ValueForm,
)
from trygga.web.views import municipality_page, page_context

SECTION = "plans"


def _context(request: HttpRequest, municipality: Municipality, **extra: Any) -> dict[str, Any]:
    return page_context(
        request,
        municipality,
        SECTION,
        coordinator=permissions.can_coordinate_plans(request.user, municipality),
        **extra,
    )


def _plan(request: HttpRequest, municipality: Municipality, pk: int) -> ActionPlan:
    try:
        return selectors.get_plan_for_viewer(request.user, municipality, pk)
    except NotFound as exc:
        raise Http404 from exc


def _measure(request: HttpRequest, plan: ActionPlan, mid: int) -> Measure:
    try:
        return selectors.get_measure_for_viewer(request.user, plan, mid)
    except NotFound as exc:
        raise Http404 from exc


def _require_coordinator(request: HttpRequest, municipality: Municipality) -> None:
    if not permissions.can_coordinate_plans(request.user, municipality):
        raise Http404


def _attach(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _plan_fields(form: PlanForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


# --------------------------------------------------------------------------- plans


@require_http_methods(["GET", "POST"])
@municipality_page
def plan_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    coordinator = permissions.can_coordinate_plans(request.user, municipality)
    form = None
    if coordinator:
        today = timezone.localdate()
        form = PlanForm(
            request.POST or None,
            municipality=municipality,
            initial={
                "kind": PlanKind.PLAN,
                "date_from": today.replace(month=1, day=1),
                "date_to": today.replace(month=12, day=31),
            },
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                plan = actions.create_plan(
                    actor=request.user,
                    municipality=municipality,
                    parties=list(form.cleaned_data["parties"]),
                    **_plan_fields(form),
                )
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, _("Planen är skapad."))
                return redirect("web:plan_detail", code=municipality.code, pk=plan.pk)
    plans = [
        {"plan": plan, "version": selectors.latest_version(plan), "measures": plan.measures.count()}
        for plan in selectors.plans_for(request.user, municipality)
    ]
    return render(
        request,
        "web/plans/list.html",
        _context(request, municipality, plans=plans, form=form),
    )


@require_GET
@municipality_page
def plan_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    plan = _plan(request, municipality, pk)
    coordinator = permissions.can_coordinate_plans(request.user, municipality)
    measures = list(selectors.measures_of(plan))
    rows = [
        {
            "measure": m,
            "can_edit": permissions.can_edit_measure(request.user, municipality, m.owner_id),
            "planned": sum(int(b.planned) for b in m.budget.all()),
            "spent": sum(int(b.spent or 0) for b in m.budget.all()),
        }
        for m in measures
    ]
    context = _context(
        request,
        municipality,
        plan=plan,
        problems=selectors.problems_of(plan),
        rows=rows,
        versions=selectors.versions_of(plan),
        adopt_form=AdoptForm() if coordinator else None,
        bodies=BODY_SUGGESTIONS,
    )
    return render(request, "web/plans/detail.html", context)


@require_http_methods(["GET", "POST"])
@municipality_page
def plan_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    _require_coordinator(request, municipality)
    plan = _plan(request, municipality, pk)
    form = PlanForm(request.POST or None, instance=plan, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        fields = _plan_fields(form)
        plan.refresh_from_db()
        try:
            actions.update_plan(
                actor=request.user, plan=plan, parties=list(form.cleaned_data["parties"]), **fields
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Planen är sparad."))
            return redirect("web:plan_detail", code=municipality.code, pk=pk)
    return render(
        request, "web/plans/plan_edit.html", _context(request, municipality, plan=plan, form=form)
    )


@require_POST
@municipality_page
def plan_adopt(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    _require_coordinator(request, municipality)
    plan = _plan(request, municipality, pk)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            version = actions.adopt_plan(
                actor=request.user,
                plan=plan,
                body=form.cleaned_data["body"],
                decision_date=form.cleaned_data["decision_date"],
                reference=form.cleaned_data["reference"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Version %(n)s är antagen och låst.") % {"n": version.number},
            )
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect("web:plan_detail", code=municipality.code, pk=pk)


@require_GET
@municipality_page
def plan_version(
    request: HttpRequest, municipality: Municipality, pk: int, number: int
) -> HttpResponse:
    plan = _plan(request, municipality, pk)
    try:
        version = selectors.get_version(plan, number)
    except NotFound as exc:
        raise Http404 from exc
    return render(
        request,
        "web/plans/version.html",
        _context(request, municipality, plan=plan, version=version, data=version.snapshot),
    )


# --------------------------------------------------------------------------- problems


@require_http_methods(["GET", "POST"])
@municipality_page
def problem_from_lagesbild(
    request: HttpRequest, municipality: Municipality, pk: int
) -> HttpResponse:
    _require_coordinator(request, municipality)
    plan = _plan(request, municipality, pk)
    options = selectors.lagesbild_problems(request.user, municipality)
    if plan.lagesbild_id is not None:
        # The plan's own lägesbild first.
        options.sort(key=lambda o: o.lagesbild.pk != plan.lagesbild_id)
    choices = [
        (
            o.key,
            _("%(problem)s (%(lagesbild)s%(version)s)")
            % {
                "problem": o.written.get("title", ""),
                "lagesbild": o.lagesbild.title,
                "version": (", " + _("version %s") % o.version)
                if o.version
                else ", " + _("utkast"),
            },
        )
        for o in options
    ]
    form = FromLagesbildForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = next(o for o in options if o.key == form.cleaned_data["source"])
        source_problem = chosen.lagesbild.problems.filter(
            pk=int(chosen.written.get("id") or 0)
        ).first()
        try:
            problem = actions.problem_from_lagesbild(
                actor=request.user,
                plan=plan,
                lagesbild=chosen.lagesbild,
                version=chosen.version,
                written=chosen.written,
                figures=chosen.figures,
                source_problem=source_problem,
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(
                request, _("Problemet är hämtat. Sortera orsakerna i situationella och sociala.")
            )
            return redirect(
                "web:plan_problem", code=municipality.code, pk=pk, problem_id=problem.pk
            )
    return render(
        request,
        "web/plans/from_lagesbild.html",
        _context(request, municipality, plan=plan, form=form, options=options),
    )


@require_http_methods(["GET", "POST"])
@municipality_page
def problem_edit(
    request: HttpRequest, municipality: Municipality, pk: int, problem_id: int | None = None
) -> HttpResponse:
    _require_coordinator(request, municipality)
    plan = _plan(request, municipality, pk)
    problem = None
    if problem_id is not None:
        problem = Problem.objects.filter(plan=plan, pk=problem_id).first()
        if problem is None:
            raise Http404
    if request.method == "POST" and "delete" in request.POST and problem is not None:
        actions.delete_problem(actor=request.user, problem=problem)
        messages.success(request, _("Problemet är borttaget."))
        return redirect("web:plan_detail", code=municipality.code, pk=pk)
    initial = {}
    if problem is not None:
        initial = {
            "situational_causes": actions.cause_tree_text(problem, "situational"),
            "social_causes": actions.cause_tree_text(problem, "social"),
        }
    form = ProblemForm(
        request.POST or None, instance=problem, municipality=municipality, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if problem is not None:
            problem.refresh_from_db()
        try:
            actions.save_problem(
                actor=request.user,
                plan=plan,
                problem=problem,
                situational_causes=form.cleaned_data["situational_causes"],
                social_causes=form.cleaned_data["social_causes"],
                **fields,
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Problemet är sparat."))
            return redirect("web:plan_detail", code=municipality.code, pk=pk)
    return render(
        request,
        "web/plans/problem.html",
        _context(request, municipality, plan=plan, problem=problem, form=form),
    )


# --------------------------------------------------------------------------- measures


def _measure_fields(form: MeasureForm) -> dict[str, Any]:
    fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
    if form.fields["owner"].disabled:
        fields.pop("owner")
    return fields


@require_http_methods(["GET", "POST"])
@municipality_page
def measure_edit(
    request: HttpRequest, municipality: Municipality, pk: int, mid: int | None = None
) -> HttpResponse:
    plan = _plan(request, municipality, pk)
    measure = _measure(request, plan, mid) if mid is not None else None
    if measure is None:
        _require_coordinator(request, municipality)
    elif not permissions.can_edit_measure(request.user, municipality, measure.owner_id):
        raise Http404
    coordinator = permissions.can_coordinate_plans(request.user, municipality)
    form = MeasureForm(
        request.POST or None, instance=measure, plan=plan, owner_locked=not coordinator
    )
    if request.method == "POST" and form.is_valid():
        budget = form.budget_lines()
        if form.is_valid():
            fields = _measure_fields(form)
            if measure is not None:
                measure.refresh_from_db()
            try:
                saved = actions.save_measure(
                    actor=request.user,
                    plan=plan,
                    measure=measure,
                    partners=list(form.cleaned_data["partners"]),
                    districts=list(form.cleaned_data["districts"]),
                    problems=list(form.cleaned_data["problems"]),
                    causes=list(form.cleaned_data["causes"]),
                    budget=budget,
                    **fields,
                )
            except ValidationError as exc:
                _attach(form, exc)
            except PermissionDenied as exc:
                raise Http404 from exc
            else:
                messages.success(request, _("Åtgärden är sparad."))
                return redirect("web:plan_measure", code=municipality.code, pk=pk, mid=saved.pk)
    return render(
        request,
        "web/plans/measure_edit.html",
        _context(request, municipality, plan=plan, measure=measure, form=form),
    )


@require_http_methods(["GET", "POST"])
@municipality_page
def measure_detail(
    request: HttpRequest, municipality: Municipality, pk: int, mid: int
) -> HttpResponse:
    plan = _plan(request, municipality, pk)
    measure = _measure(request, plan, mid)
    partner_ids = {p.pk for p in measure.partners.all()}
    can_edit = permissions.can_edit_measure(request.user, municipality, measure.owner_id)
    can_comment = permissions.can_comment_on_measure(
        request.user, municipality, measure.owner_id, partner_ids
    )
    own = [
        m.organisation
        for m in permissions.memberships(request.user, municipality)
        if m.organisation_id in partner_ids | {measure.owner_id}
    ]
    organisation = own[0] if own else None
    followup_form = FollowUpForm(prefix="f") if can_edit else None
    comment_form = CommentForm(prefix="c") if can_comment else None
    value_form = ValueForm(prefix="v") if can_edit else None
    if request.method == "POST":
        what = request.POST.get("action")
        try:
            if what == "followup" and can_edit:
                followup_form = FollowUpForm(request.POST, request.FILES, prefix="f")
                if followup_form.is_valid():
                    data = followup_form.cleaned_data
                    actions.add_followup(
                        actor=request.user,
                        measure=measure,
                        date=data["date"],
                        text=data["text"],
                        status=data["status"],
                        is_public=data["is_public"],
                        files=data["attachments"] or [],
                        organisation=organisation,
                    )
                    messages.success(request, _("Uppföljningen är sparad."))
                    return redirect(request.path)
            elif what == "comment" and can_comment:
                comment_form = CommentForm(request.POST, prefix="c")
                if comment_form.is_valid():
                    actions.add_comment(
                        actor=request.user,
                        measure=measure,
                        text=comment_form.cleaned_data["text"],
                        organisation=organisation,
                    )
                    messages.success(request, _("Kommentaren är sparad."))
                    return redirect(request.path + "#kommentarer")
            elif what == "value" and can_edit:
                value_form = ValueForm(request.POST, prefix="v")
                indicator = measure.indicators.filter(
                    pk=int(request.POST.get("indicator") or 0)
                ).first()
                if indicator is None:
                    raise Http404
                if value_form.is_valid():
                    actions.enter_indicator_value(
                        actor=request.user, indicator=indicator, **value_form.cleaned_data
                    )
                    messages.success(request, _("Värdet är sparat."))
                    return redirect(request.path)
            else:
                raise Http404
        except ValidationError as exc:
            forms_by_action = {
                "followup": followup_form,
                "comment": comment_form,
                "value": value_form,
            }
            _attach(forms_by_action[what or ""], exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        measure = _measure(request, plan, mid)
    row = followup.measure_row(measure, "partner", timezone.localdate())
    context = _context(
        request,
        municipality,
        plan=plan,
        measure=measure,
        row=row,
        can_edit=can_edit,
        can_comment=can_comment,
        followup_form=followup_form,
        comment_form=comment_form,
        value_form=value_form,
        comments=measure.comments.all(),
    )
    return render(request, "web/plans/measure.html", context)


@require_http_methods(["GET", "POST"])
@municipality_page
def indicator_edit(
    request: HttpRequest,
    municipality: Municipality,
    pk: int,
    mid: int,
    iid: int | None = None,
) -> HttpResponse:
    plan = _plan(request, municipality, pk)
    measure = _measure(request, plan, mid)
    if not permissions.can_edit_measure(request.user, municipality, measure.owner_id):
        raise Http404
    indicator = None
    if iid is not None:
        indicator = measure.indicators.filter(pk=iid).first()
        if indicator is None:
            raise Http404
    form = IndicatorForm(request.POST or None, instance=indicator, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if indicator is not None:
            indicator.refresh_from_db()
        try:
            actions.save_indicator(
                actor=request.user, measure=measure, indicator=indicator, **fields
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Indikatorn är sparad."))
            return redirect("web:plan_measure", code=municipality.code, pk=pk, mid=mid)
    return render(
        request,
        "web/plans/indicator.html",
        _context(request, municipality, plan=plan, measure=measure, indicator=indicator, form=form),
    )


@require_GET
@municipality_page
def attachment(request: HttpRequest, municipality: Municipality, aid: int) -> HttpResponse:
    try:
        item = selectors.get_attachment_for_viewer(request.user, municipality, aid)
    except NotFound as exc:
        raise Http404 from exc
    # At most PLAN_ATTACHMENT_MAX_MB (10 MB): read whole, served as a download only.
    with item.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=item.content_type)
    response["Content-Disposition"] = content_disposition_header(True, item.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------- the report


def _report_name(report: followup.Report, extension: str) -> str:
    return f"uppfoljning-{slugify(report.plan.title)}-{report.as_of.isoformat()}.{extension}"


@require_GET
@municipality_page
def report_page(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    plan = _plan(request, municipality, pk)
    report = followup.build(plan)
    return render(
        request,
        "web/plans/report.html",
        _context(request, municipality, plan=plan, report=report),
    )


@require_GET
@municipality_page
def report_pdf(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    report = followup.build(_plan(request, municipality, pk))
    response = HttpResponse(followup.pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_report_name(report, "pdf")}"'
    return response


@require_GET
@municipality_page
def report_xlsx(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    report = followup.build(_plan(request, municipality, pk))
    response = HttpResponse(followup.xlsx(report), content_type=followup.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_report_name(report, "xlsx")}"'
    return response


# --------------------------------------------------------------------------- the model


@require_http_methods(["GET", "POST"])
@municipality_page
def long_term_model(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    model = selectors.long_term_model(municipality)
    coordinator = permissions.can_coordinate_plans(request.user, municipality)
    phases = list(model.phases.all()) if model else []
    initial: dict[str, Any] = {}
    if model is not None:
        initial = {
            "name": model.name,
            "start_year": model.start_year,
            "end_year": model.end_year,
            "description": model.description,
        }
        for phase in phases:
            initial[f"phase_{phase.number}_name"] = phase.name
            initial[f"phase_{phase.number}_start"] = phase.start_year
            initial[f"phase_{phase.number}_end"] = phase.end_year
    count = max([p.number for p in phases] + [3]) + 1
    form = PhaseForm(request.POST or None, phases=count, initial=initial) if coordinator else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            specs = [
                PhaseSpec(
                    i, data[f"phase_{i}_name"], data[f"phase_{i}_start"], data[f"phase_{i}_end"]
                )
                for i in range(1, count + 1)
                if data.get(f"phase_{i}_name")
            ]
            try:
                actions.save_long_term_model(
                    actor=request.user,
                    municipality=municipality,
                    name=data["name"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    description=data["description"],
                    phases=specs,
                )
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, _("Modellen är sparad."))
                return redirect("web:plan_model", code=municipality.code)
    return render(
        request,
        "web/plans/model.html",
        _context(request, municipality, model=model, phases=phases, form=form),
    )


# --------------------------------------------------------------------------- public


def _public_municipality(code: str) -> Municipality:
    try:
        municipality = get_municipality(code)
    except NotFound as exc:
        raise Http404 from exc
    if not municipality.is_active:
        raise Http404
    return municipality


@require_GET
def public_overview(request: HttpRequest, code: str) -> HttpResponse:
    """What the municipality does for safety: every public plan with its public measures."""
    municipality = _public_municipality(code)
    reports = [
        followup.build(plan, audience="public") for plan in selectors.public_plans(municipality)
    ]
    return render(
        request,
        "web/plans/public.html",
        {"municipality": municipality, "reports": reports},
    )


@require_GET
def public_plan(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    municipality = _public_municipality(code)
    plan = selectors.public_plans(municipality).filter(pk=pk).first()
    if plan is None:
        raise Http404
    report = followup.build(plan, audience="public")
    return render(
        request,
        "web/plans/public_plan.html",
        {
            "municipality": municipality,
            "report": report,
            "back": reverse("web:plans_public", kwargs={"code": code}),
        },
    )
