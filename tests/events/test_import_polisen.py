"""The police feed importer: every quirk of FORMAT_NOTES.md, idempotency, and the whole
85,011-event file checked against counts computed independently from the raw JSON."""

import gzip
import json
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count

from tests.events.conftest import ALL_EVENTS, POLICE_DATA, police_record
from trygga.audit.models import AuditAction, AuditEvent
from trygga.core.timeutil import iso_year_week
from trygga.events.actions import taxonomy
from trygga.events.importers.polisen import import_polisen
from trygga.events.models import Event, EventSource, SourceKind
from trygga.geography.models import Municipality

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def only_event() -> Event:
    events = list(Event.objects.select_related("municipality", "county", "category", "source"))
    assert len(events) == 1
    return events[0]


def test_import_polisen__one_record__stores_area_precision_fields(sweden):
    result = import_polisen(actor=None, records=[police_record()])

    assert (result.created, result.updated, result.unchanged) == (1, 0, 0)
    event = only_event()
    assert event.source.code == "polisen"
    assert event.source.kind == SourceKind.POLICE_FEED
    assert event.external_id == "588172"
    assert event.external_type == "Trafikbrott"
    assert event.category.code == "reckless_driving"
    assert event.description == "Bilist misstänks för brott."
    assert event.occurred_from == datetime(2025, 6, 6, 18, 50, tzinfo=STOCKHOLM)
    assert event.published_at == datetime(2025, 6, 7, 7, 32, 6, tzinfo=STOCKHOLM)
    assert (event.iso_year, event.iso_week) == iso_year_week(event.occurred_from)
    assert event.precision == "area"
    assert event.area_level == "municipality"
    assert event.area_name == "Kungsör"
    assert event.municipality.name == "Kungsör"
    assert event.county.name == "Västmanlands län"
    assert (event.lat, event.lon) == (59.422397, 16.097786)
    assert event.district_id is None
    assert event.h3_cell is None
    assert event.confidentiality == "open"
    assert event.external_url.endswith("/06-juni-18.50-trafikbrott-kungsor/")


def test_import_polisen__unpadded_hour__parses_published_at(sweden):
    import_polisen(actor=None, records=[police_record(datetime="2024-01-15 3:04:05 +01:00")])

    assert only_event().published_at == datetime(2024, 1, 15, 3, 4, 5, tzinfo=STOCKHOLM)


def test_import_polisen__colon_and_dot_time_separators__both_parse(sweden):
    records = [
        police_record(
            id=1, name="20 april 10:27, Stöld, Luleå", datetime="2023-04-20 13:19:17 +02:00"
        ),
        police_record(
            id=2, name="06 juni 18.50, Stöld, Luleå", datetime="2025-06-07 7:32:06 +02:00"
        ),
    ]

    import_polisen(actor=None, records=records)

    times = dict(Event.objects.values_list("external_id", "occurred_from"))
    assert times["1"] == datetime(2023, 4, 20, 10, 27, tzinfo=STOCKHOLM)
    assert times["2"] == datetime(2025, 6, 6, 18, 50, tzinfo=STOCKHOLM)


def test_import_polisen__one_digit_day__parses(sweden):
    import_polisen(
        actor=None,
        records=[
            police_record(
                name="7 juli 15.01, Stöld, Kungsör", datetime="2025-07-07 16:00:00 +02:00"
            )
        ],
    )

    assert only_event().occurred_from == datetime(2025, 7, 7, 15, 1, tzinfo=STOCKHOLM)


def test_import_polisen__31_december_published_1_january__belongs_to_previous_year(sweden):
    record = police_record(
        name="31 december 23.49, Olaga hot, Ronneby",
        datetime="2026-01-01 7:23:31 +01:00",
        # The url carries the publication year, not the incident's: a trap, not a source.
        url="/aktuellt/handelser/2026/december/31/31-december-23.49-olaga-hot-ronneby/",
        type="Olaga hot",
        location={"name": "Ronneby", "gps": "56.209434,15.276023"},
    )

    import_polisen(actor=None, records=[record])

    event = only_event()
    assert event.occurred_from == datetime(2025, 12, 31, 23, 49, tzinfo=STOCKHOLM)
    assert (event.iso_year, event.iso_week) == (2026, 1)


def test_import_polisen__announced_ahead__stays_in_publication_year(sweden):
    record = police_record(
        name="10 januari 08.00, Trafikkontroll, Kungsör", datetime="2025-12-28 9:00:00 +01:00"
    )

    import_polisen(actor=None, records=[record])

    assert only_event().occurred_from == datetime(2026, 1, 10, 8, 0, tzinfo=STOCKHOLM)


