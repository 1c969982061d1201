"""The project's own rows: emails that could not be delivered (cmij.emails records them), shown to
organisers in the admin, so that no email is lost quietly."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedEmail(models.Model):
    """One recipient's email that was given up: refused for good (a 5xx answer, a bad header, an error
    while rendering it), or still failing temporarily after the last attempt."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    recipient = models.EmailField(_("recipient"), blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    reason = models.TextField(_("reason"))
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=1, help_text=_("How often sending was tried (0: it could not be written).")
    )
    permanent = models.BooleanField(
        _("refused for good"),
        default=True,
        help_text=_("Refused for good; otherwise it kept failing temporarily until the last attempt."),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("failed email")
        verbose_name_plural = _("failed emails")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
