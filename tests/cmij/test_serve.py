"""`make run`'s server: daphne, the worker and the calendars' fetch together, the address phones open, Ctrl-C stops both."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from cmij.management.commands.serve import serving_environment
from tests.helpers.servers import ROOT, free_port, server_environment, wait_until_healthy
from tests.helpers.waiting import sync_until


def test_serving_the_local_network_allows_the_address_phones_open(monkeypatch):
    monkeypatch.setattr("cmij.management.commands.serve.lan_address", lambda: "192.168.1.23")
    env = serving_environment("0.0.0.0", 8000, {})
    assert env["CMIJ_BASE_URL"] == "http://192.168.1.23:8000"
    assert "192.168.1.23" in env["ALLOWED_HOSTS"].split(",")
    assert "http://192.168.1.23:8000" in env["CSRF_TRUSTED_ORIGINS"].split(",")
    assert "http://127.0.0.1:8000" in env["CSRF_TRUSTED_ORIGINS"].split(",")


def test_an_explicit_base_url_wins(monkeypatch):
    monkeypatch.setattr("cmij.management.commands.serve.lan_address", lambda: "192.168.1.23")
    env = serving_environment("0.0.0.0", 8000, {"CMIJ_BASE_URL": "https://cmij.nl"})
    assert env["CMIJ_BASE_URL"] == "https://cmij.nl"
    assert "https://cmij.nl" in env["CSRF_TRUSTED_ORIGINS"].split(",")


def test_serving_localhost_stays_on_loopback():
    env = serving_environment("127.0.0.1", 8123, {})
    assert env["CMIJ_BASE_URL"] == "http://127.0.0.1:8123"


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_serve_prints_the_demo_accounts_and_code_and_ctrl_c_or_kill_stops_every_process(stop):
    call_command("seed_demo")
    port = free_port()
    env = server_environment(port, DEBUG="1")
    env.pop("CMIJ_BASE_URL")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
        children = children_of(process.pid)
        commands = [
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode() for pid in children
        ]
        assert len(children) == 3, commands  # daphne, the task worker, the partner calendars' fetch
        assert any("fetch_sources --every" in command for command in commands)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert "Bijeenkomsten" in response.read().decode()

        process.send_signal(stop)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert "organisator@demo.cmij.nl" in output
    assert "join code:" in output and "/meedoen/?code=" in output
    assert f"http://127.0.0.1:{port}" in output

    def still_running() -> list[int]:  # a zombie has exited: only its parent has yet to read it
        return [pid for pid in children if Path(f"/proc/{pid}").exists() and not _is_zombie(pid)]

    sync_until(lambda: not still_running(), 5, "daphne, the worker and the fetch to exit")
    assert not still_running()


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


def test_lan_address_is_a_private_ipv4_or_loopback():
    import ipaddress

    from cmij.network import lan_address

    address = ipaddress.ip_address(lan_address())
    assert address.version == 4 and (address.is_private or address.is_loopback)
