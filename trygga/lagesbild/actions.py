"""Every change to a lägesbild: create, write, refresh the figures, approve.

Each action takes an `actor` (None for the system: the weekly timer), checks that the actor
may edit lägesbilder of the municipality, runs in one transaction and writes its audit row.
Approval freezes the working copy into a new `LagesbildVersion`, figures included.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.core.errors import PermissionDenied
from trygga.events.models import EventCategory
from trygga.geography.models import District, Municipality
from trygga.lagesbild import periods, permissions
from trygga.lagesbild.builder import build
from trygga.lagesbild.collect import Progress, Spec
from trygga.lagesbild.models import Lagesbild, LagesbildVersion, Problem, Status
from trygga.lagesbild.selectors import written_parts
from trygga.redaction import find_spans

Actor = User | AnonymousUser | None
WRITTEN = ("title", "consequences", "other_information", "assessment", "public_summary")
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
    "causes",
)


def _check(actor: Actor, municipality: Municipality) -> None:
    if actor is not None and not permissions.can_edit(actor, municipality):
        raise PermissionDenied(_("Bara samordnare och administratörer får ändra lägesbilder."))


def spec_of(lagesbild: Lagesbild) -> Spec:
    return Spec(
        lagesbild.municipality,
        lagesbild.kind,
        lagesbild.date_from,
        lagesbild.date_to,
        lagesbild.district,
    )


def create_lagesbild(
    *,
    actor: Actor,
    municipality: Municipality,
    kind: str,
    date_from: dt.date,
    date_to: dt.date | None = None,
    district: District | None = None,
    title: str = "",
    progress: Progress | None = None,
) -> Lagesbild:
    """A new draft for the period of `kind` starting `date_from`, with its figures built.

    Side effects: AuditEvent LAGESBILD_CREATED.
    """
    _check(actor, municipality)
    if district is not None and district.municipality_id != municipality.pk:
        raise ValidationError({"district": _("Stadsdelen hör inte till kommunen.")})
    try:
        start, end = periods.bounds(kind, date_from)
        periods.check(kind, date_from, date_to or end)
    except periods.PeriodError as exc:
        raise ValidationError(
            {exc.field if exc.field != "from" else "date_from": exc.message}
        ) from exc
    place = district.name if district else municipality.name
    lagesbild = Lagesbild(
        municipality=municipality,
        district=district,
        kind=kind,
        date_from=start,
        date_to=end,
        title=title.strip() or periods.default_title(kind, start, end, place),
        created_by=actor if isinstance(actor, User) else None,
    )
    lagesbild.full_clean()
    content = build(spec_of(lagesbild), progress=progress)
    with transaction.atomic():
        lagesbild.content = content
        lagesbild.built_at = dt.datetime.fromisoformat(content["built_at"])
        lagesbild.save()
        record(
            actor=actor,
            action=AuditAction.LAGESBILD_CREATED,
            target=lagesbild,
            details={"kind": kind, "from": start.isoformat(), "to": end.isoformat()},
        )
    return lagesbild


def _reopen(lagesbild: Lagesbild) -> None:
    # Any change after an approval starts the draft of the next version.
    lagesbild.status = Status.DRAFT


def update_lagesbild(*, actor: Actor, lagesbild: Lagesbild, **fields: str) -> Lagesbild:
    """Write the analyst's parts (title, consequences, other information, assessment, summary).

    Side effects: AuditEvent LAGESBILD_UPDATED with the names of the changed fields.
    """
    _check(actor, lagesbild.municipality)
    unknown = set(fields) - set(WRITTEN)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(lagesbild, name) != value]
    if not changed:
        return lagesbild
    with transaction.atomic():
        for name in changed:
            setattr(lagesbild, name, fields[name])
        if not lagesbild.title.strip():
            raise ValidationError({"title": _("Rubriken får inte vara tom.")})
        _reopen(lagesbild)
        lagesbild.full_clean()
        lagesbild.save()
        record(
            actor=actor,
            action=AuditAction.LAGESBILD_UPDATED,
            target=lagesbild,
            details={"fields": changed},
        )
    return lagesbild


def save_problem(
    *, actor: Actor, lagesbild: Lagesbild, problem: Problem | None = None, **fields: Any
) -> Problem:
    """Add a prioritised problem, or change one, with its crime triangle and cause tree.

    Side effects: AuditEvent LAGESBILD_UPDATED.
    """
    _check(actor, lagesbild.municipality)
    unknown = set(fields) - set(PROBLEM_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    category = fields.get("category")
    if isinstance(category, EventCategory) and category.municipality_id not in (
        None,
        lagesbild.municipality_id,
    ):
        raise ValidationError({"category": _("Kategorin hör inte till kommunen.")})
    district = fields.get("district")
    if isinstance(district, District) and district.municipality_id != lagesbild.municipality_id:
        raise ValidationError({"district": _("Stadsdelen hör inte till kommunen.")})
    with transaction.atomic():
        if problem is None:
            problem = Problem(lagesbild=lagesbild, order=lagesbild.problems.count() + 1)
        elif problem.lagesbild_id != lagesbild.pk:
            raise PermissionDenied(_("Problemet hör till en annan lägesbild."))
        for name, value in fields.items():
            setattr(problem, name, value)
        if not (problem.title or "").strip():
            raise ValidationError({"title": _("Beskriv problemet med en rubrik.")})
        problem.full_clean()
        problem.save()
        _reopen(lagesbild)
        lagesbild.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.LAGESBILD_UPDATED,
            target=lagesbild,
            details={"problem": problem.pk, "fields": sorted(fields)},
        )
    return problem


def delete_problem(*, actor: Actor, problem: Problem) -> None:
    """Side effects: AuditEvent LAGESBILD_UPDATED."""
    lagesbild = problem.lagesbild
    _check(actor, lagesbild.municipality)
    with transaction.atomic():
        pk = problem.pk
        problem.delete()
        _reopen(lagesbild)
        lagesbild.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.LAGESBILD_UPDATED,
            target=lagesbild,
            details={"problem_deleted": pk},
        )


def refresh_figures(
    *, actor: Actor, lagesbild: Lagesbild, progress: Progress | None = None
) -> Lagesbild:
    """Build the generated parts again from the events as they are now.

    Side effects: AuditEvent LAGESBILD_REFRESHED.
    """
    _check(actor, lagesbild.municipality)
    content = build(spec_of(lagesbild), progress=progress)
    with transaction.atomic():
        lagesbild.content = content
        lagesbild.built_at = dt.datetime.fromisoformat(content["built_at"])
        _reopen(lagesbild)
        lagesbild.save()
        record(actor=actor, action=AuditAction.LAGESBILD_REFRESHED, target=lagesbild)
    return lagesbild


def approve_lagesbild(
    *,
    actor: Actor,
    lagesbild: Lagesbild,
    body: str,
    decision_date: dt.date,
    reference: str = "",
) -> LagesbildVersion:
    """Freeze the working copy, figures included, as the next version.

    `body` is the body that decided (e.g. "Lokala brottsförebyggande rådet", "KSAU");
    `decision_date` the date of its decision. The summary for the public must not contain
    what looks like personal data. Side effects: AuditEvent LAGESBILD_APPROVED.
    """
    _check(actor, lagesbild.municipality)
    errors: dict[str, str] = {}
    if not body.strip():
        errors["body"] = _("Ange vilket organ som fastställde lägesbilden.")
    if decision_date > timezone.localdate():
        errors["decision_date"] = _("Beslutsdatumet kan inte ligga i framtiden.")
    if lagesbild.content is None or lagesbild.built_at is None:
        errors["content"] = _("Lägesbilden har inga siffror ännu.")
    spans = find_spans(lagesbild.public_summary)
    if spans:
        found = ", ".join(f"{s.kind} ”{s.original}”" for s in spans[:3])
        errors["public_summary"] = (
            _(
                "Sammanfattningen för allmänheten ser ut att innehålla personuppgifter (%s). "
                "Skriv om den innan lägesbilden fastställs."
            )
            % found
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Lagesbild.objects.select_for_update().get(pk=lagesbild.pk)
        number = (
            locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        version = LagesbildVersion(
            lagesbild=locked,
            number=number,
            approved_by=actor if isinstance(actor, User) else None,
            approved_by_label=(actor.get_full_name() or actor.get_username())
            if isinstance(actor, User)
            else "system",
            body=body.strip(),
            decision_date=decision_date,
            decision_reference=reference.strip(),
            built_at=dt.datetime.fromisoformat(str((lagesbild.content or {})["built_at"])),
            content=lagesbild.content,
            written=written_parts(lagesbild),
        )
        version.full_clean()
        version.save()
        lagesbild.status = Status.APPROVED
        lagesbild.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action=AuditAction.LAGESBILD_APPROVED,
            target=lagesbild,
            details={
                "version": number,
                "body": version.body,
                "decision_date": decision_date.isoformat(),
            },
        )
    return version


def weekly(
    *, municipality: Municipality, today: dt.date, progress: Progress | None = None
) -> Lagesbild:
    """Last week's picture for the Monday meeting: created, or its figures refreshed.

    An approved week is left as it is. Run by the weekly timer (`trygga lagesbild --weekly`).
    """
    start, _end = periods.last_week(today)
    existing = Lagesbild.objects.filter(
        municipality=municipality, district__isnull=True, kind="week", date_from=start
    ).first()
    if existing is None:
        return create_lagesbild(
            actor=None, municipality=municipality, kind="week", date_from=start, progress=progress
        )
    if existing.versions.exists():
        return existing
    return refresh_figures(actor=None, lagesbild=existing, progress=progress)
