"""The demo's plans: Eskilstuna's "Trygga Unga" with the citizen promise on the demo's
events, and Haninge's fifteen measures; loading twice changes nothing."""

import pytest

from tests.factories import MunicipalityFactory, OrganisationFactory, member
from tests.lagesbild.conftest import make_events
from trygga.accounts.models import OrganisationKind, Role
from trygga.geography.models import Municipality
from trygga.plans import followup
from trygga.plans.models import ActionPlan
from trygga.plans.seed import seed_demo_plans

pytestmark = pytest.mark.django_db

KEYS = (
    "trygga",
    "bou",
    "social",
    "faltassistenter",
    "gatuavdelningen",
    "polisen",
    "kommunfastigheter",
    "energi",
    "nattvandrarna",
    "vaktbolaget",
)


def test_seed__both_municipalities_plans_adopted_and_public(municipality, client):
    make_events(municipality)
    organisations = {
        key: OrganisationFactory(
            municipality=municipality, name=key, kind=OrganisationKind.MUNICIPAL_DEPARTMENT
        )
        for key in KEYS
    }
    member(organisations["trygga"], Role.COORDINATOR, "samordnare")
    square = [[[18.0, 59.1], [18.3, 59.1], [18.3, 59.25], [18.0, 59.25], [18.0, 59.1]]]
    MunicipalityFactory(
        code="0136",
        name="Haninge",
        is_active=False,
        boundary={"type": "Polygon", "coordinates": square},
    )
    done = seed_demo_plans(
        municipality=municipality, organisations=organisations, password="x" * 16
    )
    assert len(done) == 2
    assert seed_demo_plans(municipality=municipality, organisations=organisations) == []

    trygga_unga = ActionPlan.objects.get(municipality=municipality, kind="plan")
    titles = [m.title for m in trygga_unga.measures.all()]
    for seeded in (
        "Mobilt ungdomsteam",
        "SSPF-team på samtliga högstadie- och gymnasieskolor",
        "Avhoppar- och exitverksamhet",
        "Sociala insatsgrupper (SIG)",
        "Ökad närvaro i stadsdelar med sociala utmaningar",
    ):
        assert seeded in titles
    assert (
        sum(int(b.planned) for m in trygga_unga.measures.all() for b in m.budget.all())
        == 31_000_000
    )
    assert trygga_unga.problems.count() == 3
    assert trygga_unga.versions.get().lagesbild_version is not None
    promise = ActionPlan.objects.get(municipality=municipality, kind="promise")
    assert promise.measures.count() == 3
    assert {p.name for p in promise.parties.all()} == {"polisen", "trygga"}

    haninge = Municipality.objects.get(code="0136")
    assert haninge.is_active
    plan = ActionPlan.objects.get(municipality=haninge)
    assert plan.measures.count() == 15
    assert plan.measures.filter(title="Handslag mot skadegörelse").get().partners.count() == 4

    # Every indicator evaluates, for both audiences.
    for p in ActionPlan.objects.all():
        for audience in ("partner", "public"):
            report = followup.build(p, audience=audience)
            assert report.rows
    assert client.get("/0136/trygghetsarbete/").status_code == 200
    assert "Mobilt ungdomsteam" in client.get("/0484/trygghetsarbete/").content.decode()
