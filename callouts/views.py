from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """The callout feed. Callouts themselves arrive with the callouts issue; until then it says so."""
    return render(request, "callouts/feed.html", {})
