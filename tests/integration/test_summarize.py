"""``notelens summarize`` on real notes (Kiwi, e5, the shared examples index), Korean and
English; the LLM path's citation check with a scripted generator (plumbing only: which
lines the check keeps is what is tested, not the model)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from notelens import Engine
from notelens.answer.base import Message

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def engine(open_example: Callable[..., Engine]) -> Engine:
    return open_example()


def _file_lines(engine: Engine, source: str) -> list[str]:
    return Path(source).read_text(encoding="utf-8").splitlines()


def _squash(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


@pytest.mark.parametrize("note", ["efficient-finetuning", "retrieval-notes", "korean-retrieval"])
def test_extractive_lines_are_quotes_with_their_lines(engine: Engine, note: str) -> None:
    summary = engine.summarize(note, lines=3)
    assert summary.method == "extractive"
    assert len(summary.lines) == 3
    assert len({line.text for line in summary.lines}) == 3
    file_lines = _file_lines(engine, summary.source)
    positions = []
    for line in summary.lines:
        start = line.location.line_start
        assert start is not None
        # the quoted unit begins on (or, for a wrapped list item, just after) its line
        window = _squash(" ".join(file_lines[start - 1 : start + 2]))
        assert _squash(line.text.removesuffix(" …"))[:20] in window, (line, start)
        positions.append(start)
    assert positions == sorted(positions)  # printed in the note's order


def test_language_filter_and_details_block(engine: Engine) -> None:
    en = engine.summarize("korean-retrieval", lines=2, lang="en")
    ko = engine.summarize("korean-retrieval", lines=2, lang="ko")
    from notelens.analysis.lang import detect_lang

    assert all(detect_lang(line.text) in ("en", "mixed") for line in en.lines)
    assert all(detect_lang(line.text) in ("ko", "mixed") for line in ko.lines)
    block = ko.details()
    assert block.startswith("<details><summary>3 LINE SUMMARY</summary>")
    assert block.endswith("</details>") and block.count("\n- ") == len(ko.lines)
    payload = ko.to_dict()
    assert set(payload) == {"source", "title", "method", "lines", "dropped", "details"}


def test_a_file_that_is_not_indexed(engine: Engine, tmp_path: Path) -> None:
    note = tmp_path / "새-메모.md"
    note.write_text(
        "# 새 메모\n\n"
        "- GQA는 쿼리 헤드 그룹마다 key/value 헤드를 하나씩 공유해 KV cache를 줄인다.\n"
        "- FlashAttention은 attention을 SRAM 크기의 블록으로 잘라 HBM 왕복을 줄인다.\n"
        "- PagedAttention은 KV cache를 고정 크기 블록으로 나눠 메모리 낭비를 없앤다.\n"
        "- Speculative decoding uses a small draft model and verifies its tokens in one pass.\n",
        encoding="utf-8",
    )
    summary = engine.summarize(str(note), lines=2)
    assert Path(summary.source).name == "새-메모.md"
    assert len(summary.lines) == 2
    assert all(line.location.line_start for line in summary.lines)


def test_unknown_note_and_bad_lines(engine: Engine) -> None:
    from notelens.errors import ConfigError, SearchError

    with pytest.raises(SearchError):
        engine.summarize("there-is-no-such-note")
    with pytest.raises(ConfigError):
        engine.summarize("retrieval-notes", lines=0)


class _Scripted:
    """Replies with fixed lines: one copied from the note, one it never says."""

    name = "scripted"

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.prompts: list[Sequence[Message]] = []

    def stream(
        self, messages: Sequence[Message], *, max_tokens: int, temperature: float
    ) -> Iterator[str]:
        self.prompts.append(messages)
        yield self.reply

    def close(self) -> None:
        pass


def test_llm_lines_go_through_the_citation_check(engine: Engine) -> None:
    from notelens.curate.summary import llm_summary

    source, passages = engine._note_passages("efficient-finetuning")
    supported = next(p.text for p in passages if "LoRA" in p.text).splitlines()[-1]
    reply = (
        f"- {supported.strip('- ')}\n"  # no [n]: checked against every passage
        "- QLoRA는 2019년 구글이 발표했고 GPU 없이 학습한다 [1]\n"
    )
    generator = _Scripted(reply)
    summary = llm_summary(
        source,
        passages,
        generator,
        engine.analyzer,
        engine.settings.answer,
        lines=3,
        lang="ko",
    )
    assert summary.method == "llm:scripted"
    assert summary.dropped >= 1  # the invented line (a year and a claim the note lacks)
    assert all("2019" not in line.text for line in summary.lines)
    assert len(summary.lines) == 1 and summary.lines[0].support is not None
    # notes go to the model fenced, as data
    assert "<<<NOTE 1" in generator.prompts[0][1]["content"]
