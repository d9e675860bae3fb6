"""Validation of an imported table of text cells: every field parsed and checked in
vectorised passes (polars), rows placed in the municipality's districts and cells, and every
bad row named with its spreadsheet row number and field. Shared by the CSV, XLSX and GeoJSON
importers; produces the batch that `trygga.events.ingest` writes.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from trygga.core.errors import ImportRowError
from trygga.events.importers.base import (
    MAX_ROW_ERRORS,
    ImportConfigError,
    ImportRowErrors,
)
from trygga.events.ingest import SCHEMA
from trygga.events.models import AreaLevel, Confidentiality, EventCategory, Precision
from trygga.geography.models import District, Municipality
from trygga.geography.selectors import point_assigner
from trygga.geography.spatial import NO_DISTRICT, geometry_from_geojson

FIELDS = (
    "occurred_from",
    "occurred_to",
    "category",
    "lat",
    "lon",
    "address",
    "district",
    "description",
    "external_id",
    "confidentiality",
)
# Only through a mapping: a separate date and time column that together make occurred_from.
SPLIT_FIELDS = ("date", "time")

DATETIME_FORMATS = ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
DATE_FORMATS = ["%Y-%m-%d"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]

CONFIDENTIALITY_WORDS = {
    "open": Confidentiality.OPEN,
    "öppen": Confidentiality.OPEN,
    "partners": Confidentiality.PARTNERS,
    "partner": Confidentiality.PARTNERS,
    "samverkanspartner": Confidentiality.PARTNERS,
    "restricted": Confidentiality.RESTRICTED,
    "begränsad": Confidentiality.RESTRICTED,
}
MAX_LENGTHS = {"external_id": 100, "address": 200, "description": 4000}
# A time more than this ahead of the clock is a typing or export error, as on the form.
FUTURE_SLACK = timedelta(hours=1)
# Events before this year are not plausible in a log: a year of 1900 is typically an empty
# date cell that a spreadsheet turned into its first day.
EARLIEST_YEAR = 1990


@dataclass
class ColumnMapping:
    """How a file's columns and labels map onto Trygga's fields."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> header in the file
    categories: dict[str, str] = field(default_factory=dict)  # file label -> category code
    datetime_formats: list[str] = field(default_factory=list)
    date_formats: list[str] = field(default_factory=list)
    time_formats: list[str] = field(default_factory=list)
    confidentiality: str = Confidentiality.PARTNERS


@dataclass
class RawTable:
    """A file's cells as text, one column per header, with each row's spreadsheet number."""

    frame: pl.DataFrame
    rows: np.ndarray  # int64 row number per frame row
    errors: list[ImportRowError] = field(default_factory=list)  # found while reading


def _human_format(fmt: str) -> str:
    """'%Y-%m-%d %H:%M' as a Swede reads it: 'ÅÅÅÅ-MM-DD TT:MM'."""
    for code, text in (("%Y", "ÅÅÅÅ"), ("%m", "MM"), ("%d", "DD"), ("%H", "TT"), ("%M", "MM")):
        fmt = fmt.replace(code, text)
    return fmt.replace("%S", "SS")


class RowValidator:
    """Turns a RawTable into an ingest batch, collecting row errors on the way."""

    def __init__(self, table: RawTable, mapping: ColumnMapping, municipality: Municipality):
        self.table = table
        self.mapping = mapping
        self.municipality = municipality
        self.errors: list[ImportRowError] = list(table.errors)
        self.total_errors = len(self.errors)
        self.headers = self._resolve_headers()
        self.zone = ZoneInfo(settings.TIME_ZONE)

    # -- errors -------------------------------------------------------------------------

    def _column_note(self, name: str) -> str:
        header = self.headers.get(name)
        return "" if header in (None, name) else _("kolumnen '%s': ") % header

    def _add(self, mask: pl.Series, name: str, message: Any) -> None:
        """Record an error for each row where mask is true; message(value) builds the text."""
        mask = mask.fill_null(False)
        hits = np.flatnonzero(mask.to_numpy())
        if not hits.size:
            return
        self.total_errors += len(hits)
        values = self.text(name) if name in self.headers else None
        for index in hits[:MAX_ROW_ERRORS]:
            value = values[int(index)] if values is not None else None
            text = message(value) if callable(message) else message
            self.errors.append(
                ImportRowError(int(self.table.rows[index]), name, self._column_note(name) + text)
            )

    def _raise_if_errors(self) -> None:
        if self.errors:
            errors = sorted(self.errors, key=lambda e: (e.row, e.field))[:MAX_ROW_ERRORS]
            raise ImportRowErrors(errors, total=self.total_errors)

    # -- columns ------------------------------------------------------------------------

    def _resolve_headers(self) -> dict[str, str]:
        known_errors = len(self.errors)
        present = self.table.frame.columns
        if self.mapping.columns:
            headers = dict(self.mapping.columns)
            by_lower = {c.lower(): c for c in present}
            for name, header in headers.items():
                actual = header if header in present else by_lower.get(header.lower())
                if actual is None:
                    self.errors.append(
                        ImportRowError(1, name, _("kolumnen '%s' finns inte i filen") % header)
                    )
                    self.total_errors += 1
                else:
                    headers[name] = actual
        else:
            headers = {c.lower(): c for c in present if c.lower() in FIELDS}
        if "occurred_from" not in headers and "date" not in headers:
            self._missing_column("occurred_from")
        if "category" not in headers:
            self._missing_column("category")
        if ("lat" in headers) != ("lon" in headers):
            self._missing_column("lon" if "lat" in headers else "lat")
        if "lat" not in headers and "district" not in headers:
            self._missing_column("lat")
        if len(self.errors) > known_errors:
            # Without the columns no row can be checked: report the header alone.
            self._raise_if_errors()
        return headers

    def _missing_column(self, name: str) -> None:
        if any(e.row == 1 and e.field == name for e in self.errors):
            return
        self.errors.append(ImportRowError(1, name, _("kolumnen saknas")))
        self.total_errors += 1

    def text(self, name: str) -> pl.Series:
        """The stripped cells of a field; empty cells are null."""
        if name not in self.headers:
            return pl.Series(name, [None] * self.table.frame.height, dtype=pl.String)
        column = self.table.frame[self.headers[name]].cast(pl.String).str.strip_chars()
        return column.set(column == "", None).alias(name)  # type: ignore[arg-type]

    # -- parsing ------------------------------------------------------------------------

    def _parse(self, values: pl.Series, formats: list[str], kind: str) -> pl.Series:
        parsed = []
        for fmt in formats:
            if kind == "date":
                parsed.append(values.str.to_date(fmt, strict=False))
            elif kind == "time":
                parsed.append(values.str.to_time(fmt, strict=False))
            else:
                parsed.append(values.str.to_datetime(fmt, strict=False, time_unit="us"))
        return pl.select(pl.coalesce(parsed)).to_series()

    def _local_to_utc(self, naive: pl.Series) -> pl.Series:
        utc = naive.dt.replace_time_zone(
            settings.TIME_ZONE, ambiguous="earliest", non_existent="null"
        ).dt.convert_time_zone("UTC")
        # A time in the spring-forward gap does not exist; read it as zoneinfo does (fold 0).
        gaps = np.flatnonzero((naive.is_not_null() & utc.is_null()).to_numpy())
        if gaps.size:
            fixed = [
                naive[int(i)].replace(tzinfo=self.zone).astimezone(UTC).replace(tzinfo=None)
                for i in gaps
            ]
            utc = utc.dt.replace_time_zone(None).scatter(gaps, fixed).dt.replace_time_zone("UTC")
        return utc

    def _datetime(self, name: str) -> pl.Series:
        formats = self.mapping.datetime_formats + DATETIME_FORMATS
        values = self.text(name)
        naive = self._parse(values, formats, "datetime")
        expected = _human_format(formats[0])
        self._add(
            values.is_not_null() & naive.is_null(),
            name,
            lambda v: (
                _("'%(value)s' är inget datum (väntade %(format)s)")
                % {"value": v, "format": expected}
            ),
        )
        return self._local_to_utc(naive)

    def _occurred_from(self) -> pl.Series:
        if "date" not in self.headers:
            values = self.text("occurred_from")
            self._add(values.is_null(), "occurred_from", _("saknas"))
            return self._datetime("occurred_from")
        date_formats = self.mapping.date_formats + DATE_FORMATS
        dates_text = self.text("date").str.replace(r" 00:00(:00)?$", "")
        dates = self._parse(dates_text, date_formats, "date")
        self._add(dates_text.is_null(), "date", _("saknas"))
        self._add(
            dates_text.is_not_null() & dates.is_null(),
            "date",
            lambda v: (
                _("'%(value)s' är inget datum (väntade %(format)s)")
                % {"value": v, "format": _human_format(date_formats[0])}
            ),
        )
        if "time" in self.headers:
            time_formats = self.mapping.time_formats + TIME_FORMATS
            times_text = self.text("time")
            times = self._parse(times_text, time_formats, "time")
            self._add(times_text.is_null(), "time", _("saknas"))
            self._add(
                times_text.is_not_null() & times.is_null(),
                "time",
                lambda v: (
                    _("'%(value)s' är ingen tid (väntade %(format)s)")
                    % {"value": v, "format": _human_format(time_formats[0])}
                ),
            )
        else:
            times = pl.Series([time(0, 0)] * len(dates), dtype=pl.Time)
        naive = pl.select(pl.lit(dates).dt.combine(pl.lit(times))).to_series()
        return self._local_to_utc(naive)

    def _number(self, name: str, low: float, high: float) -> pl.Series:
        values = self.text(name)
        numbers = values.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        self._add(
            values.is_not_null() & numbers.is_null(), name, lambda v: _("'%s' är inget tal") % v
        )
        bad_range = numbers.is_not_null() & ~(numbers.is_finite() & numbers.is_between(low, high))
        self._add(
            bad_range,
            name,
            lambda v: _("'%(v)s' ligger utanför %(lo)g–%(hi)g") % {"v": v, "lo": low, "hi": high},
        )
        return numbers.set(bad_range, None)  # type: ignore[arg-type]

    def _categories(self) -> tuple[pl.Series, pl.Series]:
        """Category pk and code per row, from the file's label."""
        labels = self.text("category")
        lookup: dict[str, int] = {}
        codes: dict[int, str] = {}
        rows = EventCategory.objects.filter(
            Q(municipality__isnull=True) | Q(municipality=self.municipality), is_active=True
        ).order_by("-municipality_id")  # the municipality's own categories win; NULLs last
        by_code: dict[str, int] = {}
        for pk, code, name, name_en in rows.values_list("pk", "code", "name", "name_en"):
            codes[pk] = code
            by_code.setdefault(code.lower(), pk)
            for label in (name_en, name):
                if label:
                    lookup.setdefault(label.lower(), pk)
        lookup.update(by_code)
        for label, code in self.mapping.categories.items():
            if code.lower() not in by_code:
                raise ImportConfigError(
                    _("Mappningen pekar '%(label)s' på kategorin '%(code)s', som inte finns.")
                    % {"label": label, "code": code}
                )
            lookup[label] = by_code[code.lower()]
        ids = labels.str.to_lowercase().replace_strict(lookup, default=None, return_dtype=pl.Int64)
        self._add(labels.is_null(), "category", _("saknas"))
        self._add(
            labels.is_not_null() & ids.is_null(),
            "category",
            lambda v: _("okänd kategori '%s' (ange en kategorikod eller mappa etiketten)") % v,
        )
        return ids, ids.replace_strict(codes, default=None, return_dtype=pl.String)

    def _confidentiality(self) -> pl.Series:
        values = self.text("confidentiality")
        lowered = values.str.to_lowercase()
        words = {k: str(v) for k, v in CONFIDENTIALITY_WORDS.items()}
        mapped = lowered.replace_strict(words, default=None, return_dtype=pl.String)
        self._add(
            values.is_not_null() & mapped.is_null(),
            "confidentiality",
            lambda v: _("okänd sekretessnivå '%s' (open, partners eller restricted)") % v,
        )
        return mapped.fill_null(str(self.mapping.confidentiality))

    # -- the batch ----------------------------------------------------------------------

    def batch(self, *, organisation_id: int | None, reported_by_id: int | None) -> pl.DataFrame:
        height = self.table.frame.height
        occurred_from = self._occurred_from()
        now = datetime.now(UTC)
        self._add(
            occurred_from.is_not_null() & (occurred_from > (now + FUTURE_SLACK)),
            "occurred_from",
            _("ligger i framtiden"),
        )
        self._add(
            occurred_from.is_not_null()
            & (occurred_from < datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)),
            "occurred_from",
            _("ligger före %d; är datumcellen tom i källan?") % EARLIEST_YEAR,
        )
        occurred_to = self._datetime("occurred_to")
        self._add(
            occurred_to.is_not_null() & occurred_from.is_not_null() & (occurred_to < occurred_from),
            "occurred_to",
            lambda v: _("'%s' är före starttiden") % v,
        )
        category_id, category_code = self._categories()
        lat = self._number("lat", -90, 90)
        lon = self._number("lon", -180, 180)
        has_point = (lat.is_not_null() & lon.is_not_null()).to_numpy()
        lat_text, lon_text = self.text("lat"), self.text("lon")
        self._add(lat_text.is_null() & lon_text.is_not_null(), "lat", _("saknas (lon är angiven)"))
        self._add(lon_text.is_null() & lat_text.is_not_null(), "lon", _("saknas (lat är angiven)"))
        district_names = self.text("district")
        no_position = lat_text.is_null() & lon_text.is_null() & district_names.is_null()
        self._add(no_position, "lat", _("saknas: ange lat och lon, eller district"))
        for name, limit in MAX_LENGTHS.items():
            values = self.text(name)
            self._add(
                values.str.len_chars() > limit,
                name,
                _("längre än %d tecken") % limit,
            )
        confidentiality = self._confidentiality()

        lon_np = lon.fill_null(np.nan).to_numpy().copy()
        lat_np = lat.fill_null(np.nan).to_numpy().copy()
        district_id = np.full(height, NO_DISTRICT, dtype=np.int64)
        cell = np.zeros(height, dtype=np.int64)
        points = np.flatnonzero(has_point)
        if points.size:
            assignment = point_assigner(self.municipality).assign(lon_np[points], lat_np[points])
            outside = np.zeros(height, dtype=bool)
            outside[points[~assignment.inside]] = True
            district_id[points] = assignment.district_id
            cell[points] = assignment.cell
            self._add_outside(outside, lat_np, lon_np)

        area = ~has_point & district_names.is_not_null().to_numpy()
        area_names = np.full(height, "", dtype=object)
        district_codes = np.full(height, "", dtype=object)
        if area.any():
            self._place_in_districts(area, district_names, district_id, lon_np, lat_np, area_names)
        self._raise_if_errors()

        known = district_id != NO_DISTRICT
        codes_by_pk = dict(
            District.objects.filter(municipality=self.municipality).values_list("pk", "code")
        )
        district_codes[known] = [codes_by_pk.get(int(pk), "") for pk in district_id[known]]
        precision = np.where(area, Precision.AREA.value, Precision.POINT.value)
        frame = pl.DataFrame(
            {
                "occurred_from": occurred_from,
                "occurred_to": occurred_to,
                "category_id": category_id,
                "external_type": self.text("category").fill_null("").str.slice(0, 100),
                "lon": lon_np,
                "lat": lat_np,
                "district_id": pl.Series(district_id).set(pl.Series(~known), None),
                # Only a point has a cell: an area row's position is a representative point.
                "h3_cell": pl.Series(cell).set(pl.Series(cell == 0), None),
                "precision": precision,
                "area_level": np.where(area, AreaLevel.DISTRICT.value, ""),
                "area_name": area_names.astype(str),
                "address": self.text("address").fill_null(""),
                "description": self.text("description").fill_null(""),
                "confidentiality": confidentiality,
                "external_id": self.text("external_id"),
            }
        )
        frame = frame.with_columns(
            pl.Series("_category_code", category_code),
            pl.Series("_district_code", district_codes.astype(str)),
        )
        frame = _with_content_ids(frame)
        self._check_duplicate_ids(frame)
        self._raise_if_errors()
        return frame.with_columns(
            pl.lit("").alias("external_url"),
            pl.lit(None, pl.Datetime("us", "UTC")).alias("published_at"),
            pl.lit(self.municipality.pk, pl.Int64).alias("municipality_id"),
            pl.lit(self.municipality.county_id, pl.Int64).alias("county_id"),
            pl.lit(organisation_id, pl.Int64).alias("organisation_id"),
            pl.lit(reported_by_id, pl.Int64).alias("reported_by_id"),
        ).select(list(SCHEMA))

    def _add_outside(self, outside: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> None:
        hits = np.flatnonzero(outside)
        self.total_errors += len(hits)
        assigner = point_assigner(self.municipality)
        for index in hits[:MAX_ROW_ERRORS]:
            message = _("punkten (%(lat).5f, %(lon).5f) ligger utanför %(name)s") % {
                "lat": lat[index],
                "lon": lon[index],
                "name": self.municipality.name,
            }
            if assigner.contains([lat[index]], [lon[index]])[0]:
                message += _(" (lat och lon verkar ha bytt plats)")
            self.errors.append(ImportRowError(int(self.table.rows[index]), "lat/lon", message))

    def _place_in_districts(
        self,
        area: np.ndarray,
        names: pl.Series,
        district_id: np.ndarray,
        lon: np.ndarray,
        lat: np.ndarray,
        area_names: np.ndarray,
    ) -> None:
        """Rows with only a district name: the district's representative point, no cell."""
        by_key: dict[str, tuple[int, str, float, float]] = {}
        districts = District.objects.filter(municipality=self.municipality)
        for pk, code, name, boundary in districts.values_list("pk", "code", "name", "boundary"):
            point = geometry_from_geojson(boundary).representative_point()
            for key in (name.lower(), code.lower()):
                by_key.setdefault(key, (pk, name, point.x, point.y))
        lowered = names.str.to_lowercase().to_list()
        unknown = np.zeros(len(lowered), dtype=bool)
        for index in np.flatnonzero(area):
            found = by_key.get(lowered[index])
            if found is None:
                unknown[index] = True
                continue
            district_id[index], area_names[index], lon[index], lat[index] = found
        self._add(
            pl.Series(unknown),
            "district",
            lambda v: (
                _("okänd stadsdel '%(value)s' i %(name)s")
                % {"value": v, "name": self.municipality.name}
            ),
        )

    def _check_duplicate_ids(self, frame: pl.DataFrame) -> None:
        ids = frame["external_id"]
        duplicated = ids.is_duplicated().to_numpy()
        if not duplicated.any():
            return
        first_row: dict[str, int] = {}
        repeated = np.zeros(len(ids), dtype=bool)
        values = ids.to_list()
        for index in np.flatnonzero(duplicated):
            value = values[index]
            if value in first_row:
                repeated[index] = True
            else:
                first_row[value] = int(self.table.rows[index])
        self._add(
            pl.Series(repeated),
            "external_id",
            lambda v: (
                _("id '%(value)s' finns redan på rad %(row)d")
                % {"value": v, "row": first_row.get(v, 0)}
            ),
        )


def _with_content_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows without an id get a stable hash of their normalised content.

    The hash reads parsed values (UTC seconds, category code, coordinates in micro-degrees,
    district code, whitespace-collapsed text), so the same event written differently in a
    later export keeps its id; identical rows are told apart by their occurrence number.
    """
    missing = frame["external_id"].is_null()
    if not missing.any():
        return frame
    content = frame.select(
        pl.concat_str(
            [
                pl.col("occurred_from").dt.epoch("s").cast(pl.String),
                pl.col("occurred_to").dt.epoch("s").cast(pl.String).fill_null(""),
                pl.col("_category_code").fill_null(""),
                (pl.col("lon") * 1e6).round().cast(pl.Int64).cast(pl.String).fill_null(""),
                (pl.col("lat") * 1e6).round().cast(pl.Int64).cast(pl.String).fill_null(""),
                pl.col("_district_code").fill_null(""),
                pl.col("address").str.replace_all(r"\s+", " "),
                pl.col("description").str.replace_all(r"\s+", " "),
                pl.col("confidentiality"),
            ],
            separator="\x1f",
        ).alias("content")
    ).with_columns(pl.int_range(pl.len()).over("content").alias("n"))
    hashed = [
        "h-" + hashlib.blake2b(f"{text}\x1f{n}".encode(), digest_size=16).hexdigest()
        for text, n in zip(content["content"].to_list(), content["n"].to_list(), strict=True)
    ]
    return frame.with_columns(
        pl.when(missing)
        .then(pl.Series(hashed))
        .otherwise(pl.col("external_id"))
        .alias("external_id")
    )
