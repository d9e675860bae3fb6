"""Problems taken from a lägesbild, with their situational and social cause trees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import PermissionDenied
from trygga.events.models import EventCategory
from trygga.geography.models import District
from trygga.lagesbild.models import Lagesbild
from trygga.lagesbild.models import Problem as LagesbildProblem
from trygga.plans.actions.common import (
    Actor,
    _require_coordinator,
)
from trygga.plans.models import (
    ActionPlan,
    Cause,
    CauseKind,
    Problem,
)

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
