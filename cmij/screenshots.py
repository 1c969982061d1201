"""The README's pictures: `make screenshots` runs `python -m cmij.screenshots`.

It loads the demo data into a throwaway SQLite database (a temporary file, never db.sqlite3), serves
it with daphne on a free loopback port and shoots the main screens in Dutch with Debian's Chromium
into docs/screenshots/. Run it again after a change to one of these screens.

A plain module rather than a management command: the database has to be chosen before Django
starts, and a command starts inside the developer's settings and database.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CMIJ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
# Debian's Chromium has its Dutch (date fields as dd-mm-jjjj, with LANGUAGE=nl) in chromium-l10n.
CHROMIUM_LOCALES = Path("/usr/lib/chromium/locales")
# The address the join link and QR code on the projector show: the kind `make run HOST=0.0.0.0` prints
# for a meeting, rather than the throwaway server's random loopback port.
SHOWN_BASE_URL = "http://10.0.0.5:8000"


@dataclass(frozen=True)
class Screen:
    """One picture: its file, the window it is shot in, who looks, and what shows the page is ready."""

    file: str
    width: int
    height: int
    scale: int = 1
    mobile: bool = False
    login: str | None = None  # the role of the demo account that looks; None: nobody logged in
    ready: str = "main"  # what must be visible before the shot
    scroll_to: str | None = None  # scrolled to the top of the window: the board, not the site menu
    dark: bool = False  # the dark scheme (prefers-color-scheme: dark)


# The pictures the README shows, in its order (tests/cmij/test_screenshots.py holds the README to it).
SCREENS: tuple[Screen, ...] = (
    Screen("home.png", 1280, 1000, login="member", ready=".home-grid"),
    Screen("home-phone.png", 360, 780, scale=2, mobile=True, ready=".home-grid"),
    Screen(
        "board-phone.png",
        390,
        844,
        scale=2,
        mobile=True,
        login="member",
        ready="article.idea",
        scroll_to="main h1",
    ),
    # The plenary board filled to 60 ideas (plan()): the join panel in its corner, a page of them.
    Screen("projector.png", 1920, 1080, ready="img.join-panel__qr"),
    Screen("breakouts.png", 1920, 1080, ready=".board--breakout article.idea"),
    Screen(
        "facilitator-phone.png",
        360,
        780,
        scale=2,
        mobile=True,
        login="facilitator",
        ready=".facilitate",
        scroll_to=".facilitate",
    ),
    Screen("callouts.png", 1280, 900, login="member", ready="li.callout"),
    Screen("directory.png", 1280, 900, login="member", ready="li.maker"),
    Screen("agenda.png", 1280, 900, login="member", ready="article.event-card"),
)
# The same screens at night: the dark scheme (the projector keeps the light one).
NIGHT = ("home.png", "home-phone.png", "board-phone.png", "callouts.png", "directory.png", "agenda.png")
SCREENS += tuple(
    replace(screen, file=screen.file.replace(".png", "-dark.png"), dark=True)
    for screen in SCREENS
    if screen.file in NIGHT
)


@dataclass(frozen=True)
class Shot:
    screen: Screen
    path: str  # with its query string
    session_key: str | None


class ScreenshotError(RuntimeError):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cmij.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where the PNGs go (docs/screenshots/)")
    out_dir = parser.parse_args(argv).out
    chromium = chromium_path()
    sync_playwright = playwright_api()
    with tempfile.TemporaryDirectory(prefix="cmij-screenshots-") as tmp:
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        for name in ("REDIS_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"):
            os.environ.pop(name, None)  # the embedded hub, and the default hosts (127.0.0.1 among them)
        os.environ.update(throwaway_environment(Path(tmp), base_url))

        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", "--noinput", verbosity=0)
        call_command("seed_demo")
        shots = plan()
        with serving(port) as url:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS, env={**os.environ, "LANGUAGE": "nl"}
                )
                try:
                    written = shoot(browser, url, shots, out_dir)
                finally:
                    browser.close()
    for path in written:
        print(f"{path}  {path.stat().st_size // 1024} KB")
    return 0


def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        raise SystemExit(
            f"make screenshots needs Chromium at {CHROMIUM}: apt-get install -y chromium "
            "(never `playwright install`; CMIJ_CHROMIUM=/path/to/chromium points elsewhere)"
        )
    if CHROMIUM_LOCALES.is_dir() and not (CHROMIUM_LOCALES / "nl.pak").exists():
        raise SystemExit(
            "make screenshots needs Chromium's Dutch, for date fields in Dutch: apt-get install -y chromium-l10n"
        )
    return CHROMIUM


def playwright_api():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit(
            "make screenshots needs Playwright's Python package (the dev extra): "
            ".venv/bin/pip install --editable '.[dev]', or run it through `make screenshots`"
        )
    return sync_playwright


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throwaway_environment(tmp: Path, base_url: str) -> dict[str, str]:
    """Settings for a database, media and secret that live as long as `tmp`."""
    return {
        "DJANGO_SETTINGS_MODULE": "cmij.settings",
        "DATABASE_URL": f"sqlite:///{tmp / 'screenshots.sqlite3'}",
        "CMIJ_MEDIA_ROOT": str(tmp / "media"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "CMIJ_BASE_URL": SHOWN_BASE_URL,
        "CSRF_TRUSTED_ORIGINS": base_url,  # the origin the browser really uses, for forms and sockets
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }


def plan() -> list[Shot]:
    """Each screen's page and a logged-in session for its viewer, made here (no login form)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from boards.models import Board, Meeting
    from cmij.demo import DEMO_ACCOUNTS, DEMO_SESSION_TITLE

    meeting = Meeting.objects.get(title=DEMO_SESSION_TITLE)
    plenary = meeting.boards.get(kind=Board.Kind.PLENARY)
    fill_to(plenary, PROJECTOR_IDEAS)
    projector = f"{reverse('boards:projector', args=[plenary.pk])}?t={plenary.projector_token}"
    paths = {
        "home.png": reverse("home"),
        "home-phone.png": reverse("home"),
        "board-phone.png": plenary.get_absolute_url(),
        "projector.png": projector,
        "breakouts.png": f"{projector}&breakouts=1",
        "facilitator-phone.png": plenary.get_absolute_url(),
        "callouts.png": reverse("callouts:feed"),
        "directory.png": reverse("profiles:directory"),
        "agenda.png": reverse("agenda:agenda"),
    }
    emails = {role: email for email, _name, role in DEMO_ACCOUNTS}
    User = get_user_model()
    shots = []
    for screen in SCREENS:
        session_key = None
        if screen.login:
            client = Client()
            client.force_login(User.objects.get(email=emails[screen.login]))
            session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
        shots.append(Shot(screen, paths[screen.file.replace("-dark.png", ".png")], session_key))
    return shots


