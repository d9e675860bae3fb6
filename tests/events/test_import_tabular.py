"""CSV, XLSX and GeoJSON event logs: mapping by YAML and by headers, every error naming its
row and field while nothing is written, district-only rows, and idempotent re-imports."""

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from openpyxl import Workbook

from tests.factories import CENTRUM_POINT, FROSLUNDA_POINT, NYFORS_POINT, STOCKHOLM_POINT
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.errors import ImportRowError
from trygga.core.timeutil import iso_year_week
from trygga.events.importers.base import ImportConfigError, ImportRowErrors
from trygga.events.importers.geojson import import_geojson_events
from trygga.events.importers.tabular import import_tabular, load_mapping
from trygga.events.models import Event, EventSource, SourceKind
from trygga.geography.models import District

STOCKHOLM_TZ = ZoneInfo("Europe/Stockholm")
HEADER = "occurred_from,category,lat,lon,description,external_id\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def comma(number: float) -> str:
    """A decimal comma, as Swedish spreadsheets write numbers."""
    return str(number).replace(".", ",")


def csv_rows(*rows: str, header: str = HEADER) -> str:
    return header + "".join(row + "\n" for row in rows)


def point_row(
    when: str = "2025-06-13 21:30", category: str = "graffiti", point=NYFORS_POINT, ident: str = ""
) -> str:
    lon, lat = point
    return f"{when},{category},{lat},{lon},Klotter på vägg,{ident}"


def expect_row_error(call, row: int, field: str, text: str) -> ImportRowErrors:
    with pytest.raises(ImportRowError) as caught:
        call()
    error = caught.value
    assert isinstance(error, ImportRowErrors)
    assert any(e.row == row and e.field == field and text in e.message for e in error.errors), str(
        error
    )
    assert f"rad {row}, fält '{field}'" in str(error)
    assert Event.objects.count() == 0
    return error


def test_import_csv__headers_with_field_names__creates_point_events_in_districts(
    municipality, organisations, tmp_path
):
    path = write(
        tmp_path,
        "bostad.csv",
        csv_rows(
            point_row(ident="A1"), point_row("2025-06-14 02:10", "vandalism", FROSLUNDA_POINT, "A2")
        ),
    )

    result = import_tabular(
        actor=None, path=path, municipality=municipality, organisation=organisations["bostad"]
    )

    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    events = {
        e.external_id: e for e in Event.objects.select_related("district", "category", "source")
    }
    first = events["A1"]
    assert first.category.code == "graffiti"
    assert first.district.name == "Nyfors"
    assert first.h3_cell is not None
    assert first.precision == "point"
    assert first.occurred_from == datetime(2025, 6, 13, 21, 30, tzinfo=STOCKHOLM_TZ)
    assert (first.iso_year, first.iso_week) == iso_year_week(first.occurred_from)
    assert first.organisation == organisations["bostad"]
    assert first.municipality == municipality
    assert first.county_id == municipality.county_id
    assert first.source.kind == SourceKind.FILE_IMPORT
    assert first.source.name == "bostad"
    assert first.confidentiality == "partners"
    assert events["A2"].district.name == "Fröslunda"


def test_import_csv__same_file_twice__creates_nothing(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(), point_row("2025-06-14 02:10")))
    first = import_tabular(actor=None, path=path, municipality=municipality)

    second = import_tabular(actor=None, path=path, municipality=municipality)

    assert first.created == 2
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Event.objects.count() == 2
    assert all(e.startswith("h-") for e in Event.objects.values_list("external_id", flat=True))


def test_import_csv__identical_rows__are_kept_apart_and_reimport_creates_nothing(
    municipality, tmp_path
):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(), point_row()))

    first = import_tabular(actor=None, path=path, municipality=municipality)
    second = import_tabular(actor=None, path=path, municipality=municipality)

    assert first.created == 2
    assert second.created == 0


def test_import_csv__changed_row_with_same_id__updates_it(municipality, tmp_path):
    import_tabular(
        actor=None,
        path=write(tmp_path, "logg.csv", csv_rows(point_row(ident="7"))),
        municipality=municipality,
    )

    result = import_tabular(
        actor=None,
        path=write(tmp_path, "logg.csv", csv_rows(point_row(category="vandalism", ident="7"))),
        municipality=municipality,
    )

    assert (result.created, result.updated) == (0, 1)
    assert Event.objects.get().category.code == "vandalism"


