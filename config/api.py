"""The API's shared conventions: one error shape, one pagination, and their OpenAPI schema.

Errors are RFC 9457 problem details (docs/decisions/0003-api-error-shape.md), served as
`application/problem+json`:

    {"type": "about:blank", "title": "Ogiltig indata", "status": 400, "code": "invalid",
     "detail": "...", "instance": "/api/v1/...",
     "errors": [{"field": "lat", "message": "...", "code": "invalid"}]}

`exception_handler` makes every error of a DRF view take that shape, including unexpected
exceptions (500, logged with their traceback, answered without internals);
`NotFoundView` gives unknown URLs under /api/ the same shape.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback
from rest_framework.views import exception_handler as drf_exception_handler

from trygga.core.errors import NotFound, PermissionDenied

logger = logging.getLogger("trygga.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Titles are fixed per status (RFC 9457 lets them be localised); `detail` and `errors`
# carry what is particular to one occurrence, `code` is the stable value for programs.
TITLES = {
    400: _("Ogiltig indata"),
    401: _("Inte inloggad"),
    403: _("Åtkomst nekad"),
    404: _("Hittades inte"),
    405: _("Metoden är inte tillåten"),
    406: _("Formatet kan inte levereras"),
    413: _("För stor begäran"),
    415: _("Medietypen stöds inte"),
    429: _("För många förfrågningar"),
    500: _("Internt fel"),
}
NON_FIELD_KEYS = frozenset({"non_field_errors", "__all__"})


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("Begäran är större än vad servern tar emot.")
    default_code = "payload_too_large"


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as a flat list of {field, message, code}.

    Nested fields are joined with dots (`items.0.lat`); errors that belong to no field have
    an empty `field`.
    """
    if isinstance(detail, dict):
        items: list[dict[str, str]] = []
        for key, value in detail.items():
            name = "" if key in NON_FIELD_KEYS else (f"{prefix}.{key}" if prefix else str(key))
            items.extend(_flatten(value, name))
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, prefix)]
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": prefix, "message": str(detail), "code": str(code)}]


def problem(
    status_code: int,
    title: str,
    detail: str = "",
    errors: list[dict[str, str]] | None = None,
    *,
    code: str = "",
    instance: str = "",
) -> Response:
    """A problem-details response; empty members are left out."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status_code}
    if code:
        body["code"] = code
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, content_type=PROBLEM_CONTENT_TYPE)


def _as_api_exception(exc: Exception) -> Exception:
    """Domain and Django errors as the DRF exception of the same meaning."""
    if isinstance(exc, NotFound):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, Http404):
        # Django's own 404 messages name models and lookups: keep them out of answers.
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied | DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(get_error_detail(exc))
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    return exc


def _title(status_code: int) -> str:
    return str(TITLES.get(status_code, _("Fel")))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception of a view becomes a problem response."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        set_rollback()
        view = context.get("view")
        logger.error(
            "Unhandled exception in %s %s (%s)",
            getattr(request, "method", "?"),
            instance,
            type(view).__name__,
            exc_info=exc,
        )
        return problem(
            status.HTTP_500_INTERNAL_SERVER_ERROR,
            _title(500),
            str(_("Ett oväntat fel inträffade. Felet är loggat.")),
            code="server_error",
            instance=instance,
        )
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            response.status_code,
            _title(response.status_code),
            str(_("Rätta fälten nedan och försök igen.")),
            _flatten(exc.detail),
            code="invalid",
            instance=instance,
        )
    codes = exc.get_codes()
    result = problem(
        response.status_code,
        _title(response.status_code),
        str(exc.detail),
        code=codes if isinstance(codes, str) else exc.default_code,
        instance=instance,
    )
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            result[header] = response[header]
    return result


class NotFoundView(APIView):
    """Answers unknown URLs under /api/ with a problem 404 instead of Django's HTML page."""

    authentication_classes: list[type] = []
    schema = None  # not an endpoint of its own: keep it out of the OpenAPI schema
    permission_classes = [AllowAny]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()


# The schema of the error shape: two reusable components, Problem and ValidationProblem.


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="The request field, dotted for nested fields; empty for the whole request."
    )
    message = serializers.CharField(help_text="A message a person can read (Swedish).")
    code = serializers.CharField(help_text="A stable code, e.g. `required`, `invalid`.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details: the body of every error answer."""

    type = serializers.CharField(default="about:blank", help_text="Always `about:blank`.")
    title = serializers.CharField(help_text="Short summary of the status (localised).")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(
        required=False,
        help_text="Stable machine-readable code: `not_authenticated`, `authentication_failed`, "
        "`permission_denied`, `not_found`, `method_not_allowed`, `not_acceptable`, "
        "`unsupported_media_type`, `throttled`, `invalid`, `server_error`, ...",
    )
    detail = serializers.CharField(required=False, help_text="What went wrong this time.")
    instance = serializers.CharField(required=False, help_text="The path of the request.")


class ValidationProblemSerializer(ProblemSerializer):
    """A 400 problem: `errors` names each invalid field."""

    # DRF's metaclass takes declared fields off the class, so the name shadows nothing.
    errors = FieldErrorSerializer(many=True)  # type: ignore[assignment]
