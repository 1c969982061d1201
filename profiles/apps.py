from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("Makers")

    def ready(self) -> None:
        # What profiles holds about a member (profiles/registry.py), and what notifications holds:
        # notifications imports no app, so profiles, the layer above it, says it. Imported here because
        # models load after the AppConfig.
        from allauth.account.models import EmailAddress

        from notifications.models import Digest, Notification, NotificationSettings
        from profiles import registry, selectors
        from profiles.models import Message, Profile
        from profiles.registry import Held

        for held in (
            Held(Profile, "user", "profile", export=selectors.profile_data),
            Held(EmailAddress, "user", "email_addresses", ("email", "verified", "primary")),
            Held(Message, "sender", "messages_sent", ("to=recipient__profile__display_name", "body", "created_at")),
            Held(Message, "recipient", "messages_received", ("from=sender__profile__display_name", "body", "created_at")),
            Held(NotificationSettings, "member", "notification_settings", export=selectors.notification_settings_data),
            Held(Notification, "recipient", "notifications", ("kind", "url", "subject", "detail", "created_at", "read_at")),
            Held(Notification, "actor", unexported=(
                "another member's notification of what this member did (a message, a response, a task): "
                "the act itself is in this member's data where it is kept; when the account goes the "
                "link goes (SET_NULL) and the line says “A member”"
            )),
            Held(Digest, "member", "digests", ("day", "notification_count")),
        ):  # fmt: skip
            registry.personal_data.add(held)
