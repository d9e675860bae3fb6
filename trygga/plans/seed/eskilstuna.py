"""Eskilstuna's demo plans: the long-term model, the yearly lägesbild with its problems,
the action plan "Trygga Unga" and the citizen promise (shared/seeds 000-003)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from trygga.accounts.models import Organisation
from trygga.geography.models import District, Municipality
from trygga.lagesbild import actions as lagesbild_actions
from trygga.lagesbild.models import Kind, Lagesbild
from trygga.plans import actions
from trygga.plans.actions import PhaseSpec
from trygga.plans.models import ActionPlan, Problem
from trygga.plans.seed.common import (
    _category,
    _event_indicator,
    _manual_indicator,
    _money,
    _phase,
    _windows,
)
from trygga.reports.models import Service

MODEL_NAME = "Orten bortom våldet"
MODEL_TEXT = (
    "Modellen kommer från rapporten Orten bortom våldet (Ingvar Nilsson och Eva Nilsson "
    "Lundmark, 2017): en strategi över 18 år för att vända en negativ utveckling med social "
    "obalans, utsatthet och våld, i tre faser från initiala insatser som skapar "
    "förutsättningar till en långsiktig utveckling."
)
PHASES = (
    (1, "Initiala insatser: skapa förutsättningar för förändring", 2020, 2025),
    (2, "Påbörja förändringen", 2026, 2031),
    (3, "Långsiktig utveckling", 2032, 2037),
)


# --------------------------------------------------------------------------- Eskilstuna


LAGESBILD_PROBLEMS: list[dict[str, Any]] = [
    {
        "title": "Ungdomsgrupperingar och ordningsstörningar kvällstid i prioriterade stadsdelar",
        "category": "youth_gathering",
        "district": None,
        "description": "Grupper av unga samlas kvällar och helger när skolan och fritidsgårdarna "
        "är stängda; ordningsstörningar och otrygghet följer.",
        "offender": "Unga, främst pojkar 13–20 år.",
        "target": "Boende, butiker och personal vid centrumen.",
        "place": "Centrumen och torgen i Fröslunda, Lagersberg, Nyfors, Skiftinge och Årby; "
        "fredag och lördag kväll.",
        "guardians": "Få vuxna ute när skolan är stängd.",
        "causes": "Få vuxna och lite att göra kvällstid\n  Fritidsgårdarna stänger tidigt\n"
        "Svag anknytning till skolan\nNarkotikan i området",
    },
    {
        "title": "Narkotikaförsäljning och bruk i Lagersberg",
        "category": "drug_dealing",
        "district": "Lagersberg",
        "description": "Misstänkt försäljning vid centrum och i gångtunnlar; unga rekryteras.",
        "offender": "Unga vuxna och minderåriga som rekryteras.",
        "target": "Unga i området; boende som blir otrygga.",
        "place": "Lagersbergs centrum, gångtunnlar, kvällstid.",
        "guardians": "Lite insyn och belysning; få vuxna.",
        "causes": "Efterfrågan på narkotika\nRekrytering av unga\n  Skolfrånvaro\nMörka platser",
    },
    {
        "title": "Skadegörelse och klotter på kommunens fastigheter",
        "category": "vandalism",
        "district": None,
        "description": "Krossade rutor, klotter och bränder i skolor och lokaler.",
        "offender": "Mest unga, kvällar och helger.",
        "target": "Skolor, förskolor och kommunens lokaler.",
        "place": "Skolgårdar och entréer efter stängning.",
        "guardians": "Ingen bevakning efter stängning; trasig belysning.",
        "causes": "Skolgårdar öppna och mörka kvällstid\n  Trasig belysning\nSnabb lagning saknas",
    },
]


def _eskilstuna_lagesbild(
    municipality: Municipality, today: dt.date, approver: User | None
) -> Lagesbild:
    """The yearly lägesbild of the current year, approved by the local council."""
    start = dt.date(today.year, 1, 1)
    existing = Lagesbild.objects.filter(
        municipality=municipality, kind=Kind.YEAR, date_from=start, district__isnull=True
    ).first()
    if existing is not None and existing.versions.exists():
        return existing
    lagesbild = existing or lagesbild_actions.create_lagesbild(
        actor=None, municipality=municipality, kind=Kind.YEAR, date_from=start
    )
    lagesbild_actions.update_lagesbild(
        actor=None,
        lagesbild=lagesbild,
        assessment=(
            "Otryggheten är störst i de prioriterade stadsdelarna kvällstid, när skolan är "
            "stängd. Narkotikan, ungdomsgrupperingar och skadegörelse är de problem som "
            "samverkansparterna ser mest av. (Demo: bedömningen är ett exempel.)"
        ),
        public_summary=(
            "Otryggheten är störst i de prioriterade stadsdelarna på kvällar och helger. "
            "Kommunen och polisen prioriterar narkotika, våld i offentlig miljö och otrygghet."
        ),
    )
    for order, spec in enumerate(LAGESBILD_PROBLEMS, start=1):
        district = (
            District.objects.get(municipality=municipality, name=spec["district"])
            if spec["district"]
            else None
        )
        lagesbild_actions.save_problem(
            actor=None,
            lagesbild=lagesbild,
            title=spec["title"],
            order=order,
            category=_category(spec["category"]),
            district=district,
            description=spec["description"],
            offender=spec["offender"],
            target=spec["target"],
            place=spec["place"],
            guardians=spec["guardians"],
            causes=spec["causes"],
        )
    lagesbild_actions.approve_lagesbild(
        actor=approver,
        lagesbild=lagesbild,
        body="Lokala brottsförebyggande rådet",
        decision_date=today,
        reference="Demo",
    )
    return Lagesbild.objects.get(pk=lagesbild.pk)


def _problems_from(plan: ActionPlan, lagesbild: Lagesbild) -> list[Problem]:
    from trygga.lagesbild.documents import version_document

    version = lagesbild.versions.order_by("-number").first()
    assert version is not None  # noqa: S101 - approved above
    out = []
    for written in version_document(version, "partner").problems():
        problem = actions.problem_from_lagesbild(
            actor=None,
            plan=plan,
            lagesbild=lagesbild,
            version=version.number,
            written={k: v for k, v in written.items() if k not in ("figures", "cause_tree")},
            figures=written.get("figures"),
            source_problem=lagesbild.problems.filter(pk=int(written.get("id") or 0)).first(),
        )
        out.append(problem)
    # The first problem's causes sorted into situational and social, as a coordinator would.
    actions.save_problem(
        actor=None,
        plan=plan,
        problem=out[0],
        situational_causes="Få vuxna ute kvällstid\n  Fritidsgårdarna stänger tidigt",
        social_causes="Svag anknytning till skolan\nNarkotikan i området",
    )
    return out


def seed_eskilstuna(
    *, municipality: Municipality, organisations: Mapping[str, Organisation]
) -> ActionPlan | None:
    """Eskilstuna's model, lägesbild, plan "Trygga Unga" and citizen promise."""
    if ActionPlan.objects.filter(municipality=municipality).exists():
        return None
    o = organisations
    today = timezone.localdate()
    coordinator = User.objects.filter(username="samordnare").first()
    actions.save_long_term_model(
        actor=None,
        municipality=municipality,
        name=MODEL_NAME,
        start_year=2020,
        end_year=2037,
        description=MODEL_TEXT + " (Demo: fasernas år är ett exempel.)",
        phases=[PhaseSpec(n, name, a, b) for n, name, a, b in PHASES],
    )
    lagesbild = _eskilstuna_lagesbild(municipality, today, coordinator)
    priority = list(District.objects.filter(municipality=municipality, is_priority=True))
    lagersberg = District.objects.get(municipality=municipality, name="Lagersberg")
    phase2 = _phase(municipality, 2)
    year = today.year
    with transaction.atomic():
        plan = actions.create_plan(
            actor=None,
            municipality=municipality,
            kind="plan",
            title=f"Åtgärdsplan {year}: Trygga Unga",
            date_from=dt.date(year, 1, 1),
            date_to=dt.date(year, 12, 31),
            lagesbild=lagesbild,
            summary=(
                "En satsning på 31 miljoner kronor för minskad brottslighet och ökad trygghet, "
                "inom ramen för kommunens arbete med Orten bortom våldet. Skolan ställer om, "
                "socialtjänsten växlar upp, fritidsverksamheten kliver fram och polisen hakar "
                "på. De redan införda insatserna fortsätter. (Demo: fördelningen av pengarna "
                "mellan åtgärderna är ett exempel; källan anger bara summan.)"
            ),
            is_public=True,
            parties=[o["trygga"], o["polisen"]],
        )
        problems = _problems_from(plan, lagesbild)
        youth, drugs, vandalism = problems
        causes = {c.text: c for p in problems for c in p.causes.all()}

        def measure(**fields: Any) -> Any:
            links = {
                k: fields.pop(k, [])
                for k in ("partners", "districts", "problems", "causes", "budget")
            }
            return actions.save_measure(
                actor=None,
                plan=plan,
                partners=links["partners"],
                districts=links["districts"],
                problems=links["problems"],
                causes=links["causes"],
                budget=links["budget"],
                is_public=fields.pop("is_public", True),
                phase=fields.pop("phase", phase2),
                **fields,
            )

        team = measure(
            title="Mobilt ungdomsteam",
            description=(
                "Ett mobilt team som ska finnas tillgängligt för att skapa trygghet och stötta "
                "ungdomar under dygnets alla timmar, särskilt när skolan är stängd. Teamet ska "
                "finnas där ungdomar finns, vara tillgängligt och synligt, och samverka med "
                "skolan, polisen och socialtjänsten."
            ),
            kind="social",
            horizon="short",
            owner=o["faltassistenter"],
            responsible="Avdelningschef Ung fritid",
            start_date=dt.date(year, 1, 1),
            age_from=12,
            age_to=20,
            target_group="Ungdomar i de prioriterade stadsdelarna",
            status="ongoing",
            partners=[o["bou"], o["social"], o["polisen"]],
            districts=priority,
            problems=[youth],
            causes=[c for t, c in causes.items() if "vuxna" in t or "Fritidsgård" in t],
            budget=_money((year, 9_000_000, 6_100_000)),
        )
        _event_indicator(
            team,
            "Ungdomsgrupperingar i de prioriterade stadsdelarna",
            "youth_gathering",
            "priority",
            today,
        )
        _event_indicator(
            team,
            "Ordningsstörningar i de prioriterade stadsdelarna",
            "disorder",
            "priority",
            today,
        )

        sspf = measure(
            title="SSPF-team på samtliga högstadie- och gymnasieskolor",
            description=(
                "Skola, socialtjänst, polis och fritid går samman för att arbeta med individ, "
                "familj, händelser och situationer som uppstår. I dag finns SSPF på tre "
                "skolor. I arbetet ingår nödstopp: en omfattande och massiv insats runt ett "
                "barn eller en ungdom och dess omgivning, vid sidan av eller innan en "
                "orosanmälan."
            ),
            kind="social",
            horizon="long",
            owner=o["bou"],
            responsible="Förvaltningschef",
            start_date=dt.date(year, 1, 1),
            age_from=13,
            age_to=19,
            target_group="Elever i högstadiet och gymnasiet",
            status="ongoing",
            partners=[o["social"], o["polisen"], o["faltassistenter"]],
            problems=[youth, drugs],
            causes=[c for t, c in causes.items() if "skolan" in t or "Skolfrånvaro" in t],
            budget=_money((year, 8_000_000, 5_200_000)),
        )
        _manual_indicator(
            sspf,
            "Skolor med SSPF-team",
            "skolor",
            3,
            12,
            [(dt.date(year, 3, 31), 5), (dt.date(year, 9, 30), 8)],
            "Barn- och utbildningsförvaltningen. Utgångsläget tre skolor enligt beslutet; "
            "målet (alla högstadie- och gymnasieskolor) och värdena är demoexempel",
            who=coordinator,
        )

        exit_programme = measure(
            title="Avhoppar- och exitverksamhet",
            description=(
                "Verksamheten för den som vill lämna en kriminell livsstil växlas upp och får "
                "samma storlek som exempelvis Malmö stads."
            ),
            kind="social",
            horizon="long",
            owner=o["social"],
            responsible="Områdeschef",
            age_from=15,
            target_group="Personer som vill lämna en kriminell livsstil",
            status="ongoing",
            partners=[o["polisen"]],
            problems=[drugs],
            budget=_money((year, 5_000_000, 3_000_000)),
        )
        _manual_indicator(
            exit_programme,
            "Personer i avhopparverksamheten",
            "personer",
            4,
            15,
            [(dt.date(year, 6, 30), 7), (dt.date(year, 10, 31), 9)],
            "Socialförvaltningens verksamhetsstatistik; värdena är demoexempel",
            who=coordinator,
        )

        sig = measure(
            title="Sociala insatsgrupper (SIG)",
            description=(
                "SIG utvecklas för att kunna gå in vid särskilda händelser med oro och "
                "otrygghet: konflikter mellan individer, våldsamma händelser, eller social "
                "otrygghet som vuxit fram på en plats. Att återerövra det offentliga rummet och "
                "lotsa de personer som skapar otryggheten bort från det."
            ),
            kind="social",
            horizon="short",
            owner=o["social"],
            responsible="Samordnare SIG",
            age_from=15,
            age_to=29,
            target_group="Unga och unga vuxna i riskzon",
            status="ongoing",
            partners=[o["polisen"], o["faltassistenter"]],
            districts=priority,
            problems=[youth, drugs],
            budget=_money((year, 4_000_000, 2_600_000)),
        )
        _event_indicator(
            sig, "Våld och hot i de prioriterade stadsdelarna", "violence", "priority", today
        )

        presence = measure(
            title="Ökad närvaro i stadsdelar med sociala utmaningar",
            description=(
                "Ökad närvaro från samhällets sida är avgörande för det trygghetsskapande "
                "arbetet. Kommunens insatser i stadsdelar med sociala utmaningar prioriteras."
            ),
            kind="situational",
            horizon="long",
            owner=o["trygga"],
            responsible="Trygghetskoordinator",
            target_group="Boende i de prioriterade stadsdelarna",
            status="ongoing",
            partners=[o["polisen"], o["kommunfastigheter"], o["nattvandrarna"], o["vaktbolaget"]],
            districts=priority,
            problems=[youth],
            budget=_money((year, 5_000_000, 3_400_000)),
        )
        _event_indicator(
            presence,
            "Otrygga platser i de prioriterade stadsdelarna",
            "unsafe_place",
            "priority",
            today,
        )
        _event_indicator(
            presence,
            "Alla händelser per 1 000 invånare, prioriterade stadsdelar",
            None,
            "priority",
            today,
            source="event_rate",
            unit="per 1 000 invånare",
        )

        lighting = measure(
            title="Belysning och skalskydd",
            description=(
                "Redan infört och fortsätter: belysning och skalskydd vid skolor och i det "
                "offentliga rummet. Trasig belysning lagas snabbt efter felanmälan."
            ),
            kind="situational",
            horizon="short",
            owner=o["gatuavdelningen"],
            responsible="Verksamhetschef",
            status="ongoing",
            partners=[o["kommunfastigheter"], o["energi"]],
            problems=[vandalism],
            causes=[c for t, c in causes.items() if "belysning" in t.lower() or "Mörka" in t],
            budget=_money((year, 0, None)),
            phase=_phase(municipality, 1),
        )
        _event_indicator(
            lighting, "Skadegörelse i hela kommunen", "vandalism", "municipality", today
        )
        b_from, b_to = _windows(today)
        belysning = Service.objects.filter(municipality=municipality, service_code="belysning")
        actions.save_indicator(
            actor=None,
            measure=lighting,
            name="Tid till lagad belysning efter felanmälan",
            unit="timmar (median)",
            source="fix_time",
            service=belysning.first(),
            baseline_from=b_from,
            baseline_to=b_to,
            target_value=Decimal(72),
            direction="decrease",
            trend_period="month",
            source_note="Felanmälningar i Trygga; målet är ett exempel",
        )
        measure(
            title="Kameror, narkotikasök med hundar och ordningsvakter",
            description=(
                "Redan införda insatser som fortsätter: fler bevakningskameror i det offentliga "
                "rummet och vid skolor, narkotikasök med hundar, och ordningsvakter som "
                "successivt utökas."
            ),
            kind="situational",
            horizon="short",
            owner=o["trygga"],
            status="ongoing",
            partners=[o["polisen"], o["vaktbolaget"], o["bou"]],
            problems=[drugs, vandalism],
            phase=_phase(municipality, 1),
        )
        for measure_obj, text, status in (
            (
                team,
                "Teamet arbetar kvällar och helger i alla fem prioriterade stadsdelarna. "
                "(Demo: exempel på uppföljning.)",
                "ongoing",
            ),
            (
                sspf,
                "SSPF finns nu på åtta skolor; nödstopp har använts två gånger. "
                "(Demo: exempel på uppföljning.)",
                "ongoing",
            ),
        ):
            actions.add_followup(
                actor=coordinator,
                measure=measure_obj,
                date=today - dt.timedelta(days=30),
                text=text,
                status=status,
                is_public=True,
                organisation=o["trygga"],
            )
        actions.adopt_plan(
            actor=None,
            plan=plan,
            body="Kommunstyrelsen",
            decision_date=dt.date(year, 2, 1),
            reference="Demo",
        )
        _citizen_promise(municipality, o, lagesbild, lagersberg, today)
    return plan


