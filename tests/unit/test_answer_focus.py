"""The line of a section that states the relation the question asks (answer/focus.py), and
the line that says what a name is before naming it (answer/appositive.py).

Notes invented for the test: a paper summary whose bullets all name the method (one says
what it costs, one how it compares, one what another method does not do), a glossary
digest that introduces a tool by describing it first, and English twins of both. Real
Kiwi; Korean, English and mixed questions, no e5 (the cheap scores alone must tell).
"""

from __future__ import annotations

import pytest

from note_hits import note_hit
from notelens.analysis.base import Analyzer
from notelens.answer.appositive import describes_before
from notelens.answer.extractive import extract
from notelens.answer.focus import asked_focus, states_focus
from notelens.answer.units import build_units
from notelens.types import Hit

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("Sparse Router의 한계가 뭐였지", "limitation"),
        ("ZeroBench 단점 알려줘", "limitation"),
        ("What limitation of crowd raters motivated the new judge?", "limitation"),
        ("What are the drawbacks of beam search?", "limitation"),
        ("What did TinyJudge outperform on the safety set?", "outperformed"),
        ("TinyJudge가 어떤 모델보다 우수했어?", "outperformed"),
        ("What does LoRA train that prompt tuning does not?", "contrast"),
        ("dense retrieval과 달리 BM25는 뭘 봐?", "contrast"),
        ("curriculum 예시 있어?", "example"),
        ("Give an example of a hard negative", "example"),
        ("그 실험 결론이 뭐였어?", "conclusion"),
        ("What did the authors conclude about scaling?", "conclusion"),
        ("instruction data 어디서 수집해?", "source"),
        ("Where was the eval set collected from?", "source"),
    ],
)
def test_the_asked_relation_is_read_from_the_question(question: str, focus: str) -> None:
    assert asked_focus(question) == focus


@pytest.mark.parametrize(
    "question",
    [
        "Sparse Router가 뭐야?",
        "Who presented the TinyJudge paper?",
        "세미나는 언제 열려?",
        "How many GPUs did the run use?",
        "Which open source model did we pick?",  # "open source" is no data source
    ],
)
def test_other_questions_ask_no_relation(question: str) -> None:
    assert asked_focus(question) is None


SUMMARY_KO = (
    "- Sparse Router는 토큰마다 expert 두 개만 골라 계산량을 줄임\n"
    "- Sparse Router 학습에는 expert 간 부하 균형 손실이 필요하고, 통신 비용이 많이 들어 "
    "노드 수가 제한됨\n"
    "- 실험 결과 Sparse Router는 같은 연산량의 dense 모델보다 우수한 번역 품질을 보였음\n"
)
SUMMARY_EN = (
    "- Sparse Router sends each token to two experts only, which cuts compute\n"
    "- Sparse Router needs a load-balancing loss, and its all-to-all traffic is costly, "
    "so the number of nodes is limited\n"
    "- In the evaluation Sparse Router outperformed dense baselines of equal compute on "
    "translation\n"
)


def test_the_line_stating_the_relation_is_told_from_its_siblings() -> None:
    first, costly, better = build_units(SUMMARY_KO, "논문 > Sparse Router > 요약")
    assert states_focus("limitation", costly) and not states_focus("limitation", first)
    assert states_focus("outperformed", better) and not states_focus("outperformed", first)
    assert not states_focus(None, costly)
    # A "### 한계" label over a bullet names its relation for it.
    (under,) = build_units("- 노드를 늘리면 정확도가 떨어짐\n", "논문 > Sparse Router > 한계")
    assert states_focus("limitation", under)


@pytest.mark.parametrize(
    ("question", "text", "expected"),
    [
        ("Sparse Router의 한계가 뭐야?", SUMMARY_KO, "통신 비용이 많이"),
        ("What limitation does Sparse Router have?", SUMMARY_KO, "통신 비용이 많이"),
        ("What limitation does Sparse Router have?", SUMMARY_EN, "traffic is costly"),
        ("Sparse Router 단점이 뭐였지", SUMMARY_EN, "traffic is costly"),
        ("What did Sparse Router outperform?", SUMMARY_KO, "dense 모델보다 우수한"),
        ("Sparse Router가 뭐보다 나은 성능을 보였어?", SUMMARY_EN, "outperformed dense"),
    ],
)
def test_the_answer_is_the_line_stating_the_asked_relation(
    question: str, text: str, expected: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, "논문 > Sparse Router > 요약")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert expected in ex.sentences[ex.lead].text, (question, ex.sentences[ex.lead].text)


CONTRAST_KO = (
    "LoRA도 prompt tuning처럼 원래 weight는 얼려 두고 일부 parameter만 학습한다.  \n"
    "LoRA와 prompt tuning 모두 학습하는 parameter 수가 전체의 1%도 안 된다.  \n"
    "하지만 LoRA는 attention 행렬 옆에 low-rank 행렬을 더해 학습하고, prompt tuning은 모델 안을 "
    "건드리지 않는다.  \n"
)


