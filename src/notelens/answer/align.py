"""Short answers in prose: align the question to the answering sentence.

KorQuAD and XQuAD questions are paraphrases of one sentence with the answer replaced
by a question word ("누가", "무엇을", "who") or by an asked-about head noun ("… 다루는
학문은?"). Without a reader model the short answer is found by aligning the two:

* **Candidates** are the sentence's constituents that the question leaves open: Korean
  noun phrases cut at Kiwi's particles (the trailing particle dropped), English noun
  phrases, capitalised runs, numbers and dates; a candidate made of the question's
  own words is no answer.
* **Anchors** are the sentence's morphemes / words that the question has (Kiwi lemma
  or Snowball stem), the question's **predicate** (the verb of the clause around the
  question word) weighing most.
* **Scores** add up what a reader learns: nearness to the anchors and the predicate;
  the slot the question word fills (its particle: "무엇이" wants a phrase before
  이/가, "어디로" one before 로; "who VERB" wants the phrase before the verb); a
  relative clause mirrored in the sentence ("세계 종교의 차이를 비교하는 … 분야는?" →
  "… 비교하는 비교 종교학을"); the answer type (a date for "언제" or "… 년도는?", a
  number for "몇", a name for "who"); a generic noun ("것", "부분", "part") as a penalty.

:func:`ko_span` / :func:`en_span` return ``None`` when no candidate is left (the caller
falls back to the unit-level rules in ``answer/span.py``).

The Korean aligner is ``answer/align_ko.py``, the English one ``answer/align_en.py``;
what they share is ``answer/align_base.py``. This module is the one import for callers.
"""

from __future__ import annotations

from notelens.answer.align_base import Candidate, MemoMorphemes
from notelens.answer.align_en import en_scored, en_span
from notelens.answer.align_ko import ko_scored, ko_span

__all__ = ["Candidate", "MemoMorphemes", "en_scored", "en_span", "ko_scored", "ko_span"]
