"""The attribute a question asks the value of, and the line of an entry that names it
(answer/attributes.py, the ``_attribute`` rule of answer/candidates.py).

Notes invented for the test: a link digest whose bullets all restate the entry's model
(one names the penalty's coefficient), a study group's notice written as labelled lines,
and a reading-group transcript's header. Korean, English and mixed questions; real Kiwi,
no e5 (the cheap scores alone must tell).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive as ex
from notelens.answer.attributes import asked_attribute, attribute_share, labels_attribute
from notelens.answer.extractive import extract

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Marlin-2B 길이 penalty 계수가 얼마야?", ("penalty", "계수")),
        (
            "What length-penalty coefficient was used for Marlin-2B?",
            ("length", "penalty", "coefficient"),
        ),
        ("At what level is deduplication done?", ("level",)),
        ("Tern-7B는 공개 범위가 어땠어?", ("공개", "범위")),
        # The clause before the noun is the topic: "나온" drops out.
        ("표 세미나에서 가장 많이 나온 질문은?", ("질문",)),
        # A question written as a bare noun phrase asks its last noun.
        ("안전 학습 데이터 중 반말 비율", ("반말", "비율")),
        ("s03 seed 세 개 평균", ("개", "평균")),
        # The question word alone asks the date or the time.
        ("스터디 몇 시에 해?", ("시간",)),
        ("When was the Quill session held?", ("날짜",)),
    ],
)
def test_the_asked_attribute_is_read_from_the_question(
    question: str, words: tuple[str, ...]
) -> None:
    found = asked_attribute(question)
    assert found is not None and found.words == words, (question, found)


@pytest.mark.parametrize("question", ["이거 뭐야?", "Marlin-2B 요약해줘", "Summarize the paper"])
def test_other_questions_ask_no_attribute(question: str) -> None:
    assert asked_attribute(question) is None


@pytest.mark.parametrize(
    ("question", "text", "share"),
    [
        # The head in the note's other language or spelling ("계수" / "coefficient").
        ("What length-penalty coefficient was used?", "길이 penalty 계수는 0.002", 1.0),
        ("Marlin-2B 길이 penalty 계수가 얼마야?", "penalty coefficient 0.002", 1.0),
        ("배치 크기 기준은?", "drafting is switched off above a threshold of 24", 1.0),
        ("s03 seed 세 개 평균", "mean 6.12, std 0.03", 1.0),
        # A word before the head counts a quarter: the topic, mostly.
        ("Marlin-2B 토크나이저 어휘 크기가 얼마야?", "tokenizer vocab 65,536", 0.25),
        # A word outside the closed class of attribute nouns says nothing.
        ("What length-penalty coefficient was used?", "a length penalty cut answers by half", 0.0),
        ("At what level is deduplication done?", "fuzzy matching of near-duplicate pages", 0.0),
    ],
)
def test_a_line_names_the_attribute_in_any_spelling(question: str, text: str, share: float) -> None:
    found = asked_attribute(question)
    assert found is not None
    assert attribute_share(found, text) == share


def test_a_label_names_the_attribute() -> None:
    when = asked_attribute("When was the Quill session held?")
    hour = asked_attribute("스터디 몇 시에 해?")
    assert when is not None and hour is not None
    assert labels_attribute(when, "Presenter: 한서윤 · Date: 2031-05-14 · Transcribed by: Dana")
    assert labels_attribute(hour, "시간: 매주 화요일 저녁 8시")
    # A date written in the text is no label ("(Brightfin, 2031)").
    assert not labels_attribute(when, "Paper: Quill: Verifying Steps (Brightfin, 2031)")
    # The label's last word is the attribute: "Scaling Law:" is no "scaling" label.
    scaling = asked_attribute("Marlin-2B의 scaling은 뭐야?")
    assert scaling is not None and not labels_attribute(scaling, "Scaling Law: 성능은 power-law")


DIGEST_KO = (
    "- 📜 [Brightfin] Marlin-2B: A Small Bilingual Model\n"
    "    - Marlin-2B 학습에 length penalty를 넣어서 평균 답변 길이 8,100 → 3,200 토큰\n"
    "    - 길이 penalty 계수는 0.002, 더 크면 답을 안 쓰고 끝냄\n"
    "    - 라이선스 Apache-2.0\n"
)


def test_the_line_naming_the_attribute_leads_over_its_siblings(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    q = "What length-penalty coefficient was used for Marlin-2B?"
    hits = [note_hit(0, DIGEST_KO, "digest > 3rd week")]
    ex_ = extract(q, hits, analyzer=analyzer, embedder=None)
    assert "계수는 0.002" in ex_.sentences[ex_.lead].text
    # Without the rule the sibling restating the topic ("length penalty", "Marlin-2B")
    # leads: the attribute is what tells the entry's lines apart.
    monkeypatch.setattr(ex, "W_ATTRIBUTE", 0.0)
    ex_ = extract(q, hits, analyzer=analyzer, embedder=None)
    assert "계수는" not in ex_.sentences[ex_.lead].text


NOTICE = (
    "- 스터디 발표 20분 + 토론 30분, 발표자료는 전날 밤 11시까지 슬랙에 업로드\n"
    "- 시간: 매주 화요일 저녁 8시\n"
    "- 장소: 공학관 301호\n"
)
SESSION = (
    "Paper: Quill: Verifying Steps Without Labels (Brightfin, 2031)\n\n"
    "Presenter: 한서윤 · Date: 2031-05-14 · Transcribed by: Dana Park\n\n"
    "Q1 (김도윤): 코드는 공개됐나요?\n"
)


@pytest.mark.parametrize(
    ("question", "text", "heading", "expected"),
    [
        ("스터디 몇 시에 해?", NOTICE, "스터디 안내 > 운영", "저녁 8시"),
        ("What time does the study group meet?", NOTICE, "스터디 안내 > 운영", "저녁 8시"),
        (
            "When was the Quill reading-group session held?",
            SESSION,
            "reading group > Quill",
            "2031-05-14",
        ),
        ("Quill 세션은 언제 했어?", SESSION, "reading group > Quill", "2031-05-14"),
    ],
)
def test_the_labelled_line_answers_its_question_word(
    question: str, text: str, heading: str, expected: str, analyzer: Analyzer
) -> None:
    ex_ = extract(question, [note_hit(0, text, heading)], analyzer=analyzer, embedder=None)
    assert expected in ex_.sentences[ex_.lead].text, question
