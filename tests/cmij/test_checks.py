"""Our own deploy checks catch what Django's cannot see."""

from __future__ import annotations

from channels.routing import URLRouter

from cmij import asgi, checks
from realtime.routing import websocket_urlpatterns


def test_the_real_router_passes_the_origin_check():
    assert checks.check_websocket_origin_validator(None) == []


def test_a_websocket_router_without_the_origin_validator_is_an_error(monkeypatch):
    mapping = dict(asgi.application.application_mapping)
    mapping["websocket"] = URLRouter(websocket_urlpatterns)
    monkeypatch.setattr(asgi.application, "application_mapping", mapping)
    assert [error.id for error in checks.check_websocket_origin_validator(None)] == ["cmij.E001"]


def test_the_development_secret_is_an_error(settings):
    settings.SECRET_KEY = checks.DEVELOPMENT_SECRET_KEY
    assert [error.id for error in checks.check_secret_key(None)] == ["cmij.E003"]
