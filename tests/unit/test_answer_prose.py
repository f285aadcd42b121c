"""Prose answers: the answering sentence over a typed sibling, short-answer spans (ko/en),
the per-text unit cache.

Real Kiwi analyzer (session fixture); no embedder (the dense signal is off, so the
lexical and answer-type signals decide). Sentences written for these tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pytest

from notelens.analysis.base import Analyzer
from notelens.answer import prose
from notelens.answer.embedcache import UnitCache
from notelens.answer.extractive import dense_candidates, extract
from notelens.answer.qtype import answer_type
from notelens.answer.span import ko_head, short_answer
from notelens.answer.units import AnswerUnit
from notelens.types import Hit, Location

pytestmark = pytest.mark.unit


def _hit(text: str, heading: str = "Museum") -> Hit:
    return Hit(
        rank=1,
        score=1.0,
        chunk_id="c1",
        source="/notes/museum.md",
        title="museum",
        heading=heading,
        text=text,
        location=Location(1, 3),
        lang="en",
    )


MUSEUM_EN = (
    "The city museum reopened to the public after the roof restoration was finished. "
    "The city museum closed to the public in 1987 after a storm. "
    "Its collection holds 4,000 paintings."
)


def test_prose_answering_sentence_beats_a_typed_sibling(analyzer: Analyzer) -> None:
    q = "When did the city museum reopen to the public?"
    ex = extract(q, [_hit(MUSEUM_EN)], analyzer=analyzer, embedder=None, max_sentences=1)
    assert ex.sentences[0].text.startswith("The city museum reopened")


def test_typed_sibling_won_before_the_cover_rule(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same scorer with the full typed bonus for every sentence (the first round's
    # behaviour) picks the sibling holding a year: the rule above is what fixes it.
    monkeypatch.setattr(prose, "COVER_SHARE", 0.0)
    q = "When did the city museum reopen to the public?"
    ex = extract(q, [_hit(MUSEUM_EN)], analyzer=analyzer, embedder=None, max_sentences=1)
    assert "1987" in ex.sentences[0].text


def test_korean_prose_answering_sentence_wins(analyzer: Analyzer) -> None:
    text = (
        "시립 미술 박물관 건물은 지붕 복원 공사가 끝난 뒤 재개관했다. "
        "시립 미술 박물관 건물은 1987년 태풍으로 지붕이 부서져 문을 닫았다."
    )
    ex = extract(
        "시립 미술 박물관 건물은 언제 재개관했나?",
        [_hit(text, "박물관")],
        analyzer=analyzer,
        embedder=None,
        max_sentences=1,
    )
    assert "재개관" in ex.sentences[0].text


def test_type_bonus_on_sentences_needs_coverage() -> None:
    unit = AnswerUnit("sentence", "The hall was built in 1884.", "", 0, 0)
    item = AnswerUnit("item", "built in 1884", "", 0, 0)
    kinds = ("date",)
    assert prose.type_bonus("date", kinds, unit, 0.9, 1.0) == 2.0
    assert prose.type_bonus("date", kinds, unit, 0.3, 1.0) == 1.0
    # A note's bullet keeps the full bonus: in notes the typed unit usually answers.
    assert prose.type_bonus("date", kinds, item, 0.3, 1.0) == 2.0
    assert prose.type_bonus("other", ("other",), unit, 0.9, 1.0) == 0.0


def _sentence(text: str) -> AnswerUnit:
    return AnswerUnit("sentence", text, "", 0, 0)


def _short(question: str, text: str, analyzer: Analyzer) -> str | None:
    q_terms = set(analyzer.terms(question))
    sp = short_answer(question, answer_type(question), _sentence(text), q_terms, analyzer)
    if sp is not None:
        assert text[sp.start : sp.end] == sp.text
    return sp.text if sp else None


def test_ko_head_noun_of_the_question(analyzer: Analyzer) -> None:
    q = "김민수 연구원이 박사 학위를 받은 대학교는?"
    assert ko_head(q, analyzer.terms(q)) == "대학교"
    q = "방주의 선체는 어떤 나무로 만들었는가?"
    assert ko_head(q, analyzer.terms(q)) == "나무"


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "김민수 연구원이 박사 학위를 받은 대학교는?",
            "김민수 연구원은 2019년 카이스트 대학교에서 박사 학위를 받은 뒤 연구소에 합류했다.",
            "카이스트 대학교",
        ),
        (
            "LoRA 논문은 언제 발표되었나?",
            "LoRA 논문은 2021년 6월 Microsoft 연구진이 발표했다.",
            "2021년 6월",
        ),
        (
            "When was the Transformer paper published?",
            "The Transformer paper was published in 2017 by a team at Google Brain.",
            "2017",
        ),
        (
            "How many GPUs did the team use for pretraining?",
            "For pretraining the team used 512 GPUs over three weeks.",
            "512",
        ),
    ],
)
def test_short_answer_spans(question: str, text: str, gold: str, analyzer: Analyzer) -> None:
    assert _short(question, text, analyzer) == gold


def test_korean_span_is_not_made_of_question_words(analyzer: Analyzer) -> None:
    q = "헤이그가 공부한 대학교는?"
    got = _short(
        q, "1942년 헤이그는 노터데임 대학교에서 공부한 후 육군사관학교에 입학했다.", analyzer
    )
    assert got == "노터데임 대학교"


class CountingEmbedder:
    """Plumbing fake: a vector per text from its hash, counting the texts it embeds."""

    id = "fake-count"
    dim = 8

    def __init__(self) -> None:
        self.passages: list[str] = []
        self.queries: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(abs(hash(text)) % (2**32))
        v = rng.standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages += list(texts)
        return np.stack([self._vec(t) for t in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.queries += list(texts)
        return np.stack([self._vec(t) for t in texts])


def test_unit_cache_embeds_each_batch_once(analyzer: Analyzer) -> None:
    emb = CountingEmbedder()
    cache = UnitCache(analyzer, emb, size=256)
    first = cache.vectors(["가 문장", "b sentence", "가 문장"])
    again = cache.vectors(["b sentence", "가 문장"])
    repeat = cache.vectors(["가 문장", "b sentence"])
    # A batch's unique texts go in one call; another batch is embedded with its own
    # batch-mates even when its texts were seen; the same batch again embeds nothing.
    assert emb.passages == ["가 문장", "b sentence", "b sentence", "가 문장"]
    assert np.allclose(first[0], first[2]) and np.allclose(first[:2], repeat)
    assert np.allclose(first[1], again[0])
    terms = cache.terms(["박물관은 재개관했다", "박물관은 재개관했다"])
    assert terms[0] == terms[1] and "박물관" in terms[0]


class BatchMeanEmbedder(CountingEmbedder):
    """Each vector moves with its batch, as int8 e5's shared activation scale makes it."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        rows = super().embed_passages(texts)
        return rows + 0.01 * rows.mean(axis=0)


