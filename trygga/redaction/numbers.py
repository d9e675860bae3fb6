"""Kinds with a fixed shape: personnummer, phone numbers, e-mail addresses, registration numbers."""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers

from trygga.redaction.core import EMAIL, PERSONNUMMER, PHONE, PLATE, Span, words

# ---------------------------------------------------------------------------- personnummer
# YYMMDD-NNNN, YYYYMMDD-NNNN, YYMMDDNNNN, YYYYMMDDNNNN; "+" for a person of 100 or more.
# A samordningsnummer is the same with 60 added to the day. The check digit is Luhn over
# the ten digits YYMMDDNNN; the date must exist (for either century when none is given).
_PNR = re.compile(
    r"(?<![\w+\-–/.,:])"
    r"(?P<century>19|20)?(?P<date>\d{6})(?P<sep>\s?[-+–]\s?)?(?P<serial>\d{4})"
    r"(?![\w\-–/]|[.,:]\d)"
)


def luhn_ok(digits: str) -> bool:
    """Luhn over a string of digits (the last one is the check digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _date_exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_personnummer(century: str | None, date: str, serial: str) -> bool:
    """A personnummer or samordningsnummer: a real date (day + 60 allowed) and a Luhn check."""
    if not luhn_ok(date + serial):
        return False
    yy, month, day = int(date[:2]), int(date[2:4]), int(date[4:6])
    if day > 60:
        day -= 60
    if century is not None:
        return _date_exists(int(century) * 100 + yy, month, day)
    return _date_exists(1900 + yy, month, day) or _date_exists(2000 + yy, month, day)


#: Ten digits without a separator starting 070, 072, 073, 076 or 079 are taken as a mobile
#: number: "0705637429" is also a valid samordningsnummer of someone born in 2007.
_MOBILE = re.compile(r"07[02369]\d{7}")


def find_personnummer(text: str) -> list[Span]:
    spans = []
    for m in _PNR.finditer(text):
        if m["century"] is None and m["sep"] is None and _MOBILE.fullmatch(m.group()):
            continue
        if is_personnummer(m["century"], m["date"], m["serial"]):
            spans.append(Span(PERSONNUMMER, m.start(), m.end(), m.group()))
    return spans


# ---------------------------------------------------------------------------------- e-mail
_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]*\w@\w[\w\-]*(?:\.[\w\-]+)*\.[^\W\d_]{2,}(?![\w@])")


def find_emails(text: str) -> list[Span]:
    return [Span(EMAIL, m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text)]


# ---------------------------------------------------------------------------------- phones
_HAS_DIGIT_RUN = re.compile(r"\d[\d\s\-–()]{4,}\d")


def find_phones(text: str) -> list[Span]:
    """Swedish numbers as written in Sweden (07x, 08, 0xx area codes, 010) and any +NN number.

    libphonenumber's matcher with `Leniency.VALID`: the number must be a valid number of its
    region's plan, so dates, times, prices and case numbers are not taken.
    """
    if not _HAS_DIGIT_RUN.search(text):
        return []
    spans = []
    for m in phonenumbers.PhoneNumberMatcher(text, "SE", leniency=phonenumbers.Leniency.VALID):
        start, raw = m.start, m.raw_string
        if raw.startswith("(") and ")" not in raw:  # "(010-569 46 00)": the matcher keeps "("
            start, raw = start + 1, raw[1:]
        spans.append(Span(PHONE, start, start + len(raw), raw))
    return spans


# --------------------------------------------------------------------- registration numbers
# ABC 123 (since 1973) and ABC 12D (since 2019). I, Q, V, Å, Ä, Ö are never used; the last
# character, when a letter, is never O.
_PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUWXYZ"
_PLATE = re.compile(
    rf"(?<![\w\-–/.])(?P<letters>[{_PLATE_LETTERS}]{{3}})[ \-]?"
    rf"(?P<rest>\d{{2}}[\d{_PLATE_LETTERS.replace('O', '')}])(?![\w\-–]|[.,:]\d)"
)

#: Letter combinations Transportstyrelsen does not issue (words that offend or mislead), and
#: abbreviations that stand before a number in text (currencies, units, laws, "TPL 148" for a
#: trafikplats, car models such as "BMW 320" and "CLA 200").
NOT_PLATE_LETTERS: frozenset[str] = words(
    """
    APA ARG ASS BAJ BSS CUC CUK DUM ETA ETT FAG FAN FEG FEL FEM FES FET FNL FUC FUK FUL GAM
    GAY GEJ GEY GHB GUD GYN HAT HBT HKH HOR HOT KGB KKK KUC KUF KUG KUK KYK LAM LAT LEM LOJ
    LSD LUS MAD MAO MEN MES MLB MUS NAZ NRP NSF NYP OND OOO ORM PAJ PKK PLO PMS PUB RAP RAS
    ROM RPS RUS SEG SEX SJU SOS SPY SUG SUP SUR TBC TOA TOK TRE TYP UFO USA WAM WAR WWW XTC
    XTZ XXL XXX ZEX ZOG ZPY ZUG ZUP ZOO
    SEK EUR USD GBP NOK DKK CHF KPI BNP MSB SFS SOU BRB RPS SKR SCB SMS GPS LSS LVM LVU
    DNA RFS ISO UTC CET CEST PDF JPG PNG MHZ KWH EEG EKG MRT DVD TPL
    BMW CLA CLC CLK CLS GLA GLB GLC GLE GLK GLS SLK SLC AMG GTI GTS GTX
    """
)


def find_plates(text: str) -> list[Span]:
    spans = []
    for m in _PLATE.finditer(text):
        if m["letters"] in NOT_PLATE_LETTERS:
            continue
        spans.append(Span(PLATE, m.start(), m.end(), m.group()))
    return spans
