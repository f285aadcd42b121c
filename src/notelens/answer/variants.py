"""Refusal signal of a unit about a named variant of the asked model, not the model.

Model and benchmark names grow by hyphenated words: a language ("Halcyon-Embed-v2-Ko"),
a tuning ("Gaon-2-Chat", "Tern-7B-Instruct"), a size class ("Kestrel-MoE-Lite"), a
modality ("Petrel-3-Vision"). Each variant is a model of its own, with its own specs: a
question about "Halcyon-Embed-v2" over the bullet "최대 입력 8,192 토큰" under the
"Halcyon-Embed-v2-Ko" entry shares every word with it, and the unit answers for the
variant. ``members.sibling_only`` sees no sibling (no number differs), and
``unqualified.numbered_missing`` none (the asked name is written, as the variant's
prefix).

:func:`extended_only` reads the quoted units with their heading paths and entries: the
question's hyphenated name is written there, but every time with a further word glued by
a hyphen that the question does not write. ``members.member_factor`` counts it as a
sibling's answer (``SIBLING_PENALTY``). A further number ("Gorae-3B-8K", "Tessel-MoE-30B")
is left alone: a size or a release of the family is ``members.py``'s to judge.
"""

from __future__ import annotations

import re

# A hyphenated Latin name with a capital: "Halcyon-Embed-v2", "Gaon-2", "MT-Bench",
# "GPT-4o". (Not inside a longer word or a URL path: "/embed-v2".)
_NAME_RE = re.compile(r"(?<![\w./-])[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+")
# The extension a variant adds: a hyphen and a word that begins with a letter.
_EXTENSION_RE = re.compile(r"-([A-Za-z][A-Za-z0-9]*)")


def extended_only(question: str, scope: str) -> bool:
    """Whether ``scope`` (the quoted units with their contexts) writes one of the
    question's hyphenated names, and every time only as the prefix of a longer name
    whose further word the question does not write ("Halcyon-Embed-v2-Ko" for
    "Halcyon-Embed-v2")."""
    asked_words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", question)}
    for name in dict.fromkeys(_NAME_RE.findall(question)):
        # (Case as written: a URL's lowercase slug "embed-v2-ko" is no occurrence.)
        spots = list(re.finditer(rf"(?<![\w-]){re.escape(name)}(?![A-Za-z0-9])", scope))
        if not spots:
            continue
        extensions = [_EXTENSION_RE.match(scope, m.end()) for m in spots]
        if all(e is not None and e.group(1).lower() not in asked_words for e in extensions):
            return True
    return False


def _spelled(name: str) -> str:
    """A pattern for ``name`` in any of the spellings notes use: its parts joined by a
    hyphen, a space, an underscore or nothing, in any case ("Gaon-2-Chat", "Gaon-2 Chat",
    "gaon_2_chat")."""
    parts = [re.escape(p) for p in name.split("-")]
    return r"(?<![A-Za-z0-9])" + r"[\s_-]?".join(parts) + r"(?![A-Za-z0-9])"


def extension_missing(question: str, scope: str) -> bool:
    """Whether one of the question's hyphenated names ends in a word ("Kestrel-MoE-Lite",
    "Gaon-2-Chat") that ``scope`` never writes with it, while ``scope`` writes the name
    without it ("Kestrel-MoE", "Gaon-2"): the units are the base model's, not the asked
    variant's. (A release number is ``unqualified.py``'s: "Quill-Embed-v2".)"""
    for name in dict.fromkeys(_NAME_RE.findall(question)):
        base, _, last = name.rpartition("-")
        if not last[:1].isalpha() or re.fullmatch(r"[vV]\d.*", last) or "-" not in name:
            continue
        # (The base must read as a model's name of its own: parts, a number or an inner
        # capital, "Kestrel-MoE", "Gaon-2", "DeepSeek"; "Self" of "Self-Consistency" is a
        # word.)
        if not re.search(r"-|\d|[a-z][A-Z]", base) or not re.search(r"[A-Za-z]", base):
            continue
        if re.search(_spelled(name), scope, re.I):
            continue
        # (The base on its own, not as another variant's prefix: "Gaon-2-Base".)
        if re.search(_spelled(base) + r"(?![-_][A-Za-z])", scope, re.I):
            return True
    return False


__all__ = ["extended_only", "extension_missing"]
