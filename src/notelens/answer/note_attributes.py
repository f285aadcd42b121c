"""Attributes that real notes keep for some entries and not others, asked of one they skip.

A paper list writes each paper's title, lab and arXiv date but rarely where it was
published; a repo README lists its folders, not who wrote it; a lecture note names a
model among others without saying who made it; a study's syllabus gives its start
("2024 3/2 ~") and no end; a model's bullet gives its results, not its hardware. A
question about that attribute of an entry the notes do name ("Which conference was the
X paper published at?", "이 저장소 작성자 이름 뭐야?", "X는 어디서 만든 모델이야?",
"스터디 종료일 언제야?", "X 학습에 쓴 GPU 수는?") reaches the entry's row or bullet with
every other word of the question: coverage and cosine stay high, and the unit answers
something else.

Each attribute here is a pair (the words that ask for it, the form its value is written
in), read by ``refusal.measure_factor`` as the other attributes of ``refusal._ATTRIBUTES``
are: a best unit that writes no value of that form takes ``ATTRIBUTE_PENALTY``. They are
note attributes (``refusal.NOTE_ATTRIBUTES``): prose states them in words no pattern
knows ("전쟁은 1953년에 멈췄다" ends a war without "종료"), so prose sentences are left
alone. The maker's value form is the affiliation's (``refusal._ATTRIBUTES``) widened to
the labs' names that notes write (Anthropic, Mistral, Upstage, …). The writer's words
are here; ``asked_nowhere.py`` reads them over every quoted unit (with the paper
authors' value form), not the best one.
"""

from __future__ import annotations

import re

# Where a paper appeared: "venue", "which conference", "published at …?", "어느 학회",
# "학회는 어디", "어디에 게재/실렸". (Not "어디서 발표": a study's talk is 발표 too.)
VENUE_ASKED = re.compile(
    r"\bvenues?\b|\b(?:which|what) (?:conference|journal|workshop)\b"
    r"|\bpublished (?:at|in)\s*(?:which|what|\?|$)|\bwhere was \S+(?: \S+){0,5} published\b"
    r"|(?:어느|어떤|무슨)\s*(?:학회|저널|컨퍼런스|학술대회|워크숍|워크샵)"
    r"|(?:학회|저널|컨퍼런스)\S{0,2}\s*(?:은|는|가|이)?\s*(?:어디|뭐|무엇)"
    r"|어디에?\s*(?:게재|실렸|실린|출판)",
    re.I,
)
# A conference or journal by its acronym (case as written), or the words a note writes
# for one ("accepted at", "게재", "학회").
VENUE_VALUE = re.compile(
    r"\b(?:NeurIPS|NIPS|ICML|ICLR|ACL|EMNLP|NAACL|EACL|AACL|COLING|COLM|CVPR|ICCV|ECCV|AAAI"
    r"|IJCAI|KDD|SIGIR|WWW|WSDM|CIKM|TACL|JMLR|TMLR|TPAMI|Interspeech|ICASSP|UAI|AISTATS"
    r"|MLSys|OSDI|SOSP|LREC|Findings)\b"
    # (and the word itself, as the other attributes' forms take theirs: a schedule's
    # "Venue / Year: …" column)
    r"|(?i:venue|conference|workshop|journal|proceedings|symposium|accepted (?:at|to|by|in)"
    r"|학회|저널|워크숍|워크샵|컨퍼런스|학술대회|게재|채택)"
)

# Who wrote a note, a repo, a post: "저자 이름", "작성자는 누구", "who wrote this repo".
# (A paper's authors are ``refusal``'s "authors", read first.)
WRITER_ASKED = re.compile(
    r"(?:저자|작성자|글쓴이|필자)\s*(?:의\s*)?(?:이름|성함|명)"
    # (The writer asked as who it is, not what the authors think: "저자들은 무엇이 더
    # 중요하다고 봐?" asks an opinion.)
    r"|(?:저자|작성자|글쓴이|필자)(?:은|는|가|이)?\s*(?:누구|뭐)(?:야|예요|에요|지|니|임|인가요)?\s*[?]?\s*$"
    # (The note's name may stand between: "the research-notes repository"; twenty-sixth
    # round.)
    r"|\bwho (?:wrote|authored|maintains|created) (?:this|the|these)(?: [\w-]+){0,2} "
    r"(?:repo|repository|notes?|post|article|blog|readme)(?![\w-])"
    r"|\b(?:author|maintainer|owner) of (?:this|the|these) "
    r"(?:repo|repository|notes?|post|article|blog|readme)(?![\w-])"
    # (With the name between only when the person is what is asked: "What fascinated the
    # author of the research-notes repository?" asks what the note says.)
    r"|\b(?:who(?:'s| is| was| are| were)|name of) the (?:author|maintainer|owner|creator)s? "
    r"of (?:this|the|these)(?: [\w-]+){0,2} "
    r"(?:repo|repository|notes?|post|article|blog|readme)(?![\w-])"
    # The one who made or keeps a repo, a note or a post, asked as a person ("저장소 만든
    # 사람 이름", "이 블로그 운영하는 사람 누구야"): a model's maker is ``MAKER_ASKED``'s.
    r"|(?:저장소|레포|repo|노트|블로그|포스트|게시글)\S{0,2}\s*(?:를|을)?\s*"
    r"(?:만든|작성한|쓴|운영하는|관리하는|만들었던)\s*(?:사람|분|이)(?![가-힣])",
    re.I,
)

