"""Keeping personal data out of the operational logs.

`PersonalDataFilter` sits on every log handler (config/settings.py LOGGING) and replaces
e-mail addresses, IP addresses (v4 and v6) and Swedish personal identity numbers
(personnummer and samordningsnummer, checked with their Luhn digit) in a record's message,
its arguments, its exception text and its extra fields, whichever logger wrote it (Django's
request log, gunicorn, a library). Who did what is the audit log's job, with its retention;
the operational logs keep only what operations need.
"""

import logging
import re
from typing import Any

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

EMAIL = "[e-post]"
IP = "[ip]"
PERSONNUMMER = "[personnummer]"

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-zA-Z]{2,}")
_IPV4 = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![\d.]*\d)"
)
# Full forms with at least four groups, or any form with "::"; a clock time (12:30:45) has
# only three groups and no "::".
_IPV6 = re.compile(
    r"(?<![\w:])(?:"
    r"(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}"
    r"|(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4}::(?:[0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{0,4}"
    r")(?:%\w+)?(?![\w:])"
)
_PNR = re.compile(r"(?<![\d\-+])(?:19|20)?(\d{6})[-+]?(\d{4})(?![\d])")


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_date(yymmdd: str) -> bool:
    month, day = int(yymmdd[2:4]), int(yymmdd[4:6])
    if day > 60:  # samordningsnummer: the day plus 60
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= 31


def _personnummer(match: re.Match[str]) -> str:
    date, serial = match.group(1), match.group(2)
    if _valid_date(date) and _luhn(date + serial):
        return PERSONNUMMER
    return match.group(0)


def redact_text(text: str) -> str:
    """The text with e-mail addresses, IP addresses and personnummer replaced."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL, text)
    text = _IPV6.sub(lambda m: IP if m.group(0).count(":") >= 2 else m.group(0), text)
    text = _IPV4.sub(IP, text)
    return _PNR.sub(_personnummer, text)


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def _redact_value(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return redact_text(str(value))


class PersonalDataFilter(logging.Filter):
    """Redacts the record in place; never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is
            message = str(record.msg)
        record.msg = redact_text(message)
        record.args = None
        if record.exc_info:
            # Formatters use exc_text when it is set; exc_info stays for other handlers.
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_text(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and not key.startswith("_"):
                if key == "request":
                    # Django's request log passes the request: its repr names the path only,
                    # but a formatter could reach into it; keep the path, drop the object.
                    setattr(record, key, redact_text(getattr(value, "path", "")))
                else:
                    setattr(record, key, _redact_value(value))
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter, whose traceback text is redacted as well (it formats
    the exception itself rather than using the filtered exc_text)."""

    def formatException(self, ei: Any) -> Any:  # noqa: N802 - logging's name
        formatted = super().formatException(ei)
        if isinstance(formatted, list):
            return [redact_text(line) for line in formatted]
        return redact_text(formatted)

    def formatStack(self, stack_info: Any) -> Any:  # noqa: N802 - logging's name
        formatted = super().formatStack(stack_info)
        if isinstance(formatted, list):
            return [redact_text(line) for line in formatted]
        return redact_text(formatted)
