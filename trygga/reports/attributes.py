"""Answers to a service's attributes (GeoReport v2 `attribute[code]=value`), checked the
same way for the web form and for Open311.

Cleaned answers are stored as JSON: strings for string, text and singlevaluelist; a number
for number; an ISO 8601 UTC string for datetime; a list of keys for multivaluelist.
"""

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from trygga.reports.models import DESCRIPTION_MAX_CHARS, Datatype, Service, ServiceAttribute
from trygga.reports.text import public_text

STRING_MAX_CHARS = 500
Answer = str | float | int | list[str]


def field_name(code: str) -> str:
    """The name an error is reported under: Open311's form field name."""
    return f"attribute[{code}]"


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def _one(attribute: ServiceAttribute, values: list[str]) -> str:
    if len(values) > 1:
        raise ValidationError({field_name(attribute.code): _("Frågan tar ett enda svar.")})
    return values[0]


def _clean_one(attribute: ServiceAttribute, values: list[str]) -> Answer:
    name = field_name(attribute.code)
    kind = attribute.datatype
    if kind == Datatype.MULTIVALUELIST:
        unknown = [v for v in values if v not in attribute.value_keys]
        if unknown:
            raise ValidationError({name: _("Okänt svarsalternativ: %s.") % ", ".join(unknown)})
        return list(dict.fromkeys(values))
    value = _one(attribute, values)
    if kind == Datatype.SINGLEVALUELIST:
        if value not in attribute.value_keys:
            raise ValidationError({name: _("Okänt svarsalternativ: %s.") % value})
        return value
    if kind == Datatype.NUMBER:
        try:
            number = float(value.replace(",", ".").replace(" ", ""))
        except ValueError as exc:
            raise ValidationError({name: _("Ange ett tal.")}) from exc
        if not math.isfinite(number):
            raise ValidationError({name: _("Ange ett tal.")})
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == Datatype.DATETIME:
        moment: datetime | None = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, datetime.min.time()) if day else None
        if moment is None:
            raise ValidationError({name: _("Ange datum och tid som 2025-06-13T21:30.")})
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if kind == Datatype.STRING:
        if "\n" in value or "\r" in value:
            raise ValidationError({name: _("Svaret ska vara en rad.")})
        if len(value) > STRING_MAX_CHARS:
            raise ValidationError({name: _("Högst %d tecken.") % STRING_MAX_CHARS})
        return value
    if len(value) > DESCRIPTION_MAX_CHARS:  # text
        raise ValidationError({name: _("Högst %d tecken.") % DESCRIPTION_MAX_CHARS})
    return value


def clean_attributes(service: Service, raw: Mapping[str, Any] | None) -> dict[str, Answer]:
    """The checked answers for the service's variable attributes.

    Refuses an unknown code, a missing required answer and an answer of the wrong form, and
    names the field (`attribute[code]`) in every error; all errors come together.
    """
    raw = raw or {}
    attributes = {a.code: a for a in service.attributes.all()}
    errors: dict[str, list[str]] = {}
    for code in raw:
        if code not in attributes:
            errors.setdefault(field_name(code), []).append(_("Kategorin har ingen sådan fråga."))
    cleaned: dict[str, Answer] = {}
    for code, attribute in attributes.items():
        if not attribute.variable:
            continue
        values = _as_list(raw.get(code))
        if not values:
            if attribute.required:
                errors.setdefault(field_name(code), []).append(_("Frågan måste besvaras."))
            continue
        try:
            cleaned[code] = _clean_one(attribute, values)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


def public_answers(service: Service, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """The answers as they may be published: free-text answers redacted."""
    kinds = {a.code: a.datatype for a in service.attributes.all()}
    public: dict[str, Answer] = {}
    for code, value in answers.items():
        if kinds.get(code) in (Datatype.STRING, Datatype.TEXT) and isinstance(value, str):
            public[code] = public_text(value)
        else:
            public[code] = value
    return public
