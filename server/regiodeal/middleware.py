"""ASGI middleware for what a public endpoint owes its clients and itself.

* `SecurityHeaders`: a Content-Security-Policy allowing only this origin, nosniff, no framing and
  a Referrer-Policy on every answer (a route may send a CSP of its own, e.g. the API docs).
* `AllowedHosts`: 400 for a Host header that is not one of ours, so that no forged Host ends up
  in a redirect or a page link (they are built from the Host when no public base URL is set).
* `RequestLimits`: 413 for a body over `max_bytes`, 414 for a query string over it, 408 for a
  body that does not arrive within the read timeout. (A head that arrives too slowly is the HTTP
  protocol's business: regiodeal.http_protocol.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from regiodeal.settings import Settings

# Everything from this origin only. Inline scripts and styles are not allowed: pages load theirs
# from /static/. data: images are the icons inside the vendored stylesheets.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),  # older browsers; CSP frame-ancestors for the others
    (b"referrer-policy", b"same-origin"),  # our URLs (with queries) stay on this site
)
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_LISTEN = ("0.0.0.0", "::", "")


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


async def _plain(
    send: Send, status: int, message: str, headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    body = message.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> bytes | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])  # ASGI: (name, value) pairs
    for key, value in headers:
        if key == name:
            return value
    return None


class SecurityHeaders:
    """Adds SECURITY_HEADERS, and CONTENT_SECURITY_POLICY unless the response sets its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def allowed_hosts(settings: Settings) -> list[str]:
    """REGIODEAL_ALLOWED_HOSTS, or by default the loopback names, the listen host (unless it is
    a wildcard address) and the host of REGIODEAL_PUBLIC_BASE_URL."""
    if settings.allowed_hosts:
        return [host.lower().rstrip(".") for host in settings.allowed_hosts]
    hosts = list(LOOPBACK_NAMES)
    if settings.host not in WILDCARD_LISTEN:
        hosts.append(settings.host.lower())
    if settings.public_base_url:
        public = hostname(settings.public_base_url.split("://", 1)[-1].split("/", 1)[0])
        hosts.append(public)
    return hosts


def hostname(host: str) -> str:
    """The name in a Host header value: no port, no IPv6 brackets, lower case, no final dot."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") <= 1 else host


class AllowedHosts:
    """400 for a request whose Host header names none of `hosts` ("*" allows every host)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or "*" in self.hosts:
            await self.app(scope, receive, send)
            return
        raw = _header(scope, b"host")  # HTTP/1.0 may send none: then no Host is used either
        host = raw.decode("latin-1") if raw is not None else None
        if host is not None and hostname(host) not in self.hosts:
            await _plain(
                send,
                400,
                f"Bad Request: this server does not answer for the host {host!r} (Host header). "
                "Use the server's own address; its operator can add names with "
                "REGIODEAL_ALLOWED_HOSTS.",
            )
            return
        await self.app(scope, receive, send)


class RequestLimits:
    """413 for a body over `max_bytes` (by Content-Length, or counted while streaming); 414 for a
    query string over it; 408 when the body has not arrived `read_timeout` seconds after the
    application started reading it."""

    def __init__(self, app: ASGIApp, max_bytes: int, read_timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout

    def _declared_length(self, scope: Scope) -> int:
        try:
            return int(_header(scope, b"content-length") or 0)
        except ValueError:
            return 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        if len(scope.get("query_string", b"")) > limit:
            await _plain(
                send, 414, f"URI Too Long: the query string exceeds {limit} bytes; use POST"
            )
            return
        if self._declared_length(scope) > limit:
            await _plain(send, 413, f"Payload Too Large: the request body exceeds {limit} bytes")
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, self._limited(receive), tracking_send)
        except _TooLarge:
            if not started:
                await _plain(
                    send, 413, f"Payload Too Large: the request body exceeds {limit} bytes"
                )
        except _TooSlow:
            if not started:
                await _plain(
                    send,
                    408,
                    f"Request Timeout: the request body did not arrive within {self.read_timeout}"
                    " s (REGIODEAL_READ_TIMEOUT); send it again, at once",
                    [(b"connection", b"close")],  # the rest of the body is not read
                )

    def _limited(self, receive: Receive) -> Receive:
        """`receive`, counting the body and timing it from the first read until its end."""
        received = 0
        deadline: float | None = None
        body_done = False

        async def limited_receive() -> Message:
            nonlocal received, deadline, body_done
            if body_done:  # e.g. waiting for a disconnect while streaming the answer: no limit
                return await receive()
            loop = asyncio.get_running_loop()
            deadline = deadline or loop.time() + self.read_timeout
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise _TooSlow from None
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        return limited_receive