def test_import_csv__yaml_mapping__maps_columns_labels_date_and_time(municipality, tmp_path):
    lon, lat = CENTRUM_POINT
    path = write(
        tmp_path,
        "vaktbolag.csv",
        "Ärende;Datum;Klockslag;Händelse;Latitud;Longitud;Notering\n"
        f"V-1;13/06/2025;21.30;Klotter;{comma(lat)};{comma(lon)};Tag på skylt\n"
        "V-2;14/06/2025;02.10;Krossad ruta;;;Busskur\n",
    )
    mapping_path = write(
        tmp_path,
        "mapping.yaml",
        yaml.safe_dump(
            {
                "columns": {
                    "external_id": "Ärende",
                    "date": "Datum",
                    "time": "Klockslag",
                    "category": "Händelse",
                    "lat": "Latitud",
                    "lon": "Longitud",
                    "description": "Notering",
                    "district": "Område",
                },
                "formats": {"date": "%d/%m/%Y", "time": "%H.%M"},
                "categories": {"Klotter": "graffiti", "Krossad ruta": "vandalism"},
                "defaults": {"confidentiality": "restricted"},
            },
            allow_unicode=True,
        ),
    )
    mapping = load_mapping(mapping_path)

    # 'Område' is mapped but not in the file: the mapping is checked against the header.
    with pytest.raises(ImportRowErrors) as caught:
        import_tabular(actor=None, path=path, municipality=municipality, mapping=mapping)
    assert "rad 1, fält 'district'" in str(caught.value)

    mapping.columns.pop("district")
    with pytest.raises(ImportRowErrors) as caught:
        import_tabular(actor=None, path=path, municipality=municipality, mapping=mapping)
    assert "rad 3, fält 'lat'" in str(caught.value)

    path.write_text(
        path.read_text(encoding="utf-8").replace(";;;Busskur", f";{lat};{lon};Busskur"),
        encoding="utf-8",
    )
    result = import_tabular(actor=None, path=path, municipality=municipality, mapping=mapping)

    assert result.created == 2
    events = {e.external_id: e for e in Event.objects.select_related("category", "district")}
    assert events["V-1"].category.code == "graffiti"
    assert events["V-1"].external_type == "Klotter"
    assert events["V-1"].occurred_from == datetime(2025, 6, 13, 21, 30, tzinfo=STOCKHOLM_TZ)
    assert events["V-1"].district.name == "Centrum"
    assert events["V-1"].confidentiality == "restricted"
    assert events["V-2"].category.code == "vandalism"


def test_import_csv__bad_date__names_row_and_field_and_writes_nothing(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(), point_row("2025-13-01 10:00")))

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        3,
        "occurred_from",
        "'2025-13-01 10:00' är inget datum (väntade ÅÅÅÅ-MM-DD TT:MM)",
    )
    assert not EventSource.objects.filter(kind=SourceKind.FILE_IMPORT).exists()


def test_import_csv__unknown_category__names_row_and_field(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(), point_row(category="Ufo")))

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        3,
        "category",
        "okänd kategori 'Ufo'",
    )


def test_import_csv__swedish_category_name__is_accepted(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(category="Skadegörelse")))

    import_tabular(actor=None, path=path, municipality=municipality)

    assert Event.objects.get().category.code == "vandalism"


def test_import_csv__point_outside_municipality__names_row_and_field(municipality, tmp_path):
    path = write(
        tmp_path, "logg.csv", csv_rows(point_row(), point_row(), point_row(point=STOCKHOLM_POINT))
    )

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        4,
        "lat/lon",
        "ligger utanför Eskilstuna",
    )


def test_import_csv__missing_required_value__names_row_and_field(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(), point_row(category="")))

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        3,
        "category",
        "saknas",
    )


def test_import_csv__missing_required_column__names_header_row(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", "occurred_from,lat,lon\n2025-06-13 21:30,59.37,16.51\n")

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        1,
        "category",
        "kolumnen saknas",
    )


def test_import_csv__several_bad_rows__reports_them_all(municipality, tmp_path):
    path = write(
        tmp_path,
        "logg.csv",
        csv_rows(
            point_row("igår"),
            point_row(category="Ufo"),
            point_row(point=STOCKHOLM_POINT),
            point_row(),
        ),
    )

    error = expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        2,
        "occurred_from",
        "igår",
    )

    assert [(e.row, e.field) for e in error.errors] == [
        (2, "occurred_from"),
        (3, "category"),
        (4, "lat/lon"),
    ]


