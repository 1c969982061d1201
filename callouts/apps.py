from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalloutsConfig(AppConfig):
    name = "callouts"
    verbose_name = _("Callouts")
