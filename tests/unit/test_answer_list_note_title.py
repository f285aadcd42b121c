"""A list asked for by its place in a note the question names (answer/ordinal_items.py
``list_rank``, twenty-ninth round).

Notes invented for the test: "study-notes", whose README lists its topics under the
note's title alone (no heading of their own: a Korean intro line and its bullets, then an
English one in the next chunk), with a folder entry of its own; and "paper-archive", whose topics stand
under a heading that shares the question's words ("주로 다루는 주제"). A question that
names the note asks for that note's list; a hyphenated title is named written apart
("study notes"). Korean, English and mixed questions.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from note_hits import note_hit
from notelens.answer.ordinal_items import place_item
from notelens.answer.units import build_units
from notelens.types import Hit

pytestmark = pytest.mark.unit

ARCHIVE = replace(
    note_hit(
        0,
        "- 모델 압축: 양자화와 지식 증류\n- 추론 효율: 캐시와 배치\n",
        "paper-archive > 주로 다루는 주제",
    ),
    title="paper-archive",
    source="/notes/archive.md",
)
STUDY = replace(
    note_hit(
        1,
        "이 저장소는 주로 다음과 같은 내용을 다룹니다.\n- 토크나이저가 길이에 미치는 영향\n"
        "- 평가 지표 재현 방법\n- 장문 요약 실험 기록\n",
        "study-notes",
    ),
    title="study-notes",
    source="/notes/study.md",
)
# The README's English part, in the note's next chunk.
STUDY_EN = replace(
    note_hit(
        3,
        "Specifically, this repository covers:\n- How tokenizers affect length\n"
        "- Ways to reproduce metrics\n- Logs of long summary runs\n",
        "study-notes",
        lang="en",
    ),
    title="study-notes",
    source="/notes/study.md",
)
STUDY_FOLDERS = replace(
    note_hit(
        2,
        "- /study\n  - 스터디 발표 자료를 모아 둔 폴더입니다.\n  - Slides of the study sessions.\n",
        "study-notes > Repo Structure",
    ),
    title="study-notes",
    source="/notes/study.md",
)
HITS: list[Hit] = [ARCHIVE, STUDY, STUDY_FOLDERS, STUDY_EN]


def _item(question: str) -> str | None:
    found = place_item(question, HITS, [build_units(h.text, h.heading) for h in HITS])
    return found.unit.text if found is not None else None


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # The note named: its own list, though the other note's heading shares more words.
        ("study-notes에서 다루는 주제 첫번째 항목 알려줘", "토크나이저가 길이에 미치는 영향"),
        # A hyphenated title written apart names it too; the English intro ("covers")
        # tells its English list from the Korean one and from the folder's two lines.
        ("Second topic the study notes README says it covers?", "Ways to reproduce metrics"),
        ("study notes에서 다루는 주제 세 번째 항목", "장문 요약 실험 기록"),
        # No note named: the list whose heading the question writes, as before.
        ("주로 다루는 주제 첫번째 항목", "모델 압축: 양자화와 지식 증류"),
        ("paper-archive 주로 다루는 주제 마지막 항목", "추론 효율: 캐시와 배치"),
    ],
)
def test_the_named_notes_list_answers(question: str, answer: str) -> None:
    assert _item(question) == answer


# A README whose last topic bullet names several things inline.
PATTERNS = replace(
    note_hit(
        4,
        "다루는 주제:\n- 토크나이저 비교\n- 모델 내부 동작과 ROUGE, BERTScore, METEOR 등의 지표 관찰\n",
        "metric-notes",
    ),
    title="metric-notes",
    source="/notes/metric.md",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # A bullet counted: the whole line, not the last name written inside it.
        (
            "metric-notes 마지막 주제 bullet에 나오는 지표들",
            "모델 내부 동작과 ROUGE, BERTScore, METEOR 등의 지표 관찰",
        ),
        (
            "What does the last topic bullet of metric-notes observe besides 지표?",
            "모델 내부 동작과 ROUGE, BERTScore, METEOR 등의 지표 관찰",
        ),
        (
            "metric notes last bullet: what does it 관찰?",
            "모델 내부 동작과 ROUGE, BERTScore, METEOR 등의 지표 관찰",
        ),
        # A name counted: the run of names inside the line, as before.
        ("metric-notes 지표 관찰에 나오는 것 중 마지막 거", "METEOR"),
    ],
)
def test_a_counted_bullet_is_a_whole_line(question: str, answer: str) -> None:
    hits = [PATTERNS]
    found = place_item(question, hits, [build_units(h.text, h.heading) for h in hits])
    assert found is not None and found.unit.text == answer


# A paper list's "Fine Tuning" section, and a README folder line that names fine-tuning
# methods inline.
SECTION = replace(
    note_hit(5, "1. Clinical PEFT(2023)\n2. Adapter Study(2022)\n", "paper list > Fine Tuning"),
    title="paper list",
    source="/notes/papers.md",
)
FOLDER_LINE = replace(
    note_hit(
        6,
        "- /papers\n  - 논문 단위 정리.\n  - Efficient fine-tuning (Adapter, Prefix-Tuning, LoRA, QLoRA)\n",
        "paper-notes > Repo Structure",
    ),
    title="paper-notes",
    source="/notes/readme.md",
)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("What's the first entry under Fine Tuning in the paper list?", "Clinical PEFT(2023)"),
        ("paper list의 Fine Tuning 섹션 첫 항목", "Clinical PEFT(2023)"),
        ("Fine Tuning 섹션의 first entry?", "Clinical PEFT(2023)"),
    ],
)
def test_a_hyphenated_word_of_a_line_is_no_heading(question: str, answer: str) -> None:
    # "fine-tuning" in a line is read apart only where it is the note's title.
    hits = [SECTION, FOLDER_LINE]
    found = place_item(question, hits, [build_units(h.text, h.heading) for h in hits])
    assert found is not None and found.unit.text == answer
