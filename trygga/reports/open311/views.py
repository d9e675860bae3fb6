"""The Open311 GeoReport v2 endpoints under /open311/v2/ (docs/open311.md).

Plain Django views (docs/decisions/0011-open311-plain-views-and-lxml.md): each parses its
arguments, calls a selector or `submit_report`, and returns a document from `documents`,
written by `renderers` in the format the URL ends with (`.xml` or `.json`). Every refusal
is the spec's error list with the HTTP status the spec and the brief give: 400 a missing or
invalid argument (named), 403 a missing or invalid `api_key`, 404 an unknown jurisdiction,
service, request or token, 405 a wrong method, 413 a body over `MAX_POST_BYTES`, 429 a
rate-limited POST (with Retry-After; the submission is kept for staff, not lost), 500 an
unexpected failure (logged; a POST is kept too when the database still takes it).

`jurisdiction_id` is the municipality's SCB code (Eskilstuna 0484); it may be left out
while only one municipality is active, as the spec allows.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from trygga.core import idempotency
from trygga.core.errors import NotFound
from trygga.geography.models import Municipality
from trygga.reports import ratelimit, selectors
from trygga.reports.actions import hold_submission, submit_report
from trygga.reports.models import (
    Channel,
    HeldReason,
    Open311Key,
    Report,
    Service,
    ServiceAttribute,
)
from trygga.reports.open311 import documents
from trygga.reports.open311 import selectors as open311_selectors
from trygga.reports.open311.parsers import PostedRequest, parse_post
from trygga.reports.open311.renderers import CONTENT_TYPES, render

logger = logging.getLogger("trygga.open311")

MAX_POST_BYTES = 256 * 1024  # a 4,000-character description percent-encoded is under 50 KB
DEFAULT_WINDOW = timedelta(days=90)  # GeoReport v2: "a span of 90 days"
MAX_RECORDS = 1000  # "or first 1000 requests returned, whichever is smallest"
MAX_IDS = 1000


class Open311Error(Exception):
    """A refusal with its HTTP status and one description per error."""

    def __init__(
        self, status: int, *descriptions: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)
        self.headers = headers or {}


@dataclass
class Answer:
    root: str
    document: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def _respond(fmt: str, answer: Answer, *, public: bool) -> HttpResponse:
    response = HttpResponse(
        render(answer.root, answer.document, fmt),
        content_type=CONTENT_TYPES[fmt],
        status=answer.status,
    )
    for name, value in answer.headers.items():
        response[name] = value
    if public:  # public read-only data: any web app may read it
        response["Access-Control-Allow-Origin"] = "*"
    return response


def _error_answer(
    status: int, descriptions: list[str], headers: dict[str, str] | None = None
) -> Answer:
    return Answer(
        documents.ROOTS["errors"], documents.errors(status, descriptions), status, headers or {}
    )


def _field_errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            message if name in ("__all__", "") else f"{name}: {message}"
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return list(exc.messages)


def endpoint(*methods: str) -> Callable[..., Callable[..., HttpResponse]]:
    """Method check, error mapping and rendering around a view that returns an Answer."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorator(view: Callable[..., Answer]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, fmt: str = "xml", **kwargs: Any) -> HttpResponse:
            public = request.method in ("GET", "HEAD")
            if request.method not in allowed:
                answer = _error_answer(
                    405,
                    [_("Metoden %(method)s stöds inte här; använd %(allowed)s.")
                     % {"method": request.method, "allowed": ", ".join(sorted(methods))}],
                    {"Allow": ", ".join(sorted(allowed))},
                )  # fmt: skip
                return _respond(fmt, answer, public=False)
            try:
                answer = view(request, fmt=fmt, **kwargs)
            except Open311Error as exc:
                answer = _error_answer(exc.status, exc.descriptions, exc.headers)
            except NotFound as exc:
                answer = _error_answer(404, [str(exc)])
            except ValidationError as exc:
                answer = _error_answer(400, _field_errors(exc))
            except (RequestDataTooBig, TooManyFieldsSent):
                answer = _error_answer(413, [_("Begäran är för stor.")])
            except Exception:
                logger.exception("Open311 %s %s failed", request.method, request.path)
                answer = _error_answer(500, [_("Ett internt fel inträffade.")])
            return _respond(fmt, answer, public=public)

        return wrapper

    return decorator


