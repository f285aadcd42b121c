"""Korean PII: identity and financial numbers with their own check digits, contacts,
person names (a surname + title/label rule) and, through ``ko-pii`` when installed,
street addresses.

High-risk kinds (redacted by default): ``rrn`` 주민등록번호, ``arn`` 외국인등록번호,
``passport``, ``driver_license``, ``card`` (Luhn), ``account``. The rest are flagged:
``brn`` 사업자등록번호 (public by law, but still an identifier), ``phone``, ``email``,
``address``, ``person``.

Numbers are validated, not just matched: a 13-digit run is an RRN only with a real
birth date, a valid gender/century digit and a passing checksum (or, for numbers
issued after October 2020 without a checksum, an explicit 주민/등록번호 label nearby).
"""

# Regex tables read best one pattern per line.
# ruff: noqa: E501

from __future__ import annotations

import logging
import re
import threading
from datetime import date
from typing import Any

from notelens.guard.base import Category, Finding

log = logging.getLogger("notelens.guard")

HIGH_RISK = frozenset({"rrn", "arn", "passport", "driver_license", "card", "account"})

_RRN = re.compile(r"(?<![0-9])([0-9]{2})([0-9]{2})([0-9]{2})\s?[-–.]?\s?([0-9])([0-9]{6})(?![0-9])")
_RRN_LABEL = re.compile(
    r"(주민|외국인|등록\s*번호|RRN|resident\s+registration|alien\s+registration)", re.I
)
_BRN = re.compile(r"(?<![0-9-])([0-9]{3})-([0-9]{2})-([0-9]{5})(?![0-9-])")
_CARD = re.compile(
    r"(?<![0-9])(?:[0-9]{4}[- ]?){3}[0-9]{1,4}(?![0-9])|(?<![0-9])3[47][0-9]{2}[- ]?[0-9]{6}[- ]?[0-9]{5}(?![0-9])"
)
_PHONE = re.compile(
    r"(?<![0-9+])(?:\+82[- ]?(?:0?1[016789]|0?[2-6][1-5]?|0?70)|01[016789]|0(?:2|[3-6][1-5]|70|50[0-9]))"
    r"[- .)]?[0-9]{3,4}[- .]?[0-9]{4}(?![0-9])"
)
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])"
)
_PASSPORT = re.compile(
    r"(?<![A-Za-z0-9])[MSRODmsrod][0-9]{8}(?![0-9])|(?<![A-Za-z0-9])[MSROD][0-9]{3}[A-Z][0-9]{4}(?![0-9])"
)
_PASSPORT_LABEL = re.compile(r"(여권|passport|旅券)", re.I)
_DRIVER = re.compile(
    r"(?<![0-9])(?:1[1-9]|2[0-8]|서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산)"
    r"[- ][0-9]{2}[- ][0-9]{6}[- ][0-9]{2}(?![0-9-])"
)
_ACCOUNT = re.compile(r"(?<![0-9-])[0-9]{2,6}-[0-9]{2,6}-[0-9]{2,7}(?:-[0-9]{1,3})?(?![0-9-])")
_ACCOUNT_LABEL = re.compile(
    r"(계좌|통장|입금|송금|예금주|은행|뱅크|국민|신한|우리|하나|농협|기업|우체국|새마을|신협|"
    r"카카오|토스|케이뱅크|수협|씨티|SC제일|IBK|KB|NH|account|bank|acct|routing)",
    re.I,
)
# A person: a common Korean surname + a one- or two-syllable given name, followed by a
# title or honorific, or preceded by a field label. ko-pii's name detector was measured
# on KorQuAD and flags ordinary words (가중치, 구분하) at every confidence level, so
# names come from this rule; ko-pii is used for addresses.
_SURNAMES = "김이박최정강조윤장임한오서신권황안송전홍유고문양손배백허남심노하곽성차주우구민류나진지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예봉경사부황보남궁제갈선우독고"
_TITLES = (
    r"씨|님|교수님?|박사님?|연구원님?|선생님?|대표님?|팀장님?|과장님?|부장님?|차장님?|대리님?|사원|"
    r"학생|기자|원장님?|이사님?|선배님?|후배|매니저님?|책임님?|선임님?|수석님?|실장님?|본부장님?|소장님?|"
    r"변호사님?|의사|간호사|조교|교수팀|학우|사장님?|회장님?"
)
_PERSON = re.compile(
    rf"(?<![가-힣])([{_SURNAMES}][가-힣]?[가-힣](?<![에의을를은는가도로와과]))\s?(?:{_TITLES})(?![가-힣]{{2,}})"
    rf"|(?:담당자|성명|이름|작성자|연락처|보호자|신청인|예금주|수신인|발신인|참석자)\s*[:：]?\s*([{_SURNAMES}][가-힣]{{1,2}})(?![가-힣])"
)
_KOPII_MIN = {"address": 0.75}
# ko-pii's address detector costs ~3 ms a chunk; it runs only where an address can be:
# a district (시/군/구) followed by a road, town or lot name, or a lot-number word.
_ADDRESS_HINT = re.compile(
    r"[가-힣](?:시|도|군|구)\s+[가-힣0-9]{1,12}(?:로|길|동|읍|면|리|가)(?:\s|[0-9]|$)|번지|우편번호"
)
_DATE_LIKE = re.compile(r"^(?:19|20)[0-9]{2}-[01]?[0-9]-[0-3]?[0-9]$")

