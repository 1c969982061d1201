"""compose.yaml agrees with DESIGN.md and with cmij/settings.py; no Docker needed."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
SETTINGS_SOURCE = ROOT / "cmij" / "settings.py"

# ${VAR}, ${VAR:-default} or ${VAR:?message} whose argument holds no further ${...}: resolving these
# repeatedly works nested expressions from the inside out.
INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?::(?P<op>[-?])(?P<arg>[^${}]*))?\}")


def load_compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def services() -> dict[str, dict[str, Any]]:
    return load_compose()["services"]


def web_services() -> dict[str, dict[str, Any]]:
    return {name: service for name, service in services().items() if name.startswith("web")}


def command_of(service: dict[str, Any]) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def option_value(tokens: list[str], option: str) -> str:
    return tokens[tokens.index(option) + 1]


def resolve(value: str) -> str:
    """Interpolate as compose would with nothing set: the default, or a dummy for a required one."""

    def substitute(match: re.Match[str]) -> str:
        if match["op"] == "-":
            return match["arg"]
        if match["op"] == "?":
            return f"compose-test-dummy-{match['name'].lower()}"
        return ""

    while True:
        resolved = INTERPOLATION.sub(substitute, value)
        if resolved == value:
            assert "$" not in resolved, f"unresolved interpolation in {value!r}"
            return resolved
        value = resolved


def environment_of(service: dict[str, Any]) -> dict[str, str | None]:
    """The service's environment as written; a name without a value (None) is passed through."""
    environment = service.get("environment", {})
    if isinstance(environment, list):
        pairs = (item.partition("=") for item in environment)
        return {name: value if sep else None for name, sep, value in pairs}
    return {name: None if value is None else str(value) for name, value in environment.items()}


def resolved_environment(service: dict[str, Any]) -> dict[str, str]:
    """What the container sees when nothing is set in the shell: pass-through names stay unset."""
    return {name: resolve(value) for name, value in environment_of(service).items() if value is not None}


def mounts_of(service: dict[str, Any]) -> dict[str, str]:
    """Container path -> volume source, for short ("media:/data/media") and long syntax alike."""
    mounts = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume.get("source", ""), volume["target"]
        mounts[target] = source
    return mounts


def test_the_stack_has_database_redis_migrations_proxy_worker_and_two_web_processes():
    names = set(services())
    assert {"postgres", "redis", "migrate", "proxy", "worker"} <= names
    assert len(web_services()) >= 2


def test_every_web_process_runs_daphne_behind_the_proxy_without_the_24_hour_socket_timeout():
    for name, service in web_services().items():
        tokens = command_of(service)
        assert tokens[0] == "daphne", name
        assert "--proxy-headers" in tokens, name
        assert option_value(tokens, "--websocket_timeout") == "-1", name
        assert tokens[-1] == "cmij.asgi:application", name


def test_every_web_process_mounts_the_same_media_volume_at_its_media_root():
    sources = set()
    for name, service in web_services().items():
        media_root = resolved_environment(service)["CMIJ_MEDIA_ROOT"]
        mounts = mounts_of(service)
        assert media_root in mounts, f"{name} does not mount {media_root}"
        sources.add(mounts[media_root])
    assert len(sources) == 1, f"web processes mount different media volumes: {sources}"
    assert sources <= set(load_compose()["volumes"]), "the media volume is not a named volume"


def caddyfile() -> str:
    """The proxy's Caddyfile as compose writes it, with nothing set in the shell."""
    proxy = services()["proxy"]
    [mounted] = proxy["configs"]
    assert mounted["target"] == option_value(command_of(proxy), "--config")
    return resolve(load_compose()["configs"][mounted["source"]]["content"])


def test_the_proxy_forwards_to_every_web_process_on_its_port():
    [line] = [line.split() for line in caddyfile().splitlines() if line.strip().startswith("reverse_proxy")]
    targets = line[1:]
    for name, service in web_services().items():
        port = option_value(command_of(service), "-p")
        assert f"{name}:{port}" in targets, f"the proxy does not forward to {name}"


def test_the_proxy_refuses_a_body_over_the_apps_limit_before_daphne():
    """Caddy's request_body max_size is the app's CMIJ_MAX_BODY_BYTES, from the same variable."""
    limit = re.search(r"request_body\s*\{\s*max_size\s+(\d+)\s*\}", caddyfile())
    assert limit, "the Caddyfile sets no request_body max_size"
    web = resolved_environment(next(iter(web_services().values())))
    assert int(limit.group(1)) == int(web["CMIJ_MAX_BODY_BYTES"]) == 10 * 1024 * 1024
    assert web["CMIJ_BEHIND_PROXY"] == "1"  # the scheme from Caddy's X-Forwarded-Proto


