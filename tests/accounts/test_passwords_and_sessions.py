"""Password rules (length, common, similar to the account, only digits) and the session
cookie's settings."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.accounts.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("kort-ord-1", "minst 12 tecken"),
        ("password1234", "för vanligt"),
        ("anna.lindqvist", "för likt"),
        ("738294619283746", "enbart numeriskt"),
    ],
)
def test_password_rules__refuse_weak_password_with_reason(password, reason):
    user = UserFactory(username="anna.lindqvist", first_name="Anna", last_name="Lindqvist")
    with pytest.raises(ValidationError) as excinfo:
        validate_password(password, user)
    assert any(reason in message for message in excinfo.value.messages), excinfo.value.messages


def test_password_rules__accept_long_passphrase():
    user = UserFactory(username="anna.lindqvist")
    validate_password("korrekt-häst-batteri-häftklammer", user)


def test_password_change_page__shows_rule_violation(client, team):
    client.force_login(team["reporter"])
    response = client.post(
        "/konto/password_change/",
        {
            "old_password": "korrekt-häst-batteri",
            "new_password1": "kort-ord-1",
            "new_password2": "kort-ord-1",
        },
    )
    assert response.status_code == 200
    assert "minst 12 tecken" in response.content.decode()


def test_session_cookie__httponly_samesite_and_ends_with_browser(client, team, settings):
    response = login(client, "rapportor1")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["expires"]  # a browser-session cookie
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
