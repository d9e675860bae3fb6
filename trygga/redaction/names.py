"""Person names: a first name from SCB's list, with the capitalised surname(s) after it.

The list (`data/names.txt.gz`, built by `build_names.py`) marks names that are also common
words in police text ("Björn", "Hans", "Per", "Bo") or place names ("Ale", "Avesta"): such a
name counts only with a surname after it or a title before it. A name that is also a
dictionary word ("Sol", "Stig", "Lisa") counts alone, but not at the start of a sentence,
where every word is capitalised. An unmarked name counts alone anywhere.
A capitalised word is a surname unless it is a common word, a street or a known non-name.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

from trygga.redaction.core import NAME, Span, words

_LOWER = "a-zåäöéèëüïáàíóúøæçñ"
_UPPER = "A-ZÅÄÖÉÜØÆ"
_CAP = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_INITIAL = rf"[{_UPPER}]\.?(?![{_LOWER}])"
#: A run of capitalised words (and initials) separated by single spaces on one line.
_RUN = re.compile(rf"(?<![\w\-])(?:{_CAP}|{_INITIAL})(?: (?:{_CAP}|{_INITIAL}))*(?![\w\-])")
_TOKEN = re.compile(rf"{_CAP}|{_INITIAL}")

#: Words before a name that say a person follows (lower-cased; Swedish, some English/Finnish).
TITLES: frozenset[str] = words(
    """
    presstalesperson presstalespersonen polisinspektör kriminalinspektör kommissarie
    kriminalkommissarie inspektör polisassistent polisområdeschef lokalpolisområdeschef
    åklagare kammaråklagare chefsåklagare överåklagare förundersökningsledare utredare
    handläggare kontaktperson kontakt informatör kommunikatör pressansvarig presschef
    advokat försvarare målsägandebiträde nämndeman domare rådman herr fru fröken
    grannen granne heter hälsningar regards terveisin ystävällisin
    """
)

#: Capitalised words that are never a surname here: pronouns, months, days, institutions,
#: compass points, Eskilstuna's districts and common place words.
NOT_SURNAMES: frozenset[str] = words(
    """
    Polisen Polis Region Öst Väst Syd Nord Norr Söder Öster Väster Centrum Län Kommun
    Han Hon Hen De Den Det Vi Jag Ni Man Och Men Eller Som Att Med Från Till På
    Januari Februari Mars April Maj Juni Juli Augusti September Oktober November December
    Måndag Tisdag Onsdag Torsdag Fredag Lördag Söndag
    Eskilstuna Torshälla Nyfors Lagersberg Fröslunda Årby Skiftinge Råbergstorp Myrtorp
    Tunafors Stenby Ekeby Slagsta Kjula Hällby Skogstorp Gredby Snopptorp Vilsta Eskilshem
    Mesta Ärla Hållsta Kvicksund Sundbyholm Strängnäs Katrineholm Nyköping Flen Vingåker
    Oxelösund Gnesta Trosa Södermanland Södermanlands Sverige Stockholm Helsinki Helsingfors
    City Department Office Service Public Works
    """
)

#: Endings of street and place words: "Carl Gustafs väg" is a street, not a person.
_PLACE_ENDING = re.compile(
    r"(gatan|gata|vägen|väg|torget|torg|gränd|gränden|allén|allé|plan|platsen|backen|"
    r"stigen|leden|skolan|parken|huset|kyrkan|sjukhuset|katu|tie|kuja)$",
    re.IGNORECASE,
)


#: A separate street word after the name: "Carl Gustafs väg", "Drottning Kristinas gata".
_STREET_AFTER = re.compile(r" (?:väg|vägen|gata|gatan|torg|plan|allé|gränd|park|skola)\b")


@cache
def gazetteer() -> dict[str, str]:
    """First name -> flags ("" for a plain name, "w" also a word, "p" also a place)."""
    raw = resources.files("trygga.redaction").joinpath("data/names.txt.gz").read_bytes()
    names: dict[str, str] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        name, _, flags = line.partition("\t")
        names[name] = flags
    return names


@cache
def common_words() -> frozenset[str]:
    """Lower-case words common in Swedish police narratives (never a surname when capitalised)."""
    raw = resources.files("trygga.redaction").joinpath("data/words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())


def _first_name_flags(token: str) -> str | None:
    """Flags of a first name (also "Ann-Louise" as two names and "Annas" as Anna's), else None."""
    names = gazetteer()
    if token in names:
        return names[token]
    if "-" in token:
        parts = token.split("-")
        if all(p in names for p in parts):
            return "".join(names[p] for p in parts) and "w"
    if token.endswith("s") and token[:-1] in names and not names[token[:-1]]:
        return ""
    return None


def _is_surname(token: str, *, strict: bool) -> bool:
    if len(token) <= 2 and token.rstrip(".").isalpha():  # an initial
        return True
    if token in NOT_SURNAMES or _PLACE_ENDING.search(token):
        return False
    return not (strict and token.lower() in common_words())


def _preceding_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_]+)[\s:,]*$", text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"'«»(–-•*")
    return not before or before[-1] in ".!?:;\n\r"


def find_names(text: str) -> list[Span]:
    spans: list[Span] = []
    for run in _RUN.finditer(text):
        tokens = list(_TOKEN.finditer(run.group()))
        base = run.start()
        titled = _preceding_word(text, run.start()) in TITLES
        i = 0
        while i < len(tokens):
            word = tokens[i].group()
            previous = tokens[i - 1].group().lower() if i else ""
            flags = _first_name_flags(word) if len(word) > 1 else None
            after_title = titled if i == 0 else previous in TITLES
            if flags is None and not after_title:
                i += 1
                continue
            if after_title and flags is None and word.lower() in common_words():
                i += 1
                continue
            strict = flags is None or "w" in flags or "p" in flags
            j = i + 1
            while j < len(tokens) and j - i < 4:
                nxt = tokens[j].group()
                if _first_name_flags(nxt) is not None and nxt not in NOT_SURNAMES:
                    j += 1
                    continue
                if not _is_surname(nxt, strict=strict):
                    break
                j += 1
            # drop trailing initials that end a sentence ("... Anna B.")? keep them: still personal
            has_surname = j > i + 1
            end = base + tokens[j - 1].end()
            if _PLACE_ENDING.search(tokens[j - 1].group()) or _STREET_AFTER.match(text, end):
                i = j
                continue
            alone_ok = flags == "" or (
                flags == "d" and not (i == 0 and _sentence_initial(text, run.start()))
            )
            if alone_ok or has_surname or after_title:
                start, end = base + tokens[i].start(), base + tokens[j - 1].end()
                spans.append(Span(NAME, start, end, text[start:end]))
                i = j
            else:
                i += 1
    return spans
