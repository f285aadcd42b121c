"""A list question that names a sub-section by its heading ("MoE terms", "회의 할 일").

The answer's best unit often lands on the note's intro or the meeting's info bullets,
while the list asked for sits under a ``## MoE`` / ``### 할 일`` heading below it:
``lists.asked_heading_items`` takes that heading's bullets, only below the best passage
(another meeting's ``### 할 일`` is a sibling, not the asked one; the best passage's own
bullets are ``list_items``'), never a section with a table, never when the question
names one of its bullets. Real store types, real Kiwi;
Korean, English and mixed questions.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import extract
from notelens.answer.lists import asked_heading_items

# The intro names the list (and the question's words) better than the list itself does:
# the best unit lands on it, and only the heading rule quotes the bold terms.
GLOSSARY = note_hit(
    0,
    "연구실 신입용 용어집.\n\n"
    "형식: 새 MoE 용어는 굵은 글씨 목록 (bold list), 오래된 용어는 설명 한 줄.\n",
    "용어집 (glossary) — 서빙·MoE",
)
MOE = note_hit(
    1,
    "전문가 혼합 (mixture of experts): 여러 FFN 중 일부만 토큰마다 골라 쓰는 구조.\n\n"
    "- **Load-balancing loss** — expert 사용량이 고르도록 주는 보조 손실.\n"
    "- **Router z-loss** — router logit이 너무 커지지 않게 누르는 손실.\n"
    "- **Dead expert** — 학습 중 거의 선택되지 않는 expert.\n",
    "용어집 (glossary) — 서빙·MoE > MoE",
)
SEP08 = note_hit(
    0,
    "- 날짜: 2026년 9월 8일 14:00\n- 참석자: 정우석, 윤서진, 박도현\n",
    "연구실 회의록 > 2026-09-08 (월) 회의",
)
SEP22_TODO = note_hit(
    1,
    "- [ ] 윤서진: γ 측정 — 9/30까지\n- [ ] 한지유: tree attention 조사 — 10/31까지\n",
    "연구실 회의록 > 2026-09-22 (월) 회의 > 할 일",
)
SEP08_TODO = note_hit(
    2,
    "- [ ] 박도현: 평가셋 초안 — 9/19까지\n- [ ] 한지유: 스터디 일정표 공유 — 9/12까지\n",
    "연구실 회의록 > 2026-09-08 (월) 회의 > 할 일",
)
COHORT = note_hit(
    1,
    "| Session | Reading | Presenter |\n|---|---|---|\n| E1 | Switch Transformers | Daniel |\n"
    "| E2 | Expert offloading | Daniel |\n\n"
    "- The cohort has 2 sessions.\n- Recordings: kept 30 days.\n",
    "MoE 모임 > English cohort",
)


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Which MoE terms does the glossary list in bold?",
        "용어집의 MoE 용어 목록은?",
        "glossary에서 굵은 글씨 MoE 용어들은?",
    ],
)
def test_a_named_sub_heading_answers_with_its_bullets(question: str, analyzer: Analyzer) -> None:
    found = asked_heading_items(question, [GLOSSARY, MOE], 0)
    assert found is not None
    assert [u.text.split(" — ")[0] for u in found[1]] == [
        "Load-balancing loss",
        "Router z-loss",
        "Dead expert",
    ]
    ex = extract(question, [GLOSSARY, MOE], analyzer=analyzer, embedder=None)
    text = " ".join(c.text for c in ex.sentences)
    assert all(t in text for t in ("Load-balancing loss", "Router z-loss", "Dead expert"))
    assert "형식:" not in text  # the intro line the best unit was


@pytest.mark.unit
def test_only_the_heading_below_the_best_passage_not_a_sibling_meeting() -> None:
    hits = [SEP08, SEP22_TODO, SEP08_TODO]
    found = asked_heading_items("9월 8일 회의 할 일 목록 알려줘", hits, 0)
    assert found is not None
    assert found[0] == 2  # 9/08's own 할 일, though 9/22's ranks higher
    assert "박도현" in found[1][0].text
    # Best on the 9/22 list itself: its own bullets are list_items' (its best unit may
    # be the answer), not this rule's.
    assert asked_heading_items("9월 22일 회의 할 일들은?", hits, 1) is None


@pytest.mark.unit
def test_a_table_a_named_bullet_or_an_unnamed_heading_is_no_heading_list() -> None:
    # The readings are the cohort table's rows, which rows.py answers.
    assert asked_heading_items("Which readings are in the English cohort?", [COHORT], 0) is None
    # The question asks about one bullet of the section.
    assert asked_heading_items("What is Router z-loss in the MoE glossary?", [MOE], 0) is None
    # "MoEs" is not the heading "MoE"; no heading is named at all.
    assert asked_heading_items("Which terms do MoEs use?", [GLOSSARY, MOE], 0) is None
    assert asked_heading_items("용어집 목록은?", [GLOSSARY, MOE], 0) is None
