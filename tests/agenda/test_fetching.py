"""Fetching partners' calendars (agenda.fetching): conditional requests, size and time limits,
redirects, and no way through to loopback, private or link-local addresses (SSRF).

Only loopback traffic leaves these tests: the `connects` fixture lets a socket connect to a loopback
address only and refuses every other attempt itself, before any packet is sent.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import translation

from agenda.fetching import MESSAGES, FetchError, feed_url, fetch
from tests.helpers.feed_server import feed_server
from tests.helpers.waiting import sync_until

pytestmark = pytest.mark.timeout(30)  # every test here ends in seconds; a hang is a failure

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//NL\r\nEND:VCALENDAR\r\n"
LAST_MODIFIED = "Mon, 02 Jun 2025 10:00:00 GMT"
LOOPBACK = ["127.0.0.1/32"]
MB = 1024 * 1024
DEADLINE = 2.0  # seconds, for the servers that misbehave
SLACK = 1.5  # seconds a cut may come after the deadline


@pytest.fixture
def server():
    with feed_server() as running:
        yield running


@pytest.fixture
def connects(monkeypatch) -> list[tuple]:
    """Every address a socket tries to connect to; only loopback ones are really connected, any other
    attempt is refused here (ConnectionRefusedError) so nothing leaves the machine."""
    attempts: list[tuple] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        attempts.append(address)
        if not ipaddress.ip_address(address[0].split("%")[0]).is_loopback:
            raise ConnectionRefusedError(f"test: no connection to {address[0]}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


def resolving(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Make socket.getaddrinfo answer host names from `answers`: each lookup of a name takes the next
    address of its list (the last one again once the list is used up). Returns the names looked up."""
    lookups: list[str] = []
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = answers[host][min(lookups.count(host), len(answers[host]) - 1)]
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, int(port)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def failure(url: str, **options) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, **options)
    return caught.value


# --- a normal feed, fetched again -----------------------------------------------------------------


def test_second_fetch_of_an_unchanged_feed_downloads_nothing(server):
    server.serve("/feed.ics", ICS, last_modified=LAST_MODIFIED)
    first = fetch(server.url + "/feed.ics", allow_networks=LOOPBACK)
    assert first.body == ICS
    assert first.etag.startswith('"') and first.last_modified == LAST_MODIFIED
    assert first.url == server.url + "/feed.ics"
    assert server.requests[0].headers["User-Agent"].startswith("CMIJ-agenda/")
    assert server.requests[0].headers["Accept-Encoding"] == "identity"

    again = fetch(server.url + "/feed.ics", etag=first.etag, allow_networks=LOOPBACK)

    assert again.body is None and again.etag == first.etag
    seen = server.requests[-1]
    assert seen.headers["If-None-Match"] == first.etag
    assert (seen.status, seen.body_bytes) == (304, 0)


def test_if_modified_since_also_gets_304(server):
    server.serve("/feed.ics", ICS, etag=False, last_modified=LAST_MODIFIED)

    again = fetch(server.url + "/feed.ics", last_modified=LAST_MODIFIED, allow_networks=LOOPBACK)

    assert (again.body, again.etag, again.last_modified) == (None, "", LAST_MODIFIED)
    assert server.requests[-1].headers["If-Modified-Since"] == LAST_MODIFIED
    assert (server.requests[-1].status, server.requests[-1].body_bytes) == (304, 0)


def test_a_changed_feed_is_downloaded_again(server):
    server.serve("/feed.ics", ICS)
    first = fetch(server.url + "/feed.ics", allow_networks=LOOPBACK)
    changed = ICS.replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-CALNAME:Nieuw")
    server.serve("/feed.ics", changed)

    again = fetch(server.url + "/feed.ics", etag=first.etag, allow_networks=LOOPBACK)

    assert again.body == changed and again.etag != first.etag


