"""Browser tests: Playwright's Python package driving Debian's Chromium (never `playwright install`)."""

from __future__ import annotations

import os

import pytest

from tests.helpers.servers import daphne
from tests.helpers.services import require_chromium

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Phones reach `make run HOST=0.0.0.0` by a non-loopback name; cmij.test stands in for it.
    "--host-resolver-rules=MAP cmij.test 127.0.0.1",
]


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run beside
    one unless told. Only while tests/e2e run, where the ORM is test setup; the served app never
    gets it (tests/helpers/servers.py removes it from daphne's environment)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser(allow_orm_beside_playwright):
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(transactional_db):
    with daphne() as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def lan_url(transactional_db):
    """The app served as phones on the meeting's network reach it: by a host name, not 127.0.0.1."""
    from tests.helpers.servers import free_port

    port = free_port()
    base = f"http://cmij.test:{port}"
    with daphne(port=port, CMIJ_BASE_URL=base, ALLOWED_HOSTS="cmij.test,127.0.0.1,localhost") as url:
        assert url.endswith(str(port))
        yield base


def login_context(browser, base_url: str, user, **options):
    """A browser context already logged in as `user`, from a session made here (no login form)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(**options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context


def console_problems(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems
