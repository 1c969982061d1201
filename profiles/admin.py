from __future__ import annotations

from django.contrib import admin

from profiles.models import Discipline, Kern, Municipality, Profile


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "slug"]
    search_fields = ["name_nl", "name_en"]


class KernInline(admin.TabularInline):
    model = Kern
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    inlines = [KernInline]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "municipality", "open_to_collaboration"]
    list_filter = ["municipality", "disciplines"]
    search_fields = ["display_name", "user__email"]
    autocomplete_fields = ["user"]
