"""WebSocket origin checking against the exact origins the site is served on.

Channels' OriginValidator compares scheme, host and port when the pattern has a scheme; this one
reads the list from settings on every connection instead of once at import, because a live-server
test picks its port at run time. AllowedHostsOriginValidator is not used: it compares host names
only, so ftp://localhost or another port would pass.
"""

from __future__ import annotations

from channels.security.websocket import OriginValidator
from django.conf import settings


class SiteOriginValidator(OriginValidator):
    def __init__(self, application) -> None:
        self.application = application

    @property
    def allowed_origins(self) -> list[str]:
        # "*" is never allowed: it would also let a missing Origin through.
        return [origin for origin in settings.CMIJ_ALLOWED_ORIGINS if origin != "*"]
