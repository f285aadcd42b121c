"""The relation a question asks about its topic, and the lines of a note that state it.

Under one heading every line shares the topic ("Red LM", "MHA", "Pre-train data"), so the
question's topic words do not tell its lines apart; what does is the *relation* the
question asks for, which it writes in one word and the note writes in another:

- a **limitation** ("X의 한계가 뭐였지", "MHA 문제점", "What limitation of …"): notes
  write a limit as what is scarce, hard, costly or impossible ("비용이 많이 들고 …
  제한이 있음", "메모리를 많이 사용하여 병목현상", "is limited to", "lacks");
- a **comparison won** ("What did X outperform?", "X가 뭐보다 나았어?"): "…보다 우수한
  성능", "능가", "better than", "surpasses";
- a **contrast** ("What does A update that B does not?", "A와 달리 B는?"): the line that
  says what the other does not ("하지만 B는 … 되지 않는다", "반면", "unlike", "whereas");
- an **example** ("예시 있어?", "give an example"): "예를 들어", "예:", "e.g.", "such as";
- a **conclusion** ("결론이 뭐야", "What did they conclude?"): "결론", "결과적으로",
  "in conclusion", "overall";
- a **source** ("어디서 수집해?", "Where does the data come from?"): "…에서 수집", "출처",
  "collected from", "crawled".
- the **prior** state, before the entry's method ("ControlNet 이전엔 어떻게 했어야 했어?",
  "What did earlier alignment methods require?"): "기존의 …", "이전에는 …", "…에 한계가
  있어서", "existing", "previously" (round 30; read first, and also among the best
  line's siblings at any score: :data:`ENTRY_FOCI`).

:func:`asked_focus` reads the relation from the question's words alone;
:func:`states_focus` tells whether a line (or the innermost label above it: notes put a
"### 한계" / "Limitations:" heading over the lines that state them) writes that relation.
The unit scorer gives such a line ``W_FOCUS`` (``answer/candidates.py``).
"""

from __future__ import annotations

import re

from notelens.answer.units import AnswerUnit

_I = re.IGNORECASE

# "뭐가 문제", "문제가 뭐", "문제였어", "문제는 어떻대", "생기는 문제": a question asking
# what is wrong; "문제" followed by a particle and no asking word names a task instead.
_ASKED_PROBLEM_KO = (
    r"|뭐가\s*문제|무엇이\s*문제|문제(?:가|는|였|라고|이었)\s*(?:뭐|무엇|무슨|어떻|였|래|대|야)"
    r"|문제(?:였|이었)|(?:생기는|생길\s*수\s*있는|발생하는)\s*문제(?!\s*(?:를|을|도)\s*(?:풀|해결))"
)

