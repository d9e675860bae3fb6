"""Views of the lägesbild pages. They parse, call a selector or an action, and render; the
document itself is `trygga.lagesbild.render.document`, so the page, the PDF and the tables
show the same figures.

Staff pages are under `/<code>/lagesbild/` (members; editing for coordinators and
administrators). The public version of an approved lägesbild is under
`/<code>/lagesbild/offentlig/<pk>/` and needs no log-in.
"""

from __future__ import annotations

from typing import Any

import h3
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trygga.core.errors import NotFound, PermissionDenied
from trygga.geography.models import Municipality
from trygga.geography.selectors import get_municipality
from trygga.lagesbild import actions, permissions, selectors
from trygga.lagesbild.documents import draft_document, version_document
from trygga.lagesbild.models import Audience, Lagesbild, Problem
from trygga.lagesbild.render import document as rendering
from trygga.lagesbild.render import svg
from trygga.lagesbild.tables import csv_bytes, xlsx_bytes
from trygga.web.lagesbild.forms import (
    BODY_SUGGESTIONS,
    ApproveForm,
    CreateForm,
    ProblemForm,
    WrittenForm,
)
from trygga.web.views import municipality_page, page_context

AUDIENCES = {"samverkan": "partner", "offentlig": "public"}


def _get(request: HttpRequest, municipality: Municipality, pk: int) -> Lagesbild:
    try:
        return selectors.get_lagesbild_for_viewer(request.user, municipality, pk)
    except NotFound as exc:
        raise Http404 from exc


def _require_editor(request: HttpRequest, municipality: Municipality) -> None:
    if not permissions.can_edit(request.user, municipality):
        raise Http404


def _audience(request: HttpRequest) -> str:
    value = request.GET.get("version_for", "samverkan")
    if value not in AUDIENCES:
        raise Http404
    return AUDIENCES[value]


def _document(request: HttpRequest, lagesbild: Lagesbild) -> rendering.Document:
    """The document the request asks for: `?v=N` a version, else the working copy for
    editors and the latest version for everyone else; `?version_for=offentlig` the public one."""
    audience = _audience(request)
    number = request.GET.get("v")
    editor = permissions.can_edit(request.user, lagesbild.municipality)
    if number is None and editor and lagesbild.content is not None:
        return draft_document(lagesbild, audience)
    try:
        version = (
            selectors.get_version(lagesbild, int(number))
            if number is not None
            else selectors.latest_version(lagesbild)
        )
    except (NotFound, ValueError) as exc:
        raise Http404 from exc
    if version is None:
        raise Http404
    return version_document(version, audience)


def map_data(doc: rendering.Document) -> dict[str, Any]:
    """What the interactive map draws: districts with the static map's colours, hot cells."""
    content = doc.content
    values = content["map"]["districts"]
    measure = "rate" if any(v.get("rate") is not None for v in values) else "count"
    fills = svg.district_fills(values, measure)
    by_code = {v["code"]: v for v in values}
    districts = []
    for d in doc.geometry["districts"]:
        value = by_code.get(d["code"], {})
        districts.append(
            {
                "name": d["name"],
                "priority": d["priority"],
                "geometry": d["geometry"],
                "fill": fills.get(d["code"]),
                "count": value.get("count"),
                "rate": value.get("rate"),
            }
        )
    cells = [
        {
            **cell,
            "boundary": [
                [round(lat, 6), round(lon, 6)] for lat, lon in h3.cell_to_boundary(cell["cell"])
            ],
            "fill": svg.HOT[cell["class"]],
        }
        for cell in content["map"]["hotspots"]["cells"]
    ]
    return {
        "municipality": doc.geometry["municipality"],
        "districts": districts,
        "cells": cells,
        "measure": measure,
        "text": {
            "rate": _("per 1 000 invånare"),
            "count": _("händelser"),
            "hidden": _("dolt (små tal)"),
            "priority": _("prioriterad stadsdel"),
            "hot": {
                "hot_99": _("Het punkt (99 %)"),
                "hot_95": _("Het punkt (95 %)"),
                "hot_90": _("Het punkt (90 %)"),
            },
            "status": {"new": _("ny"), "continuing": _("kvarstår")},
            "events": _("händelser i cellen"),
        },
    }


def _download_base(request: HttpRequest, name: str, **kwargs: Any) -> str:
    query = request.GET.urlencode()
    return reverse(name, kwargs=kwargs) + ("?" + query if query else "")


