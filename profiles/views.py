from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from profiles import selectors


@require_GET
@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The makers, for members (profiles are members-only by default)."""
    page = Paginator(selectors.directory_profiles(), 24).get_page(request.GET.get("page"))
    return render(request, "profiles/directory.html", {"page": page})
