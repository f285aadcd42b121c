"""The HTML report is self-contained, escapes what it shows, and has every section."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from notelens.evaluate.report import write_report
from notelens.evaluate.results import (
    AnswerResult,
    AnswerRow,
    EvalResult,
    ModeResult,
    Passage,
    QueryResult,
)
from notelens.evaluate.scoring import mean_metrics, score_query

pytestmark = pytest.mark.unit

QUERIES = {
    "q1": ("GQA는 MQA와 무엇이 다른가", {"d1": 1.0}),
    "q2": ("LoRA는 trainable parameter를 얼마나 줄이나", {"d2": 1.0}),
    "q3": ("what does <RRF> & fusion do", {"d3": 1.0, "d4": 1.0}),
}
RUNS = {
    "bm25": {"q1": ["d1", "d9"], "q2": ["d9", "d2"], "q3": ["d3"]},
    "hybrid": {"q1": ["d1"], "q2": ["d2"], "q3": ["d9", "d4", "d3"]},
}


def _result() -> EvalResult:
    ks = [1, 5, 10]
    modes = {}
    for mode, runs in RUNS.items():
        rows = [
            QueryResult(
                qid=q,
                query=text,
                metrics=score_query(runs[q], qrels, ks),
                retrieved=runs[q],
                relevant=list(qrels),
                passages=[
                    Passage(
                        doc=d,
                        relevant=d in qrels,
                        text=f"<b>{d}</b> 본문 passage",
                        source=f"/n/{d}.md",
                    )
                    for d in runs[q]
                ],
                latency_ms=12.0,
            )
            for q, (text, qrels) in QUERIES.items()
        ]
        modes[mode] = ModeResult(
            mode=mode,
            metrics=mean_metrics([r.metrics for r in rows]),
            queries=rows,
            seconds=0.1,
            p50_ms=12.0,
            p95_ms=20.0,
        )
    answers = AnswerResult(
        metrics={
            "EM": 0.5,
            "TokenF1": 0.6,
            "Containment": 0.5,
            "RefusalRate": 0.0,
            "CitationPrecision": 1.0,
        },
        rows=[
            AnswerRow(
                qid="q1",
                question="GQA는?",
                answer="KV head를 <공유>한다",
                gold=["공유"],
                refused=False,
                exact_match=0.0,
                token_f1=0.5,
                contains_gold=1.0,
                citation_precision=1.0,
            )
        ],
    )
    return EvalResult(
        dataset={"name": "mini", "format": "notes", "path": "q.jsonl", "docs": None, "queries": 3},
        ks=ks,
        depth=10,
        modes=modes,
        answers=answers,
        created="2026-01-01T00:00:00+00:00",
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_report_self_contained_and_complete(tmp_path: Path) -> None:
    path = write_report(_result(), tmp_path / "r" / "report.html")
    html = path.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(html)
    # No scripts, no external resources: nothing to fetch at view time.
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert not [v for k, v in parser.attrs if k in ("src", "href") and v]
    assert not re.search(r"https?://", html.replace("http://www.w3.org/2000/svg", ""))
    # Plots: bars, Recall@k curves, per-query difference charts.
    assert parser.tags.count("svg") >= 3 and "polyline" in parser.tags
    for section in (
        "Metrics per mode",
        "Recall@k",
        "Per-query wins and losses",
        "Worst queries",
        "Answers",
    ):
        assert section in html
    # User text is escaped, Korean kept as is.
    assert "&lt;RRF&gt; &amp; fusion" in html and "<RRF>" not in html
    assert "&lt;b&gt;d1&lt;/b&gt;" in html
    assert "GQA는 MQA와 무엇이 다른가" in html
    # The worst query of the best mode (hybrid) is listed with its passages marked.
    assert "what does &lt;RRF&gt;" in html and "✔ relevant" in html


def test_round_trip_json() -> None:
    res = _result()
    again = EvalResult.from_dict(res.to_dict())
    assert again.to_dict() == res.to_dict()


def test_settings_are_a_definition_list_and_tables_scroll_in_their_box(tmp_path: Path) -> None:
    from dataclasses import replace

    res = replace(
        _result(),
        settings={
            "embedder": "multilingual-e5-small",
            "fusion": {"method": "zscore", "k": 60, "weights": [1.0, 0.5]},
            "chunking": {"target_chars": 900, "분할": "heading"},
        },
    )
    html = write_report(res, tmp_path / "report.html").read_text(encoding="utf-8")
    dl = re.search(r'<dl class="settings[^"]*">(.*?)</dl>', html, re.S)
    assert dl is not None
    terms = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", dl.group(1))
    shown = dict(terms)
    assert shown["fusion"] == "method zscore · k 60 · weights 1, 0.5"
    assert shown["chunking"] == "target_chars 900 · 분할 heading"
    assert shown["embedder"] == "multilingual-e5-small" and "q.jsonl" in shown["data set"]
    assert "{'" not in html and "': " not in html  # no Python dict anywhere
    # Every table sits in a box that scrolls sideways; charts shrink to the page.
    assert html.count("<table>") == html.count('<div class="wide"><table>')
    assert 'name="viewport"' in html and "svg{max-width:100%" in html
    assert html.count("viewBox=") == html.count("<svg")
