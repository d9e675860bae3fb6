"""Staff log-in with a second factor: enrolment with a QR code, codes from an authenticator
app computed here with pyotp from the key the page shows, recovery codes, and the rule of
which roles must use it."""

import base64
import re
import time
from base64 import b32encode

import pyotp
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_now, login, secret_from_page
from tests.factories import UserFactory
from trygga.accounts import twofactor
from trygga.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _enrol(client, user_name):
    login(client, user_name)
    page = client.get("/konto/tvastegs/aktivera/")
    secret = secret_from_page(page.content.decode())
    response = client.post("/konto/tvastegs/aktivera/", {"code": code_now(secret)})
    return secret, response


def test_login__optional_role_without_authenticator__password_is_enough(client, team, municipality):
    response = login(client, "rapportor1")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(f"/{municipality.code}/").status_code == 200
    assert "_auth_user_id" in client.session


def test_login__required_role__enrols_with_qr_code_then_is_logged_in(
    client, team, required, municipality
):
    response = login(client, "samordnare1")
    assert response.status_code == 302
    assert response["Location"] == "/konto/tvastegs/aktivera/"
    # The password alone has logged no one in.
    assert "_auth_user_id" not in client.session
    assert client.get(f"/{municipality.code}/").status_code == 302

    page = client.get("/konto/tvastegs/aktivera/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # the QR code, inline, no CDN
    assert 'class="segno"' in html
    secret = secret_from_page(html)
    device = TOTPDevice.objects.get(user=team["coordinator"])
    assert b32encode(device.bin_key).decode().rstrip("=") == secret
    # Reloading keeps the same key (the person may already have scanned it).
    assert secret_from_page(client.get("/konto/tvastegs/aktivera/").content.decode()) == secret

    wrong = client.post("/konto/tvastegs/aktivera/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Koden stämmer inte" in wrong.content.decode()

    done = client.post("/konto/tvastegs/aktivera/", {"code": code_now(secret)})
    assert done.status_code == 302
    assert done["Location"] == "/konto/tvastegs/reservkoder/"
    assert int(client.session["_auth_user_id"]) == team["coordinator"].pk
    codes_page = client.get("/konto/tvastegs/reservkoder/").content.decode()
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", codes_page)
    assert len(codes) == twofactor.RECOVERY_CODE_COUNT
    # Shown once only.
    assert client.get("/konto/tvastegs/reservkoder/").status_code == 302
    assert client.get(f"/{municipality.code}/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {AuditAction.TWO_FACTOR_ENROLLED, AuditAction.RECOVERY_CODES_CREATED} <= actions


def test_login__enrolled_person__needs_code_from_app(client, team, required, municipality):
    secret, _ = _enrol(client, "samordnare1")
    client.logout()

    response = login(client, "samordnare1")
    assert response["Location"] == "/konto/tvastegs/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/konto/tvastegs/", {"code": "123456"})
    assert wrong.status_code == 200
    assert "Koden stämmer inte" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    # A code from the next 30-second step (within django-otp's tolerance of one step): the
    # one used at enrolment cannot be replayed.
    code = pyotp.TOTP(secret).at(time.time() + 30)
    accepted = client.post("/konto/tvastegs/", {"code": code})
    assert accepted.status_code == 302
    assert int(client.session["_auth_user_id"]) == team["coordinator"].pk
    assert client.get(f"/{municipality.code}/").status_code == 200
    login_row = AuditEvent.objects.filter(action=AuditAction.USER_LOGGED_IN).latest("id")
    assert login_row.details == {"second_factor": True}
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED).count() == 1


def test_login__optional_role_that_enrolled__is_asked_for_code_too(client, team, municipality):
    _enrol(client, "rapportor1")
    client.logout()
    response = login(client, "rapportor1")
    assert response["Location"] == "/konto/tvastegs/"


def test_login__recovery_code__works_once(client, team, required, municipality):
    _enrol(client, "samordnare1")
    codes_page = client.get("/konto/tvastegs/reservkoder/").content.decode()
    code = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", codes_page)[0]
    client.logout()

    login(client, "samordnare1")
    response = client.post("/konto/tvastegs/", {"code": code.upper().replace("-", " ")})
    assert response.status_code == 302
    assert twofactor.recovery_codes_left(team["coordinator"]) == twofactor.RECOVERY_CODE_COUNT - 1
    assert AuditEvent.objects.filter(action=AuditAction.RECOVERY_CODE_USED).count() == 1
    client.logout()

    login(client, "samordnare1")
    again = client.post("/konto/tvastegs/", {"code": code})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_verify__without_password_step__sends_to_login(client, team):
    response = client.get("/konto/tvastegs/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/"


def test_session_without_second_factor__required_role__is_ended(
    client, team, required, municipality
):
    """A log-in that bypassed the two-step view (another app's form, force_login)."""
    client.force_login(team["coordinator"])
    page = client.get(f"/{municipality.code}/")
    assert page.status_code == 302
    assert page["Location"].startswith("/konto/login/")
    assert "_auth_user_id" not in client.session

    client.force_login(team["coordinator"])
    api = client.get("/api/v1/municipalities/")
    assert api.status_code == 401
    assert api["Content-Type"] == "application/problem+json"


def test_admin_login__goes_through_two_step_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/"


def test_basic_auth__account_with_second_factor__refused(client, team, required):
    token = base64.b64encode(b"samordnare1:korrekt-h\xc3\xa4st-batteri").decode()
    refused = client.get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert refused.status_code in (401, 403)
    assert "tvåstegsverifiering" in refused.content.decode()
    token = base64.b64encode(b"rapportor1:korrekt-h\xc3\xa4st-batteri").decode()
    allowed = client.get("/api/v1/municipalities/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert allowed.status_code == 200


def test_security_page__optional_role__can_remove_with_current_code(client, team):
    secret, _ = _enrol(client, "rapportor1")
    page = client.get("/konto/sakerhet/")
    assert "Stäng av" in page.content.decode()
    response = client.post("/konto/sakerhet/", {"code": pyotp.TOTP(secret).at(time.time() + 30)})
    assert response.status_code == 302
    assert not twofactor.has_two_factor(team["reporter"])
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_REMOVED).exists()


def test_security_page__required_role__cannot_remove(client, team, required):
    _enrol(client, "samordnare1")
    page = client.get("/konto/sakerhet/").content.decode()
    assert "kan inte stängas av" in page


def test_requires_two_factor__follows_roles_and_staff(team, required, settings):
    assert twofactor.requires_two_factor(team["coordinator"])
    assert not twofactor.requires_two_factor(team["reporter"])
    assert twofactor.requires_two_factor(UserFactory(username="root", is_superuser=True))
    settings.TWO_FACTOR_REQUIRED_ROLES = []
    assert not twofactor.requires_two_factor(team["coordinator"])
