"""Demo configuration of citizen reports for a municipality: services with attributes of
every GeoReport datatype, routing rules (housing estates and parks as drawn areas, priority
districts, the whole municipality), target times and response templates.

`seed_demo_reports()` is called by `trygga load-demo`; it is idempotent. The drawn areas
are approximate circles around the demo's named places, not real estate boundaries.
"""

import math
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from trygga.accounts.actions import create_organisation
from trygga.accounts.models import Organisation, OrganisationKind
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.events.models import EventCategory
from trygga.geography.models import District, Municipality, Place
from trygga.reports.models import (
    ResponseTemplate,
    RoutingRule,
    Service,
    ServiceAttribute,
    TargetTime,
)
from trygga.reports.statuses import Status

PARK_UNIT = "Stadsbyggnadsförvaltningen, park- och naturavdelningen"


def _options(*names: str) -> list[dict[str, str]]:
    return [{"key": str(i), "name": name} for i, name in enumerate(names, start=1)]


# code, name, name_en, group, category code, keywords, notice, target hours, attributes
SERVICES: list[dict[str, Any]] = [
    {
        "code": "belysning",
        "name": "Trasig belysning",
        "name_en": "Broken street light",
        "group": "Gata och belysning",
        "category": "dark_place",
        "keywords": "gatlykta, lampa, mörkt, stolpe, belysning",
        "notice": "Gatubelysning lagas normalt inom en vecka.",
        "hours": 168,
        "attributes": [
            (
                "fel",
                "singlevaluelist",
                True,
                "Vad är fel?",
                _options("Släckt", "Blinkar", "Trasig armatur", "Påkörd eller nedriven stolpe"),
            ),
            ("stolpnummer", "string", False, "Stolpens nummer (står på en skylt på stolpen)", []),
        ],
    },
    {
        "code": "klotter",
        "name": "Klotter",
        "name_en": "Graffiti",
        "group": "Skadegörelse och klotter",
        "category": "graffiti",
        "keywords": "klotter, tags, graffiti, sprayfärg",
        "notice": "Klotter tas bort inom 48 timmar, kränkande klotter inom 24 timmar.",
        "hours": 48,
        "attributes": [
            (
                "krankande",
                "singlevaluelist",
                True,
                "Är klottret kränkande, rasistiskt eller hotfullt?",
                _options("Ja", "Nej"),
            ),
            (
                "underlag",
                "multivaluelist",
                False,
                "Var sitter klottret?",
                _options("Husvägg", "Skylt", "Busskur", "Elskåp", "Lekutrustning", "Annat"),
            ),
            ("yta", "number", False, "Ungefär hur stor yta (kvadratmeter)?", []),
        ],
    },
    {
        "code": "skadegorelse",
        "name": "Skadegörelse",
        "name_en": "Vandalism",
        "group": "Skadegörelse och klotter",
        "category": "vandalism",
        "keywords": "sönder, krossad, förstörd, vandalisering",
        "notice": "",
        "hours": 72,
        "attributes": [
            (
                "foremal",
                "singlevaluelist",
                True,
                "Vad är skadat?",
                _options("Busskur", "Parkbänk", "Papperskorg", "Fönster", "Skylt", "Annat"),
            ),
            ("upptackt", "datetime", False, "När upptäckte du skadan?", []),
        ],
    },
    {
        "code": "nedskrapning",
        "name": "Nedskräpning",
        "name_en": "Littering",
        "group": "Städning",
        "category": "littering",
        "keywords": "skräp, sopor, dumpning, grovavfall",
        "notice": "",
        "hours": 72,
        "attributes": [
            (
                "avfall",
                "multivaluelist",
                True,
                "Vad ligger där?",
                _options("Glas", "Hushållssopor", "Grovavfall", "Däck", "Annat"),
            ),
        ],
    },
    {
        "code": "sprutor",
        "name": "Sprutor och kanyler",
        "name_en": "Needles and syringes",
        "group": "Städning",
        "category": "drugs",
        "keywords": "spruta, kanyl, nål, narkotika",
        "notice": "Sprutor plockas upp inom 24 timmar.",
        "hours": 24,
        "attributes": [
            (
                "varning",
                "string",
                False,
                "Rör inte sprutor eller kanyler: de plockas av personal.",
                [],
            ),
            ("antal", "number", False, "Ungefär hur många?", []),
        ],
    },
    {
        "code": "otrygg-plats",
        "name": "Otrygg plats",
        "name_en": "Unsafe place",
        "group": "Trygghet",
        "category": "unsafe_place",
        "keywords": "otrygg, rädd, mörk gång, buskage, skymd",
        "notice": "Anmälningar om otrygga platser går till trygghetsarbetet och tas upp i "
        "lägesbilden.",
        "hours": 336,
        "attributes": [
            (
                "tid",
                "multivaluelist",
                False,
                "När känns platsen otrygg?",
                _options("Morgon", "Dag", "Kväll", "Natt"),
            ),
            ("varfor", "text", False, "Vad gör platsen otrygg?", []),
        ],
    },
    {
        "code": "lekplats",
        "name": "Trasig lekplats",
        "name_en": "Broken playground",
        "group": "Parker och lek",
        "category": "broken_playground",
        "keywords": "gunga, rutschkana, lekplats, sandlåda",
        "notice": "Farliga fel på lekredskap spärras av samma dag.",
        "hours": 120,
        "attributes": [
            (
                "farligt",
                "singlevaluelist",
                True,
                "Kan någon skada sig?",
                _options("Ja", "Nej", "Vet inte"),
            ),
        ],
    },
]

