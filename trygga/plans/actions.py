"""Every change to an action plan: plans, problems with causes, measures with budget,
follow-ups with attachments, comments, indicators and their values, adoption, and the
long-term model.

Each action takes a keyword-only `actor` (None: the system, e.g. the demo loader), checks
the permission predicates of `trygga.accounts.permissions`, runs in one transaction and
writes its audit row inside it. Text that will be public is checked for personal data
(`trygga.redaction.find_spans`) before it is saved as public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import PermissionDenied
from trygga.events.models import EventCategory
from trygga.geography.models import District, Municipality
from trygga.lagesbild.models import Lagesbild
from trygga.lagesbild.models import Problem as LagesbildProblem
from trygga.plans import attachments, snapshot
from trygga.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    Attachment,
    BudgetLine,
    Cause,
    CauseKind,
    Comment,
    FollowUp,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    LongTermModel,
    Measure,
    MeasureStatus,
    Phase,
    PlanStatus,
    Problem,
)
from trygga.redaction import find_spans

Actor = User | AnonymousUser | None


def _label(actor: Actor) -> str:
    if isinstance(actor, User):
        return actor.get_full_name() or actor.get_username()
    return _("systemet")


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _require_coordinator(actor: Actor, municipality: Municipality) -> None:
    if actor is not None and not permissions.can_coordinate_plans(actor, municipality):
        raise PermissionDenied(_("Bara samordnare och administratörer får ändra planen."))


def _require_measure_editor(actor: Actor, measure: Measure) -> None:
    municipality = measure.plan.municipality
    if actor is not None and not permissions.can_edit_measure(
        actor, municipality, measure.owner_id
    ):
        raise PermissionDenied(
            _("Bara den ansvariga organisationen och samordnarna får ändra åtgärden.")
        )


def _check_public_text(field: str, text: str, what: str) -> None:
    spans = find_spans(text or "")
    if spans:
        found = ", ".join(f"{s.kind} ”{s.original}”" for s in spans[:3])
        raise ValidationError(
            {
                field: _(
                    "%(what)s ser ut att innehålla personuppgifter (%(found)s). Skriv om texten "
                    "eller låt bli att göra den offentlig."
                )
                % {"what": what, "found": found}
            }
        )


def _own_organisations(
    organisations: Iterable[Organisation], municipality: Municipality, field: str
) -> list[Organisation]:
    items = list(organisations)
    if any(o.municipality_id != municipality.pk for o in items):
        raise ValidationError({field: _("Organisationen hör inte till kommunen.")})
    return items


# --------------------------------------------------------------------------- plans


PLAN_FIELDS = ("kind", "title", "lagesbild", "date_from", "date_to", "summary", "is_public")


def _validate_plan(plan: ActionPlan) -> None:
    if plan.lagesbild is not None and plan.lagesbild.municipality_id != plan.municipality_id:
        raise ValidationError({"lagesbild": _("Lägesbilden hör inte till kommunen.")})
    if plan.is_public:
        _check_public_text("summary", plan.summary, _("Sammanfattningen"))
    plan.full_clean()


def create_plan(
    *,
    actor: Actor,
    municipality: Municipality,
    kind: str,
    title: str,
    date_from: dt.date,
    date_to: dt.date,
    lagesbild: Lagesbild | None = None,
    summary: str = "",
    is_public: bool = False,
    parties: Sequence[Organisation] = (),
) -> ActionPlan:
    """A new action plan or citizen promise, as a draft.

    Side effects: AuditEvent PLAN_CREATED.
    """
    _require_coordinator(actor, municipality)
    party_list = _own_organisations(parties, municipality, "parties")
    plan = ActionPlan(
        municipality=municipality,
        kind=kind,
        title=title,
        lagesbild=lagesbild,
        date_from=date_from,
        date_to=date_to,
        summary=summary,
        is_public=is_public,
        created_by=_user(actor),
    )
    _validate_plan(plan)
    with transaction.atomic():
        plan.save()
        plan.parties.set(party_list)
        record(actor=actor, action=AuditAction.PLAN_CREATED, target=plan, details={"kind": kind})
    return plan


def update_plan(
    *, actor: Actor, plan: ActionPlan, parties: Sequence[Organisation] | None = None, **fields: Any
) -> ActionPlan:
    """Change the plan's own fields (not its measures).

    Side effects: AuditEvent PLAN_UPDATED with the names of the changed fields.
    """
    _require_coordinator(actor, plan.municipality)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"unknown plan fields {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(plan, name) != value]
    for name, value in fields.items():
        setattr(plan, name, value)
    _validate_plan(plan)
    with transaction.atomic():
        plan.save()
        if parties is not None:
            before = set(plan.parties.values_list("pk", flat=True))
            party_list = _own_organisations(parties, plan.municipality, "parties")
            if before != {p.pk for p in party_list}:
                changed.append("parties")
            plan.parties.set(party_list)
        record(
            actor=actor,
            action=AuditAction.PLAN_UPDATED,
            target=plan,
            details={"changed": changed},
        )
    return plan


def adopt_plan(
    *,
    actor: Actor,
    plan: ActionPlan,
    body: str,
    decision_date: dt.date,
    reference: str = "",
) -> ActionPlanVersion:
    """Freeze the plan as decided by `body` on `decision_date` into the next version.

    An action plan must be built on a lägesbild with an approved version (lag 2023:196 § 5);
    the version records which. Public measures' texts are checked for personal data.

    Side effects: AuditEvent PLAN_ADOPTED.
    """
    _require_coordinator(actor, plan.municipality)
    errors: dict[str, str] = {}
    if not body.strip():
        errors["body"] = _("Ange vilket organ som antog planen.")
    if not plan.measures.exists():
        errors["measures"] = _("Planen har inga åtgärder ännu.")
    lagesbild_version = None
    if plan.lagesbild is not None:
        lagesbild_version = plan.lagesbild.versions.order_by("-number").first()
    if plan.kind == "plan" and lagesbild_version is None:
        errors["lagesbild"] = _(
            "En åtgärdsplan ska bygga på en fastställd lägesbild. Välj en lägesbild med en "
            "fastställd version."
        )
    if errors:
        raise ValidationError(errors)
    for measure in plan.measures.filter(is_public=True):
        _check_public_text("measures", measure.description, _("Åtgärden ”%s”") % measure.title)
    with transaction.atomic():
        locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        previous = locked.versions.order_by("-number").first()
        data = snapshot.snapshot(locked)
        version = ActionPlanVersion(
            plan=locked,
            number=(previous.number + 1) if previous else 1,
            body=body.strip(),
            decision_date=decision_date,
            decision_reference=reference.strip(),
            adopted_by=_user(actor),
            adopted_by_label=_label(actor),
            lagesbild_version=lagesbild_version,
            snapshot=data,
            changes=snapshot.changes(previous.snapshot, data) if previous else [],
        )
        version.full_clean(exclude=["plan", "adopted_by", "lagesbild_version"])
        version.save()
        ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED)
        plan.status = PlanStatus.ADOPTED
        record(
            actor=actor,
            action=AuditAction.PLAN_ADOPTED,
            target=plan,
            details={"version": version.number, "body": version.body},
        )
    return version


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class ProblemSource:
    """Where a problem comes from: a lägesbild, one of its prioritised problems or a
    category and district of its figures, with the figures the lägesbild showed."""

    lagesbild: Lagesbild
    version: int | None
    problem: LagesbildProblem | None
    figures: dict[str, Any] | None


PROBLEM_FIELDS = (
    "title",
    "order",
    "category",
    "district",
    "description",
    "offender",
    "target",
    "place",
    "guardians",
)


def parse_cause_tree(text: str) -> list[tuple[int, str]]:
    """Indented lines (two spaces a level, tabs allowed) as (level, text)."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        expanded = line.replace("\t", "  ")
        stripped = expanded.lstrip(" ")
        level = (len(expanded) - len(stripped)) // 2
        label = stripped.lstrip("-–*• ").strip()
        if len(label) > 300:
            raise ValueError(_("rad %(n)s: högst 300 tecken per orsak") % {"n": number})
        if out and level > out[-1][0] + 1:
            level = out[-1][0] + 1
        if not out:
            level = 0
        out.append((level, label))
    return out


