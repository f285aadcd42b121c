"""Near misses of the twenty-seventh round (issue #15): a value asked as a number whose
passage writes none (answer/numberless.py), and a list's item asked at a place past the
list's end (answer/past_end.py).

Notes invented for the test: an overview entry on a code model that rates it nowhere, a
benchmark note that writes its scores, a four-item numbered checklist, a plain-bullet list
of three methods, and a numbered list that fills its chunk (it may go on in the next).
Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.asked_nowhere import ECHO_PENALTY
from notelens.answer.extractive import extract
from notelens.answer.members import SIBLING_PENALTY
from notelens.answer.numberless import asks_value, numberless_factor, writes_number
from notelens.answer.past_end import past_end_factor
from notelens.types import Hit

pytestmark = pytest.mark.unit

CODER = note_hit(
    0,
    "- CodeHeron:\n  - 경시 대회 문제 풀이에 맞춘 코드 모델로, 긴 프로그램도 생성할 수 있음.\n",
    "개요 > 1. 코드 모델",
)
BENCH = note_hit(
    1,
    "- CodeHeron: pass@1 41.5, 대회 상위 28%\n- Finch: pass@1 33.0\n",
    "평가 메모 > 코드 벤치마크",
)
PROSE = note_hit(
    2,
    "The Heron study evaluates the assistant on summarisation, translation and question "
    "answering, and discusses where it falls short of task-specific systems.",
    "Overview > Evaluation > A study of the Heron assistant",
    lang="en",
)
KIT = note_hit(
    3,
    "1. 서버\n- GPU 노드\n2. 모니터링 대시보드\n3. 캐시 계층\n4. 롤백 스크립트\n",
    "운영 메모 > 배포 준비물",
)
METHODS = note_hit(
    4,
    "- Prompt Tuning\n- Prefix Tuning\n- Adapter\n\nEach method trains a small part of the model.",
    "Overview > Tuning methods",
    lang="en",
)
# A numbered list that fills its chunk to the chunker's size: its fifth item may be in the
# note's next chunk.
LONG = note_hit(
    5,
    "".join(
        f"{i}. 논문 {chr(64 + i)}: " + "요약 문장을 길게 씁니다. " * 9 + "\n" for i in range(1, 5)
    ),
    "논문 목록 > 읽을 논문",
)


@pytest.mark.parametrize(
    "question",
    [
        "CodeHeron 대회 몇 등 했어?",
        "What score did CodeHeron get on the contest set?",
        "CodeHeron 정확도 몇 %야?",
        "What accuracy did the Heron study report for translation?",
        "Heron 모델 성능 몇 배 빨라졌어?",
    ],
)
def test_a_value_asked(question: str) -> None:
    assert asks_value(question)


@pytest.mark.parametrize(
    "question",
    [
        # A count: a list answers it by its items.
        "CodeHeron가 평가하는 skill 몇 개야?",
        "How many methods are listed under Tuning methods?",
        "튜닝 방법 몇 가지 있어?",
        # No value asked.
        "CodeHeron는 어떤 모델이야?",
        "What does the Heron study evaluate?",
    ],
)
def test_no_value_asked(question: str) -> None:
    assert not asks_value(question)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("pass@1 41.5", True),
        ("대회 상위 28%", True),
        ("두 단계로 나눠 학습", True),
        ("improves it three times over", True),
        ("GPT-4와 비교", True),
        # A list's or a heading's numbering is the item's place, no value.
        ("개요 > 1. 코드 모델\n1. 서버\n- GPU 노드", False),
        ("경시 대회 문제 풀이에 맞춘 코드 모델", False),
        ("The study discusses where it falls short.", False),
    ],
)
def test_a_number_written(text: str, written: bool) -> None:
    assert writes_number(text) is written


@pytest.mark.parametrize(
    ("question", "passage", "factor"),
    [
        ("CodeHeron 대회 몇 등 했어?", f"{CODER.heading}\n{CODER.text}", 1.0 - ECHO_PENALTY),
        ("CodeHeron 대회 몇 등 했어?", f"{BENCH.heading}\n{BENCH.text}", 1.0),
        ("What score did the Heron study give?", f"{PROSE.heading}\n{PROSE.text}", 0.3),
        ("Heron study에서 정확도 몇 %였어?", f"{PROSE.heading}\n{PROSE.text}", 0.3),
        # A count is left alone over the same passage.
        ("Heron study 평가 task 몇 개야?", f"{PROSE.heading}\n{PROSE.text}", 1.0),
    ],
)
def test_numberless_factor(question: str, passage: str, factor: float) -> None:
    assert numberless_factor(question, passage) == pytest.approx(factor)


@pytest.mark.parametrize(
    ("question", "hits", "factor"),
    [
        # Four numbered items: the fifth is past the end, the fourth is there.
        ("배포 준비물 다섯 번째는 뭐야?", [KIT], 1.0 - SIBLING_PENALTY),
        ("배포 준비물 5번 항목?", [KIT], 1.0 - SIBLING_PENALTY),
        ("배포 준비물 네 번째는 뭐야?", [KIT], 1.0),
        ("배포 준비물 마지막 거?", [KIT], 1.0),
        # Three plain bullets, then a prose line that ends the list.
        ("What is the fourth item in the Tuning methods list?", [METHODS], 1.0 - SIBLING_PENALTY),
        ("Tuning methods 목록 세 번째 method?", [METHODS], 1.0),
        ("Tuning methods에서 네 번째 방법 뭐야?", [METHODS], 1.0 - SIBLING_PENALTY),
        # A list that fills its chunk may go on in the next: left alone.
        ("읽을 논문 다섯 번째는 뭐야?", [LONG], 1.0),
        # No list the question names.
        ("평가 메모 다섯 번째 항목?", [KIT], 1.0),
    ],
)
def test_past_end_factor(question: str, hits: list[Hit], factor: float) -> None:
    assert past_end_factor(question, hits) == pytest.approx(factor)


@pytest.mark.parametrize(
    ("question", "hits"),
    [
        ("배포 준비물 다섯 번째는 뭐야?", [KIT]),
        ("What score did the Heron study give the assistant?", [PROSE]),
        ("CodeHeron 경시 대회 몇 등 했다고 써있어?", [CODER]),
    ],
)
def test_the_near_miss_is_refused(question: str, hits: list[Hit], analyzer: Analyzer) -> None:
    assert extract(question, hits, analyzer=analyzer, embedder=None).strength < 0.36


def test_the_answer_stands(analyzer: Analyzer) -> None:
    # (Without an embedder a score's strength rests on coverage alone: the value asked
    # in the notes is read by ``test_numberless_factor`` over the benchmark note.)
    assert (
        extract("배포 준비물 네 번째는 뭐야?", [KIT], analyzer=analyzer, embedder=None).strength
        >= 0.36
    )
