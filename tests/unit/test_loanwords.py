"""Names typed in Hangul that the notes write in Latin letters (analysis/loanwords.py)."""

from __future__ import annotations

import pytest

from notelens.analysis.base import Analyzer
from notelens.analysis.loanwords import hangul_sound, latin_spelling, loanword_pairs, sounds_alike

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("친칠라", "Chinchilla"),  # ch -> ㅊ, a doubled l -> one class
        ("라마", "Llama"),
        ("미스트랄", "Mistral"),  # the ㅡ between consonants is no vowel
        ("믹스트랄", "Mixtral"),  # x -> ㄱㅅ
        ("제미나이", "Gemini"),  # a soft g -> ㅈ
        ("제미나", "Gemini"),  # as Kiwi cuts it in a question
        ("클로드", "Claude"),  # au -> ㅗ, a silent final e
        ("팔콘", "Falcon"),  # f -> ㅍ
        ("고퍼", "Gopher"),  # a final "er" is an ㅓ, its r not written
        ("오르카", "Orca"),  # ... or written as 르
        ("트랜스포머", "Transformer"),
        ("앤트로픽", "Anthropic"),  # th as ㅌ
        ("딥마인드", "DeepMind"),
        ("호프만", "Hoffmann"),
        ("엔비디아", "NVIDIA"),
        ("하이퍼클로바", "HyperClova"),
        ("리딩", "Reading"),  # ea -> ㅣ
        ("세션", "Session"),
        ("파이토치", "PyTorch"),  # y between consonants -> 아이
        ("스터디", "Study"),  # a final y -> 이
        ("레시피", "Recipe"),
    ],
)
def test_a_korean_spelling_sounds_like_the_latin_name(hangul: str, latin: str) -> None:
    assert sounds_alike(hangul, latin)


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("라마", "Gemma"),
        ("친칠라", "Gopher"),
        # common Korean words with a name's consonants, told apart by their vowels
        ("얼마", "Llama"),  # how much
        ("가을", "Goal"),  # autumn
        ("도입", "Deep"),  # introduction
        ("주인", "Jun"),  # owner
        ("관계", "Guanaco"),  # relation
        ("아파트", "Better"),
        ("오차", "Zero"),  # error
        ("리딩", "Routing"),  # the first vowels differ
    ],
)
def test_other_words_do_not_sound_alike(hangul: str, latin: str) -> None:
    assert not sounds_alike(hangul, latin)


def test_a_non_syllable_has_no_sound() -> None:
    assert hangul_sound("ㅋㅋ") == ""


ROW = (
    "| 3 | scaling law | Training Compute-Optimal Large Language Models "
    "(Chinchilla, Hoffmann et al., 2022) | 윤서연 | 2024-03-20 |"
)


def test_a_korean_question_pairs_with_the_name_in_a_table_row(analyzer: Analyzer) -> None:
    pairs = loanword_pairs("친칠라 논문은 누가 발표했어?", [ROW], analyzer.terms)
    assert pairs == [("친칠라", "Chinchilla")]


def test_a_particle_stays_with_the_question_and_off_the_name(analyzer: Analyzer) -> None:
    text = "Gemini 1.5 and Claude 3 were compared on long context."
    q = "제미나이랑 클로드는 컨텍스트 길이가 어떻게 달라?"
    # Kiwi reads 제미나 + 이랑: the name takes the stem's place, the particle stays.
    assert (
        latin_spelling(q, [text], analyzer.terms)
        == "Gemini이랑 Claude는 컨텍스트 길이가 어떻게 달라?"
    )


def test_a_word_the_notes_write_in_hangul_is_left_alone(analyzer: Analyzer) -> None:
    # The note writes 라마 itself: it matches as written, nothing is respelled.
    texts = ["라마 3는 Llama 3의 한국어 표기다.", "Llama 3 8B was trained on 15T tokens."]
    assert latin_spelling("라마 3는 몇 토큰으로 학습했어?", texts, analyzer.terms).startswith(
        "라마"
    )


