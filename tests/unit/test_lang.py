from __future__ import annotations

import pytest

from notelens.analysis.lang import detect_lang, final_consonant, has_hangul, is_hangul_word

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("GQA는 MQA와 무엇이 다른가", "ko"),
        ("LoRA를 쓰면 파라미터 수가 줄어든다", "ko"),
        ("how does LoRA cut trainable parameters", "en"),
        ("Low-Rank Adaptation (LoRA) freezes the pretrained weights; 한", "en"),
        ("12345 — 3.25", "en"),
        ("", "en"),
        ("Direct Preference Optimization removes the reward model 보상 모델 없이", "mixed"),
        ("사전학습 pre-training 데이터셋 dataset", "mixed"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("text", "has", "word"),
    [
        ("LoRA를 쓰면", True, False),
        ("발표자", True, True),
        ("how does LoRA work", False, False),
        ("ㅋㅋ", False, False),  # jamo alone write no syllable
        ("", False, False),
    ],
)
def test_hangul_syllables(text: str, has: bool, word: bool) -> None:
    assert has_hangul(text) is has
    assert is_hangul_word(text) is word


@pytest.mark.parametrize(
    ("syllable", "final"),
    [
        ("은", "ㄴ"),
        ("간", "ㄴ"),
        ("쓸", "ㄹ"),
        ("넣", "ㅎ"),
        ("가", ""),
        ("a", ""),
        ("", ""),
        ("은다", ""),
    ],
)
def test_final_consonant(syllable: str, final: str) -> None:
    """A syllable's final consonant (a verb's modifier closes with ㄴ or ㄹ); nothing for an
    open syllable, a Latin letter or more than one syllable."""
    assert final_consonant(syllable) == final