def test_a_questions_vectors_do_not_depend_on_earlier_questions(analyzer: Analyzer) -> None:
    """Warm (after other questions) and cold caches give a batch the same vectors."""
    batch = ["LoRA는 rank 8을 썼다", "batch size 32", "학습률 3e-4"]
    cold = UnitCache(analyzer, BatchMeanEmbedder(), size=0).vectors(batch)
    warm = UnitCache(analyzer, BatchMeanEmbedder(), size=256)
    warm.vectors(["batch size 32", "an unrelated sentence"])
    warm.vectors(["학습률 3e-4", "다른 질문의 문장"])
    assert np.array_equal(warm.vectors(batch), cold)


def test_cold_cache_keeps_nothing_and_query_vector_is_reused(analyzer: Analyzer) -> None:
    emb = CountingEmbedder()
    given = np.ones(8, dtype=np.float32)
    cache = UnitCache(analyzer, emb, size=0, query_vector=lambda q: given)
    cache.vectors(["x y"])
    cache.vectors(["x y"])
    assert emb.passages == ["x y", "x y"]
    assert np.array_equal(cache.query("질문"), given) and emb.queries == []


def test_extract_with_a_shared_cache_embeds_units_once(analyzer: Analyzer) -> None:
    emb = CountingEmbedder()
    cache = UnitCache(analyzer, emb)
    q = "When did the city museum reopen to the public?"
    first = extract(q, [_hit(MUSEUM_EN)], analyzer=analyzer, embedder=emb, cache=cache)
    n = len(emb.passages)
    second = extract(q, [_hit(MUSEUM_EN)], analyzer=analyzer, embedder=emb, cache=cache)
    assert n > 0 and len(emb.passages) == n
    assert [c.text for c in first.sentences] == [c.text for c in second.sentences]


