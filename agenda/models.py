"""The UIT-agenda: the members' events and the campaigns (zichtbaarheid) that gather them."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmij.fields import MultiLineCharField, MultiLineField, SingleLineField
from cmij.images import sources

TITLE_MAX = 120
BODY_MAX = 4000


class Campaign(models.Model):
    """A campaign (e.g. the June visibility campaign): a tag on events with its own public page and feed."""

    slug = models.SlugField(unique=True, max_length=90)
    name = SingleLineField(_("name"), max_length=120)
    text = MultiLineField(
        _("text"), max_length=4000, blank=True, help_text=_("Markdown: *italic*, **bold**, lists, links.")
    )
    text_html = models.TextField(editable=False, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    #: An optional image for its page and the home page (cmij.images); its description is required with it.
    image = models.FileField(upload_to="campaigns/images/", blank=True)
    image_alt = SingleLineField(_("description of the image"), max_length=200, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agenda:campaign", kwargs={"slug": self.slug})

    @property
    def image_sources(self) -> list[tuple[str, int]]:
        """(address, width) of each width of the image, smallest first (for srcset)."""
        return sources("agenda:campaign_image", self.image_width if self.image else None, slug=self.slug)


class Source(models.Model):
    """A partner's calendar (an ICS address) whose events flow into the agenda (agenda/sources.py).

    It keeps the last good copy of the feed (a fetch answered 304 expands the series again from it,
    so the window moves every day) and the status of its last fetch, for the organisers."""

    class Result(models.TextChoices):
        NEVER = "", _("Not fetched yet")
        FETCHED = "fetched", _("Fetched")
        UNCHANGED = "unchanged", _("Unchanged since the last fetch")
        FAILED = "failed", _("Failed")

    name = SingleLineField(_("name"), max_length=120)
    url = models.CharField(
        _("calendar address (ICS)"),
        max_length=500,
        help_text=_("The address of the partner's calendar file; webcal:// is taken as https://."),
    )
    website = models.URLField(_("the partner's website"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        "profiles.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="agenda_sources",
        help_text=_("Its events are listed in this municipality."),
    )
    kern = models.ForeignKey(
        "profiles.Kern",
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_sources",
    )
    disciplines = models.ManyToManyField(
        "profiles.Discipline", verbose_name=_("disciplines"), blank=True, related_name="agenda_sources"
    )
    free = models.BooleanField(_("free entry"), default=False)
    publish_at_once = models.BooleanField(
        _("publish at once"),
        default=False,
        help_text=_("Off: its new events wait for an organiser's approval, as a member's do."),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Off: it is no longer fetched."))
    created_at = models.DateTimeField(auto_now_add=True)
    # The last good copy of the feed, and what to ask the partner's server with next time.
    body = models.BinaryField(null=True, editable=False)
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    # The last fetch, for the organisers.
    fetched_at = models.DateTimeField(_("last fetch"), null=True, blank=True, editable=False)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.NEVER, blank=True, editable=False
    )
    #: Why the last fetch failed: a code of agenda.fetching.FetchError or "not_ical", and its detail.
    error_code = models.CharField(max_length=20, blank=True, editable=False)
    error_detail = models.CharField(max_length=300, blank=True, editable=False)
    added = models.PositiveIntegerField(_("added"), default=0, editable=False)
    updated = models.PositiveIntegerField(_("updated"), default=0, editable=False)
    cancelled = models.PositiveIntegerField(_("cancelled"), default=0, editable=False)
    skipped = models.PositiveIntegerField(_("skipped"), default=0, editable=False)
    #: Events left out above CMIJ_AGENDA_SOURCE_MAX_EVENTS.
    over_cap = models.PositiveIntegerField(default=0, editable=False)
    #: [{"reason": code of ics_parsing.SKIP_REASONS, "count": n, "examples": [titles]}]
    skip_reasons = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner calendar")
        verbose_name_plural = _("partner calendars")

    def __str__(self) -> str:
        return self.name


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
    title = SingleLineField(_("title"), max_length=TITLE_MAX)
    description = MultiLineField(
        _("description"),
        max_length=BODY_MAX,
        blank=True,
        validators=[MaxLengthValidator(BODY_MAX)],
        help_text=_("Markdown: *italic*, **bold**, lists, links."),
    )
    description_html = models.TextField(editable=False, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = SingleLineField(_("venue"), max_length=120)
    address = SingleLineField(_("address"), max_length=200)
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
    price = SingleLineField(_("price"), max_length=80, blank=True)
    link = models.URLField(_("link"), blank=True)
    image = models.FileField(upload_to="events/images/", blank=True)
    #: What the image shows, for whoever cannot see it (required with an image).
    image_alt = SingleLineField(_("description of the image"), max_length=200, blank=True)
    #: The stored image's size; its widths follow from it (cmij.images).
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    #: Makers with an account; shown with a link where their profile is public, by name otherwise.
    makers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("makers"), blank=True, related_name="events_made"
    )
    #: Makers without an account, by name.
    maker_names = SingleLineField(_("other makers"), max_length=300, blank=True)
    campaigns = models.ManyToManyField(
        Campaign, verbose_name=_("campaigns"), blank=True, related_name="events"
    )
    topics = models.ManyToManyField(
        "archive.Topic", verbose_name=_("topics"), blank=True, related_name="events"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="events_submitted"
    )
    #: All day: shown without times, sent to calendars as dates (partner calendars have them).
    all_day = models.BooleanField(default=False)
    #: An event from a partner's calendar: its source, and its UID and RECURRENCE-ID there (matching).
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", editable=False
    )
    source_uid = models.CharField(max_length=255, blank=True, editable=False)
    source_recurrence = models.CharField(max_length=40, blank=True, editable=False)
    #: What the source said last (agenda/sources.py): a fetch that says the same changes nothing.
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    #: An organiser edited this imported event: fetches no longer change its content.
    edited_locally = models.BooleanField(default=False, editable=False)
    #: Cancelled because the source cancelled it or no longer has it (it comes back if the source does).
    cancelled_by_source = models.BooleanField(default=False, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    refused_reason = MultiLineCharField(_("reason"), max_length=500, blank=True)
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
            ),
            models.UniqueConstraint(
                fields=["source", "source_uid", "source_recurrence"],
                condition=models.Q(source__isnull=False),
                name="event_once_per_source_uid",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agenda:event", kwargs={"event_id": self.pk})

    @property
    def image_sources(self) -> list[tuple[str, int]]:
        """(address, width) of each width of the image, smallest first (for srcset)."""
        return sources("agenda:event_image", self.image_width if self.image else None, event_id=self.pk)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def last_day(self) -> date:
        """The last day an all-day event takes (its end is the midnight after it)."""
        return timezone.localtime(self.ends_at - timedelta(microseconds=1)).date()

    @property
    def is_imported(self) -> bool:
        return self.source_id is not None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