# --- arguments ----------------------------------------------------------------------------


def jurisdiction(code: str) -> Municipality:
    """The active municipality with this SCB code; with no code, the only active one."""
    code = code.strip()
    if code:
        found = Municipality.objects.filter(code=code, is_active=True).first()
        if found is None:
            raise Open311Error(
                404, _("jurisdiction_id: %s finns inte (ange kommunens kod, t.ex. 0484).") % code
            )
        return found
    active = list(Municipality.objects.filter(is_active=True)[:2])
    if len(active) == 1:
        return active[0]
    if not active:
        raise Open311Error(404, _("jurisdiction_id: ingen kommun är aktiv på servern."))
    raise Open311Error(
        400, _("jurisdiction_id: saknas; servern har flera kommuner (ange kommunens kod).")
    )


def _comma_list(value: str) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))


def _moment(params: QueryDict, name: str) -> datetime | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))  # a '+' left unescaped in a query
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400, _("%s: ange tiden i W3C-format, t.ex. 2025-06-01T00:00:00Z.") % name
        )
    if timezone.is_naive(moment):
        raise Open311Error(400, _("%s: tiden måste ha en tidszon (Z eller +02:00).") % name)
    return moment


def _positive(params: QueryDict, name: str, default: int, maximum: int) -> int:
    value = params.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch("[0-9]{1,9}", value) or not 1 <= int(value) <= maximum:
        raise Open311Error(
            400,
            _("%(name)s: ange ett heltal från 1 till %(max)d.") % {"name": name, "max": maximum},
        )
    return int(value)


def _extensions(params: QueryDict) -> bool:
    return params.get("extensions", "").strip().lower() in ("true", "1")


# --- endpoints ----------------------------------------------------------------------------


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> Answer:
    """The Service Discovery document; `changeset` moves when a service or attribute does."""
    active = Municipality.objects.filter(is_active=True)
    changed = [
        Service.objects.filter(municipality__in=active).aggregate(m=Max("updated_at"))["m"],
        ServiceAttribute.objects.filter(service__municipality__in=active).aggregate(
            m=Max("updated_at")
        )["m"],
    ]
    latest = max((m for m in changed if m is not None), default=None)
    url = request.build_absolute_uri(request.path.rsplit("/", 1)[0])
    return Answer(
        documents.ROOTS["discovery"],
        documents.discovery(
            url=url,
            changeset=documents.w3c(latest) or "0",
            contact=settings.OPEN311_CONTACT
            or _("Frågor om gränssnittet besvaras av kommunens samordnare för trygghetsarbete."),
            key_service=_(
                "En app som ska skicka in anmälningar får en API-nyckel av kommunen "
                "(administratören skapar den med kommandot trygga open311-key create)."
            ),
        ),
    )


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> Answer:
    municipality = jurisdiction(request.GET.get("jurisdiction_id", ""))
    items = [documents.service_item(s) for s in selectors.public_services(municipality)]
    return Answer(documents.ROOTS["services"], items)


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> Answer:
    municipality = jurisdiction(request.GET.get("jurisdiction_id", ""))
    service = _service(municipality, service_code)
    return Answer(documents.ROOTS["service_definition"], documents.service_definition(service))


def _service(municipality: Municipality, code: str) -> Service:
    try:
        return selectors.get_public_service(municipality, code)
    except NotFound:
        raise Open311Error(404, _("service_code: %s finns inte.") % code) from None