# --- which URLs are fetched ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "fetched"),
    [
        ("webcal://partner.example/agenda.ics", "https://partner.example/agenda.ics"),
        ("  webcals://partner.example/a.ics?team=3 ", "https://partner.example/a.ics?team=3"),
        ("WEBCAL://partner.example/a.ics", "https://partner.example/a.ics"),
        ("http://partner.example:8080/a.ics", "http://partner.example:8080/a.ics"),
        ("https://partner.example/a.ics", "https://partner.example/a.ics"),
    ],
)
def test_webcal_is_taken_as_https(typed, fetched):
    assert feed_url(typed) == fetched


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ftp://partner.example/a.ics", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("gopher://partner.example/", "scheme"),
        ("partner.example/agenda.ics", "scheme"),
        ("http:///agenda.ics", "url"),
        ("https://", "url"),
        ("http://[::1/agenda.ics", "url"),
        ("http://partner.example:port/agenda.ics", "url"),
    ],
)
def test_other_schemes_and_urls_without_a_host_are_refused(typed, code, connects):
    with pytest.raises(FetchError) as caught:
        feed_url(typed)
    assert caught.value.code == code
    assert failure(typed).code == code
    assert connects == []


@pytest.mark.parametrize("typed", ["http://partner .example/a.ics", f"http://{'a' * 64}.example/a.ics"])
def test_a_host_name_that_cannot_be_is_refused(typed, connects):
    assert failure(typed).code == "url"
    assert connects == []


# --- size and time ---------------------------------------------------------------------------------


def test_a_50_mb_feed_with_content_length_is_refused_before_reading(server):
    server.serve("/big.ics", length=50 * MB)
    start = time.monotonic()

    error = failure(server.url + "/big.ics", max_bytes=MB, allow_networks=LOOPBACK)

    assert error.code == "too_large" and "Content-Length" in error.detail
    assert time.monotonic() - start < DEADLINE
    sync_until(lambda: server.requests[-1].done, 5, "the big feed's handler to end")
    # It stopped when the client hung up, having got out at most what the sockets' buffers held.
    assert server.requests[-1].body_bytes < 10 * MB


def test_a_50_mb_feed_without_content_length_is_cut_at_max_bytes(server):
    server.serve("/big.ics", length=50 * MB, headers={"Content-Length": None})

    error = failure(server.url + "/big.ics", max_bytes=MB, allow_networks=LOOPBACK)

    assert error.code == "too_large"
    sync_until(lambda: server.requests[-1].done, 5, "the big feed's handler to end")
    # What the server got out: the megabyte read, and at most what the two sockets' buffers held.
    assert MB < server.requests[-1].body_bytes < 10 * MB


def test_a_feed_slightly_smaller_than_the_limit_is_fetched(server):
    server.serve("/feed.ics", length=MB, headers={"Content-Length": None})

    fetched = fetch(server.url + "/feed.ics", max_bytes=MB, allow_networks=LOOPBACK)

    assert len(fetched.body) == MB and fetched.body.startswith(b"BEGIN:VCALENDAR")


def cut_at_deadline(url: str) -> None:
    start = time.monotonic()
    error = failure(url, deadline=DEADLINE, allow_networks=LOOPBACK)
    elapsed = time.monotonic() - start
    assert error.code == "deadline"
    assert DEADLINE - 0.1 < elapsed < DEADLINE + SLACK


def test_a_feed_that_never_ends_is_cut_at_the_deadline(server):
    server.serve("/endless.ics", ICS, endless=True)
    cut_at_deadline(server.url + "/endless.ics")


def test_a_feed_dripping_a_byte_a_second_is_cut_at_the_deadline(server):
    server.serve("/drip.ics", ICS, drip=1.0)
    cut_at_deadline(server.url + "/drip.ics")


def test_a_server_dripping_its_headers_is_cut_at_the_deadline(server):
    """No body arrives, and every byte comes well within a read's timeout: only the watchdog cuts."""
    server.serve("/drip.ics", ICS, drip=1.0, drip_headers=True)
    cut_at_deadline(server.url + "/drip.ics")


def test_the_deadline_covers_all_redirects_together(server):
    server.serve("/slow.ics", ICS, drip=0.5)
    server.serve("/first", redirect="/slow.ics")
    cut_at_deadline(server.url + "/first")


def test_a_body_cut_short_is_a_connection_error(server):
    server.serve("/short.ics", ICS, headers={"Content-Length": str(len(ICS) + 100)})
    assert failure(server.url + "/short.ics", allow_networks=LOOPBACK).code == "connection"


# --- redirects -------------------------------------------------------------------------------------


def test_a_redirect_loop_is_refused(server):
    server.serve("/a", redirect="/b")
    server.serve("/b", redirect="/a")

    error = failure(server.url + "/a", allow_networks=LOOPBACK)

    assert error.code == "redirects"
    assert [seen.path for seen in server.requests] == ["/a", "/b"]


