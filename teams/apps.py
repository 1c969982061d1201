from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("Action teams")

    def ready(self) -> None:
        # What teams adds to the lower apps' registries (profiles/registry.py, boards/registry.py,
        # archive/registry.py). Imported here because models, and the modules that use them, load
        # after the AppConfig.
        from django.db.models import Prefetch

        from archive import registry as archive_registry
        from boards import registry as boards_registry
        from cmij.registry import Section
        from profiles import registry as profiles_registry
        from profiles.registry import Held
        from teams import selectors, services, views
        from teams.models import ActionTeam, ReportBack, TeamMembership, TeamRequest, TeamTask, TeamUpdate

        for held in (
            Held(ActionTeam, "coordinator", "teams_coordinated", ("name", "goal", "created_at")),
            Held(ActionTeam, "created_by", "teams_created", ("name", "created_at")),
            Held(TeamMembership, "member", "team_memberships", ("team=team__name", "joined_at")),
            Held(TeamRequest, "requested_by", "team_requests", ("name", "goal", "status", "created_at")),
            Held(TeamRequest, "decided_by", "team_requests_decided", ("name", "status", "created_at")),
            Held(TeamTask, "owner", "tasks", ("team=team__name", "title", "status", "due_on")),
            Held(TeamUpdate, "author", "team_updates", ("team=team__name", "text", "created_at")),
            Held(ReportBack, "author", "report_backs", ("team=team__name", "session=meeting__title", "text", "updated_at")),
        ):  # fmt: skip
            profiles_registry.personal_data.add(held)
        profiles_registry.member_deleting.add(services.report_backs_name_review)

        boards_registry.programme_items.add(
            Section("teams/programme_report_backs.html", views.programme_report_backs)
        )
        boards_registry.projector_parts.add(
            boards_registry.ProjectorPart("teams/report_back_stage.html", selectors.report_back_on_projector)
        )
        boards_registry.idea_card_parts.add(
            boards_registry.IdeaCardPart(
                "teams/idea_card_teams.html", prefetch=(Prefetch("teams", to_attr="card_teams"),)
            )
        )
        archive_registry.timeline_sources.add(selectors.topic_timeline)
        archive_registry.summary_sections.add(Section("teams/summary_section.html", views.summary_section))
        archive_registry.draft_parts.add(selectors.summary_draft_part)