def test_import_polisen__type_with_commas__keeps_type_and_maps_category(sweden):
    record = police_record(
        name="22 augusti 11.48, Trafikolycka, personskada, Hjo", type="Trafikolycka, personskada"
    )

    import_polisen(actor=None, records=[record])

    event = only_event()
    assert event.external_type == "Trafikolycka, personskada"
    assert event.category.code == "traffic"


def test_import_polisen__trailing_space_in_type__is_stripped_and_mapped(sweden):
    import_polisen(actor=None, records=[police_record(type="Lagen om hundar och katter ")])

    event = only_event()
    assert event.external_type == "Lagen om hundar och katter"
    assert event.category.code == "other"


def test_import_polisen__unmapped_type__goes_to_other_and_is_reported(sweden):
    result = import_polisen(actor=None, records=[police_record(type="Något helt nytt")])

    assert only_event().category.code == "other"
    assert result.unmapped_types == Counter({"Något helt nytt": 1})


def test_import_polisen__county_location__has_county_level_and_no_municipality(sweden):
    record = police_record(
        name="06 juni 18.50, Trafikbrott, Gnesta",
        location={"name": "Södermanlands län", "gps": "59.033635,16.75189"},
    )

    import_polisen(actor=None, records=[record])

    event = only_event()
    assert event.area_level == "county"
    assert event.municipality is None
    assert event.county.name == "Södermanlands län"
    assert (event.lat, event.lon) == (59.033635, 16.75189)
    assert event.district_id is None
    assert event.h3_cell is None


@pytest.mark.parametrize(
    ("feed_name", "official"),
    [
        ("Upplands-bro", "Upplands-Bro"),
        ("Upplands väsby", "Upplands Väsby"),
        ("Östra göinge", "Östra Göinge"),
        ("Lilla edet", "Lilla Edet"),
        ("Dals-ed", "Dals-Ed"),
    ],
)
def test_import_polisen__non_official_casing__matches_municipality(sweden, feed_name, official):
    import_polisen(
        actor=None, records=[police_record(location={"name": feed_name, "gps": "59.5,17.9"})]
    )

    event = only_event()
    assert event.municipality.name == official
    assert event.area_name == feed_name


def test_import_polisen__unknown_location__is_skipped_and_counted_by_name(sweden):
    records = [
        police_record(id=1, location={"name": "Atlantis", "gps": "59.0,17.0"}),
        police_record(id=2),
    ]

    result = import_polisen(actor=None, records=records)

    assert result.created == 1
    assert result.skipped["unknown_location"] == 1
    assert result.unknown_locations == Counter({"Atlantis": 1})


def test_import_polisen__url_without_trailing_slash__is_normalised(sweden):
    records = [
        police_record(id=1, url="/aktuellt/handelser/2025/juni/6/a"),
        police_record(id=2, url="/aktuellt/handelser/2025/juni/6/b/"),
        police_record(id=3, url="https://polisen.se/aktuellt/handelser/2018/juni/6/c/"),
    ]

    import_polisen(actor=None, records=records)

    urls = dict(Event.objects.values_list("external_id", "external_url"))
    assert urls == {
        "1": "/aktuellt/handelser/2025/juni/6/a/",
        "2": "/aktuellt/handelser/2025/juni/6/b/",
        "3": "/aktuellt/handelser/2018/juni/6/c/",
    }


def test_import_polisen__administrative_types__skipped_by_default_and_counted(sweden):
    records = [
        police_record(id=1, type="Sammanfattning natt"),
        police_record(id=2, type="Uppdatering"),
        police_record(id=3),
    ]

    result = import_polisen(actor=None, records=records)

    assert result.created == 1
    assert result.skipped["administrative"] == 2


def test_import_polisen__include_administrative__imports_them_as_other(sweden):
    records = [police_record(id=1, type="Sammanfattning natt")]

    result = import_polisen(actor=None, records=records, include_administrative=True)

    assert result.created == 1
    assert only_event().category.code == "other"
    assert not result.unmapped_types


def test_import_polisen__republished_id_with_changed_summary__updates_row(sweden):
    import_polisen(actor=None, records=[police_record()])
    pk = only_event().pk

    result = import_polisen(
        actor=None,
        records=[
            police_record(
                summary="Bilist misstänks för rattfylleri.",
                datetime="2025-06-07 9:12:00 +02:00",
                type="Rattfylleri",
            )
        ],
    )

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    event = only_event()
    assert event.pk == pk
    assert event.description == "Bilist misstänks för rattfylleri."
    assert event.external_type == "Rattfylleri"
    assert event.published_at == datetime(2025, 6, 7, 9, 12, tzinfo=STOCKHOLM)


def test_import_polisen__same_id_twice_in_file__keeps_latest_version(sweden):
    records = [
        police_record(summary="Senare.", datetime="2025-06-07 9:00:00 +02:00"),
        police_record(summary="Tidigare.", datetime="2025-06-07 7:32:06 +02:00"),
    ]

    result = import_polisen(actor=None, records=records)

    assert result.created == 1
    assert result.skipped["duplicate_in_file"] == 1
    assert only_event().description == "Senare."


