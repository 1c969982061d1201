"""Django's `migrate`, refusing first a database made by an earlier migration history (cmij.old_database).

Django finds an installed app's command before its own, so `manage.py migrate` runs this one.
"""

from __future__ import annotations

from django.core.management.commands import migrate

from cmij.old_database import refuse_old_database


class Command(migrate.Command):
    def execute(self, *args, **options) -> str | None:
        # Before the system checks too: migrate runs them on the database (a JSONField asks SQLite
        # what it supports), and its connection's init_command would switch the file to WAL.
        refuse_old_database(options["database"])
        return super().execute(*args, **options)
