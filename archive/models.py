"""What a meeting leaves behind for later: topics (onderwerpen) that recur, summaries (verslagen), and
proposals to put a topic back on a programme."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from boards.models import Idea, Meeting
from cmij.fields import MultiLineField, SingleLineField
from cmij.text import excerpt_text, plain_text
from profiles.models import validate_plain_text

SUMMARY_MAX = 50_000


class Topic(models.Model):
    """A subject that comes up in meetings and recurs: "stadsontwikkeling", "zichtbaarheid"."""

    slug = models.SlugField(unique=True, max_length=90)
    name = SingleLineField(_("name"), max_length=80, unique=True, validators=[validate_plain_text])
    description = MultiLineField(_("description"), max_length=2000, blank=True)
    #: The ideas tied to the topic (seen from the board: an idea's `topics`).
    ideas = models.ManyToManyField(Idea, verbose_name=_("ideas"), blank=True, related_name="topics")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:topic", kwargs={"slug": self.slug})


class Summary(models.Model):
    """A meeting's summary (verslag): drafted from its closed boards, edited, then published.

    `version` rises on every save; a save names the version it started from, and one over a newer
    version is refused (services.summary_save), so two facilitators never overwrite each other silently.
    """

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="summary")
    text = MultiLineField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    #: The text as Markdown rendered and sanitised with nh3, made on every save; its headings start
    #: at h2, below the summary page's h1.
    text_html = models.TextField(editable=False, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="summaries")
    version = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-meeting__starts_at"]
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")

    def __str__(self) -> str:
        return str(self.meeting)

    def get_absolute_url(self) -> str:
        return reverse("archive:summary", kwargs={"slug": self.meeting.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def plain_text(self) -> str:
        return plain_text(self.text_html)

    @property
    def excerpt(self) -> str:
        """Its paragraphs and list items as sentences, without its headings (the archive's cards)."""
        return excerpt_text(self.text_html)


class TopicProposal(models.Model):
    """ "Zet weer op de agenda": a member proposes a topic for a coming meeting; others support it."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = SingleLineField(_("why now?"), max_length=300, validators=[validate_plain_text])
    supporters = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    #: The meeting whose programme it was put on, once an organiser did.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")

    def __str__(self) -> str:
        return str(self.topic)


class NameReview(models.Model):
    """A deleted member's display name, typed by hand in a meeting's summary or in a report-back given
    there (#28). Typed names are the facilitators' editorial text, which no machine rewrites: the
    meeting's facilitators see this on the summary's edit page (and are notified) until one of them
    marks it done or saves the summary without the name. The name is kept here only until then."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="name_reviews")
    name = SingleLineField(max_length=80)
    #: Where it stands: "" for the summary, else the name of the team whose report-back it is in.
    team_name = SingleLineField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("name to review")
        verbose_name_plural = _("names to review")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.team_name or 'summary'}"
