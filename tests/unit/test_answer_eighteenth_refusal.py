"""Near misses of the eighteenth round (docs/benchmarks.md "Refusals that hold on new
questions, eighteenth round"): attributes real notes keep for some entries only (a
venue, a note's writer, a model's maker asked with 어디, a period's end, the GPUs a run
used: answer/note_attributes.py), a release number followed by a Korean count
("X Guard 2 3줄 요약"), a language asked for read as no entry, and a value written
nowhere around the answer (a measure, a date, a bare name: answer/asked_nowhere.py).
Korean, English and mixed questions over notes written for the test; the last tests run
the extractor with real Kiwi and e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.asked_nowhere import (
    ECHO_PENALTY,
    NOWHERE_PENALTY,
    date_nowhere,
    echoed,
    measure_nowhere,
    nowhere_factor,
    writer_nowhere,
)
from notelens.answer.extractive import extract
from notelens.answer.refusal import (
    ATTRIBUTE_PENALTY,
    ENTRY_PENALTY,
    asked_attribute,
    attribute_stated,
    entry_factor,
    known_measure,
    measure_factor,
    qualifiers,
)
from notelens.answer.unqualified import numbered_missing, numbered_names
from notelens.config import AnswerConfig
from notelens.embed.base import Embedder


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Which conference was the Gorae-3B paper published at?", "venue"),
        ("What venue did the Pelican paper appear in?", "venue"),
        ("Gorae-3B 논문은 어느 학회에 나왔어?", "venue"),
        ("Gorae 논문 어디에 게재됐어?", "venue"),
        ("Kestrel은 어디서 만든 모델이야?", "maker"),
        ("Kestrel 어디에서 개발했어?", "maker"),
        ("독서 모임 종료일 언제야?", "end"),
        ("과제 마감은 언제야?", "end"),
        # An event's completion is a date the unit writes with any verb.
        ("When did the 3B pretraining finish?", None),
        ("What is the deadline for the report?", "end"),
        ("Kestrel 학습에 쓴 GPU 수는?", "gpus"),
        ("GPU 몇 장 썼어?", "gpus"),
        ("How many GPUs did the Kestrel run use?", None),  # counted.py's
        # A paper's authors stay "authors"; a talk's place, a GPU cost, demand are none
        # of these.
        ("Gorae 논문 저자는 누구야?", "authors"),
        ("스터디는 어디서 발표해?", None),
        ("학습에 든 GPU 비용은?", "cost"),
        ("GPU 수요는 왜 늘었어?", None),
        ("스터디 언제 시작해?", None),
    ],
)
def test_the_attributes_are_asked(question: str, attribute: str | None) -> None:
    assert asked_attribute(question) == attribute


@pytest.mark.unit
@pytest.mark.parametrize(
    ("attribute", "text", "stated"),
    [
        ("venue", "Gorae-3B (EMNLP 2025 Findings)", True),
        ("venue", "ACL 2024 main에 accepted at", True),
        ("venue", "2025년 한국정보과학회 학술대회 발표", True),
        ("venue", "3주차 · Paper: Gorae-3B · Lab: Baekdu · arXiv 2025 Mar", False),
        ("maker", "Kestrel (Mistral AI)", True),
        ("maker", "Baekdu Labs에서 공개한 모델", True),
        ("maker", "frontier 모델(Kestrel, Osprey 계열)은 비슷함", False),
        ("end", "기간: 2026 3/2 ~ 6/15", True),
        ("end", "6월 15일 종료", True),
        ("end", "runs until June 15", True),
        ("end", "사전학습 완료 (5/4)", True),
        ("end", "2026 3/2 ~", False),
        ("end", "5주차 · Paper: Gorae-3B · arXiv 2025 Mar", False),
        ("gpus", "A100 64장으로 3일", True),
        ("gpus", "trained on 8×H100", True),
        ("gpus", "GPU 8대", True),
        ("gpus", "GPU memory 사용량을 3배 줄임", False),
        ("gpus", "데이터를 절반만 쓰고도 정확도 향상", False),
    ],
)
def test_the_attribute_values(attribute: str, text: str, stated: bool) -> None:
    assert attribute_stated(attribute, text) is stated


@pytest.mark.unit
def test_the_note_attributes_are_not_read_over_prose() -> None:
    prose = "그 대회는 1953년 여름에 막을 내렸다."
    assert measure_factor("대회 종료일 언제야?", prose, "sentence") == 1.0
    assert measure_factor("대회 종료일 언제야?", "- 대회 1953 6/1 ~", "item") == pytest.approx(
        1.0 - ATTRIBUTE_PENALTY
    )


@pytest.mark.unit
def test_a_release_number_before_a_korean_count_is_read() -> None:
    question = "Falcon Guard 2 3줄 요약 알려줘"
    assert ("Guard", "2") in qualifiers(question)
    assert numbered_names(question) == [("Falcon Guard", "2")]
    assert numbered_missing(question, "Falcon Guard: a 7B safety classifier")
    assert not numbered_missing(question, "Falcon Guard 2: 새 taxonomy로 재학습")
    # Mixed: a count glued to its Korean counter after an English name ("2 3개").
    assert numbered_names("Falcon Guard 2 3개 카테고리 뭐야?") == [("Falcon Guard", "2")]
    # A bare count is still no release ("GPU 8장" counts GPUs).
    assert numbered_names("GPU 8장 썼어?") == []


@pytest.mark.unit
def test_a_language_asked_for_is_no_entry() -> None:
    hits = [
        note_hit(0, "- 예외 행동 분석 (Analysis of Odd Model Behaviour)\n", "notes-hub"),
        note_hit(1, "- Korean tokenizer 비교\n", "tokenizers"),
    ]
    question = "What is the Korean name of the odd behaviour section in notes-hub?"
    assert entry_factor(question, hits, 0, "item") == 1.0
    # A real entity another passage names still moves the unit to its entry.
    other = "What is the Korean name of the Kiwi tokenizer section?"
    hits2 = [*hits, note_hit(2, "- Kiwi 형태소 분석기\n", "tokenizers")]
    assert entry_factor(other, hits2, 0, "item") == pytest.approx(1.0 - ENTRY_PENALTY)


@pytest.mark.unit
def test_a_measure_or_date_written_nowhere() -> None:
    assert measure_nowhere("발표 시간 몇 분이야?", "- 2026 3/2 ~\n- 장소: 3층 세미나실")
    assert not measure_nowhere("발표 시간 몇 분이야?", "- 발표 40분, 질의 10분")
    assert not measure_nowhere("발표자는 누구야?", "- 2026 3/2 ~")
    # A typed counter with its ending ("몇개로도", "몇 년도야") is no measure to look for.
    assert known_measure("fps") and known_measure("분") and known_measure("%")
    assert not known_measure("개로도") and not known_measure("년도야")
    assert not measure_nowhere("참조 비디오 몇개로도 학습돼?", "- 적은 수의 비디오(N=50)로 학습")
    # Scores and shares are written bare ("KoSTS 86.7").
    assert not measure_nowhere("KoSTS 점수 몇 점이야?", "- KoSTS 86.7")
    assert not measure_nowhere("정확도 몇 %야?", "- acc 71.2")
    assert date_nowhere("date", "이 글 언제 썼어?", "notes-hub\n- /papers: 리뷰 모음")
    assert date_nowhere("date", "When was the post written?", "notes-hub\n- /papers")
    assert not date_nowhere("date", "이 글 언제 썼어?", "Weekly digest 2026-W18\n- 리뷰 모음")
    # A time or a relative day answers "when" too.
    assert not date_nowhere("date", "슬라이드 언제까지 올려?", "- 발표 전날 밤 10시까지 공유")
    assert not date_nowhere("date", "When is the sync?", "- every Tuesday at 3 pm")
    # A question typed "date" by another word asks no date.
    assert not date_nowhere("date", "연도별 파일이 길면 생기는 문제는?", "- 줄 번호가 틀림")
    assert not date_nowhere("person", "누가 썼어?", "notes-hub")


@pytest.mark.unit
def test_a_writer_no_quoted_unit_names() -> None:
    assert asked_attribute("이 저장소 작성자 이름 뭐야?") is None  # read over every unit
    assert writer_nowhere("notes-hub 저자 이름 뭐야?", "/papers: 논문 리뷰와 분석을 모아 둠")
    assert writer_nowhere("Who maintains this repo?", "- Repo layout: /papers, /other")
    assert not writer_nowhere("notes-hub 저자는 누구야?", "Maintained by Daniel Osei")
    assert not writer_nowhere("Quiet Gates 저자 누구", "- 저자: Mina Park, 오태민")
    # Not asked: the authors' opinion, a paper's authors ("authors").
    assert not writer_nowhere("Lumen-3 저자들은 무엇이 중요하다고 봐?", "- 리뷰")
    factor = nowhere_factor(
        "이 저장소 작성자 이름 뭐야?", "person", "item", "", "", False, "- 목록"
    )
    assert factor == pytest.approx(1.0 - ECHO_PENALTY)


def _terms(text: str) -> list[str]:
    return [w.lower() for w in text.replace("[", " ").replace("]", " ").split()]


@pytest.mark.unit
def test_a_bare_name_echoes_the_question() -> None:
    question_terms = _terms("Ring Attention 2 정리 내용 알려줘")
    assert echoed(question_terms, ["[Ring Attention 2]"], _terms)
    assert not echoed(question_terms, ["[Ring Attention 2] blockwise 병렬"], _terms)
    assert not echoed(question_terms, [], _terms)
    factor = nowhere_factor("Ring Attention 2 정리 내용 알려줘", "other", "item", "", "", True)
    assert factor == pytest.approx(1.0 - ECHO_PENALTY)
    english = "Summarise what the notes say about Ring Attention 2"
    assert nowhere_factor(english, "other", "item", "", "", True) == pytest.approx(
        1.0 - ECHO_PENALTY
    )
    # Only a question of what the note says: a yes/no question is answered by the bare
    # name, a question of its place by its heading path; prose is left alone.
    assert (
        nowhere_factor("Ring Attention 2는 어떤 항목 밑이야?", "other", "item", "", "", True) == 1.0
    )
    assert nowhere_factor("Ring Attention 2 목록에 있어?", "other", "item", "", "", True) == 1.0
    place = "Under which heading is Ring Attention 2 listed?"
    assert nowhere_factor(place, "other", "item", "", "", True) == 1.0
    assert nowhere_factor("Ring Attention 2 정리해 줘", "other", "sentence", "", "", True) == 1.0
    assert nowhere_factor("몇 분이야?", "number", "item", "- 3층", "", False) == pytest.approx(
        1.0 - NOWHERE_PENALTY
    )


# -- the extractor -----------------------------------------------------------------------

HITS = [
    note_hit(
        0,
        "| 주차 | Paper | Lab | arXiv | 발표 |\n| -- | -- | -- | -- | -- |\n"
        "| 3 | Gorae-3B: A Bilingual Small Model | Baekdu Labs | 2025 Mar | 한결 |\n"
        "| 4 | Pelican-Embed: Dense Retrieval | Ostrava AI | 2025 Apr | 민서 |\n",
        "[스터디] 작은 모델 읽기 > 발표 순서",
    ),
    note_hit(1, "- 기간 (예정)\n    - 2026 3/2 ~\n- 장소: 온라인\n", "[스터디] 작은 모델 읽기"),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    "question",
    [
        "Which conference was the Gorae-3B paper published at?",
        "Gorae-3B 논문은 어느 학회에 나왔어?",
        "작은 모델 읽기 스터디 종료일 언제야?",
        "작은 모델 읽기 발표 시간 몇 분이야?",
    ],
)
def test_an_attribute_no_entry_gives_is_refused(
    question: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert ex.strength < AnswerConfig().refuse_below


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Who presented the Gorae-3B paper?", "한결"),
        ("Gorae-3B 논문은 어느 연구소에서 나왔어?", "Baekdu"),
        ("Gorae-3B 논문 arXiv에 언제 올라왔어?", "2025 Mar"),
    ],
)
def test_the_facts_the_notes_give_are_answered(
    question: str, value: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert value in ex.sentences[0].text
    assert ex.strength >= AnswerConfig().refuse_below
