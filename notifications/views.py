"""Thin views for the notifications page: the list, opening one, marking all read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cmij.decorators import role_required
from notifications import permissions, selectors, services

# --- notifications --------------------------------------------------------------------------------


@require_GET
@role_required(permissions.has_notifications)
def notifications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/notifications.html",
        {"notifications": selectors.notifications(request.user)[:100]},
    )


@require_POST
@role_required(permissions.has_notifications)
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark read and go where it points."""
    notification = get_object_or_404(selectors.notifications(request.user), pk=notification_id)
    services.notification_read(member=request.user, notification_id=notification.pk)
    return HttpResponseRedirect(notification.url)


@require_POST
@role_required(permissions.has_notifications)
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_read_all(member=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect(reverse("notifications:notifications"))
