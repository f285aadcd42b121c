"""Short answers in English prose, eighth round: the question's verb picks the subject,
a verb-like single word is no noun phrase, a name keeps its lowercase noun
(answer/align_en.py with answer/align_en_cues.py).

Real Kiwi analyzer (session fixture); no embedder. Every sentence is written for these
tests (none comes from XQuAD); the English cases fail on main before this round. The
rules read English word order only: Korean and mixed Korean/English sentences go through
the Korean aligner, and the cases below pin that they are left as they were.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer.align_en_cues import question_predicate, verb_like
from short_spans import prose_short

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # Two subjects before question words: the one of the question's verb, as the
        # passive's agent ("stripped the ball" is another verb's subject).
        (
            "Who recovered the stripped ball?",
            "Moreau stripped the ball from Kent, and after a long bounce it was recovered "
            "by Osei, who ran it back.",
            "Osei",
        ),
        # "the player who scored …": the verb of the relative clause names the subject.
        (
            "What is the name of the player who scored on a short run?",
            "Then Okafor scored on a short run and Jensen completed a pass to Diaz for the "
            "extra points.",
            "Okafor",
        ),
        # "that focuses on …": the verb between a relative pronoun and a preposition is
        # no answer; the subject noun phrase is.
        (
            "What field is a branch of biology dealing with tissue by shape?",
            "Plant anatomy is a branch of biology that focuses on classifying tissue by its shape.",
            "Plant anatomy",
        ),
        # A name's lowercase noun comes with it for "where" and "who" questions.
        (
            "Where did the composer live in his last years?",
            "He spent his last years in a row of Vienna guest houses, close to the opera.",
            "Vienna guest houses",
        ),
        (
            "Who did the knights join in Thrace?",
            "Some knights joined Bulgarian troops to help in the siege of the fortress.",
            "Bulgarian troops",
        ),
        # Not after a possessive: the name is the answer, not what it owns.
        (
            "Who did the coach praise after the match?",
            "After the match the coach praised Ortiz's defenders for their discipline.",
            "Ortiz",
        ),
    ],
)
def test_english_spans(question: str, text: str, gold: str, analyzer: Analyzer) -> None:
    assert prose_short(question, text, analyzer) == gold


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        # Korean: the subject of the question's verb (Kiwi's particles, align_ko.py).
        ("누가 공을 회수했나?", "모로가 공을 빼앗았고, 공은 오세이가 회수했다.", "오세이"),
        # Mixed: Latin names inside a Korean sentence stay with their Korean noun.
        (
            "GPU 클러스터를 관리하는 팀은?",
            "GPU 클러스터는 Infra 팀이 관리하고, 모델 학습은 Research 팀이 맡는다.",
            "Infra 팀",
        ),
    ],
)
def test_korean_and_mixed_untouched(
    question: str, text: str, gold: str, analyzer: Analyzer
) -> None:
    assert prose_short(question, text, analyzer) == gold


def test_question_predicate() -> None:
    assert question_predicate("Who recovered the stripped ball?") == "recovered"
    assert question_predicate("What was the name of the player who scored first?") == "scored"
    assert question_predicate("What are the rules that require a vote?") == "require"
    # No verb of its own: "who was", "Which Super Bowl", a Korean question.
    assert question_predicate("Who was the last mayor of the town?") is None
    assert question_predicate("Which Super Bowl did the team win?") is None
    assert question_predicate("공을 회수한 선수는 누구인가?") is None
    # Mixed: the English verb after "who" in a Korean question is still read.
    assert question_predicate("Transformer 논문을 쓴 사람 who proposed attention은?") == "proposed"


def test_verb_like() -> None:
    def at(sentence: str, word: str) -> bool:
        words = sentence.split()
        i = words.index(word)
        return verb_like(words, i, i + 1)

    assert at("pilots can receive ratings", "receive")
    assert at("a branch that focuses on cells", "focuses")
    assert at("Southern Ridge consists of farms", "consists")
    # Plural nouns after an article or an adjective are no verbs.
    assert not at("the members of the board", "members")
    assert not at("many classes of problems", "classes")
    # "-ss" is no third-person form; a capitalised word is a name.
    assert not at("Ridge address of the office", "address")
    assert not at("pilots can Fly", "Fly")
    # Mixed: a Korean word before an English -s form is no subject the rule reads.
    assert not at("모델은 runs on GPUs", "runs")
