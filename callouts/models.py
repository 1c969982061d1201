"""Callouts (oproepen), the private threads of responses, follows, notifications and the digest log;
and the UIT-agenda: the members' events and the campaigns (zichtbaarheid) that gather them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 120
BODY_MAX = 4000
RESPONSE_MAX = 2000
DEFAULT_LIFETIME = timedelta(weeks=6)
LONGEST_LIFETIME = timedelta(days=365)


def default_expiry() -> date:
    return timezone.localdate() + DEFAULT_LIFETIME


class Callout(models.Model):
    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("Wanted: collaboration")
        VENUE = "venue", _("Wanted: space or venue")
        PEOPLE = "people", _("Wanted: people")
        ADVICE = "advice", _("Wanted: advice")
        OFFERED = "offered", _("Offered")
        TIP = "tip", _("Tip or information")

    #: The kinds that are "gezocht" (wanted), so a filter can ask for all of them at once.
    WANTED = frozenset({Kind.COLLABORATION, Kind.VENUE, Kind.PEOPLE, Kind.ADVICE})

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Found!")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="callouts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(
        _("text"),
        max_length=BODY_MAX,
        validators=[MaxLengthValidator(BODY_MAX)],
        help_text=_("Markdown: *italic*, **bold**, lists, links."),
    )
    #: The body as Markdown rendered and sanitised with nh3, made once on save.
    body_html = models.TextField(editable=False, blank=True)
    disciplines = models.ManyToManyField(
        "profiles.Discipline", verbose_name=_("disciplines"), blank=True, related_name="callouts"
    )
    topics = models.ManyToManyField(
        "boards.Topic", verbose_name=_("topics"), blank=True, related_name="callouts"
    )
    municipality = models.ForeignKey(
        "profiles.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callouts",
        help_text=_("Leave empty for all of IJmond."),
    )
    happens_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    expires_on = models.DateField(_("visible until"), default=default_expiry)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("callout")
        verbose_name_plural = _("callouts")
        indexes = [models.Index(fields=["status", "expires_on"], name="callout_in_feed")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("callouts:callout", kwargs={"callout_id": self.pk})

    def clean(self) -> None:
        today = timezone.localdate()
        if self.expires_on is not None and self.expires_on < today:
            raise ValidationError({"expires_on": _("The end date cannot be in the past.")})
        if self.expires_on is not None and self.expires_on > today + LONGEST_LIFETIME:
            raise ValidationError({"expires_on": _("A callout can stay up for at most a year.")})

    @property
    def is_wanted(self) -> bool:
        return self.kind in self.WANTED

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def in_feed(self) -> bool:
        return self.status == self.Status.OPEN and not self.is_expired and not self.is_hidden


class Response(models.Model):
    """One message in the private thread between a callout's author and one responder."""

    callout = models.ForeignKey(Callout, on_delete=models.CASCADE, related_name="responses")
    #: The member who responded: the thread is (callout, responder), whoever sent this message.
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(
        _("message"), max_length=RESPONSE_MAX, validators=[MaxLengthValidator(RESPONSE_MAX)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["callout", "responder"], name="response_thread")]

    def __str__(self) -> str:
        return f"{self.callout} ({self.created_at:%Y-%m-%d %H:%M})"


class Follow(models.Model):
    """A member follows a discipline or a municipality, and hears of new callouts that match it."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    discipline = models.ForeignKey("profiles.Discipline", on_delete=models.CASCADE, null=True, blank=True)
    municipality = models.ForeignKey("profiles.Municipality", on_delete=models.CASCADE, null=True, blank=True)
    muted = models.BooleanField(_("muted"), default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discipline__isnull=True) ^ models.Q(municipality__isnull=True),
                name="follow_one_thing",
            ),
            models.UniqueConstraint(fields=["member", "discipline"], name="follow_discipline_once"),
            models.UniqueConstraint(fields=["member", "municipality"], name="follow_municipality_once"),
        ]

    def __str__(self) -> str:
        return str(self.thing)

    @property
    def thing(self) -> object:
        return self.discipline or self.municipality


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


class CalloutMute(models.Model):
    """A member hears nothing more about this callout (responses, replies)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    callout = models.ForeignKey(Callout, on_delete=models.CASCADE, related_name="mutes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "callout"], name="mute_once")]

    def __str__(self) -> str:
        return str(self.callout)


class Report(models.Model):
    """A member thinks a callout does not belong here; organisers decide."""

    callout = models.ForeignKey(Callout, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong with it?"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["callout", "reporter"], name="report_once")]

    def __str__(self) -> str:
        return self.reason


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

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    callout = models.ForeignKey(Callout, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    url = models.CharField(max_length=300)
    #: What the notification is about when it is not a callout: an event's, task's or team's name.
    subject = models.CharField(max_length=200, blank=True)
    #: A reason given with it, e.g. why an event was not published.
    detail = models.CharField(max_length=500, blank=True)
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


# --- the UIT-agenda -------------------------------------------------------------------------------


class Campaign(models.Model):
    """A campaign (e.g. the June visibility campaign): a tag on events with its own public page and feed."""

    slug = models.SlugField(unique=True, max_length=90)
    name = models.CharField(_("name"), max_length=120)
    text = models.TextField(
        _("text"), max_length=4000, blank=True, help_text=_("Markdown: *italic*, **bold**, lists, links.")
    )
    text_html = models.TextField(editable=False, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("callouts:campaign", kwargs={"slug": self.slug})


class Event(models.Model):
    """An event in the UIT-agenda, submitted by a member and published after an organiser approved it.

    `uid` never changes; `sequence` rises on every change after publication, so calendar apps update
    (RFC 5545). A cancelled event stays published and is sent with STATUS:CANCELLED.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        REFUSED = "refused", _("Not published")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(
        _("description"),
        max_length=BODY_MAX,
        blank=True,
        validators=[MaxLengthValidator(BODY_MAX)],
        help_text=_("Markdown: *italic*, **bold**, lists, links."),
    )
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    municipality = models.ForeignKey(
        "profiles.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kern = models.ForeignKey(
        "profiles.Kern",
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    disciplines = models.ManyToManyField(
        "profiles.Discipline", verbose_name=_("disciplines"), blank=True, related_name="events"
    )
    free = models.BooleanField(_("free entry"), default=False)
    price = models.CharField(_("price"), max_length=80, blank=True)
    link = models.URLField(_("link"), blank=True)
    image = models.FileField(upload_to="events/images/", blank=True)
    #: Makers with an account; shown with a link where their profile is public, by name otherwise.
    makers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("makers"), blank=True, related_name="events_made"
    )
    #: Makers without an account, by name.
    maker_names = models.CharField(_("other makers"), max_length=300, blank=True)
    campaigns = models.ManyToManyField(
        Campaign, verbose_name=_("campaigns"), blank=True, related_name="events"
    )
    topics = models.ManyToManyField(
        "boards.Topic", verbose_name=_("topics"), blank=True, related_name="events"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="events_submitted"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    refused_reason = models.CharField(_("reason"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("callouts:event", kwargs={"event_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
