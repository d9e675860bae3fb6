"""The stored content of one audience: tables, chart series, map values and sentences.

`assemble(raw, masks)` writes what the audience may see and nothing else: in the public
version a hidden figure is stored as `HIDDEN` (".."), never as its value, and rates,
change tests and chart bars of a hidden count are left out with it. The content is plain
JSON, so an approved version keeps it unchanged and every output renders from it.
"""

from __future__ import annotations

import math
from typing import Any

import h3
import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trygga.analysis import change, rates, wording
from trygga.geography.selectors import point_assigner
from trygga.lagesbild import tables as t
from trygga.lagesbild.collect import AGE_BUCKETS, OUTSIDE, Raw, Spec, compare
from trygga.lagesbild.protect import BAND_HOURS, Masks, pattern_bands

HIDDEN = t.HIDDEN
MAX_PAIRS = 30  # the notable district x category changes shown (the surest first)
WEEKDAYS = tuple(
    gettext_noop(day)
    for day in ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
)
VERDICTS = {
    "increase": gettext_noop("Ökning"),
    "decrease": gettext_noop("Minskning"),
    "no_change": gettext_noop("Ingen säker förändring"),
    "too_few": gettext_noop("För få händelser"),
}


def _verdict(code: str) -> str:
    return _(VERDICTS[code])


def _shown(value: Any, hidden: bool) -> Any:
    return HIDDEN if hidden else value


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if np.isfinite(number) else None


def _district_label(raw: Raw, i: int) -> str:
    code = raw.district_codes[i]
    return _("Utanför stadsdelarna") if code == OUTSIDE else raw.district_names[i]


