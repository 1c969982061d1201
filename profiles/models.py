"""Members, disciplines, municipalities and their villages (kernen)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Discipline(models.Model):
    """An art form or craft. Names are data in both languages, picked by the active language."""

    slug = models.SlugField(unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)

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
    name = models.CharField(_("name"), max_length=80)

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
    name = models.CharField(_("name"), max_length=80)

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
    display_name = models.CharField(_("display name"), max_length=80)
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
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    open_to_collaboration = models.BooleanField(_("open to collaboration"), default=True)
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

    def clean(self) -> None:
        if self.kern_id and self.municipality_id and self.kern.municipality_id != self.municipality_id:
            raise ValidationError({"kern": _("This village is not in the chosen municipality.")})
