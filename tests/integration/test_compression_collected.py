"""Compressed when the client accepts it, plain when it does not, as production serves it (#25):
CMIJ_COLLECTSTATIC=1 with DEBUG off, so the static files are collected, hashed and compressed
ahead by whitenoise, and the pages go through GZipMiddleware."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import urllib.request

import pytest
from django.urls import reverse

from tests.helpers.clients import member_cookie
from tests.helpers.servers import ROOT, daphne, free_port, server_environment


def fetch(url: str, *, accept: str | None, cookie: str = "") -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(
        url, headers={"Cookie": cookie, **({"Accept-Encoding": accept} if accept else {})}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers), response.read()


@pytest.mark.django_db(transaction=True)
def test_collected_static_files_and_pages_go_out_compressed(board, facilitator):
    env = server_environment(free_port(), CMIJ_COLLECTSTATIC="1")
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True, capture_output=True)
    with daphne(CMIJ_COLLECTSTATIC="1") as url:
        cookie = member_cookie(facilitator)
        _, home = fetch(url + "/", accept=None)
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', home.decode())
        assert any(re.search(r"/cmij\.[0-9a-f]{12}\.css$", a) for a in assets), assets  # hashed: collected
        assert any(re.search(r"/cmij\.[0-9a-f]{12}\.js$", a) for a in assets), assets
        pages = ["/", reverse("boards:board", args=[board.pk])]
        for path in pages + [a for a in assets if "/cmij." in a]:
            plain_headers, plain = fetch(url + path, accept=None, cookie=cookie)
            headers, squeezed = fetch(url + path, accept="gzip", cookie=cookie)
            assert "Content-Encoding" not in plain_headers, path
            assert headers.get("Content-Encoding") == "gzip", (path, headers)
            unpacked = gzip.decompress(squeezed)
            assert len(squeezed) < len(unpacked) / 2, path
            if path.startswith("/static/"):
                assert unpacked == plain, path
