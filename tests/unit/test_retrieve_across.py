"""Which passages count a query's translations at full weight (retrieve/across.py, issue
#15 / #22, sixteenth round): the other script than the question's."""

from __future__ import annotations

import pytest

from notelens.analysis.lang import detect_lang
from notelens.config import FusionConfig
from notelens.retrieve.across import other_script

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("query", "lang", "other"),
    [
        ("세미나 손님은 어느 회사에서 왔어?", "ko", "en"),
        ("Which company did the seminar guest come from?", "en", "ko"),
        # a mixed question counts as the script most of its letters are in (a Latin letter
        # weighing a third, as detect_lang weighs it): a Korean sentence with English terms
        ("speculative decoding 세미나 손님은 어디서 왔어?", "mixed", "en"),
        # an English sentence with one Korean word
        ("What did the 세미나 speaker say about the phone memory bottleneck?", "mixed", "ko"),
        # English terms outweighing the Korean words
        ("reranker fine-tuning에서 hard negative 개수는?", "mixed", "ko"),
    ],
)
def test_the_other_script_is_the_one_the_question_is_not_written_in(
    query: str, lang: str, other: str
) -> None:
    assert detect_lang(query) == lang
    assert other_script(query, lang) == other


def test_the_step_is_off_by_default_and_measured_at_an_english_querys_weight() -> None:
    fusion = FusionConfig()
    # the reduced weight stays for a Korean or mixed question's passages in general ...
    assert fusion.translated_weight("ko") == fusion.translated_weight("mixed") < 1.0
    # ... and the other script's step is opt-in (its answers did not follow: docs)
    assert fusion.translated_weight_across == 0.0
    assert fusion.translated_weight("en") == 1.0  # the weight it was measured at
