"""A real daphne in a subprocess, on the test database, for browser and multi-process tests."""

from __future__ import annotations

import os
import socket
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from cmij.serving import daphne_command
from tests.helpers.waiting import sync_until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The URL of the database this test run uses (the test database, not the real one)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def server_environment(port: int, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cmij.settings_test",
            "DATABASE_URL": test_database_url(),
            "CMIJ_BASE_URL": f"http://127.0.0.1:{port}",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "0",
            # Uploads where this test's process stores them (tests/conftest.py media_in_tmp).
            "CMIJ_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            # Members' counts in this test's namespace (tests/conftest.py limits_of_this_test).
            "CMIJ_LIMITS_NAMESPACE": settings.CMIJ_LIMITS_NAMESPACE,
        }
    )
    env.pop("ALLOWED_HOSTS", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the server under test keeps Django's async safety
    env.pop("CSRF_TRUSTED_ORIGINS", None)
    env.update(extra)
    return env


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    def healthy() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    sync_until(healthy, timeout, f"daphne at {url} healthy")


APPLICATION = "cmij.asgi:application"


@contextmanager
def daphne(port: int | None = None, *, application: str = APPLICATION, **extra_env: str) -> Iterator[str]:
    """Serve the app with daphne on a free port; yields its base URL. `application`: another ASGI
    application to serve instead (tests.helpers.faulty_asgi)."""
    with daphne_process(port, application=application, **extra_env) as (url, _process):
        yield url


@contextmanager
def daphne_process(
    port: int | None = None, *, application: str = APPLICATION, **extra_env: str
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like `daphne`, and yields the process too, for tests that kill it."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_daphne(port, server_environment(port, **extra_env), application=application)
    try:
        wait_until_healthy(url, process)
        yield url, process
    finally:
        stop_process(process)


def start_daphne(
    port: int, env: dict[str, str], stderr=subprocess.PIPE, *, application: str = APPLICATION
) -> subprocess.Popen:
    """daphne as `manage.py serve` starts it, with `application`."""
    command = [*daphne_command("127.0.0.1", port, behind_proxy=False)[:-1], application]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr, text=True)


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
