"""Notes classes, seventh round (issue #15): three general causes of wrong or refused
answers on the notes set.

* a "when" after another question word sets the scene ("What does the title mean when
  it says …", "How old was he when …"): the question does not ask for a date
  (answer/qtype.py ``scene_when_masked``);
* an acronym the question capitalises ("RPO") is named by an entry that spells it out
  ("Iterative Reasoning Preference Optimization"): not an absent name (answer/evidence.py
  ``acronym_present``), and a term of that entry's context for the unit scorer;
* a number question ("몇 개야?", "how many …") whose best unit holds no number at all
  is weakened by ``NUMBER_PENALTY`` (more than the other answer types' TYPE_PENALTY).

The last tests run the extractor with real Kiwi and e5 over made-up notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive
from notelens.answer.evidence import acronym_present, acronyms, names_missing
from notelens.answer.extractive import extract, question_type, spelled_out
from notelens.answer.qtype import answer_type, asked_kinds, scene_when_masked
from notelens.answer.refusal import entry_factor
from notelens.answer.units import AnswerUnit
from notelens.embed.base import Embedder

# -- a scene-setting "when" ------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "date"),
    [
        # The "when" opens a clause after another question word: not the thing asked.
        ("What does the DPO title mean when it says the LM is a reward model?", False),
        ("How old was the author when the paper came out?", False),
        ("Who led the team when the benchmark was released?", False),
        ("DPO 논문 title은 what does it mean when it says secretly a reward model?", False),
        # "when" asked: first, or as a second thing after "and" / a comma.
        ("When does the SSL season 4 study period start?", True),
        ("Who proposed Multi-Query Attention, and when?", True),
        ("Who wrote it and when did it appear?", True),
        ("LoRA 논문은 언제 나왔어?", True),
        ("When was LoRA 발표된 거야?", True),
    ],
)
def test_a_scene_setting_when_asks_no_date(question: str, date: bool) -> None:
    assert (answer_type(question).kind == "date") is date
    assert ("date" in asked_kinds(question, answer_type(question))) is date
    assert (question_type(question) == "when") is date


@pytest.mark.unit
def test_scene_when_masked_blanks_only_the_scene() -> None:
    q = "What happened when the model was released, and when?"
    masked = scene_when_masked(q)
    assert masked.count("when") == 1 and masked.endswith("and when?")
    assert scene_when_masked("언제 발표했어?") == "언제 발표했어?"


# -- acronyms spelled out ----------------------------------------------------------------


@pytest.mark.unit
def test_acronyms_are_the_capitalised_words_of_three_to_six_letters() -> None:
    assert acronyms("On which benchmarks did Iterative RPO improve?") == {"rpo"}
    assert acronyms("DPO와 RLHF의 차이는?") == {"dpo", "rlhf"}
    # Two letters (LM, RL) spell too many word pairs; names with digits are no acronyms.
    assert acronyms("Is the LM trained with RL on GSM8K?") == frozenset()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("acronym", "text", "present"),
    [
        ("rpo", "iterative reasoning preference optimization (pang et al., meta)", True),
        ("rag", "retrieval-augmented generation for knowledge-intensive nlp", True),
        ("gqa", "grouped-query attention 정리", True),
        ("dpo", "direct preference optimization", True),
        # Letters in another order, a word missing, or a word's inner letter: absent.
        ("dpo", "preference direct optimization", False),
        ("rpo", "reasoning optimization", False),
        ("rpo", "a proper output", False),
    ],
)
def test_acronym_present(acronym: str, text: str, present: bool) -> None:
    assert acronym_present(acronym, text) is present


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "On which benchmarks did Iterative RPO improve per iteration?",
        "Iterative RPO는 어떤 벤치마크에서 성능이 올랐어?",
    ],
)
def test_an_acronym_is_named_by_its_spelled_out_entry(question: str) -> None:
    entry = "Iterative Reasoning Preference Optimization (Pang et al., Meta) > notes"
    assert names_missing(question, entry) == 0.0
    # A name not written in capitals is no acronym, however its letters fall.
    assert names_missing("What did Iterative Rpo improve?", entry) == pytest.approx(0.5)
    assert names_missing(question, "Direct Preference Optimization") > 0.0


HITS = [
    note_hit(
        0,
        "- 주의: loss가 잘 내려가도 chosen 응답의 log-prob가 같이 내려가는 경우가 있음 "
        "(→ W18 digest의 Iterative RPO가 NLL term을 추가한 이유)\n",
        "RLHF에서 DPO까지 > Loss",
    ),
    note_hit(
        1,
        "- Llama-2-70B-Chat 기반으로 GSM8K, MATH, ARC-Challenge에서 iteration마다 성능이 "
        "오르다가 포화\n- 그냥 DPO만 쓰면 chosen 응답의 log-prob까지 같이 내려가는 현상이 있음\n",
        "Weekly digest 2024-W18 > Iterative Reasoning Preference Optimization (Pang et al.)",
    ),
]


@pytest.mark.unit
def test_the_entry_rule_reads_an_acronym_in_its_spelled_out_heading() -> None:
    q = "On which benchmarks did Iterative RPO improve per iteration?"
    assert entry_factor(q, HITS, 1, "item") == 1.0
    mixed = "Iterative RPO는 iteration마다 어떤 benchmark에서 올랐어?"
    assert entry_factor(mixed, HITS, 1, "item") == 1.0


@pytest.mark.unit
def test_spelled_out_finds_the_acronym_in_a_units_context() -> None:
    unit = AnswerUnit(
        kind="item",
        text="GSM8K, MATH에서 iteration마다 성능이 오름",
        context="Iterative Reasoning Preference Optimization > notes",
        line=0,
        position=0,
    )
    assert spelled_out(frozenset({"rpo", "dpo"}), unit) == {"rpo"}
    assert spelled_out(frozenset(), unit) == frozenset()


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "On which benchmarks did Iterative RPO improve per iteration?",
        "Iterative RPO는 iteration마다 어떤 benchmark에서 성능이 올랐어?",
    ],
)
def test_an_acronym_question_keeps_the_spelled_out_entry(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    # The question's names are all named by the entry that answers it.
    assert "GSM8K" in ex.sentences[0].text
    assert ex.unit_missing == 0.0


# -- a number question over a unit without a number --------------------------------------


NUMBER_HITS = [
    note_hit(
        0,
        "- 같은 chunk를 BGE-M3 (또는 KURE-v1) dense embedding으로 색인\n"
        "- BM25 점수와 dense 점수를 RRF로 합침\n",
        "한국어 검색 메모 > 하이브리드 검색",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    ["KURE-v1 임베딩 차원은 몇이야?", "How many dimensions does the KURE-v1 embedding have?"],
)
def test_a_number_question_without_a_number_is_weakened(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert answer_type(question).kind == "number"
    ex = extract(question, NUMBER_HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    # The digits of "BGE-M3" / "KURE-v1" are parts of names, not a number.
    penalty = extractive.NUMBER_PENALTY
    assert penalty > extractive.TYPE_PENALTY
    monkeypatch.setattr(extractive, "NUMBER_PENALTY", extractive.TYPE_PENALTY)
    mild = extract(question, NUMBER_HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx(
        mild.strength * (1 - penalty) / (1 - extractive.TYPE_PENALTY)
    )


@pytest.mark.integration
def test_a_number_question_with_its_number_is_not_weakened(
    analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    hits = [note_hit(0, "- KURE-v1 임베딩은 1024 차원\n", "한국어 검색 메모 > 임베딩")]
    q = "KURE-v1 임베딩 차원은 몇이야?"
    ex = extract(q, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    monkeypatch.setattr(extractive, "NUMBER_PENALTY", 0.0)
    same = extract(q, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx(same.strength)
    assert "1024" in ex.sentences[0].text


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "text"),
    [
        (
            "KURE-v1 임베딩 차원은 몇이야?",
            "KURE-v1은 한국어 검색을 위해 공개된 임베딩 모델이다. 여러 검색 벤치마크에서 평가되었다.",
        ),
        (
            "How many dimensions does the KURE-v1 embedding have?",
            "KURE-v1 is an embedding model released for Korean retrieval. It was evaluated "
            "on several retrieval benchmarks.",
        ),
    ],
)
def test_a_prose_sentence_keeps_the_milder_type_penalty(
    question: str,
    text: str,
    analyzer: Analyzer,
    embedder: Embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A paragraph's number is often in the sentence beside the best one (prose sets).
    hits = [note_hit(0, text, "임베딩 메모", lang="ko" if "한국어" in text else "en")]
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.sentences[0].unit is not None and ex.sentences[0].unit.kind == "sentence"
    monkeypatch.setattr(extractive, "NUMBER_PENALTY", extractive.TYPE_PENALTY)
    same = extract(question, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength == pytest.approx(same.strength)


# -- the scene-setting "when" in the extractor ---------------------------------------------


DPO_HITS = [
    note_hit(
        0,
        '- 즉 "LM 자체가 implicit reward model"이라는 게 제목의 의미. RL도, sampling도 필요 없음\n'
        "- reference model은 고정해 둠\n",
        "RLHF에서 DPO까지 > 2. DPO (Direct Preference Optimization) > 핵심 아이디어",
    ),
    note_hit(
        1,
        "| 주차 | Paper title | ArXiv upload date |\n|---|---|---|\n"
        "| 16 주차 | DPO: Direct Preference Optimization: Your Language Model is Secretly a "
        "Reward Model | 2023 May |\n",
        "SSL 시즌4 > 발표 논문 및 순서",
        lang="en",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "What does the DPO title mean when it says the LM is secretly a reward model?",
        "What does DPO 제목 mean when it says the LM is secretly a reward model?",
    ],
)
def test_the_title_question_is_answered_by_its_meaning_not_a_date(
    question: str, analyzer: Analyzer, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, DPO_HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.atype.kind != "date"
    assert "implicit reward model" in ex.sentences[0].text
    # Read as a date question, the row with the upload date took the type bonus.
    monkeypatch.setattr("notelens.answer.qtype.scene_when_masked", lambda q: q)
    literal = extract(question, DPO_HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert literal.atype.kind == "date"


@pytest.mark.unit
def test_a_lone_letter_singles_out_no_entry() -> None:
    """The size unit of "몇 B로" is no entity: another passage writing a lone "b" (a
    list label, "plan b") must not make the entry that names the model look wrong."""
    hits = [
        note_hit(0, "- LLaVA-1.5는 LLM을 13B로 키움\n", "Multi Modal Models"),
        note_hit(1, "- 후보 a, b 중에서 b를 고름\n", "회의 메모"),
    ]
    for q in ("LLaVA-1.5는 LLM을 몇 B로 확장했어?", "To how many B did LLaVA-1.5 scale its LLM?"):
        assert entry_factor(q, hits, 0, "item") == 1.0, q
