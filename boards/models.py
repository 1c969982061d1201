"""Sessions (bijeenkomsten). Boards, prompts, ideas and their event log come with the boards issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# No 0/O, 1/I/L: a code read off a projector or said aloud is typed right the first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 10


class Session(models.Model):
    title = models.CharField(_("title"), max_length=140)
    slug = models.SlugField(unique=True, max_length=160)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place (address)"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    municipality = models.ForeignKey(
        "profiles.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    theme = models.CharField(_("theme"), max_length=140, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_sessions",
    )
    join_code = models.CharField(_("join code"), max_length=16, unique=True)
    join_open = models.BooleanField(_("guests may join with the code"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("boards:session", kwargs={"slug": self.slug})
