"""Chainable filters on events; no permission decisions (those live in selectors)."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from trygga.geography.models import Municipality


class EventQuerySet(models.QuerySet):
    def for_municipality(self, municipality: "Municipality") -> "EventQuerySet":
        """Events of the municipality, and county-level events of its county."""
        return self.filter(
            Q(municipality=municipality)
            | Q(municipality__isnull=True, county_id=municipality.county_id)
        )

    def between(self, start: datetime | None, end: datetime | None) -> "EventQuerySet":
        """Events that overlap [start, end): a window counts when any part of it falls inside."""
        qs = self
        if start is not None:
            qs = qs.filter(
                Q(occurred_to__gte=start) | Q(occurred_to__isnull=True, occurred_from__gte=start)
            )
        if end is not None:
            qs = qs.filter(occurred_from__lt=end)
        return qs

    def in_district(self, district_id: int) -> "EventQuerySet":
        return self.filter(district_id=district_id)

    def of_category(self, category_id: int) -> "EventQuerySet":
        return self.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))

    def from_source(self, source_id: int) -> "EventQuerySet":
        return self.filter(source_id=source_id)
