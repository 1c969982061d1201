"""Meetings (bijeenkomsten), their boards, prompts, guests, ideas, votes and event log, and the
registrations for a meeting's programme."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from boards.events import Audience, EventKind
from cmij.fields import MultiLineField, SingleLineField
from cmij.images import sources

# No 0/O, 1/I/L: a code read off a projector or said aloud is typed right the first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 10


class Meeting(models.Model):
    title = SingleLineField(_("title"), max_length=140)
    slug = models.SlugField(unique=True, max_length=160)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = SingleLineField(_("place (address)"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    municipality = models.ForeignKey(
        "profiles.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    theme = SingleLineField(_("theme"), max_length=140, blank=True)
    description = MultiLineField(_("description"), max_length=5000, blank=True)
    #: An optional image for its page and its card (cmij.images); its description is required with it.
    image = models.FileField(upload_to="meetings/images/", blank=True)
    image_alt = SingleLineField(_("description of the image"), max_length=200, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_meetings",
    )
    join_code = models.CharField(_("join code"), max_length=16, unique=True)
    join_open = models.BooleanField(_("guests may join with the code"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty when there is room for everyone; when full, members go on a waiting list."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: For calendar feeds: SEQUENCE and LAST-MODIFIED rise on every change (services.meeting_update).
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("boards:meeting", kwargs={"slug": self.slug})

    @property
    def image_sources(self) -> list[tuple[str, int]]:
        """(address, width) of each width of the image, smallest first (for srcset)."""
        return sources("boards:meeting_image", self.image_width if self.image else None, slug=self.slug)


class Board(models.Model):
    """A live board: the meeting's plenary board, or a breakout (deelsessie) with its own theme."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        BREAKOUT = "breakout", _("Breakout")

    class JoinPanel(models.TextChoices):
        """How large the projector shows how to join: large until ideas come, then in a corner (auto)."""

        AUTO = "auto", _("Automatic")
        LARGE = "large", _("Large")
        COMPACT = "compact", _("In the corner")

    class Phase(models.TextChoices):
        COLLECT = "collect", _("Collecting ideas")
        VOTE = "vote", _("Voting")
        DISCUSS = "discuss", _("Discussing")
        CLOSED = "closed", _("Closed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="boards")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BREAKOUT)
    title = SingleLineField(_("title"), max_length=140)
    theme = SingleLineField(_("theme"), max_length=140, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_boards",
    )
    anonymous = models.BooleanField(_("anonymous ideas"), default=False)
    moderated = models.BooleanField(_("approve ideas before they are shown"), default=False)
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"),
        default=3,
        validators=[MaxValueValidator(20)],
        help_text=_("0 turns voting off."),
    )
    idea_max_length = models.PositiveSmallIntegerField(
        _("maximum idea length"), default=280, validators=[MinValueValidator(10), MaxValueValidator(1000)]
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.COLLECT)
    locked = models.BooleanField(_("locked"), default=False)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    join_panel = models.CharField(
        _("join panel on the projector"), max_length=10, choices=JoinPanel.choices, default=JoinPanel.AUTO
    )
    projector_token = models.CharField(max_length=64, unique=True)
    # The last seq each audience has seen; taken under a lock on this row (services.append_event).
    last_seq = models.PositiveIntegerField(default=0)
    last_seq_projector = models.PositiveIntegerField(default=0)
    last_seq_participants = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("boards:board", kwargs={"board_id": self.pk})

    @property
    def idea_order(self) -> str:
        """How a column is ordered now: newest first while collecting, by votes after (selectors.display_key)."""
        return "newest" if self.phase == self.Phase.COLLECT else "votes"


class Prompt(models.Model):
    """A column of a board, e.g. "Ideeën", "Vragen", "Kansen"."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="prompts")
    title = SingleLineField(_("title"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["board", "position", "id"]
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")

    def __str__(self) -> str:
        return self.title


class Guest(models.Model):
    """Someone who joined one meeting with its code and a display name; no account.

    Who is which guest is kept in the Django session, never in a URL or a shared fragment.
    Removed a set time after the meeting (tasks.guests_remove_expired); their ideas stay, nameless.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    display_name = SingleLineField(_("your name"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    kicked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")

    def __str__(self) -> str:
        return self.display_name


class Idea(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden")
        REJECTED = "rejected", _("Rejected")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="ideas")
    prompt = models.ForeignKey(Prompt, on_delete=models.CASCADE, related_name="ideas")
    text = MultiLineField(_("idea"), max_length=1000)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    author_guest = models.ForeignKey(
        Guest, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas"
    )
    author_name = SingleLineField(max_length=80, blank=True)
    client_msg_id = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    pinned = models.BooleanField(default=False)
    edited_by_facilitator = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    vote_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-pinned", "created_at", "id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        constraints = [
            models.UniqueConstraint(
                fields=["board", "client_msg_id"], name="idea_client_msg_id_once_per_board"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def shown_to_participants(self) -> bool:
        return self.status == self.Status.VISIBLE and self.merged_into_id is None


class Vote(models.Model):
    """One dot of a participant on an idea; a participant has `votes_per_participant` dots per board."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    # SET_NULL: a member who deletes their account leaves their dots counted, nameless.
    voter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # SET_NULL: when guests are removed after the meeting, their dots stay counted, nameless.
    voter_guest = models.ForeignKey(Guest, on_delete=models.SET_NULL, null=True, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"vote on {self.idea_id}"


class BoardEvent(models.Model):
    """The board's log: what changed, in commit order. Pushes are hints; resume replays from here.

    `audience` is the smallest audience that sees the event; audiences nest (participants see
    least, the projector also sees the join code, facilitators see everything). Each row keeps the
    seq of the previous event of each audience that sees it, so a client can tell a gap.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    audience = models.PositiveSmallIntegerField(choices=Audience.choices)
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    refs = models.JSONField(default=dict)
    prev_participants = models.PositiveIntegerField(null=True)
    prev_projector = models.PositiveIntegerField(null=True)
    prev_facilitators = models.PositiveIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "seq"]
        constraints = [models.UniqueConstraint(fields=["board", "seq"], name="board_event_seq_once")]
        indexes = [models.Index(fields=["board", "audience", "seq"])]

    def __str__(self) -> str:
        return f"{self.board_id}#{self.seq} {self.kind}"


class Registration(models.Model):
    """A member's answer to a meeting: yes, maybe or no; a yes beyond the places waits in line."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    answer = models.CharField(_("coming?"), max_length=6, choices=Answer.choices)
    waiting = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="registration_once")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.answer}"
