"""Which unit answers a number question: the one writing a number in the asked unit
(issue #15, thirteenth round), and the question / token patterns it rests on.

The extractor runs with the real Kiwi analyzer (session fixture) and no embedder; the
notes are made up for the tests.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer import extractive
from notelens.answer.changed import changes
from notelens.answer.extractive import extract
from notelens.answer.numbers import asked_unit
from notelens.answer.qtype import NUMBER_RE, answer_type
from notelens.answer.roles import asked_roles, unit_role
from notelens.answer.units import build_units

# -- the asked unit of a line --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "text", "fit"),
    [
        # the asked counter, against a date's day and a clock time
        ("세미나에는 몇 명이 왔어?", "세미나 참석 24명, 질문이 많았음", 1),
        ("세미나에는 몇 명이 왔어?", "세미나는 11월 3일(화) 15:00, 연사 Ana Ruiz", 0),
        # a count of days, against a magnitude of tokens
        ("Orca-9 학습하는 데 며칠 걸렸어?", "GPU 256대, 총 37일", 1),
        ("Orca-9 학습하는 데 며칠 걸렸어?", "증류 데이터 2.1T", -1),
        ("How many days did the Orca-9 run take?", "train 5.2T tokens, 37 days", 1),
        # the noun after a magnitude is what it counts ("410k pairs")
        ("Orca-9의 DPO 데이터는 몇 쌍이야?", "선호 데이터 30k pairs 수집", 1),
        ("Orca-9의 DPO 데이터는 몇 쌍이야?", "corpus 3.4T tokens", -1),
        ("What is the embedding's dimension?", "output 768 dimensions, max 8,192 tokens", 1),
        # a unit without numbers of a known class says nothing
        ("세미나에는 몇 명이 왔어?", "KMMLU 48.9, MMLU 63.2", 0),
        # the question's own number is no answer
        ("20명 중 몇 명이 끝까지 남았어?", "처음 20명으로 시작", 0),
        # a number after a word of the asked class ("차원 1,024")
        ("Orca-Embed 임베딩 차원이 몇이야?", "차원 1,024, 최대 입력 8,192 토큰", 1),
        # a size is also written in bytes
        (
            "Orca 8B에서 토큰당 KV cache 크기는?",
            "레이어당 KV는 24,576 bytes, 전체 1.5MB",
            1,
        ),
        # a factor asks a ratio, not the measure it multiplies
        ("By what factor does KVSqueeze cut KV cache memory?", "KV cache memory를 5.3배 줄임", 1),
        ("By what factor does KVSqueeze cut KV cache memory?", "남는 메모리가 6GB 정도뿐", -1),
        # "몇 회차" asks which session, "몇 회" / "how many sessions" how often
        ("몇 회차에 결석했어?", "결석 2회 이상이면 수료증 없음", -1),
        ("몇 회차에 결석했어?", "2회차 결석", 1),
        ("How many sessions must a member attend?", "출석 7회 이상", 1),
        # a generic counter (개) gives way to the measure the question names
        ("draft head는 파라미터가 몇 개야?", "보조 head 크기 35M", 1),
        ("draft head는 파라미터가 몇 개야?", "본 모델의 block 4개를 다시 씀", -1),
        # a counted word of no known class: the number counting it fits, a magnitude
        # is no miss (only a known class asked makes another one a miss)
        ("How many experts in total does Orca-MoE have?", "96 experts, 6 routed per token", 1),
        ("How many experts in total does Orca-MoE have?", "30B total parameters", 0),
        ("Orca 논문은 4월에 몇 편 읽었어?", "4월에 논문 3편 읽음", 1),
    ],
)
def test_fit(question: str, text: str, fit: int) -> None:
    asked = asked_unit(question)
    assert asked is not None
    assert asked.fit(text) == fit


@pytest.mark.parametrize("question", ["Orca-9는 누가 만들었어?", "What is the score of Orca-9?"])
def test_questions_asking_no_unit(question: str) -> None:
    assert asked_unit(question) is None


# -- the extractor: the unit in the asked measure answers -----------------------------------

_NOTE_KO = (
    "## 외부 세미나\n"
    "- 초청 세미나 일정은 11월 3일(화) 15:00, 발표 Ana Ruiz.\n"
    "- Ana Ruiz 세미나 후기: 참석 24명. 평가 방법 질문이 많았음.\n"
)
_NOTE_MIXED = (
    "## Orca-9\n"
    "- Orca-40에서 지식 증류, 증류 학습에 쓴 토큰 2.1T\n"
    "- 본 학습은 토큰 11T, GPU 512대로 37일 학습\n"
)
_NOTE_EN = (
    "## Orca-9\n"
    "- distilled from Orca-40, training tokens 2.1T\n"
    "- 11T tokens on 512 H100s, 37 days\n"
)


@pytest.mark.parametrize(
    ("question", "note", "lead"),
    [
        ("Ana Ruiz 세미나에는 몇 명이 왔어?", _NOTE_KO, "24명"),
        ("Orca-9 학습하는 데 며칠 걸렸어?", _NOTE_MIXED, "37일"),
        ("How many days did Orca-9 training take?", _NOTE_EN, "37 days"),
    ],
)
def test_the_unit_in_the_asked_measure_leads(
    question: str, note: str, lead: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    hits = [note_hit(0, note, "notes")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert lead in ex.sentences[0].text
    # Without the rule the other line, richer in the question's words, leads.
    monkeypatch.setattr(extractive, "W_UNIT_FIT", 0.0)
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert lead not in ex.sentences[0].text


# -- the patterns ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("SFT 250k pairs, RM 75k", ["250k", "75k"]),
        ("few-shot 평가는 128-shot까지", ["128-shot"]),
        ("corpus 3.4T tokens", ["3.4T"]),
        ("Orca-9B-Chat, hit@5", ["5"]),
        ("v3 모델, GPT-4o", []),
    ],
)
def test_number_tokens(text: str, numbers: list[str]) -> None:
    assert [m.group(0) for m in NUMBER_RE.finditer(text)] == numbers


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("몇 시간 걸렸어?", "number"),
        ("Orca-Embed v2 임베딩 차원은?", "number"),
        ("차원을 줄이는 방법은?", "method"),
        ("이 도구를 만든 사람 이름은?", "person"),
    ],
)
def test_answer_types(question: str, kind: str) -> None:
    assert answer_type(question).kind == kind


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("표 질문 hit@1이 0.81에서 0.86이 됐다", ("0.81", "0.86")),
        ("평균 응답이 35분에서 68분이 되었다", ("35분", "68분")),
        ("raised from 4k to 32k", ("4k", "32k")),
    ],
)
def test_changes_that_became(text: str, pair: tuple[str, str]) -> None:
    (old, new), *_ = changes(text)
    assert (text[old[0] : old[1]], text[new[0] : new[1]]) == pair


@pytest.mark.parametrize(
    "question",
    ["Who runs the Tuesday reading group?", "모임장은 누구야?", "스터디를 이끄는 사람은 누구야?"],
)
def test_who_runs_asks_the_organiser(question: str) -> None:
    assert asked_roles(question) == frozenset({"organizer"})


def test_an_organiser_line_inside_a_paragraph_names_the_role() -> None:
    text = "We meet on Tuesdays.\nOrganiser: Ana Ruiz. Questions go to the channel."
    roles = [unit_role(u) for u in build_units(text, "group")]
    assert "organizer" in roles
