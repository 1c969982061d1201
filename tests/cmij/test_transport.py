"""Transport (#28): over https every cookie we set is Secure; behind a proxy the scheme comes from its
X-Forwarded-Proto (no redirect loop) and `manage.py serve` runs daphne with --proxy-headers; a body
over CMIJ_MAX_BODY_BYTES is refused with 413 before Django reads it."""

from __future__ import annotations

import asyncio
import json

import pytest
from django.contrib import messages
from django.test import Client, override_settings
from django.urls import reverse

from cmij.asgi import application
from cmij.serving import daphne_command
from profiles.models import Profile
from tests.helpers.clients import client_for
from tests.helpers.factories import PASSWORD, meeting
from tests.helpers.interpreters import PRODUCTION, run_python

HTTPS = {
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}

# --- cookies ------------------------------------------------------------------------------------------


def test_production_settings_make_every_cookie_secure_and_trust_a_proxy_only_when_told():
    script = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings as s\n"
        "print(json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
        " s.SECURE_PROXY_SSL_HEADER]))\n"
    )
    alone = run_python(script, PRODUCTION)
    behind = run_python(script, {**PRODUCTION, "CMIJ_BEHIND_PROXY": "1"})
    assert alone.returncode == 0 and behind.returncode == 0, alone.stderr + behind.stderr
    assert json.loads(alone.stdout.splitlines()[-1]) == [True, True, True, None]
    assert json.loads(behind.stdout.splitlines()[-1]) == [
        True,
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


@pytest.mark.django_db
@override_settings(**HTTPS)
def test_over_https_every_cookie_we_set_is_secure(member):
    browser = Client()
    cookies = {}
    # The language switch, a wrong join code (the rate limit's cookie), CSRF and messages.
    response = browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookies.update(response.cookies)
    response = browser.post(reverse("boards:join"), {"code": "ZZZZZZ", "display_name": "Gast"})
    cookies.update(response.cookies)
    # A right code: the session and the joined guests' cookie, and a message.
    session = meeting()
    response = browser.post(reverse("boards:join"), {"code": session.join_code, "display_name": "Gast"})
    cookies.update(response.cookies)
    response = browser.get(reverse("boards:meetings"))
    cookies.update(response.cookies)
    # A member's login (a new session) and a page with a form (CSRF).
    response = Client().post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    cookies.update(response.cookies)
    response = client_for(member).get(reverse("profiles:edit"))
    cookies.update(response.cookies)

    assert {"django_language", "cmij_client", "sessionid", "csrftoken"} <= set(cookies)
    assert {name: bool(cookie["secure"]) for name, cookie in cookies.items()} == dict.fromkeys(cookies, True)


@pytest.mark.django_db
@override_settings(**HTTPS)
def test_the_messages_cookie_is_secure_over_https(rf):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(messages.INFO, "Opgeslagen")
    response = HttpResponse()
    storage.update(response)
    assert response.cookies["messages"]["secure"] is True


# --- behind a proxy -----------------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_proxy_its_forwarded_scheme_means_https_and_no_redirect_loop(client):
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/").status_code == 301  # plain http, straight to daphne: to https


def test_serve_passes_the_proxy_flag_to_daphne_only_behind_a_proxy():
    assert "--proxy-headers" in daphne_command("127.0.0.1", 8000, behind_proxy=True)
    assert "--proxy-headers" not in daphne_command("127.0.0.1", 8000, behind_proxy=False)
    assert daphne_command("0.0.0.0", 8123, behind_proxy=True)[-1] == "cmij.asgi:application"


def test_serve_lets_a_room_of_phones_connect_at_once():
    """A listen backlog of 1024, not Twisted's 50, and 30 s for a socket's handshake, not daphne's 5
    (a connect storm, #29). The test servers run the same command (tests/helpers/servers.py)."""
    command = daphne_command("::", 8000, behind_proxy=False)
    assert "tcp:port=8000:backlog=1024:interface=\\:\\:" in command
    assert command[command.index("--websocket_connect_timeout") + 1] == "30"


# --- request bodies -----------------------------------------------------------------------------------


async def served(
    path: str, *, headers: list[tuple[bytes, bytes]], chunks: list[bytes]
) -> tuple[int, str, int]:
    """POST to the served ASGI app; its status, body, and how many body messages it read."""
    read = 0
    sent: list[dict] = []

    async def receive():
        nonlocal read
        if read < len(chunks):
            read += 1
            return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}
        await asyncio.Future()  # the client stays connected until the response (Django listens)

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    await application(scope, receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    return start["status"], body.decode(), read


MB = 1024 * 1024
CSRF_SECRET = b"a" * 32  # a CSRF secret as the cookie holds it; the header may carry it as is


@pytest.mark.django_db(transaction=True)
@override_settings(CMIJ_MAX_BODY_BYTES=2 * MB)
async def test_a_body_declared_larger_than_the_limit_is_refused_before_it_is_read():
    status, page, read = await served(
        "/makers/profiel/",
        headers=[(b"content-length", str(200 * MB).encode()), (b"content-type", b"multipart/form-data")],
        chunks=[b"x" * MB] * 3,
    )
    assert status == 413
    assert read == 0  # not a byte read: the view cannot have run
    assert "Te groot om te versturen" in page and "2 MB" in page


@pytest.mark.django_db(transaction=True)
@override_settings(CMIJ_MAX_BODY_BYTES=2 * MB)
async def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(member):
    from asgiref.sync import sync_to_async

    from tests.helpers.clients import member_cookie

    cookie = await sync_to_async(member_cookie)(member)
    before = await sync_to_async(lambda: Profile.objects.get(user=member).bio)()
    body = b"bio=" + b"x" * (5 * MB)
    chunks = [body[i : i + MB // 2] for i in range(0, len(body), MB // 2)]
    status, _page, read = await served(
        "/makers/profiel/",
        headers=[
            (b"cookie", cookie.encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"transfer-encoding", b"chunked"),
        ],
        chunks=chunks,
    )
    assert status == 413
    assert read == 5  # 2.5 MB read, then no more
    assert await sync_to_async(lambda: Profile.objects.get(user=member).bio)() == before


@pytest.mark.django_db(transaction=True)
async def test_a_content_length_that_is_not_a_number_is_a_bad_request():
    status, _page, read = await served("/", headers=[(b"content-length", b"12abc")], chunks=[b"x"])
    assert (status, read) == (400, 0)


@pytest.mark.django_db(transaction=True)
@override_settings(CMIJ_MAX_BODY_BYTES=2 * MB)
async def test_a_body_within_the_limit_reaches_the_view():
    status, _page, read = await served(
        reverse("set_language"),
        headers=[
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", b"21"),
            (b"cookie", b"csrftoken=" + CSRF_SECRET),
            (b"x-csrftoken", CSRF_SECRET),
        ],
        chunks=[b"language=en&next=/abc"],
    )
    assert status == 302 and read == 1
