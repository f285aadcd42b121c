"""A note line that states the verdict a superlative question asks: "젤 좋았던 청크 설정"
over "512 토큰 + 문단 경계가 최고 (answer F1 0.58)".

An experiment's bullets list what was compared ("청크 크기 256 / 512 / 1024 토큰 비교")
and then which won ("512 토큰 + 문단 경계가 최고", "rank 16 was best"). A question asking
the best (or the worst) setting restates the compared thing, so the line listing the
candidates shares as many words with it as the line naming the winner, and comes first.
The question's superlative ("제일 / 젤 / 가장 좋았던", "best", "worked best") is what the
verdict line writes in its own words ("최고", "가장 높", "best", "1위"): such a line
gains a type step. Table rows are ``answer/extreme_rows.py``'s (their numbers decide),
prose sentences are left alone (an encyclopedia's "가장 큰 …" is no verdict).
"""

from __future__ import annotations

import re

from notelens.answer.units import AnswerUnit

_I = re.IGNORECASE
_MOST = r"(?:제일|젤|가장)\s*"
# (asked, stated) for the best and for the worst.
_VERDICTS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(
            rf"{_MOST}(?:좋|잘\s*(?:된|됐|나온|나왔)|나은|나았|우수|효과)|최고|\bbest\b"
            r"|\bworked best\b|\bwinner\b|\bwinning\b",
            _I,
        ),
        re.compile(
            rf"최고|최선|{_MOST}(?:좋|나은|나았|높)|\bbest\b|\bwinner\b|\bwins\b|\bwon\b|1위"
            r"|\btop-?1\b",
            _I,
        ),
    ),
    (
        re.compile(rf"{_MOST}(?:나쁜|나빴|안\s*좋|못)|최악|\bworst\b", _I),
        re.compile(rf"최악|최저|{_MOST}(?:나쁜|나빴|낮)|\bworst\b|꼴찌", _I),
    ),
)


def states_verdict(question: str, unit: AnswerUnit) -> bool:
    """Whether ``unit`` (a bullet or a labelled line) states the best or worst that the
    question asks for."""
    if unit.kind in ("sentence", "row", "title"):
        return False
    return any(asks.search(question) and states.search(unit.text) for asks, states in _VERDICTS)