_RRN_W = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_BRN_W = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def rrn_checksum_ok(digits: str) -> bool:
    """주민등록번호 / 구 외국인등록번호 check digit (weights 2..9,2..5, mod 11).

    Foreigner numbers use ``(13 - s % 11) % 10``; residents ``(11 - s % 11) % 10``.
    """
    if len(digits) != 13 or not digits.isdigit():
        return False
    s = sum(int(d) * w for d, w in zip(digits[:12], _RRN_W, strict=True))
    check = int(digits[12])
    if digits[6] in "5678":
        return (13 - s % 11) % 10 == check
    return (11 - s % 11) % 10 == check


def brn_checksum_ok(digits: str) -> bool:
    """사업자등록번호 check digit (weights 1,3,7,1,3,7,1,3,5 plus the carry of the 9th)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    s = sum(x * w for x, w in zip(d[:9], _BRN_W, strict=True)) + (d[8] * 5) // 10
    return (10 - s % 10) % 10 == d[9]


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check used by payment cards."""
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _birth_ok(yy: str, mm: str, dd: str, g: str) -> bool:
    century = {"9": 1800, "0": 1800, "1": 1900, "2": 1900, "5": 1900, "6": 1900}.get(g, 2000)
    try:
        born = date(century + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return born <= date.today()


def _near(label: re.Pattern[str], text: str, start: int, end: int, window: int = 24) -> bool:
    return label.search(text, max(0, start - window), min(len(text), end + 8)) is not None


def _f(kind: str, m: re.Match[str], score: float, source: str, detail: str = "") -> Finding:
    return Finding(
        kind=f"pii:{kind}",
        category="pii",
        span=(m.start(), m.end()),
        score=score,
        source=source,
        text=m.group(0),
        high_risk=kind in HIGH_RISK,
        detail=detail,
    )


class KoreanPII:
    """Rules with check digits for Korean identifiers; ``ko-pii`` for names/addresses."""

    name = "pii-ko"
    category: Category = "pii"

    def __init__(self, *, use_ko_pii: bool = True, names: bool = True) -> None:
        """``use_ko_pii``: addresses through ko-pii; ``names``: the person-name rule."""
        self._use_ko_pii = use_ko_pii
        self._names = names
        self._kopii: tuple[Any, Any] | None = None
        self._kopii_failed = False
        self._lock = threading.Lock()

    def check(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        if _has_digit(text):
            out += self._numbers(text)
        if "@" in text:
            out += [_f("email", m, 0.95, "rule:email") for m in _EMAIL.finditer(text)]
        if _has_hangul(text):
            if self._names:
                out += self._persons(text)
            if self._use_ko_pii and _ADDRESS_HINT.search(text):
                out += self._ko_pii(text)
        return out

    def _persons(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        for m in _PERSON.finditer(text):
            g = 1 if m.group(1) else 2
            out.append(
                Finding(
                    kind="pii:person",
                    category="pii",
                    span=(m.start(g), m.end(g)),
                    score=0.7,
                    source="rule:name-title-ko",
                    text=m.group(g),
                )
            )
        return out

    def _numbers(self, text: str) -> list[Finding]:
        out: list[Finding] = []
        taken: list[tuple[int, int]] = []
        for m in _RRN.finditer(text):
            yy, mm, dd, g, rest = m.groups()
            if not _birth_ok(yy, mm, dd, g):
                continue
            digits = yy + mm + dd + g + rest
            kind = "arn" if g in "5678" else "rrn"
            labelled = _near(_RRN_LABEL, text, m.start(), m.end())
            if rrn_checksum_ok(digits):
                out.append(_f(kind, m, 0.95, f"rule:{kind}-checksum"))
            elif labelled:
                # Numbers issued since 2020-10 carry no checksum; a label is the evidence.
                out.append(_f(kind, m, 0.7, f"rule:{kind}-labelled", "checksum not valid"))
            else:
                continue
            taken.append(m.span())
        for m in _BRN.finditer(text):
            if brn_checksum_ok("".join(m.groups())):
                out.append(_f("brn", m, 0.85, "rule:brn-checksum"))
                taken.append(m.span())
        for m in _CARD.finditer(text):
            digits = re.sub(r"[- ]", "", m.group(0))
            if luhn_ok(digits) and digits[0] in "3456789" and len(set(digits)) > 2:
                out.append(_f("card", m, 0.9, "rule:card-luhn"))
                taken.append(m.span())
        for m in _DRIVER.finditer(text):
            out.append(_f("driver_license", m, 0.85, "rule:driver-license"))
            taken.append(m.span())
        for m in _PASSPORT.finditer(text):
            if _near(_PASSPORT_LABEL, text, m.start(), m.end(), 30):
                out.append(_f("passport", m, 0.9, "rule:passport-labelled"))
                taken.append(m.span())
        for m in _PHONE.finditer(text):
            if not _overlaps(m.span(), taken):
                out.append(_f("phone", m, 0.9, "rule:phone-kr"))
                taken.append(m.span())
        for m in _ACCOUNT.finditer(text):
            digits = m.group(0).replace("-", "")
            if (
                10 <= len(digits) <= 16
                and not _overlaps(m.span(), taken)
                and not _DATE_LIKE.match(m.group(0))
                and _near(_ACCOUNT_LABEL, text, m.start(), m.end(), 30)
            ):
                out.append(_f("account", m, 0.8, "rule:account-labelled"))
        return out

    def _load(self) -> tuple[Any, Any] | None:
        with self._lock:
            if self._kopii is None and not self._kopii_failed:
                try:
                    from ko_pii.patterns import address

                    self._kopii = (address.detect, None)
                except ImportError:
                    log.info("ko-pii is not installed: Korean names/addresses are not detected")
                    self._kopii_failed = True
            return self._kopii

    def _ko_pii(self, text: str) -> list[Finding]:
        fns = self._load()
        if fns is None:
            return []
        detect_address = fns[0]
        out: list[Finding] = []
        try:
            found = list(detect_address(text))
        except Exception as exc:  # a third-party detector must not cost the chunk
            log.warning("ko-pii failed on a text: %s", exc)
            return []
        for d in found:
            kind = "address" if d.label == "ADDRESS" else d.label.lower()
            if float(d.confidence) < _KOPII_MIN.get(kind, 0.75):
                continue
            out.append(
                Finding(
                    kind=f"pii:{kind}",
                    category="pii",
                    span=(int(d.start), int(d.end)),
                    score=float(d.confidence),
                    source=f"ko-pii:{d.label.lower()}",
                    text=str(d.text),
                )
            )
        return out


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")
# \d is Unicode category Nd (str.isdecimal), a subset of what str.isdigit accepts.
_DECIMAL = re.compile(r"\d")


def _has_hangul(text: str) -> bool:
    return _HANGUL_SYLLABLE.search(text) is not None


def _has_digit(text: str) -> bool:
    """``any(c.isdigit() for c in text)``: a regex for decimal digits first; only text
    without any, and not ASCII, is walked for the other digits (superscripts, ...)."""
    if _DECIMAL.search(text) is not None:
        return True
    return not text.isascii() and any(c.isdigit() for c in text)
