"""The analysis endpoints: /api/v1/municipalities/{code}/analysis/{counts,rates,change,...}/.

Each view parses its query parameters (a 400 problem names a bad one), calls one selector
of `trygga.events.statistics` with the caller as viewer (so restricted events count only
for whom `visible_events` shows them), and answers `{"parameters": {...}, "rows": [...]}`:
every result carries the parameters it was computed with. Non-members get 404 through
`MunicipalityScopedView`, as everywhere under a municipality.

Hot spots answer GeoJSON on request (`?format=geojson`): one Feature per grid cell with
the H3 cell's hexagon as its polygon. The API caps the permutations at 999 and the H3
resolution at 10: a request must finish in seconds (the command line has no such cap).
"""

import datetime as dt
from typing import Any

import h3
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import PROBLEM_CONTENT_TYPE, ValidationProblemSerializer
from trygga.accounts.api.scoping import MUNICIPALITY_CODE, MunicipalityScopedView
from trygga.analysis.hotspots import CLASSES, DEFAULT_SEED
from trygga.events import statistics
from trygga.events.models import Event
from trygga.events.statistics import AnalysisParameterError, AnalysisQuery
from trygga.geography.api.renderers import GeoJSONRenderer
from trygga.geography.models import Municipality

GEOJSON = "application/geo+json"
MAX_PERMUTATIONS = 999
MAX_RESOLUTION = 10

# --------------------------------------------------------------------------- parameters


