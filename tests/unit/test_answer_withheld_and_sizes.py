"""Refusals of the eleventh round (docs/benchmarks.md "Refusals, eleventh round"):

- a measure is no name (answer/grounding.py ``latin_names``): a lone letter ("몇 B로",
  the English "I"), a measure symbol ("48 GB") or the word a Korean count question
  counts in ("몇 GPU로"), for every name check at once;
- a season of the year is a member (answer/members.py): "the spring season" over a
  group's Autumn page answers for a sibling; a metric with its value ("WER 4.1%") is
  no release;
- a parameter count read off another model's name ("Halla-13B" for Halla-2, a
  backbone's "Tern-7B") is no value of the asked model (answer/refusal.py
  ``own_sizes``);
- a sentence naming the subject and saying its value is withheld answers that there is
  none (answer/unsettled.py ``withheld``).

Korean, English and mixed questions; the integration tests run the extractor with real
Kiwi and e5 over made-up notes.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.grounding import latin_names
from notelens.answer.members import members, sibling_only
from notelens.answer.refusal import entry_factor, key_entities, measure_factor, own_sizes
from notelens.answer.unsettled import OPEN_PENALTY, open_factor, withheld
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder

THRESHOLD = AnswerConfig().refuse_below


@pytest.mark.unit
@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        # The measure a Korean question counts in, and a lone letter.
        ("Lumen-KO 데이터 용량은 몇 GB야?", {"lumen-ko"}),
        ("Quartz-7B에서 reward model은 몇 B를 썼어?", {"quartz-7b"}),
        ("Quartz-7B는 FP8에서 몇 TFLOPs를 내?", {"quartz-7b", "fp8"}),
        # English: the pronoun "I" and a measure after its number; "GPUs" counted in an
        # English question is still a name (the notes may write it in Korean).
        ("In which month did I log the Quartz paper?", {"quartz"}),
        ("Quartz-7B needs 48 GB and 30 FPS on one GPU", {"quartz-7b", "gpu"}),
        ("How many GPUs did Quartz-7B use?", {"quartz-7b", "gpus"}),
        # Mixed: the names stay (a size glued to a name is one).
        ("QLoRA면 65B 모델을 몇 GB GPU 한 장으로 튜닝해?", {"qlora", "65b", "gpu"}),
    ],
)
def test_a_measure_is_no_name(sentence: str, names: set[str]) -> None:
    assert latin_names(sentence) == names


@pytest.mark.unit
def test_key_entities_and_the_entry_rule_leave_the_measure_out() -> None:
    assert key_entities("Quartz-7B에서 reward model은 몇 B를 썼어?", None) == ["quartz-7b"]
    # "B" written alone by another passage no longer reads as the entry's missing name.
    hits = [
        note_hit(0, "- Quartz-7B: reward model 6B 사용\n", "archive > Quartz-7B"),
        note_hit(1, "- B: 다음 주 발표 후보\n", "메모 > Quartz-7B 후속"),
    ]
    assert entry_factor("Quartz-7B에서 reward model은 몇 B를 썼어?", hits, 0, "item") == 1.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("When does the spring season of the reading group start?", [("spring", "계절")]),
        ("Agents Reading Group — Autumn 2025 > Logistics", [("autumn", "계절")]),
        ("스터디 시즌1(2024 가을) 기록", [("1", "시즌"), ("autumn", "계절")]),
        ("봄 학기 모임은 언제 시작해?", [("spring", "계절")]),
        ("Fall 2025 cohort, fall semester", [("autumn", "계절"), ("autumn", "계절")]),
        # The verb "fall", a word that only holds a season's syllable, a holiday.
        ("Why did the loss fall after step 200?", []),
        ("돌봄 로봇, 여름방학 특강", []),
        # A metric with its value is no release; a release still is.
        ("WER 4.1%로 가장 낮음, BLEU 27.3", []),
        ("LC win rate가 DPO 41.8%에서 47.3%로", []),
        ("Relay 0.8 release notes, CUDA 12.1", [("0.8", "relay"), ("12.1", "cuda")]),
    ],
)
def test_seasons_and_metric_values(text: str, found: list[tuple[str, str]]) -> None:
    assert members(text) == found


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "unit", "context", "sibling"),
    [
        (
            "When does the spring season of the reading group start?",
            "The season budget is 1,200 USD",
            "Agents Reading Group — Autumn 2025 > Logistics",
            True,
        ),
        (
            "When does the autumn season of the reading group start?",
            "The season budget is 1,200 USD",
            "Agents Reading Group — Autumn 2025 > Logistics",
            False,
        ),
        (
            "봄 시즌 모임은 언제 시작해?",
            "매주 목요일 17시",
            "Agents Reading Group — Fall 2025",
            True,
        ),
        (
            "reading group의 가을 시즌은 언제 시작해?",
            "9월 4일 시작",
            "Reading Group — Autumn",
            False,
        ),
    ],
)
def test_a_sibling_season(question: str, unit: str, context: str, sibling: bool) -> None:
    assert sibling_only(question, unit, context) is sibling


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "row", "context"),
    [
        # The right row, its week written in the other language or form, its season in
        # the heading: the member rule leaves it alone (the blind2 rows it refused were
        # other weeks' rows, a row lookup's miss, not a reading of the member).
        (
            "In season 1 of the preference study, which paper was read in week 2?",
            "주차: 2 주차 · 날짜: 9/14 · 논문: Learning to Summarize",
            "스터디 시즌2: RLHF 이후 > 시즌1 기록 (2024 가을)",
        ),
        ("What is the reading for week 6?", "Week: 6 · Date: Oct 9 · Reading: MemGPT", ""),
        ("6주차 reading은 뭐야?", "Week: 6 · Date: Oct 9 · Reading: MemGPT", ""),
        ("시즌2 3 주차 논문은?", "Week 3 · DPO", "선호 학습 스터디 시즌2 > 발표 순서"),
        # "W3" is no member: a digest's "2025-W41" says nothing of a question's week.
        ("What did the week 37 digest list?", "KoMMB: Best open model 61.5", "digest 2025-W41"),
    ],
)
def test_the_asked_week_in_another_form_is_no_sibling(
    question: str, row: str, context: str
) -> None:
    assert not sibling_only(question, row, context)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "left"),
    [
        # Another member's or a backbone's size: dropped.
        ("Halla-2의 파라미터 수는 몇 개야?", "Halla-13B 후속(Halla-2)", "Halla 후속(Halla-2)"),
        ("Sona 모델의 파라미터 수는?", "Sona는 Tern-7B를 씀", "Sona는 Tern를 씀"),
        (
            "What is the parameter count of Halla-2?",
            "Halla-2 follows Halla-13B",
            "Halla-2 follows Halla",
        ),
        # The question's own: the name itself, its bare base, or a qualifier it holds.
        ("Qwen의 파라미터 수는?", "Qwen-7B와 Qwen-14B 공개", "="),
        ("Llama 2의 number of parameters는?", "Llama-2-70B와 Llama-2-7B", "="),
        ("Llama-2-7B의 파라미터 수는?", "Llama-2-7B-Chat 기준", "="),
        # No Latin name asked: nothing to tell apart.
        ("이 모델의 파라미터 수는?", "Tern-7B 기반", "="),
    ],
)
def test_own_sizes(question: str, text: str, left: str) -> None:
    assert own_sizes(question, text) == (text if left == "=" else left)


@pytest.mark.unit
def test_a_size_inside_another_name_is_no_parameter_count() -> None:
    q = "Halla-2의 파라미터 수는 몇 개야?"
    assert measure_factor(q, "Halla-13B 후속 모델(Halla-2) 학습 시작") < 1.0
    assert measure_factor(q, "Halla-2는 30B 규모, Halla-13B의 후속") == 1.0
    assert measure_factor("What is the parameter count of Sona?", "Sona uses Tern-7B") < 1.0


VENDOR = 'a commercial API model we call "Vendor-X" here, because the contract forbids naming it'


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "text", "is_withheld"),
    [
        ("What is the real name of Vendor-X?", VENDOR, True),
        ("Vendor-X의 실제 이름은 뭐야?", VENDOR, True),
        ("Halla-2 학습 데이터는 뭐야?", "Halla-2 학습 데이터 구성은 비공개", True),
        ("Halla-2는 몇 B야?", "Halla-2 규모는 아직 공개하지 않음", True),
        # The withholding sentence names another subject, or none: a meeting's block
        # whose last line withholds another item's details.
        ("What is the real name of Vendor-Y?", VENDOR, False),
        (
            "Halla-2 학습은 언제 시작해?",
            "Halla-2 학습 시작. 이번 회의에서는 세부 사항 공유 불가",
            False,
        ),
        ("다음 회의는 언제야?", "다음 회의 10/21. 세부 사항 공유 불가", False),
        # A question about the withholding itself is answered by it.
        ("Why is Vendor-X not named?", VENDOR, False),
        ("Vendor-X 이름은 왜 공개하지 않아?", VENDOR, False),
    ],
)
def test_withheld(question: str, text: str, is_withheld: bool) -> None:
    assert withheld(question, text) is is_withheld


@pytest.mark.unit
def test_the_withheld_factor() -> None:
    assert open_factor("What is the real name of Vendor-X?", VENDOR) == pytest.approx(
        1 - OPEN_PENALTY
    )
    named = 'a commercial API model we call "Vendor-X" here: it is Quartz-Pro-2'
    assert open_factor("What is the real name of Vendor-X?", named) == 1.0


HITS = [
    note_hit(
        0,
        "| Week | Date | Reading | Presenter |\n|---|---|---|---|\n"
        "| 1 | Sep 4 | ReAct | Priya Raman |\n| 2 | Sep 11 | Toolformer | Tomas Lindqvist |\n",
        "Agents Reading Group — Autumn 2025 > Schedule",
        lang="en",
    ),
    note_hit(
        1,
        "- 권태호: Halla-13B 후속 모델(Halla-2) 학습 시작. 결과는 내년 2월 예상\n"
        "- Quartz-7B는 파라미터 7B, 학습 토큰 2T\n",
        "주간 회의록 > 기타",
    ),
    note_hit(
        2,
        "We compare three models. Quartz-7B, an open model. A commercial API model we call"
        ' "Vendor-X" here, because the contract forbids publishing its name.\n',
        "Notes on evaluating code models > The models we compare",
        lang="en",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "When does the spring season of the agents reading group start?",
        "agents reading group 봄 시즌은 언제 시작해?",
        "Halla-2의 파라미터 수는 몇 개야?",
        "What is the parameter count of Halla-2?",
        "What is the real name of Vendor-X?",
        "Vendor-X의 real name은 뭐야?",
    ],
)
def test_the_near_misses_are_refused(question: str, analyzer: Analyzer, embedder: Embedder) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert ex.strength < THRESHOLD


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Who presented Toolformer in the autumn season of the agents reading group?", "Tomas"),
        ("Quartz-7B의 파라미터 수는 몇 개야?", "7B"),
        ("What is the parameter count of Quartz-7B?", "7B"),
        ("In which week did I read Toolformer in the agents reading group?", "2"),
    ],
)
def test_the_value_the_notes_give_is_answered(
    question: str, value: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder)
    assert value in ex.sentences[ex.lead].text
    assert ex.strength >= THRESHOLD
