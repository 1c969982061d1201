"""Thin views: a form, one service call, a render. The feed answers HTMX with its partials."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from callouts import forms, permissions, rendering, selectors, services
from callouts.filters import FeedQuery
from callouts.models import Callout
from callouts.selectors import PAGE_SIZE
from cmij.decorators import role_required
from cmij.forms import filter_chips
from notifications import forms as notification_forms
from notifications import services as notification_services
from notifications.models import NotificationSettings
from profiles.limits import member_limited
from profiles.models import Profile
from profiles.roles import is_member


def _callout(callout_id: int) -> Callout:
    return get_object_or_404(selectors.callouts_for_cards(), pk=callout_id)


def _id_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


# --- the feed -------------------------------------------------------------------------------------


@require_GET
@vary_on_headers("HX-Request")
@role_required(is_member)
def feed(request: HttpRequest) -> HttpResponse:
    """Newest first; filters in the URL; HTMX asks for the results, "load more" or the new ones."""
    form = forms.FeedFilterForm(request.GET)
    query = form.feed_query(request.user) if form.is_valid() else FeedQuery()
    before, after = _id_param(request, "voor"), _id_param(request, "na")
    callouts = selectors.feed_page(query=query, before=before, after=after)
    filters = _filters_only(request)
    context = {
        "form": form,
        "callouts": callouts[:PAGE_SIZE],
        "has_more": len(callouts) > PAGE_SIZE and after is None,
        "query_string": filters.urlencode(),
        "chips": filter_chips(form, filters),
        "can_post": permissions.can_post_callout(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        if after is not None:
            return render(request, "callouts/feed.html#feed-newer", context)
        if before is not None:
            return render(request, "callouts/feed.html#feed-page", context)
        return render(request, "callouts/feed.html#feed-results", context)
    return render(request, "callouts/feed.html", context)


def _filters_only(request: HttpRequest) -> QueryDict:
    params = request.GET.copy()
    for name in ("voor", "na"):
        params.pop(name, None)
    return params


# --- one callout ----------------------------------------------------------------------------------


@require_GET
@role_required(is_member)
def callout_detail(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    if not permissions.can_view_callout(request.user, callout):
        raise PermissionDenied
    return render(request, "callouts/callout.html", _detail_context(request, callout))


def _detail_context(request: HttpRequest, callout: Callout, **forms_given) -> dict:
    user = request.user
    return {
        "callout": callout,
        "is_author": callout.author_id == user.pk,
        "can_change": permissions.can_change_callout(user, callout),
        "can_respond": permissions.can_respond(user, callout),
        "can_report": permissions.can_report(user, callout),
        "can_hide": permissions.can_hide(user),
        "threads": selectors.threads(callout=callout, viewer=user),
        "muted": selectors.has_muted(user, callout),
        "response_form": forms_given.get("response_form") or forms.ResponseForm(),
        "report_form": forms_given.get("report_form") or forms.ReportForm(),
        "hide_form": forms_given.get("hide_form") or forms.HideForm(),
    }


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def callout_create(request: HttpRequest) -> HttpResponse:
    form = forms.CalloutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with member_limited(request.user, "callouts"):
                callout = services.callout_create(author=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if callout.is_held:
                messages.success(
                    request,
                    _(
                        "Thank you! An organiser looks at your first callout; then it is online and its followers hear of it."
                    ),
                )
            else:
                messages.success(request, _("Your callout is online."))
            return redirect(callout)
    return render(request, "callouts/callout_form.html", {"form": form, "callout": None},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def callout_edit(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    if not permissions.can_change_callout(request.user, callout):
        raise PermissionDenied
    form = forms.CalloutForm(request.POST or None, instance=Callout.objects.get(pk=callout.pk))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.callout_update(callout=callout, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your callout was saved."))
            return redirect(callout)
    return render(request, "callouts/callout_form.html", {"form": form, "callout": callout},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


def _author_action(service: Callable[..., object], done: object) -> Callable[..., HttpResponse]:
    """Close, reopen, renew: a POST by the author, one service call, back to the callout."""

    @require_POST
    @role_required(is_member)
    def view(request: HttpRequest, callout_id: int) -> HttpResponse:
        callout = _callout(callout_id)
        service(callout=callout, by=request.user)
        messages.success(request, str(done))
        return redirect(callout)

    return view


callout_close = _author_action(
    services.callout_close, gettext_lazy("Marked as found. Your callout left the feed.")
)
callout_reopen = _author_action(services.callout_reopen, gettext_lazy("Your callout is open again."))
callout_renew = _author_action(
    services.callout_renew, gettext_lazy("Your callout stays up for six more weeks.")
)


@require_POST
@role_required(is_member)
def callout_delete(request: HttpRequest, callout_id: int) -> HttpResponse:
    services.callout_delete(callout=_callout(callout_id), by=request.user)
    messages.success(request, _("Your callout was deleted."))
    return redirect("callouts:feed")


@require_POST
@role_required(is_member)
def callout_respond(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    if not permissions.can_view_callout(request.user, callout):
        raise PermissionDenied
    form = forms.ResponseForm(request.POST)
    responder_id = request.POST.get("responder", "")
    responder = (
        get_user_model().objects.filter(pk=int(responder_id)).first() if responder_id.isdigit() else None
    )
    if form.is_valid():
        try:
            with member_limited(request.user, "responses"):
                services.response_create(
                    callout=callout, sender=request.user, body=form.cleaned_data["body"], responder=responder
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message was sent."))
            thread = responder.pk if responder is not None else request.user.pk
            return HttpResponseRedirect(rendering.thread_url(callout, thread))
    context = _detail_context(request, callout, response_form=form)
    context["response_error_for"] = responder.pk if responder is not None else None
    return render(request, "callouts/callout.html", context, status=400)


@require_POST
@role_required(is_member)
def callout_mute(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    muted = request.POST.get("muted") == "1"
    services.callout_mute(callout=callout, member=request.user, muted=muted)
    messages.success(
        request,
        _("You will hear nothing more about this callout.")
        if muted
        else _("You will hear about this callout again."),
    )
    return redirect(callout)


@require_POST
@role_required(is_member)
def callout_report(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    form = forms.ReportForm(request.POST)
    if form.is_valid():
        try:
            with member_limited(request.user, "reports"):
                services.report_create(callout=callout, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The organisers will look at it."))
            return redirect(callout)
    return render(
        request, "callouts/callout.html", _detail_context(request, callout, report_form=form), status=400
    )


@require_POST
@role_required(is_member)
def callout_hide(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    form = forms.HideForm(request.POST)
    if not permissions.can_hide(request.user):
        raise PermissionDenied
    if form.is_valid():
        services.callout_hide(callout=callout, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The callout is hidden; its author sees your reason."))
        return redirect(callout)
    return render(
        request, "callouts/callout.html", _detail_context(request, callout, hide_form=form), status=400
    )


@require_POST
@role_required(is_member)
def callout_unhide(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    services.callout_unhide(callout=callout, by=request.user)
    messages.success(request, _("The callout is visible again."))
    return redirect(callout)


@require_POST
@role_required(is_member)
def callout_approve(request: HttpRequest, callout_id: int) -> HttpResponse:
    callout = _callout(callout_id)
    try:
        services.callout_approve(callout=callout, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The callout is online; its followers hear of it."))
    return redirect(callout)


@require_GET
@role_required(is_member)
def reports(request: HttpRequest) -> HttpResponse:
    """For organisers: members' first callouts waiting for approval, and reported callouts."""
    if not permissions.can_hide(request.user):
        raise PermissionDenied
    context = {
        "held": selectors.held_callouts(),
        "reports": selectors.open_reports(),
        "hide_form": forms.HideForm(),
    }
    return render(request, "callouts/reports.html", context)


