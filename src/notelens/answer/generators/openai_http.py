"""Any OpenAI-compatible chat server over HTTP (OpenAI, Ollama, vLLM, llama.cpp server).

POST ``{base_url}/chat/completions`` with ``stream: true`` and read the server-sent
events (``data: {json}`` lines, ``data: [DONE]`` at the end). Connection failures,
timeouts, 429 and 5xx answers are retried (``retries`` times, with a short backoff)
as long as no token has been yielded yet; after that a failure is raised, because a
half-streamed reply cannot be replayed.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from typing import Any

from notelens.answer.base import Message
from notelens.errors import GeneratorError

logger = logging.getLogger(__name__)

_RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class OpenAIHTTPGenerator:
    """Streams chat completions from ``base_url`` (which ends in ``/v1`` or similar)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str = "",
        timeout_s: float = 60.0,
        connect_timeout_s: float = 5.0,
        retries: int = 2,
    ) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = f"openai:{model}@{self.base_url}"
        self.retries = max(0, retries)
        headers = {"Accept": "text/event-stream"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s),
        )
        self._timeout_s = timeout_s

    def _error(self, message: str, hint: str | None = None) -> GeneratorError:
        return GeneratorError(
            message,
            path=self.base_url,
            hint=hint or "check that the server runs and NOTELENS_LLM_BASE_URL points at it",
        )

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, temperature: float
    ) -> Iterator[str]:
        import httpx

        body: dict[str, Any] = {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        url = f"{self.base_url}/chat/completions"
        attempt = 0
        while True:
            yielded = False
            try:
                with self._client.stream("POST", url, json=body) as resp:
                    if resp.status_code != 200:
                        resp.read()
                        detail = resp.text[:200].strip()
                        if resp.status_code in _RETRY_STATUS and attempt < self.retries:
                            raise _Retry(f"HTTP {resp.status_code}")
                        hint = (
                            "check NOTELENS_LLM_API_KEY / OPENAI_API_KEY"
                            if resp.status_code in (401, 403)
                            else "check the model name (NOTELENS_LLM_MODEL) and the server log"
                        )
                        raise self._error(
                            f"the LLM server answered HTTP {resp.status_code}: {detail}", hint
                        )
                    for piece in _sse_pieces(resp.iter_lines()):
                        yielded = True
                        yield piece
                return
            except _Retry as exc:
                reason = str(exc)
            except httpx.TimeoutException as exc:
                if yielded or attempt >= self.retries:
                    raise self._error(
                        f"the LLM server did not answer within {self._timeout_s:g} s "
                        f"({type(exc).__name__})",
                        "raise NOTELENS_LLM_TIMEOUT or use a smaller model",
                    ) from exc
                reason = type(exc).__name__
            except httpx.TransportError as exc:
                if yielded or attempt >= self.retries:
                    raise self._error(f"cannot reach the LLM server ({exc})") from exc
                reason = type(exc).__name__
            attempt += 1
            logger.info("LLM request failed (%s); retry %d/%d", reason, attempt, self.retries)
            time.sleep(min(2.0, 0.25 * 2**attempt))

    def close(self) -> None:
        self._client.close()


class _Retry(Exception):
    pass


def _sse_pieces(lines: Iterator[str]) -> Iterator[str]:
    """Content pieces of an OpenAI chat-completions event stream."""
    for line in lines:
        line = line.strip()
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except json.JSONDecodeError:
            continue
        if isinstance(event, dict) and event.get("error"):
            raise GeneratorError(f"the LLM server reported an error: {event['error']}")
        for choice in event.get("choices") or ():
            delta = choice.get("delta") or choice.get("message") or {}
            content = delta.get("content")
            if content:
                yield str(content)