def test_more_redirects_than_allowed_are_refused(server):
    for hop in range(4):
        server.serve(f"/hop{hop}", redirect=f"/hop{hop + 1}")
    server.serve("/hop4", ICS)

    assert fetch(server.url + "/hop1", max_redirects=3, allow_networks=LOOPBACK).body == ICS
    error = failure(server.url + "/hop0", max_redirects=3, allow_networks=LOOPBACK)
    assert error.code == "redirects"


def test_a_relative_redirect_ends_in_the_feed(server):
    server.serve("/old/agenda", redirect="moved")
    server.serve("/old/moved", redirect="../feeds/agenda.ics")
    server.serve("/feeds/agenda.ics", ICS)

    fetched = fetch(server.url + "/old/agenda", allow_networks=LOOPBACK)

    assert fetched.body == ICS
    assert fetched.url == server.url + "/feeds/agenda.ics"


def test_a_redirect_to_another_scheme_is_refused(server):
    server.serve("/feed.ics", redirect="file:///etc/passwd")
    assert failure(server.url + "/feed.ics", allow_networks=LOOPBACK).code == "scheme"


# --- addresses (SSRF) ------------------------------------------------------------------------------

REFUSED = [
    "http://127.0.0.1:{port}/feed.ics",
    "http://localhost:{port}/feed.ics",
    "http://[::1]:{port}/feed.ics",
    "http://10.0.0.1/feed.ics",
    "http://192.168.1.1/feed.ics",
    "http://172.16.0.1/feed.ics",
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0:{port}/feed.ics",
    "http://100.64.0.1/feed.ics",
    "http://2130706433:{port}/feed.ics",
    "http://0x7f000001:{port}/feed.ics",
    "http://0177.0.0.1:{port}/feed.ics",
    "http://127.1:{port}/feed.ics",
    "http://[::ffff:127.0.0.1]:{port}/feed.ics",
    "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
    "http://[2002:7f00:1::]:{port}/feed.ics",
    "http://[64:ff9b::a00:1]/feed.ics",
    "http://[::]:{port}/feed.ics",
    "http://[fe80::1]/feed.ics",
    "http://[fd00::1]/feed.ics",
    "http://224.0.0.1/feed.ics",
    "http://255.255.255.255/feed.ics",
    "webcal://10.0.0.1/feed.ics",
]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused_before_any_connect(address, server, connects, settings):
    settings.CMIJ_AGENDA_FETCH_ALLOW_NETWORKS = []
    server.serve("/feed.ics", ICS)
    port = server.url.rsplit(":", 1)[1]

    error = failure(address.format(port=port))

    assert error.code == "address"
    assert connects == [] and server.requests == []


def test_the_allow_list_from_the_settings_lets_loopback_through(server, settings):
    settings.CMIJ_AGENDA_FETCH_ALLOW_NETWORKS = LOOPBACK
    server.serve("/feed.ics", ICS)
    assert fetch(server.url + "/feed.ics").body == ICS


def test_a_name_that_resolves_to_loopback_is_refused(server, connects, monkeypatch):
    server.serve("/feed.ics", ICS)
    resolving(monkeypatch, {"partner.example": ["127.0.0.1"]})
    url = server.url.replace("127.0.0.1", "partner.example") + "/feed.ics"

    assert failure(url, allow_networks=[]).code == "address"
    assert connects == [] and server.requests == []


def test_an_allowed_network_is_fetched_by_name_with_its_host_header(server, connects, monkeypatch):
    server.serve("/feed.ics", ICS)
    resolving(monkeypatch, {"partner.example": ["127.0.0.1"]})
    port = int(server.url.rsplit(":", 1)[1])

    fetched = fetch(f"http://partner.example:{port}/feed.ics", allow_networks=LOOPBACK)

    assert fetched.body == ICS
    assert connects == [("127.0.0.1", port)]
    assert server.requests[0].headers["Host"] == f"partner.example:{port}"


@pytest.mark.parametrize(
    "target",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/x", "http://[::1]:{port}/feed.ics"],
)
def test_a_redirect_to_a_refused_address_is_refused(target, server, connects):
    port = server.url.rsplit(":", 1)[1]
    server.serve("/feed.ics", redirect=target.format(port=port))

    error = failure(server.url + "/feed.ics", allow_networks=LOOPBACK)

    assert error.code == "address"
    assert [seen.path for seen in server.requests] == ["/feed.ics"]
    assert connects == [("127.0.0.1", int(port))]


