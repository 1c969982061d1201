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
        from archive import registry as archive_registry
        from boards import registry as boards_registry
        from cmij.registry import Section
        from profiles import registry as profiles_registry

        profiles_registry.disciplines_merging.add(services.disciplines_merge)
        archive_registry.timeline_sources.add(selectors.topic_timeline)
        boards_registry.meeting_actions.add(
            Section("agenda/meeting_add_to_calendar.html", views.meeting_action)
        )
