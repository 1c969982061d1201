"""Fetching a partner's ICS calendar by the URL an organiser typed in, safe for this server and for
the fetch itself.

- Only http and https, for redirect targets too; webcal:// and webcals:// are taken as https://.
- Public addresses only (no SSRF): the host is resolved once per connection, and if any of its
  addresses is not public (loopback, private, link-local, shared, reserved, multicast, unspecified, or
  an IPv6 form of one) the fetch is refused, unless it lies in CMIJ_AGENDA_FETCH_ALLOW_NETWORKS. The
  socket then connects to exactly the checked address, never to the name again (a rebinding DNS server
  gets no second answer), and the peer is checked once more. https checks the certificate on the name.
- One deadline for the whole fetch, redirects included (CMIJ_AGENDA_FETCH_DEADLINE): a watchdog shuts
  the socket down when it passes, so a server that drips a byte a second is cut as well.
- At most CMIJ_AGENDA_FETCH_MAX_BYTES of body (a larger Content-Length is refused before reading), and
  no compression, so the bytes counted are the bytes kept; at most CMIJ_AGENDA_FETCH_MAX_REDIRECTS hops.
- Conditional requests: with the ETag and Last-Modified of the last fetch an unchanged feed answers
  304 and nothing is downloaded.

Every failure is a FetchError: a code, a technical detail for the logs, a message for organisers.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

USER_AGENT = "CMIJ-agenda/1.0 (+https://cmij.nl)"
CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv6 addresses that carry an IPv4 one in their last 32 bits

MESSAGES = {
    "url": gettext_noop("This is not a web address a calendar can be fetched from."),
    "scheme": gettext_noop("A calendar address starts with https://, http:// or webcal://."),
    "address": gettext_noop(
        "This address leads to a private or local network; calendars are only fetched from the public internet."
    ),
    "connection": gettext_noop("The calendar's server could not be reached."),
    "deadline": gettext_noop("The calendar did not arrive within %(seconds)s seconds."),
    "too_large": gettext_noop("The calendar is larger than %(megabytes)s MB, more than the agenda takes in."),
    "redirects": gettext_noop("The calendar's address sends us on to other addresses too often."),
    "status": gettext_noop("The calendar's server answered with an error (%(detail)s)."),
    "tls": gettext_noop("The calendar's secure connection could not be verified (a certificate problem)."),
}


@dataclass(frozen=True)
class Fetched:
    body: bytes | None  # None when the server answered 304 Not Modified
    etag: str  # the response's ETag ("" if none); on a 304 without one, the one sent
    last_modified: str  # the response's Last-Modified ("" if none); on a 304 likewise
    url: str  # the final URL, after redirects


class FetchError(Exception):
    """Why a fetch failed: `code` (one of MESSAGES), `detail` in English for logs, `message` for people.
    `limit` is the number the message names (seconds for "deadline", bytes for "too_large")."""

    def __init__(self, code: str, detail: str = "", *, limit: float | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.limit = limit

    @property
    def message(self) -> str:
        """The reason in plain words, in the active language."""
        limit = self.limit
        if limit is None:
            limit = (
                settings.CMIJ_AGENDA_FETCH_MAX_BYTES
                if self.code == "too_large"
                else settings.CMIJ_AGENDA_FETCH_DEADLINE
            )
        text = gettext(MESSAGES.get(self.code, MESSAGES["connection"]))
        return text % {"detail": self.detail, "seconds": f"{limit:g}", "megabytes": f"{limit / 2**20:.3g}"}


def feed_url(url: str) -> str:
    """The URL to fetch: stripped; webcal:// and webcals:// taken as https://; only http and https
    with a host; raises FetchError("scheme") / FetchError("url") otherwise."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (a port that is not a number raises ValueError)
    except ValueError as error:
        raise FetchError("url", str(error))
    if parts.scheme in ("webcal", "webcals"):
        parts = parts._replace(scheme="https")
    if parts.scheme not in ("http", "https"):
        raise FetchError("scheme", f"scheme {parts.scheme!r}")
    if not parts.hostname:
        raise FetchError("url", "no host")
    return urlunsplit(parts)


def address_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: list) -> bool:
    """Whether a fetch may connect to `ip`: a public address, or one inside an allowed network. An IPv6
    address that carries an IPv4 one (mapped, 6to4, NAT64) is judged by the IPv4 one."""
    if ip.version == 6:
        if ip in NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        else:
            ip = ip.ipv4_mapped or ip.sixtofour or ip
    if any(ip in network for network in networks):
        return True
    return ip.is_global and not ip.is_multicast and not ip.is_reserved


