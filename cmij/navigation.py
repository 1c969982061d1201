"""Which part of the main navigation a page belongs to, so its link carries aria-current."""

from __future__ import annotations

from django.http import HttpRequest

# url names (app:name) outside their app's own section
SECTIONS = {
    "boards:archive": "archive",
    "boards:summary": "archive",
    "boards:summary_edit": "archive",
    "boards:topics": "archive",
    "boards:topic": "archive",
    "boards:teams": "teams",
    "boards:team": "teams",
    "boards:team_edit": "teams",
    "boards:team_requests": "teams",
    "boards:team_from_idea": "teams",
    "boards:report_back_edit": "teams",
    "boards:report_back": "teams",
}
AGENDA_PREFIXES = ("event", "agenda", "campaign", "my_events", "session_ics", "sessions_ics")
APP_SECTIONS = {"boards": "sessions", "callouts": "callouts", "profiles": "makers"}


def section_of(app_name: str, url_name: str) -> str:
    if f"{app_name}:{url_name}" in SECTIONS:
        return SECTIONS[f"{app_name}:{url_name}"]
    if app_name == "callouts" and url_name.startswith(AGENDA_PREFIXES):
        return "agenda"
    return APP_SECTIONS.get(app_name, "")


def navigation(request: HttpRequest) -> dict[str, str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"nav_section": ""}
    return {"nav_section": section_of(match.app_name or "", match.url_name or "")}
