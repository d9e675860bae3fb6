"""Operational logs carry no personal data: the filter on every handler replaces e-mail
addresses, IP addresses and personnummer in messages, arguments, tracebacks and extra
fields; JSON logs (LOG_FORMAT=json) are one object per line."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trygga.core.logs import PersonalDataFilter, redact_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail anna.berg@eskilstuna.se now", "mail [e-post] now"),
        ("from 192.168.10.5:8000", "from [ip]:8000"),
        ("v6 2001:db8::1 and fe80::1%eth0", "v6 [ip] and [ip]"),
        ("full 2001:0db8:85a3:0000:0000:8a2e:0370:7334", "full [ip]"),
        (
            "pnr 19811218-9876, 811218-9876, 198112189876",
            "pnr [personnummer], [personnummer], [personnummer]",
        ),
        ("samordningsnummer 701063-2391", "samordningsnummer [personnummer]"),
    ],
)
def test_redact_text__replaces_personal_data(text, expected):
    assert redact_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "at 12:30:45 on 2026-11-25 20:31:27,172",
        "event 12345 in 0484, version 5.2.19",
        "811218-9875 fails its check digit",
        "GET /0484/handelser/ 200 5120 12ms",
    ],
)
def test_redact_text__leaves_other_text(text):
    assert redact_text(text) == text


def _record(msg, args=(), exc_info=None, **extra):
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, msg, args, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_filter__message_args_extra_and_traceback():
    try:
        raise ValueError("no account for anna@example.org")
    except ValueError:
        exc_info = sys.exc_info()
    record = _record(
        "login failed for %s from %s",
        ("anna@example.org", "10.1.2.3"),
        exc_info,
        client="10.1.2.3",
    )
    assert PersonalDataFilter().filter(record) is True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s %(client)s"))
    handler.emit(record)
    text = stream.getvalue()
    assert "login failed for [e-post] from [ip] [ip]" in text
    assert "ValueError: no account for [e-post]" in text
    assert "anna@" not in text
    assert "10.1.2.3" not in text


def test_json_logs__one_object_per_line_without_personal_data(tmp_path):
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('trygga.test').warning('reset mail to %s', 'anna@example.org')"
    )
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    [line] = [line for line in result.stderr.splitlines() if "trygga.test" in line]
    entry = json.loads(line)
    assert entry["message"] == "reset mail to [e-post]"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "trygga.test"
    assert "T" in entry["time"]


def test_log_format__unknown_value__refused_with_its_name():
    env = {**os.environ, "LOG_FORMAT": "xml", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "LOG_FORMAT must be plain or json, not 'xml'" in result.stderr


def test_json_formatter__traceback_redacted_and_record_keeps_exc_info():
    from trygga.core.logs import JsonFormatter

    try:
        raise ValueError("no account for anna@example.org")
    except ValueError:
        exc_info = sys.exc_info()
    record = _record("failed", (), exc_info)
    PersonalDataFilter().filter(record)
    assert record.exc_info is not None  # other handlers (tests' caplog) still see it
    entry = json.loads(JsonFormatter("%(message)s").format(record))
    assert "ValueError: no account for [e-post]" in entry["exc_info"]
