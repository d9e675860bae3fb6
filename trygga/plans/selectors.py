"""Reads of action plans; access is checked here.

Every member of the municipality reads its plans, measures, follow-ups and comments.
The public reads only `public_*`: plans marked public with an adopted version, and of them
only the measures marked public that the latest adopted version contains. Anything not
allowed is NotFound, exactly like a missing object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.permissions import AnyUser
from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.lagesbild import selectors as lagesbild_selectors
from trygga.lagesbild.documents import draft_document, version_document
from trygga.lagesbild.models import Lagesbild
from trygga.plans.models import (
    ActionPlan,
    ActionPlanVersion,
    Attachment,
    FollowUp,
    Indicator,
    LongTermModel,
    Measure,
    Phase,
    Problem,
)

MEASURE_RELATED = ("owner", "phase", "plan", "plan__municipality")
MEASURE_PREFETCH = ("partners", "districts", "budget", "problems", "causes")


def plans_for(viewer: AnyUser, municipality: Municipality) -> QuerySet[ActionPlan]:
    if not permissions.can_read_plans(viewer, municipality):
        return ActionPlan.objects.none()
    return (
        ActionPlan.objects.filter(municipality=municipality)
        .select_related("lagesbild")
        .prefetch_related("parties")
    )


def get_plan_for_viewer(viewer: AnyUser, municipality: Municipality, pk: int) -> ActionPlan:
    try:
        return plans_for(viewer, municipality).get(pk=pk)
    except ActionPlan.DoesNotExist as exc:
        raise NotFound(_("Planen finns inte.")) from exc


def measures_of(plan: ActionPlan) -> QuerySet[Measure]:
    return (
        plan.measures.select_related(*MEASURE_RELATED)
        .prefetch_related(
            *MEASURE_PREFETCH,
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related(
                    "category", "district", "service", "measure__plan__municipality"
                ).prefetch_related("values"),
            ),
            Prefetch("followups", queryset=FollowUp.objects.prefetch_related("attachments")),
        )
        .order_by("order", "pk")
    )


def get_measure_for_viewer(viewer: AnyUser, plan: ActionPlan, pk: int) -> Measure:
    """A measure of a plan the viewer may read (`get_plan_for_viewer` checked the plan)."""
    if not permissions.can_read_plans(viewer, plan.municipality):
        raise NotFound(_("Åtgärden finns inte."))
    try:
        return measures_of(plan).get(pk=pk)
    except Measure.DoesNotExist as exc:
        raise NotFound(_("Åtgärden finns inte.")) from exc


def problems_of(plan: ActionPlan) -> QuerySet[Problem]:
    return plan.problems.select_related("category", "district", "lagesbild").prefetch_related(
        "causes"
    )


def versions_of(plan: ActionPlan) -> QuerySet[ActionPlanVersion]:
    return plan.versions.select_related("lagesbild_version").order_by("-number")


def get_version(plan: ActionPlan, number: int) -> ActionPlanVersion:
    try:
        return plan.versions.get(number=number)
    except ActionPlanVersion.DoesNotExist as exc:
        raise NotFound(_("Versionen finns inte.")) from exc


def get_attachment_for_viewer(viewer: AnyUser, municipality: Municipality, pk: int) -> Attachment:
    """An attachment of a follow-up; only members of the municipality read them."""
    if not permissions.can_read_plans(viewer, municipality):
        raise NotFound(_("Bilagan finns inte."))
    try:
        return Attachment.objects.select_related("followup__measure__plan").get(
            pk=pk, followup__measure__plan__municipality=municipality
        )
    except Attachment.DoesNotExist as exc:
        raise NotFound(_("Bilagan finns inte.")) from exc


def phases_of(municipality: Municipality) -> QuerySet[Phase]:
    return Phase.objects.filter(model__municipality=municipality).order_by("number")


def long_term_model(municipality: Municipality) -> LongTermModel | None:
    return LongTermModel.objects.filter(municipality=municipality).first()


# --------------------------------------------------------------------------- lägesbild


@dataclass(frozen=True)
class LagesbildProblemChoice:
    """One prioritised problem of a lägesbild, as its document shows it, figures included."""

    lagesbild: Lagesbild
    version: int | None
    written: dict[str, Any]
    figures: dict[str, Any] | None

    @property
    def key(self) -> str:
        return f"{self.lagesbild.pk}:{self.written.get('id')}"


def lagesbild_problems(viewer: AnyUser, municipality: Municipality) -> list[LagesbildProblemChoice]:
    """Every prioritised problem of the lägesbilder the viewer may read: from the latest
    approved version (its frozen figures), or from an editor's draft that has none yet."""
    out: list[LagesbildProblemChoice] = []
    for lagesbild in lagesbild_selectors.lagesbilder_for(viewer, municipality):
        version = lagesbild_selectors.latest_version(lagesbild)
        if version is not None:
            doc = version_document(version, "partner")
        elif lagesbild.content is not None:
            doc = draft_document(lagesbild, "partner")
        else:
            continue
        for problem in doc.problems():
            out.append(
                LagesbildProblemChoice(
                    lagesbild=lagesbild,
                    version=version.number if version else None,
                    written={
                        k: v for k, v in problem.items() if k not in ("figures", "cause_tree")
                    },
                    figures=problem.get("figures"),
                )
            )
    return out


# --------------------------------------------------------------------------- public


def public_plans(municipality: Municipality) -> QuerySet[ActionPlan]:
    """Plans marked public with at least one adopted version, of an active municipality."""
    return (
        ActionPlan.objects.filter(
            municipality=municipality, municipality__is_active=True, is_public=True
        )
        .filter(versions__isnull=False)
        .distinct()
        .prefetch_related("parties")
        .order_by("kind", "-date_from", "pk")
    )


def latest_version(plan: ActionPlan) -> ActionPlanVersion | None:
    return plan.versions.order_by("-number").first()


def public_measures(plan: ActionPlan, version: ActionPlanVersion) -> list[Measure]:
    """The measures marked public that the adopted version contains."""
    adopted = {m["id"] for m in version.snapshot.get("measures", [])}
    return list(measures_of(plan).filter(is_public=True, pk__in=adopted))
