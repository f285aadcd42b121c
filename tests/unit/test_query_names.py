"""The query's names (the ``features`` reranker's cross-language column): a passage in
the other language shares the names, not the words."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.lang import detect_lang, hangul_share
from notelens.retrieve.rerankers.feature_values import NAMES, Passage, feature_rows
from notelens.retrieve.rerankers.features import WEIGHTS, FeatureReranker, FeatureWeights
from notelens.retrieve.rerankers.query_names import name_share, query_names
from notelens.types import Explanation, Hit, Location

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("query", "names"),
    [
        # English: inner capitals, digits, capitalised words that do not open the query
        ("How many parameters does the LLaMa model tuned in LIMA have?", ["llama", "lima"]),
        ("On what date is Mixtral presented in the 2024 study?", ["mixtral", "2024"]),
        ("what is grouped query attention", []),
        # Korean: every Latin token (less English function words), numbers
        ("lost in the middle 현상에서 성능은 어떤 곡선을 그려?", ["lost", "middle"]),
        ("세종대왕이 훈민정음을 반포한 해는 1446년인가?", ["1446"]),
        ("훈민정음은 누가 만들었나?", []),
        # mixed: a one-letter token is in every passage's text, so it is no name
        ("LoRA rank r은 보통 GPT-4에서 몇으로 설정하나", ["lora", "rank", "gpt-4"]),
    ],
)
def test_query_names_follow_the_surface_patterns(query: str, names: list[str]) -> None:
    assert query_names(query) == names


def test_name_share_weighs_rare_names_more_and_is_flat_without_names() -> None:
    texts = [
        "LIMA: Less Is More for Alignment. 65B 파라미터의 LLaMa를 1,000개 예제로 튜닝",
        "LLaMa 2 공개, 7B부터 70B까지",
        "LLaMa 3 8B / 70B",
    ]
    shares = name_share(["llama", "lima"], texts)
    assert shares[0] == pytest.approx(1.0)
    # "llama" is in every text (low local IDF): holding it alone is a small share
    assert 0.0 < shares[1] == shares[2] < 0.3
    assert name_share([], texts) == [0.0, 0.0, 0.0]


def test_hangul_share_of_korean_english_and_mixed_text() -> None:
    assert hangul_share("훈민정음을 반포하였다") == 1.0
    assert hangul_share("grouped-query attention") == 0.0
    assert 0.3 < hangul_share("LoRA의 rank r은 보통 8로 설정한다") < 0.9
    assert hangul_share("1446 ...") == 0.0


def _hit(rank: int, text: str, fused: float, title: str = "") -> Hit:
    expl = Explanation(
        bm25_rank=rank,
        bm25_score=10.0 - rank,
        dense_rank=rank,
        dense_score=0.85 - rank / 100,
        fused_rank=rank,
        fused_score=fused,
    )
    return Hit(
        rank,
        fused,
        f"c{rank}",
        f"/n{rank}.md",
        title,
        "",
        text,
        Location(1, 1),
        "ko",
        explanation=expl,
    )


@pytest.mark.parametrize(
    ("query", "same_language", "other_language"),
    [
        (
            "How many parameters does the LLaMa model tuned in LIMA have?",
            "The model has many parameters; tuned models have more parameters than this one.",
            "LIMA: 65B 파라미터의 LLaMa를 1,000개의 예제로만 미세 조정했다.",
        ),
        (
            "Chinchilla는 몇 개의 토큰으로 학습했어?",
            "토큰 수는 몇 개로 학습했는지에 따라 성능이 달라진다. 학습 토큰이 많을수록 좋다.",
            "Chinchilla (Hoffmann et al., 2022) was trained on 1.4T tokens with 70B parameters.",
        ),
    ],
)
def test_rows_carry_the_names_the_other_language_shares(
    analyzer: Analyzer, query: str, same_language: str, other_language: str
) -> None:
    reranker = FeatureReranker()
    reranker.bind_analyzer(analyzer)
    rows = reranker.rows(query, [_hit(1, same_language, 1.0), _hit(2, other_language, 0.2)])
    col = {n: i for i, n in enumerate(NAMES)}
    same, other = rows
    assert other[col["names"]] == pytest.approx(1.0) and same[col["names"]] == 0.0
    # the words: by the query's own terms (what BM25's own leg sees) the same-language
    # passage holds more of them; the reranker also reads their translations
    # (test_feature_forms.py), which only add to the other-language passage's share
    texts = [same_language, other_language]
    passages = [Passage(analyzer.terms(t), _hit(i + 1, t, 1.0)) for i, t in enumerate(texts)]
    own_same, own_other = feature_rows(analyzer.terms(query), passages, query)
    assert own_same[col["coverage"]] > own_other[col["coverage"]]
    assert other[col["coverage"]] >= own_other[col["coverage"]]
    # the shipped weights count the names: the passage in the other language gains on the
    # one in the query's language by the names' weight, against the weights without them
    hits = [_hit(1, same_language, 1.0), _hit(2, other_language, 0.98)]

    def zero_names(w: tuple[float, ...]) -> tuple[float, ...]:
        return tuple(0.0 if i == col["names"] else x for i, x in enumerate(w))

    no_names = FeatureReranker(FeatureWeights(zero_names(WEIGHTS.en), zero_names(WEIGHTS.ko)))
    no_names.bind_analyzer(analyzer)
    with_names = reranker.rerank(query, hits)
    without = no_names.rerank(query, hits)
    weight = WEIGHTS.for_lang(detect_lang(query))[col["names"]]
    assert weight > 0
    assert (with_names[1] - with_names[0]) - (without[1] - without[0]) == pytest.approx(weight)


def test_without_names_the_column_is_flat(analyzer: Analyzer) -> None:
    reranker = FeatureReranker()
    reranker.bind_analyzer(analyzer)
    query = "훈민정음은 누가 만들었나?"
    rows = reranker.rows(
        query, [_hit(1, "세종대왕이 훈민정음을 만들었다.", 1.0), _hit(2, "Hunminjeongeum", 0.5)]
    )
    col = NAMES.index("names")
    assert [r[col] for r in rows] == [0.0, 0.0]
