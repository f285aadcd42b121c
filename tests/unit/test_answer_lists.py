"""List questions (answer/lists.py): which question wants a list, and the items quoted.

Notes invented for the test: a checklist under its heading, a "three lessons" paragraph
written as 첫째 / 둘째 / 셋째 (and First / Second / Third), an intro line ending with a
colon over its items, and a paper list whose sections hold entries (titles with their
own bullets). Real Kiwi; Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.lists import list_type, lists_sentence, named_section, ordinal
from notelens.answer.qtype import AnswerType, answer_type
from notelens.answer.units import build_units


def _typed(question: str) -> AnswerType:
    return list_type(question, answer_type(question))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("주간 회의 action item 목록 보여줘", None),
        ("지난 분기 회고에서 나온 개선안 세 개는?", 3),
        ("평가 파이프라인 선택지 두 개는?", 2),
        ("데이터 정제 단계를 순서대로 정리해줘", None),
        ("Show me the release checklist", None),
    ],
)
def test_untyped_list_questions_become_lists(question: str, count: int | None) -> None:
    t = _typed(question)
    assert t.kind == "list"
    assert t.count == count


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "GPU는 8개야?",  # a digit: a yes / no question about a count
        "배치 크기는 몇 개야?",  # a number question stays one
        "Who wrote the release checklist?",  # typed by its own rule first
        "세미나는 언제 열려?",
        "그 결정에 반대한 두 나라는?",  # two names in prose, not a list of items
        "파이썬에서 리스트를 거꾸로 정렬하려면?",  # a program's list
    ],
)
def test_other_questions_keep_their_type(question: str) -> None:
    assert _typed(question) == answer_type(question)


@pytest.mark.unit
def test_ordinal_and_enumerating_sentences() -> None:
    assert ordinal("첫째, 형태소 분석 없이 색인하면 recall이 떨어진다.")
    assert ordinal("둘째로 캐시는 주 단위로 비운다.")
    assert ordinal("Second, the cache is flushed weekly.")
    assert not ordinal("첫째 주에는 환경을 맞췄다.")  # "the first week", no list
    assert not ordinal("Secondary metrics were not tracked.")
    assert lists_sentence("Scores: Alpha 41%, Beta 33%, Gamma 24%, Delta 19%.", 4)
    assert not lists_sentence("Scores: Alpha 41%, Beta 33%, Gamma 24%, Delta 19%.", None)
    assert not lists_sentence("첫째, 작은 모델부터.", None)  # no count asked: prose is prose
    assert not lists_sentence("Alpha won, narrowly.", 2)
    assert not lists_sentence("A, B, C, D, E, F, G and H were all there.", 3)  # too many


CHECKLIST = note_hit(
    0,
    "1. Pin the tokenizer version before any comparison.\n"
    "2. Run at least three seeds and report the spread.\n"
    "3. Keep a held-out split nobody tunes on.\n"
    "4. Log the cost per evaluated example.\n",
    "Evaluation handbook > Checklist before publishing an eval number",
    lang="en",
)
LESSONS = note_hit(
    0,
    "첫째, 작은 모델부터 돌려 봐야 한다. 큰 모델은 실패가 비싸다. "
    "둘째, 평가 세트는 학습 전에 고정해야 한다. "
    "셋째, 로그는 step 단위 wandb 기록으로 남겨야 한다.",
    "파인튜닝 회고 > 배운 점",
)
META = note_hit(1, "작성: 민지 · 검토: 도윤 · 관련: finetune-log", "파인튜닝 회고")


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Which items are on the checklist before publishing an eval number?",
        "eval 체크리스트 항목들은?",
    ],
)
def test_a_checklist_question_quotes_every_item(question: str, analyzer: Analyzer) -> None:
    ex = extract(question, [CHECKLIST], analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert "three seeds" in text and "held-out split" in text and "cost per" in text


@pytest.mark.unit
@pytest.mark.parametrize(
    "question", ["파인튜닝에서 배운 점 세 가지를 알려줘", "LoRA 파인튜닝에서 배운 점 세 가지는?"]
)
def test_ordinal_prose_is_quoted_as_its_items(question: str, analyzer: Analyzer) -> None:
    ex = extract(question, [LESSONS, META], analyzer=analyzer, embedder=None)
    texts = [c.text for c in ex.sentences]
    assert any(t.startswith("첫째") for t in texts)
    assert any(t.startswith("둘째") for t in texts)
    assert any("wandb" in t for t in texts)
    assert not any(t.startswith("작성") for t in texts)  # the metadata line lists, too
    assert ex.short is None  # the items lead, not a phrase of one


@pytest.mark.unit
def test_english_ordinal_prose(analyzer: Analyzer) -> None:
    hit = note_hit(
        0,
        "First, small models fail cheaply. Second, freeze the eval set before training. "
        "Third, keep per-step logs.",
        "Fine-tuning retrospective > Lessons",
        lang="en",
    )
    ex = extract("What are the three lessons?", [hit], analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert "freeze the eval set" in text and "per-step logs" in text


INTRO = note_hit(
    0,
    "Three runs were compared, all with the same data:\n"
    "- Run A, full fine-tuning at 2e-5;\n"
    "- Run B, LoRA rank 16;\n"
    "- Run C, LoRA rank 64 with a longer warmup.\n"
    "Run C was kept.",
    "Adapter study > Runs",
    lang="en",
)


@pytest.mark.unit
def test_an_intro_line_leads_to_its_items() -> None:
    from notelens.answer.extractive import Candidate
    from notelens.answer.lists import list_items

    units = build_units(INTRO.text, INTRO.heading)
    cands = [Candidate(0, u.position, u.text, frozenset(), 0, 0, 0, u) for u in units]
    intro = cands[0]
    assert intro.text.endswith(":")
    got = [c.text for c in list_items(intro, cands, 8)]
    assert got == [u.text for u in units[1:4]]  # the three runs, not the closing sentence


PAPERS = note_hit(
    0,
    "1. Sparse Heads at Scale(2024)\n"
    "    <details><summary>3 LINE SUMMARY</summary>\n\n"
    "    - 헤드 절반을 지워도 perplexity가 거의 그대로\n"
    "    </details>\n"
    "2. Layer Skipping for Decoders(2025)\n"
    "    <details><summary>3 LINE SUMMARY</summary>\n\n"
    "    - 뒤쪽 layer 4개를 건너뛰면 속도 1.3배\n"
    "    </details>\n",
    "Pruning",
)
OTHER = note_hit(
    1,
    "- 📜 [Lab] Pruning Adapters Quickly\n    - adapter도 pruning 가능\n"
    "- 📜 [Lab] Tiny Draft Models\n    - 작은 draft 모델\n",
    "Weekly digest > Efficiency",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "효율화 논문 목록 Pruning 섹션의 논문들은?",
        "Which papers are listed under Pruning in the efficiency list?",
    ],
)
def test_a_named_section_answers_with_its_entries(question: str, analyzer: Analyzer) -> None:
    hits = [OTHER, PAPERS]
    assert named_section(question, hits) is not None
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert "Sparse Heads at Scale" in text and "Layer Skipping for Decoders" in text


@pytest.mark.unit
def test_a_section_only_mentioned_or_an_entry_named_is_not_a_section_list() -> None:
    # "efficiency" is a word of the question, not a section it names.
    assert named_section("Which efficiency papers use pruning?", [OTHER, PAPERS]) is None
    # The question names an entry of the section: it asks about that entry's bullets.
    assert named_section("Pruning 섹션의 Layer Skipping for Decoders 요약은?", [PAPERS]) is None


@pytest.mark.unit
def test_prose_sentences_side_by_side_keep_their_short_answer() -> None:
    from notelens.answer.extractive import Candidate
    from notelens.answer.lists import items_lead

    units = build_units(LESSONS.text + " 결과는 좋았다. 다음에도 쓴다.", LESSONS.heading)
    cands = [Candidate(0, u.position, u.text, frozenset(), 0, 0, 0, u) for u in units]
    ordinals = [c for c in cands if ordinal(c.text)]
    assert items_lead(ordinals, 3)
    assert not items_lead(cands[-3:], 3)  # plain prose sentences
    assert not items_lead(ordinals[:2], 3)
