"""A plan on the hand-counted data of tests/lagesbild (2024 baseline, 2025 follow-up):

| where     | what         | 2024        | 2025                    |
|-----------|--------------|-------------|-------------------------|
| Nyfors    | Skadegörelse | 2 (1 Jan)   | 6 (3 on 10 Jan, 3 on 5 Mar) |
| Fröslunda | Klotter      | 10 (9 Jul)  | 7 (9 Jul)               |

Indicators are read as of 1 Jan 2026: the baseline is 2024, the latest window 2025.
"""

import datetime as dt
from decimal import Decimal

import pytest

from tests.lagesbild.conftest import make_events
from trygga.events.models import Confidentiality, EventCategory
from trygga.geography.models import District
from trygga.lagesbild import actions as lagesbild_actions
from trygga.lagesbild.models import Lagesbild
from trygga.plans import actions
from trygga.plans.actions import Budget

AS_OF = dt.date(2026, 1, 1)


@pytest.fixture
def data(municipality):
    make_events(municipality, confidentiality=Confidentiality.OPEN)
    return municipality


@pytest.fixture
def lagesbild(data, people):
    """The 2025 lägesbild with one prioritised problem, approved by the council."""
    lb = lagesbild_actions.create_lagesbild(
        actor=people["coordinator"], municipality=data, kind="year", date_from=dt.date(2025, 1, 1)
    )
    lagesbild_actions.save_problem(
        actor=people["coordinator"],
        lagesbild=lb,
        problem=None,
        title="Skadegörelse vid Nyfors centrum",
        order=1,
        category=vandalism(),
        district=nyfors(data),
        description="Krossade rutor och busskurer.",
        offender="Grupper av unga kvällstid.",
        target="Busskurer och butiker.",
        place="Torget, fredag kväll.",
        guardians="Få vuxna ute.",
        causes="Få vuxna på kvällstid\n  Fritidsgården stänger 21\nTrasig belysning",
    )
    lagesbild_actions.approve_lagesbild(
        actor=people["coordinator"],
        lagesbild=lb,
        body="Lokala brottsförebyggande rådet",
        decision_date=dt.date(2026, 2, 1),
    )
    return Lagesbild.objects.get(pk=lb.pk)


def vandalism():
    return EventCategory.objects.get(code="vandalism", municipality__isnull=True)


def graffiti():
    return EventCategory.objects.get(code="graffiti", municipality__isnull=True)


def nyfors(municipality):
    return District.objects.get(municipality=municipality, name="Nyfors")


@pytest.fixture
def plan(lagesbild, people, organisations):
    return actions.create_plan(
        actor=people["coordinator"],
        municipality=lagesbild.municipality,
        kind="plan",
        title="Åtgärdsplan 2026",
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 12, 31),
        lagesbild=lagesbild,
        summary="Kommunens åtgärder mot skadegörelse.",
        is_public=True,
        parties=[organisations["kommun"], organisations["polis"]],
    )


@pytest.fixture
def measure(plan, people, organisations):
    """Owned by the housing company (the reporter's), with the police as partner."""
    return actions.save_measure(
        actor=people["coordinator"],
        plan=plan,
        partners=[organisations["polis"]],
        districts=[nyfors(plan.municipality)],
        budget=[Budget(2026, Decimal(500000), Decimal(120000))],
        title="Snabb lagning av skadegörelse",
        description="Skadegörelse åtgärdas inom ett dygn.",
        kind="situational",
        horizon="short",
        owner=organisations["bostad"],
        responsible="Förvaltaren",
        status="ongoing",
        is_public=True,
    )


@pytest.fixture
def indicator(measure, people, data):
    return actions.save_indicator(
        actor=people["coordinator"],
        measure=measure,
        name="Skadegörelse i Nyfors",
        unit="händelser",
        source="event_count",
        category=vandalism(),
        area="district",
        district=nyfors(data),
        baseline_from=dt.date(2024, 1, 1),
        baseline_to=dt.date(2024, 12, 31),
        target_value=Decimal(1),
        direction="decrease",
        trend_period="tertial",
    )
