from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from profiles import services
from profiles.models import Discipline, Kern, Municipality, Profile
from profiles.roles import is_organiser


class OrganiserAdmin(admin.ModelAdmin):
    """Organisers (staff members) manage these without per-model permissions to hand out."""

    def _organiser(self, request) -> bool:
        return is_organiser(request.user)

    def has_module_permission(self, request) -> bool:
        return self._organiser(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._organiser(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._organiser(request)

    def has_add_permission(self, request) -> bool:
        return self._organiser(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._organiser(request)


@admin.register(Discipline)
class DisciplineAdmin(OrganiserAdmin):
    list_display = ["name_nl", "name_en", "slug"]
    search_fields = ["name_nl", "name_en"]
    actions = ["merge"]

    @admin.action(description=_("Merge the selected disciplines into the oldest of them"))
    def merge(self, request, queryset) -> None:
        chosen = list(queryset.order_by("pk"))
        if len(chosen) < 2:
            self.message_user(request, _("Select at least two disciplines to merge."), messages.WARNING)
            return
        keep, others = chosen[0], chosen[1:]
        services.disciplines_merge(keep=keep, others=others)
        self.message_user(
            request,
            ngettext(
                "Merged %(count)d discipline into “%(keep)s”.",
                "Merged %(count)d disciplines into “%(keep)s”.",
                len(others),
            )
            % {"count": len(others), "keep": keep.name},
            messages.SUCCESS,
        )


class KernInline(admin.TabularInline):
    model = Kern
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(OrganiserAdmin):
    list_display = ["name", "slug"]
    inlines = [KernInline]


@admin.register(Profile)
class ProfileAdmin(OrganiserAdmin):
    list_display = ["display_name", "user", "municipality", "open_to_collaboration", "public"]
    list_filter = ["municipality", "disciplines", "public"]
    search_fields = ["display_name", "user__email"]
    autocomplete_fields = ["user"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class MemberAdmin(OrganiserAdmin, UserAdmin):
    """Members: organisers deactivate an account here (it cannot log in and leaves the directory).
    Only a superuser changes who is staff or superuser; organisers never delete accounts here (a
    member deletes their own, which keeps their ideas nameless)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined"]

    list_display = ["email", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email", "profile__display_name"]
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change) -> None:
        """A superuser switching an account off or on, or making it an organiser or not, here: its
        sockets follow at once, as with the deactivate action."""
        super().save_model(request, obj, form, change)
        if change and {"is_active", "is_staff"} & set(form.changed_data):
            services.member_rights_changed(user=obj)

    @admin.action(description=_("Deactivate the selected members"))
    def deactivate(self, request, queryset) -> None:
        count = 0
        for user in queryset.exclude(pk=request.user.pk):
            services.member_deactivate(user=user, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("Deactivated %(count)d member.", "Deactivated %(count)d members.", count)
            % {"count": count},
            messages.SUCCESS,
        )
