"""An entry the question names is asked about, not for: its lines answer, not its title.

Notes write an entry as a head line with its own lines under it: a paper or model title
with nested bullets, or a numbered line with the bullets that follow it::

    - 📜 [Kestrel] Kestrel-7B: A Small Open Model      2. Adaptive Chameleon or Stubborn Sloth: …
      - 2.4T 토큰으로 학습한 7B dense 모델              - counter-memory가 잘못된 정보라 … 문제 존재
      - 💬 나중에 Kestrel-R1의 base가 됨                3. Benchmarking Foundation Models …

"Kestrel-7B는 이후 어떤 모델의 베이스로 쓰였어?", "Adaptive Chameleon or Stubborn Sloth 논문
항목에서 지적한 문제는?", "What did the Kestrel-7B entry say about its license?" write the
entry's name to say which entry they mean, and ask one of its lines. The head line shares
the most words with such a question (it is the name), so it scores best; but a question
does not ask for what it already says. When the best unit is such a head and the question
writes its name, the best-scored of its own lines answers instead: for a name question
("어떤 모델?", "which model"), the best of its lines that writes a name the question does
not (answer/entry_title.py's ``names_itself``).

Left alone: a question asking for a title (the head is then the answer, "… 논문 제목
뭐였지"), a definition question ("FLASK가 뭐야?" over "FLASK: Fine-grained …"), a date or
week (the entry's heading holds it), an organisation (the head's "[Org]" tag), and a
question asking where the entry is kept (answer/container.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notelens.answer.container import asks_container
from notelens.answer.entry_title import names_itself
from notelens.answer.extractive import Candidate
from notelens.answer.qtype import LATIN_NAME_RE, AnswerType

__all__ = ["head_name", "named_head_line", "names_head"]

# What opens a head before its name: a list number, an emoji, a "[Org]" tag.
_PREFIX_RE = re.compile(r"^(?:\s*(?:\d{1,3}[.)]|[^\w\s\[(]+|\[[^\]]{1,40}\]))+\s*")
# Where a head's short name ends: "Name: subtitle", "Name — note", "Name (2024)".
# (A colon may be written without its space, "Harms:Methods", but not a link's.)
_NAME_END_RE = re.compile(r"\s*(?::(?!//)|\s[—–-]\s|\().*$")


def head_name(text: str) -> str:
    """The short name a head line gives its entry ("📜 [Kestrel] Kestrel-7B: A Small Open
    Model" -> "Kestrel-7B")."""
    return _NAME_END_RE.sub("", _PREFIX_RE.sub("", text)).strip()


def _norm(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text).strip().lower()


def names_head(question: str, text: str) -> bool:
    """Whether ``question`` writes the name of the entry ``text`` heads: its short name
    whole, or a name of the question (a word with a digit, a hyphen or an inner capital:
    "Kestrel-7B", "StreamSink") inside the head's short name."""
    name = _norm(head_name(text))
    low = _norm(question)
    if len(name) >= 4 and name in low:
        return True
    return any(_word_in(w, name) for w in _name_words(question))


def _name_words(question: str) -> list[str]:
    """The question's words that are names: a digit, a hyphen or an inner capital
    ("Kestrel-7B", "StreamSink", "GPT-4o"), four characters or more."""
    words = (m.group(0).split()[0] for m in LATIN_NAME_RE.finditer(question))
    return [w for w in words if len(w) >= 4 and re.search(r"[\d-]|\w[A-Z]", w)]


def _word_in(word: str, text: str) -> bool:
    """``word`` written whole in ``text`` ("LoRA" is not in "QLoRA")."""
    # (A Korean particle may follow it: "Orbit-Embed가".)
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![A-Za-z0-9-])", text, re.I) is not None


def _own_lines(best: Candidate, cands: Sequence[Candidate]) -> list[Candidate]:
    """The lines of the entry ``best`` heads: those nested under it (a title's bullets),
    or for a numbered head with no nesting, the unnumbered lines after it up to the next
    numbered one."""
    unit = best.unit
    assert unit is not None
    same = [c for c in cands if c.hit_index == best.hit_index and c.unit is not None]
    if unit.kind == "title":
        # (Its context and below: "… > title" and "… > title > label".)
        own = f"{unit.context} > {best.text}".lstrip(" >") + " > "
        return [c for c in same if c.unit is not None and f"{c.unit.context} > ".startswith(own)]
    after = sorted(
        (
            c
            for c in same
            if c.unit is not None and c.unit.context == unit.context and c.position > best.position
        ),
        key=lambda c: c.position,
    )
    out: list[Candidate] = []
    for c in after:
        if c.unit is None or c.unit.numbered:
            break
        out.append(c)
    return out


def named_head_line(
    question: str, atype: AnswerType, entry_asked: bool, best: Candidate, cands: Sequence[Candidate]
) -> Candidate:
    """``best``, or the best of its own lines when ``best`` heads an entry the question
    names and asks about."""
    unit = best.unit
    # (A date or week asked of a named entry is its heading's, which the head carries:
    # "SpecLadder 2는 몇 월 노트에 정리돼 있어?" under "## August"; an organisation is the
    # head's own "[Org]" tag: "KoSafe 만든 기관이 어디야?".)
    if unit is None or atype.kind in ("title", "definition", "date", "week", "org"):
        return best
    # (A name question counts as asking the entry; a question describing a document,
    # "… 줄인 논문", asks its title.)
    if (entry_asked and atype.kind != "name") or asks_container(question) is not None:
        return best
    if not (unit.kind == "title" or (unit.numbered and unit.kind in ("item", "definition"))):
        return best
    if not names_head(question, best.text):
        return best
    lines = _own_lines(best, cands)
    if atype.kind == "name":
        lines = [c for c in lines if names_itself(question, atype, c.text)]
    return max(lines, key=lambda c: c.score) if lines else best
