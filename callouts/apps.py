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
        from cmij.registry import Section
        from profiles import registry as profiles_registry

        profiles_registry.member_data.add(selectors.member_data)
        profiles_registry.disciplines_merging.add(services.disciplines_merge)
        archive_registry.timeline_sources.add(selectors.topic_timeline)
        profiles_registry.profile_sections.add(
            Section("callouts/profile_callouts.html", views.profile_section, position=10)
        )