# Which lab or company made a model, asked with 어디: "어디서 만든 모델", "어디에서
# 개발했어" (refusal's "affiliation" reads "어느 회사에서 만든" and "which company made").
MAKER_ASKED = re.compile(
    r"(?:어디|어느\s*곳)(?:에)?서\s*(?:만든|만들었|만들어|개발한|개발했|개발된|공개한|공개했"
    r"|공개된|내놓은|내놓았|출시한|출시했|발표한)"
    r"|\bwhere (?:was|is|were|are) \S+(?: \S+){0,3} (?:made|developed|built)\b",
    re.I,
)
# Labs and companies beyond the affiliation's list, and the phrases that name a maker.
MAKER_EXTRA = (
    r"|\b(?:Anthropic|Mistral|Upstage|Naver|NAVER|Kakao|LG|Samsung|Alibaba|Baidu|Tencent"
    r"|Apple|Amazon|NVIDIA|Nvidia|IBM|Cohere|xAI|Salesforce|Huawei|ByteDance|EleutherAI"
    r"|Stability|Hugging\s?Face|Allen|Tsinghua|Stanford|Berkeley|CMU)\b"
    r"|\b(?:made|developed|built|released|trained|created) by\b|개발사|제작사"
    r"|에서\s*(?:만든|개발|공개|출시|내놓)"
)

# When a period is set to end, asked by its noun: "종료일", "마감일", "end date",
# "deadline". (Not "when did X finish?": an event's completion is a date the unit writes
# with any verb, "사전학습 완료 (5/4)", and the date answer type reads it.)
END_ASKED = re.compile(
    r"종료\s*(?:일|날짜|시점|시기)|마감\s*(?:일|날짜|기한)|끝나는\s*(?:날|날짜)"
    r"|마감\S{0,2}\s*(?:은|는|이|가)?\s*언제|\bend date\b|\bdeadline\b",
    re.I,
)
# An end written: the words for it, or a range with its second bound ("1/27 ~ 4/20",
# "Jan 27 - Apr 20"; "2024 1/27 ~" leaves the end open).
END_VALUE = re.compile(
    r"종료|마감|끝나|끝난|끝남|완료|까지|[~～–—]\s*\d|\s-\s\d"
    r"|\b(?:until|till|through|ends?|ended|ending|deadline|due|finish\w*|complet\w*)\b"
    r"|\bto\s+\d",
    re.I,
)

# How many accelerators a run used, asked in Korean: "GPU 수는?", "GPU 몇 장". A paper
# list or a lecture note names the model and its results, rarely its hardware. (English
# "how many GPUs" is ``counted.py``'s, the English form of "몇 장".)
GPUS_ASKED = re.compile(
    r"(?:GPU|TPU|그래픽\s*카드)\S{0,2}\s*(?:의\s*)?(?:(?:수|개수|대수)(?:는|가|은|를|도)?|몇)(?![가-힣])"
    r"|(?:GPU|TPU)\S{0,2}\s*(?:를|을)?\s*몇\s*(?:장|개|대)"
    r"|몇\s*(?:장|개|대)의\s*(?:GPU|TPU)",
    re.I,
)
# A count of accelerators: a number by the chip's name ("8 GPUs", "8×A100", "GPU 8장",
# "A100 64개", "TPUv4 512"), or a number with a device counter ("256장", "16대").
_CHIP = r"(?:GPUs?|TPU\S*|[AHVLT]\d{2,3}|H\d{3}|RTX\s?\d+|A6000|accelerators?)"
GPUS_VALUE = re.compile(
    rf"\d[\d,]*\s*(?:[x×]\s*)?(?:개의?\s*|장의?\s*|대의?\s*)?(?:NVIDIA\s+)?{_CHIP}"
    rf"|{_CHIP}\S{{0,3}}\s*[:=x×]?\s*\d|\d+\s*(?:장|대)(?![가-힣])",
    re.I,
)

