"""The English translation: a complete catalogue that matches its compiled .mo and the source,
pages in English for a browser that asks for it (Swedish otherwise), and the header's switch."""

import re
import shutil
import warnings
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PO_FILE = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
LOGIN_URL = reverse("login")
LIST_URL = reverse("web:event_list", kwargs={"code": "0484"})
OVERVIEW_URL = reverse("web:overview", kwargs={"code": "0484"})
# printf-style placeholders (%(name)s, %s, %d, %.5f, %(lo)g), checked in python-format
# entries, and str.format ones ({name}), checked in all.
PRINTF = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")
BRACES = re.compile(r"\{\w*\}")


def _placeholders(text: str, printf: bool) -> list[str]:
    found = BRACES.findall(text)
    if printf:
        found += PRINTF.findall(text.replace("%%", ""))
    return sorted(found)


def _problems(po: polib.POFile) -> list[str]:
    problems = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    problems += [f"obsolete: {e.msgid!r}" for e in po.obsolete_entries()]
    return problems


def test_catalogue__every_entry_translated_none_fuzzy():
    po = polib.pofile(str(PO_FILE))
    assert len(po) > 300
    assert not po.metadata_is_fuzzy
    assert po.metadata["Language"] == "en"
    assert _problems(po) == []
    assert po.percent_translated() == 100


def test_catalogue__translations_keep_their_placeholders():
    po = polib.pofile(str(PO_FILE))
    wrong = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        printf = "python-format" in entry.flags
        wrong += [(a, b) for a, b in pairs if _placeholders(a, printf) != _placeholders(b, printf)]
    assert wrong == []
    plural = [e for e in po if e.msgid_plural]
    assert plural
    assert all(e.msgstr_plural[0] != e.msgstr_plural[1] for e in plural)


def test_catalogue__compiled_mo_matches_the_po():
    """The runtime needs no gettext: the committed .mo must be compiled from this .po."""
    po = polib.pofile(str(PO_FILE))
    mo = polib.mofile(str(MO_FILE))

    def table(catalogue):
        return {
            (e.msgctxt, e.msgid, e.msgid_plural): (
                e.msgstr,
                tuple(sorted(e.msgstr_plural.items())),
            )
            for e in catalogue
            if e.msgid
        }

    assert table(mo) == table(po.translated_entries())