def test_postgres_redis_and_every_web_process_have_a_healthcheck():
    all_services = services()
    for name in ["postgres", "redis", *web_services()]:
        healthcheck = all_services[name].get("healthcheck") or {}
        assert healthcheck.get("test") and not healthcheck.get("disable"), name
    for name, service in web_services().items():
        port = option_value(command_of(service), "-p")
        probe = " ".join(service["healthcheck"]["test"])
        assert f"http://127.0.0.1:{port}/healthz" in probe, name


def test_web_processes_wait_for_migrations_and_a_healthy_redis_and_the_proxy_for_them():
    for name, service in web_services().items():
        depends_on = service["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
    proxy_depends_on = services()["proxy"]["depends_on"]
    for name in web_services():
        assert proxy_depends_on[name]["condition"] == "service_healthy", name


def test_the_worker_runs_the_database_task_worker_continuously():
    tokens = command_of(services()["worker"])
    assert "db_worker" in tokens
    assert "--batch" not in tokens


def test_the_digest_runs_send_digests_on_a_schedule_with_the_app_environment():
    digest = services()["digest"]
    command = " ".join(command_of(digest))
    assert "manage.py send_digests" in command and "while true" in command and "sleep" in command
    assert environment_of(digest) == environment_of(services()["worker"])


def test_the_partner_calendars_are_fetched_on_a_schedule_with_the_app_environment():
    sources = services()["sources"]
    assert command_of(sources)[-2:] == ["fetch_sources", "--every"]
    assert environment_of(sources) == environment_of(services()["worker"])


def test_every_variable_in_the_web_environment_is_read_by_settings():
    source = SETTINGS_SOURCE.read_text()
    for name, service in web_services().items():
        unread = [var for var in environment_of(service) if f'"{var}"' not in source]
        assert not unread, f"{name} sets variables cmij/settings.py never reads: {unread}"


def test_the_web_environment_gives_postgresql_with_a_pool_redis_and_production_settings():
    service = next(iter(web_services().values()))
    compose_env = resolved_environment(service)
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
        and not name.startswith("CMIJ_")
        and name not in environment_of(service)
    }
    env.update(compose_env)
    env["DJANGO_SETTINGS_MODULE"] = "cmij.settings"
    script = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings as s\n"
        "db = s.DATABASES['default']\n"
        "print(json.dumps({\n"
        "    'engine': db['ENGINE'],\n"
        "    'pool': 'pool' in db.get('OPTIONS', {}),\n"
        "    'layer': s.CHANNEL_LAYERS['default']['BACKEND'],\n"
        "    'hub': s.CMIJ_HUB_BACKEND,\n"
        "    'debug': s.DEBUG,\n"
        "    'media_root': str(s.MEDIA_ROOT),\n"
        "    'allowed_hosts': s.ALLOWED_HOSTS,\n"
        "    'ssl_redirect': getattr(s, 'SECURE_SSL_REDIRECT', False),\n"
        "    'redirect_exempt': getattr(s, 'SECURE_REDIRECT_EXEMPT', []),\n"
        "    'proxy_ssl_header': s.SECURE_PROXY_SSL_HEADER,\n"
        "    'cookies_secure': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE],\n"
        "}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])

    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["pool"] is True
    assert loaded["layer"] == "channels_redis.core.RedisChannelLayer"
    assert loaded["hub"] == "redis"
    assert loaded["debug"] is False
    assert loaded["media_root"] == compose_env["CMIJ_MEDIA_ROOT"]
    assert loaded["media_root"] in mounts_of(service)
    # The health check asks http://127.0.0.1:8000/healthz: its host must be allowed, and it must not
    # be redirected to https (urllib would follow to a port that speaks no TLS).
    assert "127.0.0.1" in loaded["allowed_hosts"]
    if loaded["ssl_redirect"]:
        assert any(re.search(pattern, "healthz") for pattern in loaded["redirect_exempt"])
    # Behind Caddy: https comes from its X-Forwarded-Proto (else the redirect loops), and every
    # cookie is Secure.
    assert loaded["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert loaded["cookies_secure"] == [True, True, True]
