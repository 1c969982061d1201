"""Members, disciplines, municipalities and their villages (kernen)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cmij.fields import MultiLineField, SingleLineField
from cmij.images import sources

BIO_MAX = 2000
TAG_MAX = 40
TAGS_MAX = 10
LINKS_MAX = 5
MESSAGE_MAX = 2000


def validate_plain_text(value: str) -> None:
    """Names and tags are plain text: no < or >, so nothing in them can pass for markup."""
    if "<" in value or ">" in value:
        raise ValidationError(_("Use plain text here: no < or >."), code="markup")


def validate_tags(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ValidationError(_("Enter short words or phrases, separated by commas."), code="tags")
    if len(value) > TAGS_MAX:
        raise ValidationError(_("At most %(max)d, please.") % {"max": TAGS_MAX}, code="tags")
    for tag in value:
        if len(tag) > TAG_MAX:
            raise ValidationError(
                _("“%(tag)s” is longer than %(max)d characters.") % {"tag": tag[:60], "max": TAG_MAX},
                code="tags",
            )
        validate_plain_text(tag)


def validate_links(value: object) -> None:
    if not isinstance(value, list) or len(value) > LINKS_MAX:
        raise ValidationError(_("At most %(max)d links, one per line.") % {"max": LINKS_MAX}, code="links")
    check = URLValidator(schemes=["http", "https"])
    for link in value:
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                _("“%(link)s” is not a web address (https://…).") % {"link": str(link)[:80]}, code="links"
            ) from None


class Discipline(models.Model):
    """An art form or craft. Names are data in both languages, picked by the active language. Its family
    gives tags and initials their colour (always beside the name: never the only signal)."""

    class Family(models.TextChoices):
        PERFORMING = "performing", _("Performing arts")
        VISUAL = "visual", _("Visual arts")
        MUSIC = "music", _("Music")
        WORD = "word", _("Literature and word")
        HERITAGE = "heritage", _("Heritage")
        MEDIA = "media", _("Film and media")
        DESIGN = "design", _("Crafts and design")
        PRODUCTION = "production", _("Technique and production")

    slug = models.SlugField(unique=True)
    name_nl = SingleLineField(_("name (Dutch)"), max_length=80)
    name_en = SingleLineField(_("name (English)"), max_length=80)
    family = models.CharField(_("family"), max_length=12, choices=Family.choices, blank=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl


class Municipality(models.Model):
    slug = models.SlugField(unique=True)
    name = SingleLineField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Kern(models.Model):
    """A village or town within a municipality, e.g. Wijk aan Zee in Beverwijk."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="kernen")
    slug = models.SlugField(unique=True)
    name = SingleLineField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    class Level(models.TextChoices):
        AMATEUR = "amateur", _("Amateur")
        PROFESSIONAL = "professional", _("Professional")
        BOTH = "both", _("Amateur and professional")

    class Stage(models.TextChoices):
        ON_STAGE = "on_stage", _("On stage")
        BEHIND_THE_SCENES = "behind_the_scenes", _("Behind the scenes")
        BOTH = "both", _("On stage and behind the scenes")

    class Pay(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        PAID = "paid", _("Paid")
        BOTH = "both", _("Volunteer and paid")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = SingleLineField(_("display name"), max_length=80, validators=[validate_plain_text])
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
    )
    kern = models.ForeignKey(
        Kern,
        verbose_name=_("village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="profiles",
    )
    disciplines = models.ManyToManyField(
        Discipline, verbose_name=_("disciplines"), blank=True, related_name="profiles"
    )
    level = models.CharField(_("amateur or professional"), max_length=20, choices=Level.choices, blank=True)
    stage = models.CharField(
        _("on stage or behind the scenes"), max_length=20, choices=Stage.choices, blank=True
    )
    pay = models.CharField(_("volunteer or paid"), max_length=20, choices=Pay.choices, blank=True)
    bio = MultiLineField(
        _("short bio"),
        max_length=BIO_MAX,
        blank=True,
        validators=[MaxLengthValidator(BIO_MAX)],
        help_text=_("Markdown: *italic*, **bold**, lists, links."),
    )
    #: The bio as Markdown rendered and sanitised with nh3, made once on save.
    bio_html = models.TextField(editable=False, blank=True)
    website = models.URLField(_("website"), blank=True)
    links = models.JSONField(_("social links"), default=list, blank=True, validators=[validate_links])
    organisations = models.JSONField(
        validators=[validate_tags], verbose_name=_("organisations"), default=list, blank=True
    )
    helps_with = models.JSONField(
        validators=[validate_tags], verbose_name=_("can help with"), default=list, blank=True
    )
    looking_for = models.JSONField(
        validators=[validate_tags], verbose_name=_("looking for"), default=list, blank=True
    )
    open_to_collaboration = models.BooleanField(_("open to collaboration"), default=True)
    photo = models.FileField(upload_to="profiles/photos/", blank=True)
    #: The stored photo's size; its widths follow from it (cmij.images).
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Anyone may see your profile page, also without logging in. Otherwise only members."),
    )
    show_email = models.BooleanField(_("show my email address on my profile"), default=False)
    #: Name, bio, tags and organisations in one text, for search (kept by the profile services).
    search_text = models.TextField(editable=False, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("profiles:profile", kwargs={"profile_id": self.pk})

    @property
    def photo_sources(self) -> list[tuple[str, int]]:
        """(address, width) of each width of the photo, smallest first (for srcset)."""
        return sources("profiles:photo", self.photo_width if self.photo else None, profile_id=self.pk)

    @property
    def initials(self) -> str:
        """For the avatar of a maker without a photo: the first letters of the first and last word
        ("Sanne de Vries": SV)."""
        words = [word for word in self.display_name.split() if word[:1].isalnum()]
        if not words:
            return "?"
        first, last = words[0], words[-1]
        return (first[0] + (last[0] if len(words) > 1 else "")).upper()

    @property
    def family(self) -> str:
        """The family of the maker's first discipline (their avatar's colour); no query when the
        disciplines were prefetched."""
        disciplines = list(self.disciplines.all())
        return disciplines[0].family if disciplines else ""

    def clean(self) -> None:
        if self.kern_id and self.municipality_id and self.kern.municipality_id != self.municipality_id:
            raise ValidationError({"kern": _("This village is not in the chosen municipality.")})


class Message(models.Model):
    """ "Neem contact op": a message from one member to another, through the platform."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_received"
    )
    body = MultiLineField(_("message"), max_length=MESSAGE_MAX, validators=[MaxLengthValidator(MESSAGE_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return self.body[:60]
