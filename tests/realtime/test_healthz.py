from __future__ import annotations

import json

import pytest
from django.test import AsyncClient

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.django_db(transaction=True)
async def test_healthz_is_200_when_every_round_trip_answers():
    response = await AsyncClient().get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {"status": "ok", "checks": {"database": "ok", "channel_layer": "ok", "hub": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
async def test_healthz_is_503_when_the_channel_layer_is_unreachable(settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [UNREACHABLE_REDIS]},
        }
    }
    response = await AsyncClient().get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "fail"
    assert body["checks"]["channel_layer"] != "ok"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db(transaction=True)
async def test_healthz_is_503_when_the_hub_cannot_subscribe(settings):
    settings.CMIJ_HUB_BACKEND = "redis"
    settings.REDIS_URL = UNREACHABLE_REDIS
    response = await AsyncClient().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["hub"] != "ok"