def test_import_csv__too_many_bad_rows__reports_first_twenty_and_total(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(*[point_row(category="Ufo")] * 30))

    error = expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        2,
        "category",
        "Ufo",
    )

    assert len(error.errors) == 20
    assert error.total == 30
    assert "10 fel till" in str(error)


def test_import_csv__duplicate_external_id__names_second_row(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(ident="X"), point_row(ident="X")))

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        3,
        "external_id",
        "finns redan på rad 2",
    )


def test_import_csv__end_before_start__names_occurred_to(municipality, tmp_path):
    path = write(
        tmp_path,
        "logg.csv",
        "occurred_from,occurred_to,category,district\n"
        "2025-06-13 21:30,2025-06-13 20:00,graffiti,Nyfors\n",
    )

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        2,
        "occurred_to",
        "före starttiden",
    )


def test_import_csv__district_name_only__gets_area_precision_and_representative_point(
    municipality, tmp_path
):
    path = write(
        tmp_path,
        "logg.csv",
        "occurred_from,category,district,description\n2025-06-13 21:30,graffiti,årby,Klotter\n",
    )

    import_tabular(actor=None, path=path, municipality=municipality)

    event = Event.objects.select_related("district").get()
    district = District.objects.get(municipality=municipality, name="Årby")
    assert event.precision == "area"
    assert event.area_level == "district"
    assert event.area_name == "Årby"
    assert event.district == district
    assert event.h3_cell is None
    from trygga.geography.spatial import geometry_from_geojson

    point = geometry_from_geojson(district.boundary).representative_point()
    assert (event.lon, event.lat) == (point.x, point.y)


def test_import_csv__unknown_district__names_row_and_field(municipality, tmp_path):
    path = write(
        tmp_path,
        "logg.csv",
        "occurred_from,category,district\n2025-06-13 21:30,graffiti,Atlantis\n",
    )

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality),
        2,
        "district",
        "okänd stadsdel 'Atlantis'",
    )


def test_import_csv__spring_forward_gap__reads_like_zoneinfo(municipality, tmp_path):
    path = write(
        tmp_path, "logg.csv", "occurred_from,category,district\n2025-03-30 02:30,graffiti,Nyfors\n"
    )

    import_tabular(actor=None, path=path, municipality=municipality)

    # 02:30 does not exist that night; zoneinfo (fold 0) reads it with the winter offset.
    expected = datetime(2025, 3, 30, 2, 30, tzinfo=STOCKHOLM_TZ).astimezone(UTC)
    assert Event.objects.get().occurred_from == expected


def test_import_csv__writes_one_audit_row(municipality, tmp_path):
    path = write(tmp_path, "logg.csv", csv_rows(point_row(), point_row("2025-06-14 02:10")))

    import_tabular(actor=None, path=path, municipality=municipality)

    audit = AuditEvent.objects.get(action=AuditAction.EVENTS_IMPORTED)
    assert audit.details["created"] == 2
    assert audit.actor_label == "system"


def test_import_csv__reporter_without_import_role__is_refused(municipality, people, tmp_path):
    from trygga.core.errors import PermissionDenied

    path = write(tmp_path, "logg.csv", csv_rows(point_row()))

    with pytest.raises(PermissionDenied):
        import_tabular(actor=people["reporter"], path=path, municipality=municipality)
    result = import_tabular(actor=people["coordinator"], path=path, municipality=municipality)

    assert result.created == 1
    assert Event.objects.get().reported_by == people["coordinator"]


def test_import_csv__mapping_with_unknown_field__is_refused(tmp_path):
    path = write(tmp_path, "m.yaml", "columns:\n  when: Datum\n")

    with pytest.raises(ImportConfigError, match="when"):
        load_mapping(path)


