"""Wrong join codes, limited per client: IP plus a cookie (a whole meeting room shares one address),
with a generous ceiling per IP. Counters live in Django's cache (Redis when REDIS_URL is set)."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

COOKIE = "cmij_client"
WINDOW = 15 * 60
PER_CLIENT = 10  # wrong codes per browser per window
PER_IP = 200  # wrong codes per address per window: a room of forty, each mistyping a few times


class JoinLimiter:
    def __init__(self, request: HttpRequest) -> None:
        self.ip = request.META.get("REMOTE_ADDR", "")
        self.client = request.COOKIES.get(COOKIE) or ""
        self.new_client = not self.client
        if self.new_client:
            self.client = secrets.token_urlsafe(16)

    def _keys(self) -> tuple[str, str]:
        return f"join:client:{self.ip}:{self.client}", f"join:ip:{self.ip}"

    def blocked(self) -> bool:
        client_key, ip_key = self._keys()
        return cache.get(client_key, 0) >= PER_CLIENT or cache.get(ip_key, 0) >= PER_IP

    def record_failure(self) -> None:
        for key in self._keys():
            cache.add(key, 0, WINDOW)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, WINDOW)

    def finish(self, response: HttpResponse) -> HttpResponse:
        if self.new_client:
            response.set_cookie(COOKIE, self.client, max_age=WINDOW * 4, httponly=True, samesite="Lax")
        return response
