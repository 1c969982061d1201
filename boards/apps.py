from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = _("Sessions")

    def ready(self) -> None:
        # What boards adds to profiles (a lower app), per profiles/registry.py. Imported here because
        # models, and the modules that use them, load after the AppConfig (Django's app registry).
        from boards import selectors, services, views
        from cmij.registry import Section
        from profiles import registry as profiles_registry

        profiles_registry.member_data.add(selectors.member_data)
        profiles_registry.member_deleting.add(services.ideas_anonymise)
        profiles_registry.profile_sections.add(
            Section("boards/profile_meetings.html", views.profile_section, position=20)
        )
