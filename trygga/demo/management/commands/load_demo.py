"""`trygga load-demo`: the demo municipality, Eskilstuna, into the database DATABASE_URL names.

Loads Sweden's counties and municipalities (real polygons), activates Eskilstuna with the
demo's approximate districts and named places, the organisations of the source documents,
demo accounts, the real police events of Södermanland, and a generated year of field
events through the real importers. Running it again changes nothing that is already there.
"""

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from trygga.accounts.actions import add_member, create_organisation
from trygga.accounts.models import Organisation, OrganisationKind, Role
from trygga.audit.log import record
from trygga.audit.models import AuditAction
from trygga.demo.generator import DistrictSpec, generate, write_csv
from trygga.events.actions import seed_categories
from trygga.geography.actions import import_geojson
from trygga.geography.models import District, Municipality
from trygga.geography.reference import load_sweden
from trygga.plans.seed import seed_demo_plans
from trygga.reports.seed import seed_demo_reports

DEMO_DATA = Path(__file__).resolve().parents[2] / "data"
DEMO_PASSWORD = "trygga-demo-2026"  # noqa: S105 - printed for the demo; never for production

ORGANISATIONS: list[tuple[str, str, str]] = [  # key, name, kind
    (
        "trygga",
        "Trygga Eskilstuna (kommunledningsförvaltningen)",
        OrganisationKind.MUNICIPAL_DEPARTMENT,
    ),
    ("bou", "Barn- och utbildningsförvaltningen", OrganisationKind.MUNICIPAL_DEPARTMENT),
    ("social", "Socialförvaltningen", OrganisationKind.MUNICIPAL_DEPARTMENT),
    (
        "faltassistenter",
        "Kultur- och fritidsförvaltningen, Ung fritid (fältassistenter)",
        OrganisationKind.MUNICIPAL_DEPARTMENT,
    ),
    (
        "gatuavdelningen",
        "Stadsbyggnadsförvaltningen, gatuavdelningen",
        OrganisationKind.MUNICIPAL_DEPARTMENT,
    ),
    ("polisen", "Polisen, lokalpolisområde Eskilstuna", OrganisationKind.POLICE),
    ("kommunfastigheter", "Kommunfastigheter", OrganisationKind.HOUSING_COMPANY),
    ("energi", "Eskilstuna Energi och Miljö", OrganisationKind.UTILITY),
    ("region", "Region Sörmland", OrganisationKind.REGION),
    ("brottsofferjouren", "Brottsofferjouren", OrganisationKind.ASSOCIATION),
    ("kvinnojouren", "Kvinno- och tjejjouren", OrganisationKind.ASSOCIATION),
    ("nattvandrarna", "Nattvandrarna", OrganisationKind.ASSOCIATION),
    ("vaktbolaget", "Väktarbolaget (demo)", OrganisationKind.SECURITY_FIRM),
]

USERS: list[tuple[str, str, str, str, str]] = [  # username, first, last, org key, role
    ("admin", "Ada", "Administratör", "trygga", Role.ADMINISTRATOR),
    ("samordnare", "Sam", "Samordnare", "trygga", Role.COORDINATOR),
    ("analytiker", "Ana", "Analytiker", "trygga", Role.COORDINATOR),
    ("faltassistent", "Filip", "Fältassistent", "faltassistenter", Role.REPORTER),
    ("fastighet", "Frida", "Fastighetsvärd", "kommunfastigheter", Role.REPORTER),
    ("vakt", "Viktor", "Väktare", "vaktbolaget", Role.REPORTER),
    ("polis", "Paula", "Kommunpolis", "polisen", Role.VIEWER),
]

SOURCES: dict[str, str] = {  # generator key -> source name
    "faltassistenter": "Fältassistenternas logg (genererad demo)",
    "kommunfastigheter": "Kommunfastigheters felanmälningar (genererad demo)",
    "vaktbolaget": "Väktarrapporter (genererad demo)",
    "gatuavdelningen": "Gatuavdelningens ronder (genererad demo)",
    "nattvandrarna": "Nattvandrarnas rapporter (genererad demo)",
}


