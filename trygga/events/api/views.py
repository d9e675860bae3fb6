"""Categories, sources and events of a municipality; logging an event.

Reads go through `trygga.events.selectors` (the access check lives there), the write
through `trygga.events.actions.create_event`; errors become problem details in
`config.api.exception_handler`.
"""

import json
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import PROBLEM_CONTENT_TYPE, ValidationProblemSerializer
from trygga.accounts.api.scoping import MUNICIPALITY_CODE, MunicipalityScopedView
from trygga.core import idempotency
from trygga.events import actions
from trygga.events.api.serializers import (
    CategorySerializer,
    EventCreateSerializer,
    EventFilterSerializer,
    EventSerializer,
    SourceSerializer,
)
from trygga.events.models import Event, EventCategory, EventSource
from trygga.events.selectors import (
    categories_for,
    events_for_list,
    get_event_for_viewer,
    sources_for,
)

EVENT_ID = OpenApiParameter(
    "event_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The event's id."
)


class IdempotencyRefused(exceptions.APIException):
    """A malformed Idempotency-Key (400) or one used for another request (422)."""

    default_code = "idempotency_key"

    def __init__(self, detail: str, status_code: int) -> None:
        super().__init__(detail)
        self.status_code = status_code


class CategoryListView(MunicipalityScopedView, generics.ListAPIView):
    serializer_class = CategorySerializer
    queryset = EventCategory.objects.none()
    pagination_class = None  # a taxonomy of tens of categories

    def get_queryset(self) -> Any:
        return categories_for(self.municipality).select_related("parent")

    @extend_schema(
        summary="Event categories: the shared taxonomy and the municipality's own",
        parameters=[MUNICIPALITY_CODE],
        tags=["events"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SourceListView(MunicipalityScopedView, generics.ListAPIView):
    serializer_class = SourceSerializer
    queryset = EventSource.objects.none()
    pagination_class = None  # a handful of sources per municipality

    def get_queryset(self) -> Any:
        return sources_for(self.municipality).select_related("organisation")

    @extend_schema(
        summary="Where the municipality's events come from",
        parameters=[MUNICIPALITY_CODE],
        tags=["events"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class EventListView(MunicipalityScopedView, generics.ListCreateAPIView):
    queryset = Event.objects.none()

    def get_serializer_class(self) -> Any:
        return EventCreateSerializer if self.request.method == "POST" else EventSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["municipality"] = getattr(self, "municipality", None)
        return context

    def get_queryset(self) -> Any:
        # A blank parameter (`?from=&to=`, as an HTML form sends it) means no filter.
        params = {key: value for key, value in self.request.query_params.items() if value}
        filters = EventFilterSerializer(data=params, context=self.get_serializer_context())
        filters.is_valid(raise_exception=True)
        return events_for_list(self.request.user, self.municipality, filters.event_filter())

    @extend_schema(
        summary="The events the caller may read, newest first",
        description="Restricted events are listed only for their own organisation and for "
        "coordinators and administrators. Events known only by their area (the police feed) "
        'have `location.type = "area"`: the centroid is not where the event happened.',
        parameters=[MUNICIPALITY_CODE, EventFilterSerializer],
        responses={
            200: EventSerializer(many=True),
            (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ValidationProblemSerializer, description="A filter is invalid or unknown."
            ),
        },
        tags=["events"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Log an event (a field report) at a point or an address",
        description="The point must lie inside the municipality (else a 400 naming "
        "`location`); the event is placed in its district and H3 cell.",
        parameters=[
            MUNICIPALITY_CODE,
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="One per logical request (e.g. a UUID): the same request sent "
                "again with the same key gets the event already logged (200) instead of a "
                "second one; the same key with other content is a 422.",
            ),
        ],
        request=EventCreateSerializer,
        responses={201: EventSerializer, 200: EventSerializer},
        tags=["events"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = EventCreateSerializer(data=request.data, context=self.get_serializer_context())
        try:
            # A retry with the same Idempotency-Key gets the event already logged (0018).
            key = idempotency.key_of(request)
            event, replayed = idempotency.run_once(
                scope=f"api-events:{request.user.pk}",
                key=key,
                fingerprint=idempotency.fingerprint(
                    self.municipality.code, json.dumps(request.data, sort_keys=True, default=str)
                ),
                load=lambda pk: Event.objects.get(pk=int(pk), municipality=self.municipality),
                create=lambda: self._create(request, serializer),
            )
        except idempotency.IdempotencyError as exc:
            raise IdempotencyRefused(str(exc), exc.status) from None
        return Response(
            EventSerializer(event).data,
            status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED,
        )

    def _create(self, request: Request, serializer: EventCreateSerializer) -> Event:
        serializer.is_valid(raise_exception=True)
        return actions.create_event(
            actor=request.user, municipality=self.municipality, **serializer.validated_data
        )


class EventDetailView(MunicipalityScopedView, generics.RetrieveAPIView):
    serializer_class = EventSerializer
    queryset = Event.objects.none()

    def get_object(self) -> Event:
        return get_event_for_viewer(
            self.request.user,
            self.municipality,
            self.kwargs["event_id"],
            ip_address=self.request.META.get("REMOTE_ADDR"),
        )

    @extend_schema(
        summary="One event; 404 when it is missing or the caller may not read it",
        parameters=[MUNICIPALITY_CODE, EVENT_ID],
        tags=["events"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
