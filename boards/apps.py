from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        # What boards adds to profiles (a lower app), per profiles/registry.py. Imported here because
        # models, and the modules that use them, load after the AppConfig (Django's app registry).
        from boards import services, views
        from boards.models import Board, Idea, Meeting, Registration, Vote
        from cmij.registry import Section
        from profiles import registry as profiles_registry
        from profiles.registry import Held

        for held in (
            Held(Meeting, "facilitators", "sessions_facilitated", ("title", "starts_at")),
            Held(Meeting, "created_by", "sessions_created", ("title", "starts_at")),
            Held(Board, "facilitators", "boards_facilitated", ("title", "session=meeting__title")),
            Held(Idea, "author_user", "ideas", ("board=board__title", "text", "status", "created_at"), deleting=services.ideas_anonymise),
            Held(Vote, "voter_user", "votes", ("board=board__title", "idea=idea__text", "created_at")),
            Held(Registration, "member", "registrations", ("session=meeting__title", "answer", "waiting", "created_at")),
            # A guest's: their ideas stay on the boards without a name, their votes stay counted.
            Held(Idea, "author_guest", expiring=services.guest_ideas_anonymise),
            Held(Vote, "voter_guest"),
        ):  # fmt: skip
            profiles_registry.personal_data.add(held)
        profiles_registry.profile_sections.add(
            Section("boards/profile_meetings.html", views.profile_section, position=20)
        )