# -- the nineteenth round (issue #15): slots whose value has one form whatever the words --
#
# How long something took or lasts: "how long did it take", "얼마나 걸렸어", "소요 시간",
# "얼마 동안 보관해", "학습 기간". A paper's bullet names the model and its results, a
# meeting's line what was decided; neither writes a duration unless it gives one.
# ("How long is the context" asks a length: only "how long" with a verb of time.)
DURATION_ASKED = re.compile(
    r"\bhow long (?:did|does|do|will|would|was|were|is|has|had)\b(?:\s+\S+){0,6}?\s+"
    r"(?:take|took|last|lasted|run|ran|train|trained|kept|keep|stored|retained|wait|stay)\b"
    r"|\bhow long (?:did|does|will) it take\b|\b(?:wall-clock|training|run|total) time\b"
    r"|\bhow many (?:hours|days|weeks|months|minutes)\b"
    r"|얼마나\s*(?:오래\s*)?걸(?:렸|려|리|린)|얼마\s*동안|몇\s*시간\s*(?:걸|동안|만에)"
    r"|(?:소요|걸린|학습|훈련|보관|보존|유지)\s*(?:시간|기간)",
    re.I,
)
# A duration: a number with a unit of time ("1.8h", "3일", "30 days", "2주", "GPU-hours"),
# a labelled time cell ("train_hrs: 1.8", "time | 3h"), a range between two dates, or a
# duration in words ("하루", "한 달", "반년", "overnight", "a week").
DURATION_VALUE = re.compile(
    r"\d[\d,.]*\s*(?:시간|분|초|일|주|개월|달|년|hours?|hrs?|h(?![a-z])|minutes?|mins?"
    r"|seconds?|secs?|s(?![a-z])|days?|weeks?|months?|years?|GPU[- ]?(?:hours?|시간))"
    r"|(?:hrs?|hours?|시간|time|기간|duration)\S{0,6}\s*[:=|]\s*\d"
    r"|\d\s*[~～–—]\s*\d|하루|이틀|사흘|일주일|한\s*(?:달|주|해)|반\s*(?:년|나절)|보름"
    r"|\b(?:overnight|a (?:day|week|month|year|fortnight)|(?:one|two|three|four|five|six|ten)"
    r" (?:hours?|days?|weeks?|months?|years?))\b",
    re.I,
)

# How to reach a person: "연락처", "전화번호", "contact info", "how can I reach X". (An
# e-mail asked by name is ``refusal``'s "email"; a link's target is ``link_answers.py``'s.)
CONTACT_ASKED = re.compile(
    r"연락처|연락\s*(?:방법|수단)|전화\s*번호|핸드폰\s*번호|휴대(?:폰|전화)\s*번호"
    # ("phone" alone is a device: "on which phone chip …")
    r"|\bcontact (?:info\w*|details?|number)\b|\b(?:phone|telephone|mobile) number\b"
    r"|\bhow (?:can|do|could|should) (?:i|we) (?:contact|reach)\b",
    re.I,
)
# A way to reach someone: an address, a phone number, a handle or a messenger by name.
CONTACT_VALUE = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.]+|\[at\]|\(at\)|\+?\d{2,4}[-. )]\d{3,4}[-. ]\d{4}"
    r"|https?://|(?<![\w])@[A-Za-z_]\w+|#[\w-]+|slack|discord|kakao|카톡|카카오|텔레그램|telegram"
    r"|e-?mail|이메일|메일|전화|phone|연락",
    re.I,
)

