"""Password reset over real SMTP: a local aiosmtpd server receives the message, the test
follows its link and sets a new password, as a person would."""

import re

from django.urls import reverse


def test_password_reset__mail_arrives_and_its_link_sets_a_new_password(client, people, smtp_inbox):
    user = people["coordinator"]
    user.email = "samordnare@eskilstuna.example"
    user.save()

    page = client.get(reverse("password_reset"))
    assert "Återställ lösenord" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": user.email}, follow=True)
    assert "Kolla din e-post" in response.content.decode()

    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == user.email
    assert "lösenord" in message["Subject"].lower()
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "samordnare1" in body
    link = re.search(r"https?://[^/\s]+(/konto/reset/\S+)", body).group(1)

    confirm = client.get(link, follow=True)
    assert "Välj nytt lösenord" in confirm.content.decode()
    new_password = "Ny-vinter-kväll-2026"
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
        follow=True,
    )
    assert "Lösenordet är bytt" in done.content.decode()

    user.refresh_from_db()
    assert user.check_password(new_password)
    login = client.post(
        reverse("login"), {"username": "samordnare1", "password": new_password}, follow=True
    )
    assert login.redirect_chain[-1][0] == "/0484/"


def test_password_reset__unknown_address_sends_nothing_and_says_the_same(client, db, smtp_inbox):
    response = client.post(reverse("password_reset"), {"email": "okand@example.org"}, follow=True)
    assert "Kolla din e-post" in response.content.decode()
    assert smtp_inbox.messages == []


def test_login_page__is_swedish_with_labels(client, db):
    body = client.get(reverse("login")).content.decode()
    assert "Logga in" in body
    assert '<label for="id_username">' in body
    assert '<label for="id_password">' in body
    assert "Glömt lösenordet?" in body
