from __future__ import annotations

import pytest

from notelens.analysis.sentences import hard_split_spans, sentence_spans, split_sentences

pytestmark = pytest.mark.unit


def test_korean_sentence_endings() -> None:
    text = "LoRA는 저랭크 행렬만 학습한다. 메모리가 크게 줄어요. 성능은 비슷함. 재현도 됨. 정말?"
    assert split_sentences(text) == [
        "LoRA는 저랭크 행렬만 학습한다.",
        "메모리가 크게 줄어요.",
        "성능은 비슷함.",
        "재현도 됨.",
        "정말?",
    ]


def test_korean_ending_glued_to_next_sentence() -> None:
    got = split_sentences("실험을 반복했다.결과는 같았다.")
    assert got == ["실험을 반복했다.", "결과는 같았다."]


@pytest.mark.parametrize(
    "text",
    [
        "The gain was 3.25 points on MMLU with v1.0 of the data.",
        "Adapters, e.g. LoRA and IA3, train few parameters.",
        "Hu et al. propose low-rank updates for attention weights.",
        "As shown in Fig. 2 and Eq. 3, the loss goes down.",
        "See https://arxiv.org/abs/2106.09685v2 for the paper.",
        "J. Smith wrote the follow-up paper.",
        "It supports GPT-3.5, Llama 2, etc. and more.",
    ],
)
def test_no_split_inside_one_sentence(text: str) -> None:
    assert split_sentences(text) == [text]


def test_english_boundaries_and_urls() -> None:
    text = "Read https://arxiv.org/abs/2305.14314. It is QLoRA! Does it work? Yes…"
    assert split_sentences(text) == [
        "Read https://arxiv.org/abs/2305.14314.",
        "It is QLoRA!",
        "Does it work?",
        "Yes…",
    ]


def test_line_breaks_are_boundaries_but_soft_wraps_are_not() -> None:
    text = (
        "토크나이저 비교 메모\nSentencePiece가 한국어에서 더 짧은 시퀀스를 만듦\n- 어휘 크기\n"
        "the tokenizer was\ntrained on web text."
    )
    assert split_sentences(text) == [
        "토크나이저 비교 메모",
        "SentencePiece가 한국어에서 더 짧은 시퀀스를 만듦",
        "- 어휘 크기",
        "the tokenizer was\ntrained on web text.",
    ]


def test_list_numbers_at_line_start_do_not_split() -> None:
    got = split_sentences("1. Pretraining\n2. Instruction tuning")
    assert got == ["1. Pretraining", "2. Instruction tuning"]


def test_spans_are_trimmed_offsets() -> None:
    text = "  첫 문장이다.   둘째 문장이다.  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["첫 문장이다.", "둘째 문장이다."]


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n ") == []


def test_hard_split_prefers_whitespace_and_respects_limit() -> None:
    text = "word " * 100
    spans = hard_split_spans(text, 0, len(text.rstrip()), 42)
    assert all(b - a <= 42 for a, b in spans)
    assert all(not text[a:b].startswith(" ") and text[b - 1] != " " for a, b in spans)
    assert " ".join(text[a:b] for a, b in spans).split() == text.split()
    no_space = "가" * 100
    assert [b - a for a, b in hard_split_spans(no_space, 0, 100, 30)] == [30, 30, 30, 10]


def test_fast_on_long_text() -> None:
    import time

    one = "이 문장은 테스트용 문장입니다. This is an English sentence, e.g. with 3.5 numbers. "
    text = one * 20000
    t0 = time.thread_time()  # CPU time of this thread: the work, not the machine's load
    spans = sentence_spans(text)
    assert len(spans) == 40000
    assert time.thread_time() - t0 < 3.0  # linear: ~0.5 s for 1.4 M chars
