"""The plan as plain JSON (what an adopted version stores) and what changed between two.

The snapshot holds what was decided: the plan's fields, its problems and causes, and each
measure with owner, partners, budget, districts, target groups, phase, status and its
indicators' baselines and targets. Follow-ups and computed values are progress, not
decisions, so they stay out of it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygga.plans.models import ActionPlan


def snapshot(plan: ActionPlan) -> dict[str, Any]:
    problems = []
    for problem in plan.problems.select_related("category", "district").prefetch_related("causes"):
        problems.append(
            {
                "id": problem.pk,
                "title": problem.title,
                "category": problem.category.name if problem.category else None,
                "district": problem.district.name if problem.district else None,
                "causes": [
                    {"id": c.pk, "kind": c.kind, "text": c.text, "parent": c.parent_id}
                    for c in problem.causes.all()
                ],
            }
        )
    measures = []
    for m in (
        plan.measures.select_related("owner", "phase")
        .prefetch_related("partners", "districts", "problems", "causes", "budget", "indicators")
        .order_by("order", "pk")
    ):
        measures.append(
            {
                "id": m.pk,
                "title": m.title,
                "description": m.description,
                "kind": m.kind,
                "horizon": m.horizon,
                "owner": m.owner.name,
                "partners": sorted(p.name for p in m.partners.all()),
                "start": m.start_date.isoformat() if m.start_date else None,
                "end": m.end_date.isoformat() if m.end_date else None,
                "districts": sorted(d.name for d in m.districts.all()),
                "ages": [m.age_from, m.age_to],
                "gender": m.gender,
                "target_group": m.target_group,
                "problems": sorted(p.pk for p in m.problems.all()),
                "causes": sorted(c.pk for c in m.causes.all()),
                "phase": str(m.phase) if m.phase else None,
                "status": m.status,
                "is_public": m.is_public,
                "budget": {
                    str(b.year): {
                        "planned": int(b.planned),
                        "spent": None if b.spent is None else int(b.spent),
                    }
                    for b in m.budget.all()
                },
                "indicators": [
                    {
                        "id": i.pk,
                        "name": i.name,
                        "unit": i.unit,
                        "source": i.source,
                        "target": str(i.target_value),
                        "baseline_from": i.baseline_from.isoformat() if i.baseline_from else None,
                        "baseline_to": i.baseline_to.isoformat() if i.baseline_to else None,
                    }
                    for i in m.indicators.all()
                ],
            }
        )
    return {
        "title": plan.title,
        "kind": plan.kind,
        "date_from": plan.date_from.isoformat(),
        "date_to": plan.date_to.isoformat(),
        "summary": plan.summary,
        "lagesbild": plan.lagesbild.title if plan.lagesbild else None,
        "parties": sorted(p.name for p in plan.parties.all()),
        "problems": problems,
        "measures": measures,
    }


FIELD_LABELS = {
    "description": gettext_noop("beskrivningen"),
    "owner": gettext_noop("ansvarig organisation"),
    "partners": gettext_noop("samverkansparterna"),
    "start": gettext_noop("starten"),
    "end": gettext_noop("slutet"),
    "districts": gettext_noop("stadsdelarna"),
    "ages": gettext_noop("åldrarna"),
    "gender": gettext_noop("kön"),
    "target_group": gettext_noop("målgruppen"),
    "problems": gettext_noop("problemen"),
    "causes": gettext_noop("orsakerna"),
    "phase": gettext_noop("fasen"),
    "status": gettext_noop("status"),
    "is_public": gettext_noop("offentligheten"),
    "kind": gettext_noop("typen"),
    "horizon": gettext_noop("sikten"),
}


def _money(budget: dict[str, Any]) -> int:
    return sum(int(v["planned"]) for v in budget.values())


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed from one adopted version to the next, as Swedish sentences."""
    out: list[str] = []
    for key, label in (
        ("title", _("Rubriken")),
        ("summary", _("Sammanfattningen")),
        ("lagesbild", _("Lägesbilden")),
    ):
        if old.get(key) != new.get(key):
            out.append(_("%s har ändrats.") % label)
    if (old["date_from"], old["date_to"]) != (new["date_from"], new["date_to"]):
        out.append(
            _("Perioden är nu %(a)s – %(b)s.") % {"a": new["date_from"], "b": new["date_to"]}
        )
    old_problems = {p["id"]: p for p in old["problems"]}
    new_problems = {p["id"]: p for p in new["problems"]}
    for pk, p in new_problems.items():
        if pk not in old_problems:
            out.append(_("Nytt problem: %s") % p["title"])
        elif old_problems[pk] != p:
            out.append(_("Problemet ”%s” har ändrats.") % p["title"])
    for pk, p in old_problems.items():
        if pk not in new_problems:
            out.append(_("Problemet ”%s” är borttaget.") % p["title"])
    old_measures = {m["id"]: m for m in old["measures"]}
    new_measures = {m["id"]: m for m in new["measures"]}
    for pk, m in new_measures.items():
        before = old_measures.get(pk)
        if before is None:
            out.append(_("Ny åtgärd: %s") % m["title"])
            continue
        if before["title"] != m["title"]:
            out.append(
                _("Åtgärden ”%(old)s” heter nu ”%(new)s”.")
                % {"old": before["title"], "new": m["title"]}
            )
        if _money(before["budget"]) != _money(m["budget"]):
            out.append(
                _("”%(title)s”: budgeten är nu %(new)s kr (var %(old)s kr).")
                % {
                    "title": m["title"],
                    "new": f"{_money(m['budget']):,}".replace(",", "\u00a0"),
                    "old": f"{_money(before['budget']):,}".replace(",", "\u00a0"),
                }
            )
        changed = [label for key, label in FIELD_LABELS.items() if before.get(key) != m.get(key)]
        if changed:
            out.append(
                _("”%(title)s”: ändrat %(what)s.")
                % {"title": m["title"], "what": ", ".join(_(c) for c in changed)}
            )
        if before["indicators"] != m["indicators"]:
            out.append(_("”%s”: indikatorerna har ändrats.") % m["title"])
    for pk, m in old_measures.items():
        if pk not in new_measures:
            out.append(_("Åtgärden ”%s” är borttagen.") % m["title"])
    return out
