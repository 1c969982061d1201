"""Our own deploy checks, run by `manage.py check --deploy` beside Django's."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from cmij.settings import DEVELOPMENT_SECRET_KEY


@register(Tags.security, deploy=True)
def check_websocket_origin_validator(app_configs, **kwargs):
    from cmij.asgi import application
    from realtime.origins import SiteOriginValidator

    websocket = getattr(application, "application_mapping", {}).get("websocket")
    if not isinstance(websocket, SiteOriginValidator):
        return [
            Error(
                "The WebSocket router is not wrapped in SiteOriginValidator.",
                hint="Wrap it as in cmij/asgi.py, so only the site's own origins may open a socket.",
                id="cmij.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_channel_layer(app_configs, **kwargs):
    backend = settings.CHANNEL_LAYERS.get("default", {}).get("BACKEND", "")
    if "InMemory" in backend or settings.CMIJ_HUB_BACKEND != "redis":
        return [
            Warning(
                "The channel layer and the hub are in-process (REDIS_URL is not set).",
                hint="Fine for one process on one machine; set REDIS_URL to run several web processes.",
                id="cmij.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        return [Error("SECRET_KEY is the development secret.", hint="Set SECRET_KEY.", id="cmij.E003")]
    return []


@register(Tags.security, deploy=True)
def check_base_url(app_configs, **kwargs):
    if not settings.CMIJ_BASE_URL_FROM_ENVIRONMENT:
        return [
            Error(
                "CMIJ_BASE_URL is not set.",
                hint="Set it to the address people open, e.g. https://cmij.nl: QR codes and emails link to it.",
                id="cmij.E004",
            )
        ]
    return []
