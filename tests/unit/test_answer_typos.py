"""A name the question misspells by one typo is still found (answer/evidence.py).

"What do Beriods use as teeth?" over a passage on the Beroids: read exactly, the name is
absent from every top passage and the evidence strength drops as for a name the notes
never mention (the answer is refused although the chosen sentence is right). One letter
dropped or added, or two neighbours swapped, is a typo; a changed letter is another name
("Mixtral" / "Mistral"). Pure checks, then the extractor with real Kiwi (and e5).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.evidence import name_present, names_missing, one_typo, typo_present
from notelens.answer.extractive import extract
from notelens.embed.base import Embedder
from notelens.types import Hit


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("beriods", "the beroids have no tentacles"),  # neighbours swapped
        ("sentanta", "setanta sports launched"),  # a letter added
        ("bedigo", "bendigo and geelong"),  # a letter dropped
        ("arpnet", "arpanet became operational"),
        ("sheeshanks", "john sheepshanks gave"),
    ],
)
def test_one_typo_finds_the_name(name: str, text: str) -> None:
    assert not typo_present(name, "nothing like it here")
    assert typo_present(name, text)
    assert name_present(name, text)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("mixtral", "mistral 7b uses sliding window attention"),  # a changed letter
        ("llama", "llava connects a vision encoder"),
        ("qwen", "owen wrote it"),  # too short to guess
        ("gpt4", "gpt5"),  # not alphabetic
        ("beriods", "veroids"),  # the first letter differs
        ("geegen", "gegenkhan"),  # two letters apart
    ],
)
def test_other_names_are_not_typos(name: str, text: str) -> None:
    assert not name_present(name, text)


@pytest.mark.unit
def test_one_typo_is_symmetric_and_exact() -> None:
    assert one_typo("geegen", "gegeen") and one_typo("gegeen", "geegen")
    assert one_typo("weely", "weekly") and one_typo("weekly", "weely")
    assert not one_typo("weekly", "weekly")
    assert not one_typo("cypiddids", "cydippids")  # two letters changed


@pytest.mark.unit
def test_names_missing_reads_korean_and_english_questions() -> None:
    text = "Setanta Sports는 2009년에 영국 방송을 시작했다. Setanta Sports launched in 2009."
    assert names_missing("What platform was Sentanta Sports planning on?", text) == 0.0
    assert names_missing("Sentanta Sports는 어느 플랫폼으로 출범했어?", text) == 0.0
    assert names_missing("Mixtral은 몇 개의 expert를 써?", "Mistral 7B는 GQA를 쓴다.") == 1.0


EN_HITS = [
    note_hit(
        0,
        "Beroids are a class of comb jellies without tentacles. Beroids use macrocilia as "
        "teeth to bite off pieces of their prey.",
        "Ctenophora",
        "en",
    ),
    note_hit(1, "Cydippids have two tentacles that catch prey.", "Ctenophora", "en"),
]
KO_HITS = [
    note_hit(
        0,
        "- Sentinel 스터디 메모: Setanta Sports는 2009년 영국 중계권을 잃고 방송을 중단했다.\n"
        "- 다음 주에는 스포츠 중계 시장을 정리한다.\n",
        "스포츠 중계 메모",
        "ko",
    ),
]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question", "hits", "expected"),
    [
        ("What do Beriods use as teeth?", EN_HITS, "macrocilia"),
        ("Sentanta Sports는 언제 방송을 중단했어?", KO_HITS, "2009"),
    ],
)
def test_a_misspelt_name_keeps_its_evidence(
    question: str, hits: list[Hit], expected: str, analyzer: Analyzer, embedder: Embedder
) -> None:
    ex = extract(question, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert expected in ex.sentences[0].text
    assert ex.missing == 0.0
    # Spelled as a different name (one letter changed), the same question is weakened.
    other = question.replace("Beriods", "Veriods").replace("Sentanta", "Sentanza")
    weak = extract(other, hits, analyzer=analyzer, embedder=embedder, max_sentences=1)
    assert weak.missing > 0.0
    assert weak.strength < 0.7 * ex.strength
