"""Filters of the staff pages: an event's place and time as text."""

from django import template

from trygga.events.models import Event
from trygga.geography.models import Municipality
from trygga.web import display

register = template.Library()


@register.filter
def event_place(event: Event, municipality: Municipality | None = None) -> str:
    return display.event_place(event, municipality)


@register.filter
def event_time(event: Event) -> str:
    return display.event_time(event)