class Command(BaseCommand):
    help = "Ladda demokommunen Eskilstuna med riktig geografi och riktiga polishändelser."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shared-data",
            type=Path,
            default=Path(settings.BASE_DIR).parent / "shared" / "data",
            help="mappen med projektets riktiga data (geography/, polisen_events/)",
        )
        parser.add_argument(
            "--skip-police", action="store_true", help="hoppa över polisens händelser"
        )
        parser.add_argument(
            "--skip-generated", action="store_true", help="hoppa över de genererade fälthändelserna"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        shared: Path = options["shared_data"]
        geography = shared / "geography"
        if not (geography / "swedish_admin_areas_scb.csv").exists():
            raise CommandError(f"Hittar inte projektets data i {shared} (--shared-data).")
        self.stdout.write("Geografi: Sveriges län och kommuner …")
        load_sweden(
            actor=None,
            names_csv=geography / "swedish_admin_areas_scb.csv",
            counties_geojson=geography / "swedish_regions_okfse.geojson",
            municipalities_geojson=geography / "swedish_municipalities_okfse.geojson",
        )
        municipality = self._setup_eskilstuna()
        organisations = self._setup_actors(municipality)
        services = seed_demo_reports(municipality=municipality, organisations=organisations)
        self.stdout.write(f"Felanmälan: {services} kategorier med fördelningsregler och måltider.")
        if not options["skip_police"]:
            self.stdout.write("Polisens händelser i Södermanland …")
            call_command(
                "import_events",
                str(shared / "polisen_events" / "events_sodermanland.json"),
                format="polisen",
                no_progress=True,
                stdout=self.stdout,
            )
        if not options["skip_generated"]:
            self._generated_events(municipality, organisations)
        for line in seed_demo_plans(
            municipality=municipality, organisations=organisations, password=DEMO_PASSWORD
        ):
            self.stdout.write(f"Åtgärdsplan: {line}")
        record(actor=None, action=AuditAction.DEMO_LOADED, target=municipality)
        self._print_logins()

    def _setup_eskilstuna(self) -> Municipality:
        with transaction.atomic():
            municipality = Municipality.objects.get(code="0484")
            districts = json.loads(
                (DEMO_DATA / "eskilstuna_districts_approximate.geojson").read_text("utf-8")
            )
            import_geojson(
                actor=None,
                feature_collection=districts,
                level="district",
                municipality=municipality,
            )
            places = json.loads(
                (DEMO_DATA / "eskilstuna_places_approximate.geojson").read_text("utf-8")
            )
            import_geojson(
                actor=None, feature_collection=places, level="place", municipality=municipality
            )
            total = District.objects.filter(municipality=municipality).aggregate(
                total=Sum("population")
            )["total"]
            Municipality.objects.filter(pk=municipality.pk).update(is_active=True, population=total)
            seed_categories()
        municipality.refresh_from_db()
        self.stdout.write(
            f"{municipality.name}: {municipality.districts.count()} stadsdelar "
            "(ungefärliga gränser), "
            f"{municipality.places.count()} platser."
        )
        return municipality

    def _setup_actors(self, municipality: Municipality) -> dict[str, Organisation]:
        organisations = {
            key: create_organisation(actor=None, municipality=municipality, name=name, kind=kind)
            for key, name, kind in ORGANISATIONS
        }
        for username, first, last, org_key, role in USERS:
            add_member(
                actor=None,
                organisation=organisations[org_key],
                username=username,
                role=Role(role),
                email=f"{username}@demo.trygga.invalid",
                first_name=first,
                last_name=last,
                password=DEMO_PASSWORD,
            )
        get_user_model().objects.filter(username="admin").update(is_staff=True, is_superuser=True)
        self.stdout.write(f"{len(organisations)} organisationer, {len(USERS)} demokonton.")
        return organisations

    def _generated_events(
        self, municipality: Municipality, organisations: dict[str, Organisation]
    ) -> None:
        self.stdout.write("Genererade fälthändelser för det senaste året …")
        specs = [
            DistrictSpec(d.name, d.boundary, d.population or 0, d.is_priority)
            for d in municipality.districts.order_by("pk")
        ]
        end = timezone.localdate() - timedelta(days=1)
        rows = generate(specs, municipality.boundary, end=end)
        out_dir = Path(settings.BASE_DIR) / "var" / "demo"
        for key, reporter_rows in rows.items():
            path = out_dir / f"{key}.csv"
            write_csv(reporter_rows, path)
            call_command(
                "import_events",
                str(path),
                format="csv",
                municipality=municipality.code,
                source=SOURCES[key],
                organisation=organisations[key].name,
                no_progress=True,
                stdout=self.stdout,
            )

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demokonton (lösenord för alla: {DEMO_PASSWORD}):")
        for username, _first, _last, org_key, role in USERS:
            org = next(name for key, name, _ in ORGANISATIONS if key == org_key)
            self.stdout.write(f"  {username:<14} {Role(role).label:<22} {org}")
