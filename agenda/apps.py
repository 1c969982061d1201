from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self) -> None:
        # What the agenda adds to the lower apps' registries (profiles/registry.py, archive/registry.py,
        # boards/registry.py). Imported here because models, and the modules that use them, load after
        # the AppConfig.
        from agenda import selectors, services, views
        from agenda.models import Event
        from archive import registry as archive_registry
        from boards import registry as boards_registry
        from cmij.registry import Section
        from profiles import registry as profiles_registry
        from profiles.registry import Held

        for held in (
            Held(Event, "submitted_by", "events_submitted", ("title", "starts_at", "status", "created_at")),
            Held(Event, "makers", "events_made", ("title", "starts_at", "status")),
        ):  # fmt: skip
            profiles_registry.personal_data.add(held)
        profiles_registry.disciplines_merging.add(services.disciplines_merge)
        archive_registry.timeline_sources.add(selectors.topic_timeline)
        boards_registry.meeting_actions.add(
            Section("agenda/meeting_add_to_calendar.html", views.meeting_action)
        )
