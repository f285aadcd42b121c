"""Seam of the answer stage: a text generator (LLM) the answerer can stream from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal, Protocol, TypedDict, runtime_checkable


class Message(TypedDict):
    """One chat message, as OpenAI-compatible servers take them."""

    role: Literal["system", "user", "assistant"]
    content: str


@runtime_checkable
class Generator(Protocol):
    """Streams the reply to chat ``messages``, piece by piece.

    Contract: ``stream`` yields non-empty text pieces whose concatenation is the reply;
    it raises :class:`~notelens.errors.GeneratorError` (naming the server URL or model
    file) when the model cannot be reached, fails or times out. ``name`` identifies
    backend and model (for logs and notes); ``close`` frees what the backend holds.
    """

    name: str

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, temperature: float
    ) -> Iterator[str]: ...

    def close(self) -> None: ...
