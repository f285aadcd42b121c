"""The token a question asks for, and the sentence quoted for holding it (eleventh round).

``answer/asked.py`` reads what the question asks (a count in its counter, a count, a
date, a name as called); ``prose.close_neighbour`` quotes the sentence of the best one's
passage that holds it when the best one does not, and ``prose.span_unit`` cuts the
short answer from it. Real Kiwi analyzer (session fixture), no embedder; the sentences
are written for these tests, Korean and mixed Korean / English for each rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer import prose
from notelens.answer.asked import asked_counter, asked_token, asks_called
from notelens.answer.extractive import extract
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit


def _hit(text: str) -> Hit:
    return Hit(
        rank=1,
        score=1.0,
        chunk_id="c1",
        source="/notes/a.md",
        title="a",
        heading="a",
        text=text,
        location=Location(1, 3),
        lang="ko",
    )


# -- what the question asks ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "counter"),
    [
        ("1962년 마포에 지어진 아파트의 층수는?", "층"),
        ("반포 아파트는 몇가구로 구성되었나?", "가구"),
        ("그 선수는 올림픽에서 몇위를 기록했는가?", "위"),
        ("조사단은 몇 명인가?", "명"),
        ("가장 넓은 집의 평수는?", "평"),
        ("모임의 인원수는?", "명"),
        # mixed Korean / English
        ("Llama 3 학습에 쓴 H100은 몇 대인가?", "대"),
        ("Transformer base 모델의 encoder는 몇 층인가?", "층"),
        # a date, an ordinal, a list: no counter a number is written in
        ("그 건물은 몇 년에 지어졌나?", None),
        ("BERT는 몇 번째로 발표된 모델인가?", None),
        ("LoRA의 장점 몇 가지는?", None),
        ("What is the population of Seoul?", None),
    ],
)
def test_asked_counter(question: str, counter: str | None) -> None:
    assert asked_counter(question) == counter


@pytest.mark.parametrize(
    ("question", "called"),
    [
        ("모든 정당이 내각에 참여하는 형태를 무엇이라 하는가?", True),
        ("이런 내각을 뭐라고 부르나?", True),
        ("가상으로 꾸며진 세계를 일컫는 말은?", True),
        ("검색 없이 모든 문서를 prompt에 넣는 방식을 무엇이라고 부르나?", True),
        ("이 내각은 무엇을 했는가?", False),
        ("RAG는 무엇인가?", False),
    ],
)
def test_asks_called(question: str, called: bool) -> None:
    assert asks_called(question) is called


def test_asked_token_reads_the_sentence_without_the_question_words() -> None:
    q = "1962년 마포에 지어진 아파트의 층수는?"
    holds = asked_token(q, "number", ["1962년", "마포", "아파트"])
    assert holds is not None
    assert holds("건물은 6층 높이로 설계됐다.")
    # A number in another counter, or the question's own year, is not the asked count.
    assert not holds("1962년 마포에 아파트 450가구를 지었다.")
    # A count without a counter: a number that is not part of a date.
    count = asked_token("PCD 음반은 전 세계에서 얼마나 팔렸나?", "number", ["PCD", "음반"])
    assert count is not None
    assert count("PCD는 900만 장 이상 팔렸다.")
    assert not count("PCD는 2005년 9월 13일에 발매됐다.")
    date = asked_token("공연단은 언제 처음 공연했나?", "date", ["공연단"])
    assert date is not None and date("공연단은 1995년 처음 무대에 섰다.")
    assert not date("공연단은 처음 무대에 섰다.")
    called = asked_token("이런 내각을 무엇이라 하는가?", "other", ["내각"])
    assert called is not None and called("이 내각을 거국일치내각이라고 부른다.")
    assert not called("이 내각은 전쟁 중에 세워졌다.")
    # English questions are left to the English span step (XQuAD's short F1 fell).
    assert asked_token("When did the band first perform?", "date", ["band"]) is None
    assert asked_token("How many floors does it have?", "number", []) is None
    # Nothing a test can find: a person, a reason.
    assert asked_token("누가 세웠나?", "person", []) is None
    assert asked_token("왜 세웠나?", "reason", []) is None


# -- the sentence quoted beside the best one -----------------------------------------------


@dataclass(frozen=True)
class _Cand:
    hit_index: int
    position: int
    score: float
    text: str = ""


def _holds(c: _Cand) -> bool:
    return "층" in c.text


def test_close_neighbour_takes_the_sentence_holding_the_asked_token() -> None:
    best = _Cand(0, 3, 1.0, "아파트를 짓는다.")
    typed = _Cand(0, 5, prose.TYPED_SHARE, "6층 높이")
    plain = _Cand(0, 4, 0.9, "콘크리트를 썼다.")
    cands = [best, plain, typed]
    # Two sentences on, at the lower share, over the closer and better-scored neighbour.
    assert prose.close_neighbour(best, cands, [best], _holds) == typed
    # Without the question's test: the plain neighbour, as before.
    assert prose.close_neighbour(best, cands, [best]) == plain


def test_close_neighbour_typed_rule_bounds() -> None:
    best = _Cand(0, 3, 1.0, "아파트를 짓는다.")
    low = _Cand(0, 4, prose.TYPED_SHARE - 0.01, "6층 높이")
    far = _Cand(0, 3 + prose.TYPED_REACH + 1, 0.9, "6층 높이")
    other = _Cand(1, 4, 0.9, "6층 높이")
    assert prose.close_neighbour(best, [best, low, far, other], [best], _holds) is None
    # The best sentence holding the token itself keeps the usual neighbour rule.
    holding = _Cand(0, 3, 1.0, "3층 아파트를 짓는다.")
    typed = _Cand(0, 5, 0.9, "6층 높이")
    assert prose.close_neighbour(holding, [holding, typed], [holding], _holds) is None


def test_span_unit_takes_the_quoted_sentence_holding_the_asked_counter() -> None:
    best = _Cand(0, 3, 1.0, "경성 상사는 1935년 관사를 짓는다.")
    typed = _Cand(0, 5, 0.6, "건물은 4층 높이다.")
    holds = asked_token("1935년에 지은 관사의 층수는?", "number", ["1935년", "관사"])
    assert prose.span_unit("number", best, [typed], ["1935년", "관사"], holds) == typed
    # A number without the counter ("1935년", the question's own) does not keep the best.
    nothing = _Cand(0, 5, 0.6, "건물은 높다.")
    assert prose.span_unit("number", best, [nothing], ["1935년", "관사"], holds) == best


# -- the whole extractor ----------------------------------------------------------------------

_FLOORS_KO = (
    "대한주택공사는 1962년 마포에 또 하나의 시범 아파트를 짓는다. "
    "이전 아파트는 벽돌로 지었으나 이번에는 콘크리트를 썼다. "
    "건물은 6층 높이로 외관도 현대식으로 설계됐다. "
    "입주자는 대부분 공무원이었다."
)
_FLOORS_MIXED = (
    "Transformer 논문의 base 모델은 encoder와 decoder로 이루어진다. "
    "두 부분은 같은 구조를 쓴다. "
    "각 encoder는 6층으로 쌓았다. "
    "학습에는 GPU 8장을 썼다."
)


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("1962년 마포에 지어진 시범 아파트의 층수는?", _FLOORS_KO),
        ("Transformer 논문에서 base 모델의 encoder는 몇 층인가?", _FLOORS_MIXED),
    ],
)
def test_extract_quotes_and_cuts_the_asked_count(
    question: str, text: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    assert any("6층" in c.text for c in ex.sentences)
    assert ex.short is not None and ex.short.text.startswith("6층")
    # Switched off (no share low enough), the count is not quoted.
    monkeypatch.setattr(prose, "TYPED_SHARE", 9.0)
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    assert not any("6층" in c.text for c in ex.sentences)
