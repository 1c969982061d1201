"""The background tasks (django-tasks' database backend), as the worker runs them."""

from __future__ import annotations

from django.core.management import call_command


def run_worker() -> None:
    """Run every task enqueued so far, once, as `manage.py db_worker` would, and return."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
