"""Settings come from the environment; each case runs in a fresh interpreter."""

from __future__ import annotations

import json

from tests.helpers.interpreters import PRODUCTION, run_python

READ = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "options": {k: (v if k != "pool" else sorted(v)) for k, v in db.get("OPTIONS", {}).items()},
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "hub": settings.CMIJ_HUB_BACKEND,
    "cache": settings.CACHES["default"]["BACKEND"],
    "origins": settings.CMIJ_ALLOWED_ORIGINS,
    "hosts": settings.ALLOWED_HOSTS,
    "csrf": settings.CSRF_TRUSTED_ORIGINS,
    "base_url": settings.CMIJ_BASE_URL,
    "email": settings.EMAIL_BACKEND,
    "language": settings.LANGUAGE_CODE,
    "time_zone": settings.TIME_ZONE,
}))
"""


def read_settings(**env: str) -> dict:
    result = run_python(READ, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_off_refuses_the_development_secret():
    result = run_python(READ, {"DEBUG": "0"})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_off_with_a_real_secret_starts():
    values = read_settings(DEBUG="0", SECRET_KEY="a-real-secret-for-this-test-only-0123456789")
    assert values["debug"] is False


def test_embedded_default_is_sqlite_wal_immediate_and_in_process():
    values = read_settings(DEBUG="1")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["options"]["transaction_mode"] == "IMMEDIATE"
    assert values["options"]["timeout"] >= 5
    assert "journal_mode=WAL" in values["options"]["init_command"]
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"
    assert values["hub"] == "inprocess"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["language"] == "nl"
    assert values["time_zone"] == "Europe/Amsterdam"
    assert values["origins"] == ["http://127.0.0.1:8000"]


def test_database_url_switches_to_postgresql_with_a_pool():
    values = read_settings(DEBUG="1", DATABASE_URL="postgres://cmij:pw@db.internal:5433/cmij")
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "cmij"
    assert values["conn_max_age"] == 0
    assert "max_size" in values["options"]["pool"]
    assert values["health_checks"] is True  # Django then hands the pool its connection check


def test_redis_url_switches_layer_hub_and_cache_to_redis():
    values = read_settings(DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3")
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    assert values["hub"] == "redis"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_base_url_and_trusted_origins_give_the_exact_websocket_origins():
    values = read_settings(
        DEBUG="1",
        CMIJ_BASE_URL="http://192.168.1.20:8000/",
        CSRF_TRUSTED_ORIGINS="http://192.168.1.20:8000,http://localhost:8000",
        ALLOWED_HOSTS="192.168.1.20,localhost",
    )
    assert values["base_url"] == "http://192.168.1.20:8000"
    assert values["origins"] == ["http://192.168.1.20:8000", "http://localhost:8000"]
    assert values["hosts"] == ["192.168.1.20", "localhost"]


def test_email_host_switches_to_smtp():
    values = read_settings(DEBUG="1", EMAIL_HOST="smtp.example.nl")
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_check_deploy_is_clean_with_production_settings():
    result = run_python("", PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_catch_missing_base_url_and_in_memory_layer():
    env = {k: v for k, v in PRODUCTION.items() if k not in {"CMIJ_BASE_URL", "REDIS_URL"}}
    result = run_python("", env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "cmij.E004" in result.stderr + result.stdout
    assert "cmij.W002" in result.stderr + result.stdout
