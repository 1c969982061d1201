"""Send today's daily digests. Safe to run as often as you like: each member gets one a day.

cron: 0 8 * * *  cd /srv/cmij && .venv/bin/python manage.py send_digests
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from callouts import services


class Command(BaseCommand):
    help = "Send the daily digest of notifications to the members who chose it (once per member per day)."

    def handle(self, *args, **options) -> None:
        sent = services.digests_send(day=timezone.localdate())
        self.stdout.write(f"digests enqueued: {sent}")
