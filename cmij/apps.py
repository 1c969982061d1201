from __future__ import annotations

from django.apps import AppConfig


class CmijConfig(AppConfig):
    name = "cmij"
    verbose_name = "CMIJ"

    def ready(self) -> None:
        from cmij import checks  # noqa: F401  (registers the deploy checks)