# -- the twenty-second round (issue #15): the value asked is of a measure or a precision --
#
# A metric asked by its bare name: "X의 정답률은?", "KoFlu 피어슨 상관은?", "블로그 글
# 조회수", "s05 점수" (``asked.asks_metric`` reads the name only with "몇" / "얼마" after
# it). The name ends the question; a rate in "…률/율" is any such name ("성공률", "통과율",
# "오류율"), the words for a law's or a melody's kind aside.
METRIC_ASKED = re.compile(
    r"(?:정확도|점수|스코어|조회수|상관\s*계수|상관|"
    r"[가-힣]{1,3}(?<!효)(?<!법)(?<!규)(?<!자)(?<!선)(?<!운)(?:률|율))(?:은|는|이|가)?\s*[?？]?\s*$"
)
# A metric's value: a number standing alone (no digit of a name, "Tamna-3", "s05",
# "Jindo-3B"; no size, "30B"; no count or date part, "4,000개", "1월", "3 seeds"), a share
# or a score ("66%", "88점", "1e-5"); a Korean particle may follow ("0.78로").
METRIC_VALUE = re.compile(
    r"(?<![\w.\-/])\d+(?:[.,]\d+)*"
    r"(?:\s*(?:%|퍼센트|점(?![가-힣])|pt|points?)|[eE]-?\d"
    r"|(?:으로|로|이|가|은|는|을|를|와|과|도|의|에|만|까지|보다|에서)?(?![\w\-/:])"
    r"(?![.,]\d)(?!\s+[A-Za-z]+s\b))"
)
# A day asked: "몇월 며칠", "며칠에 열려", "on what date", "what day". ("며칠 걸렸어" asks a
# duration, the "duration" attribute's.)
DAY_ASKED = re.compile(
    r"몇\s*월\s*며칠|며칠\s*(?:에|이야|이었|인지|날)|\b(?:on )?(?:what|which) (?:date|day)\b",
    re.I,
)
# A date to the day ("6/12", "2024-03-06", "12일", "Oct 23", "16 April").
_MONTH_WORD = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DAY_VALUE = re.compile(
    r"\d{1,2}\s*/\s*\d{1,2}|\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}\s*일"
    rf"|\b(?:{_MONTH_WORD})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_WORD})\b",
    re.I,
)
# A date written to the month only ("2022 Jun", "Jun 2022", "2024년 3월", "2023.12").
MONTH_VALUE = re.compile(
    rf"\b(?:19|20)\d{{2}}\s*(?:{_MONTH_WORD})\b|\b(?:{_MONTH_WORD})\.?\s*(?:19|20)\d{{2}}\b"
    r"|\d{1,2}\s*월|\b(?:19|20)\d{2}[.-]\d{1,2}\b",
    re.I,
)

# -- the twenty-fifth round (issue #15): the data a model was trained on ----------------
#
# The training set asked by name ("X 학습에 쓴 데이터셋 이름?", "Which dataset was X trained
# on?", "어떤 데이터셋으로 파인튜닝했어?"), not its size (``refusal``'s "data") nor the data
# asked as content ("학습 데이터는 뭐야?", "What data …": any words describe it). A paper's row or a
# model's bullet that names X says what it is, who made it, how it is built; a note that
# says what it was trained on writes the data as such ("데이터: …", "… 코퍼스", "trained on
# …", "…로 학습"). Training only: an evaluation set ("which dataset had the best score?")
# is written bare beside its score ("MMLU 71.9").
DATASET_ASKED = re.compile(
    # (Trained on: a dataset's own name, "기출로 만든 데이터셋 이름", asks the entry itself.)
    r"(?:학습|훈련|파인\s*튜닝|튜닝|fine-?tun\w*)\S{0,3}\s*(?:에\s*)?(?:쓴|쓰인|사용한|사용된|쓰였던)\s*"
    r"(?:데이터\s*셋|코퍼스|말뭉치|dataset|corpus)"
    r"|(?:어떤|무슨|어느)\s*(?:데이터\s*셋|코퍼스|말뭉치|dataset|corpus)\S{0,3}\s*(?:로|으로|를|을|에서)?\s*"
    # (the model named between: "어떤 데이터셋으로 X를 튜닝했어?")
    r"(?:\S+\s+)?(?:학습|훈련|파인\s*튜닝|튜닝|fine-?tun)"
    r"|\b(?:which|what) (?:training |fine-?tuning )?"
    r"(?:datasets?|data ?sets?|corpus|corpora)(?![a-z])"
    r"(?=.{0,60}?\b(?:trained|pre-?trained|fine-?tuned|finetuned|train|training|fine-?tuning"
    r"|finetuning|tuned)\b)"
    r"|\b(?:trained|fine-?tuned|finetuned) on (?:which|what)\b"
    r"|\bname of the (?:training|fine-?tuning) (?:dataset|data ?set|corpus)\b",
    re.I,
)
# The data written as such: the words for it, or a model said to be trained on something.
DATASET_VALUE = re.compile(
    r"data|데이터|corpus|corpora|코퍼스|말뭉치|\b(?:pre-?trained|trained|fine-?tuned|finetuned"
    r"|tuned) (?:on|with)\b|(?:으로|로)\s*(?:사전\s*)?(?:학습|훈련|파인\s*튜닝|튜닝)",
    re.I,
)

#: The attributes of this module, by the names ``refusal._ATTRIBUTES`` gives them.
#: (The writer is read by ``asked_nowhere.py`` over every quoted unit, not the best one:
#: a paper's authors asked without "논문" are often in the bullet beside its schedule row.)
NAMES = frozenset({"venue", "maker", "end", "gpus", "duration", "metric", "dataset"})
