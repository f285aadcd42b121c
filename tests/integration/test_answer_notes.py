"""Extractive answers on real notes, one test per failure class of issue #15.

Corpus: examples/notes (written for this repo) and, when present, ../shared/notes-samples
(real notes; read only). Real Kiwi, real e5 embedder, real LanceDB; indexed once.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from notelens import Engine
from notelens.types import Answer

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "notes"
SAMPLES = ROOT.parent / "shared" / "notes-samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/notes-samples is absent (real notes samples)"
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, make_engine: Callable[..., Engine]) -> Engine:
    work = tmp_path_factory.mktemp("answer-notes")
    shutil.copytree(EXAMPLES, work / "notes")
    folders = [work / "notes"]
    if SAMPLES.is_dir():
        folders.append(SAMPLES)
    eng = make_engine(work / "index")
    assert eng.index(folders).ok
    return eng


def _check_short(a: Answer, expected: str) -> None:
    """The short answer leads the answer and points into its citation's quote."""
    assert not a.refused, a.answer
    assert a.short is not None and a.short.text == expected, a.answer
    assert a.answer.startswith(f"{expected} — ")
    cite = a.citations[a.short.citation - 1]
    if a.short.start is not None and a.short.end is not None:
        assert cite.quote[a.short.start : a.short.end] == expected


def _source_line(a: Answer, n: int = 1) -> str:
    c = a.citations[n - 1]
    assert c.line is not None and c.location.line_start is not None
    assert c.location.line_start <= c.line <= (c.location.line_end or c.location.line_start)
    return Path(c.source).read_text(encoding="utf-8").split("\n")[c.line - 1]


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("multi-token prediction으로 inference가 몇 배 빨라져?", "3배"),
        ("How much faster is inference with 4-token prediction?", "3배"),
    ],
)
def test_the_bullet_with_the_fact_not_the_entry_title(
    engine: Engine, question: str, short: str
) -> None:
    # Class 1: the entry title "Better & Faster ... (Gloeckle et al., Meta)" is context.
    a = engine.ask(question)
    _check_short(a, short)
    assert "Gloeckle" not in a.answer
    assert "3배" in _source_line(a)
    assert a.citations[0].source.endswith("weekly-digest-2024-w18.md")


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("LoRA 발표자는 누구야?", "오예린"),
        ("QLoRA 논문 발표는 누가 했어?", "한도윤"),
    ],
)
def test_table_rows_answer_who(engine: Engine, question: str, short: str) -> None:
    # Class 2: a table row is an answer unit, joined with its header.
    a = engine.ask(question)
    _check_short(a, short)
    assert f"발표자: {short}" in a.citations[0].quote
    assert a.citations[0].source.endswith("study/syllabus-2024.md")
    assert short in _source_line(a)


@needs_samples
@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("SSL 시즌4에서 Scaling Instruction-Finetuned Language Models 발표자는 누구야?", "이승준"),
        ("Who presented Chain-of-Thought Prompting in the SSL season 4 study?", "조성국"),
    ],
)
def test_table_rows_of_the_real_syllabus(engine: Engine, question: str, short: str) -> None:
    a = engine.ask(question)
    _check_short(a, short)
    assert a.citations[0].source.endswith("001_1a6c6e2e6fa257e2.txt")


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("What is the context length of Llama 3?", "8K"),
        ("Llama 3의 context length는 얼마야?", "8K"),
        ("PagedAttention throughput은 몇 배야?", "2~4배"),
    ],
)
def test_the_answer_type_picks_the_unit_with_the_number(
    engine: Engine, question: str, short: str
) -> None:
    # Class 3: a number / size question gets the unit holding that token.
    _check_short(engine.ask(question), short)


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("FILM-7B is based on which model?", "Mistral-7B"),
        ("FILM-7B는 어떤 모델 기반이야?", "Mistral-7B"),
    ],
)
def test_cross_language_names(engine: Engine, question: str, short: str) -> None:
    # Class 4: English and Korean questions over a Korean bullet.
    _check_short(engine.ask(question), short)


