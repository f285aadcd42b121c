"""PII rules: check digits, Korean and English kinds, contexts, and look-alikes that
must stay unflagged. Numbers here are made up for the tests (valid check digits)."""

from __future__ import annotations

import pytest

from notelens.guard.pii_en import EnglishPII
from notelens.guard.pii_ko import KoreanPII, brn_checksum_ok, luhn_ok, rrn_checksum_ok

pytestmark = pytest.mark.unit


def test_check_digits() -> None:
    assert rrn_checksum_ok("8503151234566")
    assert not rrn_checksum_ok("8503151234567")
    assert rrn_checksum_ok("8804205234515")  # foreigner (7th digit 5): (13 - s % 11) % 10
    assert brn_checksum_ok("1234567891")
    assert not brn_checksum_ok("1234567890")
    assert luhn_ok("4012888888881881")
    assert not luhn_ok("4012888888881882")


def _kinds(text: str, guard: KoreanPII | EnglishPII | None = None) -> dict[str, str]:
    g = guard or KoreanPII(use_ko_pii=False)
    return {f.kind: f.text for f in g.check(text)}


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("주민등록번호: 850315-1234566", "pii:rrn", "850315-1234566"),
        ("제 주민번호는 9212042345677 입니다", "pii:rrn", "9212042345677"),
        ("외국인등록번호 880420-5234515", "pii:arn", "880420-5234515"),
        ("주민등록번호 010203-3987651 (2020년 이후 발급)", "pii:rrn", "010203-3987651"),
        ("사업자등록번호 123-45-67891", "pii:brn", "123-45-67891"),
        ("법인카드 5412-3456-7890-1232 로 결제", "pii:card", "5412-3456-7890-1232"),
        ("국민은행 계좌 123456-01-234567 로 입금", "pii:account", "123456-01-234567"),
        ("여권번호 M12345678 로 예약", "pii:passport", "M12345678"),
        ("운전면허 11-12-345678-90", "pii:driver_license", "11-12-345678-90"),
        ("휴대폰 010-2345-6789 로 연락", "pii:phone", "010-2345-6789"),
        ("연구실 02-880-1234", "pii:phone", "02-880-1234"),
        ("문의: minsu.kim@lab.example.ac.kr", "pii:email", "minsu.kim@lab.example.ac.kr"),
        ("박지훈 교수님께 초안 공유", "pii:person", "박지훈"),
        ("담당자: 이영희, 내선 1234", "pii:person", "이영희"),
        ("LoRA 실험은 김민수 연구원이 맡았다 (mixed 한영 note)", "pii:person", "김민수"),
    ],
)
def test_korean_pii(text: str, kind: str, value: str) -> None:
    assert _kinds(text).get(kind) == value


@pytest.mark.parametrize(
    "text",
    [
        "주민등록번호 형식은 YYMMDD-GXXXXXX 이다.",
        "실험 ID 2023111512345 은 재현용 시드다.",  # invalid date/checksum, no label
        "학습 스텝 1234567890123 까지 진행",
        "ISBN 978-89-6626-123-4 참고.",
        "2024-05-01 회의: GPU 8장, 예산 1,200만 원.",
        "LoRA는 가중치를 고정하고 저랭크 행렬만 학습한다. 구분하여 조종한다.",
    ],
)
def test_korean_lookalikes_are_not_high_risk(text: str) -> None:
    found = KoreanPII(use_ko_pii=False).check(text) + EnglishPII().check(text)
    assert not [f for f in found if f.high_risk], found
    assert not [f for f in found if f.kind == "pii:person"], found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Employee SSN: 536-22-4513", "pii:us_ssn"),
        ("Card on file: 4012 8888 8888 1881", "pii:card"),
        ("Wire to IBAN DE89 3704 0044 0532 0130 00", "pii:iban"),
        ("My passport number is 912803456.", "pii:passport"),
        ("Call Dr. Jane Doe at (415) 555-0132.", "pii:phone"),
        ("Call Dr. Jane Doe at (415) 555-0132.", "pii:person"),
        ("Contact: john.smith@company.example", "pii:email"),
    ],
)
def test_english_pii_through_presidio_recognizers(text: str, kind: str) -> None:
    assert kind in _kinds(text, EnglishPII())


def test_english_numbers_without_context_are_not_passports() -> None:
    found = EnglishPII().check("We trained for 912803456 tokens with batch 1024.")
    assert not [f for f in found if f.high_risk]


def test_high_risk_marks_only_identity_and_financial_numbers() -> None:
    found = {f.kind: f.high_risk for f in KoreanPII(use_ko_pii=False).check(
        "김민수 연구원 010-2345-6789, 주민등록번호 850315-1234566"
    )}  # fmt: skip
    assert found == {"pii:person": False, "pii:phone": False, "pii:rrn": True}