def cause_tree_text(problem: Problem, kind: str) -> str:
    """A problem's causes of one kind as the indented text the form edits."""
    causes = [c for c in problem.causes.all() if c.kind == kind]
    children: dict[int | None, list[Cause]] = {}
    for cause in causes:
        children.setdefault(cause.parent_id, []).append(cause)
    lines: list[str] = []

    def walk(parent: int | None, level: int) -> None:
        for cause in sorted(children.get(parent, []), key=lambda c: (c.order, c.pk)):
            lines.append("  " * level + cause.text)
            walk(cause.pk, level + 1)

    walk(None, 0)
    return "\n".join(lines)


def _save_causes(problem: Problem, kind: str, text: str) -> None:
    """Replace the causes of one kind, keeping the rows (and the measures' links to them)
    whose text and place stay the same."""
    try:
        lines = parse_cause_tree(text)
    except ValueError as exc:
        field = "situational_causes" if kind == CauseKind.SITUATIONAL else "social_causes"
        raise ValidationError({field: str(exc)}) from exc
    existing = {(c.parent_id, c.text): c for c in problem.causes.filter(kind=kind)}
    kept: set[int] = set()
    stack: list[Cause] = []
    for order, (level, label) in enumerate(lines):
        del stack[level:]
        parent = stack[-1] if stack else None
        cause = existing.get((parent.pk if parent else None, label))
        if cause is None or cause.pk in kept:
            cause = Cause.objects.create(
                problem=problem, parent=parent, kind=kind, text=label, order=order
            )
        elif cause.order != order:
            cause.order = order
            cause.save(update_fields=["order"])
        kept.add(cause.pk)
        stack.append(cause)
    problem.causes.filter(kind=kind).exclude(pk__in=kept).delete()


