"""Korean short answers (answer/align_ko.py): a sentence's topic after an
opening date ("2019년 3월 2일 녹색연대는 …") answers as the sentence's own topic does,
and a relative clause that has its own subject ("한빛건축이 설계한 …") gives the noun
after it no mirrored-clause weight when the question asks for that subject.

The sentences are made up here, Korean and mixed Korean / English for each rule, read
by the session's Kiwi analyzer. Each rule is also switched off, where the answer must
change: the rule answers it.
"""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.answer import align_ko
from notelens.answer.qtype import answer_type
from short_spans import prose_short

pytestmark = pytest.mark.unit


def _rule_decides(
    question: str,
    text: str,
    gold: str,
    analyzer: Analyzer,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    off: object,
) -> None:
    """``gold`` is the short answer, and with ``align_ko.<name>`` set to ``off`` (the
    rule switched off) it is not: the rule answers it."""
    assert prose_short(question, text, analyzer) == gold
    monkeypatch.setattr(align_ko, name, off)
    assert prose_short(question, text, analyzer) != gold


_LETTER = (
    "2019년 3월 2일 녹색연대는 재개발 계획에 대한 의문점을 담은 서한을 시의회와 구의원들에 보냈다."
)


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "재개발 계획에 대한 의문점을 담은 서한을 시의회에 보낸 것은 누구인가?",
            _LETTER,
            "녹색연대",
        ),
        ("재개발 계획에 대한 의문점을 담은 서한을 시의회에 보낸 단체는?", _LETTER, "녹색연대"),
        (
            "license 변경에 대한 의문점을 담은 issue를 GitHub에 올린 것은 누구인가?",
            "2021년 5월 7일 OpenLab은 license 변경에 대한 의문점을 담은 issue를 GitHub와 "
            "메일링 리스트에 올렸다.",
            "OpenLab",
        ),
    ],
)
def test_the_topic_after_an_opening_date(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The date says when; the topic after it is still the sentence's own topic, the
    # one that did what the question asks about.
    _rule_decides(question, text, gold, analyzer, monkeypatch, "_DATE_WORDS", frozenset())


def test_only_a_date_may_stand_before_the_topic(analyzer: Analyzer) -> None:
    morphs = align_ko._morphs(analyzer, "그 중 하나가 대안이었다.")
    who = align_ko._ko_question("대안이었던 것은?", analyzer, "other")
    topic = next(i for i, m in enumerate(morphs) if m.form == "하나")
    # "중" is a bound noun but no date word: "하나" does not open the sentence.
    assert not align_ko._first_subject(morphs, topic, who)
    morphs = align_ko._morphs(analyzer, "1998년 한빛건축은 본사를 대구로 옮겼다.")
    topic = next(i for i, m in enumerate(morphs) if m.form.startswith("한빛"))
    assert align_ko._first_subject(morphs, topic, who)
    # A place question asks for where, not for the topic after the date.
    where = align_ko._ko_question("본사를 옮긴 도시는 어디인가?", analyzer, "place")
    assert not align_ko._first_subject(morphs, topic, where)


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "남산 전망대를 설계한 회사는?",
            "남산 전망대는 1975년 한빛건축이 설계한 서울 최초의 회전 전망대이다.",
            "한빛건축",
        ),
        (
            "Pangu 데이터셋을 만든 연구소는?",
            "Pangu 데이터셋은 2022년 Nova AI Lab이 만든 한국 최대의 대화 말뭉치이다.",
            "Nova AI Lab",
        ),
    ],
)
def test_a_relative_clause_with_its_own_subject(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "한빛건축이 설계한 서울 최초의 …": what follows the clause is what was designed;
    # the question ("… 를 설계한 회사는?") asks who designed it, the clause's subject.
    _rule_decides(
        question, text, gold, analyzer, monkeypatch, "_clause_subject", lambda ms, etm: None
    )


def test_a_question_that_names_the_subject_keeps_the_mirrored_clause(
    analyzer: Analyzer,
) -> None:
    # "한빛건축이 설계한 전망대는?" fills the subject itself: the noun after the
    # sentence's clause is what it asks for.
    text = "1975년 한빛건축이 설계한 남산 회전 전망대는 서울 최초의 회전 전망대이다."
    assert prose_short("한빛건축이 설계한 전망대의 이름은?", text, analyzer) == "남산 회전 전망대"


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "대명력은 명나라 때 서광계에 의해 고쳐져 무엇이 되었나?",
            "대명력은 명나라 때 서광계(徐光啓)에 의해 고쳐져 숭정력(崇禎曆)이 되었는데, "
            "이는 뒤의 역법의 바탕이 되었다.",
            "숭정력",
        ),
        (
            "물 없이 곡식을 기르는 농법은?",
            "건지농법(乾地農法)은 관개 시설이나 물 없이 곡식을 기르는 농법이다.",
            "건지농법",
        ),
        (
            "BERT는 2019년 Meta에 의해 개선되어 무엇이 되었나?",
            "BERT는 2019년 Meta(당시 Facebook)에 의해 개선되어 RoBERTa(로버타)가 "
            "되었는데, 이는 뒤의 모델들의 바탕이 되었다.",
            "RoBERTa",
        ),
        (
            "attention만으로 문장을 처리하는 모델은?",
            "트랜스포머(Transformer)는 RNN이나 CNN 없이 attention만으로 문장을 처리하는 모델이다.",
            "트랜스포머",
        ),
    ],
)
def test_the_particle_after_a_gloss(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "숭정력(崇禎曆)이": the gloss in parentheses stands between the phrase and its
    # particle; the phrase still fills the subject slot the question asks about.
    _rule_decides(question, text, gold, analyzer, monkeypatch, "_past_gloss", lambda ms, j: j)


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "하루의 길이를 재기 위해 행하는 관측을 부르는 말은?",
            "천측이란 하루의 길이를 재기 위해 별의 위치로 행하는 관측을 부르는 말이다.",
            "천측",
        ),
        (
            "여러 조각을 잇따라 연결한 묶음으로 정의되는 것은?",
            "조각사슬이란 “조각(piece)”을 잇따라 “연결(link)”한 묶음을 가리킨다.",
            "조각사슬",
        ),
        (
            "여러 GPU에 모델의 층을 나누어 올리는 방식을 부르는 말은?",
            "pipeline 병렬화란 여러 GPU에 모델의 층을 나누어 올리고 micro-batch를 "
            "흘려보내는 방식을 부르는 말이다.",
            "pipeline 병렬화",
        ),
        (
            "gradient를 모아 한 번에 갱신하는 기법을 부르는 말은?",
            "accumulation이란 여러 micro-batch의 gradient를 모아 한 번에 갱신하는 기법을 "
            "부르는 말이다.",
            "accumulation",
        ),
    ],
)
def test_the_term_a_definition_defines(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "천측이란 …을 부르는 말이다": the term before 이란 / 란 is the sentence's subject,
    # the thing the question describes.
    _rule_decides(question, text, gold, analyzer, monkeypatch, "_DEFINING", frozenset())


@pytest.mark.parametrize(
    ("question", "text", "gold"),
    [
        (
            "데이터를 압축하여 저장하는 형식의 파일은?",
            "압축파일은 문서·사진과 같이 원본 형식이 아니라 데이터를 압축하여 저장하는 "
            "형식의 파일을 가리킨다.",
            "압축파일",
        ),
        (
            "여러 GPU에 분산하여 올리는 방식의 학습은?",
            "분산학습은 CPU 한 대가 아니라 여러 GPU에 분산하여 올리는 방식의 학습을 가리킨다.",
            "분산학습",
        ),
    ],
)
def test_a_compound_of_the_question_words(
    question: str, text: str, gold: str, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "압축파일" joins two of the question's words into a term the question does not
    # write: it names the thing asked for.
    _rule_decides(
        question, text, gold, analyzer, monkeypatch, "_new_compound", lambda ms, i, j: False
    )


def test_the_question_own_compound_is_still_no_answer(analyzer: Analyzer) -> None:
    # Written as one word in the question too: "압축파일" restates it.
    text = "압축파일은 원본보다 작고, 압축파일의 크기는 원본의 30%이다."
    found = prose_short("압축파일의 크기는 원본의 몇 %인가?", text, analyzer)
    assert found is not None and found.startswith("30")


@pytest.mark.parametrize(
    ("question", "filled"),
    [
        # The subjects "움직임이" / "테스트가" belong to clauses embedded before the
        # head's own: "… 점을 문제삼은 사람" fills only the object.
        (
            "회의 직전에 이상한 움직임이 있었는데도 경보는 발령되지 않은 점을 문제삼은 사람은?",
            {"obj"},
        ),
        (
            "배포 직전에 테스트가 실패했는데도 release는 취소되지 않은 점을 지적한 사람은?",
            {"obj"},
        ),
        # A purpose or auxiliary ending keeps the clause's subject: "정부가 … 감시하기
        # 위해 파견한 인물" is sent by that government.
        ("시 정부가 조합을 감시하기 위해 파견한 인물은?", {"subj", "obj"}),
        ("UN이 분쟁 해결책으로 제시해 온 것은?", {"subj", "ro"}),
    ],
)
def test_the_slots_of_the_head_clause(question: str, filled: set[str], analyzer: Analyzer) -> None:
    q = align_ko._ko_question(question, analyzer, "person")
    assert q.clause_slots == frozenset(filled)


def test_the_opening_topic_answers_the_head_clause_subject(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "배포 직전에 테스트가 실패했는데도 release는 취소되지 않은 점을 지적한 사람은?"
    text = (
        "QA팀 박서연 리드는 배포 당일 아침 CI 서버가 남긴 log를 공개하며 이틀 전부터 결제 "
        "모듈 테스트 세 개가 실패한 뒤 재시도에서도 통과하지 못했는데도 release가 취소되지 "
        "않은 점을 지적했다."
    )
    # The whole opening topic, team and all, is the phrase that did the pointing out.
    assert prose_short(question, text, analyzer) == "QA팀 박서연 리드"
    monkeypatch.setattr(align_ko, "_head_clause_slots", lambda q: q.slots)
    assert prose_short(question, text, analyzer) != "QA팀 박서연 리드"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("1 항성월은 평균 약 며칠인가?", "number"),
        ("GPT-2를 학습하는 데 며칠 걸렸어?", "number"),
        ("축제는 10월 며칠에 열렸나?", "date"),
        ("v2는 3월 며칠에 release됐어?", "date"),
        # A count or a date asked by its noun.
        ("그 기숙사의 층수는?", "number"),
        ("이 데이터셋의 문장 갯수는?", "number"),
        ("신축 아파트의 최대 평수는?", "number"),
        ("LoRA adapter의 개수는?", "number"),
        ("첫 앨범의 발매 일자는?", "date"),
        ("v1.0 release 일자는?", "date"),
        ("일자리는 어디에서 구했나?", "place"),
        ("교수는 누구인가?", "person"),
    ],
)
def test_a_count_of_days_is_a_number(question: str, kind: str) -> None:
    # "며칠인가" asks how many days; only "며칠에" asks for a day of the month.
    assert answer_type(question).kind == kind


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (
            "학회에서 새 가설을 발표한 교수는?",
            "2020년 9월 서울대 소속 한지민 교수는 학회에서 새 가설을 발표했다.",
        ),
        (
            "NeurIPS에서 새 가설을 발표한 교수는?",
            "2020년 9월 KAIST 소속 한지민 교수는 NeurIPS에서 새 가설을 발표했다.",
        ),
    ],
)
def test_the_titled_name_in_the_opening_topic(question: str, text: str, analyzer: Analyzer) -> None:
    # "… 소속 한지민 교수는": the name alone fills the title's topic slot, and the
    # phrase it stands in opens the sentence after the date, so the name answers,
    # not the whole phrase with its affiliation.
    assert prose_short(question, text, analyzer) == "한지민"
