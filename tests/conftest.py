"""Shared fixtures: the municipality, its districts and people in every role."""

import os

import pytest
from hypothesis import settings as hypothesis_settings

from tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    add_demo_districts,
    member,
)
from trygga.accounts.models import OrganisationKind, Role
from trygga.events.actions import seed_categories

pytest_plugins = ["tests.smtp"]  # the smtp_inbox fixture: a real SMTP server on loopback

# CI runs the property tests with a fixed seed, so a red run can be replayed here exactly.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests hash many demo passwords; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _two_factor_optional(settings):
    """The demo's configuration (`make run`): two-factor log-in optional for every role, so
    tests can log people in with `force_login`. tests/accounts/ test the required case."""
    settings.TWO_FACTOR_REQUIRED_ROLES = []


@pytest.fixture
def municipality(db):
    municipality = MunicipalityFactory()
    add_demo_districts(municipality)
    seed_categories()
    return municipality


@pytest.fixture
def organisations(municipality):
    return {
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


@pytest.fixture
def people(organisations):
    """One person per role; the reporter and viewer work for the housing company."""
    return {
        "administrator": member(organisations["kommun"], Role.ADMINISTRATOR, "admin1"),
        "coordinator": member(organisations["kommun"], Role.COORDINATOR, "samordnare1"),
        "reporter": member(organisations["bostad"], Role.REPORTER, "rapportor1"),
        "viewer": member(organisations["polis"], Role.VIEWER, "lasare1"),
    }