def save_problem(
    *,
    actor: Actor,
    plan: ActionPlan,
    problem: Problem | None = None,
    source: ProblemSource | None = None,
    situational_causes: str | None = None,
    social_causes: str | None = None,
    **fields: Any,
) -> Problem:
    """Create (with `source`, from a lägesbild) or change a problem and its cause tree.

    Side effects: AuditEvent PLAN_PROBLEM_SAVED.
    """
    _require_coordinator(actor, plan.municipality)
    unknown = set(fields) - set(PROBLEM_FIELDS)
    if unknown:
        raise ValueError(f"unknown problem fields {sorted(unknown)}")
    created = problem is None
    if problem is None:
        problem = Problem(plan=plan, order=plan.problems.count() + 1)
    elif problem.plan_id != plan.pk:
        raise PermissionDenied(_("Problemet hör inte till planen."))
    if source is not None:
        if source.lagesbild.municipality_id != plan.municipality_id:
            raise ValidationError({"lagesbild": _("Lägesbilden hör inte till kommunen.")})
        problem.lagesbild = source.lagesbild
        problem.lagesbild_version = source.version
        problem.source_problem = source.problem
        problem.date_from = source.lagesbild.date_from
        problem.date_to = source.lagesbild.date_to
        problem.figures = source.figures
    for name, value in fields.items():
        setattr(problem, name, value)
    for name in ("category", "district"):
        value = getattr(problem, name)
        owner = getattr(value, "municipality_id", None)
        if value is not None and owner not in (None, plan.municipality_id):
            raise ValidationError({name: _("Värdet hör inte till kommunen.")})
    problem.full_clean()
    with transaction.atomic():
        problem.save()
        if situational_causes is not None:
            _save_causes(problem, CauseKind.SITUATIONAL, situational_causes)
        if social_causes is not None:
            _save_causes(problem, CauseKind.SOCIAL, social_causes)
        record(
            actor=actor,
            action=AuditAction.PLAN_PROBLEM_SAVED,
            target=problem,
            municipality=plan.municipality,
            details={"plan": plan.pk, "created": created, "lagesbild": problem.lagesbild_id},
        )
    return problem


def problem_from_lagesbild(
    *,
    actor: Actor,
    plan: ActionPlan,
    lagesbild: Lagesbild,
    version: int | None,
    written: dict[str, Any],
    figures: dict[str, Any] | None,
    source_problem: LagesbildProblem | None,
) -> Problem:
    """A problem copied from one of a lägesbild's prioritised problems (as a document shows
    it: `written` with its crime triangle and cause tree), its figures included. The
    lägesbild's causes become situational causes; the coordinator sorts out the social ones.

    Side effects: AuditEvent PLAN_PROBLEM_SAVED.
    """
    category = None
    if written.get("category"):
        matches = EventCategory.objects.filter(code=written["category"]).filter(
            Q(municipality__isnull=True) | Q(municipality=plan.municipality)
        )
        # The municipality's own category wins over a shared one of the same code.
        category = sorted(matches, key=lambda c: c.municipality_id is None)[0] if matches else None
    district = None
    if written.get("district"):
        district = District.objects.filter(
            municipality=plan.municipality, code=written["district"]
        ).first()
    return save_problem(
        actor=actor,
        plan=plan,
        source=ProblemSource(lagesbild, version, source_problem, figures),
        situational_causes=written.get("causes", ""),
        social_causes="",
        title=written.get("title", "")[:200],
        category=category,
        district=district,
        description=written.get("description", ""),
        offender=written.get("offender", ""),
        target=written.get("target", ""),
        place=written.get("place", ""),
        guardians=written.get("guardians", ""),
    )


