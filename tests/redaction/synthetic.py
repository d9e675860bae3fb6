"""A synthetic set of Swedish report texts with known personal data, generated with a seed.

Templates of citizen reports and police-style sentences get valid personnummer and
samordningsnummer (Luhn check digit, real dates), Swedish phone numbers in the ways people
write them, e-mail addresses, registration numbers of both formats, names (first names drawn
from SCB's list by number of bearers, so rare names occur as often as they do in Sweden,
with common surnames) and Eskilstuna street addresses; and near misses that must stay
(dates, times, case numbers, prices, road numbers, postcodes). The spans are known by
construction, so recall can be measured at volume; the templates are simpler than real text,
so these figures are an upper bound for the real ones.
"""

from __future__ import annotations

import csv
import itertools
import random
import re
from collections.abc import Callable
from functools import cache

from tests.redaction.corpus import SHARED_DATA, GoldSpan
from trygga.redaction import ADDRESS, EMAIL, NAME, PERSONNUMMER, PHONE, PLATE
from trygga.redaction.core import words
from trygga.redaction.numbers import NOT_PLATE_LETTERS, luhn_ok

SEED = 20240
SCB_NAMES = SHARED_DATA / "free_text_and_pii" / "swedish_names_scb_2020"

SURNAMES = words(
    """
Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson
Lindström Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lundgren Lundqvist Mattsson
Berglund Fredriksson Sandberg Henriksson Forsberg Sjöberg Ali Wallin Mohammed Engström
Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson Holm Wikström Samuelsson
Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg Blomqvist
Claesson Nordström Ahmed Hassan Mårtensson Lundström Eliasson Pålsson Björklund Viklund
Berggren Sandström Nordin Ström Åberg Hermansson Ekström Holmgren Sundberg Hedlund
Dahlberg Hellström Sjögren Abrahamsson Falk Martinsson Öberg Andreasson Strömberg Månsson
Åkesson Dahl Lindholm Norberg Holmqvist Yilmaz Nguyen Khalil Omar Rezaei Kaya Virtanen
"""
)

STREETS = [
    *sorted(
        words(
            """
Kungsgatan Drottninggatan Rademachergatan Fristadstorget Hamngatan Nygatan Careliigatan
Tullgatan Smedjegatan Gymnastikgatan Kriebsensgatan Munktellstorget Oskarstorget Tunavägen
Mälarvägen Hällbybrunnsvägen Kjulavägen Torshällavägen Stenbygatan Årbyvägen Brunnsgatan
Skjulstagatan Vasavägen Gillbergagatan Bondegatan Strängnäsvägen Parkgatan Tingsgatan
Artillerigatan Lustigkullevägen Arenavägen Kyrkogårdsgatan Västermarksgatan Nyforsgatan
Fröslundavägen Lagersbergsgatan Skiftingevägen Råbergsvägen Eskilsgatan Stiftsgatan
"""
        )
    ),
    "Västra Storgatan",
    "Östra Storgatan",
    "Stora torget",
    "Drottning Kristinas väg",
]

SURNAME_LIST = sorted(SURNAMES)
DOMAINS = [
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "telia.com",
    "eskilstuna.se",
    "live.se",
    "yahoo.se",
    "icloud.com",
    "bredband.net",
    "foretaget.se",
]

ASCII = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")


@cache
def first_names() -> tuple[list[str], list[int]]:
    """Names and cumulative bearers (for `random.choices(cum_weights=...)`)."""
    names, weights = _first_names()
    return names, list(itertools.accumulate(weights))


def _first_names() -> tuple[list[str], list[int]]:
    """SCB's given names in use (all of them, with >= 2 bearers), women and men together."""
    bearers: dict[str, int] = {}
    for sex in ("kvinnor", "man"):
        with (SCB_NAMES / f"tilltalsnamn-{sex}.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if re.fullmatch(r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖÉ][a-zåäöéü]+)?", row["name"]):
                    bearers[row["name"]] = bearers.get(row["name"], 0) + int(row["persons"])
    names = sorted(bearers)
    return names, [bearers[n] for n in names]


def personnummer(rng: random.Random) -> str:
    while True:
        year = rng.randint(1925, 2015)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        if rng.random() < 0.1:
            day += 60  # samordningsnummer
        serial = f"{rng.randint(0, 999):03d}"
        body = f"{year % 100:02d}{month:02d}{day:02d}{serial}"
        check = next(d for d in "0123456789" if luhn_ok(body + d))
        date, last4 = body[:6], serial + check
        form = rng.choice(["short-dash", "long-dash", "short", "long"])
        if form == "short-dash":
            return f"{date}-{last4}"
        if form == "long-dash":
            return f"{year // 100}{date}-{last4}"
        if form == "short":
            return f"{date}{last4}"
        return f"{year // 100}{date}{last4}"


def phone(rng: random.Random) -> str:
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    kind = rng.choice(["mobile", "mobile", "mobile", "016", "08", "010", "intl"])
    if kind == "mobile":
        prefix = "07" + rng.choice("02369")
        rest = d(7)
        return rng.choice(
            [
                f"{prefix}-{rest[:3]} {rest[3:5]} {rest[5:]}",
                f"{prefix}{rest}",
                f"{prefix} {rest[:3]} {rest[3:5]} {rest[5:]}",
                f"{prefix}{rest[0]}-{rest[1:]}",
            ]
        )
    if kind == "016":
        rest = str(rng.randint(1, 9)) + d(5)
        return rng.choice([f"016-{rest[:2]} {rest[2:4]} {rest[4:]}", f"016-{rest}"])
    if kind == "08":
        rest = str(rng.randint(1, 9)) + d(7)
        return rng.choice([f"08-{rest[:3]} {rest[3:6]} {rest[6:]}", f"08-{rest}"])
    if kind == "010":
        rest = str(rng.randint(1, 7)) + d(6)  # 010-1 to 010-7 are allocated
        return f"010-{rest[:3]} {rest[3:5]} {rest[5:]}"
    rest = d(7)
    return rng.choice(
        [
            f"+46 7{rng.choice('02369')} {rest[:3]} {rest[3:5]} {rest[5:]}",
            f"+467{rng.choice('02369')}{rest}",
        ]
    )


def plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUWXYZ"
    while True:
        head = "".join(rng.choice(letters) for _ in range(3))
        if head not in NOT_PLATE_LETTERS:
            break
    tail = f"{rng.randint(0, 99):02d}" + (
        rng.choice(letters.replace("O", "")) if rng.random() < 0.3 else str(rng.randint(0, 9))
    )
    return head + rng.choice([" ", ""]) + tail


def name(rng: random.Random, *, surname: bool) -> str:
    names, weights = first_names()
    first = rng.choices(names, cum_weights=weights)[0]
    return f"{first} {rng.choice(SURNAME_LIST)}" if surname else first


def email(rng: random.Random) -> str:
    names, weights = first_names()
    first = rng.choices(names, cum_weights=weights)[0].lower().translate(ASCII)
    last = rng.choice(SURNAME_LIST).lower().translate(ASCII)
    local = rng.choice(
        [f"{first}.{last}", f"{first}{rng.randint(1, 99)}", f"{first[0]}{last}", f"{first}_{last}"]
    )
    return f"{local}@{rng.choice(DOMAINS)}"


def address(rng: random.Random) -> str:
    number = str(rng.randint(1, 120)) + (rng.choice(["", "", "", " A", "B", " C"]))
    return f"{rng.choice(STREETS)} {number}"


FILLERS: dict[str, Callable[[random.Random], str]] = {
    PERSONNUMMER: personnummer,
    PHONE: phone,
    EMAIL: email,
    PLATE: plate,
    NAME: lambda rng: name(rng, surname=True),
    "namn1": lambda rng: name(rng, surname=False),
    ADDRESS: address,
}

#: {kind} slots; "namn1" is a first name alone (in a context that says a person follows).
TEMPLATES = [
    "Lampan utanför {adress} har varit trasig i två veckor. Ring mig på {telefonnummer}.",
    "Hej! Jag heter {namn} och bor på {adress}. Gatlyktan blinkar hela natten.",
    "Klotter på busskuren vid {adress}, anmält 2024-03-12 kl 14:30. Mvh {namn}",
    "En bil med registreringsnummer {registreringsnummer} har stått övergiven i tre månader.",
    "Min granne {namn1} säger att någon har slagit sönder rutan i tvättstugan.",
    "Kontakta mig på {e-postadress} eller {telefonnummer} om ni behöver mer information.",
    "Jag ringde 114 14 i går och fick ärendenummer 5000-K123456-24, men inget har hänt.",
    "Personnummer {personnummer}, jag vill ha återkoppling om lekplatsen på {adress}.",
    "Bilen {registreringsnummer} kör för fort på E20 varje kväll mellan 22:00 och 23:30.",
    "{namn} har sett ungdomar elda i papperskorgen vid {adress} flera gånger.",
    "Det kostar säkert 15 000 kr att laga, men det är farligt. Hälsningar {namn}, {telefonnummer}",
    "Skicka svar till {e-postadress}. Mitt samordningsnummer är {personnummer}.",
    "Kvinnan som bor på {adress} har ringt polisen, enligt {namn}.",
    "Trasigt staket vid förskolan, 631 86 Eskilstuna. Kontaktperson {namn}, {e-postadress}.",
    "En vit skåpbil, {registreringsnummer}, dumpade sopor vid återvinningen på Kjulavägen.",
    "Belysningen på gång- och cykelvägen mot Lagersberg är släckt sedan 1 november.",
    "Hundbajs överallt i parken vid Fristadstorget. Orkar ingen göra något?",
    "Ring {namn1} på {telefonnummer} så kan hon visa var hålet i asfalten är.",
    "Min son {namn1} cyklade omkull i gropen utanför {adress} i går kväll.",
    "Polisen larmades till {adress} i Eskilstuna. En man i 30-årsåldern greps.",
    "Presstalesperson {namn} nås på {telefonnummer} eller {e-postadress}.",
    "Sprutor på lekplatsen igen! Det här är tredje gången i år (se ärende 2023-1234).",
    "{namn} ({personnummer}) anmälde skadegörelse på bilen {registreringsnummer}.",
    "Busshållplatsen på riksväg 56 saknar tak sedan stormen, vecka 12.",
    "Jag kan nås på {telefonnummer} efter klockan 17. /{namn}",
]


def synthetic(count: int = 3000, seed: int = SEED) -> list[tuple[str, tuple[GoldSpan, ...]]]:
    """`count` texts with their spans, the same for the same seed."""
    rng = random.Random(seed)
    slot = re.compile(r"\{([^}]+)\}")
    samples = []
    for _ in range(count):
        template = rng.choice(TEMPLATES)
        parts: list[str] = []
        spans: list[GoldSpan] = []
        position = 0
        length = 0
        for m in slot.finditer(template):
            literal = template[position : m.start()]
            parts.append(literal)
            length += len(literal)
            kind = m.group(1)
            value = FILLERS[kind](rng)
            spans.append(GoldSpan(NAME if kind == "namn1" else kind, length, length + len(value)))
            parts.append(value)
            length += len(value)
            position = m.end()
        parts.append(template[position:])
        samples.append(("".join(parts), tuple(spans)))
    return samples
