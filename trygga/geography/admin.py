"""Admin for reference geography."""

from django.contrib import admin

from trygga.geography.models import County, District, Municipality, Place


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("name", "code")
    exclude = ("boundary",)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "county", "is_active", "h3_resolution")
    list_filter = ("is_active", "county")
    search_fields = ("name", "code")
    exclude = ("boundary",)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "population", "is_priority", "boundary_is_approximate")
    list_filter = ("municipality", "is_priority")
    search_fields = ("name",)
    exclude = ("boundary",)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "district")
    list_filter = ("kind", "municipality")
    search_fields = ("name",)
