"""Connection limits for the HTTP server: a client must finish its request headers in
time, or the connection is closed.

uvicorn's ``timeout_keep_alive`` only runs between requests, and any byte received
cancels it, so a client that opens a connection and sends its headers one byte at a
time (slowloris) holds a connection -- and a file descriptor -- forever. The protocol
classes here add a header deadline, :data:`HEADER_TIMEOUT_S`, and leave idleness to
uvicorn's keep-alive timer, :data:`KEEP_ALIVE_S`:

* a new connection: the deadline runs from the connection (it holds a request to come,
  so sending nothing at all is a head that never ends);
* after a response: uvicorn's keep-alive timer closes the connection if nothing comes
  within :data:`KEEP_ALIVE_S`; the next request's first bytes stop that timer and start
  the deadline, so every head gets the whole :data:`HEADER_TIMEOUT_S` from its first byte
  and a kept-alive connection is held at most ``KEEP_ALIVE_S + HEADER_TIMEOUT_S`` before
  its next request starts.

The deadline is disarmed once a request's headers are complete (uvicorn then starts a
request-response ``cycle``); if it fires first, the transport is closed. (It used to be
re-armed at every response: idle connections still closed at :data:`KEEP_ALIVE_S`, but a
head that began after some idle time got only what the idle time had left of the
deadline.)
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["HEADER_TIMEOUT_S", "KEEP_ALIVE_S", "header_limited", "uvicorn_options"]

#: Seconds a client has to send a complete request head (browsers need milliseconds).
HEADER_TIMEOUT_S = 10.0
#: Seconds an idle keep-alive connection stays open.
KEEP_ALIVE_S = 5
#: Bytes a request head may take before uvicorn (h11) answers 400.
MAX_HEADER_BYTES = 16 * 1024


def header_limited(base: type[Any], timeout_s: float = HEADER_TIMEOUT_S) -> type[Any]:
    """A subclass of uvicorn's HTTP protocol class ``base`` with the header deadline."""

    class HeaderLimited(base):  # type: ignore[misc]
        _nl_timer: asyncio.TimerHandle | None = None
        _nl_cycle: Any = None
        # Between requests, after a response: uvicorn's keep-alive timer is running.
        _nl_idle = False

        def _nl_arm(self) -> None:
            self._nl_disarm()
            self._nl_cycle = self.cycle
            self._nl_timer = self.loop.call_later(timeout_s, self._nl_expire)

        def _nl_disarm(self) -> None:
            if self._nl_timer is not None:
                self._nl_timer.cancel()
                self._nl_timer = None

        def _nl_expire(self) -> None:
            self._nl_timer = None
            if self.cycle is self._nl_cycle and not self.transport.is_closing():
                self.transport.close()

        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(transport)
            self._nl_arm()

        def data_received(self, data: bytes) -> None:
            if self._nl_idle:
                # The next request's first bytes (uvicorn drops its keep-alive timer on
                # them): its head gets the whole deadline from here.
                self._nl_idle = False
                self._nl_arm()
            super().data_received(data)
            if self._nl_timer is not None and self.cycle is not self._nl_cycle:
                self._nl_disarm()  # a new request's headers are complete

        def on_response_complete(self) -> None:
            super().on_response_complete()
            # Unless a pipelined request already started (its head is complete), the
            # connection now idles under uvicorn's keep-alive timer until a byte comes.
            if not self.transport.is_closing() and self.cycle.response_complete:
                self._nl_idle = True

        def connection_lost(self, exc: Exception | None) -> None:
            self._nl_disarm()
            super().connection_lost(exc)

    HeaderLimited.__name__ = f"HeaderLimited{base.__name__}"
    return HeaderLimited


def uvicorn_options(
    timeout_s: float = HEADER_TIMEOUT_S, keep_alive_s: float = KEEP_ALIVE_S
) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config``: the protocol uvicorn
    would pick (httptools when installed, else h11) with the header deadline, the
    keep-alive timeout and h11's header size limit. (Tests shorten both times.)"""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        base: type[Any] = HttpToolsProtocol
    except ImportError:  # pragma: no cover - httptools is optional
        from uvicorn.protocols.http.h11_impl import H11Protocol

        base = H11Protocol
    return {
        "http": header_limited(base, timeout_s),
        "timeout_keep_alive": keep_alive_s,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
    }
