"""Plans and citizen promises: create, change, adopt into a frozen version; the long-term
model and its phases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygga.accounts.models import Organisation
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.geography.models import Municipality
from trygga.lagesbild.models import Lagesbild
from trygga.plans import snapshot
from trygga.plans.actions.common import (
    Actor,
    _check_public_text,
    _label,
    _own_organisations,
    _require_coordinator,
    _user,
)
from trygga.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    LongTermModel,
    Phase,
    PlanStatus,
)

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
