"""Comparing a document read from XML with the same document read from JSON."""

from typing import Any


def flat(value: Any) -> Any:
    """Values compared across XML and JSON: text stripped, numbers and ids as text, empty
    text and null alike (XML has no types beyond the ones the spec names)."""
    if isinstance(value, dict):
        return {k: flat(v) for k, v in value.items()}
    if isinstance(value, list):
        return [flat(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    return str(value).strip()
