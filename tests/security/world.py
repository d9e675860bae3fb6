"""One municipality with something behind every URL, and a person in every role.

Built once per test module (`world` in conftest.py): Eskilstuna with its districts, four
organisations and one member per role, Stockholm with an administrator (the member of
another municipality), a superuser; events of two confidentiality levels, two citizen
reports (one the housing company's, one the police's) with a published photo, a held
submission, an Open311 key, an approved and a draft lägesbild, and an adopted public action
plan with a problem, a measure (owned by the housing company, the police its partner), an
indicator and a follow-up with an attachment.
"""

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from tests.factories import (
    CENTRUM_POINT,
    FROSLUNDA_POINT,
    NYFORS_POINT,
    STOCKHOLM_POINT,
    CountyFactory,
    EventFactory,
    MunicipalityFactory,
    OrganisationFactory,
    SourceFactory,
    UserFactory,
    add_demo_districts,
    member,
)
from tests.lagesbild.conftest import make_events
from tests.reports.conftest import make_service
from trygga.accounts.models import OrganisationKind, Role
from trygga.events.actions import seed_categories
from trygga.events.models import Confidentiality, Event, EventCategory
from trygga.geography.models import District, Place
from trygga.lagesbild import actions as lagesbild_actions
from trygga.lagesbild.models import LagesbildVersion
from trygga.plans import actions as plan_actions
from trygga.plans.actions import Budget
from trygga.reports.actions import (
    create_open311_key,
    hold_submission,
    reroute,
    set_photo_public,
    submit_report,
)
from trygga.reports.models import ResponseTemplate, RoutingRule


def _square(lon: float, lat: float, half: float = 0.2) -> dict[str, Any]:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


@dataclass
class World:
    """The people by role and the values that fill the URLs' parameters."""

    people: dict[str, Any]
    values: dict[str, str] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)  # each role's logged-in session


