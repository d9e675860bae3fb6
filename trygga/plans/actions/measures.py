"""Measures with partners, budget and links, follow-ups with attachments, comments,
indicators and their hand-entered values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from trygga.accounts import permissions
from trygga.accounts.models import Organisation
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import PermissionDenied
from trygga.geography.models import District
from trygga.plans import attachments
from trygga.plans.actions.common import (
    Actor,
    _check_public_text,
    _label,
    _own_organisations,
    _require_coordinator,
    _require_measure_editor,
    _user,
)
from trygga.plans.models import (
    ActionPlan,
    Attachment,
    BudgetLine,
    Cause,
    Comment,
    FollowUp,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Phase,
    Problem,
)

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
