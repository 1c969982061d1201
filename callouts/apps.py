from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalloutsConfig(AppConfig):
    name = "callouts"
    verbose_name = _("Callouts")

    def ready(self) -> None:
        # What callouts adds to the lower apps' registries (profiles/registry.py, archive/registry.py).
        # Imported here because models, and the modules that use them, load after the AppConfig.
        from archive import registry as archive_registry
        from callouts import selectors, services, views
        from callouts.models import Callout, CalloutMute, Follow, Report, Response, TrustedAuthor
        from cmij.registry import Section
        from profiles import registry as profiles_registry
        from profiles.registry import Held

        for held in (
            Held(Callout, "author", "callouts", ("title", "kind", "body", "status", "created_at", "expires_on", "held_at", "reach_reason")),
            Held(Callout, "hidden_by", "callouts_hidden", ("title", "hidden_reason", "hidden_at")),
            Held(Response, "sender", "responses", ("callout=callout__title", "body", "created_at")),
            # The threads about callouts the member responded to, the callout's author's replies too.
            Held(Response, "responder", "response_threads", ("callout=callout__title", "from=sender__profile__display_name", "body", "created_at")),
            Held(Follow, "member", "follows", ("discipline=discipline__slug", "municipality=municipality__slug", "muted")),
            Held(CalloutMute, "member", "callout_mutes", ("callout=callout__title",)),
            Held(Report, "reporter", "reports", ("callout=callout__title", "reason", "created_at", "handled_at")),
            # Whether the member's callouts go online at once (an organiser approved one of theirs).
            Held(TrustedAuthor, "member", "callout_trust", ("since",)),
            Held(TrustedAuthor, "approved_by", "callout_authors_approved", ("member=member__profile__display_name", "since")),
        ):  # fmt: skip
            profiles_registry.personal_data.add(held)
        profiles_registry.disciplines_merging.add(services.disciplines_merge)
        archive_registry.timeline_sources.add(selectors.topic_timeline)
        profiles_registry.profile_sections.add(
            Section("callouts/profile_callouts.html", views.profile_section, position=10)
        )
