"""The notes question set (benchmarks/data/notes_qa.jsonl) checks itself: every gold
answer is a verbatim span of its gold source, ids are unique, every class is big
enough, and each gold path matches the indexed file the way ``notes:`` datasets match.

Sources under ../shared (the real notes samples, outside the repo) are checked only
where that folder exists; elsewhere those checks are skipped with a reason.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from notelens.evaluate.datasets import load_dataset
from notelens.evaluate.report import render_report
from notelens.evaluate.results import (
    AnswerResult,
    AnswerRow,
    EvalResult,
    ModeResult,
    QueryResult,
)
from notelens.evaluate.runner import NotesMatcher, answer_breakdown
from notelens.evaluate.scoring import mean_metrics, score_query

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "data"
QA = DATA / "notes_qa.jsonl"
UNANSWERABLE = DATA / "notes_unanswerable.jsonl"
SHARED = ROOT.parent / "shared" / "notes-samples"
CLASSES = {
    "title_vs_bullet",
    "table_row",
    "number",
    "who_when",
    "list",
    "definition",
    "cross_language",
    "prose",
}
LANGS = {"ko", "en", "mixed"}


def _rows(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _source(rel: str) -> Path:
    return (ROOT / rel).resolve()


def _is_shared(rel: str) -> bool:
    return rel.startswith("../shared/")


def test_shape_ids_and_class_sizes() -> None:
    rows = _rows(QA)
    assert len(rows) >= 200
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    questions = [r["question"] for r in rows]
    assert len(questions) == len(set(questions))
    for r in rows:
        assert set(r) == {"id", "question", "relevant", "answer", "class", "lang"}, r["id"]
        assert r["class"] in CLASSES, r["id"]
        assert r["lang"] in LANGS, r["id"]
        assert r["relevant"] and r["answer"], r["id"]
        # Gold answers are short spans (a number with its unit, a name, a week).
        assert all(0 < len(a) <= 90 for a in r["answer"]), r["id"]
    per_class = Counter(r["class"] for r in rows)
    assert set(per_class) == CLASSES
    assert min(per_class.values()) >= 15, per_class
    per_lang = Counter(r["lang"] for r in rows)
    assert set(per_lang) == LANGS and min(per_lang.values()) >= 15, per_lang
    # All four notes samples and the examples folder are covered.
    sources = {s for r in rows for s in r["relevant"]}
    assert sum(1 for s in sources if _is_shared(s)) == 4
    assert sum(1 for s in sources if s.startswith("examples/notes/")) >= 9


def test_loads_as_notes_dataset_with_class_and_lang() -> None:
    ds = load_dataset(f"notes:{QA}")
    rows = _rows(QA)
    assert ds.format == "notes" and len(ds.queries) == len(rows)
    first = rows[0]
    assert ds.answers[first["id"]] == first["answer"]
    assert ds.fields[first["id"]] == {"class": first["class"], "lang": first["lang"]}


def _check_answers(shared: bool) -> int:
    checked = 0
    cache: dict[str, str] = {}
    for r in _rows(QA):
        rels = r["relevant"]
        if any(_is_shared(s) for s in rels) != shared:
            continue
        texts = []
        for rel in rels:
            if rel not in cache:
                cache[rel] = _source(rel).read_text(encoding="utf-8")
            texts.append(cache[rel])
            # The gold path, as written, matches the file's own source path when indexed.
            assert NotesMatcher([rel]).unit(str(_source(rel)), "", "c") == "rel:0", rel
        for answer in r["answer"]:
            assert any(answer in t for t in texts), (r["id"], answer)
        checked += 1
    return checked


def test_answers_are_verbatim_in_examples_sources() -> None:
    assert _check_answers(shared=False) >= 100


@pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"{SHARED} is absent: the shared notes samples are not here"
)
def test_answers_are_verbatim_in_shared_notes_samples() -> None:
    assert _check_answers(shared=True) >= 80


def test_unanswerable_set() -> None:
    rows = _rows(UNANSWERABLE)
    assert len(rows) >= 60
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    for r in rows:
        assert set(r) == {"id", "lang", "kind", "question"}, r["id"]
        assert r["lang"] in LANGS and r["kind"] in {"near", "off"}, r["id"]
        assert r["question"].strip()
    assert Counter(r["kind"] for r in rows)["near"] >= 40
    answerable = {r["question"] for r in _rows(QA)}
    assert not answerable & {r["question"] for r in rows}


def _row(qid: str, cls: str, lang: str, contains: float, refused: bool = False) -> AnswerRow:
    return AnswerRow(
        qid=qid,
        question=f"질문 {qid}",
        answer="" if refused else "답 [1]",
        gold=["답"],
        refused=refused,
        exact_match=0.0,
        token_f1=contains,
        contains_gold=contains,
        citation_precision=None if refused else 1.0,
        fields={"class": cls, "lang": lang},
    )


def test_answer_metrics_break_down_by_class_and_lang() -> None:
    rows = [
        _row("a", "table_row", "ko", 1.0),
        _row("b", "table_row", "en", 0.0),
        _row("c", "number", "ko", 1.0),
        _row("d", "number", "mixed", 0.0, refused=True),
    ]
    by = answer_breakdown(rows)
    assert set(by) == {"class", "lang"}
    assert by["class"]["table_row"]["Containment"] == 0.5
    assert by["class"]["table_row"]["n"] == 2.0
    assert by["class"]["number"]["RefusalRate"] == 0.5
    assert by["lang"]["ko"]["Containment"] == 1.0 and by["lang"]["mixed"]["n"] == 1.0
    # The breakdown survives a saved result (--save / --json, then eval report).
    hit = QueryResult(
        qid="a",
        query="질문 a",
        metrics=score_query(["rel:0"], {"rel:0": 1.0}, [5]),
        retrieved=["rel:0"],
        relevant=["rel:0"],
    )
    result = EvalResult(
        dataset={"name": "notes_qa", "format": "notes", "queries": 4},
        ks=[5],
        depth=5,
        modes={"hybrid": ModeResult("hybrid", mean_metrics([hit.metrics]), [hit])},
        answers=AnswerResult(metrics={}, rows=rows, by_field=by),
    )
    back = EvalResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert back.answers is not None
    assert back.answers.by_field == by and back.answers.rows[0].fields["class"] == "table_row"
    html = render_report(back)
    assert "<h3>By class</h3>" in html and "<h3>By lang</h3>" in html
    assert '<td class="l">table_row</td><td>2</td>' in html


# The blind archives (benchmarks/data/blind*-notes): written without reading the answer
# stage, so each gave an untuned figure when it was added; odd ids tune, even ids are held out.
BLIND = [
    ("blind", "blind-notes", 7),
    ("blind2", "blind2-notes", 20),
    ("blind3", "blind3-notes", 24),
]


@pytest.mark.parametrize(("name", "folder", "per_class"), BLIND)
def test_blind_sets_check_themselves(name: str, folder: str, per_class: int) -> None:
    """Every question names files of its own archive, one of its gold spellings is a
    verbatim span of one of them, ids and questions are unique, every class is there."""
    rows = _rows(DATA / f"{name}_qa.jsonl")
    notes = DATA / folder
    texts = {
        p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in notes.glob("*.md")
    }
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) and len({r["question"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"id", "question", "relevant", "answer", "class", "lang"}, r["id"]
        assert r["class"] in CLASSES and r["lang"] in LANGS, r["id"]
        assert r["relevant"] and set(r["relevant"]) <= set(texts), r["id"]
        assert any(a in texts[rel] for a in r["answer"] for rel in r["relevant"]), r["id"]
    assert min(Counter(r["class"] for r in rows).values()) >= per_class
    assert set(Counter(r["class"] for r in rows)) == CLASSES
    unanswerable = _rows(DATA / f"{name}_unanswerable.jsonl")
    assert len({r["id"] for r in unanswerable}) == len(unanswerable) >= 40
    for r in unanswerable:
        assert set(r) == {"id", "lang", "kind", "question"}, r["id"]
        assert r["lang"] in LANGS and r["kind"] in {"near", "off"}, r["id"]
    ds = load_dataset(f"notes:{DATA / f'{name}_qa.jsonl'}")
    assert len(ds.queries) == len(rows)


def test_third_blind_set_sizes_and_styles() -> None:
    """blind3 is the issue's full-size blind check: 200+ answerable questions with 24+ per
    class in all three languages, 60+ unanswerable ones (near misses and off-topic), and
    an archive in styles the first two lack (an Obsidian vault among them)."""
    rows = _rows(DATA / "blind3_qa.jsonl")
    assert len(rows) >= 200
    assert set(Counter(r["lang"] for r in rows)) == LANGS
    unanswerable = _rows(DATA / "blind3_unanswerable.jsonl")
    kinds = Counter(r["kind"] for r in unanswerable)
    assert len(unanswerable) >= 60 and kinds["near"] >= 40 and kinds["off"] >= 10
    assert not {r["question"] for r in rows} & {r["question"] for r in unanswerable}
    notes = sorted((DATA / "blind3-notes").glob("*.md"))
    assert 8 <= len(notes) <= 12
    bodies = [p.read_text(encoding="utf-8") for p in notes]
    texts = "\n".join(bodies)
    # Obsidian: YAML front matter, a wikilink with an alias, callouts, an embed.
    assert any(b.startswith("---\n") and "\naliases:" in b for b in bodies)
    assert re.search(r"\[\[[^\]|]+\|[^\]]+\]\]", texts)
    assert "> [!tip]" in texts and "![[" in texts
    # Every file is named by some question.
    named = {s for r in rows for s in r["relevant"]}
    assert {p.relative_to(ROOT).as_posix() for p in notes} <= named


@pytest.mark.parametrize(
    ("name", "prefix"), [("blind4", "e"), ("blind5", "f"), ("blind6", "g"), ("blind7", "h")]
)
def test_real_format_blind_sets_check_themselves(name: str, prefix: str) -> None:
    """blind4, blind5 and blind6 are written close to the real archives' own formats (a 40 KB yearly
    link digest with the previous year folded inside it, a paper list with 3-line summaries,
    two syllabus tables of different shapes, Korean prose, a glossary, a .txt and an .html
    export): every question names files of its archive, one gold spelling is a verbatim span
    of one of them, every class has 24+ questions in all three languages, and 60+ questions
    are unanswerable."""
    notes = DATA / f"{name}-notes"
    files = sorted(p for p in notes.iterdir() if p.is_file())
    assert 8 <= len(files) <= 10
    texts = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in files}
    rows = _rows(DATA / f"{name}_qa.jsonl")
    assert len(rows) >= 200
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(prefix + r"\d{3}", i) for i in ids)
    assert len({r["question"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"id", "question", "relevant", "answer", "class", "lang"}, r["id"]
        assert r["class"] in CLASSES and r["lang"] in LANGS, r["id"]
        assert r["relevant"] and set(r["relevant"]) <= set(texts), r["id"]
        assert all(0 < len(a) <= 90 for a in r["answer"]), r["id"]
        assert any(a in texts[rel] for a in r["answer"] for rel in r["relevant"]), r["id"]
    per_class = Counter(r["class"] for r in rows)
    assert set(per_class) == CLASSES and min(per_class.values()) >= 24, per_class
    assert set(Counter(r["lang"] for r in rows)) == LANGS
    # Every file is named by some question.
    assert set(texts) <= {s for r in rows for s in r["relevant"]}
    unanswerable = _rows(DATA / f"{name}_unanswerable.jsonl")
    assert len({r["id"] for r in unanswerable}) == len(unanswerable) >= 60
    for r in unanswerable:
        assert set(r) == {"id", "lang", "kind", "question"}, r["id"]
        assert r["lang"] in LANGS and r["kind"] in {"near", "off"}, r["id"]
    kinds = Counter(r["kind"] for r in unanswerable)
    assert kinds["near"] >= 40 and kinds["off"] >= 10
    assert not {r["question"] for r in rows} & {r["question"] for r in unanswerable}
    assert len(load_dataset(f"notes:{DATA / f'{name}_qa.jsonl'}").queries) == len(rows)


def _check_yearly_digest(path: Path, year: int, entries: int, folded_months: int) -> None:
    """A yearly digest of 40 KB+ whose weeks are <details> blocks (Korean and English week
    names) of `- 📜 [Org] [Title](url)` entries with nested 중요 개념 blocks, and the
    previous year wrapped in one <details> with its own month headings."""
    digest = path.read_text(encoding="utf-8")
    assert len(digest.encode("utf-8")) >= 40_000 and digest.startswith(f"# archive {year}\n")
    assert re.search(r"<summary>\d주차</summary>", digest)
    assert re.search(r"<summary>\d(st|nd|rd|th) week</summary>", digest)
    assert len(re.findall(r"^- 📜 \[[^\]]+\] \[[^\]]+\]\(https?://", digest, re.M)) >= entries
    assert re.search(r"^ {4}<summary>중요 개념</summary>", digest, re.M)
    wrapped = digest[digest.index(f"<summary>archive {year - 1}</summary>") :]
    assert len(re.findall(r"^## \S+ \w+", wrapped, re.M)) >= folded_months


def _check_summaries_and_syllabus(papers: Path, syllabus: Path) -> str:
    """12+ 3-line summaries in <details>, and the Korean syllabus table without outer pipes;
    returns the syllabus text."""
    assert papers.read_text(encoding="utf-8").count("<summary>3 LINE SUMMARY</summary>") >= 12
    text = syllabus.read_text(encoding="utf-8")
    assert "\n주차 | 날짜 | 주제 | 논문 | 발표자\n-- |" in text
    return text


def test_fourth_blind_archive_keeps_the_real_formats() -> None:
    """The shapes the hidden check's archive has: a yearly digest of 40 KB+ whose weeks are
    <details> blocks (Korean and English week names) of `- 📜 [Org] [Title](url)` entries
    with nested bullets and nested 중요 개념 blocks, and the previous year wrapped in one
    <details> with its own month headings; 3-line summaries; a headerless-pipe Korean table
    and a piped English one; Obsidian front matter, wikilinks and callouts."""
    notes = DATA / "blind4-notes"
    _check_yearly_digest(notes / "archive-2026.md", 2026, entries=1, folded_months=3)
    _check_summaries_and_syllabus(notes / "paper-list.md", notes / "study-syllabus-ko.md")
    assert "| Session | Date |" in (notes / "study-syllabus-en.md").read_text(encoding="utf-8")
    glossary = (notes / "glossary.md").read_text(encoding="utf-8")
    assert glossary.startswith("---\n") and "\naliases:" in glossary
    assert re.search(r"\[\[[^\]|]+\|[^\]]+\]\]", glossary) and "> [!note]" in glossary
    assert (notes / "reading-log.txt").is_file() and (notes / "seminar-export.html").is_file()


def test_fifth_blind_archive_keeps_the_real_formats() -> None:
    """blind5 varies what blind4 fixed: other month emoji, Korean and English week names in
    one year, a 중요 개념 block nested in an entry, the previous year folded with its own
    months; 3-line summaries in both directions; a Korean syllabus table with 〃 and empty
    cells and dates as 3/15, a piped English one with ordinal dates; dates written four ways;
    a glossary with one-line definitions, bold bullets, a table and a definition list."""
    notes = DATA / "blind5-notes"
    _check_yearly_digest(notes / "archive-2025.md", 2025, entries=100, folded_months=4)
    syllabus = _check_summaries_and_syllabus(
        notes / "paper-summaries.md", notes / "syllabus-season3.md"
    )
    assert "| 〃 |" in syllabus and re.search(r"\| \d+/\d+ \|", syllabus)
    english = (notes / "reading-group-fall.md").read_text(encoding="utf-8")
    assert "| Session | Date |" in english and re.search(r"\| \w+ \d+(st|nd|rd|th) \|", english)
    club = (notes / "dawn-club-notes.md").read_text(encoding="utf-8")
    for date in (
        r"\d{4}\.\d{2}\.\d{2}",
        r"\d+월 \d+일",
        r"[A-Z][a-z]+ \d+(st|nd|rd|th)",
        r"\d+/\d+",
    ):
        assert re.search(date, club), date
    glossary = (notes / "key-concepts.md").read_text(encoding="utf-8")
    assert glossary.startswith("---\n") and "\naliases:" in glossary
    assert re.search(r"\[\[[^\]|]+\|[^\]]+\]\]", glossary) and "> [!tip]" in glossary
    assert re.search(r"^- \*\*\w+\*\*", glossary, re.M) and re.search(r"^: ", glossary, re.M)
    assert (notes / "seminar-log.txt").is_file() and (notes / "talk-2025-11.html").is_file()


def _blind_archive(name: str, prefix: str) -> tuple[Path, list[Path], list[dict[str, Any]], str]:
    """What every blind archive written after the tuning keeps (blind6, blind7): 60-80 KB,
    220+ answerable questions with 13+ of each class in each parity half, 62+ unanswerable
    ones (45+ near misses first, then 12+ off-topic, ids ``<prefix>NN``), and a yearly
    digest with Korean and English week names, 70+ linked entries, nested glossaries and
    three levels of bullets. Returns the folder, its files, the answerable rows and the
    digest's text."""
    notes = DATA / f"{name}-notes"
    files = sorted(p for p in notes.iterdir() if p.is_file())
    assert 60_000 <= sum(len(p.read_bytes()) for p in files) <= 80_000
    rows = _rows(DATA / f"{name}_qa.jsonl")
    assert len(rows) >= 220
    halves = Counter((r["class"], int(r["id"][1:]) % 2) for r in rows)
    assert all(halves[(c, h)] >= 13 for c in CLASSES for h in (0, 1)), halves
    unanswerable = _rows(DATA / f"{name}_unanswerable.jsonl")
    kinds = [r["kind"] for r in unanswerable]
    assert len(kinds) >= 62 and kinds.count("near") >= 45 and kinds.count("off") >= 12
    assert kinds == sorted(kinds)  # near misses first, then off-topic
    assert all(re.fullmatch(rf"{prefix}\d{{2}}", r["id"]) for r in unanswerable)
    digest = (notes / "archive-2026.md").read_text(encoding="utf-8")
    assert digest.startswith("# archive 2026\n")
    assert "<summary>첫째 주</summary>" in digest and "<summary>1st week</summary>" in digest
    assert len(re.findall(r"^- 📜 \[[^\]]+\] \[[^\]]+\]\(https?://", digest, re.M)) >= 70
    assert re.search(r"^ {4}<summary>중요 개념</summary>", digest, re.M)
    assert re.search(r"^ {8}- ", digest, re.M)  # three levels of bullets
    return notes, files, rows, digest


