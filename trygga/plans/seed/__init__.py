"""The demo's action plans, entered from the source documents (shared/seeds):

- Eskilstuna: the long-term model "Orten bortom våldet" (18 years, three phases), the
  yearly lägesbild with three prioritised problems, the action plan "Trygga Unga" (the
  31-million investment: a mobile youth team, SSPF teams in every secondary school, an
  exit programme, social intervention groups, more presence in the priority districts)
  with the measures already in place (cameras, lighting and perimeter protection, drug
  searches with dogs, security officers), and the citizen promise between the police and
  the municipality (drugs, violence in public places, insecurity; young people). Its
  indicators count the demo's events and citizen reports, so they update themselves.
- Haninge: the safety commission's fifteen measures, as a second municipality's plan, with
  indicators entered by hand (Haninge has no events in the demo).

The documents give the measures, their owners and the total money; the split of the money
between measures, the targets and the hand-entered values are examples for the demo, and
each indicator's source says so. Running it again changes nothing that is already there.
"""

from __future__ import annotations

from collections.abc import Mapping

from trygga.accounts.models import Organisation
from trygga.geography.models import Municipality
from trygga.plans.seed.eskilstuna import seed_eskilstuna
from trygga.plans.seed.haninge import seed_haninge

__all__ = ["seed_demo_plans", "seed_eskilstuna", "seed_haninge"]


def seed_demo_plans(
    *,
    municipality: Municipality,
    organisations: Mapping[str, Organisation],
    password: str = "",
) -> list[str]:
    """Both municipalities' demo plans; returns what was created, for the command's output."""
    done = []
    if seed_eskilstuna(municipality=municipality, organisations=organisations):
        done.append("Eskilstuna: Trygga Unga och medborgarlöftet")
    if seed_haninge(password=password):
        done.append("Haninge: trygghetskommissionens 15 åtgärder")
    return done
