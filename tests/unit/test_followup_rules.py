"""Follow-up rewriting without Kiwi (Latin entities, English rules) and the session
files (notelens.answer.followup, notelens.answer.session)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from notelens.answer.followup import Rewrite, Turn, key_entity, rewrite_llm, rewrite_rules
from notelens.answer.session import Conversation, SessionStore, check_session_id
from notelens.errors import ConfigError

pytestmark = pytest.mark.unit


def _dialogue(questions: Sequence[str]) -> list[Rewrite]:
    history: list[Turn] = []
    out = []
    for q in questions:
        r = rewrite_rules(q, history)
        out.append(r)
        history.append(Turn(q, r.standalone, r.topic))
    return out


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        ("How does LoRA cut trainable parameters?", "LoRA"),
        ("What did GPT-3 show about few-shot prompting?", "GPT-3"),
        ("How does Multi-Query Attention share keys?", "Multi-Query Attention"),
        ("What is the point of RRF k=60 in fusion?", "RRF"),
        ("what is retrieval augmented generation?", None),
    ],
)
def test_key_entity_latin(question: str, entity: str | None) -> None:
    assert key_entity(question) == entity


def test_english_dialogue() -> None:
    r = _dialogue(
        [
            "How does LoRA cut trainable parameters?",
            "and how much memory does it save?",
            "What about QLoRA?",
            "Who proposed that?",
            "How many GPUs does this method need?",
            "How many heads does GQA share per group?",
        ]
    )
    assert [x.method for x in r] == ["none", "pronoun", "ellipsis", "pronoun", "pronoun", "none"]
    assert r[1].standalone == "How much memory does LoRA save?"
    assert r[2].standalone == "How much memory does QLoRA save?"
    assert r[3].standalone == "Who proposed QLoRA?"
    assert "QLoRA" in r[4].standalone and "method" not in r[4].standalone
    assert r[5].standalone == r[5].question  # standalone: left alone


def test_mixed_korean_ellipsis_with_latin_topic() -> None:
    # Without Kiwi the Latin entities still carry the rewrite of a Korean follow-up.
    r = _dialogue(
        ["LoRA는 trainable parameter를 얼마나 줄여?", "그럼 QLoRA는?", "그건 몇 배 빨라?"]
    )
    assert r[1].standalone == "QLoRA는 trainable parameter를 얼마나 줄여?"
    assert r[2].standalone == "QLoRA는 몇 배 빨라?" and r[2].method == "pronoun"


def test_aspect_ellipsis_keeps_the_topic() -> None:
    r = _dialogue(["What does DPO optimize?", "What about memory?"])
    assert r[1].standalone == "What about memory for DPO?"


def test_first_question_is_never_rewritten() -> None:
    r = rewrite_rules("그건 몇 배 빨라?", [])
    assert r.standalone == "그건 몇 배 빨라?" and r.method == "none"


class _Gen:
    """A stand-in generator (plumbing only: what rewrite_llm keeps or drops)."""

    name = "fake"

    def __init__(self, reply: str) -> None:
        self.reply = reply

    def stream(self, messages: object, *, max_tokens: int, temperature: float) -> Iterator[str]:
        yield self.reply

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        ("How much GPU memory does QLoRA save compared with LoRA?", "llm"),
        ("", "rules"),  # empty
        ("What about QLoRA?", "rules"),  # an echo of the follow-up
        ("How much memory does it save?", "rules"),  # dropped the entity
        ("QLoRA는 메모리를 얼마나 줄여?", "rules"),  # another language
    ],
)
def test_llm_rewrite_falls_back_to_rules(reply: str, kept: str) -> None:
    history = [Turn("How much memory does LoRA save?", "How much memory does LoRA save?", "LoRA")]
    rules = rewrite_rules("What about QLoRA?", history)
    out = rewrite_llm("What about QLoRA?", history, rules, _Gen(reply))
    if kept == "llm":
        assert out.method == "llm" and out.standalone == reply
    else:
        assert out == rules


# -- sessions ---------------------------------------------------------------------------


def test_session_round_trip_keeps_last_turns(tmp_path: Path) -> None:
    store = SessionStore(tmp_path, max_turns=3)
    conv = store.load("s1")
    assert conv.turns == [] and not conv.problem
    for i in range(5):
        conv.add(Turn(f"q{i} 질문", f"standalone {i}", "LoRA", f"a{i}"), max_turns=3)
    path = store.save(conv)
    assert path == tmp_path / "sessions" / "s1.json"
    again = store.load("s1")
    assert [t.question for t in again.turns] == ["q2 질문", "q3 질문", "q4 질문"]
    assert again.turns[-1] == Turn("q4 질문", "standalone 4", "LoRA", "a4")
    assert not list((tmp_path / "sessions").glob(".s1.*"))  # no temporary file left


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"version": 99, "turns": []}', b'{"version": 1, "turns": [3]}', b"\xff\xfe"],
)
def test_damaged_session_starts_fresh_and_is_kept_aside(tmp_path: Path, content: bytes) -> None:
    store = SessionStore(tmp_path)
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "bad.json").write_bytes(content)
    conv = store.load("bad")
    assert conv.turns == [] and "damaged" in conv.problem and "bad.json.damaged" in conv.problem
    assert (tmp_path / "sessions" / "bad.json.damaged").read_bytes() == content
    conv.add(Turn("q", "q"))
    store.save(conv)
    assert (
        json.loads((tmp_path / "sessions" / "bad.json").read_text())["turns"][0]["question"] == "q"
    )


@pytest.mark.parametrize("bad", ["../x", "", ".hidden", "a/b", "a" * 65, "세션"])
def test_bad_session_ids_are_clear_errors(bad: str) -> None:
    with pytest.raises(ConfigError, match="session id"):
        check_session_id(bad)


def test_unwritable_session_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "sessions").write_text("a file where the folder should be")
    with pytest.raises(ConfigError, match="cannot write the session file"):
        SessionStore(tmp_path).save(Conversation("s"))