def delete_problem(*, actor: Actor, problem: Problem) -> None:
    """Side effects: AuditEvent PLAN_PROBLEM_DELETED."""
    plan = problem.plan
    _require_coordinator(actor, plan.municipality)
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditAction.PLAN_PROBLEM_DELETED,
            target=problem,
            municipality=plan.municipality,
            details={"plan": plan.pk, "title": problem.title},
        )
        problem.delete()


# --------------------------------------------------------------------------- measures


MEASURE_FIELDS = (
    "order",
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
)


@dataclass(frozen=True)
class Budget:
    year: int
    planned: Decimal
    spent: Decimal | None = None


def _check_links(
    plan: ActionPlan,
    partners: Sequence[Organisation],
    districts: Sequence[District],
    problems: Sequence[Problem],
    causes: Sequence[Cause],
    phase: Phase | None,
) -> None:
    _own_organisations(partners, plan.municipality, "partners")
    if any(d.municipality_id != plan.municipality_id for d in districts):
        raise ValidationError({"districts": _("Stadsdelen hör inte till kommunen.")})
    if any(p.plan_id != plan.pk for p in problems):
        raise ValidationError({"problems": _("Problemet hör inte till planen.")})
    if any(c.problem.plan_id != plan.pk for c in causes):
        raise ValidationError({"causes": _("Orsaken hör inte till planens problem.")})
    if phase is not None and phase.model.municipality_id != plan.municipality_id:
        raise ValidationError({"phase": _("Fasen hör inte till kommunens modell.")})


def _save_budget(measure: Measure, budget: Sequence[Budget]) -> None:
    years = [b.year for b in budget]
    if len(years) != len(set(years)):
        raise ValidationError({"budget": _("Varje år får bara stå en gång i budgeten.")})
    for line in budget:
        if line.planned < 0 or (line.spent is not None and line.spent < 0):
            raise ValidationError({"budget": _("Belopp får inte vara negativa.")})
        if not 1900 <= line.year <= 2200:
            raise ValidationError({"budget": _("Året %s är inte rimligt.") % line.year})
    measure.budget.exclude(year__in=years).delete()
    for line in budget:
        BudgetLine.objects.update_or_create(
            measure=measure,
            year=line.year,
            defaults={"planned": line.planned, "spent": line.spent},
        )


def save_measure(
    *,
    actor: Actor,
    plan: ActionPlan,
    measure: Measure | None = None,
    partners: Sequence[Organisation] = (),
    districts: Sequence[District] = (),
    problems: Sequence[Problem] = (),
    causes: Sequence[Cause] = (),
    budget: Sequence[Budget] | None = None,
    **fields: Any,
) -> Measure:
    """Create a measure (coordinators) or change one (coordinators and the owner
    organisation), with its partners, districts, problems, causes and budget per year.

    Side effects: AuditEvent MEASURE_CREATED or MEASURE_UPDATED with the changed fields.
    """
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise ValueError(f"unknown measure fields {sorted(unknown)}")
    created = measure is None
    if measure is None:
        _require_coordinator(actor, plan.municipality)
        measure = Measure(plan=plan, order=plan.measures.count() + 1)
        changed = sorted(fields)
    else:
        if measure.plan_id != plan.pk:
            raise PermissionDenied(_("Åtgärden hör inte till planen."))
        _require_measure_editor(actor, measure)
        new_owner = fields.get("owner")
        if (
            new_owner is not None
            and new_owner.pk != measure.owner_id
            and actor is not None
            and not permissions.can_coordinate_plans(actor, plan.municipality)
        ):
            raise PermissionDenied(_("Bara samordnarna får byta ansvarig organisation."))
        changed = sorted(n for n, v in fields.items() if getattr(measure, n) != v)
    for name, value in fields.items():
        setattr(measure, name, value)
    owner = fields.get("owner") or (measure.owner if measure.owner_id else None)
    if owner is not None and owner.municipality_id != plan.municipality_id:
        raise ValidationError({"owner": _("Organisationen hör inte till kommunen.")})
    _check_links(plan, partners, districts, problems, causes, measure.phase)
    if measure.is_public:
        _check_public_text("description", measure.description, _("Beskrivningen"))
    measure.full_clean()
    with transaction.atomic():
        measure.save()
        for name, items in (
            ("partners", partners),
            ("districts", districts),
            ("problems", problems),
            ("causes", causes),
        ):
            manager = getattr(measure, name)
            if not created and set(manager.values_list("pk", flat=True)) != {i.pk for i in items}:
                changed.append(name)
            manager.set(list(items))
        if budget is not None:
            before = {(b.year, b.planned, b.spent) for b in measure.budget.all()}
            _save_budget(measure, budget)
            after = {(b.year, b.planned, b.spent) for b in measure.budget.all()}
            if not created and before != after:
                changed.append("budget")
        record(
            actor=actor,
            action=AuditAction.MEASURE_CREATED if created else AuditAction.MEASURE_UPDATED,
            target=measure,
            municipality=plan.municipality,
            details={"plan": plan.pk, "changed": changed},
        )
    return measure


