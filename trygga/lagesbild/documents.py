"""A working copy or an approved version as a `Document` to render, with what changed.

A later version lists what changed since the previous one: the written parts (partner
version), the prioritised problems, and the key figures (total, per category, per district)
of the same audience, compared between the two frozen contents.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygga.lagesbild.models import Lagesbild, LagesbildVersion
from trygga.lagesbild.render.document import Document
from trygga.lagesbild.selectors import written_parts
from trygga.lagesbild.tables import HIDDEN, display

FIELD_NAMES = {
    "title": gettext_noop("Rubriken"),
    "consequences": gettext_noop("Konsekvenserna"),
    "other_information": gettext_noop("Annan information"),
    "assessment": gettext_noop("Analysen och bedömningen"),
    "public_summary": gettext_noop("Sammanfattningen för allmänheten"),
}


def draft_document(lagesbild: Lagesbild, audience: str) -> Document:
    if lagesbild.content is None:
        raise ValueError("the lägesbild has no figures yet")
    return Document(
        title=lagesbild.title,
        kind=lagesbild.kind,
        audience=audience,
        municipality=lagesbild.municipality.name,
        district=lagesbild.district.name if lagesbild.district else None,
        date_from=lagesbild.date_from,
        date_to=lagesbild.date_to,
        status="draft",
        version=None,
        approval=None,
        built_at=lagesbild.content["built_at"],
        written=written_parts(lagesbild),
        content=lagesbild.content[audience],
        geometry=lagesbild.content["geometry"],
    )


def version_document(version: LagesbildVersion, audience: str) -> Document:
    lagesbild = version.lagesbild
    previous = lagesbild.versions.filter(number__lt=version.number).order_by("-number").first()
    return Document(
        title=version.written["title"],
        kind=lagesbild.kind,
        audience=audience,
        municipality=lagesbild.municipality.name,
        district=lagesbild.district.name if lagesbild.district else None,
        date_from=lagesbild.date_from,
        date_to=lagesbild.date_to,
        status="approved",
        version=version.number,
        approval={
            "body": version.body,
            "decision_date": version.decision_date,
            "reference": version.decision_reference,
            "approved_by": version.approved_by_label,
            "approved_at": version.approved_at,
        },
        built_at=version.content["built_at"],
        written=version.written,
        content=version.content[audience],
        geometry=version.content["geometry"],
        changes_since=None if previous is None else changes(previous, version, audience),
        previous_version=None if previous is None else previous.number,
    )


def _figures(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Key figures by name: the total, each category's and each district's count."""
    out: dict[str, dict[str, Any]] = {"total": {_("Alla händelser"): content["summary"]["total"]}}
    for table in content["tables"]:
        if table["id"] == "district_category":
            columns = table["columns"]
            total_row = next(r for r in table["rows"] if r["kind"] == "total")
            out["category"] = {
                c["label"]: v for c, v in zip(columns[1:-1], total_row["cells"][1:-1], strict=True)
            }
            out["district"] = {
                r["cells"][0]: r["cells"][-1] for r in table["rows"] if r["kind"] != "total"
            }
    return out


def _text(value: Any) -> str:
    return HIDDEN if value == HIDDEN else display(value, "count")


def changes(old: LagesbildVersion, new: LagesbildVersion, audience: str) -> list[dict[str, Any]]:
    """What changed from `old` to `new`, as sentences (figures of the same audience)."""
    out: list[dict[str, Any]] = []
    if new.content["built_at"] != old.content["built_at"]:
        out.append({"text": _("Siffrorna har hämtats på nytt."), "nc": True})
    before, after = _figures(old.content[audience]), _figures(new.content[audience])
    for group in ("total", "category", "district"):
        a, b = before.get(group, {}), after.get(group, {})
        for name in [*b, *(n for n in a if n not in b)]:
            if a.get(name) != b.get(name):
                out.append(
                    {
                        "text": _("%(name)s: %(old)s → %(new)s händelser")
                        % {
                            "name": name,
                            "old": _text(a.get(name, 0)),
                            "new": _text(b.get(name, 0)),
                        },
                        "nc": False,
                    }
                )
    fields = ("public_summary",) if audience == "public" else tuple(FIELD_NAMES)
    for name in fields:
        if old.written.get(name, "") != new.written.get(name, ""):
            out.append({"text": _("%s har skrivits om.") % _(FIELD_NAMES[name]), "nc": True})
    if audience == "partner":
        old_problems = {p["title"]: p for p in old.written.get("problems", [])}
        new_problems = {p["title"]: p for p in new.written.get("problems", [])}
        for title in new_problems:
            if title not in old_problems:
                out.append({"text": _("Nytt prioriterat problem: %s") % title, "nc": True})
            elif old_problems[title] != new_problems[title]:
                out.append({"text": _("Problemet ”%s” har ändrats.") % title, "nc": True})
        for title in old_problems:
            if title not in new_problems:
                out.append({"text": _("Problemet ”%s” är borttaget.") % title, "nc": True})
    return out
