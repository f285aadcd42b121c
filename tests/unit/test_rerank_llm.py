"""The `llm` reranker's plumbing: prompt, yes/no margin, window, model choice, errors.

The model itself is replaced by a recorded-shape response here (plumbing only); the real
GGUF judges Korean and mixed questions in tests/integration/test_rerank_llm_model.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from notelens.config import RerankConfig, Settings
from notelens.errors import ConfigError, SearchError
from notelens.retrieve.rerank import RERANKERS, Reranker, create_reranker
from notelens.retrieve.rerankers.llm import (
    MAX_WINDOW,
    LLMReranker,
    default_model,
    judge_messages,
    yes_no_margin,
)
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit


def _hit(rank: int, text: str, heading: str = "") -> Hit:
    return Hit(
        rank, 1.0 / rank, f"c{rank}", "/n.md", "노트", heading, text, Location(1, 1), "mixed"
    )


def _response(pairs: list[tuple[str, float]]) -> dict[str, Any]:
    top = [{"token": t, "logprob": lp} for t, lp in pairs]
    return {"choices": [{"logprobs": {"content": [{"token": pairs[0][0], "top_logprobs": top}]}}]}


class _Judge:
    """Answers "yes" for passages holding ``needle``; records every request."""

    def __init__(self, needle: str) -> None:
        self.needle = needle
        self.requests: list[Mapping[str, Any]] = []

    def __call__(self, request: Mapping[str, Any]) -> Mapping[str, Any]:
        self.requests.append(request)
        user = request["messages"][-1]["content"]
        passage = user.split("Passage:\n", 1)[1]
        if self.needle in passage:
            return _response([("Yes", -0.2), ("yes", -1.9), ("No", -2.5)])
        return _response([("No", -0.3), ("no", -1.6), ("Yes", -2.2)])


def test_registered_and_read_from_the_environment() -> None:
    assert "llm" in RERANKERS.names()
    settings = Settings.from_env(
        {"NOTELENS_RERANK": "llm", "NOTELENS_RERANK_MODEL": "~/m/qwen.gguf"}
    )
    assert settings.rerank == RerankConfig("llm", 20, "~/m/qwen.gguf")
    reranker = create_reranker(settings.rerank)  # no model loaded yet: lazy
    assert isinstance(reranker, LLMReranker) and isinstance(reranker, Reranker)
    assert reranker.window == MAX_WINDOW  # 20 candidates, judged at most MAX_WINDOW


def test_margin_sums_the_spellings_of_yes_and_no() -> None:
    m = yes_no_margin(_response([("Yes", -0.81), ("yes", -0.9), ("no", -2.62), ("No", -2.64)]))
    want = math.log(math.exp(-0.81) + math.exp(-0.9)) - math.log(math.exp(-2.62) + math.exp(-2.64))
    assert m == pytest.approx(want)
    # a family absent from the top list counts just below its smallest entry: finite
    only_no = yes_no_margin(_response([("No", -0.1), ("The", -3.0)]))
    assert math.isfinite(only_no) and only_no == pytest.approx(-4.0 + 0.1)
    # Korean replies count too
    assert yes_no_margin(_response([("네", -0.2), ("아니요", -2.0)])) > 0


def test_a_response_without_logprobs_is_a_clear_search_error() -> None:
    with pytest.raises(SearchError, match="log-probabilities") as err:
        yes_no_margin({"choices": [{"text": "Yes"}]})
    assert err.value.hint


def test_korean_and_mixed_questions_rank_the_answering_passage_first() -> None:
    judge = _Judge("1443년")
    reranker = LLMReranker(RerankConfig("llm", 5), complete=judge)
    hits = [
        _hit(1, "훈민정음 해례본은 국보 제70호로 지정되어 있다."),
        _hit(2, "세종대왕은 1443년에 훈민정음을 창제하였다.", heading="훈민정음 > 창제"),
        _hit(3, "Paris is the capital of France."),
    ]
    scores = list(reranker.rerank("훈민정음은 언제 만들어졌나?", hits))
    assert len(scores) == 3 and scores[1] > scores[0] and scores[1] > scores[2]
    # the question comes before the passage (llama.cpp reuses the cached prefix)
    user = judge.requests[1]["messages"][-1]["content"]
    assert user.index("훈민정음은 언제") < user.index("1443년")
    assert "훈민정음 > 창제" in user  # the heading path is context for a short chunk
    assert judge.requests[0]["max_tokens"] == 1 and judge.requests[0]["logprobs"] is True

    judge = _Judge("r = 8")
    reranker = LLMReranker(RerankConfig("llm", 5), complete=judge)
    mixed = [_hit(1, "LoRA는 가중치를 고정한다."), _hit(2, "LoRA 실험에서 rank는 r = 8 을 썼다.")]
    scores = list(reranker.rerank("LoRA의 rank는 몇으로 설정했어?", mixed))
    assert scores[1] > scores[0]


def test_hits_past_the_window_keep_the_fused_order_below_the_judged() -> None:
    judge = _Judge("정답")
    reranker = LLMReranker(RerankConfig("llm", 20), complete=judge, window=2)
    hits = [_hit(i, f"문단 {i}" + (" 정답" if i == 4 else "")) for i in range(1, 6)]
    scores = list(reranker.rerank("질문", hits))
    assert len(judge.requests) == 2  # only the window is put to the model
    assert min(scores[:2]) > max(scores[2:])
    assert scores[2] > scores[3] > scores[4]  # fused order kept past the window
    assert list(reranker.rerank("질문", [])) == []


def test_long_passages_are_cut_for_the_prompt() -> None:
    messages = judge_messages("질문?", _hit(1, "가" * 5000), max_chars=100)
    assert len(messages[-1]["content"]) < 400 and "…" in messages[-1]["content"]


def test_model_choice_and_missing_model_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTELENS_CACHE", str(tmp_path))
    assert default_model() is None
    reranker = LLMReranker(RerankConfig("llm"))
    with pytest.raises(ConfigError, match="found no local model") as err:
        reranker.rerank("질문", [_hit(1, "본문")])
    assert "make llm" in (err.value.hint or "")
    llm = tmp_path / "llm"
    llm.mkdir()
    (llm / "small.gguf").write_bytes(b"x" * 10)
    (llm / "large.gguf").write_bytes(b"x" * 20)
    (llm / "notes.txt").write_bytes(b"x" * 50)
    assert default_model() == llm / "large.gguf"  # the largest GGUF that fits
    missing = LLMReranker(RerankConfig("llm", model=str(tmp_path / "nope.gguf")))
    with pytest.raises(ConfigError, match="does not exist") as err:
        missing.load()
    assert err.value.path == str(tmp_path / "nope.gguf")