def test_import_polisen__writes_one_audit_row_with_counts(sweden):
    before = AuditEvent.objects.filter(action=AuditAction.EVENTS_IMPORTED).count()

    import_polisen(actor=None, records=[police_record(id=1), police_record(id=2, type="Övrigt")])

    rows = AuditEvent.objects.filter(action=AuditAction.EVENTS_IMPORTED)
    assert rows.count() == before + 1
    details = rows.first().details
    assert details["created"] == 1
    assert details["skipped"] == {"administrative": 1}


@pytest.mark.parametrize(
    "name",
    [
        "raw_api_snapshot_pretty_500.json",
        "raw_api_snapshot_compact_500_2023-04.json",
        "events_sodermanland.json",
    ],
)
def test_import_polisen__real_files__import_and_reimport_idempotently(sweden, name):
    path = POLICE_DATA / name
    records = json.loads(path.read_text(encoding="utf-8"))

    first = import_polisen(actor=None, path=path)
    second = import_polisen(actor=None, path=path)

    assert first.created == Event.objects.count() > 0
    assert first.created + sum(first.skipped.values()) == len(records)
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == first.created


def _independent_counts(records: list[dict]) -> tuple[Counter, Counter, int]:
    """Counts by type and by location with plain dict access, not the importer's parsing."""
    admin = taxonomy()["police_administrative"]
    by_type: Counter = Counter()
    by_location: Counter = Counter()
    skipped_admin = 0
    for record in records:
        kind = record["type"].strip()
        if kind in admin["types"] or any(kind.startswith(p) for p in admin["prefixes"]):
            skipped_admin += 1
            continue
        by_type[kind] += 1
        by_location[record["location"]["name"]] += 1
    return by_type, by_location, skipped_admin


@pytest.mark.slow
def test_import_polisen__whole_file__counts_equal_independent_count_and_reimport_is_noop(sweden):
    with gzip.open(ALL_EVENTS, "rt", encoding="utf-8") as handle:
        records = json.load(handle)
    assert len(records) == 85_011
    by_type, by_location, skipped_admin = _independent_counts(records)

    result = import_polisen(actor=None, path=ALL_EVENTS)

    assert result.skipped == Counter({"administrative": skipped_admin})
    assert result.created == sum(by_type.values()) == Event.objects.count()
    assert Counter(dict(_grouped("external_type"))) == by_type
    municipality_names = {
        m.casefold(): m for m in Municipality.objects.values_list("name", flat=True)
    }
    expected_by_municipality: Counter = Counter()
    county_level = 0
    for name, count in by_location.items():
        if name.endswith(" län"):
            county_level += count
        else:
            key = name.casefold().replace("-", " ")
            official = next(m for k, m in municipality_names.items() if k.replace("-", " ") == key)
            expected_by_municipality[official] += count
    db_municipalities = Counter(dict(_grouped("municipality__name", exclude_null=True)))
    assert db_municipalities == expected_by_municipality
    assert (
        Event.objects.filter(municipality__isnull=True, area_level="county").count() == county_level
    )
    weeks = Event.objects.values_list("occurred_from", "iso_year", "iso_week")
    assert all(iso_year_week(when) == (year, week) for when, year, week in weeks)
    assert Event.objects.filter(district__isnull=False).count() == 0
    assert Event.objects.filter(h3_cell__isnull=False).count() == 0

    second = import_polisen(actor=None, path=ALL_EVENTS)

    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == result.created
    assert EventSource.objects.filter(code="polisen").count() == 1


def _grouped(field: str, exclude_null: bool = False) -> list[tuple[str, int]]:
    qs = Event.objects.all()
    if exclude_null:
        qs = qs.filter(**{f"{field}__isnull": False})
    return list(qs.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n"))


def test_import_polisen__empty_place_in_name__uses_location(sweden):
    import_polisen(actor=None, records=[police_record(name="20 maj 13.09, Trafikkontroll, ")])

    event = only_event()
    assert event.occurred_from == datetime(2025, 5, 20, 13, 9, tzinfo=STOCKHOLM)
    assert event.area_name == "Kungsör"


def test_import_polisen__api_response_object_and_gzip__are_read(sweden, tmp_path):
    wrapped = tmp_path / "response.json.gz"
    with gzip.open(wrapped, "wt", encoding="utf-8") as handle:
        json.dump({"events": [police_record()]}, handle)

    result = import_polisen(actor=None, path=wrapped)

    assert result.created == 1


def test_import_polisen__without_reference_geography__is_refused(db):
    from trygga.events.importers.base import ImportConfigError

    with pytest.raises(ImportConfigError, match="Referensgeografin"):
        import_polisen(actor=None, records=[police_record()])
