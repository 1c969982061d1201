"""Notifications: one row per recipient (rows first, pushes second), how each member wants to hear of
them, and the log of daily digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmij.fields import MultiLineCharField, SingleLineField


class NotificationSettings(models.Model):
    """How a member hears of things. Until they choose follows, they follow their profile."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately")
        DAILY = "daily", _("A daily digest")
        NEVER = "never", _("Never")

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(_("email me"), max_length=10, choices=Email.choices, default=Email.DAILY)
    follows_chosen = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.get_email_display()


class Notification(models.Model):
    """Rows first, pushes second: the bell counts these, the push only says "+1"."""

    class Kind(models.TextChoices):
        MATCH = "match", _("A new callout you follow")
        RESPONSE = "response", _("A response to your callout")
        REPLY = "reply", _("A reply to your response")
        HIDDEN = "hidden", _("Your callout was hidden")
        REPORT = "report", _("A callout was reported")
        MESSAGE = "message", _("A message from a member")
        EVENT_SUBMITTED = "event_submitted", _("An event waits for approval")
        EVENT_PUBLISHED = "event_published", _("Your event was published")
        EVENT_REFUSED = "event_refused", _("Your event was not published")
        TASK_ASSIGNED = "task_assigned", _("A task for you in an action team")
        TEAM_UPDATE = "team_update", _("An update from your action team")
        TEAM_REQUEST = "team_request", _("A request to start an action team")
        TEAM_REQUEST_DECIDED = "team_request_decided", _("Your request for an action team was answered")
        PROPOSAL_SCHEDULED = "proposal_scheduled", _("A topic you proposed is on the programme")
        PLACE_FREE = "place_free", _("A place came free for you at a session")
        SOURCE_EVENTS = "source_events", _("New events from a partner calendar wait for approval")
        CALLOUT_HELD = "callout_held", _("A member's first callout waits for approval")
        CALLOUT_APPROVED = "callout_approved", _("Your callout is online")
        NAME_REVIEW = "name_review", _("A deleted member's name, typed in a summary, to review")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # A string reference: notifications imports no app (docs/architecture.md, "Layers").
    callout = models.ForeignKey(
        "callouts.Callout", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    url = models.CharField(max_length=300)
    #: What the notification is about when it is not a callout: an event's, task's or team's name.
    subject = SingleLineField(max_length=200, blank=True)
    #: A reason given with it, e.g. why an event was not published.
    detail = MultiLineCharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url}"


class Digest(models.Model):
    """One daily digest sent to one member on one day: the digest command runs once per day."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    notification_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.day}"
