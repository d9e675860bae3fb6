"""Views of the analysis page: the page itself, its tables as CSV, and the hot-spot JSON
that the map script fetches after the page has loaded (the Gi* permutations are the slow
part, so they never hold the page up, and their result is cached per viewer and data).

Members of the municipality only (404 for everyone else, as on every municipality page).
"""

from __future__ import annotations

import csv
import hashlib
from typing import Any

import h3
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET

from trygga.analysis import wording
from trygga.analysis.hotspots import CLASSES, DEFAULT_PERMUTATIONS, DEFAULT_SEED
from trygga.events.selectors import visible_events
from trygga.events.statistics import (
    PERIOD_UNITS,
    AnalysisParameterError,
    hotspot_rows,
    pattern_rows,
    rate_rows,
)
from trygga.geography.models import Municipality
from trygga.geography.selectors import districts_of
from trygga.web.analysis import data
from trygga.web.analysis.charts import point_text, trend_svg
from trygga.web.analysis.forms import PERIOD_LABELS, AnalysisForm
from trygga.web.analysis.png import density_png_data_url
from trygga.web.views import municipality_page, page_context

HOTSPOT_CACHE_SECONDS = 15 * 60
# Where the selectors' parameter names belong on the form.
FORM_FIELDS = {"from": "date_from", "to": "date_to", "n": "n", "k": "k"}
CSV_TABLES = ("trend", "change", "rates", "patterns", "seasonality", "hotspots")
VERDICTS = {
    "increase": gettext_noop("Ökning"),
    "decrease": gettext_noop("Minskning"),
    "no_change": gettext_noop("Ingen säker förändring"),
    "too_few": gettext_noop("För få händelser för att avgöra"),
}
CLASS_LABELS = {
    "hot_99": gettext_noop("Het punkt, 99 %"),
    "hot_95": gettext_noop("Het punkt, 95 %"),
    "hot_90": gettext_noop("Het punkt, 90 %"),
    "not_significant": gettext_noop("Ingen säker koncentration"),
    "cold_90": gettext_noop("Kall punkt, 90 %"),
    "cold_95": gettext_noop("Kall punkt, 95 %"),
    "cold_99": gettext_noop("Kall punkt, 99 %"),
}
# ColorBrewer RdBu (colour-blind safe), strongest at the ends.
CLASS_COLOURS = {
    "hot_99": "#b2182b",
    "hot_95": "#ef8a62",
    "hot_90": "#fddbc7",
    "not_significant": "#bababa",
    "cold_90": "#d1e5f0",
    "cold_95": "#67a9cf",
    "cold_99": "#2166ac",
}


def _verdict(value: str) -> str:
    return _(VERDICTS[value])


def _class_label(value: str) -> str:
    return _(CLASS_LABELS[value])


def _parse(
    request: HttpRequest, municipality: Municipality
) -> tuple[AnalysisForm, data.Selection | None]:
    """The form and, when it is valid, the resolved selection."""
    form = AnalysisForm(request.GET, municipality=municipality)
    if not form.is_valid():
        return form, None
    try:
        selection = data.resolve(municipality, form.cleaned_data)
    except AnalysisParameterError as exc:
        field = FORM_FIELDS.get(exc.parameter, exc.parameter)
        form.add_error(field if field in form.fields else None, exc.message)
        return form, None
    return form, selection


# --------------------------------------------------------------------------- the page


def _trend_context(trend: data.Trend) -> dict[str, Any]:
    charts = []
    for i, series in enumerate(trend.series):
        charts.append(
            {
                "label": series.label,
                "svg": trend_svg(
                    series,
                    trend.labels,
                    trend.partial,
                    chart_id=f"trend-{i}",
                    title=_("Antal per period: %(label)s") % {"label": series.label},
                ),
                "outside": sum(1 for j in range(len(trend.labels)) if series.outside(j)),
            }
        )
    signal = None
    if any(trend.signal.counts):
        signal = {
            "label": trend.signal.label,
            "svg": trend_svg(
                trend.signal,
                trend.labels,
                trend.partial,
                chart_id="trend-signal",
                title=trend.signal.label,
            ),
        }
    rows = []
    for j, label in enumerate(trend.labels):
        rows.append(
            {
                "period": label,
                "partial": trend.partial[j],
                "baseline": ", ".join(trend.baseline_used[j]),
                "cells": [
                    {
                        "count": s.counts[j],
                        "expected": s.expected[j],
                        "lower": s.lower[j],
                        "upper": s.upper[j],
                        "outside": s.outside(j),
                        "text": point_text(s, label, j, trend.partial[j]),
                    }
                    for s in trend.series
                ],
                "signal": trend.signal.counts[j],
            }
        )
    return {"charts": charts, "signal": signal, "rows": rows, "trend": trend}


def _priority_sentence(result: Any) -> str | None:
    comparison = result.table.priority_vs_rest
    if comparison is None or comparison.rate_ratio.size == 0:
        return None
    ratio = float(comparison.rate_ratio[0])
    if ratio != ratio:  # NaN: no events in either group
        return None
    return _(
        "Takten i de prioriterade stadsdelarna är %(ratio)s gånger övriga kommunens "
        "(95 %% KI %(low)s–%(high)s, p %(p)s)."
    ) % {
        "ratio": wording.format_significant(ratio),
        "low": wording.format_significant(float(comparison.ci_low[0])),
        "high": wording.format_significant(float(comparison.ci_high[0])),
        "p": wording.format_p_relation(float(comparison.p_value[0])),
    }


def _api_links(municipality: Municipality, selection: data.Selection) -> dict[str, Any]:
    """The hot-spot result through the API and the command line, with the same filters."""
    query = selection.query
    params: list[tuple[str, str]] = []
    cli = ["trygga", "analyse", "hotspots", "--municipality", municipality.code]
    if query.date_from:
        params.append(("from", query.date_from.isoformat()))
        cli += ["--from", query.date_from.isoformat()]
    if query.date_to:
        params.append(("to", query.date_to.isoformat()))
        cli += ["--to", query.date_to.isoformat()]
    for name in ("district", "source"):
        value = getattr(query, name)
        if value is not None:
            params.append((name, value.code))
            cli += [f"--{name}", value.code]
    if len(selection.categories) == 1:
        params.append(("category", selection.categories[0].code))
        cli += ["--category", selection.categories[0].code]
    params += [("resolution", str(selection.resolution)), ("k", str(selection.k))]
    cli += ["--resolution", str(selection.resolution), "--k", str(selection.k)]
    cli += ["--format", "json"]
    base = reverse("api-analysis-hotspots", kwargs={"code": municipality.code})
    encoded = "&".join(f"{k}={v}" for k, v in params)
    return {
        "json": f"{base}?{encoded}",
        "geojson": f"{base}?{encoded}&format=geojson",
        "cli": " ".join(cli),
        # The API and the command line take one category.
        "several": selection.several,
    }


def _map_config(
    municipality: Municipality, form: AnalysisForm, selection: data.Selection
) -> dict[str, Any]:
    return {
        "districtsUrl": reverse("web:map_districts", args=[municipality.code]),
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "hotspotsUrl": reverse("web:analysis_hotspots", args=[municipality.code])
        + "?"
        + form.query_string(),
        "classes": [
            {"code": c, "label": _class_label(c), "colour": CLASS_COLOURS[c]} for c in CLASSES
        ],
        "text": {
            "loading": _("Beräknar hot spots …"),
            "loadError": _("Hot spots kunde inte beräknas."),
            "cells": _("celler"),
            "events": _("händelser"),
            "count": _("Antal"),
            "cell": _("Cell"),
            "none": _("Inga säkra koncentrationer med dessa val."),
            "done": _("%(tested)s celler med händelser prövade, %(classed)s i en klass."),
            "hotspotLayer": _("Hot spots (Gi*)"),
            "densityLayer": _("Täthetsyta"),
            "density": _(
                "Täthetsyta: händelser per km² med %(bandwidth)s m bandbredd; "
                "mörkast från %(top)s per km². En bild av var det händer, inget test."
            ),
        },
    }


