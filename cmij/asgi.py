"""ASGI entry point: HTTP to Django (a body over CMIJ_MAX_BODY_BYTES refused first), WebSockets through
the exact-origin check and the session auth, with daphne's connection kept for realtime/wire.py."""

from __future__ import annotations

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cmij.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from cmij.body_limit import BodySizeLimit  # noqa: E402
from realtime.auth import person_middleware_stack  # noqa: E402
from realtime.origins import SiteOriginValidator  # noqa: E402
from realtime.routing import websocket_urlpatterns  # noqa: E402
from realtime.wire import wire_middleware  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": BodySizeLimit(django_asgi_app),
        "websocket": SiteOriginValidator(
            wire_middleware(person_middleware_stack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# Everything imported so far lives as long as the process: keep it out of the garbage collector's
# full passes, which were most of the fan-out's p99 in the hub prototype (DESIGN.md).
gc.collect()
gc.freeze()
# With a thousand sockets a process holds a few hundred thousand objects that live as long as their
# socket; a full collection walks them all and stalls every push meanwhile (100-250 ms each, about
# ten in a 20-second run at 1000 subscribers: docs/benchmarks.md). A full pass now waits for 1000
# middle-generation passes instead of 10; Python's own rule (a quarter more long-lived objects
# since the last full pass) still applies, so garbage cycles are still collected.
gc.set_threshold(700, 10, 1000)