# The projector's picture shows a full room: the plenary board filled up to this many ideas, of the
# length phones send (up to 140 characters), in its three columns.
PROJECTOR_IDEAS = 60
IDEA_STARTS = (
    "Een open podium voor jonge makers",
    "Samen een gedeelde opslag voor decors en kostuums",
    "Een wandelroute langs de ateliers",
    "Muziek op het strand bij zonsondergang",
    "Een maandelijkse koffieochtend voor vrijwilligers",
    "Een gezamenlijke subsidieaanvraag voor kleine festivals",
    "Workshops erfgoed voor basisscholen",
    "Een kalender van alle voorstellingen op één plek",
    "Leegstaande winkels als tijdelijke expositieruimte",
    "Een koor van drie generaties",
)
IDEA_PLACES = (
    "in Beverwijk",
    "in IJmuiden",
    "in Heemskerk",
    "in Velsen-Zuid",
    "in Wijk aan Zee",
    "in Santpoort",
)
IDEA_ENDS = (
    ", met technici en vrijwilligers die elkaar nog niet kennen.",
    ", zodat ook nieuwe makers een plek vinden en gezien worden.",
    ", twee keer per jaar en met een hapje en een drankje erbij.",
)


def fill_to(board, count: int) -> None:
    """Ideas from the demo's member on `board` until it has `count`, spread over its columns."""
    from django.contrib.auth import get_user_model

    from boards import services
    from boards.identity import Participant
    from cmij.demo import DEMO_ACCOUNTS

    email = next(email for email, _name, role in DEMO_ACCOUNTS if role == "member")
    member = Participant(user=get_user_model().objects.get(email=email))
    prompts = list(board.prompts.all())
    for number in range(board.ideas.count(), count):
        start = IDEA_STARTS[number % len(IDEA_STARTS)]
        place = IDEA_PLACES[number % len(IDEA_PLACES)]
        text = f"{start} {place}{IDEA_ENDS[number % len(IDEA_ENDS)]}"[:140]
        services.idea_create(
            board=board,
            participant=member,
            prompt=prompts[number % len(prompts)],
            text=text,
            client_msg_id=services.client_msg_id_new(),
        )


def shoot(browser, base_url: str, shots: Sequence[Shot], out_dir: Path) -> list[Path]:
    """Open each page in its own window, in Dutch, wait until it settled, and save the picture."""
    from django.conf import settings
    from django.urls import reverse

    logout_path = reverse("account_logout")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for shot in shots:
        screen = shot.screen
        context = browser.new_context(
            viewport={"width": screen.width, "height": screen.height},
            device_scale_factor=screen.scale,
            is_mobile=screen.mobile,
            has_touch=screen.mobile,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            color_scheme="dark" if screen.dark else "light",
        )
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "nl", "url": base_url}]
        if shot.session_key:
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": shot.session_key, "url": base_url})
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            response = page.goto(f"{base_url}{shot.path}")
            if response is None or not response.ok:
                status = response.status if response else "nothing"
                raise ScreenshotError(f"{shot.path} answered {status}")
            logged_in = page.locator(f"form[action='{logout_path}']").count() > 0
            if "/accounts/login" in page.url or logged_in != bool(screen.login):
                raise ScreenshotError(
                    f"{shot.path}: expected {screen.login or 'a visitor'}, logged in: {logged_in}"
                )
            if page.locator("html").get_attribute("lang") != "nl":
                raise ScreenshotError(f"{shot.path} is not in Dutch")
            page.locator("#live[data-live-state=open]").wait_for(state="attached")  # the socket is up
            page.locator(screen.ready).first.wait_for(state="visible")
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            if screen.scroll_to:
                page.locator(screen.scroll_to).first.evaluate(
                    "element => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 16)"
                )
            path = out_dir / screen.file
            page.screenshot(path=path)
            written.append(path)
        finally:
            context.close()
    return written


@contextmanager
def serving(port: int) -> Iterator[str]:
    """daphne on 127.0.0.1:port with this process's environment (the throwaway database)."""
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
    command += ["--websocket_timeout", "-1", "cmij.asgi:application"]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise ScreenshotError(f"daphne exited with {process.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise ScreenshotError(f"daphne at {url} did not answer in 30 s")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    sys.exit(main())
