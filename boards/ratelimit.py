"""Wrong join codes, limited per client: IP plus a cookie (a whole meeting room shares one address),
with a generous ceiling per IP. Counters live in Django's cache (Redis when REDIS_URL is set).

From one address, an attacker's fresh cookie and an honest phone's fresh cookie look the same, so once
the ceiling of an address is reached a typed code is refused for everyone behind it. The room still gets
in: the projector's QR code and a facilitator's link carry a signed token bound to the meeting and its
current code (rotating the code invalidates it). A join through such a link proves the code was read,
not guessed: it is never counted and never refused by these limits. A token that does not verify gives
no pass: the attempt is a typed code, limited and counted like one.

The figures (guesses per hour per address, expected time to guess a live code) are computed and
checked in tests/abuse/test_join_codes.py.
"""

from __future__ import annotations

import ipaddress
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from boards.selectors import normalise_join_code

COOKIE = "cmij_client"
WINDOW = 15 * 60
PER_CLIENT = 10  # wrong codes per browser per window
PER_IP = 200  # wrong codes per address per window: a room of forty, each mistyping a few times

LINK_PARAM = "k"
LINK_SALT = "cmij.boards.join-link"


def address_key(ip: str) -> str:
    """The address a ceiling applies to: an IPv6 client holds a whole /64, so the /64 counts as one."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class JoinLimiter:
    def __init__(self, request: HttpRequest) -> None:
        self.ip = address_key(request.META.get("REMOTE_ADDR", ""))
        self.client = request.COOKIES.get(COOKIE) or ""
        self.new_client = not self.client
        if self.new_client:
            self.client = secrets.token_urlsafe(16)

    def _keys(self) -> tuple[str, str]:
        return f"join:client:{self.ip}:{self.client}", f"join:ip:{self.ip}"

    def refusal(self) -> str | None:
        """Why a typed code is not checked now, or None when it may be."""
        client_key, ip_key = self._keys()
        counts = cache.get_many([client_key, ip_key])
        if counts.get(ip_key, 0) >= PER_IP:
            return _(
                "Too many wrong codes were tried from this network. Scan the QR code on the screen, "
                "or open the join link the facilitator shares."
            )
        if counts.get(client_key, 0) >= PER_CLIENT:
            return _("Too many wrong codes. Wait a few minutes and try again.")
        return None

    def blocked(self) -> bool:
        return self.refusal() is not None

    def record_failure(self) -> None:
        for key in self._keys():
            cache.add(key, 0, WINDOW)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, WINDOW)

    def finish(self, response: HttpResponse) -> HttpResponse:
        if self.new_client:
            response.set_cookie(
                COOKIE,
                self.client,
                max_age=WINDOW * 4,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


# --- the signed join link -------------------------------------------------------------------------


def _signer() -> signing.Signer:
    return signing.Signer(salt=LINK_SALT)


def join_link_token(meeting) -> str:
    """The token in the projector's join link: the meeting's id and a signature of it with its code."""
    return f"{meeting.pk}.{_signer().signature(f'{meeting.pk}:{meeting.join_code}')}"


def join_link_meeting_id(*, code: str, token: str) -> int | None:
    """The meeting a link's token vouches for, if it signs this code; None otherwise.

    No database query, and the same work whether the code exists or not: a refused guesser learns
    nothing from how long a refusal takes.
    """
    meeting_id, _sep, signature = (token or "").partition(".")
    if not (meeting_id.isascii() and meeting_id.isdigit()) or not signature or len(token) > 100:
        return None
    value = f"{int(meeting_id)}:{normalise_join_code(code or '')}"
    try:
        _signer().unsign(f"{value}{_signer().sep}{signature}")
    except signing.BadSignature:
        return None
    return int(meeting_id)
