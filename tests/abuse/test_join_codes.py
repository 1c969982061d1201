"""Join codes under attack (#14): the limits on wrong codes hold under a burst from one client and from
many cookies behind one address, while forty honest phones behind that same address still join through
the projector's signed link. Runs on the real cache backend (Redis when REDIS_URL is set).

The figures (guesses allowed per hour, expected time to guess a live code) are printed (`-s`) and kept
as junit properties; docs/reliability.md quotes them.
"""

from __future__ import annotations

import html
import re
import secrets
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from boards import ratelimit, rendering, selectors, services
from boards.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Guest
from tests.helpers import factories

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(120)]

JOIN = reverse("boards:join")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD = re.compile(r'<input[^>]*name="(code|k)"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')
ASSUMED_LIVE_CODES = 20  # meetings open for joining at once, generously (the demo has one)
YEAR_HOURS = 24 * 365.25


@pytest.fixture
def address():
    """A room's address of its own (random, so runs sharing a Redis do not meet), its counter cleared
    before and after."""
    ip = "10." + ".".join(str(secrets.randbelow(254) + 1) for _ in range(3))
    key = f"join:ip:{ratelimit.address_key(ip)}"
    cache.delete(key)
    yield ip
    cache.delete(key)


@pytest.fixture
def checked(monkeypatch):
    """How many codes the join view actually looked up (each lookup is a guess checked)."""
    calls = []
    real = selectors.meeting_for_code

    def counting(code):
        calls.append(code)
        return real(code)

    monkeypatch.setattr(selectors, "meeting_for_code", counting)
    return calls


@pytest.fixture
def meeting():
    return factories.meeting()