class AnalysisFilterSerializer(serializers.Serializer):
    """The filters every analysis takes; codes are resolved to the municipality's objects."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword, so the fields are declared here, not as attributes.
        return {
            "from": serializers.DateField(
                required=False, help_text="First day (inclusive) of the events' start."
            ),
            "to": serializers.DateField(required=False, help_text="Last day (inclusive)."),
            "district": serializers.CharField(required=False, help_text="A district's code."),
            "category": serializers.CharField(
                required=False, help_text="A category's code; includes its sub-categories."
            ),
            "source": serializers.CharField(required=False, help_text="A source's code."),
            **self.extra_fields(),
        }

    def extra_fields(self) -> dict[str, serializers.Field]:
        return {}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        municipality: Municipality = self.context["municipality"]
        try:
            attrs["query"] = statistics.resolve_query(
                municipality,
                date_from=attrs.get("from"),
                date_to=attrs.get("to"),
                district=attrs.get("district"),
                category=attrs.get("category"),
                source=attrs.get("source"),
            )
        except AnalysisParameterError as exc:
            raise serializers.ValidationError({exc.parameter: exc.message}) from exc
        return attrs


def _period_field() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=list(statistics.PERIODS),
        default="week",
        help_text="ISO week, month, tertial (Jan-Apr, May-Aug, Sep-Dec) or year.",
    )


class CountsParametersSerializer(AnalysisFilterSerializer):
    def extra_fields(self) -> dict[str, serializers.Field]:
        return {
            "period": _period_field(),
            "by": serializers.CharField(
                default="period,district,category",
                help_text="Comma-separated dimensions: period, district, category, source.",
            ),
        }

    def validate_by(self, value: str) -> list[str]:
        parts = [p.strip() for p in value.split(",") if p.strip()]
        unknown = [p for p in parts if p not in statistics.DIMENSIONS]
        if not parts or unknown:
            raise serializers.ValidationError(
                _("Okänd dimension: %s.") % ", ".join(unknown or [value]), code="invalid"
            )
        return parts


class RatesParametersSerializer(AnalysisFilterSerializer):
    def extra_fields(self) -> dict[str, serializers.Field]:
        return {
            "by": serializers.ChoiceField(
                choices=list(statistics.RATE_GROUPINGS),
                required=False,
                help_text="One table per category, source or period; each row then names it.",
            ),
            "period": _period_field(),
        }


class ChangeParametersSerializer(AnalysisFilterSerializer):
    def extra_fields(self) -> dict[str, serializers.Field]:
        return {
            "period": _period_field(),
            "at": serializers.DateField(
                required=False,
                help_text="A day in the period to test; default `to`, else today.",
            ),
            "baseline": serializers.ChoiceField(
                choices=list(statistics.BASELINES),
                default="same_period",
                help_text="The same period in earlier years, or the previous periods.",
            ),
            "n": serializers.IntegerField(
                min_value=1, max_value=52, default=3, help_text="Number of baseline periods."
            ),
        }


class HotspotParametersSerializer(AnalysisFilterSerializer):
    def extra_fields(self) -> dict[str, serializers.Field]:
        return {
            "resolution": serializers.IntegerField(
                min_value=5,
                max_value=MAX_RESOLUTION,
                required=False,
                help_text="H3 resolution of the grid; default the municipality's.",
            ),
            "k": serializers.IntegerField(
                min_value=1, max_value=5, default=1, help_text="k-ring of neighbours."
            ),
            "permutations": serializers.IntegerField(
                min_value=99, max_value=MAX_PERMUTATIONS, default=MAX_PERMUTATIONS
            ),
            "seed": serializers.IntegerField(min_value=0, default=DEFAULT_SEED),
            "p_method": serializers.ChoiceField(
                choices=["permutation", "analytic"], default="permutation"
            ),
            "min_count": serializers.IntegerField(
                min_value=0,
                default=1,
                help_text="Only cells with at least this many events are tested (q and class); "
                "0 tests every cell.",
            ),
        }


class RepeatParametersSerializer(AnalysisFilterSerializer):
    def extra_fields(self) -> dict[str, serializers.Field]:
        return {
            "min_events": serializers.IntegerField(min_value=2, default=2),
            "knox": serializers.BooleanField(
                default=True, help_text="Also run the Knox test (0-100-200-400 m, 0-7-14-28 d)."
            ),
            "permutations": serializers.IntegerField(
                min_value=99, max_value=MAX_PERMUTATIONS, default=MAX_PERMUTATIONS
            ),
            "seed": serializers.IntegerField(min_value=0, default=1),
        }


# --------------------------------------------------------------------------- responses

PARAMETERS = serializers.DictField(
    help_text="Everything the result was computed with (filters, method, settings)."
)


def _nullable_float(help_text: str = "") -> serializers.FloatField:
    return serializers.FloatField(allow_null=True, help_text=help_text)


class CountRowSerializer(serializers.Serializer):
    period = serializers.CharField(required=False, help_text="2025-W11, 2025-03, 2025-T1, 2025.")
    district = serializers.CharField(
        required=False, allow_null=True, help_text="Null: outside every district, or the police."
    )
    category = serializers.CharField(required=False)
    # `source` and `label` are also Field attributes; DRF's metaclass takes declared fields
    # off the class, so only the type checker sees a clash.
    source: Any = serializers.CharField(required=False)
    count = serializers.IntegerField(help_text="Events that are not the police feed.")
    signal = serializers.IntegerField(help_text="Police-feed events: a signal, never a rate.")


class CountsSerializer(serializers.Serializer):
    parameters = PARAMETERS
    rows = CountRowSerializer(many=True)


class RateRowSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=["rate", "signal"])
    kind = serializers.ChoiceField(choices=["district", "priority", "rest", "total"])
    district = serializers.CharField(allow_null=True)
    is_priority = serializers.BooleanField(
        allow_null=True, help_text="A priority district (null for the whole municipality)."
    )
    label: Any = serializers.CharField()
    count = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    rate = _nullable_float("Per 1,000 residents over the period; null without population.")
    ci_low = _nullable_float()
    ci_high = _nullable_float()

    def get_fields(self) -> dict[str, serializers.Field]:
        # `source` names a Field attribute, so the group columns are added here.
        return {
            "category": serializers.CharField(required=False, help_text="With by=category."),
            "source": serializers.CharField(required=False, help_text="With by=source."),
            "period": serializers.CharField(required=False, help_text="With by=period."),
            **super().get_fields(),
        }


class RatesSerializer(serializers.Serializer):
    parameters = PARAMETERS
    rows = RateRowSerializer(many=True)


class ChangeRowSerializer(serializers.Serializer):
    district = serializers.CharField(allow_null=True)
    category = serializers.CharField()
    label: Any = serializers.CharField(allow_null=True)
    observed = serializers.IntegerField()
    baseline = serializers.IntegerField(help_text="Sum over the baseline periods.")
    exposure = serializers.FloatField()
    baseline_exposure = serializers.FloatField()
    expected = serializers.FloatField()
    rate_ratio = _nullable_float()
    ci_low = _nullable_float()
    ci_high = _nullable_float()
    p = serializers.FloatField()
    q = _nullable_float("Benjamini-Hochberg; null when the test cannot reach the level.")
    verdict = serializers.ChoiceField(choices=["increase", "decrease", "no_change", "too_few"])
    dispersion_index = _nullable_float()
    band_expected = serializers.FloatField()
    band_lower = serializers.FloatField()
    band_upper = serializers.FloatField()
    sentence = serializers.CharField(help_text="The result in plain Swedish.")


class ChangeSerializer(serializers.Serializer):
    parameters = PARAMETERS
    rows = ChangeRowSerializer(many=True)


class PatternRowSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        hours: dict[str, serializers.Field] = {
            f"{h:02d}": serializers.FloatField() for h in range(24)
        }
        return {"weekday": serializers.ChoiceField(choices=list(statistics.WEEKDAYS)), **hours}


class PatternsSerializer(serializers.Serializer):
    parameters = PARAMETERS
    rows = PatternRowSerializer(many=True, help_text="Monday first; aoristic weights.")


class HotspotCellSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "cell": serializers.CharField(help_text="The H3 index as a string."),
            "count": serializers.IntegerField(),
            "z": serializers.FloatField(help_text="Gi* z-score."),
            "p": serializers.FloatField(help_text="One-sided pseudo p in the direction of z."),
            "q": _nullable_float(
                "BH-adjusted two-sided p; null for a cell outside the tested family "
                "(fewer than min_count events)."
            ),
            "class": serializers.ChoiceField(choices=list(CLASSES)),
        }


class HotspotsSerializer(serializers.Serializer):
    parameters = PARAMETERS
    rows = HotspotCellSerializer(many=True, help_text="Every grid cell, empty ones included.")


def _constant(value: str) -> serializers.CharField:
    """A string that is always `value`, as a pattern: the districts' GeoJSON has the same
    `type` enums, and an enum shared by two components would get a hashed name."""

    @extend_schema_field({"type": "string", "pattern": f"^{value}$"})
    class Constant(serializers.CharField):
        pass

    return Constant(help_text=f"Always `{value}`.")


class HotspotFeatureSerializer(serializers.Serializer):
    type = _constant("Feature")
    id = serializers.CharField(help_text="The H3 index.")
    geometry = serializers.DictField(help_text="The cell's hexagon as a GeoJSON Polygon.")
    properties = HotspotCellSerializer()


@extend_schema_serializer(many=False, component_name="HotspotFeatureCollection")
class HotspotFeatureCollectionSerializer(serializers.Serializer):
    type = _constant("FeatureCollection")
    parameters = PARAMETERS
    features = HotspotFeatureSerializer(many=True)


class RepeatPlaceSerializer(serializers.Serializer):
    cell = serializers.CharField(help_text="The H3 cell at the municipality's resolution.")
    count = serializers.IntegerField()
    first = serializers.CharField(help_text="First event (UTC).")
    last = serializers.CharField(help_text="Last event (UTC).")


class KnoxRowSerializer(serializers.Serializer):
    distance_from_m = serializers.FloatField()
    distance_to_m = serializers.FloatField()
    days_from = serializers.FloatField()
    days_to = serializers.FloatField()
    observed = serializers.IntegerField()
    expected = serializers.FloatField()
    ratio = _nullable_float()
    p = serializers.FloatField()
    q = serializers.FloatField()


class RepeatsSerializer(serializers.Serializer):
    parameters = PARAMETERS
    rows = RepeatPlaceSerializer(many=True, help_text="Places with at least min_events.")
    knox = KnoxRowSerializer(many=True, help_text="Empty when knox=false.")


# --------------------------------------------------------------------------- views


def _responses(ok: Any) -> dict[Any, Any]:
    return {
        200: ok,
        (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            ValidationProblemSerializer, description="A parameter is invalid; `errors` names it."
        ),
    }


class AnalysisView(MunicipalityScopedView):
    """Parses `parameters_class` from the query string into `self.params`."""

    queryset = Event.objects.none()
    pagination_class = None
    parameters_class: type[AnalysisFilterSerializer] = AnalysisFilterSerializer

    def parameters(self, request: Request) -> tuple[AnalysisQuery, dict[str, Any]]:
        # A blank parameter (`?from=`, as an HTML form sends it) means none.
        data = {key: value for key, value in request.query_params.items() if value}
        data.pop("format", None)
        parsed = self.parameters_class(data=data, context={"municipality": self.municipality})
        parsed.is_valid(raise_exception=True)
        values = dict(parsed.validated_data)
        return values.pop("query"), values

    @staticmethod
    def invalid(exc: AnalysisParameterError) -> serializers.ValidationError:
        return serializers.ValidationError({exc.parameter: exc.message})


class CountsView(AnalysisView):
    parameters_class = CountsParametersSerializer

    @extend_schema(
        summary="Event counts by period, district, category and/or source",
        description="Counted in the database; `signal` counts the police feed apart.",
        parameters=[MUNICIPALITY_CODE, CountsParametersSerializer],
        responses=_responses(CountsSerializer),
        tags=["analysis"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query, values = self.parameters(request)
        table = statistics.event_counts_by(
            request.user, query, by=values["by"], period=values["period"]
        )
        return Response({"parameters": table.parameters, "rows": table.rows})


class RatesView(AnalysisView):
    parameters_class = RatesParametersSerializer

    @extend_schema(
        summary="Counts and rates per 1,000 residents by district",
        description="District rows, then the priority districts together, the rest and the "
        "whole municipality; then the police feed's rows with `measure = signal` and no rates. "
        "With `by`, these rows once per category, source or period, each row naming its group.",
        parameters=[MUNICIPALITY_CODE, RatesParametersSerializer],
        responses=_responses(RatesSerializer),
        tags=["analysis"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query, values = self.parameters(request)
        by = values.get("by")
        if by is None:
            result = statistics.district_rates_for(request.user, query)
            return Response({"parameters": result.parameters, "rows": statistics.rate_rows(result)})
        groups = statistics.district_rates_by(request.user, query, by=by, period=values["period"])
        parameters = {
            **query.parameters(),
            "by": by,
            "period": values["period"] if by == "period" else None,
        }
        return Response(
            {"parameters": parameters, "rows": statistics.grouped_rate_rows(by, groups)}
        )


class ChangeView(AnalysisView):
    parameters_class = ChangeParametersSerializer

    @extend_schema(
        summary="Change against a baseline, per district and category",
        description="Exact conditional test, rate-ratio interval, Benjamini-Hochberg q over "
        "all tests, a control band, and a sentence in plain Swedish.",
        parameters=[MUNICIPALITY_CODE, ChangeParametersSerializer],
        responses=_responses(ChangeSerializer),
        tags=["analysis"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query, values = self.parameters(request)
        at: dt.date = values.get("at") or query.date_to or timezone.localdate()
        try:
            result = statistics.change_for(
                request.user,
                query,
                period=values["period"],
                at=at,
                baseline=values["baseline"],
                n=values["n"],
            )
        except AnalysisParameterError as exc:
            raise self.invalid(exc) from exc
        return Response({"parameters": result.parameters, "rows": result.records()})


class PatternsView(AnalysisView):
    @extend_schema(
        summary="Hour-by-weekday matrix (local time, aoristic weights for windows)",
        parameters=[MUNICIPALITY_CODE, AnalysisFilterSerializer],
        responses=_responses(PatternsSerializer),
        tags=["analysis"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query, _values = self.parameters(request)
        result = statistics.hour_weekday_for(request.user, query)
        return Response({"parameters": result.parameters, "rows": statistics.pattern_rows(result)})


def _hexagon(cell: str) -> dict[str, Any]:
    ring = [[lng, lat] for lat, lng in h3.cell_to_boundary(cell)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


class HotspotsView(AnalysisView):
    parameters_class = HotspotParametersSerializer
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    @extend_schema(
        summary="Hot spots: Getis-Ord Gi* on the H3 grid over the whole municipality",
        description="One row per grid cell, empty cells included, with z, pseudo p, BH q and "
        "the class. `?format=geojson` (or `Accept: application/geo+json`) answers a "
        "FeatureCollection of the cells' hexagons. Permutations at most 999, resolution at "
        "most 10.",
        parameters=[MUNICIPALITY_CODE, HotspotParametersSerializer],
        responses={
            **_responses(HotspotsSerializer),
            (200, GEOJSON): HotspotFeatureCollectionSerializer,
        },
        tags=["analysis"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query, values = self.parameters(request)
        result = statistics.hotspots_for(
            request.user,
            query,
            resolution=values.get("resolution"),
            k=values["k"],
            permutations=values["permutations"],
            seed=values["seed"],
            p_method=values["p_method"],
            min_count=values["min_count"],
        )
        parameters = statistics.hotspot_parameters(query, result)
        rows = statistics.hotspot_rows(result)
        if request.accepted_renderer.format == GeoJSONRenderer.format:
            features = [
                {
                    "type": "Feature",
                    "id": row["cell"],
                    "geometry": _hexagon(row["cell"]),
                    "properties": row,
                }
                for row in rows
            ]
            return Response(
                {"type": "FeatureCollection", "parameters": parameters, "features": features}
            )
        return Response({"parameters": parameters, "rows": rows})


class RepeatsView(AnalysisView):
    parameters_class = RepeatParametersSerializer

    @extend_schema(
        summary="Repeat places and the Knox test of near-repeats",
        parameters=[MUNICIPALITY_CODE, RepeatParametersSerializer],
        responses=_responses(RepeatsSerializer),
        tags=["analysis"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query, values = self.parameters(request)
        result = statistics.repeats_for(
            request.user,
            query,
            min_events=values["min_events"],
            knox=values["knox"],
            permutations=values["permutations"],
            seed=values["seed"],
        )
        return Response(
            {
                "parameters": result.parameters,
                "rows": statistics.repeat_place_rows(result),
                "knox": statistics.knox_rows(result),
            }
        )
