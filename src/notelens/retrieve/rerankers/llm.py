"""A local LLM as a pointwise reranker: "does this passage answer the question?" yes/no.

No Korean cross-encoder ships in any wheel, but the local Qwen GGUFs of ``make llm``
read Korean. Each of the first ``window`` fused hits is put to the model in one chat
request (question first, so llama.cpp's prompt cache reuses the question's tokens across
the passages), the reply is cut to one token, and the hit's score is
``log P(yes) - log P(no)`` over the spellings of both words among the top log-probs.
Hits past the window keep their fused order below every judged one. Opt-in only
(``--rerank llm``): it costs seconds per query on a CPU (docs/benchmarks.md, "Precision
at the top, fifth round").

The model is ``RerankConfig.model`` (``NOTELENS_RERANK_MODEL``), else the largest GGUF
up to 2 GiB in ``<cache>/llm`` (where ``make llm`` puts the Qwen models: larger reads
better, and both of those fit). It runs through ``xllamacpp`` (the ``llm`` extra),
imported and loaded on the first query.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from notelens.config import RerankConfig, default_cache_dir
from notelens.errors import ConfigError, SearchError
from notelens.types import Hit

#: Hits judged per query at most (each is one model call of a few hundred tokens).
MAX_WINDOW = 10
#: Passage characters shown to the model (a chunk is at most ~1,100; the start of a
#: chunk carries its heading and usually the matching sentence).
PASSAGE_CHARS = 700
#: The default model is the largest GGUF in the cache folder no larger than this.
MAX_DEFAULT_BYTES = 2 << 30
#: Log-probs asked per reply; "yes"/"no" in their spellings sit in the first few.
TOP_LOGPROBS = 20
#: Score of a spelling family absent from the top log-probs: below the smallest shown.
_ABSENT_MARGIN = 1.0
#: Hits past the window: below any judged margin, in fused order.
_UNJUDGED = -1000.0

SYSTEM = "You check search results. Reply with one word: yes or no."
YES = frozenset({"yes", "예", "네"})
NO = frozenset({"no", "아니요", "아니오"})

#: One chat request (a dict in the OpenAI shape) -> the response dict.
Complete = Callable[[Mapping[str, Any]], Mapping[str, Any]]


def default_model(cache_dir: Path | None = None) -> Path | None:
    """The largest ``*.gguf`` up to :data:`MAX_DEFAULT_BYTES` in ``<cache>/llm``."""
    folder = (cache_dir or default_cache_dir()) / "llm"
    try:
        found = [(p.stat().st_size, p) for p in folder.glob("*.gguf") if p.is_file()]
    except OSError:
        return None
    fitting = [(size, p) for size, p in found if size <= MAX_DEFAULT_BYTES]
    return max(fitting)[1] if fitting else None


def judge_messages(query: str, hit: Hit, max_chars: int = PASSAGE_CHARS) -> list[dict[str, str]]:
    """The chat request for one hit: the question before the passage (cached prefix)."""
    text = hit.text if len(hit.text) <= max_chars else hit.text[:max_chars] + " …"
    context = hit.heading or hit.title
    passage = f"{context}\n{text}" if context and context not in text[:200] else text
    user = (
        f"Question: {query}\n\nPassage:\n{passage}\n\n"
        "Does the passage answer the question? Reply yes or no."
    )
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def yes_no_margin(response: Mapping[str, Any]) -> float:
    """``log P(yes) - log P(no)`` from a one-token reply's top log-probs.

    A family missing from the list counts as just below the smallest shown log-prob, so
    the margin stays finite; a response without log-probs (the
    backend does not give them, so this reranker cannot work with it) is a ``SearchError``.
    """
    try:
        top = response["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
        pairs = [(str(t["token"]).strip().lower(), float(t["logprob"])) for t in top]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise SearchError(
            "the local model gave no log-probabilities for the 'llm' reranker",
            hint="use a llama.cpp build that reports top_logprobs (xllamacpp >= 0.2)",
        ) from exc
    if not pairs:
        raise SearchError("the local model gave an empty log-probability list")
    floor = min(lp for _, lp in pairs) - _ABSENT_MARGIN
    yes = [lp for tok, lp in pairs if tok in YES] or [floor]
    no = [lp for tok, lp in pairs if tok in NO] or [floor]
    return _logsumexp(yes) - _logsumexp(no)


def _load_server(path: Path, threads: int) -> Complete:
    """An xllamacpp server on ``path``; its chat call, one request at a time."""
    from notelens.llamacpp import LlamaLoadError, load_server

    try:
        server = load_server(path, n_ctx=2048, threads=threads)  # question + one passage
    except ImportError as exc:
        raise ConfigError(
            "the 'llm' reranker needs xllamacpp", hint="pip install 'notelens[llm]'"
        ) from exc
    except LlamaLoadError as exc:
        raise ConfigError(
            f"the 'llm' reranker could not load its model ({exc})",
            hint="check that the file is a complete GGUF model (NOTELENS_RERANK_MODEL)",
        ) from exc.cause

    def complete(request: Mapping[str, Any]) -> Mapping[str, Any]:
        result: Any = server.handle_chat_completions(dict(request))
        if not isinstance(result, dict) or result.get("error"):
            err = result.get("error") if isinstance(result, dict) else result
            raise SearchError(f"the 'llm' reranker's model failed: {err}")
        return result

    return complete


class LLMReranker:
    """Pointwise yes/no judgments of a local GGUF model on the first ``window`` hits."""

    name = "llm"

    def __init__(
        self,
        config: RerankConfig,
        *,
        complete: Complete | None = None,
        window: int | None = None,
        max_chars: int = PASSAGE_CHARS,
        threads: int = 0,
    ) -> None:
        self.config = config
        self.window = max(1, min(window or config.candidates, MAX_WINDOW))
        self.max_chars = max_chars
        self.threads = threads or max(1, os.cpu_count() or 1)
        self._complete = complete  # injected for tests; else the model, on first use
        self._lock = threading.Lock()

    def model_path(self) -> Path:
        if self.config.model:
            path = Path(self.config.model).expanduser()
            if not path.is_file():
                raise ConfigError(
                    "the 'llm' reranker's model file does not exist",
                    path=str(path),
                    hint="set NOTELENS_RERANK_MODEL to a GGUF file",
                )
            return path
        found = default_model()
        if found is None:
            raise ConfigError(
                "the 'llm' reranker found no local model",
                path=str(default_cache_dir() / "llm"),
                hint="run `make llm` (fetches a Qwen GGUF) or set NOTELENS_RERANK_MODEL",
            )
        return found

    def load(self) -> None:
        """Load the model now (it otherwise loads on the first query)."""
        self._model()

    def _model(self) -> Complete:
        with self._lock:
            if self._complete is None:
                self._complete = _load_server(self.model_path(), self.threads)
            return self._complete

    def rerank(self, query: str, hits: Sequence[Hit]) -> Sequence[float]:
        if not hits:
            return []
        complete = self._model()
        scores: list[float] = []
        for i, hit in enumerate(hits):
            if i >= self.window:
                scores.append(_UNJUDGED - i)
                continue
            request = {
                "messages": judge_messages(query, hit, self.max_chars),
                "max_tokens": 1,
                "temperature": 0.0,
                "logprobs": True,
                "top_logprobs": TOP_LOGPROBS,
            }
            with self._lock:  # one request at a time: the server has one slot
                response = complete(request)
            scores.append(yes_no_margin(response))
        return scores


def create(config: RerankConfig) -> LLMReranker:
    return LLMReranker(config)