@needs_samples
def test_numbers_in_real_paper_summaries(engine: Engine) -> None:
    a = engine.ask("LLaVA-1.5는 LLM을 몇 B로 확장했어?")
    _check_short(a, "13B")
    assert a.citations[0].source.endswith("003_43d89fee93a63754.txt")


@pytest.mark.parametrize(
    "question",
    ["What is Mamba's selective state space model?", "Mamba 논문은 누가 발표했지?"],
)
def test_questions_about_absent_topics_are_refused(engine: Engine, question: str) -> None:
    # Class 5: no unrelated note is quoted instead of refusing.
    a = engine.ask(question)
    assert a.refused and not a.citations and a.short is None


def test_week_and_speaker_from_a_memo_line(engine: Engine) -> None:
    # Class 7: the fact first (week and name), then the supporting unit.
    a = engine.ask("Chinchilla 논문은 몇 주차에 누가 발표했어?")
    assert not a.refused and a.short is not None
    assert "3" in a.short.text and "윤서연" in a.short.text


def test_injected_text_is_not_quoted_unless_asked(engine: Engine) -> None:
    # The examples in safety/prompt-injection.md are flagged at ingest (injection:*).
    a = engine.ask("What does goal hijacking reply with?")
    flagged = [h for h in a.evidence if any(f.startswith("injection") for f in h.flags)]
    assert flagged, "the flagged chunk should be retrieved"
    cited = {c.chunk_id for c in a.citations}
    assert not cited & {h.chunk_id for h in flagged}
    # Asked about the injection examples themselves: quoted, with the flags shown.
    b = engine.ask("프롬프트 인젝션 예시에서 goal hijacking 문자열은 뭐라고 답하게 해?")
    assert not b.refused and any(f.startswith("injection:") for f in b.flags)
    assert "flags" in b.to_dict() and b.to_dict()["flags"] == list(b.flags)


# -- second round (issue #15): cross-language units, whole lists, near-domain refusal --


@pytest.mark.parametrize(
    "question",
    [
        "프롬프트 인젝션 방어에서 Sandwich defense는 무엇을 반복해?",
        "Which instruction does the sandwich defense repeat?",
    ],
)
def test_cross_language_unit_over_an_english_bullet(engine: Engine, question: str) -> None:
    # The bullet is English; the Korean question shares only "Sandwich defense" with it,
    # and the e5 cosine carries the rest (answer/evidence.py cross_units).
    a = engine.ask(question)
    assert not a.refused, a.answer
    assert "repeat the real instruction" in a.answer
    assert a.citations[0].source.endswith("safety/prompt-injection.md")


_DEFENSES = (
    "Guardrail classifiers",
    "Instruction hierarchy",
    "Spotlighting",
    "Sandwich defense",
    "Least privilege",
    "Output checks",
)


def test_a_list_question_without_a_count_gets_the_whole_list(engine: Engine) -> None:
    a = engine.ask("List the defenses the safety note gives against prompt injection.")
    assert not a.refused, a.answer
    named = [d for d in _DEFENSES if d in a.answer]
    # The sibling items of the list in the cited chunk, not one bullet. (The list is
    # longer than one chunk: items in the next chunk are not quoted yet.)
    assert len(named) >= 2, a.answer
    assert {c.source for c in a.citations} == {a.citations[0].source}


@needs_samples
def test_a_korean_list_question_over_a_numbered_list(engine: Engine) -> None:
    a = engine.ask("Parameter Efficient Tuning 방법으로 어떤 것들이 있어?")
    assert not a.refused, a.answer
    named = [m for m in ("Adapter-based Tuning", "LoRA", "QLoRA", "LLaMA-Adapter") if m in a.answer]
    assert len(named) >= 3, a.answer
    assert a.citations[0].source.endswith("002_49c2f6a630728932.txt")


@pytest.mark.parametrize(
    "question",
    ["What is the vocab size of the Gemma tokenizer?", "Gemma 토크나이저의 vocab 크기는?"],
)
def test_a_model_the_notes_do_not_cover_is_refused(engine: Engine, question: str) -> None:
    # The notes give Llama 3's vocab size; Gemma is named nowhere near it.
    a = engine.ask(question)
    assert a.refused and not a.citations, a.answer
