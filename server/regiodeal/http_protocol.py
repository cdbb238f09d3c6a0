"""HTTP/1.1 for `regiodeal serve`: uvicorn's h11 protocol with the limits a public endpoint needs.

uvicorn waits for a request head for ever: a client sending one byte per second (or nothing at
all) holds a connection as long as it likes. Here a client has `read_timeout` seconds from its
first byte (or from connecting) to send the request line and headers; slower ones get 408 and the
connection is closed. A body is timed by regiodeal.middleware.RequestLimits while the application
reads it; one that nobody reads (the answer went out first) gets the same time to finish arriving.

h11 refuses a head larger than its buffer with a bare 400. The buffer is made large enough for a
query string of REGIODEAL_MAX_REQUEST_BYTES plus HEAD_ALLOWANCE of headers, so that
RequestLimits answers its documented 414; a head beyond even that gets 414 (request line too
long) or 431 (headers too large) here, with a message.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from regiodeal.settings import Settings

HEAD_ALLOWANCE = 64 * 1024  # bytes of request line and headers besides the query string


class _Connection(h11.Connection):
    """Remembers the status h11 suggests for a client's protocol error (431: head too large)."""

    error_status = 400

    def next_event(self) -> Any:
        try:
            return super().next_event()
        except h11.RemoteProtocolError as exc:
            self.error_status = exc.error_status_hint
            raise


def _raw_response(status: int, reason: str, message: str) -> bytes:
    body = message.encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class GuardedH11Protocol(H11Protocol):
    """H11Protocol with a read timeout for request heads and unread bodies, and 414/431."""

    read_timeout: float = 30.0
    max_request_bytes: int = 1_000_000
    conn: _Connection  # replaced in __init__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conn = _Connection(h11.SERVER, self.max_request_bytes + HEAD_ALLOWANCE)
        self._timer: asyncio.TimerHandle | None = None
        self._timing: str | None = None  # what the timer waits for: "head" or "body"
        self._head_bytes = 0  # of the request head being received
        self._line_seen = False  # its request line is complete
        self._in_head = False  # the data being parsed belongs to a request head

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._rearm()  # a client that connects and sends nothing is timed too

    def connection_lost(self, exc: Exception | None) -> None:
        self._set_timer(None)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._in_head = self.conn.their_state is h11.IDLE
        if self._in_head:
            self._head_bytes += len(data)
            self._line_seen = self._line_seen or b"\n" in data
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._head_bytes, self._line_seen = 0, False
        self._rearm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._rearm()

    def _rearm(self) -> None:
        """Time a head being received (uvicorn's keep-alive timer covers a silent idle
        connection) and a body nobody reads; keep a running timer: its deadline stands."""
        state = self.conn.their_state
        if state is h11.IDLE and self.timeout_keep_alive_task is None:
            self._set_timer("head")
        elif state is h11.SEND_BODY and self.cycle is not None and self.cycle.response_complete:
            self._set_timer("body")  # the answer went out; the rest is discarded as it comes
        else:
            self._set_timer(None)

    def _set_timer(self, timing: str | None) -> None:
        if timing == self._timing:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timing = timing
        if timing is None:
            self._timer = None
        else:
            self._timer = self.loop.call_later(self.read_timeout, self._expire)

    def _expire(self) -> None:
        timing, self._timer, self._timing = self._timing, None, None
        if self.transport.is_closing():
            return
        if timing == "head" and self._head_bytes:  # an idle connection is simply closed
            self.transport.write(
                _raw_response(
                    408,
                    "Request Timeout",
                    f"Request Timeout: the request head did not arrive within {self.read_timeout}"
                    " s (REGIODEAL_READ_TIMEOUT)",
                )
            )
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        if self.conn.error_status != 431 or not self._in_head:  # e.g. malformed: uvicorn's 400
            super().send_400_response(msg)
            return
        if self._line_seen:
            reply = _raw_response(
                431,
                "Request Header Fields Too Large",
                f"Request Header Fields Too Large: the headers exceed {HEAD_ALLOWANCE} bytes",
            )
        else:
            reply = _raw_response(
                414,
                "URI Too Long",
                f"URI Too Long: the request line exceeds {self.max_request_bytes} bytes; "
                "send a long query with POST",
            )
        self.transport.write(reply)
        self.transport.close()


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for uvicorn.run / uvicorn.Config: our protocol, with the settings."""
    protocol = type(
        "RegiodealH11Protocol",
        (GuardedH11Protocol,),
        {"read_timeout": settings.read_timeout, "max_request_bytes": settings.max_request_bytes},
    )
    return {"http": protocol}
