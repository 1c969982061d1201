"""Compressed when the client accepts it, plain when it does not (#25): the board page, the home
page, the stylesheet and cmij.js, with `make run`'s settings (static files from the finders). The same
with CMIJ_COLLECTSTATIC=1 is in tests/integration/test_compression_collected.py."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers.clients import client_for

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parents[2] / "static"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("path", ["home", "board", "/static/css/cmij.css", "/static/js/cmij.js"])
def test_served_compressed_to_a_client_that_accepts_it_and_plain_otherwise(path, board, facilitator):
    url = {"home": reverse("home"), "board": reverse("boards:board", args=[board.pk])}.get(path, path)
    client = client_for(facilitator) if path == "board" else Client()
    plain = client.get(url)
    squeezed = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.status_code == squeezed.status_code == 200
    assert "Content-Encoding" not in plain
    assert squeezed["Content-Encoding"] == "gzip" and "Accept-Encoding" in squeezed["Vary"]
    unpacked = gzip.decompress(body(squeezed))
    if path.startswith("/static/"):
        assert body(plain) == unpacked == (STATIC / path.removeprefix("/static/")).read_bytes()
    else:  # a page renders a fresh CSRF token each time: compare its size, and what it is
        assert b"Cultuurmakers IJmond" in unpacked and abs(len(unpacked) - len(body(plain))) < 200
    assert len(body(squeezed)) < len(unpacked) / 2