def add_followup(
    *,
    actor: Actor,
    measure: Measure,
    date: dt.date,
    text: str,
    status: str = "",
    is_public: bool = False,
    files: Sequence[UploadedFile] = (),
    organisation: Organisation | None = None,
) -> FollowUp:
    """A dated follow-up with text and attachments; a new status updates the measure.

    Side effects: AuditEvent MEASURE_FOLLOWED_UP (and the files saved in MEDIA_ROOT).
    """
    _require_measure_editor(actor, measure)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Skriv vad som har gjorts.")
    if status and status not in MeasureStatus.values:
        errors["status"] = _("Okänd status.")
    if len(files) > attachments.MAX_FILES:
        errors["attachments"] = _("Högst %s filer per uppföljning.") % attachments.MAX_FILES
    if errors:
        raise ValidationError(errors)
    if is_public:
        _check_public_text("text", text, _("Uppföljningen"))
    checked = [attachments.check(f) for f in files]
    with transaction.atomic():
        followup = FollowUp.objects.create(
            measure=measure,
            date=date,
            text=text.strip(),
            status=status,
            is_public=is_public,
            author=_user(actor),
            author_label=_label(actor),
            organisation=organisation,
        )
        for item in checked:
            Attachment.objects.create(
                followup=followup,
                file=item.upload,
                name=item.name,
                content_type=item.content_type,
                size=item.size,
                uploaded_by=_user(actor),
            )
        if status and status != measure.status:
            Measure.objects.filter(pk=measure.pk).update(status=status)
            measure.status = status
        record(
            actor=actor,
            action=AuditAction.MEASURE_FOLLOWED_UP,
            target=measure,
            municipality=measure.plan.municipality,
            details={
                "followup": followup.pk,
                "status": status,
                "attachments": [c.name for c in checked],
            },
        )
    return followup


def add_comment(
    *, actor: Actor, measure: Measure, text: str, organisation: Organisation | None = None
) -> Comment:
    """A comment by an editor or a partner organisation's member.

    Side effects: AuditEvent MEASURE_COMMENTED.
    """
    municipality = measure.plan.municipality
    partner_ids = set(measure.partners.values_list("pk", flat=True))
    if actor is not None and not permissions.can_comment_on_measure(
        actor, municipality, measure.owner_id, partner_ids
    ):
        raise PermissionDenied(_("Bara parterna i åtgärden får kommentera."))
    if not text.strip():
        raise ValidationError({"text": _("Skriv en kommentar.")})
    with transaction.atomic():
        comment = Comment.objects.create(
            measure=measure,
            text=text.strip(),
            author=_user(actor),
            author_label=_label(actor),
            organisation=organisation,
        )
        record(
            actor=actor,
            action=AuditAction.MEASURE_COMMENTED,
            target=measure,
            municipality=municipality,
            details={"comment": comment.pk},
        )
    return comment


# --------------------------------------------------------------------------- indicators


INDICATOR_FIELDS = (
    "order",
    "name",
    "unit",
    "source",
    "source_note",
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
    "is_public",
)


