"""Connection limits for the HTTP server: a client must finish its request headers in
time, or the connection is closed.

uvicorn's ``timeout_keep_alive`` only runs between requests, and any byte received
cancels it, so a client that opens a connection and sends its headers one byte at a
time (slowloris) holds a connection -- and a file descriptor -- forever. The protocol
classes here arm a timer when a connection opens and again after every response;
it is disarmed once a request's headers are complete (uvicorn then starts a
request-response ``cycle``). If it fires first, the transport is closed.
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
            super().data_received(data)
            if self._nl_timer is not None and self.cycle is not self._nl_cycle:
                self._nl_disarm()  # a new request's headers are complete

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._nl_arm()  # the next request on this connection gets the same deadline

        def connection_lost(self, exc: Exception | None) -> None:
            self._nl_disarm()
            super().connection_lost(exc)

    HeaderLimited.__name__ = f"HeaderLimited{base.__name__}"
    return HeaderLimited


def uvicorn_options(timeout_s: float = HEADER_TIMEOUT_S) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run`` / ``uvicorn.Config``: the protocol uvicorn
    would pick (httptools when installed, else h11) with the header deadline, the
    keep-alive timeout and h11's header size limit."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        base: type[Any] = HttpToolsProtocol
    except ImportError:  # pragma: no cover - httptools is optional
        from uvicorn.protocols.http.h11_impl import H11Protocol

        base = H11Protocol
    return {
        "http": header_limited(base, timeout_s),
        "timeout_keep_alive": KEEP_ALIVE_S,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
    }