def test_sixth_blind_archive_keeps_the_real_formats() -> None:
    """blind6, written after the answer stage was tuned on the first five: 220+ answerable
    questions (26+ per class, each class split between odd and even ids), 62+ unanswerable
    ones (near misses first, then off-topic); Korean week names ("첫째 주") beside English
    ones, 2025 folded into the 2026 digest, nested lists three deep, a syllabus table split
    by a long note row with empty cells and a break row, the glossary in four forms."""
    notes, _, _, digest = _blind_archive("blind6", "gu")
    folded = digest[digest.index("<summary>archive 2025</summary>") : digest.index("## ❄️")]
    assert len(re.findall(r"^## \S+ \w+", folded, re.M)) >= 4
    papers = (notes / "paper-notes.md").read_text(encoding="utf-8")
    assert papers.count("<summary>3 LINE SUMMARY</summary>") >= 12
    syllabus = (notes / "study-syllabus.md").read_text(encoding="utf-8")
    assert syllabus.count("| 주차 | 주제 | 논문 | 발표자 | 날짜 |") == 2  # split by a note
    assert "|  |" in syllabus and "| — |" in syllabus
    glossary = (notes / "glossary.md").read_text(encoding="utf-8")
    assert glossary.startswith("---\n") and "\naliases:" in glossary
    assert re.search(r"\[\[[^\]|]+\|[^\]]+\]\]", glossary) and "> [!note]" in glossary
    assert re.search(r"^\| \w+ \|", glossary, re.M) and re.search(r"^- \*\*", glossary, re.M)
    meetings = (notes / "group-meetings.md").read_text(encoding="utf-8")
    for date in (
        r"\d{4}\.\d{2}\.\d{2}",
        r"\d+월 \d+일",
        r"[A-Z][a-z]+ \d+(st|nd|rd|th)",
        r"\d+/\d+",
    ):
        assert re.search(date, meetings), date
    assert (notes / "experiment-log.txt").is_file() and (notes / "talk-export.html").is_file()


