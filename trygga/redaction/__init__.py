"""Redaction of personal data in free text: personnummer, phone numbers, e-mail addresses,
registration numbers, names and street addresses.

Pure Python: no Django and no other Trygga app (an import-linter contract in
`pyproject.toml` enforces it). The reports app calls `redact(description).text` before a
text is public and keeps the original for staff.

    >>> r = redact("Ring Anna Berg på 070-123 45 67")
    >>> r.text
    'Ring [namn] på [telefonnummer]'
    >>> [(s.kind, s.original) for s in r.spans]
    [('namn', 'Anna Berg'), ('telefonnummer', '070-123 45 67')]

How each kind is found, and how well, is in docs/decisions/ and docs/benchmarks.md.
"""

from trygga.redaction.core import (
    ADDRESS,
    EMAIL,
    KINDS,
    NAME,
    PERSONNUMMER,
    PHONE,
    PLATE,
    PRIORITY,
    Redaction,
    Span,
    find_spans,
    redact,
)

__all__ = [
    "ADDRESS",
    "EMAIL",
    "KINDS",
    "NAME",
    "PERSONNUMMER",
    "PHONE",
    "PLATE",
    "PRIORITY",
    "Redaction",
    "Span",
    "find_spans",
    "redact",
]