def _citizen_promise(
    municipality: Municipality,
    o: Mapping[str, Organisation],
    lagesbild: Lagesbild,
    lagersberg: District,
    today: dt.date,
) -> None:
    year = today.year
    promise = actions.create_plan(
        actor=None,
        municipality=municipality,
        kind="promise",
        title=f"Medborgarlöfte {year}: Polisen och Eskilstuna kommun",
        date_from=dt.date(year, 1, 1),
        date_to=dt.date(year, 12, 31),
        lagesbild=lagesbild,
        summary=(
            "Utifrån en gemensam lägesbild av kommun, polis, civilsamhälle och näringsliv ska "
            "fokus ligga på narkotika, våld i offentlig miljö och otrygghet, med särskilt fokus "
            "på unga och unga vuxna, och ett särskilt arbete i Lagersberg. Det lokala "
            "brottsförebyggande rådet styr och följer upp och rapporterar till kommunstyrelsens "
            "arbetsutskott."
        ),
        is_public=True,
        parties=[o["polisen"], o["trygga"]],
    )
    commitments = (
        (
            "Polisen: fler insatser mot narkotikaförsäljningen i Lagersberg",
            "situational",
            o["polisen"],
            [o["trygga"]],
            "drug_dealing",
        ),
        (
            "Kommunen och polisen: mot våld i offentlig miljö",
            "situational",
            o["trygga"],
            [o["polisen"], o["vaktbolaget"]],
            "violence",
        ),
        (
            "Kommunen och polisen: trygghetsvandringar och åtgärder mot otrygga platser",
            "situational",
            o["trygga"],
            [o["polisen"], o["kommunfastigheter"], o["gatuavdelningen"]],
            "unsafe_place",
        ),
    )
    for title, kind, owner, partners, category in commitments:
        commitment = actions.save_measure(
            actor=None,
            plan=promise,
            title=title,
            kind=kind,
            horizon="short",
            owner=owner,
            partners=partners,
            districts=[lagersberg],
            status="ongoing",
            is_public=True,
            age_from=15,
            age_to=29,
            target_group="Unga och unga vuxna",
            description="Ett av löftena i medborgarlöftet mellan polisen och kommunen.",
        )
        _event_indicator(
            commitment,
            f"{_category(category).name} i Lagersberg",
            category,
            "district",
            today,
            district=lagersberg,
        )
    actions.adopt_plan(
        actor=None,
        plan=promise,
        body="Polisen och kommunen (medborgarlöfte)",
        decision_date=dt.date(year, 1, 15),
        reference="Demo",
    )
