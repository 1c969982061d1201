"""Plain HTTP and WebSocket clients of a served app, as a phone's browser would be."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Cookies and CSRF like a browser: enough to join as a guest and post ideas."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        return self.opener.open(self.base_url + path, timeout=10).read().decode()

    def post(self, path: str, data: dict, form_page: str | None = None) -> None:
        token = CSRF.search(self.get(form_page or path)).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Referer": self.base_url + "/"}
        )
        self.opener.open(request, timeout=10)

    def session_id(self) -> str:
        """The session cookie this browser holds, for a socket opened beside it."""
        return next(cookie.value for cookie in self.jar if cookie.name == "sessionid")

    def join(self, code: str, name: str) -> Browser:
        self.post("/meedoen/", {"code": code, "display_name": name})
        return self

    def log_in(self, user) -> Browser:
        """Carry a session made for `user` here (the served app shares the database)."""
        from django.test import Client

        client = Client()
        client.force_login(user)
        host = urllib.parse.urlsplit(self.base_url).hostname
        self.jar.set_cookie(
            http.cookiejar.Cookie(
                0, "sessionid", client.cookies["sessionid"].value, None, False, host, False, False,
                "/", True, False, None, False, None, None, {},
            )
        )  # fmt: skip
        return self

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)