@pytest.mark.parametrize(
    "question",
    [
        "What does LoRA change inside the model that prompt tuning does not?",
        "prompt tuning과 달리 LoRA는 뭘 학습해?",
    ],
)
def test_a_contrast_question_is_answered_by_the_contrasting_line(
    question: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, CONTRAST_KO, "PEFT > 비교 메모")]
    # One sentence quoted (with the one before, for its "하지만"): the best one; the
    # others tie with it on the question's words.
    ex = extract(question, hits, analyzer=analyzer, embedder=None, max_sentences=1)
    assert any(s.text.startswith("하지만 LoRA는") for s in ex.sentences), question


DIGEST_KO = (
    "- 📜 [Lab] Judging Without Labels\n"
    "    - 사람이 매긴 점수 없이 답변 쌍을 비교해 채점하는 평가 모델인 PairJudge 공개\n"
    "    - PairJudge가 매긴 순위는 사람 평가와 0.81 상관을 보였음\n"
    "    - PairJudge가 쓰는 프롬프트는 부록에 있음\n"
)
DIGEST_EN = (
    "- 📜 [Lab] Judging Without Labels\n"
    "    - PairJudge's rankings correlate 0.81 with human ratings\n"
    "    - The authors release a pairwise grading model called PairJudge\n"
    "    - PairJudge prompts are listed in the appendix\n"
)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("평가 모델인 PairJudge 공개", "pairjudge", True),
        ("답변을 채점하는 방법이라는 PairJudge를 제안", "pairjudge", True),
        ("a pairwise grading model called PairJudge", "pairjudge", True),
        ("PairJudge, a pairwise grading model, is released", "pairjudge", True),
        ("PairJudge가 매긴 순위는 사람 평가와 비슷", "pairjudge", False),
        ("평가 모델인 PairJudgeXL 공개", "pairjudge", False),  # another name
        ("PairJudge's rankings correlate with humans", "pairjudge", False),
    ],
)
def test_a_description_before_the_name(text: str, name: str, expected: bool) -> None:
    assert describes_before(text, name) is expected


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("PairJudge가 뭐야?", DIGEST_KO),
        ("What is PairJudge?", DIGEST_KO),
        ("PairJudge가 뭐야?", DIGEST_EN),
        ("What is PairJudge?", DIGEST_EN),
    ],
)
def test_the_line_introducing_a_name_defines_it(
    question: str, text: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, "digest > 3주차")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    lead = ex.sentences[ex.lead].text
    assert "평가 모델인 PairJudge" in lead or "called PairJudge" in lead, (question, lead)


# Round 23 (issue #15): one more relation, read for note lines only: a comparison
# whatever its outcome ("How does X compare to Y?" -> "…와 비슷한 수준", "comparable to"). Notes invented for the test: a
# small vision-language model's summary (Korean and English, asked in both), each with a
# twin where the cue must not fire.


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("How does TinyVLM compare to GPT-4 on dialogue?", "comparison"),
        ("TinyVLM을 GPT-4랑 비교하면 어때?", "comparison"),
        ("GPT-4 대비 TinyVLM 대화 품질은?", "comparison"),
    ],
)
def test_more_relations_are_read_from_the_question(question: str, focus: str) -> None:
    assert asked_focus(question) == focus


@pytest.mark.parametrize(
    "question",
    [
        "TinyVLM 학습 데이터는 어디 있어?",
        "Which model is more compact?",  # "compact" is no "compare"
        "How did TinyVLM get its name?",
    ],
)
def test_twins_ask_no_relation(question: str) -> None:
    assert asked_focus(question) is None


VLM_KO = (
    "- TinyVLM은 이미지 인코더와 언어 디코더를 작은 projector 하나로 연결함\n"
    "- TinyVLM 학습에는 공개 캡션 데이터 60만 쌍만 사용함\n"
    "- 평가에서 TinyVLM의 대화 품질은 GPT-4와 비슷한 수준이었음\n"
    "- 차트 벤치마크에서 TinyVLM은 정확도 71.4%를 기록함\n"
)
VLM_EN = (
    "- TinyVLM links an image encoder and a language model with one small projector\n"
    "- TinyVLM is trained on 600k public caption pairs only\n"
    "- On dialogue TinyVLM was judged comparable to GPT-4\n"
    "- TinyVLM reached 71.4% accuracy on the chart benchmark\n"
)


