from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        # What the archive adds to the meeting page (boards/registry.py). Imported here because models,
        # and the modules that use them, load after the AppConfig.
        from archive import views
        from boards import registry as boards_registry
        from cmij.registry import Section

        boards_registry.meeting_intro.add(
            Section("archive/meeting_summary_actions.html", views.meeting_summary_actions)
        )
        boards_registry.programme_items.add(Section("archive/programme_topics.html", views.programme_topics))
        boards_registry.meeting_sections.add(
            Section("archive/proposals_for_meeting.html", views.meeting_proposals)
        )
