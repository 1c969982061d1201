from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from boards import selectors
from boards.models import Session


@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "boards/session_list.html",
        {"upcoming": selectors.upcoming_sessions(), "past": selectors.past_sessions()[:20]},
    )


@require_GET
def session_detail(request: HttpRequest, slug: str) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("municipality"), slug=slug)
    return render(request, "boards/session_detail.html", {"session": session})