def phone(ip: str) -> Client:
    """A browser that has never been here: no cookies, CSRF enforced, behind `ip`."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=ip)


def wrong_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def type_code(client: Client, code: str, name: str = "Gast"):
    page = client.get(JOIN).content.decode()
    token = CSRF.search(page).group(1)
    return client.post(JOIN, {"csrfmiddlewaretoken": token, "code": code, "display_name": name})


def follow_link(client: Client, link: str, name: str):
    """Open a join link as a phone does after scanning it, then submit the form it shows."""
    url = urlsplit(link)
    page = client.get(f"{url.path}?{url.query}").content.decode()
    fields = {
        match.group(1): html.unescape(VALUE.search(match.group(0)).group(1)) for match in FIELD.finditer(page)
    }
    token = CSRF.search(page).group(1)
    return client.post(JOIN, {"csrfmiddlewaretoken": token, "display_name": name, **fields})


def figures() -> dict[str, float]:
    windows_per_hour = 3600 / ratelimit.WINDOW
    codes = len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH
    per_address = ratelimit.PER_IP * windows_per_hour
    # Guessing distinct codes, the first hit among L live codes comes after (N + 1) / (L + 1) guesses.
    expected_guesses = (codes + 1) / (ASSUMED_LIVE_CODES + 1)
    return {
        "code_space": codes,
        "live_codes_assumed": ASSUMED_LIVE_CODES,
        "guesses_per_hour_per_cookie": ratelimit.PER_CLIENT * windows_per_hour,
        "guesses_per_hour_per_address": per_address,
        "guesses_in_worst_60_minutes_per_address": ratelimit.PER_IP * (windows_per_hour + 1),
        "expected_guesses": expected_guesses,
        "expected_years_one_address": expected_guesses / per_address / YEAR_HOURS,
        "chance_per_address_year": per_address * YEAR_HOURS * ASSUMED_LIVE_CODES / codes,
    }


def test_one_client_bursting_gets_ten_guesses_checked(meeting, address, checked):
    client = phone(address)
    statuses = [type_code(client, wrong_code()).status_code for _ in range(50)]
    assert len(checked) == ratelimit.PER_CLIENT == 10
    assert statuses == [200] * 10 + [429] * 40
    refused = type_code(client, meeting.join_code)  # even the right code: this browser is out of turns
    assert refused.status_code == 429 and "Te veel verkeerde codes" in refused.content.decode()
    assert not Guest.objects.exists()


def test_many_cookies_behind_one_address_hit_the_ceiling_and_the_room_still_joins(
    meeting, address, checked, record_property
):
    # The burst: 300 browsers (fresh cookies) behind one address, one wrong code each.
    statuses = [type_code(phone(address), wrong_code()).status_code for _ in range(300)]
    assert len(checked) == ratelimit.PER_IP == 200
    assert statuses == [200] * 200 + [429] * 100

    # The trade-off: a right code typed by a fresh browser at that address is refused too, since it
    # looks exactly like the next guess; the refusal sends it to the QR code.
    typed = type_code(phone(address), meeting.join_code)
    page = typed.content.decode()
    assert typed.status_code == 429 and "Scan de QR-code op het scherm" in page
    english = phone(address)
    english.cookies["django_language"] = "en"
    assert "Scan the QR code on the screen" in type_code(english, meeting.join_code).content.decode()
    assert len(checked) == 200

    # A token that does not verify gives no pass: forged, or signed for another code.
    link = rendering.join_url(meeting)
    token = dict(pair.split("=", 1) for pair in urlsplit(link).query.split("&"))[ratelimit.LINK_PARAM]
    other = factories.meeting(title="Een andere avond")
    for code, forged in [
        (wrong_code(), token),  # a real token with a guessed code
        (meeting.join_code, f"{meeting.pk}.{secrets.token_urlsafe(32)}"),  # the right code, forged
        (other.join_code, token),  # another meeting's code with this meeting's token
    ]:
        client = phone(address)
        csrf = CSRF.search(client.get(JOIN).content.decode()).group(1)
        response = client.post(
            JOIN, {"csrfmiddlewaretoken": csrf, "code": code, "display_name": "X", "k": forged}
        )
        assert response.status_code == 429
    assert len(checked) == 200 and not Guest.objects.exists()

    # Forty honest phones at the same address scan the projector's QR code and all get in.
    projector_link = rendering.join_context(meeting)["join_url"]
    for n in range(40):
        response = follow_link(phone(address), projector_link, f"Telefoon {n}")
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Guest.objects.filter(meeting=meeting).count() == 40
    assert Guest.objects.filter(meeting=other).count() == 0
    assert len(checked) == 240  # the forty were looked up, and none of them counted as a guess

    # Rotating the code voids the old link: it neither lets anyone in nor counts as a guess.
    services.join_code_rotate(meeting=meeting, by=factories.organiser())
    stale = follow_link(phone(address), projector_link, "Laat")
    assert stale.status_code == 200 and "niet (meer) geldig" in stale.content.decode()
    assert Guest.objects.filter(meeting=meeting).count() == 40

    for name, value in figures().items():
        record_property(name, value)
    report(checked=200, refused=100)


def test_a_link_without_a_token_still_works_as_a_typed_code(meeting, address):
    client = phone(address)
    response = follow_link(client, f"{JOIN}?code={meeting.join_code}", "Oude link")
    assert response.status_code == 302
    assert Guest.objects.filter(meeting=meeting, display_name="Oude link").exists()


def test_an_ipv6_client_cannot_spread_its_guesses_over_its_own_prefix():
    assert ratelimit.address_key("2001:db8:1:2:aaaa::1") == ratelimit.address_key("2001:db8:1:2:bbbb::9")
    assert ratelimit.address_key("2001:db8:1:2::1") != ratelimit.address_key("2001:db8:1:3::1")
    assert ratelimit.address_key("::ffff:203.0.113.7") == "203.0.113.7"


def test_the_figures_leave_a_live_code_out_of_reach():
    numbers = figures()
    assert numbers["guesses_per_hour_per_address"] == 800
    assert numbers["expected_years_one_address"] > 1_000_000


def report(*, checked: int, refused: int) -> None:
    numbers = figures()
    print(
        "\nJoin codes: {code_space:.3g} codes; per address {guesses_per_hour_per_address:.0f} wrong "
        "guesses an hour (at most {guesses_in_worst_60_minutes_per_address:.0f} in any 60 minutes), per "
        "cookie {guesses_per_hour_per_cookie:.0f}; with {live_codes_assumed} live codes a guess hits "
        "after {expected_guesses:.3g} tries on average: {expected_years_one_address:.3g} years from one "
        "address (chance per address-year {chance_per_address_year:.2g}). Burst of 300 cookies: "
        "{checked} checked, {refused} refused.".format(checked=checked, refused=refused, **numbers)
    )
