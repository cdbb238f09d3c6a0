"""What a public endpoint owes its clients (issue #10), against a live `regiodeal serve`: security
headers, only our own Host names, a read timeout for slow clients, 414/431 for oversized heads.

Slow clients are raw sockets sending a byte at a time; each loop is bounded in bytes and time.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from support.live import LiveServer, start_server, stop_server

from regiodeal.middleware import allowed_hosts, hostname
from regiodeal.settings import Settings

READ_TIMEOUT_S = 2.0
MAX_BYTES = 20_000
TRICKLE_S = 0.25  # between two bytes of a slow client
# A slow client sends at most this many bytes: 3 read timeouts' worth, then gives up.
TRICKLE_BYTES = int(3 * READ_TIMEOUT_S / TRICKLE_S)
HANG_GUARD_S = READ_TIMEOUT_S + 1.5  # generous: the timeout plus scheduling slack
ASK = "ASK { ?s ?p ?o }"
# Every source a policy may name: this origin, nothing, inline data, and the blob: of a worker.
LOCAL_SOURCES = {"'self'", "'none'", "data:", "blob:", "'unsafe-inline'"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("hardening")
    data, ontology, queries = tmp / "data", tmp / "ontology", tmp / "queries"
    for directory in (data, ontology, queries):
        directory.mkdir()
    (data / "tiny.nt").write_text('<http://example.org/s> <http://example.org/p> "o" .\n')
    live = start_server(
        tmp,
        data_dir=data,
        ontology_dir=ontology,
        queries_dir=queries,
        read_timeout=READ_TIMEOUT_S,
        max_request_bytes=MAX_BYTES,
    )
    yield live
    stop_server(live)


def _address(server: LiveServer) -> tuple[str, int]:
    parts = urlsplit(server.url)
    return str(parts.hostname), int(parts.port or 80)


def _connect(server: LiveServer) -> socket.socket:
    return socket.create_connection(_address(server), timeout=5)


def _read_until_closed(sock: socket.socket, limit_s: float) -> tuple[bytes, bool]:
    """What the server sent, and whether it closed the connection within `limit_s`."""
    deadline = time.monotonic() + limit_s
    received = b""
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        except ConnectionResetError:
            return received, True
        if not chunk:
            return received, True
        received += chunk
    return received, False


def _trickle(sock: socket.socket, data: bytes) -> None:
    """Send `data[:TRICKLE_BYTES]` a byte at a time until the server answers or closes."""
    for i in range(min(len(data), TRICKLE_BYTES)):
        try:
            sock.sendall(data[i : i + 1])
        except OSError:
            return
        readable, _, _ = select.select([sock], [], [], TRICKLE_S)
        if readable:
            return


def _send_in_pieces(sock: socket.socket, data: bytes, piece: int = 4096) -> None:
    """Send in pieces the server sees one by one, as a slow network would deliver them."""
    for start in range(0, len(data), piece):
        try:
            sock.sendall(data[start : start + piece])
        except OSError:
            return  # the server already answered and closed
        time.sleep(0.005)


def _status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/1.1 ") else 0


# Security headers -------------------------------------------------------------------------------


def _policy(response: httpx.Response) -> dict[str, list[str]]:
    directives = response.headers["content-security-policy"].split(";")
    return {d.split()[0]: d.split()[1:] for d in directives if d.strip()}


@pytest.mark.parametrize("path", ["/", "/docs", "/redoc", "/doc/", "/validate", "/validate/rules"])
def test_every_html_page_has_the_security_headers(server: LiveServer, path: str) -> None:
    response = httpx.get(server.url + path, timeout=30)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = _policy(response)
    for directive in ("default-src", "script-src", "connect-src", "img-src", "style-src"):
        assert directive in policy, (directive, policy)
    assert policy["script-src"] == ["'self'"]  # no inline script, nothing from elsewhere
    assert policy["frame-ancestors"] == ["'none'"]
    assert all(set(sources) <= LOCAL_SOURCES for sources in policy.values()), policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] in ("same-origin", "no-referrer")


def test_inline_styles_only_on_redoc(server: LiveServer) -> None:
    """ReDoc writes its styles at run time; every other page keeps styles to files."""
    for path in ("/", "/docs", "/doc/", "/validate"):
        response = httpx.get(server.url + path, timeout=30)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"], path
        assert "<style" not in response.text and "<script>" not in response.text, path


def test_api_answers_are_not_sniffed(server: LiveServer) -> None:
    response = httpx.get(server.sparql, params={"query": ASK}, timeout=30)
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"


# Host header ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/id/regiodeal/x", "/doc/", "/sparql"])
def test_forged_host_is_refused(server: LiveServer, path: str) -> None:
    response = httpx.get(server.url + path, headers={"host": "evil.example"}, timeout=30)
    assert response.status_code == 400, response.text
    assert "evil.example" in response.text and "REGIODEAL_ALLOWED_HOSTS" in response.text
    assert "location" not in response.headers


def test_own_names_are_answered_and_used_in_links(server: LiveServer) -> None:
    _, port = _address(server)
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        response = httpx.get(server.url + "/id/regiodeal/x", headers={"host": host}, timeout=30)
        assert response.status_code == 303
        assert response.headers["location"] == f"http://{host}/doc/regiodeal/x"


def test_default_allowed_hosts() -> None:
    assert set(allowed_hosts(Settings())) == {"localhost", "127.0.0.1", "::1"}
    behind_proxy = Settings(host="0.0.0.0", public_base_url="https://Data.Example.org/rd/")
    assert set(allowed_hosts(behind_proxy)) == {"localhost", "127.0.0.1", "::1", "data.example.org"}
    assert allowed_hosts(Settings(host="10.1.2.3", allowed_hosts=["a.example"])) == ["a.example"]
    assert set(allowed_hosts(Settings(host="10.1.2.3"))) >= {"10.1.2.3"}


@pytest.mark.parametrize(
    ("header", "name"),
    [("Example.org:8000", "example.org"), ("[::1]:8000", "::1"), ("example.org.", "example.org")],
)
def test_hostname_of_a_host_header(header: str, name: str) -> None:
    assert hostname(header) == name


# Slow clients -----------------------------------------------------------------------------------


def test_slow_request_head_gets_408_while_others_are_served(server: LiveServer) -> None:
    outcome: dict[str, object] = {}

    def slow_client() -> None:
        with _connect(server) as sock:
            started = time.monotonic()
            _trickle(sock, b"GET /sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D HTTP/1.1\r\n")
            outcome["response"], outcome["closed"] = _read_until_closed(sock, 1.0)
            outcome["elapsed"] = time.monotonic() - started

    thread = threading.Thread(target=slow_client)
    thread.start()
    time.sleep(3 * TRICKLE_S)  # the slow client is now sending its request line
    other = httpx.get(server.sparql, params={"query": ASK}, timeout=30)
    slow_still_sending = thread.is_alive()
    thread.join(30)

    assert other.status_code == 200 and slow_still_sending
    response = outcome["response"]
    assert isinstance(response, bytes)
    assert _status(response) == 408, response
    assert b"REGIODEAL_READ_TIMEOUT" in response
    assert outcome["closed"] is True
    assert outcome["elapsed"] < HANG_GUARD_S, outcome["elapsed"]


def test_silent_connection_is_closed(server: LiveServer) -> None:
    with _connect(server) as sock:
        response, closed = _read_until_closed(sock, HANG_GUARD_S)
    assert closed and response == b""


def test_slow_request_body_gets_408(server: LiveServer) -> None:
    body = b"ASK { ?s ?p ?o } # " + b"x" * 40
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    )
    with _connect(server) as sock:
        sock.sendall(head)
        started = time.monotonic()
        _trickle(sock, body)
        response, closed = _read_until_closed(sock, 1.0)
        elapsed = time.monotonic() - started
    assert _status(response) == 408, response
    assert b"REGIODEAL_READ_TIMEOUT" in response
    assert closed and elapsed < HANG_GUARD_S


def test_body_nobody_reads_does_not_hold_the_connection(server: LiveServer) -> None:
    """A GET answers without reading its body; the rest may not trickle in for ever."""
    head = (
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
    )
    with _connect(server) as sock:
        sock.sendall(head)
        first, _ = _read_until_closed(sock, 1.0)  # the answer; the connection stays open
        assert _status(first) == 200, first
        started = time.monotonic()
        _trickle(sock, b"x" * 1000)
        _, closed = _read_until_closed(sock, 1.0)
        elapsed = time.monotonic() - started
    assert closed and elapsed < HANG_GUARD_S


# Oversized request heads ------------------------------------------------------------------------


def _oversized(server: LiveServer, request: bytes) -> bytes:
    with _connect(server) as sock:
        _send_in_pieces(sock, request)
        response, _ = _read_until_closed(sock, 5.0)
    return response


@pytest.mark.parametrize("size", [MAX_BYTES + 10_000, 200_000])
def test_overlong_query_string_sent_in_pieces_is_414(server: LiveServer, size: int) -> None:
    """Over the limit the answer is 414 whatever the size and however the bytes arrive (h11
    alone answers a bare 400 once more than 16 KiB of head is waiting to be parsed)."""
    head = b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    request = b"GET /sparql?query=" + b"x" * size + head
    response = _oversized(server, request)
    assert _status(response) == 414, response[:300]
    assert b"POST" in response


def test_oversized_headers_are_431(server: LiveServer) -> None:
    request = (
        b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"y" * 1000) for i in range(100))
        + b"\r\n"
    )
    response = _oversized(server, request)
    assert _status(response) == 431, response[:300]


def test_query_string_under_the_limit_still_works(server: LiveServer) -> None:
    query = ASK + " #" + "x" * (MAX_BYTES // 2)
    with _connect(server) as sock:
        target = httpx.URL("/sparql", params={"query": query}).raw_path
        head = b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _send_in_pieces(sock, b"GET " + target + head)
        response, _ = _read_until_closed(sock, 5.0)
    assert _status(response) == 200, response[:300]


def test_cli_help_documents_the_settings() -> None:
    from regiodeal.cli.serve import HELP

    for name in ("REGIODEAL_READ_TIMEOUT", "REGIODEAL_ALLOWED_HOSTS"):
        assert name in HELP
