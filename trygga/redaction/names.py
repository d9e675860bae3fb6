"""Person names: a first name from SCB's list, with the capitalised surname(s) after it.

The list (`data/names.txt.gz`, built by `build_names.py`) flags each first name: `w` also a
word common in police text ("Björn", "Hans", "Per"), `d` a dictionary word ("Sol", "Stig"),
`p` a place name ("Ale", "Avesta"), `r` rare (fewer than 500 bearers: "Maila", "Kia").

- A first name with a capitalised surname after it is a name ("Björn Larsson"); after a
  `w` or `p` name the surname may not be a common word either ("Hans Bil" is not a name).
- A first name alone is a name when it is unflagged ("Anna", "Lars"), or `d` and not at the
  start of a sentence, or any first name after a title or a relation ("grannen Maila").
- Capitalised words after a title ("presstalesperson Priya Eklund") are a name without the
  list, when there are at least two of them and the first is not a common word; so is a
  capitalised word before a word shaped like a Swedish surname ("Nhung Ekström": -sson,
  -berg, -ström, -qvist, ...), and one after a relation ("min son Joona").
- Never a name: a street ("Carl Gustafs väg"), the words in `NOT_FIRST_NAMES` (car makes,
  English function words) and `NOT_SURNAMES` (pronouns, months, Eskilstuna's districts).
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
    åklagare kammaråklagare chefsåklagare överåklagare statsåklagare förundersökningsledare
    utredare handläggare kontaktperson kontakt informatör kommunikatör pressansvarig
    presschef gruppchef advokat försvarare målsägandebiträde nämndeman domare rådman
    herr fru fröken heter hälsningar regards sincerely terveisin ystävällisin
    """
)
#: Relations before a first name: "min granne Maila", "sonen Lars".
RELATIONS: frozenset[str] = words(
    """
    granne grannen grannens son sonen dotter dottern bror brodern syster systern mamma
    pappa mor far make maken fru frun sambo sambon pojkvän flickvän kollega kollegan vän
    kompis barnet barnen vittnet anmälaren son daughter husband wife neighbour neighbor
    """
)
#: Capitalised words that are first names in SCB's list but here mostly something else.
NOT_FIRST_NAMES: frozenset[str] = words(
    """
    Mercedes Kia Tesla Ram Dodge Volvo Jaguar Mini Smart Seat Skoda Lexus Porsche Ferrari
    Honda Mazda Nissan Toyota Ford Opel Audi Saab Scania Fiat Dacia Cupra Jeep Rover
    Renault Peugeot Hyundai Subaru Suzuki Yamaha Vespa Harley
    The This That Dear Hi Hello Best Thanks Thank Sincerely Regards Kind Yours City Public
    Police Department Service Office Maintenance
    Lilla Stora Norra Södra Östra Västra Gamla Nya Övre Nedre Sankt Alla Andra
    """
)
#: Capitalised words that are never a surname: pronouns, months, days, institutions,
#: compass points, Eskilstuna's districts and nearby towns.
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
    r"stigen|leden|skolan|parken|huset|kyrkan|sjukhuset|hage|katu|tie|kuja)$",
    re.IGNORECASE,
)


#: A separate street word after the name: "Carl Gustafs väg", "Drottning Kristinas gata".
_STREET_AFTER = re.compile(r" (?:väg|vägen|gata|gatan|torg|plan|allé|gränd|park|skola)\b")


_SAINT = re.compile(r"(?:S:t|Sankt|St\.) $")

#: Endings of common Swedish surnames: a capitalised word before one is taken for a first name.
_SURNAME_ENDING = re.compile(
    r"(sson|berg|ström|strom|qvist|kvist|quist|lund|gren|holm|dahl|blad|stedt|borg|fors|bäck|"
    r"löf|ling|lin|ius)$",
    re.IGNORECASE,
)


def _unknown_first_name(token: str) -> bool:
    """A capitalised word that may be a first name missing from the list."""
    return not (
        token.lower() in common_words()
        or token in NOT_SURNAMES
        or token in NOT_FIRST_NAMES
        or _PLACE_ENDING.search(token)
        or len(token) < 2
    )


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
    """Flags of a first name (also "Ann-Louise" as two names, "Annas" as Anna's), else None."""
    if token in NOT_FIRST_NAMES:
        return None
    names = gazetteer()
    if token in names:
        return names[token]
    if "-" in token:
        parts = token.split("-")
        if all(p in names for p in parts):
            return "".join(sorted(set("".join(names[p] for p in parts))))
    if token.endswith("s") and names.get(token[:-1]) == "":
        return ""
    return None


def _is_surname(token: str, *, strict: bool) -> bool:
    if len(token) <= 2 and token.rstrip(".").isalpha():  # an initial
        return True
    if token in NOT_SURNAMES or token in NOT_FIRST_NAMES or _PLACE_ENDING.search(token):
        return False
    return not (strict and token.lower() in common_words())


def _preceding_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_]+)[\s:,]*$", text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"'«»(–-•*")
    return not before or before[-1] in ".!?:;\n\r"


def _alone_is_a_name(flags: str, *, context: bool, initial: bool) -> bool:
    if context:
        return True
    if flags == "":
        return True
    return flags == "d" and not initial


def find_names(text: str) -> list[Span]:
    spans: list[Span] = []
    for run in _RUN.finditer(text):
        tokens = [t.group() for t in _TOKEN.finditer(run.group())]
        offsets = [run.start() + t.start() for t in _TOKEN.finditer(run.group())]
        before = _preceding_word(text, run.start())
        if _SAINT.search(text, max(0, run.start() - 8), run.start()):
            continue  # "S:t Eskils gymnasium", "Sankt Petri kapell"
        i = 0
        while i < len(tokens):
            previous = tokens[i - 1].lower() if i else before
            titled = previous in TITLES
            related = previous in RELATIONS
            flags = _first_name_flags(tokens[i]) if len(tokens[i]) > 1 else None
            strict = flags is None or bool(set(flags) & set("wp"))
            j = i + 1
            while j < len(tokens) and j - i < 4 and _is_surname(tokens[j], strict=strict):
                j += 1
            end = offsets[j - 1] + len(tokens[j - 1])
            # "Karl Hovbergsgatan": a one-word name that is the start of a street's name
            street_next = j == i + 1 < len(tokens) and _PLACE_ENDING.search(tokens[j]) is not None
            if street_next or _STREET_AFTER.match(text, end) or _PLACE_ENDING.search(tokens[j - 1]):
                i = j
                continue
            if flags is None:
                unknown = _unknown_first_name(tokens[i])
                found = unknown and (
                    (titled and j - i >= 2)
                    or (related and j - i == 1)
                    or (j - i >= 2 and _SURNAME_ENDING.search(tokens[i + 1]) is not None)
                )
            elif j - i >= 2:
                found = True
            else:
                initial = i == 0 and _sentence_initial(text, run.start())
                found = _alone_is_a_name(flags, context=titled or related, initial=initial)
            if found:
                spans.append(Span(NAME, offsets[i], end, text[offsets[i] : end]))
                i = j
            else:
                i += 1
    return spans