def test_import_xlsx__written_with_openpyxl__imports_and_names_sheet_rows(municipality, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Datum", "Kategori", "Lat", "Lon", "Id"])
    # Excel cells hold naive local times.
    first = datetime(2025, 6, 13, 21, 30)  # noqa: DTZ001
    sheet.append([first, "Klotter", NYFORS_POINT[1], NYFORS_POINT[0], 101])
    sheet.append([None, None, None, None, None])  # an empty row keeps its number
    outside = datetime(2025, 6, 14, 2, 10)  # noqa: DTZ001
    sheet.append([outside, "Klotter", STOCKHOLM_POINT[1], STOCKHOLM_POINT[0], 102])
    path = tmp_path / "logg.xlsx"
    workbook.save(path)
    mapping_path = write(
        tmp_path,
        "m.yaml",
        "columns: {occurred_from: Datum, category: Kategori, lat: Lat, lon: Lon, external_id: Id}\n"
        "categories: {Klotter: graffiti}\n",
    )
    mapping = load_mapping(mapping_path)

    expect_row_error(
        lambda: import_tabular(actor=None, path=path, municipality=municipality, mapping=mapping),
        4,
        "lat/lon",
        "utanför",
    )

    sheet.delete_rows(4)
    workbook.save(path)
    result = import_tabular(actor=None, path=path, municipality=municipality, mapping=mapping)
    again = import_tabular(actor=None, path=path, municipality=municipality, mapping=mapping)

    assert result.created == 1
    assert again.created == 0
    event = Event.objects.get()
    assert event.external_id == "101"
    assert event.occurred_from == datetime(2025, 6, 13, 21, 30, tzinfo=STOCKHOLM_TZ)


def geojson(*features: dict) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def feature(point=NYFORS_POINT, **props) -> dict:
    properties = {"occurred_from": "2025-06-13 21:30", "category": "graffiti", **props}
    geometry = None if point is None else {"type": "Point", "coordinates": list(point)}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def test_import_geojson__point_features__import_once(municipality, tmp_path):
    path = write(
        tmp_path,
        "klotter.geojson",
        geojson(feature(external_id="g1"), feature(None, district="Nyfors")),
    )

    first = import_geojson_events(actor=None, path=path, municipality=municipality)
    second = import_geojson_events(actor=None, path=path, municipality=municipality)

    assert first.created == 2
    assert (second.created, second.updated) == (0, 0)
    precisions = sorted(Event.objects.values_list("precision", flat=True))
    assert precisions == ["area", "point"]


def test_import_geojson__bad_features__name_feature_number_and_field(municipality, tmp_path):
    line = {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": [[16.5, 59.3], [16.6, 59.4]]},
        "properties": {},
    }
    path = write(
        tmp_path,
        "klotter.geojson",
        geojson(
            feature(), line, feature(STOCKHOLM_POINT), feature(occurred_from="2025-13-01 10:00")
        ),
    )

    error = expect_row_error(
        lambda: import_geojson_events(actor=None, path=path, municipality=municipality),
        2,
        "geometry",
        "Point",
    )

    fields = {(e.row, e.field) for e in error.errors}
    assert {(3, "lat/lon"), (4, "occurred_from")} <= fields


def test_import_csv__iso_week__is_the_local_week_around_new_year(municipality, tmp_path):
    path = write(
        tmp_path,
        "logg.csv",
        "occurred_from,category,district,external_id\n"
        "2026-01-01 00:30,graffiti,Nyfors,a\n"  # 2025-12-31 23:30 UTC
        "2025-12-28 23:30,graffiti,Nyfors,b\n"  # Sunday of ISO week 52
        "2024-12-30 00:30,graffiti,Nyfors,c\n",  # ISO 2025 week 1
    )

    import_tabular(actor=None, path=path, municipality=municipality)

    weeks = {e.external_id: (e.iso_year, e.iso_week) for e in Event.objects.all()}
    assert weeks == {"a": (2026, 1), "b": (2025, 52), "c": (2025, 1)}
    for event in Event.objects.all():
        assert (event.iso_year, event.iso_week) == iso_year_week(event.occurred_from)


def test_import_csv__quotes_newlines_and_nul_in_text__are_stored(municipality, tmp_path):
    path = tmp_path / "logg.csv"
    path.write_bytes(
        b"occurred_from,category,district,description\n"
        b'2025-06-13 21:30,graffiti,Nyfors,"Tag ""XYZ"", tv\xc3\xa5 rader:\nrad tv\xc3\xa5\x00"\n'
    )

    import_tabular(actor=None, path=path, municipality=municipality)

    assert Event.objects.get().description == 'Tag "XYZ", två rader:\nrad två'
