"""List questions without a count word, and a list written inside one bullet.

"Which Llama 3 sizes were released?" names no number and no "list", yet wants the items
of a list: a plural noun asked for by which / what is a list question (qtype.py
``_PLURAL_ASK_RE``). Notes write such a list as often inside one bullet ("8B / 70B
공개, …") as one bullet per item: a lone bullet that enumerates earns the list bonus
its siblings would (extractive.py ``enumerates``). Real Kiwi, Korean and English.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.extractive import enumerates, extract, folder_paths
from notelens.answer.qtype import answer_type


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "Which Llama 3 sizes were released?",
        "On which benchmarks did Iterative RPO improve per iteration?",
        "What topics does the /other folder cover?",
        "Which behavioural patterns of LLMs does the note say it observes?",
        "Llama 3는 어떤 크기들이 공개됐어?",
    ],
)
def test_plural_which_questions_are_lists(question: str) -> None:
    assert answer_type(question).kind == "list"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What class of ships is it?", "other"),  # "of": the head noun is "class"
        ("What status does the city have?", "other"),  # -us is singular
        ("What analysis does it use?", "other"),  # -is is singular
        ("Which model was fine-tuned?", "name"),  # singular, and typed by its own rule
        ("What does LoRA stand for?", "definition"),
        ("When were the Llama 3 models released?", "date"),  # another rule comes first
        ("Llama 3의 context length는?", "size"),
    ],
)
def test_singular_and_typed_questions_stay_as_they_were(question: str, kind: str) -> None:
    assert answer_type(question).kind == kind


@pytest.mark.unit
def test_enumerating_bullets() -> None:
    assert enumerates("8B / 70B 공개")
    assert enumerates("GSM8K, MATH, ARC-Challenge에서 iteration마다 오름")
    assert enumerates("Kiwi · Mecab-ko · Okt")
    assert not enumerates("tokenizer가 커져서, 한국어 효율이 좋아짐")
    assert not enumerates("and/or is one word")


# A prose paragraph that names Llama 3 and a size ranks first; the entry whose lone
# bullet lists the released sizes is second (its other bullets sit under a label).
HITS = [
    note_hit(
        0,
        "If a model will be served to many users, it pays to train a smaller model far past"
        " the compute-optimal point, which is what Llama 3 8B did with more than 15T tokens.",
        "Scaling notes",
    ),
    note_hit(
        1,
        "- Introducing Meta Llama 3 (Meta blog)\n"
        "  - 8B / 70B 공개, 15T+ tokens로 pretraining, 128K vocab tokenizer, GQA 적용\n"
        "  - notes\n"
        "    - 기술 리포트는 아직 없음. 나오면 따로 정리\n"
        "    - tokenizer가 커져서 한국어 토큰 효율이 좋아졌다는 얘기가 많음\n",
        "Weekly digest 2024-W18",
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize(
    "question", ["Which Llama 3 sizes were released?", "Llama 3는 어떤 크기들이 공개됐어?"]
)
def test_a_bullet_that_lists_the_items_answers_a_list_question(
    question: str, analyzer: Analyzer
) -> None:
    ex = extract(question, HITS, analyzer=analyzer, embedder=None, max_sentences=1)
    assert "8B / 70B" in ex.sentences[0].text


# A repository overview: two folders, each a parent bullet with its topics nested under
# it. The folder the question names is a stopword to the analyzer ("about"), so only
# the written path tells the two lists apart; the other folder's bullets share the
# question's words ("연구" / "research").
FOLDERS = [
    note_hit(
        0,
        "Repo layout\n"
        "- /research\n"
        "  - 연구 논문과 기사에 대한 리뷰와 분석을 모아 둠\n"
        "  - Reviews of research papers on retrieval and alignment\n"
        "- /about: Everything else, including:\n"
        "  - 세미나 발표 슬라이드 (seminar slides)\n"
        "  - 벤치마크 재현 기록 (benchmark reproduction logs)\n"
        "  - 읽을거리 목록 (reading lists)\n",
        "research-log",
    ),
]


@pytest.mark.unit
@pytest.mark.parametrize(
    "question",
    [
        "research-log의 /about 폴더에서 다루는 주제들은?",
        "Which topics does the /about folder of research-log cover?",
    ],
)
def test_a_folder_path_in_the_question_selects_its_list(question: str, analyzer: Analyzer) -> None:
    ex = extract(question, FOLDERS, analyzer=analyzer, embedder=None, max_sentences=1)
    quoted = " ".join(c.text for c in ex.sentences)
    assert "세미나 발표 슬라이드" in quoted
    assert "벤치마크 재현 기록" in quoted
    assert "리뷰와 분석" not in quoted


@pytest.mark.unit
def test_folder_paths() -> None:
    assert folder_paths("research-log의 /about 폴더") == ["/about"]
    assert folder_paths("What is in /rag/ko and /About?") == ["/rag/ko", "/about"]
    assert folder_paths("MQA/GQA 차이는? https://arxiv.org/abs/1 2/3 A / B") == []
