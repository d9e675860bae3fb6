"""Log-in throttling: after LOGIN_FAILURE_LIMIT failures from one address an account is
locked there, even for the right password, with a clear message; wrong second-factor codes
count too."""

import pytest

from tests.accounts.conftest import code_now, login, secret_from_page
from trygga.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_lockout__after_limit_failures__refuses_right_password_with_message(client, team, limit):
    for _ in range(limit - 1):
        response = login(client, "rapportor1", "fel-lösenord-igen")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    locked = login(client, "rapportor1", "fel-lösenord-igen")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Inloggningen är tillfälligt spärrad" in html
    assert "15 minuter" in html

    right = login(client, "rapportor1")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    failed = AuditEvent.objects.filter(action=AuditAction.USER_LOGIN_FAILED)
    assert failed.count() >= limit - 1
    assert set(failed.values_list("actor_label", flat=True)) == {"rapportor1"}
    assert AuditEvent.objects.filter(action=AuditAction.USER_LOCKED_OUT).exists()
    assert failed.first().ip_address == "127.0.0.1"


def test_lockout__other_address__not_locked(client, team, limit):
    for _ in range(limit):
        login(client, "rapportor1", "fel-lösenord-igen")
    elsewhere = login(client, "rapportor1", REMOTE_ADDR="192.0.2.10")
    assert elsewhere.status_code == 302


def test_lockout__wrong_second_factor_codes_count(client, team, required, limit):
    login(client, "samordnare1")
    secret = secret_from_page(client.get("/konto/tvastegs/aktivera/").content.decode())
    client.post("/konto/tvastegs/aktivera/", {"code": code_now(secret)})
    client.logout()

    login(client, "samordnare1")
    answers = [client.post("/konto/tvastegs/", {"code": "000000"}).status_code for _ in range(3)]
    assert answers[-1] == 429
    assert login(client, "samordnare1").status_code == 429


def test_failed_login__unknown_account__name_not_logged(client, team):
    login(client, "mitt-hemliga-lösenord", "x")
    row = AuditEvent.objects.get(action=AuditAction.USER_LOGIN_FAILED)
    assert row.actor_label == "okänt konto"
