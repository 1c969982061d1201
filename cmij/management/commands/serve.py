"""Serve the app for `make run`: daphne, the task worker and the hourly fetch of the partner calendars
side by side; Ctrl-C stops them all.

With --host 0.0.0.0 it serves the local network for a real meeting: it finds the address phones
should open, allows it (hosts, origins, CSRF) and makes it the base URL of join links and QR codes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from boards.models import Meeting
from boards.rendering import join_path
from cmij.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SESSION_TITLE
from cmij.network import lan_address
from cmij.old_database import refuse_old_database
from cmij.serving import daphne_command


class Command(BaseCommand):
    help = "Run daphne, the task worker and the partner calendars' fetch together (what `make run` starts)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def execute(self, *args, **options) -> str | None:
        refuse_old_database()  # before the system checks too, as in `migrate`
        return super().execute(*args, **options)

    def handle(self, *args, host: str, port: int, **options) -> None:
        env = os.environ.copy()
        env.update(serving_environment(host, port, env))
        self.print_welcome(env["CMIJ_BASE_URL"], host, port)

        python = sys.executable
        children = [
            subprocess.Popen(daphne_command(host, port, behind_proxy=settings.CMIJ_BEHIND_PROXY), env=env),
            subprocess.Popen([python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"], env=env),
            # Partner calendars into the agenda, every CMIJ_AGENDA_FETCH_EVERY seconds.
            subprocess.Popen([python, "manage.py", "fetch_sources", "--every"], env=env),
        ]
        # `kill` (SIGTERM, as from a process manager) stops every child, as Ctrl-C does.
        signal.signal(signal.SIGTERM, _stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
            self.stderr.write("A process stopped; stopping the others.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()

    def print_welcome(self, base_url: str, host: str, port: int) -> None:
        line = "-" * 72
        meeting = Meeting.objects.filter(title=DEMO_SESSION_TITLE).first()
        # The signed link, as on the projector: a phone that scans it is never counted as a guess.
        join_link = f"{base_url}{join_path(meeting)}" if meeting else base_url
        self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"CMIJ is running: open {base_url}"))
        if host in {"0.0.0.0", "::"}:
            self.stdout.write(
                f"Phones on this network open {base_url} (this computer: http://127.0.0.1:{port})"
            )
            self.stdout.write(
                "or scan this code to join the demo session:" if meeting else "or scan this code:"
            )
            segno.make(join_link, error="m").terminal(out=sys.stdout, compact=True)
            sys.stdout.flush()
        User = get_user_model()
        accounts = [
            (email, role) for email, _name, role in DEMO_ACCOUNTS if User.objects.filter(email=email).exists()
        ]
        if accounts:
            self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
            for email, role in accounts:
                self.stdout.write(f"  {role:<12} {email}")
        if meeting is not None:
            self.stdout.write(f"Demo session: {meeting.title}")
            self.stdout.write(f"  join code: {meeting.join_code}")
            self.stdout.write(f"  join link: {join_link}")
            self.stdout.write(f"  page:      {base_url}{meeting.get_absolute_url()}")
        self.stdout.write("Stop with Ctrl-C.")
        self.stdout.write(line)


def serving_environment(host: str, port: int, env: dict[str, str]) -> dict[str, str]:
    """Hosts, origins and the base URL for serving on `host`, unless the environment set them."""
    public_host = lan_address() if host in {"0.0.0.0", "::"} else host
    base_url = env.get("CMIJ_BASE_URL") or f"http://{public_host}:{port}"
    hosts = sorted({public_host, "127.0.0.1", "localhost", "[::1]"})
    origins = sorted({base_url.rstrip("/"), *(f"http://{h}:{port}" for h in hosts)})
    return {
        "CMIJ_BASE_URL": base_url,
        "ALLOWED_HOSTS": env.get("ALLOWED_HOSTS") or ",".join(hosts),
        "CSRF_TRUSTED_ORIGINS": env.get("CSRF_TRUSTED_ORIGINS") or ",".join(origins),
    }


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt
