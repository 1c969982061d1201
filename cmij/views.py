from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST
from django.views.defaults import permission_denied as django_permission_denied
from django.views.defaults import server_error as django_server_error
from django.views.i18n import set_language as django_set_language
from django_htmx.http import HttpResponseClientRedirect

from cmij import home as home_page
from cmij.language import CHOSEN_BEFORE_LOGIN
from profiles import services as profile_services


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = home_page.happening(request.user) | home_page.for_member(request.user)
    return render(request, "home.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch. A member's choice is kept on their profile; a visitor's in the session,
    so that logging in keeps it (cmij.adapters.AccountAdapter.post_login)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            profile_services.profile_set_language(user=request.user, language=language)
        else:
            request.session[CHOSEN_BEFORE_LOGIN] = language
    return response


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"guest_days": settings.CMIJ_GUEST_RETENTION_DAYS})


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403. A visitor (nobody logged in) who opens a page they may not see gets a way in, not
    a refusal: the login page, and back to the page afterwards (a board page sends a visitor to its
    join page itself). An htmx request is redirected as a whole page (HX-Redirect), back to the
    page it came from. Someone logged in, and any request that would change something, is refused
    with 403 as before."""
    if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
        return django_permission_denied(request, exception)
    url = redirect_to_login(request.htmx.current_url_abs_path or request.get_full_path()).url
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


#: Seconds a client is asked to wait before sending again while the database is away.
RETRY_AFTER = 5


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. The database being away (restarted, connections cut) is not a bug: answer 503
    with Retry-After and say so, a notice for an htmx request, a page otherwise. Rendered without
    the database: no context processors, no session."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return django_server_error(request)
    if request.headers.get("HX-Request") == "true":
        body = render_to_string("components/unavailable_notice.html")
        response = HttpResponse(body, status=503)
        response["HX-Reswap"] = "none"  # the notice swaps out of band; the target stays as it was
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