def save_indicator(
    *, actor: Actor, measure: Measure, indicator: Indicator | None = None, **fields: Any
) -> Indicator:
    """Create or change an indicator of a measure.

    Side effects: AuditEvent INDICATOR_SAVED.
    """
    _require_measure_editor(actor, measure)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"unknown indicator fields {sorted(unknown)}")
    created = indicator is None
    if indicator is None:
        indicator = Indicator(measure=measure, order=measure.indicators.count() + 1)
    elif indicator.measure_id != measure.pk:
        raise PermissionDenied(_("Indikatorn hör inte till åtgärden."))
    for name, value in fields.items():
        setattr(indicator, name, value)
    errors: dict[str, str] = {}
    municipality = measure.plan.municipality
    if indicator.source != IndicatorSource.MANUAL:
        if indicator.baseline_from is None:
            errors["baseline_from"] = _("Ange när nollmätningen börjar.")
        if indicator.baseline_to is None:
            errors["baseline_to"] = _("Ange när nollmätningen slutar.")
    if indicator.area != "district":
        indicator.district = None
    if indicator.district is not None and indicator.district.municipality_id != municipality.pk:
        errors["district"] = _("Stadsdelen hör inte till kommunen.")
    if indicator.service is not None and indicator.service.municipality_id != municipality.pk:
        errors["service"] = _("Felanmälningstypen hör inte till kommunen.")
    if indicator.source != IndicatorSource.FIX_TIME:
        indicator.service = None
    category = indicator.category
    if category is not None and category.municipality_id not in (None, municipality.pk):
        errors["category"] = _("Kategorin hör inte till kommunen.")
    if errors:
        raise ValidationError(errors)
    indicator.full_clean()
    with transaction.atomic():
        indicator.save()
        record(
            actor=actor,
            action=AuditAction.INDICATOR_SAVED,
            target=indicator,
            municipality=municipality,
            details={"measure": measure.pk, "created": created, "source": indicator.source},
        )
    return indicator


def enter_indicator_value(
    *, actor: Actor, indicator: Indicator, date: dt.date, value: Decimal, note: str = ""
) -> IndicatorValue:
    """A value entered by hand, with who and when.

    Side effects: AuditEvent INDICATOR_VALUE_ENTERED.
    """
    _require_measure_editor(actor, indicator.measure)
    if indicator.source != IndicatorSource.MANUAL:
        raise ValidationError(
            {"value": _("Indikatorn räknas ur Tryggas data och tar inga inmatade värden.")}
        )
    entry = IndicatorValue(
        indicator=indicator,
        date=date,
        value=value,
        note=note,
        entered_by=_user(actor),
        entered_by_label=_label(actor),
    )
    entry.full_clean(exclude=["indicator", "entered_by"])
    with transaction.atomic():
        entry.save()
        record(
            actor=actor,
            action=AuditAction.INDICATOR_VALUE_ENTERED,
            target=indicator,
            municipality=indicator.measure.plan.municipality,
            details={"date": date.isoformat(), "value": str(value)},
        )
    return entry


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class PhaseSpec:
    number: int
    name: str
    start_year: int
    end_year: int
    description: str = ""


def save_long_term_model(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    start_year: int,
    end_year: int,
    phases: Sequence[PhaseSpec],
    description: str = "",
) -> LongTermModel:
    """The municipality's long-term model and its phases (phases missing from `phases` are
    removed unless a measure uses them).

    Side effects: AuditEvent LONG_TERM_MODEL_SAVED.
    """
    _require_coordinator(actor, municipality)
    errors: dict[str, str] = {}
    numbers = [p.number for p in phases]
    if len(numbers) != len(set(numbers)):
        errors["phases"] = _("Två faser har samma nummer.")
    for p in phases:
        if p.end_year < p.start_year:
            errors["phases"] = _("Fas %s slutar före den börjar.") % p.number
        if p.start_year < start_year or p.end_year > end_year:
            errors["phases"] = _("Fas %s ligger utanför modellens år.") % p.number
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        model, _created = LongTermModel.objects.get_or_create(
            municipality=municipality,
            defaults={"name": name, "start_year": start_year, "end_year": end_year},
        )
        model.name, model.start_year, model.end_year = name, start_year, end_year
        model.description = description
        model.full_clean()
        model.save()
        unused = model.phases.exclude(number__in=numbers)
        if unused.filter(measures__isnull=False).exists():
            raise ValidationError({"phases": _("En fas som åtgärder hör till kan inte tas bort.")})
        unused.delete()
        for p in phases:
            Phase.objects.update_or_create(
                model=model,
                number=p.number,
                defaults={
                    "name": p.name,
                    "start_year": p.start_year,
                    "end_year": p.end_year,
                    "description": p.description,
                },
            )
        record(
            actor=actor,
            action=AuditAction.LONG_TERM_MODEL_SAVED,
            target=model,
            municipality=municipality,
            details={"phases": numbers},
        )
    return model
