"""Admin for the taxonomy and sources (reference data); events are read-only here, since
every change to an event goes through trygga.events.actions with its audit row."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from trygga.events.models import Event, EventCategory, EventSource


@admin.register(EventCategory)
class EventCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "municipality", "parent", "is_active", "sort_order")
    list_filter = ("municipality", "is_active")
    search_fields = ("name", "code")


@admin.register(EventSource)
class EventSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "organisation")
    list_filter = ("kind",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("occurred_from", "category", "municipality", "district", "source")
    list_filter = ("source", "category", "confidentiality")
    list_select_related = ("category", "municipality", "district", "source")
    date_hierarchy = "occurred_from"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