def test_dense_candidates_drop_units_out_of_reach() -> None:
    cheap = [1.0, 0.95, 0.2, 0.9]
    order = sorted(range(4), key=lambda i: -cheap[i])
    assert dense_candidates(cheap, order, 8) == [0, 1, 3]
    assert dense_candidates(cheap, order, 2) == [0, 1]


def test_prose_sentence_without_a_name_pattern_is_not_penalised() -> None:
    sentence = AnswerUnit("sentence", "Denver beat the Pittsburgh Steelers in 2015.", "", 0, 0)
    bullet = AnswerUnit("item", "Denver beat the Pittsburgh Steelers in 2015.", "", 0, 0)
    assert not prose.penalised_type("person", sentence, False)
    assert prose.penalised_type("person", bullet, False)
    assert prose.penalised_type("number", sentence, False)
    assert not prose.penalised_type("number", sentence, True)
    assert not prose.penalised_type("reason", bullet, False)


def test_question_subject_is_no_type_evidence() -> None:
    unit = AnswerUnit("sentence", "미국 연수 참가자는 김영수 한 명이었다.", "", 0, 0)
    kinds = ("person",)
    assert prose.type_bonus("person", kinds, unit, 1.0, 1.0) == 2.0
    assert prose.type_bonus("person", kinds, unit, 1.0, 1.0, ["김영수", "미국"]) == 0.0


# -- fourth round: the best sentence's close neighbour is quoted (prose.close_neighbour) --


@dataclass(frozen=True)
class _Cand:
    hit_index: int
    position: int
    score: float


def test_close_neighbour_takes_the_best_adjacent_runner_up() -> None:
    best = _Cand(0, 3, 1.0)
    cands = [best, _Cand(0, 2, 0.85), _Cand(0, 4, 0.9), _Cand(0, 6, 0.99), _Cand(1, 4, 0.99)]
    # Beside it, in its own passage, and the higher of the two neighbours.
    assert prose.close_neighbour(best, cands, [best]) == _Cand(0, 4, 0.9)
    # Already quoted: the other side.
    assert prose.close_neighbour(best, cands, [best, _Cand(0, 4, 0.9)]) == _Cand(0, 2, 0.85)


def test_close_neighbour_none_when_it_trails() -> None:
    best = _Cand(0, 3, 1.0)
    before = prose.NEIGHBOUR_SHARE - 0.01
    after = prose.NEXT_SHARE - 0.01
    cands = [best, _Cand(0, 2, before), _Cand(0, 4, after), _Cand(1, 3, 1.0)]
    assert prose.close_neighbour(best, cands, [best]) is None


# -- fifth round: the sentence after the best one needs less (prose.NEXT_SHARE) ----------


