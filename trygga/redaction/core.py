"""`redact()`: find the spans of personal data, resolve overlaps, put in the placeholders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

PERSONNUMMER = "personnummer"
PHONE = "telefonnummer"
EMAIL = "e-postadress"
PLATE = "registreringsnummer"
NAME = "namn"
ADDRESS = "adress"

#: Every kind, in the order that wins an overlap: an e-mail address holds a name, a
#: personnummer looks like a phone number, an address can start with a first name.
PRIORITY: tuple[str, ...] = (EMAIL, PERSONNUMMER, PHONE, PLATE, ADDRESS, NAME)
KINDS: frozenset[str] = frozenset(PRIORITY)


@dataclass(frozen=True, slots=True)
class Span:
    """One hit: `text[start:end] == original` in the text that was given to `redact()`."""

    kind: str
    start: int
    end: int
    original: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


@dataclass(frozen=True, slots=True)
class Redaction:
    """The redacted text and where each hit was in the original."""

    text: str
    spans: tuple[Span, ...]

    @property
    def kinds_found(self) -> frozenset[str]:
        return frozenset(span.kind for span in self.spans)


def words(text: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (for the long lists)."""
    return frozenset(text.split())


def _check_kinds(kinds: frozenset[str] | None) -> frozenset[str]:
    if kinds is None:
        return KINDS
    unknown = set(kinds) - KINDS
    if unknown:
        raise ValueError(f"kinds: unknown kind(s) {sorted(unknown)}; the kinds are {sorted(KINDS)}")
    return frozenset(kinds)


def _resolve(candidates: Iterable[Span]) -> tuple[Span, ...]:
    """Keep non-overlapping spans: the higher-priority kind first, then the longer span."""
    rank = {kind: i for i, kind in enumerate(PRIORITY)}
    ordered = sorted(candidates, key=lambda s: (rank[s.kind], -(s.end - s.start), s.start))
    kept: list[Span] = []
    for span in ordered:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return tuple(sorted(kept, key=lambda s: s.start))


def find_spans(text: str, *, kinds: frozenset[str] | None = None) -> tuple[Span, ...]:
    """Every span of personal data in `text`, non-overlapping, in order of position."""
    from trygga.redaction import addresses, names, numbers

    wanted = _check_kinds(kinds)
    candidates: list[Span] = []
    if EMAIL in wanted:
        candidates += numbers.find_emails(text)
    if PERSONNUMMER in wanted:
        candidates += numbers.find_personnummer(text)
    if PHONE in wanted:
        candidates += numbers.find_phones(text)
    if PLATE in wanted:
        candidates += numbers.find_plates(text)
    if ADDRESS in wanted:
        candidates += addresses.find_addresses(text)
    if NAME in wanted:
        candidates += names.find_names(text)
    return _resolve(candidates)


def redact(text: str, *, kinds: frozenset[str] | None = None) -> Redaction:
    """Replace every span of personal data in `text` by a bracketed Swedish placeholder.

    `kinds` limits the search to some of `KINDS` (all by default); an unknown kind is a
    `ValueError` naming it. Spans refer to positions in `text`, the original.
    """
    if not isinstance(text, str):
        raise TypeError(f"text: expected str, got {type(text).__name__}")
    spans = find_spans(text, kinds=kinds)
    parts: list[str] = []
    position = 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append(span.placeholder)
        position = span.end
    parts.append(text[position:])
    return Redaction(text="".join(parts), spans=spans)
