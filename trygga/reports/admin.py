"""Admin for the configuration of reports (services, attributes, routing, target times,
templates). Reports, keys and held submissions are read-only here: every change to them
goes through trygga.reports.actions with its audit row."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from trygga.reports.models import (
    HeldSubmission,
    Open311Key,
    Report,
    ResponseTemplate,
    RoutingRule,
    Service,
    ServiceAttribute,
    TargetTime,
)


class ServiceAttributeInline(admin.StackedInline):
    model = ServiceAttribute
    extra = 0


class TargetTimeInline(admin.TabularInline):
    model = TargetTime
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "service_code", "municipality", "group", "category", "is_active")
    list_filter = ("municipality", "is_active", "group")
    search_fields = ("name", "service_code", "keywords")
    inlines = [ServiceAttributeInline, TargetTimeInline]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "municipality", "priority", "is_active")
    list_filter = ("municipality", "is_active")


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "organisation", "service", "status", "is_active")
    list_filter = ("municipality", "is_active")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("service_request_id", "service", "status", "responsible_organisation")
    list_filter = ("municipality", "status", "channel")
    list_select_related = ("service", "responsible_organisation")
    exclude = ("description", "attributes")  # the originals may hold personal data
    show_full_result_count = False


@admin.register(Open311Key)
class Open311KeyAdmin(ReadOnlyAdmin):
    list_display = ("name", "prefix", "municipality", "created_at", "revoked_at", "last_used_at")


@admin.register(HeldSubmission)
class HeldSubmissionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "municipality", "channel", "reason", "resolution")
    exclude = ("payload", "photo")
