"""The database away for a moment (restarted, connections cut) answers 503 with Retry-After and
says so in the visitor's language; any other error stays a 500 (fault drill 3 runs it for real)."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from boards import selectors


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def database_away(monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(selectors, "upcoming_meetings", fail)


@pytest.mark.django_db
def test_a_page_while_the_database_is_away_is_a_503_page_with_retry_after(client, database_away):
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Zo weer terug" in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_request_gets_a_notice_swapped_out_of_band_in_english_when_chosen(client, database_away):
    client.cookies["django_language"] = "en"
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response["HX-Reswap"] == "none"
    body = response.content.decode()
    assert body.startswith('<div id="live-error" role="alert" hx-swap-oob="true">')
    assert "cannot reach its database" in body


@pytest.mark.django_db
def test_any_other_error_stays_a_500(client, monkeypatch):
    monkeypatch.setattr(selectors, "upcoming_meetings", lambda: 1 / 0)
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