def test_the_check_holds_for_the_address_actually_connected_to(server, connects, monkeypatch):
    """DNS rebinding: the name is public when checked and loopback a moment later. The fetch connects
    to the address it checked (refused here, being public and this a test), never looks the name up
    again, so the loopback server sees nothing."""
    server.serve("/feed.ics", ICS)
    lookups = resolving(monkeypatch, {"rebind.example": ["93.184.216.34", "127.0.0.1"]})
    port = int(server.url.rsplit(":", 1)[1])

    error = failure(f"http://rebind.example:{port}/feed.ics", allow_networks=[])

    assert error.code == "connection"
    assert lookups == ["rebind.example"]
    assert connects == [("93.184.216.34", port)]
    assert server.requests == []


# --- https ------------------------------------------------------------------------------------------


def self_signed(name: str, folder: Path) -> tuple[Path, Path]:
    """A certificate for `name` that is its own authority, and its key: PEM files in `folder`."""
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """An https feed server with a certificate for partner.example, which the fetch trusts."""
    cert_file, key_file = self_signed("partner.example", tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    real_context = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda: real_context(cafile=cert_file))
    with feed_server(tls=context) as running:
        yield running


def test_https_goes_to_the_checked_address_with_the_certificate_checked_on_the_name(
    tls_server, connects, monkeypatch
):
    tls_server.serve("/feed.ics", ICS)
    resolving(monkeypatch, {"partner.example": ["127.0.0.1"]})
    port = int(tls_server.url.rsplit(":", 1)[1])

    fetched = fetch(f"webcal://partner.example:{port}/feed.ics", allow_networks=LOOPBACK)

    assert fetched.body == ICS and fetched.url == f"https://partner.example:{port}/feed.ics"
    assert connects == [("127.0.0.1", port)]
    assert tls_server.requests[0].headers["Host"] == f"partner.example:{port}"


def test_a_certificate_for_another_name_is_refused(tls_server):
    tls_server.serve("/feed.ics", ICS)
    error = failure(tls_server.url + "/feed.ics", allow_networks=LOOPBACK)  # 127.0.0.1, not partner.example
    assert error.code == "tls" and "certificate" in error.detail
    assert tls_server.requests == []


def test_a_server_dripping_its_headers_over_https_is_cut_at_the_deadline(tls_server, monkeypatch):
    tls_server.serve("/drip.ics", ICS, drip=1.0, drip_headers=True)
    resolving(monkeypatch, {"partner.example": ["127.0.0.1"]})
    cut_at_deadline(tls_server.url.replace("127.0.0.1", "partner.example") + "/drip.ics")


@pytest.fixture
def handshake_dripper():
    """A loopback server that begins a TLS handshake record of 16 kB and then sends it a byte a second."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    stop = threading.Event()

    def drip() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            with connection:
                connection.sendall(b"\x16\x03\x03\x40\x00")  # handshake, TLS 1.2, 16384 bytes to come
                while not stop.wait(1.0):
                    connection.sendall(b"\x00")

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()
    thread.join(timeout=5)


def test_a_server_dripping_its_tls_handshake_is_cut_at_the_deadline(handshake_dripper):
    cut_at_deadline(handshake_dripper + "/feed.ics")


def test_https_to_a_server_without_tls_is_refused(server):
    server.serve("/feed.ics", ICS)
    error = failure(server.url.replace("http:", "https:") + "/feed.ics", allow_networks=LOOPBACK)
    assert error.code == "tls"


# --- errors in words -------------------------------------------------------------------------------


def test_an_error_status_is_reported_with_its_number(server):
    server.serve("/gone.ics", b"Not here", status=410)

    missing = failure(server.url + "/nothing.ics", allow_networks=LOOPBACK)
    gone = failure(server.url + "/gone.ics", allow_networks=LOOPBACK)

    assert (missing.code, missing.detail) == ("status", "HTTP 404")
    assert "HTTP 404" in missing.message
    assert (gone.code, gone.detail) == ("status", "HTTP 410")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_a_sentence_for_organisers(code, language):
    with translation.override(language):
        message = FetchError(code, "HTTP 404", limit=2 * MB).message
    assert message.endswith(".") and len(message.split()) >= 5
    assert "%(" not in message


def test_the_limits_appear_in_the_message():
    with translation.override("en"):
        assert "20 seconds" in FetchError("deadline", limit=20).message
        assert "5 MB" in FetchError("too_large", limit=5 * MB).message