@endpoint("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> Answer:
    if request.method == "POST":
        return _create(request)
    return _search(request)


def _search(request: HttpRequest) -> Answer:
    """GET Service Requests: newest first, the spec's 90 days and 1,000 records by default,
    pages with the `page`/`page_size` extension; `service_request_id` overrides the rest."""
    params = request.GET
    municipality = jurisdiction(params.get("jurisdiction_id", ""))
    page = _positive(params, "page", 1, 1_000_000)
    page_size = _positive(params, "page_size", MAX_RECORDS, MAX_RECORDS)
    ids = _comma_list(params.get("service_request_id", ""))
    if len(ids) > MAX_IDS:
        raise Open311Error(400, _("service_request_id: högst %d id åt gången.") % MAX_IDS)
    if ids:
        query = selectors.PublicQuery(service_request_ids=ids)
    else:
        query = _window_query(municipality, params)
    extensions = _extensions(params)
    found = open311_selectors.public_reports_page(
        municipality, query, offset=(page - 1) * page_size, limit=page_size, with_history=extensions
    )
    items = [documents.request_item(r, request, extensions=extensions) for r in found]
    return Answer(documents.ROOTS["service_requests"], items)


def _window_query(municipality: Municipality, params: QueryDict) -> selectors.PublicQuery:
    codes = _comma_list(params.get("service_code", ""))
    if codes:
        known = set(
            selectors.public_services(municipality)
            .filter(service_code__in=codes)
            .values_list("service_code", flat=True)
        )
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise Open311Error(404, _("service_code: %s finns inte.") % ", ".join(unknown))
    statuses = _comma_list(params.get("status", "").lower())
    wrong = [s for s in statuses if s not in ("open", "closed")]
    if wrong:
        raise Open311Error(
            400, _("status: %s är ingen status; ange open eller closed.") % ", ".join(wrong)
        )
    start, end = _moment(params, "start_date"), _moment(params, "end_date")
    if start is not None and end is not None:
        if end < start:
            raise Open311Error(400, _("end_date: ligger före start_date."))
        if end - start > DEFAULT_WINDOW:
            raise Open311Error(400, _("start_date, end_date: spannet får vara högst 90 dagar."))
    elif start is not None:
        end = start + DEFAULT_WINDOW
    elif end is not None:
        start = end - DEFAULT_WINDOW
    else:
        end = timezone.now()
        start = end - DEFAULT_WINDOW
    return selectors.PublicQuery(
        service_codes=codes or None,
        start=start,
        end=end,
        open311_statuses=statuses or None,
    )


def _form(request: HttpRequest) -> QueryDict:
    """The POSTed fields, with query-string fields as a fallback (some clients, and the
    official Swagger description, send `api_key` in the query string)."""
    merged = request.GET.copy()
    for key in request.POST:
        merged.setlist(key, request.POST.getlist(key))
    return merged


def _client(request: HttpRequest, key: Open311Key, posted: PostedRequest) -> str:
    """Who a submission comes from, as the app knows them: its device or account id, the
    e-mail address, else the address the request came from."""
    who = (
        posted.device_id or posted.account_id or posted.email or request.META.get("REMOTE_ADDR", "")
    )
    return ratelimit.client_hash("open311", str(key.pk), who)


def _create(request: HttpRequest) -> Answer:
    """POST Service Request (see the module docstring for the refusals)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length) > MAX_POST_BYTES:
        raise Open311Error(413, _("Begäran är för stor: högst %d kB.") % (MAX_POST_BYTES // 1024))
    posted = parse_post(_form(request))
    municipality = jurisdiction(posted.jurisdiction_id)
    key = selectors.authenticate_open311_key(posted.api_key, municipality)
    if key is None:
        raise Open311Error(
            403,
            _("api_key: saknas eller är ogiltig; anmälan kan inte tas emot.")
            if posted.api_key
            else _("api_key: saknas; en app behöver en nyckel från kommunen."),
        )
    if not posted.service_code:
        raise Open311Error(400, _("service_code: saknas."))
    service = _service(municipality, posted.service_code)
    if posted.errors:
        raise Open311Error(400, *(f"{name}: {text}" for name, text in posted.errors.items()))

    # A retry of a request already stored (its answer was lost) gets the same answer again,
    # before the rate limits count it (decision 0018).
    try:
        once_key = idempotency.key_of(request)
    except idempotency.IdempotencyError as exc:
        raise Open311Error(exc.status, str(exc)) from None
    once_scope = f"open311:{key.pk}"
    once_print = idempotency.fingerprint(
        *(f"{k}={v}" for k, v in sorted(request.GET.lists()) if k != "api_key"),
        *(f"{k}={v}" for k, v in sorted(request.POST.lists()) if k != "api_key"),
    )

    def answer(report: Report) -> Answer:
        return Answer(
            documents.ROOTS["service_requests"],
            documents.post_response(
                report.service_request_id, service.service_notice, posted.account_id
            ),
        )

    if once_key is not None:
        try:
            done = idempotency.find(
                scope=once_scope, key=once_key, fingerprint=once_print, load=_report_by_pk
            )
        except idempotency.IdempotencyError as exc:
            raise Open311Error(exc.status, str(exc)) from None
        if done is not None:
            return answer(done)

    client = _client(request, key, posted)
    payload = {"service_code": service.service_code, **posted.as_payload()}
    with transaction.atomic():  # both counters in one commit
        decisions = (
            ratelimit.hit(
                scope="open311-key",
                client=ratelimit.client_hash("open311-key", str(key.pk)),
                limit=settings.OPEN311_KEY_RATE_LIMIT_COUNT,
            ),
            ratelimit.hit(scope="open311", client=client),
        )
    for decision in decisions:
        if not decision.allowed:
            hold_submission(
                municipality=municipality,
                channel=Channel.OPEN311,
                reason=HeldReason.RATE_LIMITED,
                payload=payload,
                client=client,
                open311_key=key,
            )
            raise Open311Error(
                429,
                _("För många anmälningar på kort tid. Anmälan är sparad och registreras av "
                  "kommunen; försök igen om %d sekunder med nästa.") % decision.retry_after,
                headers={"Retry-After": str(decision.retry_after)},
            )  # fmt: skip

    language = "en" if (translation.get_language() or "").startswith("en") else "sv"
    try:
        report, _replayed = idempotency.run_once(
            scope=once_scope,
            key=once_key,
            fingerprint=once_print,
            load=_report_by_pk,
            create=lambda: submit_report(
                actor=None,
                municipality=municipality,
                service=service,
                description=posted.description,
                lat=posted.lat,
                lon=posted.long,
                address_string=posted.address_string,
                address_id=posted.address_id,
                attributes=posted.attributes,
                media_url=posted.media_url,
                email=posted.email,
                first_name=posted.first_name,
                last_name=posted.last_name,
                phone=posted.phone,
                device_id=posted.device_id,
                account_id=posted.account_id,
                wants_updates=bool(posted.email),
                language=language,
                channel=Channel.OPEN311,
                open311_key=key,
            ),
        )
    except idempotency.IdempotencyError as exc:
        raise Open311Error(exc.status, str(exc)) from None
    except (ValidationError, NotFound):
        raise
    except Exception as exc:
        logger.exception("Open311 POST failed; keeping the submission")
        try:
            hold_submission(
                municipality=municipality,
                channel=Channel.OPEN311,
                reason=HeldReason.FAILED,
                payload=payload,
                error=repr(exc),
                client=client,
                open311_key=key,
            )
        except Exception:
            logger.exception("Open311 POST could not be kept either")
            raise exc from None
        raise Open311Error(
            500, _("Anmälan kunde inte registreras nu men är sparad och registreras av kommunen.")
        ) from exc
    return answer(report)


def _report_by_pk(pk: str) -> Report:
    return Report.objects.get(pk=int(pk))


@endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> Answer:
    municipality = jurisdiction(request.GET.get("jurisdiction_id", ""))
    query = selectors.PublicQuery(service_request_ids=[service_request_id])
    extensions = _extensions(request.GET)
    found = open311_selectors.public_reports_page(
        municipality, query, offset=0, limit=1, with_history=extensions
    )
    if not found:
        raise Open311Error(404, _("service_request_id: %s finns inte.") % service_request_id)
    item = documents.request_item(found[0], request, extensions=extensions)
    return Answer(documents.ROOTS["service_requests"], [item])


@endpoint("GET")
def token(request: HttpRequest, fmt: str, token: str) -> Answer:
    municipality = jurisdiction(request.GET.get("jurisdiction_id", ""))
    try:
        found = selectors.service_request_id_for_token(municipality, token)
    except NotFound:
        raise Open311Error(404, _("token: %s finns inte.") % token) from None
    return Answer(documents.ROOTS["service_requests"], documents.token_response(found, token))


@endpoint("GET", "POST")
def not_found(request: HttpRequest, fmt: str = "xml", rest: str = "") -> Answer:
    raise Open311Error(
        404,
        _("%s finns inte i GeoReport v2; se discovery.xml för adresserna.") % request.path,
    )
