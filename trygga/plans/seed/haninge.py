"""Haninge's demo plan: the safety commission's fifteen measures (shared/seeds 004)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from trygga.accounts.actions import add_member, create_organisation
from trygga.accounts.models import OrganisationKind, Role
from trygga.geography.models import Municipality
from trygga.lagesbild import actions as lagesbild_actions
from trygga.lagesbild.models import Kind, Lagesbild
from trygga.plans import actions
from trygga.plans.models import ActionPlan
from trygga.plans.seed.common import (
    _manual_indicator,
)

# --------------------------------------------------------------------------- Haninge


HANINGE = "0136"
HANINGE_ORGANISATIONS = (
    ("klk", "Haninge kommun, kommunledningsförvaltningen", OrganisationKind.MUNICIPAL_DEPARTMENT),
    ("kof", "Kultur- och fritidsförvaltningen", OrganisationKind.MUNICIPAL_DEPARTMENT),
    ("soc", "Socialförvaltningen", OrganisationKind.MUNICIPAL_DEPARTMENT),
    ("sbf", "Samhällsbyggnadsförvaltningen", OrganisationKind.MUNICIPAL_DEPARTMENT),
    ("polis", "Polisen, lokalpolisområde Haninge/Nynäshamn", OrganisationKind.POLICE),
    ("bostad", "Bostadsbolagen i Haninge (demo)", OrganisationKind.HOUSING_COMPANY),
    ("vattenfall", "Vattenfall", OrganisationKind.UTILITY),
    ("srv", "SRV Återvinning", OrganisationKind.UTILITY),
    ("forening", "Föreningarna för nattvandring (demo)", OrganisationKind.ASSOCIATION),
)
# title, owner, partners, kind, horizon, description (the commission's text, shortened)
HANINGE_MEASURES: tuple[tuple[str, str, list[str], str, str, str], ...] = (
    (
        "Utökad fältresurs",
        "kof",
        ["polis", "soc"],
        "social",
        "short",
        "Antalet fältassistenter inom ”trygghet i och utanför skolan” har under året dubblats "
        "från två till fyra, och det uppsökande arbetet lyfts fram som lyckat. Fältresursen "
        "utökas.",
    ),
    (
        "Handslag mot skadegörelse",
        "sbf",
        ["polis", "bostad", "vattenfall", "srv"],
        "situational",
        "short",
        "Nätverk med polisen, bostadsbolag, Vattenfall, SRV Återvinning och alla kommunens "
        "förvaltningar och bolag för att snabbt åtgärda skadegörelse. Avtalet uppdateras.",
    ),
    (
        "Trygghetsvärdar och väktare",
        "klk",
        ["polis"],
        "situational",
        "short",
        "Ytterligare trygghetsskapande resurser i form av trygghetsvärdar och väktare, i en form "
        "som går att genomföra i praktiken utan extra administration.",
    ),
    (
        "Brottsförebyggande forum",
        "klk",
        ["polis", "forening"],
        "social",
        "long",
        "Samverkan mellan kommun, polis, föreningsliv och företagare för att sprida evaluerad "
        "kunskap och kunskap om lokala förhållanden, lett från högsta politiska nivå.",
    ),
    (
        "Föreningsdrivna nattvandringar",
        "kof",
        ["forening"],
        "situational",
        "short",
        "Försöket pågår till maj 2020 och utvärderas därefter; kommissionen är positiv till en "
        "förlängning.",
    ),
    (
        "Utreda förstärkt lokal samverkan",
        "klk",
        ["polis", "soc", "kof"],
        "situational",
        "short",
        "Förstärka samverkan inom UNGSAM, som kontinuerliga trygghetsvandringar där åtgärder som "
        "belysning tas om hand löpande, med tyngd på det narkotikapreventiva arbetet.",
    ),
    (
        "Snabba insatser mot brottsaktiva unga",
        "soc",
        ["polis"],
        "social",
        "short",
        "Socialtjänst och polis samverkar för att lagföra brott och ge stöd till utsatta "
        "familjer, för att snabbt agera mot brottsaktiva unga.",
    ),
    (
        "Stöttande resurs i samverkan mellan polis och myndigheter",
        "klk",
        ["polis"],
        "social",
        "long",
        "Kommunen spelar en roll i polisens och andra myndigheters intensifierade arbete "
        "mot livsstilskriminella och organiserad brottslighet.",
    ),
    (
        "Kulturhuset som nav för ungdomar i Handen",
        "kof",
        [],
        "social",
        "short",
        "Pröva att tillsammans med kulturhusets caféentreprenör skapa en positiv plats för "
        "ungdomar som rör sig i Handen; se över öppettiderna.",
    ),
    (
        "Meningsfull fritid för ungdomar",
        "kof",
        ["forening"],
        "social",
        "long",
        "Utveckla fritidsgårdsverksamheten så att den fångar upp de ungdomar som inte hittat "
        "sin plats i föreningslivet.",
    ),
    (
        "Sysselsättning och jobb",
        "klk",
        [],
        "social",
        "long",
        "Undersöka ytterligare insatser så att fler arbetslösa ungdomar kommer i arbete snabbare.",
    ),
    (
        "Avhopparverksamhet",
        "soc",
        ["polis"],
        "social",
        "long",
        "Undersöka hur en avhopparverksamhet kan inrättas, i samverkan inom Storstockholm eller "
        "Södertörn för att bli ekonomiskt hållbar.",
    ),
    (
        "Kameror",
        "sbf",
        ["polis"],
        "situational",
        "short",
        "Fortsatt utbyggnad av kameraövervakning vid kommunens egna fastigheter, och fler "
        "lämpliga platser.",
    ),
    (
        "Kommunikation",
        "klk",
        [],
        "situational",
        "short",
        "Bättre kommunikation om kommunens trygghetsåtgärder, enklare felanmälan med "
        "återkoppling och vidarebefordran till annan aktör, och en ny kommunikationsstrategi.",
    ),
    (
        "Bättre samordning av resurser",
        "klk",
        [],
        "social",
        "long",
        "Ett nytt arbetssätt, till exempel en styrgrupp, som samlar kommunens trygghetsarbete och "
        "motverkar dubbelarbete.",
    ),
)


def seed_haninge(*, password: str = "") -> ActionPlan | None:
    """Haninge's fifteen measures as an example plan of a second municipality."""
    municipality = Municipality.objects.filter(code=HANINGE).first()
    if municipality is None or ActionPlan.objects.filter(municipality=municipality).exists():
        return None
    today = timezone.localdate()
    year = today.year
    with transaction.atomic():
        if not municipality.is_active:
            Municipality.objects.filter(pk=municipality.pk).update(is_active=True)
            municipality.refresh_from_db()
        orgs = {
            key: create_organisation(actor=None, municipality=municipality, name=name, kind=kind)
            for key, name, kind in HANINGE_ORGANISATIONS
        }
        haninge_user = User.objects.filter(is_superuser=True).first()
        if password:
            membership = add_member(
                actor=None,
                organisation=orgs["klk"],
                username="haninge",
                role=Role.COORDINATOR,
                email="haninge@demo.trygga.invalid",
                first_name="Hanna",
                last_name="Samordnare",
                password=password,
            )
            haninge_user = membership.user
        lagesbild = _haninge_lagesbild(municipality, today, haninge_user)
        plan = actions.create_plan(
            actor=None,
            municipality=municipality,
            kind="plan",
            title="Trygghetskommissionens kompletterande åtgärder",
            date_from=dt.date(year, 1, 1),
            date_to=dt.date(year, 12, 31),
            lagesbild=lagesbild,
            summary=(
                "Trygghetskommissionens överenskommelse: femton åtgärder och satsningar som "
                "kompletterar det kommunen redan gör. Nolltolerans mot brott i alla dess former "
                "och en kultur där allmänheten vågar anmäla brott. Tidiga insatser och "
                "föräldraansvaret betonas."
            ),
            is_public=True,
            parties=[orgs["klk"], orgs["polis"]],
        )
        for order, (title, owner, partners, kind, horizon, text) in enumerate(
            HANINGE_MEASURES, start=1
        ):
            measure = actions.save_measure(
                actor=None,
                plan=plan,
                order=order,
                title=title,
                description=text,
                kind=kind,
                horizon=horizon,
                owner=orgs[owner],
                partners=[orgs[p] for p in partners],
                status="ongoing" if order <= 7 else "planned",
                is_public=True,
            )
            if title == "Utökad fältresurs":
                _manual_indicator(
                    measure,
                    "Antal fältassistenter",
                    "personer",
                    2,
                    6,
                    [(dt.date(year, 1, 31), 4)],
                    "Kultur- och fritidsförvaltningen: från två till fyra enligt "
                    "överenskommelsen; målet är ett demoexempel",
                )
            elif title == "Handslag mot skadegörelse":
                _manual_indicator(
                    measure,
                    "Skadegörelse åtgärdad inom ett dygn",
                    "procent",
                    55,
                    90,
                    [(dt.date(year, 4, 30), 62), (dt.date(year, 8, 31), 71)],
                    "Nätverkets egen uppföljning; värdena är demoexempel",
                )
            elif title == "Föreningsdrivna nattvandringar":
                _manual_indicator(
                    measure,
                    "Nattvandringskvällar per månad",
                    "kvällar",
                    4,
                    8,
                    [(dt.date(year, 5, 31), 6)],
                    "Föreningarnas rapporter; värdena är demoexempel",
                )
        actions.adopt_plan(
            actor=None,
            plan=plan,
            body="Kommunfullmäktige",
            decision_date=dt.date(year, 2, 15),
            reference="Demo",
        )
    return plan


def _haninge_lagesbild(
    municipality: Municipality, today: dt.date, approver: User | None
) -> Lagesbild:
    start = dt.date(today.year, 1, 1)
    lagesbild = Lagesbild.objects.filter(
        municipality=municipality, kind=Kind.YEAR, date_from=start, district__isnull=True
    ).first() or lagesbild_actions.create_lagesbild(
        actor=None, municipality=municipality, kind=Kind.YEAR, date_from=start
    )
    if not lagesbild.versions.exists():
        lagesbild_actions.update_lagesbild(
            actor=None,
            lagesbild=lagesbild,
            public_summary="Haninges lägesbild (demo: utan händelser i Trygga).",
        )
        lagesbild_actions.approve_lagesbild(
            actor=approver,
            lagesbild=lagesbild,
            body="Kommunstyrelsen",
            decision_date=today,
            reference="Demo",
        )
    return lagesbild
