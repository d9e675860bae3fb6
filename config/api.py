"""The API's shared conventions: one error shape and one pagination.

Errors are RFC 9457 problem details (docs/decisions/0003-api-error-shape.md):

    {"type": "about:blank", "title": "Ogiltig indata", "status": 400,
     "detail": "...", "errors": [{"field": "lat", "message": "...", "code": "invalid"}]}
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from trygga.core.errors import NotFound, PermissionDenied

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as a flat list of {field, message, code}."""
    if isinstance(detail, dict):
        items: list[dict[str, str]] = []
        for key, value in detail.items():
            name = key if not prefix else f"{prefix}.{key}"
            items.extend(_flatten(value, "" if key == "non_field_errors" else name))
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, prefix)]
    code = getattr(detail, "code", "invalid")
    return [{"field": prefix, "message": str(detail), "code": str(code)}]


def problem(status_code: int, title: str, detail: str = "", errors: list[Any] | None = None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotFound | Http404):
        return problem(status.HTTP_404_NOT_FOUND, _("Hittades inte"), str(exc) or "")
    if isinstance(exc, PermissionDenied):
        return problem(status.HTTP_403_FORBIDDEN, _("Åtkomst nekad"), str(exc))
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        exc = exceptions.ValidationError(detail)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            response.status_code,
            _("Ogiltig indata"),
            _("Rätta fälten nedan och försök igen."),
            _flatten(exc.detail),
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    result = problem(response.status_code, str(getattr(exc, "default_detail", "")), str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result