def test_close_neighbour_takes_the_next_sentence_at_a_lower_share() -> None:
    best = _Cand(0, 3, 1.0)
    share = (prose.NEXT_SHARE + prose.NEIGHBOUR_SHARE) / 2
    # The same score is enough after the best sentence, not before it.
    assert prose.close_neighbour(best, [best, _Cand(0, 4, share)], [best]) == _Cand(0, 4, share)
    assert prose.close_neighbour(best, [best, _Cand(0, 2, share)], [best]) is None


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "Who stripped the ball on third down in the fourth quarter?",
            "Late in the fourth quarter the visitors got the ball back and soon faced a"
            " third down at midfield. "
            "On the next play, Miller stripped the ball from Newton and Ward recovered it. "
            "The home side then ran out the clock.",
            "Miller",
        ),
        (
            "정부 권한 집중에 대한 비판이 제기된 대표적인 사례는?",
            "장관들이 소외되고 비서실의 권한이 너무 크다는 정부 권한 집중 비판이 제기되었다. "
            "대표적인 사례가 10차 개헌안 발표이다. "
            "헌법학자들은 국무회의 중심으로 준비했어야 했다고 지적했다.",
            "10차 개헌안",
        ),
    ],
)
def test_the_detail_after_a_restating_sentence_is_quoted(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    best = ex.sentences[ex.lead]
    # The best sentence restates the question; the one after it holds the fact.
    assert gold not in best.text
    assert gold in " ".join(c.text for c in ex.sentences)
    assert len(ex.sentences) <= 3


@pytest.mark.parametrize(
    ("question", "text", "short"),
    [
        (
            "When did the rowing club win the national title before 2000?",
            "Their rivals, the rowing club, have fewer members, yet they won the national"
            " title in 2000. "
            "They also won the national title in 1946, and took the cup twice.",
            "1946",
        ),
        (
            "조정 클럽이 2000년 이전에 전국 대회에서 우승한 것은 언제인가?",
            "조정 클럽은 회원이 적지만 2000년에 전국 대회에서 우승했다. "
            "그들은 1946년에도 우승했고 컵 대회에서 두 번 우승했다.",
            "1946",
        ),
    ],
)
def test_short_answer_from_the_neighbour_holding_the_asked_date(
    question: str, text: str, short: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    assert ex.short is not None and short in ex.short.text
    # The short answer is a span of the quoted sentence it was cut from.
    assert ex.sentences[ex.lead].text[ex.short.start : ex.short.end] == ex.short.text


def test_span_unit_keeps_the_best_sentence_unless_only_a_neighbour_has_the_type() -> None:
    @dataclass(frozen=True)
    class S:
        text: str

    best, nxt = S("The club won the title in 2000."), S("They also won it in 1946.")
    assert prose.span_unit("date", best, [nxt], ["2000", "title"]) is nxt
    # The best sentence holds a year the question does not name: it stays the source.
    assert prose.span_unit("date", best, [nxt], ["title"]) is best
    # Names are not told apart by a pattern in prose: the best sentence stays.
    ko_best = S("그는 그해 대회에서 우승했다.")
    assert prose.span_unit("person", ko_best, [S("김철수 감독이 도왔다.")], []) is ko_best


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "What did the survey find in the lower chamber?",
            "The survey team entered the lower chamber of the cave in 1961. "
            "In the lower chamber the survey found a bronze lamp and two coins. "
            "The upper chamber was mapped a year later.",
            "bronze lamp",
        ),
        (
            "조사단이 아래쪽 방에서 발견한 것은?",
            "조사단은 1961년 동굴의 아래쪽 방에 들어갔다. "
            "조사단은 아래쪽 방에서 청동 등잔과 동전 두 닢을 발견했다. "
            "위쪽 방은 이듬해 측량되었다.",
            "청동 등잔",
        ),
    ],
)
def test_prose_answer_holds_the_fact_with_real_kiwi(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    quoted = " ".join(c.text for c in ex.sentences)
    assert gold in quoted
    # Never more than the neighbour and an antecedent beside the best sentence.
    assert len(ex.sentences) <= 3


# -- seventh round: a near-tie of the best sentence's passage is quoted (prose.tied) ------


@dataclass(frozen=True)
class _Placed:
    hit_index: int
    position: int
    score: float
    unit: AnswerUnit | None
    terms: frozenset[str] = frozenset({"harbour", "flood"})


def _sentence(text: str = "A sentence of prose.", kind: str = "sentence") -> AnswerUnit:
    return AnswerUnit(kind, text, "", 0, 0)  # type: ignore[arg-type]


def test_tied_needs_the_same_passage_a_close_score_and_prose() -> None:
    best = _Placed(0, 0, 1.0, _sentence())
    q = {"harbour"}
    assert prose.tied(best, _Placed(0, 5, prose.TIE_SHARE, _sentence()), q)
    assert not prose.tied(best, _Placed(0, 5, prose.TIE_SHARE - 0.01, _sentence()), q)
    # Another passage, a bullet, or a unit-less candidate is no tie.
    assert not prose.tied(best, _Placed(1, 5, 1.0, _sentence()), q)
    assert not prose.tied(best, _Placed(0, 5, 1.0, _sentence("- a bullet", "item")), q)
    assert not prose.tied(best, _Placed(0, 5, 1.0, None), q)


@pytest.mark.parametrize(
    ("q_terms", "title_terms"),
    [
        # "티베트 고원의 면적은?" over a title line "티베트고원": the analyzer keeps the
        # written compound whole, the question's words split.
        ({"티베트", "고원", "면적"}, {"티베트", "고원", "티베트고원"}),
        ({"blue", "ridge", "고원", "면적"}, {"blueridge", "고원"}),
    ],
)
def test_a_unit_of_only_the_questions_words_is_no_tie(
    q_terms: set[str], title_terms: set[str]
) -> None:
    # It ties on the question's words alone and would take the last slot from the
    # neighbour that holds the number.
    best = _Placed(0, 1, 1.0, _sentence())
    title = _Placed(0, 0, 1.0, _sentence(), frozenset(title_terms))
    assert not prose.says_more(title_terms, q_terms)
    assert not prose.tied(best, title, q_terms)
    more = _Placed(0, 0, 1.0, _sentence(), frozenset(title_terms | {"평방"}))
    assert prose.tied(best, more, q_terms)


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "What brought the harbour market's trading to a stop?",
            "Today the harbour market is the largest trading place on the coast. "
            "It reopened in 1991 after decades of closure. "
            "The harbour market was founded in 1817 and kept trading until the Great Flood.",
            "the Great Flood",
        ),
        (
            "항구 시장의 거래를 멈추게 한 것은?",
            "오늘날 항구 시장은 해안에서 가장 큰 거래 장소이다. "
            "1991년에 다시 문을 열었다. "
            "항구 시장은 1817년에 세워져 대홍수 때까지 거래를 이어 갔다.",
            "대홍수",
        ),
        (
            "Harbour Market의 거래를 멈추게 한 것은?",
            "오늘날 Harbour Market은 해안에서 가장 큰 거래 장소이다. "
            "1991년에 다시 문을 열었다. "
            "Harbour Market은 1817년에 세워져 Great Flood 때까지 거래를 이어 갔다.",
            "Great Flood",
        ),
    ],
)
def test_a_tied_sentence_of_the_passage_is_quoted_though_not_adjacent(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    # Both sentences carry the question's words alike; the best one lacks the fact and
    # the one holding it is two sentences away, beyond the neighbour rule.
    assert gold not in ex.sentences[ex.lead].text
    assert gold in " ".join(c.text for c in ex.sentences)
    monkeypatch.setattr(prose, "TIE_SHARE", 1.01)
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    assert gold not in " ".join(c.text for c in ex.sentences)


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "Before Lopez, who was the youngest conductor to lead the orchestra?",
            "Maria Lopez became the first woman to lead the city orchestra. "
            "She is also the youngest conductor ever to lead the orchestra, at age 29. "
            "The past record was held by Tomas Berg, who led the orchestra at age 31.",
            "Tomas Berg",
        ),
        (
            "로페스 이전에 오케스트라를 이끈 가장 젊은 지휘자는 누구인가?",
            "마리아 로페스는 시립 오케스트라를 이끈 첫 여성이 되었다. "
            "그녀는 또한 29세에 오케스트라를 이끈 가장 젊은 지휘자이다. "
            "이전 기록은 31세에 오케스트라를 이끈 토마스 베르그가 가지고 있었다.",
            "토마스 베르그",
        ),
        (
            "Lopez 이전에 orchestra를 이끈 가장 젊은 conductor는 누구인가?",
            "Maria Lopez는 city orchestra의 첫 여성 단장이 되었다. "
            "그녀는 또한 29세에 orchestra를 이끈 가장 젊은 conductor이다. "
            "이전 기록은 31세에 orchestra를 이끈 Tomas Berg가 가지고 있었다.",
            "Tomas Berg",
        ),
    ],
)
def test_the_runner_up_slot_is_not_spent_on_the_pronouns_antecedent(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    ex = extract(question, [_hit(text)], analyzer=analyzer, embedder=None)
    # The best sentence opens with a pronoun: the one before is quoted for who "she"
    # is, and the runner-up beside it is looked for on the other side.
    assert prose.needs_antecedent(ex.sentences[1].text, analyzer)
    assert [c.position for c in ex.sentences] == [0, 1, 2]
    assert gold in ex.sentences[2].text
    if any("가" <= ch <= "힣" for ch in question):
        # Korean and mixed: the short answer comes from the quoted sentence that names
        # the predecessor, not from the best one (answer/quoted.py); English keeps the
        # best sentence's span (the English head start is larger).
        assert ex.short is not None and ex.short.text == gold
        assert ex.sentences[ex.lead].text[ex.short.start : ex.short.end] == gold
