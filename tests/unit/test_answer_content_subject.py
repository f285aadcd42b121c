"""A question of what the notes say about an entry, quoted from a unit that never names it
(answer/content_subject.py, issue #15, thirtieth round).

Texts invented for the test: a README line that describes the paper list's layout, an
entry's summary under its title, and another entry's summary. Korean, English and mixed.
"""

from __future__ import annotations

import pytest

from notelens.answer.content_subject import subject_unnamed

pytestmark = pytest.mark.unit

README_LINE = "papers > 논문 단위 정리. 항목마다 3 LINE SUMMARY를 붙입니다."
WREN_ITEM = "Methods > Wrenfield Prompting(2023) > 3 LINE SUMMARY 질문을 그래프로 바꿔 추론함."
HERON_ITEM = "Red Teaming > Heron Guard(2023) > 3 LINE SUMMARY 입력과 출력을 분류하는 모델."


@pytest.mark.parametrize(
    ("question", "unit", "unnamed"),
    [
        # The layout's words are written, the entry is not: the unit is about the list.
        ("Qorvo 3 LINE SUMMARY 내용 알려줘", README_LINE, True),
        ("Qorvo의 3 LINE SUMMARY 요약해줘", HERON_ITEM, True),
        # No layout word asked, or the unit writes none of those asked: another rule's.
        ("Wrenfield Prompting 3줄 요약 뭐야?", HERON_ITEM, False),
        ("Summarise the Qorvo entry of the paper list.", README_LINE, False),
        # The entry named in the unit's context (its title above the bullet).
        ("Wrenfield Prompting 3 LINE SUMMARY 내용 알려줘", WREN_ITEM, False),
        ("Summarise Heron Guard's 3 LINE SUMMARY.", HERON_ITEM, False),
        # An acronym spelled out by the unit.
        (
            "WRP 3 LINE SUMMARY 요약해줘",
            "Wrenfield Retrieval Prompting > 3 LINE SUMMARY 추론함.",
            False,
        ),
        # Not a content question, or no subject in Latin letters.
        ("Qorvo 몇 년도 논문이야?", README_LINE, False),
        ("개요 노트 요약해줘", README_LINE, False),
        ("3 LINE SUMMARY 내용 알려줘", README_LINE, False),
        # "논문정리" names the note: a place asked in it asks no content.
        ("논문정리 Methods 6번 항목", README_LINE, False),
    ],
)
def test_subject_unnamed(question: str, unit: str, unnamed: bool) -> None:
    assert subject_unnamed(question, unit) is unnamed
