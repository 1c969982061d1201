"""Which part of the main navigation a page belongs to, so its link carries aria-current."""

from __future__ import annotations

from django.http import HttpRequest

# Each app's pages belong to one part of the menu (the notifications page sits with the callouts, where
# the bell's notifications mostly come from).
APP_SECTIONS = {
    "boards": "sessions",
    "archive": "archive",
    "teams": "teams",
    "callouts": "callouts",
    "notifications": "callouts",
    "agenda": "agenda",
    "profiles": "makers",
}


def section_of(app_name: str) -> str:
    return APP_SECTIONS.get(app_name, "")


def navigation(request: HttpRequest) -> dict[str, str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"nav_section": ""}
    return {"nav_section": section_of(match.app_name or "")}
