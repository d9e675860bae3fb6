"""`trygga import-geography`: levels, idempotency, and errors that name the feature."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.factories import DEMO_DATA, SHARED_DATA, MunicipalityFactory
from trygga.geography.models import District, Municipality, Place


@pytest.fixture
def eskilstuna(db):
    return MunicipalityFactory()


def _write(tmp_path, features, name="f.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def test_import_geography__districts__created_then_updated_not_duplicated(eskilstuna, capsys):
    path = DEMO_DATA / "eskilstuna_districts_approximate.geojson"
    call_command("import_geography", str(path))
    first = capsys.readouterr().out
    call_command("import_geography", str(path))
    second = capsys.readouterr().out
    count = len(json.loads(path.read_text("utf-8"))["features"])
    assert f"{count} skapade, 0 uppdaterade" in first
    assert f"0 skapade, {count} uppdaterade" in second
    assert District.objects.filter(municipality=eskilstuna).count() == count
    priority = set(District.objects.filter(is_priority=True).values_list("name", flat=True))
    assert priority == {"Fröslunda", "Lagersberg", "Nyfors", "Skiftinge", "Årby"}
    assert not District.objects.filter(boundary_is_approximate=False).exists()


def test_import_geography__district_version_bump__invalidates_assigner(eskilstuna):
    before = Municipality.objects.get(pk=eskilstuna.pk).geometry_version
    call_command("import_geography", str(DEMO_DATA / "eskilstuna_districts_approximate.geojson"))
    assert Municipality.objects.get(pk=eskilstuna.pk).geometry_version > before


def test_import_geography__places__assigned_to_their_district(eskilstuna):
    call_command("import_geography", str(DEMO_DATA / "eskilstuna_districts_approximate.geojson"))
    call_command("import_geography", str(DEMO_DATA / "eskilstuna_places_approximate.geojson"))
    place = Place.objects.get(name="Fröslunda centrum")
    assert place.district is not None
    assert place.district.name == "Fröslunda"


def test_import_geography__place_outside__refused_naming_feature_and_nothing_written(
    eskilstuna, tmp_path
):
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [16.51, 59.37]},
            "properties": {
                "level": "place",
                "municipality": "0484",
                "name": "Torget",
                "kind": "square",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [18.07, 59.33]},
            "properties": {
                "level": "place",
                "municipality": "0484",
                "name": "Sergels torg",
                "kind": "square",
            },
        },
    ]
    with pytest.raises(CommandError, match=r"geoobjekt 2, fält 'geometry'.*utanför Eskilstuna"):
        call_command("import_geography", str(_write(tmp_path, features)))
    assert Place.objects.count() == 0


def test_import_geography__district_missing_name__error_names_field(eskilstuna, tmp_path):
    feature = json.loads(
        (DEMO_DATA / "eskilstuna_districts_approximate.geojson").read_text("utf-8")
    )["features"][0]
    del feature["properties"]["name"]
    with pytest.raises(CommandError, match=r"geoobjekt 1, fält 'name': saknas"):
        call_command("import_geography", str(_write(tmp_path, [feature])))
    assert District.objects.count() == 0


def test_import_geography__not_json__clear_error(db, tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text("{not json", "utf-8")
    with pytest.raises(CommandError, match="ogiltig JSON på rad 1"):
        call_command("import_geography", str(path))


def test_load_sweden__all_counties_and_municipalities_with_official_names(db):
    from trygga.geography.reference import load_sweden

    geography = SHARED_DATA / "geography"
    counties, municipalities = load_sweden(
        actor=None,
        names_csv=geography / "swedish_admin_areas_scb.csv",
        counties_geojson=geography / "swedish_regions_okfse.geojson",
        municipalities_geojson=geography / "swedish_municipalities_okfse.geojson",
    )
    assert (counties, municipalities) == (21, 290)
    eskilstuna = Municipality.objects.get(code="0484")
    assert eskilstuna.name == "Eskilstuna"
    assert eskilstuna.county.name == "Södermanlands län"
    assert not Municipality.objects.filter(county__boundary__isnull=True).exists()