def test_seventh_blind_archive_keeps_the_real_formats() -> None:
    """blind7, written after the answer stage was tuned on six sets and never tuned on: 220+
    answerable questions (26+ per class, each class split between odd and even ids), 62+
    unanswerable ones (near misses first, then off-topic); beside the digest, summaries,
    syllabus and glossary of the six before it, kinds of notes they lack: an Obsidian daily
    log (dated headings, tasks, callouts, #tags), an experiment log with a run table and
    dated prose, English paper reviews with a Korean TL;DR, a Q&A transcript export."""
    notes, files, rows, digest = _blind_archive("blind7", "hu")
    assert re.search(r"^ {12}- ", digest, re.M)  # four levels of bullets
    folded = digest[digest.index("<summary>archive 2025</summary>") :]
    assert len(re.findall(r"^## \S+ \w+", folded, re.M)) >= 4
    for spelled in ("1.5만", "860,000", "40K"):  # numbers written more than one way
        assert spelled in "\n".join(p.read_text(encoding="utf-8") for p in files), spelled
    papers = (notes / "paper-summaries.md").read_text(encoding="utf-8")
    assert papers.count("<summary>3 LINE SUMMARY</summary>") >= 12
    assert papers.count("> **TL;DR (한국어)**") == 2  # English reviews, Korean TL;DR
    syllabus = (notes / "study-syllabus.md").read_text(encoding="utf-8")
    assert syllabus.count("| 주차 | 주제 | 논문 | 발표자 | 날짜 |") == 3  # split by a note
    assert "|  |" in syllabus and "| — |" in syllabus
    glossary = (notes / "glossary.md").read_text(encoding="utf-8")
    assert glossary.startswith("---\n") and "\naliases:" in glossary
    assert re.search(r"\[\[[^\]|]+\|[^\]]+\]\]", glossary) and "> [!note]" in glossary
    assert re.search(r"^\| \w+ \|", glossary, re.M) and re.search(r"^- \*\*", glossary, re.M)
    daily = (notes / "daily-log.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^## \d{4}-\d{2}-\d{2}$", daily, re.M)) >= 8
    assert "- [x] " in daily and "- [ ] " in daily and "> [!warning]" in daily
    assert re.search(r"#[a-z]+$", daily, re.M)
    log = (notes / "experiment-log.txt").read_text(encoding="utf-8")
    assert re.search(r"^s\d{2} +LoRA +16 +32 +2e-4", log, re.M) and "[2026-05-12]" in log
    meetings = (notes / "group-meetings.md").read_text(encoding="utf-8")
    for date in (
        r"\d{4}\.\d{2}\.\d{2}",
        r"\d+월 \d+일",
        r"[A-Z][a-z]+ \d+(st|nd|rd|th)",
        r"\d+/\d+",
    ):
        assert re.search(date, meetings), date
    transcript = (notes / "qa-transcript.html").read_text(encoding="utf-8")
    assert transcript.count('<p class="q">') >= 8 and transcript.count('<p class="a">') >= 8
    # Cross-language questions go both ways: Korean over English passages and the reverse.
    cross = [r for r in rows if r["class"] == "cross_language"]
    assert sum(r["lang"] == "en" for r in cross) >= 10
    assert sum(r["lang"] != "en" for r in cross) >= 10


