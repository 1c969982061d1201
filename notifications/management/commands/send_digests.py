"""Send today's daily digests. Safe to run as often as you like: each member gets one a day.

cron: 0 7 * * *  cd /srv/cmij && .venv/bin/python manage.py send_digests
compose runs it every hour with --not-before 07:00 (compose.yaml, service digest).
"""

from __future__ import annotations

from datetime import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import services


class Command(BaseCommand):
    help = "Send the daily digest of notifications to the members who chose it (once per member per day)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--not-before",
            default="00:00",
            help="Do nothing before this local time (HH:MM, Europe/Amsterdam), for an hourly schedule.",
        )

    def handle(self, *args, **options) -> None:
        try:
            not_before = time.fromisoformat(options["not_before"])
        except ValueError:
            raise CommandError("--not-before takes a time as HH:MM") from None
        now = timezone.localtime()
        if now.time() < not_before:
            self.stdout.write(f"not before {not_before:%H:%M}: nothing sent")
            return
        sent = services.digests_send(day=now.date())
        self.stdout.write(f"digests enqueued: {sent}")
