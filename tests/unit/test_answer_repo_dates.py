"""A date asked of the notes' repo or its README over README sentences that write none
(``asked_nowhere.repo_date_nowhere``, issue #15, thirtieth round).

Texts invented for the test: README sentences with and without a date. Korean, English
and mixed questions.
"""

from __future__ import annotations

import pytest

from notelens.answer.asked_nowhere import repo_date_nowhere
from notelens.answer.qtype import answer_type

pytestmark = pytest.mark.unit

NO_DATE = (
    "quill-notes\nThis repository keeps what I read. 읽은 자료를 기록하는 용도의 저장소입니다."
)
DATED = "quill-notes\n2025.01.05부터 정리하기 시작한 저장소입니다."
WEEKLY = "quill-notes\n링크 모음은 매주 일요일 밤에 업데이트합니다."


@pytest.mark.parametrize(
    ("question", "scope", "unwritten"),
    [
        ("quill-notes 저장소 마지막 업데이트 날짜", NO_DATE, True),
        ("When was the quill-notes repository created?", NO_DATE, True),
        ("quill-notes README 언제 작성했어?", NO_DATE, True),
        # The README writes the date, or a time told by the week.
        ("quill-notes 저장소 언제 시작했어?", DATED, False),
        ("When was the quill-notes repo started?", DATED, False),
        ("quill-notes 저장소 언제 업데이트해?", WEEKLY, False),
        # No repo named, or no date asked.
        ("Orbit 논문 언제 나왔어?", NO_DATE, False),
        ("quill-notes 저장소 작성자 누구야?", NO_DATE, False),
    ],
)
def test_repo_date_nowhere(question: str, scope: str, unwritten: bool) -> None:
    kind = answer_type(question).kind
    assert repo_date_nowhere(kind, question, scope) is unwritten