@require_GET
@municipality_page
def analysis_page(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    form, selection = _parse(request, municipality)
    context = page_context(
        request,
        municipality,
        "analysis",
        form=form,
        selection=selection,
        approximate=districts_of(municipality).filter(boundary_is_approximate=True).exists(),
    )
    if selection is not None:
        today = timezone.localdate()
        viewer = request.user
        trend = data.trend(viewer, selection, today)
        change = data.change_rows(viewer, selection, today)
        rates = data.district_rates(viewer, selection)
        pattern = data.hour_weekday(viewer, selection)
        rows = rate_rows(rates)
        query = form.query_string()
        context.update(
            query=query,
            period_label=PERIOD_LABELS[selection.period],
            period_unit=_(PERIOD_UNITS[selection.period]),
            categories=", ".join(c.name for c in selection.categories) or _("alla kategorier"),
            **_trend_context(trend),
            change=change,
            change_rows=[{**row, "verdict_text": _verdict(row["verdict"])} for row in change.rows],
            change_sure=[r for r in change.rows if r["verdict"] in ("increase", "decrease")],
            rate_rows=[r for r in rows if r["measure"] == "rate"],
            signal_rows=[r for r in rows if r["measure"] == "signal" and r["count"]],
            signal_note=rates.signal.note,
            rates_parameters=rates.parameters,
            priority_sentence=_priority_sentence(rates),
            heat=data.heat_rows(pattern),
            heat_levels=range(data.HEAT_LEVELS + 1),
            pattern=pattern.matrix,
            hours=[f"{h:02d}" for h in range(24)],
            season=data.seasonality(viewer, selection, today),
            links=_api_links(municipality, selection),
            permutations=DEFAULT_PERMUTATIONS,
            seed=DEFAULT_SEED,
            map_config=_map_config(municipality, form, selection),
            map_hidden=[
                (name, value)
                for name, values in QueryDict(query).lists()
                if name not in ("resolution", "k")
                for value in values
            ],
        )
    return render(request, "web/analysis.html", context, status=200 if form.is_valid() else 400)


# --------------------------------------------------------------------------- hot spots


def _fingerprint(request: HttpRequest, municipality: Municipality) -> str:
    """Changes when the viewer's events change: their number and the latest edit."""
    state = visible_events(request.user, municipality).aggregate(
        n=Count("id"), last=Max("updated_at")
    )
    return f"{state['n']}-{state['last'].isoformat() if state['last'] else ''}"


def _hotspots(
    request: HttpRequest, municipality: Municipality, selection: data.Selection, query: str
) -> dict[str, Any]:
    """The hot-spot parameters and rows, cached per viewer, filters and data version."""
    key = (
        "analysis-hotspots:"
        + hashlib.sha256(
            "|".join(
                [
                    municipality.code,
                    str(request.user.pk),
                    query,
                    _fingerprint(request, municipality),
                ]
            ).encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        return {**cached, "cached": True}
    result, parameters = data.hotspot_result(request.user, selection)
    payload = {
        "parameters": _json_ready(parameters),
        "rows": hotspot_rows(result),
        "density": _density(request, selection),
        "computed": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    cache.set(key, payload, HOTSPOT_CACHE_SECONDS)
    return {**payload, "cached": False}


def _density(request: HttpRequest, selection: data.Selection) -> dict[str, Any] | None:
    """The density surface as a coloured PNG with its bounds, for a map overlay."""
    found = data.density(request.user, selection)
    if found is None:
        return None
    surface, events = found
    image, top = density_png_data_url(surface.values)
    west, south, east, north = surface.bounds
    return {
        "image": image,
        "bounds": [[south, west], [north, east]],
        "top": round(top, 1),
        "bandwidth_m": surface.bandwidth_metres,
        "cell_m": surface.cell_metres,
        "points": events,
    }


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return value


def _boundary(cell: str) -> list[list[float]]:
    return [[round(lat, 5), round(lng, 5)] for lat, lng in h3.cell_to_boundary(cell)]


@require_GET
@municipality_page
def analysis_hotspots(request: HttpRequest, municipality: Municipality) -> JsonResponse:
    """The map's cells: those with events or a class, each with its hexagon (lat, lon)."""
    form, selection = _parse(request, municipality)
    if selection is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    payload = _hotspots(request, municipality, selection, form.query_string())
    cells = []
    summary = dict.fromkeys(CLASSES, 0)
    for row in payload["rows"]:
        if row["count"] == 0 and row["class"] == "not_significant":
            continue  # empty cells are in the CSV, not on the map
        summary[row["class"]] += 1
        cells.append({**row, "boundary": _boundary(row["cell"])})
    response = JsonResponse(
        {
            "parameters": payload["parameters"],
            "computed": payload["computed"],
            "cached": payload["cached"],
            "summary": summary,
            "cells": cells,
            "density": payload["density"],
        }
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


# --------------------------------------------------------------------------- CSV


def _csv_rows(
    request: HttpRequest,
    municipality: Municipality,
    table: str,
    form: AnalysisForm,
    selection: data.Selection,
) -> list[dict[str, Any]]:
    today = timezone.localdate()
    viewer = request.user
    if table == "trend":
        trend = data.trend(viewer, selection, today)
        rows = []
        for series in [*trend.series, trend.signal]:
            for j, label in enumerate(trend.labels):
                rows.append(
                    {
                        "series": series.label,
                        "measure": "signal" if series.is_signal else "count",
                        "period": label,
                        "partial": trend.partial[j],
                        "count": series.counts[j],
                        "expected": series.expected[j],
                        "band_lower": series.lower[j],
                        "band_upper": series.upper[j],
                        "outside": series.outside(j) or "",
                        "baseline_periods": " ".join(trend.baseline_used[j]),
                    }
                )
        return rows
    if table == "change":
        change = data.change_rows(viewer, selection, today)
        return [
            {
                "period": change.tested,
                "district": r["district"],
                "district_name": r["district_name"],
                "category": r["category"],
                "category_name": r["category_name"],
                "observed": r["observed"],
                "baseline": r["baseline"],
                "expected": r["expected"],
                "rate_ratio": r["rate_ratio"],
                "ci_low": r["ci_low"],
                "ci_high": r["ci_high"],
                "p": r["p"],
                "q": r["q"],
                "verdict": r["verdict"],
                "sentence": r["sentence"],
            }
            for r in change.rows
        ]
    if table == "rates":
        return rate_rows(data.district_rates(viewer, selection))
    if table == "patterns":
        return pattern_rows(data.hour_weekday(viewer, selection))
    if table == "seasonality":
        return data.seasonality(viewer, selection, today).rows
    payload = _hotspots(request, municipality, selection, form.query_string())
    return payload["rows"]


@require_GET
@municipality_page
def analysis_csv(request: HttpRequest, municipality: Municipality, table: str) -> HttpResponse:
    """One of the page's tables as CSV (UTF-8 with BOM, so Excel reads å, ä and ö)."""
    if table not in CSV_TABLES:
        raise Http404
    form, selection = _parse(request, municipality)
    if selection is None:
        lines = [
            f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ]
        return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
    rows = _csv_rows(request, municipality, table, form, selection)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="trygga-{municipality.code}-{table}-{stamp}.csv"'
    )
    response.write("\ufeff")
    columns = list(rows[0]) if rows else ["empty"]
    writer = csv.DictWriter(response, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return response
