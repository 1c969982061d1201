"""Callouts (oproepen), the private threads of responses, follows, notifications and the digest log;
and the UIT-agenda: the members' events and the campaigns (zichtbaarheid) that gather them."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cmij.fields import MultiLineCharField, MultiLineField, SingleLineField

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
    title = SingleLineField(_("title"), max_length=TITLE_MAX)
    body = MultiLineField(
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
        "archive.Topic", verbose_name=_("topics"), blank=True, related_name="callouts"
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
    place = SingleLineField(_("place"), max_length=200, blank=True)
    expires_on = models.DateField(_("visible until"), default=default_expiry)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = MultiLineCharField(_("reason"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: An account's first callout waits for an organiser (services.callout_approve) before anyone
    #: else sees it or hears of it; since when it waits.
    held_at = models.DateTimeField(null=True, blank=True)
    #: Why a callout is for more than MANY_DISCIPLINES disciplines (it reaches many members): shown to
    #: organisers. An organiser's callout needs none.
    reach_reason = MultiLineCharField(_("why so many disciplines"), max_length=300, blank=True)
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
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def in_feed(self) -> bool:
        return (
            self.status == self.Status.OPEN
            and not self.is_expired
            and not self.is_hidden
            and not self.is_held
        )


class Response(models.Model):
    """One message in the private thread between a callout's author and one responder."""

    callout = models.ForeignKey(Callout, on_delete=models.CASCADE, related_name="responses")
    #: The member who responded: the thread is (callout, responder), whoever sent this message.
    responder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = MultiLineField(
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
    reason = MultiLineCharField(_("what is wrong with it?"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["callout", "reporter"], name="report_once")]

    def __str__(self) -> str:
        return self.reason


class TrustedAuthor(models.Model):
    """A member whose callouts go online at once: an organiser approved one of theirs. Until then a
    member's callout waits for an organiser (services.callout_approve); organisers need no row."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="callout_trust"
    )
    since = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("trusted callout author")
        verbose_name_plural = _("trusted callout authors")

    def __str__(self) -> str:
        return str(self.member)
