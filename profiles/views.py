"""Thin views: the directory, profile pages and their photos, editing your profile, messages, your
data and leaving."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from cmij.forms import filter_chips
from cmij.images import image_response, stored_name
from cmij.registry import render_sections
from profiles import forms, permissions, registry, selectors, services
from profiles.limits import member_limited
from profiles.models import Profile

PAGE_SIZE = 24


@require_GET
@vary_on_headers("HX-Request", "Cookie")
def directory(request: HttpRequest) -> HttpResponse:
    """Members find each other; a visitor sees the public profiles. HTMX asks for the results only."""
    form = forms.DirectoryFilterForm(request.GET)
    query = form.query() if form.is_valid() else selectors.DirectoryQuery()
    profiles = selectors.directory_profiles(viewer=request.user, query=query)
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    context = {
        "form": form,
        "page": page,
        "query_string": params.urlencode(),
        "chips": filter_chips(form, params),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "profiles/directory.html#directory-results", context)
    return render(request, "profiles/directory.html", context)


def _visible_profile(request: HttpRequest, profile_id: int) -> Profile:
    profile = get_object_or_404(Profile.objects.select_related("user", "municipality", "kern"), pk=profile_id)
    if not permissions.can_view_profile(request.user, profile):
        # Not "forbidden": whether a members-only profile exists is itself members-only.
        raise Http404
    return profile


@require_GET
@vary_on_headers("Cookie")
def profile_page(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = _visible_profile(request, profile_id)
    return render(request, "profiles/profile.html", _profile_context(request, profile, forms.MessageForm()))


def _profile_context(request: HttpRequest, profile: Profile, message_form: forms.MessageForm) -> dict:
    return {
        "profile": profile,
        "is_owner": permissions.is_owner(request.user, profile),
        "show_email": permissions.can_see_email(request.user, profile),
        "can_contact": permissions.can_contact(request.user, profile.user),
        # What the member did elsewhere on the platform, from the apps above (profiles/registry.py).
        "sections": render_sections(registry.profile_sections, request, profile),
        "message_form": message_form,
    }


@require_GET
@cache_control(private=True, max_age=3600)
@vary_on_headers("Cookie")
def profile_photo(request: HttpRequest, profile_id: int, width: int | None = None) -> HttpResponse:
    """The photo, or one of its widths, under the profile's own visibility: never a public file
    address. Private to the browser, its 404 too (a members-only profile's photo, and whether it
    exists, are no shared cache's to keep)."""
    try:
        profile = _visible_profile(request, profile_id)
    except Http404:
        profile = None
    name = None
    if profile is not None and permissions.can_view_photo(request.user, profile):
        name = stored_name(profile.photo.name, profile.photo_width or 0, width)
    return image_response(name)


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    form = forms.ProfileForm(
        request.POST or None, request.FILES or None, instance=Profile.objects.get(pk=profile.pk)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        disciplines = list(data.pop("disciplines"))
        try:
            # photo: the upload, False when "clear" was ticked, None to keep it.
            services.profile_update(profile=profile, disciplines=disciplines, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect(profile)
    return render(request, "profiles/profile_form.html", {"form": form, "profile": profile},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@require_POST
@login_required
def message_send(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = _visible_profile(request, profile_id)
    form = forms.MessageForm(request.POST)
    if form.is_valid():
        try:
            with member_limited(request.user, "messages"):
                services.message_send(
                    sender=request.user, recipient=profile.user, body=form.cleaned_data["body"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your message was sent. %(name)s gets a notification.") % {"name": profile.display_name},
            )
            return redirect(profile)
    return render(request, "profiles/profile.html", _profile_context(request, profile, form), status=400)


@require_GET
@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "profiles/messages.html",
        {
            "received": request.user.messages_received.select_related("sender__profile")[:100],
            "sent": request.user.messages_sent.select_related("recipient__profile")[:100],
        },
    )


@require_GET
@login_required
def data_download(request: HttpRequest) -> HttpResponse:
    """Everything about you, as JSON."""
    data = selectors.member_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cmij-mijn-gegevens-{stamp}.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.member_delete(user=user)
        messages.success(request, _("Your account was deleted. Thank you for taking part."))
        return redirect("home")
    return render(request, "profiles/account_delete.html", {"form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip
