from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        # What the archive adds to the meeting page (boards/registry.py), and what it holds about a
        # member (profiles/registry.py). Imported here because models, and the modules that use them,
        # load after the AppConfig.
        from archive import services, views
        from archive.models import Summary, TopicProposal
        from boards import registry as boards_registry
        from cmij.registry import Section
        from profiles import registry as profiles_registry
        from profiles.registry import Held

        for held in (
            Held(Summary, "updated_by", "summaries_edited", ("session=meeting__title", "version", "updated_at")),
            Held(TopicProposal, "proposed_by", "topic_proposals", ("topic=topic__name", "reason", "created_at")),
            Held(TopicProposal, "supporters", "topic_proposals_supported", ("topic=topic__name", "created_at")),
        ):  # fmt: skip
            profiles_registry.personal_data.add(held)
        profiles_registry.member_deleting.add(services.summaries_name_review)

        boards_registry.meeting_intro.add(
            Section("archive/meeting_summary_actions.html", views.meeting_summary_actions)
        )
        boards_registry.programme_items.add(Section("archive/programme_topics.html", views.programme_topics))
        boards_registry.meeting_sections.add(
            Section("archive/proposals_for_meeting.html", views.meeting_proposals)
        )
