"""Street addresses with a house number: "Oskarstorget 6", "Drottning Kristinas väg 12 B".

A street name without a number is a place, not personal data, and is left alone; so are
road numbers ("riksväg 56", "E20") and a street followed by a time on the next line.
"""

from __future__ import annotations

import re

from trygga.redaction.core import ADDRESS, Span, words

_L = "a-zåäöéèüáàíóú"
_U = "A-ZÅÄÖÉÜ"
#: Swedish street words, and the commonest Finnish ones for Helsinki's Swedish/Finnish replies.
_SUFFIX = (
    r"gatan|gata|vägen|väg|torget|torg|gränd|gränden|allén|allé|plan|planen|platsen|plats|"
    r"backen|backe|stigen|stig|leden|led|gången|kajen|kaj|esplanaden|promenaden|stråket|"
    r"slingan|ringen|kroken|krok|liden|hagen|längan|raden|vången|ängen|bågen|svängen|"
    r"höjden|branten|lyckan|terrassen|gärdet|"
    r"katu|tie|kuja|polku|tori|aukio|väylä|ranta|kaari|rinne"
)
_QUALIFIER = "Norra|Södra|Östra|Västra|Stora|Lilla|Gamla|Nya|Övre|Nedre|Sankt|S:t|Andra|Första"
_NUMBER = r"\d{1,4}(?: ?[A-Ha-h](?![\w]))?(?:[-–]\d{1,4})?"
_ADDRESS = re.compile(
    # one word ending in a street word ("Kungsgatan"), or capitalised words before a separate
    # street word ("Drottning Kristinas väg", "Stora torget")
    rf"(?<![\w\-])(?:"
    rf"(?:(?:{_QUALIFIER}) )?"
    rf"(?P<one>[{_U}][{_L}]+(?:-[{_U}]?[{_L}]+)*(?:{_SUFFIX}))"
    rf"|(?P<many>(?:[{_U}][{_L}]+ ){{1,3}}(?:{_SUFFIX}))"
    rf") (?P<number>{_NUMBER})"
    rf"(?![\d:.,]\d|\d| ?(?:%|år|kr|procent|km|meter|m\b|st\b|timmar|minuter))"
)
#: Words that end in a street word but name a kind of road, not a street: "riksväg 56".
NOT_STREETS: frozenset[str] = words(
    """
    riks läns motor europa gång cykel grus skogs bil infarts utfarts tvär huvud hem
    genom förbi parkerings tillfarts omfarts bygg på till av in ut
    """
)
_SUFFIX_AT_END = re.compile(rf"(?:{_SUFFIX})$")


def find_addresses(text: str) -> list[Span]:
    spans = []
    for m in _ADDRESS.finditer(text):
        if m["one"]:
            prefix = _SUFFIX_AT_END.sub("", m["one"]).lower()
            if prefix in NOT_STREETS or len(prefix) < 2:
                continue
        spans.append(Span(ADDRESS, m.start(), m.end(), m.group()))
    return spans
