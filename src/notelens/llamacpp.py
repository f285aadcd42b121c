"""Loading a GGUF model into an ``xllamacpp`` server, in this process, quietly: for the
local answer generator (``answer/generators/llamacpp_local.py``) and the ``llm``
reranker (``retrieve/rerankers/llm.py``).

llama.cpp's own log lines never reach the terminal: the server runs at verbosity 1
(errors only; 3, info, when this module's logger is at DEBUG), and whatever native code
writes to file descriptor 2 while the model loads is captured into a temporary file and
re-logged at DEBUG as ``llama.cpp: ...``; a failed load raises :class:`LlamaLoadError`
with llama.cpp's error lines, which each caller turns into its own error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# llama.cpp's common_log verbosity thresholds (``-lv N``): 1 errors, 3 info.
_VERBOSITY_ERRORS = 1
_VERBOSITY_INFO = 3


class LlamaLoadError(Exception):
    """The model did not load; ``detail``: llama.cpp's first error lines (may be empty)."""

    def __init__(self, cause: Exception, detail: str) -> None:
        super().__init__(f"{cause}" + (f"; llama.cpp: {detail}" if detail else ""))
        self.cause = cause
        self.detail = detail


def load_server(path: Path, *, n_ctx: int, threads: int) -> Any:
    """An ``xllamacpp.Server`` on the GGUF file ``path`` with one slot (one request at a
    time), ``n_ctx`` tokens of context and ``threads`` CPU threads. ImportError when
    xllamacpp is missing; :class:`LlamaLoadError` when the model does not load."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = str(path)
    params.n_ctx = n_ctx
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.warmup = False
    params.verbosity = _VERBOSITY_INFO if logger.isEnabledFor(logging.DEBUG) else _VERBOSITY_ERRORS
    failure: Exception | None = None
    server: Any = None
    with _native_stderr_to_debug() as native_lines:
        try:
            server = xlc.Server(params)
        except Exception as exc:
            failure = exc
    if params.verbosity > _VERBOSITY_ERRORS:
        _native_verbosity(_VERBOSITY_ERRORS)
    if failure is not None:
        raise LlamaLoadError(failure, _error_lines(native_lines)) from failure
    return server


@contextlib.contextmanager
def _native_stderr_to_debug() -> Iterator[list[str]]:
    """Capture what native code writes to fd 2 meanwhile; re-log it at DEBUG.

    Yields the list that receives the captured lines once the block ends. A redirect of
    fd 2 is process-wide, so it is held only around the model load (short, synchronous);
    Python's own ``sys.stderr`` is flushed first so nothing of ours is swallowed.
    """
    lines: list[str] = []
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 (a detached service): nothing to capture
        yield lines
        return
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 2)
        try:
            yield lines
        finally:
            _drain_native_log()  # llama.cpp logs from a worker thread: its lines come late
            os.dup2(saved, 2)
            os.close(saved)
            tmp.seek(0)
            for line in tmp.read().decode("utf-8", "replace").splitlines():
                if line.strip():
                    lines.append(line)
                    logger.debug("llama.cpp: %s", line)


# "0.00.005.094 E gguf_init_from_reader: invalid magic ...": timestamp, level, text.
_LOG_LINE_RE = re.compile(r"^\s*[\d.]+\s+([EWIDN])\s+(.*)$")


def _native_lib() -> Any:
    """xllamacpp's own native library, for the libcommon symbols it exposes no binding for."""
    import ctypes

    import xllamacpp.xllamacpp as native

    return ctypes.CDLL(native.__file__)


def _drain_native_log() -> None:
    """Write out every line llama.cpp's log has queued (best effort).

    libcommon's log prints from a worker thread, so a load's error lines can reach fd 2
    after the load returned, past the capture. ``common_log_pause`` makes the worker
    print what is queued and joins it; ``common_log_resume`` starts it again.
    """
    import ctypes

    try:
        lib = _native_lib()
        main = lib["_Z15common_log_mainv"]  # common_log_main(): the process's log
        main.restype = ctypes.c_void_p
        pause = lib["_Z16common_log_pauseP10common_log"]
        resume = lib["_Z17common_log_resumeP10common_log"]
        pause.argtypes = resume.argtypes = [ctypes.c_void_p]
        log = main()
        pause(log)
        resume(log)
    except (ImportError, OSError, AttributeError) as exc:
        logger.debug("cannot drain llama.cpp's log: %s", exc)


def _native_verbosity(level: int) -> None:
    """Set llama.cpp's log threshold after the load (best effort).

    At DEBUG the load runs at info level for its lines; afterwards the threshold goes
    back to errors, or each request and the server's shutdown would print info lines
    to the terminal. xllamacpp exposes no setter, so this calls libcommon's
    ``common_log_set_verbosity_thold(int)`` in xllamacpp's own library; if that symbol
    is gone in another build, info lines stay (at DEBUG only).
    """
    import ctypes

    try:
        setter = _native_lib()["_Z30common_log_set_verbosity_tholdi"]  # C++-mangled name
        setter.argtypes = [ctypes.c_int]
        setter.restype = None
        setter(level)
    except (ImportError, OSError, AttributeError) as exc:
        logger.debug("cannot lower llama.cpp's log level: %s", exc)


def _error_lines(lines: list[str]) -> str:
    """The first two of llama.cpp's error lines (the root cause comes first)."""
    errors: list[str] = []
    for line in lines:
        m = _LOG_LINE_RE.match(line)
        if m and m.group(1) == "E":
            errors.append(m.group(2).strip())
    return "; ".join(errors[:2])