def build() -> World:
    municipality = MunicipalityFactory()
    add_demo_districts(municipality)
    seed_categories()
    stockholm = MunicipalityFactory(
        code="0180",
        name="Stockholm",
        county=CountyFactory(code="01", name="Stockholms län"),
        boundary=_square(*STOCKHOLM_POINT),
    )
    orgs = {
        "kommun": OrganisationFactory(
            municipality=municipality,
            name="Trygga Eskilstuna",
            kind=OrganisationKind.MUNICIPAL_DEPARTMENT,
        ),
        "polis": OrganisationFactory(
            municipality=municipality, name="Polisen Eskilstuna", kind=OrganisationKind.POLICE
        ),
        "bostad": OrganisationFactory(
            municipality=municipality,
            name="Kommunfastigheter",
            kind=OrganisationKind.HOUSING_COMPANY,
        ),
    }
    superuser = UserFactory(username="systemadmin", is_superuser=True, is_staff=True)
    people = {
        "anonymous": None,
        "viewer": member(orgs["polis"], Role.VIEWER, "lasare1"),
        "reporter": member(orgs["bostad"], Role.REPORTER, "rapportor1"),
        "coordinator": member(orgs["kommun"], Role.COORDINATOR, "samordnare1"),
        "administrator": member(orgs["kommun"], Role.ADMINISTRATOR, "admin1"),
        "outsider": member(
            OrganisationFactory(municipality=stockholm, name="Trygga Stockholm"),
            Role.ADMINISTRATOR,
            "stockholmare",
        ),
        "superuser": superuser,
    }
    coordinator = people["coordinator"]
    districts = {d.name: d for d in District.objects.filter(municipality=municipality)}

    # Events: one the partners share, one restricted to the municipality's office.
    field_source = SourceFactory(code="falt", name="Fältrapport")
    graffiti = EventCategory.objects.get(code="graffiti", municipality__isnull=True)
    event = EventFactory(
        municipality=municipality,
        category=graffiti,
        source=field_source,
        lon=NYFORS_POINT[0],
        lat=NYFORS_POINT[1],
        district=districts["Nyfors"],
        organisation=orgs["bostad"],
    )
    restricted = EventFactory(
        municipality=municipality,
        category=graffiti,
        source=field_source,
        lon=FROSLUNDA_POINT[0],
        lat=FROSLUNDA_POINT[1],
        district=districts["Fröslunda"],
        organisation=orgs["kommun"],
        confidentiality=Confidentiality.RESTRICTED,
        description="Hot mot personal, känsligt.",
    )

    # Citizen reports: the housing company's (with a published photo) and the police's.
    service = make_service(municipality)
    RoutingRule.objects.create(
        municipality=municipality, service=service, organisation=orgs["bostad"]
    )
    report = submit_report(
        municipality=municipality,
        service=service,
        description="Klotter på väggen vid busshållplatsen.",
        lon=CENTRUM_POINT[0],
        lat=CENTRUM_POINT[1],
        attributes={"krankande": "nej"},
        email="anna@example.org",
        photo=jpeg(),
    )
    set_photo_public(actor=coordinator, report=report, public=True)
    police_report = submit_report(
        municipality=municipality,
        service=service,
        description="Trasig lampa i tunneln.",
        lon=NYFORS_POINT[0],
        lat=NYFORS_POINT[1],
        attributes={"krankande": "ja"},
    )
    reroute(actor=coordinator, report=police_report, organisation=orgs["polis"])
    held = hold_submission(
        municipality=municipality,
        channel="web",
        reason="rate_limited",
        payload={
            "service_code": service.service_code,
            "description": "Igen",
            "lat": 59.37,
            "lon": 16.51,
        },
    )
    _key, api_key = create_open311_key(actor=None, name="Testappen", municipality=municipality)

    # Lägesbild: the year 2025 approved with one problem, the year 2024 as a draft.
    make_events(municipality, confidentiality=Confidentiality.OPEN)
    approved = lagesbild_actions.create_lagesbild(
        actor=coordinator, municipality=municipality, kind="year", date_from=dt.date(2025, 1, 1)
    )
    lb_problem = lagesbild_actions.save_problem(
        actor=coordinator,
        lagesbild=approved,
        problem=None,
        title="Skadegörelse vid Nyfors centrum",
        order=1,
        category=EventCategory.objects.get(code="vandalism", municipality__isnull=True),
        district=districts["Nyfors"],
        description="Krossade rutor och busskurer.",
        offender="Grupper av unga kvällstid.",
        target="Busskurer och butiker.",
        place="Torget, fredag kväll.",
        guardians="Få vuxna ute.",
        causes="Få vuxna på kvällstid\nTrasig belysning",
    )
    lagesbild_actions.approve_lagesbild(
        actor=coordinator,
        lagesbild=approved,
        body="Lokala brottsförebyggande rådet",
        decision_date=dt.date(2026, 2, 1),
    )
    draft = lagesbild_actions.create_lagesbild(
        actor=coordinator, municipality=municipality, kind="year", date_from=dt.date(2024, 1, 1)
    )
    version = LagesbildVersion.objects.filter(lagesbild=approved).latest("number")
    table = version.content["public"]["tables"][0]["id"]

    # The action plan: public, adopted, with a problem, a measure, an indicator, a follow-up.
    plan = plan_actions.create_plan(
        actor=coordinator,
        municipality=municipality,
        kind="plan",
        title="Åtgärdsplan 2026",
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 12, 31),
        lagesbild=approved,
        summary="Kommunens åtgärder mot skadegörelse.",
        is_public=True,
        parties=[orgs["kommun"], orgs["polis"]],
    )
    plan_problem = plan_actions.save_problem(
        actor=coordinator, plan=plan, title="Skadegörelse i Nyfors", order=1
    )
    measure = plan_actions.save_measure(
        actor=coordinator,
        plan=plan,
        partners=[orgs["polis"]],
        districts=[districts["Nyfors"]],
        budget=[Budget(2026, Decimal(500000), Decimal(120000))],
        title="Snabb lagning av skadegörelse",
        description="Skadegörelse åtgärdas inom ett dygn.",
        kind="situational",
        horizon="short",
        owner=orgs["bostad"],
        responsible="Förvaltaren",
        status="ongoing",
        is_public=True,
    )
    indicator = plan_actions.save_indicator(
        actor=coordinator,
        measure=measure,
        name="Skadegörelse i Nyfors",
        unit="händelser",
        source="event_count",
        category=EventCategory.objects.get(code="vandalism", municipality__isnull=True),
        area="district",
        district=districts["Nyfors"],
        baseline_from=dt.date(2024, 1, 1),
        baseline_to=dt.date(2024, 12, 31),
        target_value=Decimal(1),
        direction="decrease",
        trend_period="tertial",
    )
    followup = plan_actions.add_followup(
        actor=coordinator,
        measure=measure,
        date=dt.date(2026, 2, 1),
        text="Protokoll",
        files=[SimpleUploadedFile("a.txt", "Anteckningar från mötet".encode())],
    )
    plan_actions.adopt_plan(
        actor=coordinator, plan=plan, body="Kommunstyrelsen", decision_date=dt.date(2026, 3, 1)
    )

    # Rows behind the admin's other pages: an enrolled account's devices, lock-out records.
    enrolled = UserFactory(username="tvastegs")
    device = TOTPDevice.objects.create(user=enrolled, name="Telefon", confirmed=True)
    StaticDevice.objects.create(user=enrolled, name="Reservkoder", confirmed=True)
    attempt = {
        "user_agent": "test",
        "ip_address": "127.0.0.1",
        "username": "okand",
        "http_accept": "*/*",
        "path_info": "/konto/login/",
    }
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    Group.objects.create(name="Samordnare")
    Place.objects.create(
        municipality=municipality,
        name="Fröslunda centrum",
        kind="square",
        lon=FROSLUNDA_POINT[0],
        lat=FROSLUNDA_POINT[1],
    )
    ResponseTemplate.objects.create(
        municipality=municipality, title="Åtgärdat", text="Tack, det är åtgärdat."
    )

    values = {
        "code": municipality.code,
        "other_code": stockholm.code,
        "event_id": str(event.pk),
        "restricted_id": str(restricted.pk),
        "service_code": service.service_code,
        "report_id": report.service_request_id,
        "police_report_id": police_report.service_request_id,
        "token": report.tracking_token,
        "open311_token": report.open311_token,
        "held_id": str(held.pk),
        "api_key": api_key,
        "lagesbild": str(approved.pk),
        "lagesbild_draft": str(draft.pk),
        "lagesbild_problem": str(lb_problem.pk),
        "lagesbild_table": table,
        "plan": str(plan.pk),
        "plan_problem": str(plan_problem.pk),
        "measure": str(measure.pk),
        "indicator": str(indicator.pk),
        "attachment": str(followup.attachments.get().pk),
        "plan_version": "1",
        "admin_app": "reports",
        "admin_user": str(enrolled.pk),
        "totp_device": str(device.pk),
        "district_code": districts["Nyfors"].code,
        "analysis_table": "trend",
        "json_fmt": "json",
        "xml_fmt": "xml",
        "note_action": "anteckning",
        "discard": "kassera",
        "bad_token": "finns-inte-" + "x" * 30,
        "bad_uid": "MQ",
        "content_type_id": str(ContentType.objects.get_for_model(Event).pk),
    }
    objects = {"municipality": municipality, "stockholm": stockholm, "organisations": orgs}
    return World(people=people, values=values, objects=objects)