# realq, realq2, realq3, realq4, realq5, realq6, realq7, realq8, realq9, realq10 and realq11:
# fresh questions over the four real notes samples (../shared/notes-samples), each written by
# reading only those files and examples/notes, to give an untuned figure on real notes. realq2
# (round 20), realq3 (round 21), realq4 (round 22), realq5 (round 23), realq6 (round 25), realq7
# (round 26), realq8 (round 27), realq9 (round 28), realq10 (round 29) and realq11 (round 30)
# are the second to eleventh sets, written blind.
REALQ = DATA / "realq_qa.jsonl"
REALQ_UNANSWERABLE = DATA / "realq_unanswerable.jsonl"
# The fresh sets and their id prefixes (<prefix>001..., <prefix>u01...): one table that both
# parametrized tests below read, so a new set is added in one place.
FRESH_PREFIXES = {
    "realq2": "s",
    "realq3": "t",
    "realq4": "v",
    "realq5": "w",
    "realq6": "x",
    "realq7": "y",
    "realq8": "z",
    "realq9": "p",
    "realq10": "q",
    "realq11": "k",
}


def _check_real_set(
    qa: Path,
    unanswerable_path: Path,
    *,
    prefix: str,
    rows_min: int,
    class_min: int,
    file_min: int,
    unanswerable_min: int,
    near_min: int,
    off_min: int,
) -> None:
    """One real-notes set's shape: ids ``<prefix>001...`` and ``<prefix>u01...``, every class
    and language present and sized, every file asked about, near misses before off-topic."""
    rows = _rows(qa)
    assert len(rows) >= rows_min
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(prefix + r"\d{3}", i) for i in ids)
    assert len({r["question"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == {"id", "question", "relevant", "answer", "class", "lang"}, r["id"]
        assert r["class"] in CLASSES and r["lang"] in LANGS, r["id"]
        assert r["relevant"] and all(_is_shared(s) for s in r["relevant"]), r["id"]
        assert r["answer"] and all(0 < len(a) <= 90 for a in r["answer"]), r["id"]
    per_class = Counter(r["class"] for r in rows)
    assert set(per_class) == CLASSES and min(per_class.values()) >= class_min, per_class
    assert set(Counter(r["lang"] for r in rows)) == LANGS
    per_file = Counter(s for r in rows for s in r["relevant"])
    assert len(per_file) == 4 and min(per_file.values()) >= file_min, per_file
    unanswerable = _rows(unanswerable_path)
    uids = [r["id"] for r in unanswerable]
    assert len(uids) == len(set(uids)) >= unanswerable_min
    assert all(re.fullmatch(prefix + r"u\d{2}", i) for i in uids)
    for r in unanswerable:
        assert set(r) == {"id", "lang", "kind", "question"}, r["id"]
        assert r["lang"] in LANGS and r["kind"] in {"near", "off"}, r["id"]
    kinds = [r["kind"] for r in unanswerable]
    assert kinds.count("near") >= near_min and kinds.count("off") >= off_min
    assert kinds == sorted(kinds)  # near misses first, then off-topic: both halves hold both
    assert not {r["question"] for r in rows} & {r["question"] for r in unanswerable}
    assert len(load_dataset(f"notes:{qa}").queries) == len(rows)


def _check_verbatim_in_samples(qa: Path) -> None:
    """Every gold spelling is a verbatim span of the file the question names, each path
    matches its indexed file as ``notes:`` datasets match, and every sample is named."""
    texts: dict[str, str] = {}
    for r in _rows(qa):
        for rel in r["relevant"]:
            if rel not in texts:
                texts[rel] = _source(rel).read_text(encoding="utf-8")
                assert NotesMatcher([rel]).unit(str(_source(rel)), "", "c") == "rel:0", rel
        for answer in r["answer"]:
            assert any(answer in texts[rel] for rel in r["relevant"]), (r["id"], answer)
    samples = {f"../shared/notes-samples/{p.name}" for p in SHARED.iterdir() if p.is_file()}
    assert samples == set(texts)


def test_realq_set_shape_ids_and_class_sizes() -> None:
    """160+ answerable questions (18+ per class, all three languages, ids r001...) and 50+
    unanswerable ones (38+ near misses first, then 10+ off-topic, ids ru01...)."""
    _check_real_set(
        REALQ,
        REALQ_UNANSWERABLE,
        prefix="r",
        rows_min=160,
        class_min=18,
        file_min=25,
        unanswerable_min=50,
        near_min=38,
        off_min=10,
    )


@pytest.mark.parametrize(
    ("qa", "unanswerable", "prefix"),
    [
        (DATA / f"{name}_qa.jsonl", DATA / f"{name}_unanswerable.jsonl", prefix)
        for name, prefix in FRESH_PREFIXES.items()
    ],
    ids=list(FRESH_PREFIXES),
)
def test_fresh_real_sets_shape_ids_and_class_sizes(
    qa: Path, unanswerable: Path, prefix: str
) -> None:
    """realq2 to realq11 (written blind, rounds 20 to 23 and 25 to 30): 200+ answerable
    questions (20+ per class, 35+ per file, all three languages, ids s001... / t001... /
    v001... / w001... / x001... / y001... / z001... / p001... / q001... / k001...) and 60+
    unanswerable ones (45+ near misses first, then 12+ off-topic, su01... / tu01... / vu01... /
    wu01... / xu01... / yu01... / zu01... / pu01... / qu01... / ku01...)."""
    _check_real_set(
        qa,
        unanswerable,
        prefix=prefix,
        rows_min=200,
        class_min=20,
        file_min=35,
        unanswerable_min=60,
        near_min=45,
        off_min=12,
    )


@pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"{SHARED} is absent: the shared notes samples are not here"
)
@pytest.mark.parametrize(
    "qa",
    [REALQ] + [DATA / f"{name}_qa.jsonl" for name in FRESH_PREFIXES],
    ids=["realq", *FRESH_PREFIXES],
)
def test_real_sets_answers_are_verbatim_in_the_real_notes_samples(qa: Path) -> None:
    _check_verbatim_in_samples(qa)