TEMPLATES: list[tuple[str, str, str]] = [  # title, status, text
    ("Vi har påbörjat", Status.IN_PROGRESS,
     "Tack för din anmälan. Vi har börjat titta på ärendet."),
    ("Åtgärd planerad", Status.ACTION_SCHEDULED,
     "Åtgärden är planerad och görs vid nästa arbetstillfälle i området."),
    ("Åtgärdat", Status.FIXED, "Felet är åtgärdat. Tack för att du hjälper till!"),
    ("Trafikverkets väg", Status.NOT_OURS,
     "Vägen sköts av Trafikverket. Anmäl felet till Trafikverket på 0771-921 921."),
    ("Privat mark", Status.NOT_OURS,
     "Platsen ligger på privat mark. Kontakta fastighetsägaren."),
    ("Klotter inom 48 timmar", "",
     "Klotter tas bort inom 48 timmar, kränkande klotter inom 24 timmar."),
]  # fmt: skip


def circle(lon: float, lat: float, radius_m: float, sides: int = 24) -> dict[str, Any]:
    """A GeoJSON polygon approximating a circle (for approximate demo areas)."""
    dlat = radius_m / 111_320
    dlon = dlat / math.cos(math.radians(lat))
    ring = [
        [
            round(lon + dlon * math.cos(2 * math.pi * i / sides), 6),
            round(lat + dlat * math.sin(2 * math.pi * i / sides), 6),
        ]
        for i in range(sides)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _service(municipality: Municipality, order: int, spec: dict[str, Any]) -> Service:
    category = EventCategory.objects.filter(code=spec["category"], municipality=None).first()
    if category is None:
        category, _ = EventCategory.objects.get_or_create(
            municipality=municipality,
            code=spec["category"],
            defaults={"name": spec["name"], "name_en": spec["name_en"], "sort_order": 500},
        )
    service, _ = Service.objects.update_or_create(
        municipality=municipality,
        service_code=spec["code"],
        defaults={
            "name": spec["name"],
            "name_en": spec["name_en"],
            "group": spec["group"],
            "category": category,
            "keywords": spec["keywords"],
            "service_notice": spec["notice"],
            "sort_order": order * 10,
        },
    )
    for position, (code, datatype, required, question, values) in enumerate(
        spec["attributes"], start=1
    ):
        attribute, _ = ServiceAttribute.objects.update_or_create(
            service=service,
            code=code,
            defaults={
                "datatype": datatype,
                "required": required,
                "variable": code != "varning",
                "order": position,
                "description": question,
                "values": values,
            },
        )
        attribute.full_clean()
    TargetTime.objects.update_or_create(
        service=service, organisation=None, defaults={"hours": spec["hours"]}
    )
    return service


def _rule(municipality: Municipality, organisation: Organisation, **fields: Any) -> None:
    name = fields.pop("name")
    rule, _ = RoutingRule.objects.update_or_create(
        municipality=municipality,
        name=name,
        defaults={"organisation": organisation, **fields},
    )
    rule.full_clean()


def seed_demo_reports(
    *, municipality: Municipality, organisations: Mapping[str, Organisation]
) -> int:
    """Create or update the demo's report configuration; returns the number of services.

    `organisations` are the demo's organisations by key; the street unit
    (`gatuavdelningen`), the housing company (`kommunfastigheter`) and the coordinating
    office (`trygga`) are used, and a park unit is created.
    """
    with transaction.atomic():
        park_unit = create_organisation(
            actor=None,
            municipality=municipality,
            name=PARK_UNIT,
            kind=OrganisationKind.MUNICIPAL_DEPARTMENT,
        )
        street = organisations["gatuavdelningen"]
        housing = organisations["kommunfastigheter"]
        coordinating = organisations["trygga"]
        services = {
            spec["code"]: _service(municipality, order, spec)
            for order, spec in enumerate(SERVICES, start=1)
        }
        TargetTime.objects.update_or_create(
            service=services["klotter"], organisation=housing, defaults={"hours": 24}
        )

        _rule(municipality, coordinating, name="Alla kategorier i hela kommunen", priority=900)
        for code in ("belysning", "klotter", "skadegorelse", "nedskrapning", "sprutor"):
            _rule(
                municipality,
                street,
                name=f"{services[code].name} i hela kommunen",
                service=services[code],
            )
        _rule(
            municipality, park_unit, name="Lekplatser i hela kommunen", service=services["lekplats"]
        )
        for district in District.objects.filter(municipality=municipality, is_priority=True):
            _rule(
                municipality,
                coordinating,
                name=f"Otrygga platser i {district.name}",
                service=services["otrygg-plats"],
                district=district,
            )
        for place in Place.objects.filter(municipality=municipality, kind="park"):
            _rule(
                municipality,
                park_unit,
                name=f"Parken {place.name}",
                area=circle(place.lon, place.lat, 250),
                area_name=f"{place.name} (ungefärligt demoområde)",
            )
        for place in Place.objects.filter(
            municipality=municipality,
            kind="shopping",
            name__in=["Fröslunda centrum", "Årby centrum", "Skiftinge centrum"],
        ):
            estate = place.name.replace(" centrum", "")
            _rule(
                municipality,
                housing,
                name=f"Kommunfastigheters bestånd i {estate}",
                area=circle(place.lon, place.lat, 400),
                area_name=f"Bostadsområdet {estate} (ungefärligt demoområde)",
            )

        for order, (title, status, text) in enumerate(TEMPLATES, start=1):
            ResponseTemplate.objects.update_or_create(
                municipality=municipality,
                title=title,
                defaults={"status": status, "text": text, "sort_order": order * 10},
            )
        record(
            actor=None,
            action=AuditAction.REPORTS_CONFIGURED,
            target=municipality,
            details={"services": len(services)},
        )
    return len(services)
