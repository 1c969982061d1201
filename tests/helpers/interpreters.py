"""A fresh Python interpreter with only the environment a test gives it: settings are read once, at
start-up, so each case of the settings and deploy checks runs in one of its own."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers.servers import ROOT

# A production-like environment: DEBUG off, a real secret, PostgreSQL and Redis by URL.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Qm9-production-like-secret-Zx81vP0s-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "CMIJ_BASE_URL": "https://cmij.example.nl",
    "ALLOWED_HOSTS": "cmij.example.nl",
    "DATABASE_URL": "postgres://cmij:secret@db.internal:5432/cmij",
    "REDIS_URL": "redis://redis.internal:6379/0",
}

CLEARED = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
)


def run_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run `code` (or `args`, e.g. manage.py ...) in a fresh interpreter with the settings of `env` alone."""
    clean = {k: v for k, v in os.environ.items() if k not in CLEARED and not k.startswith("CMIJ_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "cmij.settings", **env})
    return subprocess.run(
        [sys.executable, *(("-c", code) if code else ()), *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