def test_the_cue_lines_are_told_from_their_siblings() -> None:
    link, data, chat, chart = build_units(VLM_KO, "논문 > TinyVLM > 요약")
    assert states_focus("comparison", chat) and not states_focus("comparison", data)
    assert not states_focus("comparison", link)
    # A score is no comparison: the line with the benchmark's accuracy is not the cue's.
    assert not states_focus("comparison", chart)
    link_en, data_en, chat_en, chart_en = build_units(VLM_EN, "paper > TinyVLM > summary")
    assert states_focus("comparison", chat_en) and not states_focus("comparison", link_en)
    assert not states_focus("comparison", data_en) and not states_focus("comparison", chart_en)


def _lead_without_relation(
    question: str, hits: list[Hit], analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """The lead with the relation read, and with none read."""
    import notelens.answer.question as question_mod

    with_cue = extract(question, hits, analyzer=analyzer, embedder=None)
    with monkeypatch.context() as m:
        m.setattr(question_mod, "asked_focus", lambda _q: None)
        without = extract(question, hits, analyzer=analyzer, embedder=None)
    return with_cue.sentences[with_cue.lead].text, without.sentences[without.lead].text


def test_prose_and_other_entries_are_not_reordered(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Prose writes "than" and numbers in most sentences: a paragraph's sentences are
    # not reordered by the relation (KorQuAD / XQuAD are untouched).
    prose = note_hit(
        0,
        "TinyVLM은 이미지 인코더와 언어 디코더를 projector로 연결했다. "
        "TinyVLM의 대화 품질은 GPT-4와 비슷한 수준이었다.",
        "논문 > TinyVLM",
    )
    q = "How does TinyVLM compare with others?"
    got, plain = _lead_without_relation(q, [prose], analyzer, monkeypatch)
    assert got == plain
    # A cue line of another entry (another passage) never answers: only the lead's
    # own siblings are read.
    own = note_hit(
        0, "- TinyVLM은 이미지 인코더와 언어 디코더를 projector로 연결함\n", "논문 > TinyVLM"
    )
    other = note_hit(1, "- OtherVLM은 GPT-4보다 대화 품질이 낮았음\n", "논문 > OtherVLM")
    got, plain = _lead_without_relation(q, [own, other], analyzer, monkeypatch)
    assert got == plain


def test_a_list_asked_of_a_comparison_is_not_reordered(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    hits = [note_hit(0, VLM_EN, "papers > TinyVLM")]
    got, plain = _lead_without_relation(
        "Which models was TinyVLM compared with?", hits, analyzer, monkeypatch
    )
    assert got == plain


@pytest.mark.parametrize(
    ("question", "text", "heading", "expected"),
    [
        ("TinyVLM 성능을 다른 모델이랑 비교하면?", VLM_KO, "논문 > TinyVLM", "GPT-4와 비슷한"),
        ("How does TinyVLM compare with other models?", VLM_KO, "논문 > TinyVLM", "GPT-4와 비슷한"),
        (
            "How does TinyVLM compare with others?",
            VLM_EN,
            "papers > TinyVLM",
            "comparable to GPT-4",
        ),
        ("TinyVLM 다른 모델이랑 비교하면 어때?", VLM_EN, "papers > TinyVLM", "comparable to GPT-4"),
    ],
)
def test_the_answer_is_the_line_stating_the_new_relations(
    question: str, text: str, heading: str, expected: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, heading)]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert expected in ex.sentences[ex.lead].text, (question, ex.sentences[ex.lead].text)


@pytest.mark.parametrize(
    ("question", "text", "unexpected"),
    [
        # The twins: no relation asked, the cue line does not lead.
        ("TinyVLM 학습 데이터 몇 쌍이야?", VLM_KO, "GPT-4와 비슷한"),
        ("How many caption pairs is TinyVLM trained on?", VLM_EN, "comparable to GPT-4"),
    ],
)
def test_a_cue_line_does_not_lead_where_no_relation_is_asked(
    question: str, text: str, unexpected: str, analyzer: Analyzer
) -> None:
    hits = [note_hit(0, text, "논문 > 요약")]
    ex = extract(question, hits, analyzer=analyzer, embedder=None)
    assert ex.sentences, question
    assert unexpected not in ex.sentences[ex.lead].text, (question, ex.sentences[ex.lead].text)


def test_the_relation_reorders_lines_without_raising_strength(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refusal reads strength: a cue must not make an unanswerable question answered.
    # The same question scored with the relation read and with none gives one strength.
    import notelens.answer.question as question_mod

    hits = [note_hit(0, VLM_KO, "논문 > TinyVLM")]
    q = "How does TinyVLM compare with other models?"
    with_cue = extract(q, hits, analyzer=analyzer, embedder=None)
    monkeypatch.setattr(question_mod, "asked_focus", lambda _q: None)
    without = extract(q, hits, analyzer=analyzer, embedder=None)
    assert "GPT-4" in with_cue.sentences[with_cue.lead].text
    assert with_cue.strength == pytest.approx(without.strength)