@require_http_methods(["GET", "POST"])
@municipality_page
def lagesbild_list(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    editor = permissions.can_edit(request.user, municipality)
    form = CreateForm(request.POST or None, municipality=municipality) if editor else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                lagesbild = actions.create_lagesbild(
                    actor=request.user,
                    municipality=municipality,
                    kind=form.cleaned_data["kind"],
                    date_from=_period_start(form.cleaned_data["kind"], form.cleaned_data["day"]),
                    district=form.cleaned_data["district"],
                )
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, _("Utkastet är skapat med färska siffror."))
                return redirect("web:lagesbild_detail", code=municipality.code, pk=lagesbild.pk)
    items = [
        {"lagesbild": item, "version": selectors.latest_version(item)}
        for item in selectors.lagesbilder_for(request.user, municipality)
    ]
    context = page_context(
        request, municipality, "lagesbild", items=items, form=form, editor=editor
    )
    return render(request, "web/lagesbild/list.html", context)


def _period_start(kind: str, day: Any) -> Any:
    from trygga.lagesbild.periods import bounds

    return bounds(kind, day)[0]


def _attach(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_GET
@municipality_page
def lagesbild_detail(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    lagesbild = _get(request, municipality, pk)
    doc = _document(request, lagesbild)
    editor = permissions.can_edit(request.user, municipality)
    context = page_context(
        request,
        municipality,
        "lagesbild",
        lagesbild=lagesbild,
        doc=doc,
        editor=editor,
        versions=selectors.versions_of(lagesbild),
        approve_form=ApproveForm() if editor and doc.status == "draft" else None,
        bodies=BODY_SUGGESTIONS,
        map_data=map_data(doc),
        downloads=reverse("web:lagesbild_csv_base", kwargs={"code": municipality.code, "pk": pk}),
        downloads_query=("?" + request.GET.urlencode()) if request.GET else "",
        pdf_url=_download_base(request, "web:lagesbild_pdf", code=municipality.code, pk=pk),
        xlsx_url=_download_base(request, "web:lagesbild_xlsx", code=municipality.code, pk=pk),
        audience_param=request.GET.get("version_for", "samverkan"),
        version_param=request.GET.get("v"),
    )
    return render(request, "web/lagesbild/detail.html", context)


@require_http_methods(["GET", "POST"])
@municipality_page
def lagesbild_edit(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    _require_editor(request, municipality)
    lagesbild = _get(request, municipality, pk)
    form = WrittenForm(request.POST or None, instance=lagesbild)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        # The form has written the values on the instance; the action compares with the stored row.
        lagesbild.refresh_from_db()
        try:
            actions.update_lagesbild(actor=request.user, lagesbild=lagesbild, **fields)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("Texten är sparad i utkastet."))
            return redirect("web:lagesbild_detail", code=municipality.code, pk=pk)
    problems = list(lagesbild.problems.select_related("category", "district"))
    context = page_context(
        request, municipality, "lagesbild", lagesbild=lagesbild, form=form, problems=problems
    )
    return render(request, "web/lagesbild/edit.html", context)


@require_http_methods(["GET", "POST"])
@municipality_page
def problem_edit(
    request: HttpRequest, municipality: Municipality, pk: int, problem_id: int | None = None
) -> HttpResponse:
    _require_editor(request, municipality)
    lagesbild = _get(request, municipality, pk)
    problem = None
    if problem_id is not None:
        problem = Problem.objects.filter(lagesbild=lagesbild, pk=problem_id).first()
        if problem is None:
            raise Http404
    if request.method == "POST" and "delete" in request.POST and problem is not None:
        actions.delete_problem(actor=request.user, problem=problem)
        messages.success(request, _("Problemet är borttaget."))
        return redirect("web:lagesbild_edit", code=municipality.code, pk=pk)
    form = ProblemForm(request.POST or None, instance=problem, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if problem is not None:
            problem.refresh_from_db()
        try:
            actions.save_problem(actor=request.user, lagesbild=lagesbild, problem=problem, **fields)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, ValidationError):
                _attach(form, exc)
            else:
                raise Http404 from exc
        else:
            messages.success(request, _("Problemet är sparat."))
            return redirect("web:lagesbild_edit", code=municipality.code, pk=pk)
    context = page_context(
        request, municipality, "lagesbild", lagesbild=lagesbild, form=form, problem=problem
    )
    return render(request, "web/lagesbild/problem.html", context)


@require_POST
@municipality_page
def lagesbild_refresh(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    _require_editor(request, municipality)
    lagesbild = _get(request, municipality, pk)
    actions.refresh_figures(actor=request.user, lagesbild=lagesbild)
    messages.success(request, _("Siffrorna är hämtade på nytt."))
    return redirect("web:lagesbild_detail", code=municipality.code, pk=pk)


@require_POST
@municipality_page
def lagesbild_approve(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    _require_editor(request, municipality)
    lagesbild = _get(request, municipality, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            version = actions.approve_lagesbild(
                actor=request.user,
                lagesbild=lagesbild,
                body=form.cleaned_data["body"],
                decision_date=form.cleaned_data["decision_date"],
                reference=form.cleaned_data["reference"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Version %(n)s är fastställd och låst.") % {"n": version.number}
            )
            url = reverse("web:lagesbild_detail", kwargs={"code": municipality.code, "pk": pk})
            return redirect(f"{url}?v={version.number}")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect("web:lagesbild_detail", code=municipality.code, pk=pk)


def _filename(doc: rendering.Document, extension: str) -> str:
    audience = "offentlig" if doc.public else "samverkan"
    version = f"v{doc.version}" if doc.version else "utkast"
    return f"{slugify(doc.title)}-{audience}-{version}.{extension}"


def _pdf_response(doc: rendering.Document) -> HttpResponse:
    response = HttpResponse(rendering.pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(doc, "pdf")}"'
    return response


def _xlsx_response(doc: rendering.Document) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(doc.content["tables"], title=doc.title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(doc, "xlsx")}"'
    return response


def _csv_response(doc: rendering.Document, table_id: str) -> HttpResponse:
    table = next((t for t in doc.content["tables"] if t["id"] == table_id), None)
    if table is None:
        raise Http404
    response = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    name = _filename(doc, "csv").removesuffix(".csv") + f"-{table_id}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@municipality_page
def lagesbild_pdf(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    return _pdf_response(_document(request, _get(request, municipality, pk)))


@require_GET
@municipality_page
def lagesbild_xlsx(request: HttpRequest, municipality: Municipality, pk: int) -> HttpResponse:
    return _xlsx_response(_document(request, _get(request, municipality, pk)))


@require_GET
@municipality_page
def lagesbild_csv(
    request: HttpRequest, municipality: Municipality, pk: int, table: str
) -> HttpResponse:
    return _csv_response(_document(request, _get(request, municipality, pk)), table)


# --------------------------------------------------------------------------- public


def _public(code: str, pk: int) -> tuple[Municipality, rendering.Document]:
    try:
        municipality = get_municipality(code)
        version = selectors.public_version(municipality, pk)
    except NotFound as exc:
        raise Http404 from exc
    return municipality, version_document(version, Audience.PUBLIC)


@require_GET
def public_list(request: HttpRequest, code: str) -> HttpResponse:
    try:
        municipality = get_municipality(code)
    except NotFound as exc:
        raise Http404 from exc
    if not municipality.is_active:
        raise Http404
    items = [
        {"lagesbild": item, "version": selectors.latest_version(item)}
        for item in selectors.public_lagesbilder(municipality)
    ]
    return render(
        request, "web/lagesbild/public_list.html", {"municipality": municipality, "items": items}
    )


@require_GET
def public_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    municipality, doc = _public(code, pk)
    context = {
        "municipality": municipality,
        "doc": doc,
        "map_data": map_data(doc),
        "downloads": reverse("web:lagesbild_public_csv_base", kwargs={"code": code, "pk": pk}),
        "pdf_url": reverse("web:lagesbild_public_pdf", kwargs={"code": code, "pk": pk}),
        "xlsx_url": reverse("web:lagesbild_public_xlsx", kwargs={"code": code, "pk": pk}),
    }
    return render(request, "web/lagesbild/public_detail.html", context)


@require_GET
def public_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _pdf_response(_public(code, pk)[1])


@require_GET
def public_xlsx(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _xlsx_response(_public(code, pk)[1])


@require_GET
def public_csv(request: HttpRequest, code: str, pk: int, table: str) -> HttpResponse:
    return _csv_response(_public(code, pk)[1], table)