# --- follows and email ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(is_member)
def follows(request: HttpRequest) -> HttpResponse:
    choices = NotificationSettings.objects.filter(member=request.user).first()
    email_form = notification_forms.EmailSettingsForm(
        request.POST if request.POST.get("form") == "email" else None,
        instance=choices or NotificationSettings(member=request.user),
    )
    follow_form = forms.FollowForm(request.POST if request.POST.get("form") == "follow" else None)
    if request.method == "POST":
        if email_form.is_bound and email_form.is_valid():
            notification_services.email_setting_update(
                member=request.user, email=email_form.cleaned_data["email"]
            )
            messages.success(request, _("Your email choice was saved."))
            return redirect("callouts:follows")
        if follow_form.is_bound and follow_form.is_valid():
            services.follow_add(member=request.user, **follow_form.cleaned_data)
            messages.success(request, _("You follow it now."))
            return redirect("callouts:follows")
    return render(
        request,
        "callouts/follows.html",
        {
            "follows": selectors.follows(request.user),
            "follow_form": follow_form,
            "email_form": email_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(is_member)
def follow_change(request: HttpRequest, follow_id: int) -> HttpResponse:
    """Mute, unmute or stop a follow. The first change turns the profile's follows into your own."""
    action = request.POST.get("action")
    if action == "remove":
        services.follow_remove(member=request.user, follow_id=follow_id)
    elif action in ("mute", "unmute"):
        services.follow_set_muted(member=request.user, follow_id=follow_id, muted=action == "mute")
    else:
        messages.error(request, _("That did not work. Please try again."))
    return redirect("callouts:follows")


@require_POST
@role_required(is_member)
def profile_follow_change(request: HttpRequest) -> HttpResponse:
    """The same, for a follow that still comes from the profile (no row yet): make rows, then change."""
    form = forms.FollowForm(request.POST)
    action = request.POST.get("action")
    if not form.is_valid() or action not in ("remove", "mute"):
        messages.error(request, _("That did not work. Please try again."))
        return redirect("callouts:follows")
    follow = services.follow_add(member=request.user, **form.cleaned_data)
    if action == "remove":
        services.follow_remove(member=request.user, follow_id=follow.pk)
    else:
        services.follow_set_muted(member=request.user, follow_id=follow.pk, muted=True)
    return redirect("callouts:follows")


# --- what callouts adds to the profile page (profiles/registry.py) --------------------------------


def profile_section(request: HttpRequest, profile: Profile) -> dict | None:
    """A member's open callouts on their profile page (profiles/registry.py). Callouts carry members'
    names: members see them."""
    if not is_member(request.user):
        return None
    callouts = list(selectors.in_feed().filter(author=profile.user))
    return {"callouts": callouts} if callouts else None
