"""General serving, experiment-log and course vocabulary across languages
(analysis/lexicon.py ``GENERAL_PAIRS``): a Korean question about an English bullet
("처리량", "동시" over "throughput … concurrent") and an English question about Korean
course notes ("attend", "certificate" over "출석", "수료증") share no term without the
pair, and a same-language sibling that restates the question wins the unit. Notes and
questions written for these tests; real Kiwi terms and e5 (session fixtures).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.analysis.lexicon import general_lexicon
from notelens.answer.extractive import extract
from notelens.embed.base import Embedder


def _translates(analyzer: Analyzer, source: str, target: str) -> bool:
    """Whether some analyzer term of ``source`` has one of ``target``'s among its
    lexicon alternatives."""
    lex = general_lexicon(analyzer)
    wanted = set(analyzer.terms(target))
    return any(lex.alternatives(t) & wanted for t in analyzer.terms(source))


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # Korean question words -> the English a log writes, and back.
        ("처리량이 얼마나 늘었어?", "throughput"),
        ("동시 사용자", "concurrent users"),
        ("메모리를 얼마나 절약했어?", "memory savings"),
        ("쿼리마다 지연이 얼마야?", "per query"),
        ("How many sessions are there?", "세션 일정"),
        ("Who must attend?", "출석 체크"),
        ("When is the certificate sent?", "수료증 발송"),
        ("Is there a recording?", "녹화본 공유"),
        # Mixed: the Korean word of a mixed question finds the English one.
        ("TTFT 말고 처리량 기준으로는?", "throughput"),
        ("org가 어디야?", "회사"),
    ],
)
def test_the_pair_links_the_two_spellings(analyzer: Analyzer, source: str, target: str) -> None:
    assert _translates(analyzer, source, target)


def test_unrelated_words_are_not_linked(analyzer: Analyzer) -> None:
    # "처리" (processing) alone is not throughput, though Kiwi cuts 처리량 into 처리 + 량;
    # nor is "기록" a session.
    assert not _translates(analyzer, "데이터 처리 방식", "throughput")
    assert not _translates(analyzer, "처리할 양이 많다", "throughput")
    assert not _translates(analyzer, "실험 기록", "session")


LOG_EN = (
    "- scheduler: adaptive chunk size, 2x L40S\n"
    "- queueing delay −38% at 32 parallel clients\n"
    "- throughput +17% at 32 concurrent users\n"
    "- authors: Ana Souza et al."
)
# A Korean summary of the same paper beside it: it restates the question's Korean words
# (동시 사용자, 32명) and gives another figure.
DIGEST_KO = "- 32명 동시 사용자에서 대기 시간이 기존 방식 대비 38% 감소\n- 코드 공개 예정"

COURSE_KO = (
    "- 수료 조건: 출석 6회 이상 (한국어 반), 4회 이상 (English track)\n"
    "- 수료증은 마지막 주에 메일로 발송\n"
    "- 발제 자료는 전날까지 공유"
)
# The English page names the sessions but says nothing of what the certificate needs.
COURSE_EN = "The English track has 6 sessions and the Korean one 8, every Tuesday."


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "hits", "gold"),
    [
        # Korean question: the English bullet holding the figure beats the Korean digest.
        (
            "adaptive chunk 논문에서 동시 사용자 32명일 때 처리량이 얼마나 늘었어?",
            [
                note_hit(0, DIGEST_KO, "주간 다이제스트 > 서빙"),
                note_hit(1, LOG_EN, "Reading log > Adaptive chunked prefill", "en"),
            ],
            "+17%",
        ),
        # Mixed question (English terms in Korean), the same bullet.
        (
            "adaptive chunk 논문의 throughput은 동시 사용자 32명에서 얼마나 늘었어?",
            [
                note_hit(0, DIGEST_KO, "주간 다이제스트 > 서빙"),
                note_hit(1, LOG_EN, "Reading log > Adaptive chunked prefill", "en"),
            ],
            "+17%",
        ),
        # English question over Korean course notes.
        (
            "How many sessions must a Korean-track member attend to get the certificate?",
            [
                note_hit(0, COURSE_EN, "Reading group > FAQ", "en"),
                note_hit(1, COURSE_KO, "읽기 모임 > 수료"),
            ],
            "6회 이상",
        ),
    ],
)
def test_the_other_language_unit_that_answers_wins(
    question: str, hits: list[object], gold: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder)  # type: ignore[arg-type]
    best = ex.sentences[ex.lead].text
    assert gold in best