def test_question_words_verbs_and_acronyms_are_never_names(analyzer: Analyzer) -> None:
    # 누가 (who) sounds like Nuga but is no content word of the question; 끓이는 is a
    # verb's form (its noun-less stem 끓이 sounds like no name); an all-capital acronym
    # is spelled by its letters in Korean, not by its sound.
    texts = ["Nuga released a phone.", "Written in Korean.", "NUGA is an acronym."]
    assert loanword_pairs("누가 발표했어?", texts, analyzer.terms) == []
    assert loanword_pairs("김치찌개 맛있게 끓이는 법 알려줘", texts, analyzer.terms) == []


def test_a_copula_ending_stays_with_the_question(analyzer: Analyzer) -> None:
    texts = ["Benchmark results: KoBEST and Ko-MMLU."]
    assert (
        latin_spelling("KMMLU는 어떤 벤치마크야?", texts, analyzer.terms)
        == "KMMLU는 어떤 Benchmark야?"
    )


def test_an_english_question_is_left_alone(analyzer: Analyzer) -> None:
    assert loanword_pairs("who presented Chinchilla?", [ROW], analyzer.terms) == []


def test_common_words_are_the_lexicon_s_not_respelled(analyzer: Analyzer) -> None:
    # 모델 / model sound alike, but a lower-case word is no name.
    assert (
        loanword_pairs("그 모델의 크기는?", ["the model has 7B parameters"], analyzer.terms) == []
    )


def test_the_most_written_of_two_alike_names_is_taken(analyzer: Analyzer) -> None:
    texts = ["Llama 2 and Llama 3 by Meta; Lima is a small dataset.", "Llama 3 8B"]
    assert latin_spelling("라마 모델은 누가 만들었어?", texts, analyzer.terms).startswith("Llama ")


def test_an_unknown_name_kept_whole_by_kiwi_keeps_its_particle(analyzer: Analyzer) -> None:
    # Kiwi keeps an unknown name with its particle as one term; the particle still stays.
    texts = ["The second track was sung by Electroboyz and a guest."]
    q = "2번 트랙은 일렉트로보이즈와 누가 같이 불렀나?"
    assert latin_spelling(q, texts, analyzer.terms) == "2번 트랙은 Electroboyz와 누가 같이 불렀나?"


@pytest.mark.parametrize(
    ("question", "text", "respelled"),
    [
        # Korean question, the name half in Hangul, half in Latin letters.
        (
            "인스트럭트GPT 논문 부제가 뭐야?",
            "InstructGPT (Ouyang et al., 2022) follows instructions with human feedback.",
            "InstructGPT 논문 부제가 뭐야?",
        ),
        (
            "트랜스포머XL은 context를 어떻게 늘렸어?",
            "Transformer-XL reuses the previous segment's states as memory.",
            "Transformer-XL은 context를 어떻게 늘렸어?",
        ),
        # English question with the half-Hangul name.
        (
            "Who wrote the 인스트럭트GPT paper?",
            "InstructGPT was written by Ouyang and colleagues.",
            "Who wrote the InstructGPT paper?",
        ),
    ],
)
def test_a_name_half_in_hangul_pairs_with_the_whole_name(
    analyzer: Analyzer, question: str, text: str, respelled: str
) -> None:
    """ "인스트럭트GPT": the Hangul half is the name less the Latin letters written after it."""
    assert latin_spelling(question, [text], analyzer.terms) == respelled


def test_a_latin_tail_no_name_ends_on_pairs_nothing(analyzer: Analyzer) -> None:
    # Mixed: "인스트럭트BERT" — no name of the text ends on BERT, and the Hangul half alone
    # is no whole name there either.
    text = "InstructGPT and BERT were compared."
    q = "인스트럭트BERT 결과는?"
    assert latin_spelling(q, [text], analyzer.terms) == q


def test_a_single_latin_letter_after_hangul_is_no_tail(analyzer: Analyzer) -> None:
    # "라이트S": one letter ends too many words (a plural, a unit: "몇m") to be a name's rest.
    q = "라이트S 버전은 언제 나와?"
    assert latin_spelling(q, ["The LightS lamp ships in May."], analyzer.terms) == q
