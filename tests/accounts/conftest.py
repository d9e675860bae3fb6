"""Fixtures of the log-in tests: two-factor log-in required as in production."""

import re

import pyotp
import pytest

from tests.factories import OrganisationFactory, member
from trygga.accounts.models import Role

PASSWORD = "korrekt-häst-batteri"  # tests.factories.UserFactory's


@pytest.fixture
def required(settings):
    """Production's default: administrators and coordinators must use a second factor."""
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator", "coordinator"]
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # tests type codes faster than a person would


@pytest.fixture
def team(municipality):
    organisation = OrganisationFactory(municipality=municipality, name="Trygga Eskilstuna")
    return {
        "coordinator": member(organisation, Role.COORDINATOR, "samordnare1"),
        "reporter": member(organisation, Role.REPORTER, "rapportor1"),
    }


def login(client, username, password=PASSWORD, **extra):
    return client.post("/konto/login/", {"username": username, "password": password}, **extra)


def secret_from_page(html: str) -> str:
    """The key the enrolment page shows for typing into an app, without its spaces."""
    match = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html)
    assert match, "the enrolment page shows no key"
    return match.group(1).replace(" ", "")


def code_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()
