"""Fetch every active partner calendar into the agenda, one after the other, here (no worker needed).

cron: 15 * * * *  cd /srv/cmij && .venv/bin/python manage.py fetch_sources
`make run` (manage.py serve) and compose (service sources) run it with --every, which repeats it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from agenda import sources
from agenda.models import Source

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Fetch every active partner calendar into the agenda (once, or --every N seconds)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            nargs="?",
            const=-1,
            default=None,
            help="Repeat every so many seconds (without a number: CMIJ_AGENDA_FETCH_EVERY).",
        )

    def handle(self, *args, every: int | None, **options) -> None:
        interval = settings.CMIJ_AGENDA_FETCH_EVERY if every == -1 else every
        while True:
            self.fetch_all()
            if not interval:
                return
            close_old_connections()
            time.sleep(interval)

    def fetch_all(self) -> None:
        for source_id in Source.objects.filter(active=True).values_list("pk", flat=True):
            try:
                source = sources.source_fetch(source_id)
            except Exception:  # a bug with one source must not stop the others, nor the schedule
                logger.exception("fetching source %s failed", source_id)
                continue
            self.stdout.write(f"{source.name}: {source.result or '-'} {source.error_code}".rstrip())
