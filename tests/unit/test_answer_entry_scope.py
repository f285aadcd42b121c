"""The entry a question names: the version it writes (answer/entry_versions.py) and the
entry's own lines rather than its head (answer/named_head.py).

Notes invented for the test: a link digest, a reading log of dated entries, a numbered
paper list, a meeting log and a daily note, in Korean, English and mixed; real Kiwi, no e5.
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.entry_versions import versions_of
from notelens.answer.extractive import extract
from notelens.answer.named_head import head_name

pytestmark = pytest.mark.unit

# A reading log: the same model's two versions as dated entries, the later restating the
# earlier's facts in the same words.
READING_LOG = (
    "# reading log\n"
    "## 2026-05-02 · Heron-MoE ★\n"
    "- 32 experts, top-2 routing\n"
    "- train: 256x H100, 17 days\n"
    "## 2026-10-20 · Heron-MoE 2 ★\n"
    "- 64 experts + 2 shared, top-4 routing\n"
    "- train 5.2T tokens, 512x H100, 26 days, same recipe as Heron-MoE\n"
)
# A link digest in mixed Korean and English, each entry a title with bullets under it.
DIGEST = (
    "# 링크 모음 10월\n"
    "- 📜 [Larkspur] Wren-Embed: Multilingual Embeddings for Search\n"
    "  - 300M 파라미터, 최대 입력 4,096 tokens\n"
    "  - MIRACL 한국어 nDCG@10 61.2\n"
    "- 📜 [Larkspur] Wren-Embed v2\n"
    "  - 900M parameters, 16,384-token input, 80 languages\n"
    "  - MIRACL Korean nDCG@10 66.0 (v1 was 61.2)\n"
    "- 📜 [Larkspur] Wren-Embed-small\n"
    "  - 90M parameters, 1,024-token input\n"
    "- 📜 [Osprey] Osprey-3B: A Compact Bilingual Model\n"
    "  - 1.8T 토큰으로 학습한 3B 모델, MIT license\n"
    "  - 💬 나중에 Osprey-Chat의 베이스가 됨\n"
)
# A paper's values written after a name ("CoT 27.5%"): values, not versions.
VALUES = (
    "# 읽은 논문 11월\n"
    "- 📜 [Marlow] Idle Thinkers: When Small Models Skip Reasoning\n"
    "  - 0.5B 모델 기준 direct answer 31.2%, CoT 27.5%\n"
    "  - 작은 모델(1B 이하)은 CoT를 쓰면 중간 계산 실수가 쌓여서 정확도가 떨어짐\n"
    "- 📜 [Marlow] CoT 2: Reasoning Budgets\n"
    "  - CoT 길이를 예산으로 제한하면 정확도가 오름\n"
)
# A numbered paper list whose bullets follow each number unindented.
PAPER_LIST = (
    "# 읽은 논문\n"
    "1. Lantern Probes: Reading Truthfulness from Hidden States\n"
    "- 중간 layer의 hidden state에 선형 probe를 달면 거짓 답변을 78% 정확도로 찾아냄\n"
    "2. Quiet Heron or Loud Finch: How Models Weigh Retrieved Evidence\n"
    "- 검색된 문서가 틀렸을 때도 모델이 그대로 따라가서 오답을 내는 문제를 지적\n"
    "3. Marble Bench: A Suite for Long-Form Factuality\n"
    "- 장문 답변을 원자적 사실로 쪼개 하나씩 검증\n"
)
# A meeting log: agenda items as numbered heads with decisions under them, and the same
# in nested bullets.
MEETING_LOG = (
    "# 랩 미팅 2026-09-14\n"
    "1. GPU 배분 (가을 학기)\n"
    "- 결정: A100 8장 중 4장을 학위논문 실험에 우선 배정\n"
    "2. Reading group restart\n"
    "- decided: resume in October, every other Thursday\n"
)
MEETING_NESTED = (
    "# Lab meeting 2026-09-21\n"
    "- Thesis-GPU queue\n"
    "  - decided: 결정은 다음 주로 미룸, 4 GPUs stay shared until then\n"
    "- Reading-Group schedule\n"
    "  - moves to Thursday 4pm from October\n"
)
# A daily note: to-dos under the day's heading.
DAILY = (
    "# 2026-03-09 daily\n"
    "- [x] Loon-2B eval 결과 정리\n"
    "- [ ] 모델 카드 초안\n"
    "- 📜 [Tidewell] Pelican-9B: Open Weights for Korean\n"
    "  - license is Apache-2.0\n"
    "  - later became the base of Pelican-Instruct\n"
)


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("Heron-MoE", "2026-10-20 · Heron-MoE 2 ★", {"2"}),
        ("Heron-MoE", "2026-05-02 · Heron-MoE ★", {""}),
        ("Wren-Embed", "📜 [Larkspur] Wren-Embed v2", {"2"}),
        ("Wren-Embed", "Wren-Embed: Multilingual Embeddings", {""}),
        # A longer name is another name, not a version.
        ("Wren-Embed", "📜 [Larkspur] Wren-Embed-small", set()),
        ("Wren-Embed", "Wren-Embedder results", set()),
        # A year after the name is no version.
        ("Heron-MoE", "Heron-MoE 2026 report", {""}),
        ("Heron-MoE", "nothing about it", set()),
        # A Korean particle glued to the name is no part of it.
        ("Heron-MoE", "Heron-MoE는 17일 걸림", {""}),
        ("Heron-MoE", "Heron-MoE 2는 26일", {"2"}),
    ],
)
def test_versions_written(name: str, text: str, found: set[str]) -> None:
    assert versions_of(name, text) == found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("📜 [Larkspur] Wren-Embed: Multilingual Embeddings for Search", "Wren-Embed"),
        ("Quiet Heron or Loud Finch: How Models Weigh", "Quiet Heron or Loud Finch"),
        ("GPU 배분 (가을 학기)", "GPU 배분"),
        ("🗞️ [Osprey] Osprey-3B", "Osprey-3B"),
    ],
)
def test_head_names(text: str, name: str) -> None:
    assert head_name(text) == name


def _answer(question: str, text: str, analyzer: Analyzer, heading: str = "notes") -> str:
    ex = extract(question, [note_hit(0, text, heading)], analyzer=analyzer, embedder=None)
    return " ".join(s.text for s in ex.sentences)


@pytest.mark.parametrize(
    ("notes", "question", "want", "not_want"),
    [
        (READING_LOG, "How many days did the Heron-MoE training run take?", "17 days", "26 days"),
        (READING_LOG, "Heron-MoE 학습은 며칠 걸렸어?", "17 days", "26 days"),
        (READING_LOG, "How many days did the Heron-MoE 2 training run take?", "26 days", "17 days"),
        # The same in a link digest: each version an entry title with bullets under it.
        (DIGEST, "What input length does Wren-Embed accept?", "4,096", "16,384"),
        (DIGEST, "Wren-Embed 최대 입력 길이는?", "4,096", "16,384"),
        (DIGEST, "What input length does Wren-Embed v2 accept?", "16,384", "4,096"),
    ],
)
def test_the_asked_version_answers(
    notes: str, question: str, want: str, not_want: str, analyzer: Analyzer
) -> None:
    got = _answer(question, notes, analyzer)
    assert want in got and not_want not in got, got


def test_a_value_after_a_name_is_no_version(analyzer: Analyzer) -> None:
    got = _answer(
        "Idle Thinkers 논문에서 0.5B 모델은 CoT 쓰면 정확도가 얼마였어?", VALUES, analyzer
    )
    assert "27.5%" in got, got


@pytest.mark.parametrize(
    ("question", "text", "want"),
    [
        ("Quiet Heron or Loud Finch 논문 항목에서 지적한 문제는?", PAPER_LIST, "오답을 내는 문제"),
        ("What problem does the Quiet Heron or Loud Finch entry point out?", PAPER_LIST, "오답"),
        ("Osprey-3B는 라이선스가 뭐야?", DIGEST, "MIT license"),
        ("GPU 배분 안건에서 뭘 결정했어?", MEETING_LOG, "4장을 학위논문"),
        ("What was decided on the GPU 배분 item?", MEETING_LOG, "4장을 학위논문"),
        ("When does the Reading-Group schedule change?", MEETING_NESTED, "Thursday 4pm"),
        ("Which model was Pelican-9B later the base of?", DAILY, "Pelican-Instruct"),
    ],
)
def test_a_named_entry_answers_with_its_lines(
    question: str, text: str, want: str, analyzer: Analyzer
) -> None:
    got = _answer(question, text, analyzer)
    assert want in got, got


@pytest.mark.parametrize(
    ("question", "text", "want"),
    [
        # A title asked: the head is the answer.
        ("480B가 아니라 3B짜리 bilingual 모델 논문 제목 뭐였지?", DIGEST, "Osprey-3B: A Compact"),
        ("Osprey-3B 논문 제목이 뭐였지?", DIGEST, "A Compact Bilingual"),
        # An organisation asked: the head's "[Org]" tag answers.
        ("Wren-Embed-small 만든 기관이 어디야?", DIGEST, "Larkspur"),
    ],
)
def test_a_title_asked_is_still_the_head(
    question: str, text: str, want: str, analyzer: Analyzer
) -> None:
    got = _answer(question, text, analyzer)
    assert want in got, got