class UntranslatedStrings(UserWarning):
    """Strings marked in the source that the English catalogue does not have yet."""


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext")
def test_catalogue__covers_every_string_marked_in_the_source(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the source finds nothing new.

    New strings warn rather than fail, so that work adding Swedish text is not blocked on its
    translation: `make messages`, then translate the listed strings in
    trygga/locale/en/LC_MESSAGES/django.po (until then they show in Swedish).
    """
    root = Path(settings.BASE_DIR)
    for name in ("trygga", "config"):
        shutil.copytree(
            root / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "vendor", "*.mo"),
        )
    locale = tmp_path / "trygga" / "locale"
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)
    new = _problems(polib.pofile(str(locale / "en" / "LC_MESSAGES" / "django.po")))
    if new:
        listed = "\n".join(new)
        warnings.warn(
            f"{len(new)} strings lack an English translation; run `make messages` and translate "
            f"them in trygga/locale/en/LC_MESSAGES/django.po:\n{listed}",
            UntranslatedStrings,
            stacklevel=1,
        )


def test_login_page__swedish_by_default(client):
    body = client.get(LOGIN_URL).content.decode()
    assert '<html lang="sv">' in body
    for swedish in ("Logga in", "Glömt lösenordet?", "Hoppa till innehållet", "Användarnamn"):
        assert swedish in body
    assert "Log in" not in body


@pytest.mark.parametrize("accept", ["en", "en-GB,en;q=0.9", "en-US,en;q=0.8,sv;q=0.5"])
def test_login_page__english_for_a_browser_that_asks_for_it(client, accept):
    body = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert '<html lang="en">' in body
    for english in ("Log in", "Forgotten your password?", "Skip to content", "Username"):
        assert english in body
    for swedish in ("Logga in", "Glömt lösenordet", "Hoppa till innehållet", "Användarnamn"):
        assert swedish not in body


def test_login_page__an_unoffered_language_gets_swedish(client):
    body = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert '<html lang="sv">' in body
    assert "Logga in" in body


def test_event_list__in_english(client, people, events, categories):
    client.force_login(people["coordinator"])
    body = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for english in (
        "<h1>Events</h1>",
        "Overview",
        "Log event",
        "Show on the map",
        "All districts",
        "Clear filters",
        "Log out",
        ">Category</th>",
        ">Source</th>",
        "Eskilstuna Municipality (area)",
        "6 events",
    ):
        assert english in body
    for swedish in (
        "<h1>Händelser</h1>",
        "Översikt",
        "Logga händelse",
        "Visa på kartan",
        "Alla stadsdelar",
        "Rensa filter",
        "Logga ut",
        ">Kategori</th>",
        "(område)",
        "6 händelser",
    ):
        assert swedish not in body
    one = client.get(
        LIST_URL, {"category": categories["fire"].pk}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert ">1 event</p>" in one


def test_event_list__in_swedish_by_default(client, people, events, categories):
    client.force_login(people["coordinator"])
    body = client.get(LIST_URL).content.decode()
    for swedish in ("<h1>Händelser</h1>", "Visa på kartan", "Logga ut", "6 händelser"):
        assert swedish in body
    assert "Show on the map" not in body
    one = client.get(LIST_URL, {"category": categories["fire"].pk}).content.decode()
    assert ">1 händelse</p>" in one


def test_overview__counts_are_read_out_with_plural_forms(client, people, events):
    client.force_login(people["coordinator"])
    english = client.get(OVERVIEW_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-label="1 event in Nyfors in the last 7 days"' in english
    assert 'aria-label="2 events in Nyfors in the last 4 weeks"' in english
    swedish = client.get(OVERVIEW_URL).content.decode()
    assert 'aria-label="1 händelse i Nyfors senaste 7 dagarna"' in swedish
    assert 'aria-label="2 händelser i Nyfors senaste 4 veckorna"' in swedish


def _switch_form(body: str) -> str:
    match = re.search(r'<form method="post" action="/i18n/setlang/"[^>]*>.*?</form>', body, re.S)
    assert match, "no language switch in the page"
    return match.group(0)


def test_switch__is_an_accessible_form_without_script(client):
    form = _switch_form(client.get(LOGIN_URL).content.decode())
    assert f'action="{reverse("set_language")}"' in form
    assert 'aria-label="Språk"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="next" value="/konto/login/"' in form
    assert re.search(
        r'<button type="submit" name="language" value="en" lang="en"[^>]*>English<', form
    )
    assert 'value="sv"' not in form  # only the languages one can switch to
    assert "<script" not in form
    assert "onclick" not in form.lower()
    english = _switch_form(client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert 'aria-label="Language"' in english
    assert re.search(r'value="sv" lang="sv"[^>]*>Svenska<', english)


def test_switch__changes_the_language_and_returns_to_the_page(db):
    client = Client(enforce_csrf_checks=True)
    body = client.get(LOGIN_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _switch_form(body)).group(1)
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": LOGIN_URL, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get(LOGIN_URL).content.decode()
    assert '<html lang="en">' in body
    assert "Forgotten your password?" in body
    # The choice outranks the browser's own preference, both ways.
    assert "Log in" in client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _switch_form(body)).group(1)
    client.post(
        reverse("set_language"),
        {"language": "sv", "next": LOGIN_URL, "csrfmiddlewaretoken": token},
    )
    assert "Glömt lösenordet?" in client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_switch__refuses_a_foreign_next(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://example.org/"}
    )
    assert response.status_code == 302
    assert "example.org" not in response["Location"]


def test_switch__shown_to_a_logged_in_person_too(client, people, events):
    client.force_login(people["viewer"])
    body = client.get(LIST_URL + "?sida=1").content.decode()
    form = _switch_form(body)
    assert f'name="next" value="{LIST_URL}?sida=1"' in form
