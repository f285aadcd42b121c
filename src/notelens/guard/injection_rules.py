"""Prompt-injection rules as data: patterns, weights, cues and the discussion markers.

The matcher (:mod:`notelens.guard.injection`) compiles and applies these; a rule is
changed or added here without touching it. Patterns are written for folded views
(lower-case, NFKC, de-leeted, de-spaced; :mod:`notelens.guard.normalize`); the matcher
lowers any upper-case literal and lets ``[^.\n]`` step over periods inside words.
A rule id starts with its language (``en.`` rules run on sentences with Latin letters,
``ko.`` rules on sentences with Hangul). Changing a rule changes ingest flags: bump
``GUARD_VERSION`` in :mod:`notelens.guard.base`.
"""

# Regex tables read best one pattern per line.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule: ``weight`` in (0, 1]; hits in one sentence combine as 1 - prod(1 - w).
    ``imperative``: addressed to the model, so not discounted as discussion."""

    id: str
    kind: str  # override | exfiltrate-prompt | jailbreak | addressed | exfiltrate-data | ...
    weight: float
    pattern: str
    imperative: bool = False


_PREV = r"(?:previous|prior|above|earlier|preceding|original|initial|former|existing|old|system|developer|safety|all|any|every|these|those|the|your|my)"
_INSTR = r"(?:instructions?|prompts?|rules?|directions?|directives?|guidelines?|context|messages?|constraints?|polic(?:y|ies)|guardrails?|programming|orders?|commands?|restrictions?|filters?)"

# Folded views are lower-case, NFKC, de-leeted and de-spaced: rules match those.
RULE_SPECS: tuple[RuleSpec, ...] = (
    # -- English -------------------------------------------------------------------------
    RuleSpec(
        "en.override",
        "override",
        0.9,
        rf"\b(?:ignore|disregard|forget|override|bypass|skip|discard|drop|abandon|neglect|nevermind|never mind)\b[^.\n]{{0,16}}?\b{_PREV}\b[^.\n]{{0,20}}?\b{_INSTR}\b",
    ),
    RuleSpec(
        "en.override-short",
        "override",
        0.75,
        r"\b(?:ignore|disregard|forget)\b (?:everything|all(?: of)? (?:that|this|the above)|what (?:you were|i) told)\b",
    ),
    RuleSpec(
        "en.override-no-longer",
        "override",
        0.7,
        rf"\b(?:do not|don't|no longer|stop)\b (?:follow|obey|apply|comply with|adhere to)\b[^.\n]{{0,25}}\b{_INSTR}\b",
    ),
    RuleSpec(
        "en.new-instructions",
        "override",
        0.55,
        r"\b(?:new|updated|real|actual|true|revised|secret) (?:instructions?|task|rules?|objective|directive)s?\s*(?::|are|is)\s",
    ),
    RuleSpec(
        "en.from-now-on",
        "jailbreak",
        0.4,
        r"\b(?:from now on|starting now|henceforth)\b,? (?:you|your|act|respond|answer|always|only|reply)\b",
    ),
    RuleSpec(
        "en.prompt-leak",
        "exfiltrate-prompt",
        0.85,
        r"\b(?:reveal|show|print|output|repeat|display|tell me|leak|dump|disclose|give me|write out|return|spell out|translate|recite|echo)\b[^.\n]{0,40}?\b(?:system|hidden|initial|original|secret|internal|developer|pre-?)\s*(?:prompt|instructions?|message|rules|configuration|guidelines)\b",
    ),
    RuleSpec(
        "en.prompt-leak-verbatim",
        "exfiltrate-prompt",
        0.7,
        r"\b(?:repeat|print|output)\b[^.\n]{0,30}\b(?:everything|all|the text|the words)\b[^.\n]{0,20}\b(?:above|before|prior)\b",
    ),
    RuleSpec(
        "en.you-are-now",
        "jailbreak",
        0.4,
        r"\byou are (?:now|no longer|free|not bound|released|unleashed)\b",
    ),
    RuleSpec(
        "en.dan",
        "jailbreak",
        0.8,
        r"\bdo anything now\b|\b(?:you are|act as|you're|be|become) dan\b|\bdan mode\b|\bstan\b,? (?:which stands|strive to avoid norms)",
    ),
    RuleSpec(
        "en.mode",
        "jailbreak",
        0.4,
        r"\b(?:developer|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|debug|admin|sudo|dev) mode\b",
    ),
    RuleSpec(
        "en.mode-enable",
        "jailbreak",
        0.35,
        r"\b(?:enable|activate|enter|switch to|turn on)\b[^.\n]{0,15}\bmode\b",
    ),
    RuleSpec(
        "en.no-limits",
        "jailbreak",
        0.4,
        r"\b(?:without|no|free (?:of|from)|not bound by|no longer bound by|ignore|ignoring|unconstrained by)\b (?:any |all |your |the |its )?(?:ethical |moral |safety |content )?(?:restrictions|filters|limitations|limits|guidelines|censorship|ethics|morals|rules|safeguards|guardrails|policies)\b",
    ),
    RuleSpec(
        "en.pretend",
        "jailbreak",
        0.45,
        r"\b(?:pretend|imagine|roleplay|role-play|act)\b[:,]? (?:to be|that you are|you are|you're|as if you|as an?)\b[^.\n]{0,40}\b(?:ai|assistant|model|chatbot|unrestricted|unfiltered|evil|no rules|hacker|without)\b",
    ),
    RuleSpec(
        "en.hypothetical",
        "jailbreak",
        0.3,
        r"\b(?:hypothetically|in a fictional world|for a novel|for educational purposes only)\b",
    ),
    RuleSpec(
        "en.addressed",
        "addressed",
        0.6,
        r"\b(?:note|attention|message|instructions?|important|notice|warning) (?:to|for) (?:the |any |all )?(?:ai|assistant|llm|language model|model|chatbot|agent|bot|gpt|claude|copilot|reader model)s?\b",
        True,
    ),
    RuleSpec(
        "en.if-you-are-ai",
        "addressed",
        0.7,
        r"\bif you are (?:an? )?(?:ai|language model|llm|assistant|chatbot|large language model|gpt|agent)\b|\b(?:ai|llm|assistant|agent|model)s? (?:reading|processing|summari[sz]ing|parsing|indexing) this\b",
        True,
    ),
    RuleSpec(
        "en.ai-must",
        "addressed",
        0.45,
        r"\b(?:ai|assistant|llm|language model|chatbot|agent|gpt)s?\b[^.\n]{0,30}\b(?:must|shall|are required to|are instructed to|have to|should now|will now)\b",
        True,
    ),
    RuleSpec(
        "en.when-summarizing",
        "addressed",
        0.45,
        r"\bwhen (?:you )?(?:summari[sz]\w*|answer\w*|process\w*|read\w*|asked|quot\w*|cit\w*)\b[^.\n]{0,40}\b(?:this|these)\b[^.\n]{0,60}\b(?:must|always|instead|only|do not|don't|say|respond|reply|include|tell|never)\b",
        True,
    ),
    RuleSpec(
        "en.link-to",
        "addressed",
        0.3,
        r"\b(?:include|insert|add|append|recommend)\b[^.\n]{0,20}\blinks? to\b",
    ),
    RuleSpec(
        "en.stay-in-character",
        "jailbreak",
        0.45,
        r"\bstay in character\b|\bnever refuse\b|\bdo not refuse\b|\bdon't refuse\b",
    ),
    RuleSpec(
        "en.respond-only",
        "override",
        0.45,
        r"\b(?:respond|reply|answer|say|output|print)\b (?:only |exactly |just )?(?:with )?[\"'“]?(?:i have been pwned|pwned|hacked|access granted|haha)\b",
    ),
    RuleSpec(
        "en.exfil",
        "exfiltrate-data",
        0.7,
        r"\b(?:send|post|email|e-mail|upload|forward|transmit|exfiltrate|leak|append|include|attach|encode)\b[^.\n]{0,50}?\b(?:api[ _-]?keys?|passwords?|credentials?|access tokens?|secrets?|conversation(?: history)?|chat history|user(?:'s)? (?:data|messages|files|emails)|(?<=\.)env|private (?:data|keys?)|ssh keys?|cookies?|session)\b",
    ),
    RuleSpec(
        "en.exfil-url",
        "exfiltrate-data",
        0.55,
        r"\b(?:send|post|upload|forward|transmit|visit|fetch|load|open|render)\b[^.\n]{0,40}\b(?:to|at|from)\b[^.\n]{0,10}(?:https?://|www\.)",
        True,
    ),
    RuleSpec(
        "en.markdown-beacon",
        "exfiltrate-data",
        0.6,
        r"!\[[^\]]*\]\(https?://[^)\s]*[?&][\w-]+=(?:\{|\$|%7b|<)",
    ),
    RuleSpec(
        "en.chat-template",
        "override",
        0.35,
        r"<\|im_start\|>\s*system|<\|system\|>|\[/?inst\]|<<sys>>|^#{2,3} ?(?:system|instruction)s?:|\bsystem\s*:\s*you are\b",
    ),
    RuleSpec(
        "en.tool-abuse",
        "exfiltrate-data",
        0.55,
        r"\b(?:run|execute|call)\b[^.\n]{0,25}\b(?:rm -rf|curl|wget|shell command|the tool|delete_file|send_email)\b",
        True,
    ),
    # -- Korean --------------------------------------------------------------------------
    RuleSpec(
        "ko.override",
        "override",
        0.9,
        r"(?:이전|앞의|앞선|위의|위에|기존|지금까지|모든|원래|시스템|초기|개발자|받은|주어진|너의|당신의)\s*(?:의|에서|에)?\s*(?:모든\s*)?(?:지시|지침|명령|규칙|프롬프트|설정|대화|안내|제약|instructions?|rules?)\S{0,4}\s*(?:은|는|을|를|사항을|들을|들은)?\s*(?:모두\s*|전부\s*|다\s*|싹\s*|완전히\s*)?(?:무시|잊어|잊고|잊으|버려|버리|어기|따르지\s*마|따르지\s*말|취소|폐기|삭제|무효)",
    ),
    RuleSpec(
        "ko.ignore-then",
        "override",
        0.4,
        r"(?:무시하고|무시한\s*채|무시해|잊어버리고|잊고)\s*[^.\n]{0,40}(?:말해|출력|알려|대답해|답해|보여|공개|해라|하라|해\s*줘|작성해|따라)",
    ),
    RuleSpec(
        "ko.prompt-leak",
        "exfiltrate-prompt",
        0.85,
        r"(?:시스템|숨겨진|숨은|초기|원래|내부|비밀|개발자)\s*(?:프롬프트|지시문?|지침|설정|명령|메시지|규칙)\S{0,4}\s*[^.\n]{0,20}(?:출력|공개|보여|알려|말해|노출|유출|그대로|복사|반복)",
    ),
    RuleSpec(
        "ko.prompt-leak-2",
        "exfiltrate-prompt",
        0.7,
        r"(?:위의?|앞의?|이전)\s*(?:내용|텍스트|문장|지시)\S{0,3}\s*(?:을|를)?\s*(?:그대로|전부|모두)\s*(?:출력|반복|복사|보여)",
    ),
    RuleSpec(
        "ko.you-are-now",
        "jailbreak",
        0.55,
        r"(?:너는|당신은|넌|네가|니가)\s*(?:이제|지금부터|앞으로|오늘부터)|(?:이제부터|지금부터|앞으로)\s*(?:너는|당신은|넌)",
    ),
    RuleSpec(
        "ko.no-limits",
        "jailbreak",
        0.35,
        r"(?:제한|제약|검열|필터|규칙|윤리|안전\s*장치|가이드라인|정책)\S{0,3}\s*(?:이|가|을|를|은|는|에서)?\s*(?:없는|없이|해제|풀린|풀고|무시|벗어난|벗어나|받지\s*않는)",
    ),
    RuleSpec(
        "ko.jailbreak",
        "jailbreak",
        0.7,
        r"탈옥\s*(?:모드|해|하라|하고|상태|된)|(?:개발자|관리자|신|무제한)\s*모드\s*(?:로|를|활성|켜|진입|전환)",
    ),
    RuleSpec(
        "ko.pretend",
        "jailbreak",
        0.45,
        r"(?:인\s*척|인척|처럼\s*행동|역할을?\s*(?:해|하라|맡아)|연기해)[^.\n]{0,20}|(?:척\s*해|척하고)",
    ),
    RuleSpec(
        "ko.addressed",
        "addressed",
        0.7,
        r"(?:이|본)\s*(?:문서|노트|글|페이지|파일|내용)\S{0,2}\s*(?:을|를)?\s*(?:읽는|요약하는|처리하는|보는|분석하는|검색한)\s*(?:AI|ai|인공지능|어시스턴트|모델|LLM|llm|챗봇|에이전트|GPT|gpt)",
        True,
    ),
    RuleSpec(
        "ko.to-ai",
        "addressed",
        0.6,
        r"(?:AI|ai|인공지능|어시스턴트|챗봇|언어\s*모델|LLM|llm|GPT|gpt|에이전트)\s*(?:에게|님께|님에게|에게\s*보내는|한테)\s*[^.\n]{0,10}(?:지시|명령|알림|메시지|:)",
        True,
    ),
    RuleSpec(
        "ko.ai-must",
        "addressed",
        0.45,
        r"(?:AI|ai|인공지능|어시스턴트|챗봇|언어\s*모델|LLM|llm|GPT|gpt|에이전트|모델)\s*(?:는|은|가|이)\s*[^.\n]{0,30}(?:반드시|무조건|꼭)\s*[^.\n]{0,30}(?:해야|하라|할\s*것|하십시오)",
        True,
    ),
    RuleSpec(
        "ko.when-answering",
        "addressed",
        0.5,
        r"(?:요약|답변|응답|대답|인용)\s*(?:할|하는)\s*(?:때|경우)\s*(?:는|에는)?\s*[^.\n]{0,40}(?:반드시|대신|무조건|항상)",
        True,
    ),
    RuleSpec(
        "ko.exfil",
        "exfiltrate-data",
        0.7,
        r"(?:API\s*키|api\s*키|비밀번호|패스워드|암호|토큰|인증\s*정보|자격\s*증명|개인\s*정보|대화\s*(?:내용|기록)|\.env|쿠키|세션|키\s*값)\S{0,3}\s*[^.\n]{0,30}(?:보내|전송|업로드|이메일로|메일로|유출|첨부|포함시켜|적어|붙여)",
    ),
)

# Literal fragments each rule cannot match without (checked with ``in`` before the
# regex runs: most sentences that pass the sentence cue still fail these).
RULE_CUES: dict[str, tuple[str, ...]] = {
    "en.override": ("ignor", "disregard", "forget", "overrid", "bypass", "skip", "discard",
                    "drop", "abandon", "neglect", "never mind", "nevermind"),
    "en.override-short": ("ignor", "disregard", "forget"),
    "en.override-no-longer": ("follow", "obey", "apply", "comply", "adhere"),
    "en.new-instructions": ("instruction", "task", "rule", "objective", "directive"),
    "en.from-now-on": ("from now on", "starting now", "henceforth"),
    "en.prompt-leak": ("prompt", "instruction", "message", "rules", "configuration", "guideline"),
    "en.prompt-leak-verbatim": ("above", "before", "prior"),
    "en.you-are-now": ("you are ",),
    "en.dan": ("do anything now", "dan", "stan"),
    "en.mode": (" mode",),
    "en.mode-enable": ("mode",),
    "en.no-limits": ("restriction", "filter", "limit", "guideline", "censor", "ethic", "moral",
                     "rules", "safeguard", "guardrail", "polic"),
    "en.pretend": ("pretend", "imagine", "roleplay", "role-play", "act"),
    "en.hypothetical": ("hypothetical", "fictional world", "for a novel", "educational purposes"),
    "en.addressed": ("note", "attention", "message", "instruction", "important", "notice", "warning"),
    "en.if-you-are-ai": ("if you are", " this"),
    "en.ai-must": ("must", "shall", "required to", "instructed to", "have to", "should now",
                   "will now"),
    "en.when-summarizing": ("when ",),
    "en.link-to": ("link",),
    "en.stay-in-character": ("character", "refuse"),
    "en.respond-only": ("pwned", "hacked", "access granted", "haha"),
    "en.exfil": ("key", "password", "credential", "token", "secret", "conversation", "history",
                 "user", "env", "private", "ssh", "cookie", "session"),
    "en.exfil-url": ("http", "www."),
    "en.markdown-beacon": ("![",),
    "en.chat-template": ("<|", "[inst]", "[/inst]", "<<sys>>", "system", "instruction"),
    "en.tool-abuse": ("rm -rf", "curl", "wget", "shell command", "the tool", "delete_file",
                      "send_email"),
    "ko.override": ("무시", "잊", "버려", "버리", "어기", "따르지", "취소", "폐기", "삭제", "무효"),
    "ko.ignore-then": ("무시", "잊"),
    "ko.prompt-leak": ("프롬프트", "지시", "지침", "설정", "명령", "메시지", "규칙"),
    "ko.prompt-leak-2": ("그대로", "전부", "모두"),
    "ko.you-are-now": ("너는", "당신은", "넌", "네가", "니가", "이제부터", "지금부터"),
    "ko.no-limits": ("없는", "없이", "해제", "풀린", "풀고", "무시", "벗어", "받지"),
    "ko.jailbreak": ("탈옥", "모드"),
    "ko.pretend": ("척", "처럼", "역할", "연기해"),
    "ko.addressed": ("읽는", "요약하는", "처리하는", "보는", "분석하는", "검색한"),
    "ko.to-ai": ("에게", "님께", "한테"),
    "ko.ai-must": ("반드시", "무조건", "꼭"),
    "ko.when-answering": ("때", "경우"),
    "ko.exfil": ("키", "비밀번호", "패스워드", "암호", "토큰", "인증", "자격", "개인", "대화", "env",
                 "쿠키", "세션"),
}  # fmt: skip

# Cheap prefilter: a sentence without any of these cannot fire a rule. Plain substrings
# (``str.__contains__`` is ~10x faster than one big alternation); the few cues that
# need word boundaries are in WORD_CUES.
SENTENCE_CUES = (
    "ignor", "disregard", "forget", "overrid", "bypass", "instruction", "prompt", "jailbr",
    "pretend", "roleplay", "role-play", "do anything", "mode", "you are", "you're", "restrict",
    "filter", "from now", "assistant", "language model", "chatbot", "agent", "pwned", "hacked",
    "api key", "api-key", "apikey", "api_key", "password", "credential", "secret", "env", "exfil",
    "<|im_start", "[inst]", "<<sys>>", "system", "reveal", "send", "upload", "henceforth",
    "hypothetic", "respond", "reply", "summari", "answer", "mail", "forward", "conversation",
    "history", "include", "curl", "wget", "shell", "execute", "refuse", "character", "![",
    "limit", "censor", "rules", "ethic", "polic", "guideline", "unfiltered", "say ", "print",
    "output", "repeat", "tell", "show", "display", "leak", "dump", "disclose", "translate",
    "recite", "echo", "link", "if you are", "note to", "attention", "message", "important",
    "run ", "call ",
    "무시", "잊어", "잊고", "잊으", "지시", "지침", "명령", "프롬프트", "규칙", "탈옥", "제한", "제약",
    "검열", "필터", "윤리", "너는", "당신은", "넌 ", "네가", "니가", "이제부터", "지금부터", "인공지능",
    "어시스턴트", "챗봇", "에이전트", "비밀번호", "패스워드", "암호", "토큰", "api 키", "api키", "키 값",
    "키값", "척", "처럼", "역할", "연기해", "모드", "반드시", "무조건", "항상", "대신", "에게", "님께",
    "한테", "읽는", "요약하는", "처리하는", "분석하는", "출력", "공개", "노출", "유출", "반복", "복사",
    "쿠키", "세션", "개인 정보", "개인정보", "대화", "전송", "보내", "업로드", "메일", "취소", "어기",
    "따르지", "버려", "버리", "해제", "없이", "없는",
)  # fmt: skip
WORD_CUES = r"\b(?:ai|llm|llms|dan|gpt)\b"


# Cues that make an English sentence worth the classifier's time.
MODEL_CUE = (
    r"ignor|disregard|forget|overrid|bypass|jailbr|pretend|do anything now|"
    r"system prompt|you are now|developer mode|unrestricted|unfiltered|pwned|exfiltrat"
)  # matched ignoring case
# Discussion of attacks rather than an attack.
DISCUSS_EN = (
    r"\b(?:e\.g\.|eg\.|i\.e\.|for example|for instance|such as|like|called|known as|termed|dubbed|"
    r"attacks?|attackers?|adversar\w*|paper|papers|study|studies|survey|we (?:propos|evaluat|show|find|found|stud|test|measur|observ|report|compar)\w*|"
    r"benchmarks?|datasets?|defen[cs]es?|mitigat\w*|detect\w*|red[- ]?team\w*|researchers?|success rate|"
    r"classifiers?|technique|techniques|examples?|phrases?|payloads?|et al|arxiv|vulnerab\w*|threats?|"
    r"taxonomy|categor\w*|robust\w*|evaluat\w*|strings? like|typical(?:ly)?|"
    r"prompt injections?|risks?|successfully)\b"
)
DISCUSS_KO = (
    r"예를\s*들어|예시|예:|예\)|공격|기법|논문|연구|방어|탐지|데이터셋|벤치마크|레드\s*팀|사례|유형|성공률|분류기|"
    r"라는|라고\s*(?:하는|쓰는|적힌)|같은|등의|등을|취약|위협|정리|실험|평가|메모|문구|문장|패턴|안전성|정렬"
)
INTRO = (
    r"(?:e\.g\.,?|eg\.|i\.e\.,?|such as|like|called|known as|for example,?|for instance,?|예:|예\)|예를\s*들어|"
    r"[\"'“‘「『`])\s*$"
)
QUOTE_AFTER = r"^[^\n]{0,3}[\"'”’」』`]|^\S{0,3}\s*(?:라는|라고|같은|등의|등)"
DESCRIPTIVE = (
    r"\b(?:they|it|he|she|we|models?|llms?|which|who|that|may|might|can|could|would|will|"
    r"often|sometimes|never|not|does|did|tends? to|learns? to|fails? to)\s+(?:\w+\s+){0,3}$"
)
