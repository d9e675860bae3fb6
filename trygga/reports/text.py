"""The one door between report text and the public: personal data in free text is redacted
by `trygga.redaction` before anything is published, and the original is kept for staff."""

from trygga.redaction import redact


def public_text(text: str) -> str:
    """`text` with personnummer, phone numbers, e-mail addresses, registration numbers and
    names replaced by placeholders."""
    return redact(text).text if text.strip() else text.strip()