class _Guard:
    """One fetch's rules over all its connections: the allowed networks, and the deadline, which a
    watchdog enforces by shutting the current socket down wherever a read or write is blocked."""

    def __init__(self, seconds: float, networks: list) -> None:
        self.seconds = seconds
        self.networks = networks
        self.end = time.monotonic() + seconds
        self.expired = False
        self.sock: socket.socket | None = None
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True
        self.timer.start()

    def remaining(self) -> float:
        """Seconds left; FetchError("deadline") when none are."""
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            raise FetchError("deadline", f"over {self.seconds:g} s", limit=self.seconds)
        return left

    def watch(self, sock: socket.socket) -> None:
        with self.lock:
            self.sock = sock
        self.remaining()

    def expire(self) -> None:
        with self.lock:
            self.expired = True
            if self.sock is not None:
                try:  # the plain socket's shutdown, also under TLS: it wakes the reader with an EOF
                    socket.socket.shutdown(self.sock, socket.SHUT_RDWR)
                except OSError:
                    pass

    def check(self, host: str, address: str) -> None:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not address_allowed(ip, self.networks):
            raise FetchError("address", f"{host} is {ip}, not a public address")

    def open(self, host: str, port: int) -> socket.socket:
        """A socket connected to `host`: resolved once, every address checked before any connect."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise FetchError("connection", f"cannot resolve {host}: {error}")
        for *_, sockaddr in found:
            self.check(host, sockaddr[0])
        failure: OSError = OSError(f"no address for {host}")
        for family, kind, proto, _, sockaddr in found:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(self.remaining())
                self.watch(sock)
                sock.connect(sockaddr)
                self.check(host, sock.getpeername()[0])
                return sock
            except OSError as error:
                sock.close()
                failure = error
            except BaseException:
                sock.close()
                raise
        raise failure


class _Connection(http.client.HTTPConnection):
    """HTTP to the checked address of the host (the Host header still names the host)."""

    def __init__(self, host: str, port: int, guard: _Guard) -> None:
        super().__init__(host, port)
        self.guard = guard

    def connect(self) -> None:
        self.sock = self.guard.open(self.host, self.port)


class _TLSConnection(http.client.HTTPSConnection):
    """HTTPS likewise; SNI and the certificate check are on the host name."""

    def __init__(self, host: str, port: int, guard: _Guard) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, context=self.tls)
        self.guard = guard

    def connect(self) -> None:
        sock = self.guard.open(self.host, self.port)
        try:
            self.sock = self.tls.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
        except BaseException:
            sock.close()
            raise
        self.guard.watch(self.sock)  # the TLS socket from now on, so the watchdog can cut the handshake too
        self.sock.do_handshake()


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    deadline: float | None = None,
    max_bytes: int | None = None,
    max_redirects: int | None = None,
    allow_networks: list[str] | None = None,
) -> Fetched:
    """GET the feed at `url` under the rules above; a 304 gives body=None. Fails only with FetchError."""
    deadline = settings.CMIJ_AGENDA_FETCH_DEADLINE if deadline is None else deadline
    max_bytes = settings.CMIJ_AGENDA_FETCH_MAX_BYTES if max_bytes is None else max_bytes
    max_redirects = settings.CMIJ_AGENDA_FETCH_MAX_REDIRECTS if max_redirects is None else max_redirects
    if allow_networks is None:
        allow_networks = settings.CMIJ_AGENDA_FETCH_ALLOW_NETWORKS
    networks = [ipaddress.ip_network(network, strict=False) for network in allow_networks]
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    visited = [feed_url(url)]
    guard = _Guard(deadline, networks)
    try:
        while True:
            status, answer, body = _get(visited[-1], headers, guard, max_bytes)
            if status in REDIRECTS and answer.get("Location"):
                target = feed_url(urljoin(visited[-1], answer["Location"]))
                if target in visited:
                    raise FetchError("redirects", f"loop back to {target}")
                if len(visited) > max_redirects:
                    raise FetchError("redirects", f"more than {max_redirects} redirects")
                visited.append(target)
            elif status == 304:
                kept = answer.get("ETag") or etag, answer.get("Last-Modified") or last_modified
                return Fetched(None, *kept, visited[-1])
            elif 200 <= status < 300:
                return Fetched(body, answer.get("ETag", ""), answer.get("Last-Modified", ""), visited[-1])
            else:
                raise FetchError("status", f"HTTP {status}")
    finally:
        guard.timer.cancel()


def _get(
    url: str, headers: dict, guard: _Guard, max_bytes: int
) -> tuple[int, http.client.HTTPMessage, bytes | None]:
    """One request: the status, the headers, and the body of a 2xx (other bodies are never read)."""
    parts = urlsplit(url)
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise FetchError("url", f"host {parts.hostname!r}: {error}")
    https = parts.scheme == "https"
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = response = None
    try:
        connection = (_TLSConnection if https else _Connection)(
            host, parts.port or (443 if https else 80), guard
        )
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        if not 200 <= response.status < 300:
            return response.status, response.headers, None
        # response.length: the Content-Length still to come (None when chunked or not given).
        if response.length is not None and response.length > max_bytes:
            raise FetchError("too_large", f"Content-Length {response.length} > {max_bytes}", limit=max_bytes)
        body = bytearray()
        while chunk := response.read1(CHUNK):
            body += chunk
            if len(body) > max_bytes:
                raise FetchError("too_large", f"more than {max_bytes} bytes", limit=max_bytes)
            guard.remaining()
        guard.remaining()
        if response.length:  # the server closed before the end (read1 says so only with b"")
            raise FetchError("connection", f"{host}: body cut short, {response.length} bytes missing")
        return response.status, response.headers, bytes(body)
    except FetchError:
        raise
    except (OSError, http.client.HTTPException) as error:
        if guard.expired or isinstance(error, TimeoutError):
            raise FetchError("deadline", f"over {guard.seconds:g} s", limit=guard.seconds)
        if isinstance(error, ssl.SSLError):
            raise FetchError("tls", f"{host}: {error}")
        if isinstance(error, http.client.InvalidURL):  # e.g. a space in the host name
            raise FetchError("url", str(error))
        raise FetchError("connection", f"{host}: {error!r}")
    finally:
        if response is not None:  # it owns the socket once the server said it closes the connection
            response.close()
        if connection is not None:
            connection.close()
