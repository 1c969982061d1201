from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from boards import selectors as board_selectors
from profiles import services as profile_services


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"upcoming": board_selectors.upcoming_sessions()[:3]})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and for a member the choice is kept on their profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        profile_services.profile_set_language(user=request.user, language=language)
    return response


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"guest_days": settings.CMIJ_GUEST_RETENTION_DAYS})