class Assembler:
    def __init__(self, spec: Spec, raw: Raw, masks: Masks | None, audience: str) -> None:
        self.spec = spec
        self.raw = raw
        self.masks = masks
        self.public = masks is not None
        self.audience = audience
        n_rows, n_cols = raw.matrix.shape
        self.cell_hidden = masks.cells if masks else np.zeros((n_rows, n_cols), dtype=bool)
        self.row_hidden = masks.rows if masks else np.zeros(n_rows, dtype=bool)
        self.column_hidden = masks.columns if masks else np.zeros(n_cols, dtype=bool)
        self.total_hidden = masks.total if masks else False
        self.row_totals = raw.matrix.sum(axis=1)
        self.column_totals = raw.matrix.sum(axis=0)
        self.total = int(raw.matrix.sum())

    # ------------------------------------------------------------------ where and what

    def district_category(self) -> dict[str, Any]:
        raw = self.raw
        columns = [t.column("district", _("Stadsdel"))]
        columns += [
            t.column(f"c:{code}", name, t.COUNT)
            for code, name in zip(raw.category_codes, raw.category_names, strict=True)
        ]
        columns.append(t.column("total", _("Totalt"), t.COUNT))
        rows = []
        for i in range(raw.matrix.shape[0]):
            cells: list[Any] = [_district_label(raw, i)]
            cells += [
                _shown(int(v), bool(h))
                for v, h in zip(raw.matrix[i], self.cell_hidden[i], strict=True)
            ]
            cells.append(_shown(int(self.row_totals[i]), bool(self.row_hidden[i])))
            rows.append(t.row(cells, "district", code=raw.district_codes[i]))
        footer: list[Any] = [_("Totalt")]
        footer += [
            _shown(int(v), bool(h))
            for v, h in zip(self.column_totals, self.column_hidden, strict=True)
        ]
        footer.append(_shown(self.total, self.total_hidden))
        rows.append(t.row(footer, "total"))
        return t.table(
            "district_category",
            _("Händelser per stadsdel och kategori"),
            columns,
            rows,
            note=_("Polisens händelser ingår inte (se avsnittet om polisens händelser)."),
        )

    def district_rates(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The district table with rates per 1,000 residents, and the map's values."""
        raw = self.raw
        real = [i for i, code in enumerate(raw.district_codes) if code != OUTSIDE]
        outside = [i for i, code in enumerate(raw.district_codes) if code == OUTSIDE]
        counts = [int(self.row_totals[i]) for i in real]
        outside_count = sum(int(self.row_totals[i]) for i in outside)
        table = rates.district_rates(
            [raw.district_names[i] for i in real],
            counts,
            [raw.population[i] for i in real],
            [raw.priority[i] for i in real],
            total_count=self.total if outside_count else None,
            total_population=raw.municipality_population
            if (outside_count or raw.municipality_population)
            else None,
            gettext=_,
        )
        columns = [
            t.column("district", _("Stadsdel")),
            t.column("priority", _("Prioriterad")),
            t.column("count", _("Antal händelser"), t.COUNT),
            t.column("population", _("Invånare"), t.RESIDENTS),
            t.column("rate", _("Per 1 000 invånare"), t.RATE),
            t.column("ci_low", _("95 % KI, från"), t.RATE),
            t.column("ci_high", _("95 % KI, till"), t.RATE),
        ]
        rows = []
        map_values = []
        by_row = dict(zip(real, table.rows[: len(real)], strict=True))
        for i, code in enumerate(raw.district_codes):
            hidden = bool(self.row_hidden[i])
            if code == OUTSIDE:
                rows.append(
                    t.row(
                        [
                            _district_label(raw, i),
                            "",
                            _shown(int(self.row_totals[i]), hidden),
                            None,
                            None,
                            None,
                            None,
                        ],
                        "outside",
                    )
                )
                continue
            r = by_row[i]
            rate_cells = [
                _shown(_number(r.rate), hidden),
                _shown(_number(r.ci_low), hidden),
                _shown(_number(r.ci_high), hidden),
            ]
            rows.append(
                t.row(
                    [
                        r.label,
                        _("Ja") if raw.priority[i] else "",
                        _shown(r.count, hidden),
                        r.population,
                        *rate_cells,
                    ],
                    "district",
                    code=code,
                )
            )
            map_values.append(
                {
                    "code": code,
                    "name": r.label,
                    "priority": raw.priority[i],
                    "count": _shown(r.count, hidden),
                    "rate": _shown(_number(r.rate), hidden),
                }
            )
        if self.spec.district is None:
            group_hidden = {
                "priority": self.masks.priority_group if self.masks else False,
                "rest": self.masks.rest_group if self.masks else False,
                "total": self.total_hidden,
            }
            for r in table.rows[len(real) :]:
                if r.kind == "priority" and not any(raw.priority):
                    continue
                hidden = group_hidden[r.kind]
                rows.append(
                    t.row(
                        [
                            r.label,
                            "",
                            _shown(r.count, hidden),
                            r.population,
                            _shown(_number(r.rate), hidden),
                            _shown(_number(r.ci_low), hidden),
                            _shown(_number(r.ci_high), hidden),
                        ],
                        "group" if r.kind != "total" else "total",
                        group=r.kind,
                    )
                )
        note = _(
            "Takten är antal händelser under perioden per 1 000 invånare, med ett 95-procentigt "
            "osäkerhetsintervall (exakt Poisson). Stadsdelar utan känt invånarantal får ingen takt."
        )
        self.priority_test = None
        test = table.priority_vs_rest
        if test is not None and not (
            self.masks and (self.masks.priority_group or self.masks.rest_group)
        ):
            record = test.records()[0]
            self.priority_test = {
                "ratio": _number(record["rate_ratio"]),
                "ci_low": _number(record["ci_low"]),
                "ci_high": _number(record["ci_high"]),
                "p": _number(record["p"]),
                "verdict": record["verdict"],
            }
        return (
            t.table(
                "districts",
                _("Händelser per stadsdel och per 1 000 invånare"),
                columns,
                rows,
                note=note,
            ),
            map_values,
        )

    # ------------------------------------------------------------------ change

    def changes(self) -> dict[str, Any]:
        raw = self.raw
        figures = raw.change
        if figures is None:
            return {"available": False, "message": raw.change_error or ""}
        n = figures.n_periods
        baseline_hidden = (
            self.masks.baseline if self.masks else np.zeros(len(raw.category_codes), bool)
        )
        category = compare(figures.category_observed, figures.category_baseline, n)
        total = compare(np.array([figures.total_observed]), np.array([figures.total_baseline]), n)
        unit = _("per period")
        columns = [
            t.column("category", _("Kategori")),
            t.column("observed", _("Nu"), t.COUNT),
            t.column("baseline_mean", _("Snitt jämförelseperioder"), t.MEAN),
            t.column("ratio", _("Kvot"), t.RATIO),
            t.column("verdict", _("Bedömning")),
        ]
        rows = []
        for i, code in enumerate(raw.category_codes):
            hidden = bool(self.column_hidden[i]) or bool(baseline_hidden[i])
            if hidden:
                cells = [
                    raw.category_names[i],
                    _shown(int(category.observed[i]), bool(self.column_hidden[i])),
                    HIDDEN,
                    HIDDEN,
                    _("Kan inte redovisas (små tal)"),
                ]
            else:
                cells = [
                    raw.category_names[i],
                    int(category.observed[i]),
                    float(category.baseline[i]) / n,
                    _number(category.rate_ratio[i]),
                    _verdict(category.verdict[i]),
                ]
            rows.append(
                t.row(cells, "category", code=code, verdict=None if hidden else category.verdict[i])
            )
        total_hidden = self.total_hidden or (self.masks.baseline_total if self.masks else False)
        if total_hidden:
            total_cells = [
                _("Alla kategorier"),
                _shown(self.total, self.total_hidden),
                HIDDEN,
                HIDDEN,
                _("Kan inte redovisas (små tal)"),
            ]
            total_sentence = None
        else:
            total_cells = [
                _("Alla kategorier"),
                int(total.observed[0]),
                float(total.baseline[0]) / n,
                _number(total.rate_ratio[0]),
                _verdict(total.verdict[0]),
            ]
            total_sentence = change.describe_change(
                total, 0, subject=_("Alla händelser"), unit=_(unit), gettext=_
            )
        rows.append(t.row(total_cells, "total", verdict=None if total_hidden else total.verdict[0]))
        by_category = t.table(
            "change_categories",
            _("Förändring mot jämförelseperioden, per kategori"),
            columns,
            rows,
            note=_(
                "Jämförelse med %(periods)s. Bedömningen bygger på ett exakt test; med många "
                "jämförelser samtidigt kontrolleras andelen falska larm (Benjamini–Hochberg)."
            )
            % {"periods": ", ".join(figures.baseline_labels)},
        )
        result: dict[str, Any] = {
            "available": True,
            "baseline_periods": figures.baseline_labels,
            "dropped": figures.dropped,
            "total_sentence": total_sentence,
            "total_verdict": None if total_hidden else total.verdict[0],
            "categories": by_category,
            "parameters": figures.parameters,
        }
        if self.public:
            return result
        # Partner only: district level and the notable district x category changes.
        district = compare(figures.district_observed, figures.district_baseline, n)
        district_rows = []
        for i, code in enumerate(raw.district_codes):
            district_rows.append(
                t.row(
                    [
                        _district_label(raw, i),
                        int(district.observed[i]),
                        float(district.baseline[i]) / n,
                        _number(district.rate_ratio[i]),
                        _verdict(district.verdict[i]),
                    ],
                    "district",
                    code=code,
                    verdict=district.verdict[i],
                )
            )
        result["districts"] = t.table(
            "change_districts",
            _("Förändring mot jämförelseperioden, per stadsdel"),
            [t.column("district", _("Stadsdel")), *columns[1:]],
            district_rows,
        )
        notable = [p for p in figures.pairs if p["verdict"] in ("increase", "decrease")]
        # The surest first (smallest q), then the largest change; a meeting reads the top.
        notable.sort(
            key=lambda p: (
                p["q"] if p["q"] is not None else 1,
                -abs(math.log(p["rate_ratio"])) if p["rate_ratio"] else 0,
            )
        )
        n_notable = len(notable)
        notable = notable[:MAX_PAIRS]
        names = dict(zip(raw.category_codes, raw.category_names, strict=True))
        district_names = {
            code: _district_label(raw, i) for i, code in enumerate(raw.district_codes)
        }
        pair_rows = [
            t.row(
                [
                    district_names.get(p["district"] or OUTSIDE, _("Utanför stadsdelarna")),
                    names.get(p["category"], p["category"]),
                    p["observed"],
                    p["baseline"] / n,
                    p["rate_ratio"],
                    p["q"],
                    _verdict(p["verdict"]),
                ],
                p["verdict"],
            )
            for p in notable
        ]
        result["pairs"] = t.table(
            "change_pairs",
            _("Säkra förändringar per stadsdel och kategori"),
            [
                t.column("district", _("Stadsdel")),
                t.column("category", _("Kategori")),
                t.column("observed", _("Nu"), t.COUNT),
                t.column("baseline_mean", _("Snitt jämförelseperioder"), t.MEAN),
                t.column("ratio", _("Kvot"), t.RATIO),
                t.column("q", _("q"), t.P),
                t.column("verdict", _("Bedömning")),
            ],
            pair_rows,
            note=_(
                "Bara de kombinationer där förändringen är statistiskt säker visas, de "
                "säkraste först: %(shown)s av %(all)s."
            )
            % {"shown": len(notable), "all": n_notable},
        )
        result["sentences"] = [p["sentence"] for p in notable]
        result["lookup"] = {
            "category": {
                code: {
                    "observed": int(category.observed[i]),
                    "baseline_mean": float(category.baseline[i]) / n,
                    "verdict": category.verdict[i],
                    "sentence": change.describe_change(
                        category, i, subject=raw.category_names[i], unit=_(unit), gettext=_
                    ),
                }
                for i, code in enumerate(raw.category_codes)
            },
            "district": {
                code: {
                    "observed": int(district.observed[i]),
                    "baseline_mean": float(district.baseline[i]) / n,
                    "verdict": district.verdict[i],
                    "sentence": change.describe_change(
                        district, i, subject=_district_label(raw, i), unit=_(unit), gettext=_
                    ),
                }
                for i, code in enumerate(raw.district_codes)
            },
            "pair": {
                f"{p['district'] or OUTSIDE}|{p['category']}": {
                    "observed": p["observed"],
                    "baseline_mean": p["baseline"] / n,
                    "verdict": p["verdict"],
                    "sentence": p["sentence"],
                }
                for p in figures.pairs
            },
        }
        return result

    # ------------------------------------------------------------------ when

    def trend(self) -> tuple[dict[str, Any], dict[str, Any]]:
        raw = self.raw
        hidden = self.masks.trend if self.masks else np.zeros(len(raw.trend), bool)
        previous_hidden = (
            self.masks.trend_previous if self.masks else np.zeros(len(raw.trend), bool)
        )
        current = [
            None if v is None else _shown(v, bool(h))
            for v, h in zip(raw.trend, hidden, strict=True)
        ]
        previous = [
            None if v is None else _shown(v, bool(h))
            for v, h in zip(raw.trend_previous, previous_hidden, strict=True)
        ]
        week = self.spec.kind == "week"
        columns = [
            t.column("period", _("Vecka") if week else _("Månad")),
            t.column("count", _("Antal händelser"), t.COUNT),
            t.column(
                "previous", _("Samma veckor ett år tidigare") if week else _("Året innan"), t.COUNT
            ),
        ]
        rows = [
            t.row([label, c, p], "period")
            for label, c, p in zip(raw.trend_labels, current, previous, strict=True)
        ]
        if raw.trend_is_period:
            rows.append(t.row([_("Totalt"), _shown(self.total, self.total_hidden), None], "total"))
        note = _("– betyder att det inte finns data för perioden (före första händelsen).")
        chart = {
            "labels": raw.trend_labels,
            "current": current,
            "previous": previous,
            "x_label": columns[0]["label"],
            "y_label": _("Antal händelser"),
            "current_label": _("Antal händelser"),
            "previous_label": columns[2]["label"],
        }
        title = (
            _("Händelser per vecka, de senaste tolv veckorna") if week else _("Händelser per månad")
        )
        return t.table("trend", title, columns, rows, note=note), chart

    def pattern(self) -> tuple[dict[str, Any], dict[str, Any]]:
        raw = self.raw
        if not self.public:
            columns = [t.column("weekday", _("Veckodag"))] + [
                t.column(f"h{h:02d}", f"{h:02d}", t.WEIGHT) for h in range(24)
            ]
            rows = [
                t.row([_(WEEKDAYS[d]), *[float(v) for v in raw.pattern[d]]], "weekday")
                for d in range(7)
            ]
            chart = {
                "rows": [_(w) for w in WEEKDAYS],
                "columns": [f"{h:02d}" for h in range(24)],
                "values": [[float(v) for v in raw.pattern[d]] for d in range(7)],
                "x_label": _("Timme"),
            }
            note = _(
                "Händelser med ett tidsfönster i stället för en tidpunkt fördelas över fönstrets "
                "timmar (aoristisk fördelning), så värdena kan ha decimaler."
            )
            return t.table(
                "pattern", _("Händelser per veckodag och timme"), columns, rows, note=note
            ), chart
        assert self.masks is not None  # noqa: S101 - public
        where = self.masks.pattern
        values = pattern_bands(raw.pattern)
        labels = [f"{h:02d}–{h + BAND_HOURS:02d}" for h in range(0, 24, BAND_HOURS)]
        columns = [t.column("weekday", _("Veckodag"))]
        columns += [t.column(f"b{i}", label, t.COUNT) for i, label in enumerate(labels)]
        columns.append(t.column("total", _("Totalt"), t.COUNT))
        cells_hidden = where.mask
        row_hidden = (
            np.ma.getmaskarray(where.row_totals)
            if where.row_totals is not None
            else np.ones(7, bool)
        )
        col_hidden = (
            np.ma.getmaskarray(where.column_totals)
            if where.column_totals is not None
            else np.ones(6, bool)
        )
        rows = []
        grid: list[list[Any]] = []
        for d in range(7):
            cells = [
                _shown(int(values[d, b]), bool(cells_hidden[d, b])) for b in range(values.shape[1])
            ]
            grid.append(cells)
            rows.append(
                t.row(
                    [_(WEEKDAYS[d]), *cells, _shown(int(values[d].sum()), bool(row_hidden[d]))],
                    "weekday",
                )
            )
        rows.append(
            t.row(
                [
                    _("Totalt"),
                    *[
                        _shown(int(values[:, b].sum()), bool(col_hidden[b]))
                        for b in range(values.shape[1])
                    ],
                    _shown(int(values.sum()), bool(np.ma.getmaskarray(where.total))),
                ],
                "total",
            )
        )
        chart = {
            "rows": [_(w) for w in WEEKDAYS],
            "columns": labels,
            "values": grid,
            "x_label": _("Tid på dygnet"),
        }
        note = _(
            "Händelser med ett tidsfönster fördelas över fönstrets timmar och avrundas till hela "
            "händelser per fyratimmarsblock; polisens händelser ingår."
        )
        return t.table(
            "pattern", _("Händelser per veckodag och tid på dygnet"), columns, rows, note=note
        ), chart

    # ------------------------------------------------------------------ places

    def hotspots(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """Hot cells per district (a table a meeting can read) and the cells for the map."""
        raw = self.raw
        k = self.masks.k if self.masks else 0
        cells = [c for c in raw.hotspots if c["count"] >= k]
        names = self._districts_of_cells([c["cell"] for c in cells])
        outside = _("Utanför stadsdelarna")
        groups: dict[str, dict[str, int]] = {}
        for c in cells:
            group = groups.setdefault(
                names.get(c["cell"], outside),
                {"hot_99": 0, "hot_95": 0, "hot_90": 0, "new": 0, "continuing": 0, "events": 0},
            )
            group[c["class"]] += 1
            group[c["status"]] += 1
            group["events"] += c["count"]
        columns = [
            t.column("district", _("Stadsdel")),
            t.column("hot_99", _("Celler, 99{nbsp}%").format(nbsp="\u00a0"), t.CELLS),
            t.column("hot_95", _("Celler, 95{nbsp}%").format(nbsp="\u00a0"), t.CELLS),
            t.column("hot_90", _("Celler, 90{nbsp}%").format(nbsp="\u00a0"), t.CELLS),
            t.column("new", _("Varav nya"), t.CELLS),
            t.column("continuing", _("Varav kvarstående"), t.CELLS),
        ]
        if not self.public:
            columns.append(t.column("events", _("Händelser i cellerna"), t.COUNT))
        rows = []
        for name, g in sorted(
            groups.items(),
            key=lambda item: (
                -(item[1]["hot_99"] + item[1]["hot_95"] + item[1]["hot_90"]),
                item[0],
            ),
        ):
            cells_row: list[Any] = [
                name,
                g["hot_99"],
                g["hot_95"],
                g["hot_90"],
                g["new"],
                g["continuing"],
            ]
            if not self.public:
                cells_row.append(g["events"])
            rows.append(t.row(cells_row, "district"))
        parameters = raw.hotspot_parameters
        note = (
            _(
                "Getis-Ord Gi* på ett rutnät av sexkanter (H3, upplösning %(resolution)s, grannar "
                "k = %(k)s, %(permutations)s slumpdragningar), period %(from)s – %(to)s, jämfört "
                "med %(previous_from)s – %(previous_to)s. Bara celler med händelser prövas."
            )
            % parameters
        )
        if self.public:
            note += " " + _(
                "I den offentliga versionen visas bara celler med minst %(k)s händelser, och "
                "inga antal händelser."
            ) % {"k": k}
        map_data = {
            "cells": [
                {
                    "cell": c["cell"],
                    "class": c["class"],
                    "status": c["status"],
                    "district": names.get(c["cell"], outside),
                    **({} if self.public else {"count": c["count"]}),
                }
                for c in cells
            ],
            # Cells that were hot before and are not now: partner version only (a hidden
            # count could otherwise be told apart from "not hot any more").
            "ended": [] if self.public else raw.hotspots_ended,
            "parameters": parameters,
        }
        return t.table(
            "hotspots", _("Heta punkter per stadsdel"), columns, rows, note=note
        ), map_data

    def _districts_of_cells(self, cells: list[str]) -> dict[str, str]:
        if not cells:
            return {}
        centres = np.array([h3.cell_to_latlng(c) for c in cells], dtype=np.float64)
        pks = point_assigner(self.spec.municipality).districts_of(centres[:, 1], centres[:, 0])
        from trygga.geography.models import District

        names = dict(District.objects.filter(pk__in=set(pks.tolist())).values_list("pk", "name"))
        return {
            c: names.get(int(pk), _("Utanför stadsdelarna"))
            for c, pk in zip(cells, pks, strict=True)
        }

    def repeats(self) -> dict[str, Any] | None:
        if self.public:
            return None
        raw = self.raw
        names = self._districts_of_cells([r["cell"] for r in raw.repeats])
        rows = [
            t.row(
                [names.get(r["cell"], ""), r["count"], r["first"], r["last"], r["cell"]],
                "place",
            )
            for r in raw.repeats
        ]
        return t.table(
            "repeats",
            _("Platser med upprepade händelser"),
            [
                t.column("district", _("Stadsdel")),
                t.column("count", _("Antal händelser"), t.COUNT),
                t.column("first", _("Första")),
                t.column("last", _("Senaste")),
                t.column("cell", _("Cell (H3)")),
            ],
            rows,
            note=_("Celler med minst tre händelser under perioden, flest först (högst 15)."),
        )

    # ------------------------------------------------------------------ other information

    def police(self) -> dict[str, Any]:
        raw = self.raw
        where = self.masks.signal if self.masks else None
        hidden = where.mask if where is not None else np.zeros(len(raw.signal), bool)
        rows = []
        for i in range(len(raw.signal)):
            outside = raw.signal_names[i] == OUTSIDE
            label = (
                _("Områdesnivå (kommun eller län) och utanför stadsdelarna")
                if outside
                else raw.signal_names[i]
            )
            if raw.signal[i] == 0 and not outside:
                continue  # districts without police events are left out of this short table
            rows.append(t.row([label, _shown(int(raw.signal[i]), bool(hidden[i]))], "district"))
        total_hidden = bool(np.ma.getmaskarray(where.total)) if where is not None else False
        rows.append(t.row([_("Totalt"), _shown(int(raw.signal.sum()), total_hidden)], "total"))
        return t.table(
            "police",
            _("Polisens händelser (signal)"),
            [t.column("area", _("Område")), t.column("count", _("Antal"), t.COUNT)],
            rows,
            note=_(wording.SIGNAL_NOTE),
        )

    def reports(self) -> dict[str, Any] | None:
        data = self.raw.reports
        if data is None or not data["services"]:
            return None if data is None else {"empty": True, "at": data["at"]}
        labels = [
            _("%(low)s–%(high)s dagar") % {"low": low, "high": high}
            if high is not None
            else _("över %(low)s dagar") % {"low": low - 1}
            for low, high in AGE_BUCKETS
        ]
        ages = data["ages"]
        where = self.masks.ages if self.masks else None
        hidden = where.mask if where is not None else np.zeros(ages.shape, bool)
        row_hidden = (
            np.ma.getmaskarray(where.row_totals)
            if where is not None and where.row_totals is not None
            else np.zeros(ages.shape[0], bool)
        )
        col_hidden = (
            np.ma.getmaskarray(where.column_totals)
            if where is not None and where.column_totals is not None
            else np.zeros(ages.shape[1], bool)
        )
        total_hidden = bool(np.ma.getmaskarray(where.total)) if where is not None else False
        rows = []
        for i, service in enumerate(data["services"]):
            rows.append(
                t.row(
                    [
                        service,
                        *[_shown(int(v), bool(h)) for v, h in zip(ages[i], hidden[i], strict=True)],
                        _shown(int(ages[i].sum()), bool(row_hidden[i])),
                    ],
                    "service",
                )
            )
        rows.append(
            t.row(
                [
                    _("Totalt"),
                    *[
                        _shown(int(ages[:, b].sum()), bool(col_hidden[b]))
                        for b in range(ages.shape[1])
                    ],
                    _shown(int(ages.sum()), total_hidden),
                ],
                "total",
            )
        )
        open_table = t.table(
            "reports_open",
            _("Öppna felanmälningar efter ålder"),
            [t.column("service", _("Typ av felanmälan"))]
            + [t.column(f"a{i}", label, t.COUNT) for i, label in enumerate(labels)]
            + [t.column("total", _("Totalt"), t.COUNT)],
            rows,
            note=_("Ålder räknad från när felanmälan kom in till när siffrorna hämtades."),
        )
        split = np.column_stack([data["still_open"], data["received"] - data["still_open"]])
        where = self.masks.received if self.masks else None
        hidden = where.mask if where is not None else np.zeros(split.shape, bool)
        row_hidden = (
            np.ma.getmaskarray(where.row_totals)
            if where is not None and where.row_totals is not None
            else np.zeros(split.shape[0], bool)
        )
        col_hidden = (
            np.ma.getmaskarray(where.column_totals)
            if where is not None and where.column_totals is not None
            else np.zeros(2, bool)
        )
        total_hidden = bool(np.ma.getmaskarray(where.total)) if where is not None else False
        rows = [
            t.row(
                [
                    service,
                    _shown(int(split[i, 0]), bool(hidden[i, 0])),
                    _shown(int(split[i, 1]), bool(hidden[i, 1])),
                    _shown(int(split[i].sum()), bool(row_hidden[i])),
                ],
                "service",
            )
            for i, service in enumerate(data["services"])
        ]
        rows.append(
            t.row(
                [
                    _("Totalt"),
                    _shown(int(split[:, 0].sum()), bool(col_hidden[0])),
                    _shown(int(split[:, 1].sum()), bool(col_hidden[1])),
                    _shown(int(split.sum()), total_hidden),
                ],
                "total",
            )
        )
        received_table = t.table(
            "reports_received",
            _("Felanmälningar som kom in under perioden"),
            [
                t.column("service", _("Typ av felanmälan")),
                t.column("open", _("Fortfarande öppna"), t.COUNT),
                t.column("closed", _("Avslutade"), t.COUNT),
                t.column("total", _("Totalt"), t.COUNT),
            ],
            rows,
        )
        return {"empty": False, "at": data["at"], "open": open_table, "received": received_table}


def assemble(spec: Spec, raw: Raw, masks: Masks | None, audience: str, k: int) -> dict[str, Any]:
    """The content of one audience (see the module docstring)."""
    a = Assembler(spec, raw, masks, audience)
    district_category = a.district_category()
    districts, map_values = a.district_rates()
    changes = a.changes()
    trend, trend_chart = a.trend()
    pattern, pattern_chart = a.pattern()
    hotspots, hot_map = a.hotspots()
    repeats = a.repeats()
    police = a.police()
    reports = a.reports()
    category_chart = {
        "labels": raw.category_names,
        "values": [
            _shown(int(v), bool(h)) for v, h in zip(a.column_totals, a.column_hidden, strict=True)
        ],
        "x_label": _("Antal händelser"),
    }
    tables: list[dict[str, Any]] = [trend, districts, district_category]
    if changes.get("available"):
        tables.append(changes["categories"])
        if not a.public:
            tables += [changes["districts"], changes["pairs"]]
    tables += [hotspots]
    if repeats is not None:
        tables.append(repeats)
    tables += [pattern, police]
    if reports and not reports.get("empty"):
        tables += [reports["open"], reports["received"]]
    hot_counts = {
        "new": sum(1 for c in hot_map["cells"] if c["status"] == "new"),
        "continuing": sum(1 for c in hot_map["cells"] if c["status"] == "continuing"),
        "ended": len(hot_map["ended"]),
    }
    return {
        "audience": audience,
        "k": k if masks is not None else None,
        "summary": {
            "total": _shown(a.total, a.total_hidden),
            "total_sentence": changes.get("total_sentence"),
            "total_verdict": changes.get("total_verdict"),
            "priority_test": a.priority_test,
            "hotspots": hot_counts,
            "first_day": raw.first_day.isoformat() if raw.first_day else None,
        },
        "tables": tables,
        "changes": {
            key: value
            for key, value in changes.items()
            if key not in ("categories", "districts", "pairs")
        },
        "charts": {"trend": trend_chart, "categories": category_chart, "pattern": pattern_chart},
        "map": {"districts": map_values, "hotspots": hot_map},
        "reports": None
        if reports is None
        else {"empty": reports.get("empty", False), "at": reports["at"]},
        "suppression": masks.table_parameters if masks is not None else None,
        "pattern_parameters": raw.pattern_parameters,
    }
