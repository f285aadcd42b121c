"""Korean short answers, eighth round (answer/align_ko.py): the value keyed to the
question's noun, the year of a year question, heads Kiwi splits at a ㅅ, organisation
heads, relation nouns that end a phrase.

Real Kiwi analyzer (session fixture); no embedder. Every sentence is written for these
tests (none comes from KorQuAD), in Korean and mixed Korean / English; where a rule has
a weight, the same case is checked with the weight off, so the test shows the rule is
what answers it.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer import align_ko
from short_spans import prose_short

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "그 섬의 겨울 이름은?",
            "그 섬은 계절마다 이름을 바꾸어, 봄에는 꽃섬, 여름에는 물섬, 겨울에는 눈섬이라 불렀다.",
            "눈섬",
        ),
        (
            "Atlas 팀의 여름 모델 이름은?",
            "Atlas 팀은 모델 이름을 계절마다 바꾸어, 봄에는 Aurora, 여름에는 Borealis, "
            "가을에는 Cygnus라 불렀다.",
            "Borealis",
        ),
    ],
)
def test_the_value_keyed_to_the_questions_noun(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sentence that pairs keys with values ("가을에는 홍엽산"): the value after the
    # question's key answers, not the one nearest the other question words.
    assert prose_short(question, text, analyzer) == gold
    monkeypatch.setattr(align_ko, "KEY_WEIGHT", 0.0)
    assert prose_short(question, text, analyzer) != gold


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # A year question takes a year: "같은 해 10월" stands by the question's verb but
        # names no year.
        (
            "관측소가 첫 관측을 시작한 해는?",
            "관측소는 1998년 3월 처음 문을 열었고, 같은 해 10월 첫 관측을 시작했다.",
            "1998년",
        ),
        (
            "KoLLM이 API 서비스를 시작한 해는?",
            "KoLLM은 2021년 5월 처음 공개되었고, 같은 해 11월 API 서비스를 시작했다.",
            "2021년",
        ),
        # "숫자" / "갯수" are 수 + ㅅ + 자 / 개 + ㅅ + 수 to Kiwi: the written word asks for
        # a number.
        (
            "그 지역에 파견된 관측대의 숫자는?",
            "해당 지역에는 관측대 병력 1,200명이 파견되어 활동하였다.",
            "1,200명",
        ),
        (
            "GPU 클러스터에 설치된 노드의 갯수는?",
            "해당 GPU 클러스터에는 노드 64개가 설치되어 운영되었다.",
            "64개",
        ),
        # An organisation head (단체, 정당 …) asks for a name.
        (
            "학생이 출전한 경시대회의 주최 단체는?",
            "그는 경시대회에서 최고점수를 받았으며, 이 대회는 한국 적십자사가 주최하였다.",
            "한국 적십자사",
        ),
        (
            "보고서에 대해 해명을 요구한 정당은?",
            "IPCC 보고서가 공개되자 녹색미래당은 정부에 해명을 요구하였다.",
            "녹색미래당",
        ),
        # "도중" (during) relates the phrase to the clause, as "뒤" / "중" do.
        ("사찰이 불에 탄 사건은?", "그 사찰은 한국전쟁 도중 불에 탔다.", "한국전쟁"),
        (
            "서버가 멈춘 작업은?",
            "서버는 Kubernetes 업그레이드 도중 멈췄다.",
            "Kubernetes 업그레이드",
        ),
    ],
)
def test_korean_span_rules_of_the_eighth_round(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    assert prose_short(question, text, analyzer) == gold