# (focus, what a question asking it writes, what a line stating it writes). The first
# question pattern that matches names the focus: a limitation question may also ask
# what it "motivates" or how it compares, and the limitation is what it asks for. The
# prior state comes first: "LIMA 이전 정렬 방법은 뭐가 문제였어?" asks the earlier
# methods' limit, which the note writes as "기존의 조정 방법은 …" beside a line of the
# entry's own limits ("제한된 데이터만으로도 …").
_FOCI: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "prior",
        # "ControlNet 이전엔 어떻게 했어야 했어?", "What did earlier alignment methods
        # require?", "Where did diffusion models operate before Latent Diffusion?": the
        # state before the entry's method, which notes write as "기존의 …", "이전에는 …",
        # "…에 한계가 있어서", not in the question's word. Not a neighbour asked ("right
        # before BERT", "바로 이전 항목") nor a date ("2022년 이전", "before 2022").
        re.compile(
            r"(?<!년 )(?<!년)이전(?:엔|에는)"
            r"|이전\s*(?:의\s*)?(?:\S+\s+)?(?:모델|방법|연구|기법|접근|방식)"
            r"|\bearlier\s+(?:[\w-]+\s+){0,2}?(?:methods?|models?|approaches|work|systems?"
            r"|techniques?)\b|\bprior\s+(?:methods?|models?|approaches|work)\b|\bpreviously\b"
            r"|(?<!right )(?<!just )(?<!comes )(?<!come )(?<!came )(?<!directly )"
            r"(?<!immediately )(?<!listed )(?-i:\bbefore\s+[A-Z])",
            _I,
        ),
        re.compile(
            r"기존|이전|종래|한계|\bexisting\b|\bprevious(?:ly)?\b|\bearlier\b|\bprior\b"
            r"|\btraditional(?:ly)?\b|\bconventional(?:ly)?\b|\bused to\b",
            _I,
        ),
    ),
    (
        "limitation",
        re.compile(
            r"한계|단점|문제점|약점|취약점|어려운\s*점|아쉬운\s*점|제약"
            # "뭐가 문제였어?", "문제가 뭐래?", "돈 문제는 어떻대?", "생기는 문제": the
            # problem asked, not a task named "문제" ("대회 문제도 풀 수 있어?").
            + _ASKED_PROBLEM_KO
            + r"|\blimitations?\b|\bdrawbacks?\b|\bweakness(?:es)?\b|\bdownsides?\b"
            r"|\bshortcomings?\b|\bbottlenecks?\b|\bproblems?\s+(?:with|of)\b"
            r"|\bwhat(?:'s|\s+is|\s+was|\s+were)?\s+(?:the\s+)?(?:main\s+)?"
            r"(?:problems?|issues?)\b(?!\s+sets?\b)|\bissues?\s+with\b",
            _I,
        ),
        re.compile(
            r"한계|단점|제한|제약|부족|어렵|어려움|어려운|못하|못함|못한|불가|비싸|병목|저하"
            r"|불안정|부담|문제|느리|느림|비용이\s*(?:많이|크|높|들)|오래\s*걸"
            r"|\blimit(?:ed|s|ation)?\b|\black(?:s|ing)?\b|\bcostly\b|\bexpensive\b"
            r"|\bbottleneck|\bcannot\b|\bcan't\b|\bunable\b|\bdifficult|\bhard to\b"
            r"|\bslow(?:er)?\b|\bdrawback|\bproblem|\bsuffers?\b|\bfails?\b|\bunstable\b",
            _I,
        ),
    ),
    (
        "outperformed",
        re.compile(
            r"\boutperform|\bbetter than\b|\bsurpass|\bbeat(?:s)?\b|\bexceed"
            r"|능가|보다\s*(?:나은|나았|좋은|좋았|우수|뛰어)|이겼|앞섰",
            _I,
        ),
        re.compile(
            r"보다\s*(?:우수|뛰어|좋|높|낫|나은|나았|앞)|능가|앞서|앞선|상회"
            r"|\boutperform|\bbetter than\b|\bsurpass|\bexceed|\bbeats?\b|\bhigher than\b",
            _I,
        ),
    ),
    (
        "contrast",
        re.compile(
            r"\bthat\s+[\w\- ]{2,40}?\s+(?:does|do|did|is|are|was|were|can|could)"
            r"\s*(?:n't|\s+not)\b"
            r"|\bunlike\b|\bwhereas\b|(?:와|과|랑|이랑)\s*(?:달리|다르게|다른\s*점)|반면",
            _I,
        ),
        re.compile(
            r"하지만|반면|달리|그러나|그런데|않는|않는다|않음|않고|없는|없다|없음"
            r"|\bunlike\b|\bwhereas\b|\bhowever\b|\binstead\b|\brather than\b|\bbut\b|\bnot\b",
            _I,
        ),
    ),
    (
        "example",
        # Asked for, not named: "예시 있어?", "예시로 든 모델은?", "give an example", "as
        # examples"; not "조사 예시에서 …" or "the Game of 24 example" (a topic).
        re.compile(
            r"예시(?:들)?(?:은|는|이|가|로|를|\s*(?:있|알려|좀|뭐|들어))|예시(?:들)?\s*[?？]?\s*$"
            r"|예를\s*들|사례(?:들)?(?:은|는|가|를|\s*(?:있|알려|좀|뭐))"
            r"|\b(?:an?|any|some|give|as)\s+examples?\b|\bexamples?\s+of\b|\bfor\s+example\s*[?？]",
            _I,
        ),
        re.compile(
            r"예를\s*들|예\s*[:)]|예시|예로|사례|\be\.g\.|\bfor example\b|\bfor instance\b"
            r"|\bsuch as\b|\bexample",
            _I,
        ),
    ),
    (
        "comparison",
        # "How does X compare to Y?", "X랑 Y 비교하면?", "GPT-4 대비 어때?": how the two
        # stand, won or not ("comparable to", "비슷한 수준", "…에 비해 낮음"). After
        # "outperformed" and "contrast", which ask one side of it.
        re.compile(
            r"비교|대비|\bcompared?\b|\bcompares\b|\bcomparison\b|\bversus\b|\bvs\.?\s"
            r"|\bstack\s+up\b|\brelative\s+to\b",
            _I,
        ),
        re.compile(
            r"보다|비해|대비|비슷|유사|동등|맞먹|견줄|수준|능가|뒤처|뒤쳐"
            r"|\bcomparable\b|\bsimilar\b|\bon par\b|\bcompared\b|\bthan\b|\bvs\.?\s"
            r"|\bversus\b|\bmatch(?:es|ed|ing)?\b|\boutperform|\bclose to\b|\brivals?\b",
            _I,
        ),
    ),
    (
        "conclusion",
        re.compile(r"결론|\bconclu(?:sion|de|ded)\b|\btakeaways?\b", _I),
        re.compile(r"결론|결과적으로|요컨대|\bin conclusion\b|\bconclu|\boverall\b|\btakeaway", _I),
    ),
    (
        "source",
        re.compile(
            r"출처|어디(?:서|에서)\s*(?:수집|가져|얻|모으|모아|구하|긁어|크롤)"
            # ("open source", "source code" name no origin of data.)
            r"|(?<!open )(?<!open-)\bsources?\b(?!\s+code)|\bcome from\b"
            r"|\bwhere\b.*\b(?:collected|gathered|obtained|sourced|crawled|scraped|from)\b",
            _I,
        ),
        re.compile(
            r"출처|에서\s*(?:수집|가져|얻|모은|모아|크롤)|수집|크롤링|로부터"
            r"|\bcollected\b|\bgathered\b|\bcrawl|\bscrap(?:ed|ing)\b|\bsourced\b|\bobtained\b",
            _I,
        ),
    ),
)
_CUES = {name: cue for name, _, cue in _FOCI}
#: The relations read among an entry's sibling lines only (round 23, issue #15): a
#: comparison question whose best line does not state it is answered by the line of
#: the same entry that does (``answer/choose.py``'s ``_relation``), not by any
#: line of any passage holding the cue (``W_FOCUS`` in the unit scorer). Notes and prose
#: write "than" and "compared" in many lines; beside the line the question matched, one
#: sibling states the comparison. Only a reorder: the strength the refusal reads is not
#: raised by a cue. (A "result" relation, "성능 / 결과 / how well" answered by the sibling
#: holding a score, was tried beside it and dropped: it read "성능 곡선은 어떤 모양이야?"
#: as asking a score and moved a right answer, and the one row it fixed asked no result.)
SIBLING_FOCI = frozenset({"comparison"})
#: The relations also read among the best line's siblings whatever their score (round 30,
#: issue #15), besides ``W_FOCUS``: a question asking the state before an entry's method
#: ("ControlNet 이전엔 어떻게 했어야 했어?") is answered by the entry's line that writes it
#: ("…에 한계가 있어서 … 프롬프트를 여러 번 수정"), though the line naming the method
#: ("ControlNet은 … 고품질 이미지를 생성") shares more of the question's words and the
#: line stating the prior state need not repeat the method's name.
ENTRY_FOCI = frozenset({"prior"})


def asked_focus(question: str) -> str | None:
    """The relation ``question`` asks about its topic (see the module docstring), or
    None when it asks none of them."""
    for name, asks, _ in _FOCI:
        if asks.search(question):
            return name
    return None


def states_focus(focus: str | None, unit: AnswerUnit) -> bool:
    """Whether ``unit`` writes the ``focus`` relation, in its own text or in the innermost
    label above it ("### 한계" over its bullets)."""
    if focus is None:
        return False
    cue = _CUES[focus]
    label = unit.context.rsplit(" > ", 1)[-1] if unit.context else ""
    return bool(cue.search(unit.text) or (label and cue.search(label)))
