"""`manage.py check --deploy` in a fresh interpreter (#14), for what tests/cmij leaves to direct calls:
the development secret, and a WebSocket router without the origin validator. (Clean production
settings, a missing base URL and the in-memory layer: tests/cmij/test_settings.py.)"""

from __future__ import annotations

from tests.helpers.interpreters import PRODUCTION, run_python

CHECK = ("manage.py", "check", "--deploy", "--fail-level", "WARNING")

WITHOUT_VALIDATOR = """
import django
django.setup()
from channels.routing import URLRouter
from django.core.management import execute_from_command_line
from cmij import asgi
from realtime.routing import websocket_urlpatterns
asgi.application.application_mapping["websocket"] = URLRouter(websocket_urlpatterns)
execute_from_command_line(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
"""


def test_the_development_secret_fails_the_deploy_check():
    # With DEBUG off the settings refuse to load at all (tests/cmij/test_settings.py); with DEBUG on,
    # the check names it.
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"} | {"DEBUG": "1"}
    result = run_python("", env, *CHECK)
    assert result.returncode != 0
    assert "cmij.E003" in result.stdout + result.stderr


def test_a_router_without_the_origin_validator_fails_the_deploy_check():
    result = run_python(WITHOUT_VALIDATOR, PRODUCTION)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "cmij.E001" in output
    assert "cmij.E003" not in output and "cmij.W002" not in output  # that alone, nothing else
