"""`notelens eval` end to end: real analyzer, real e5-small embedder, real LanceDB.

Corpora: examples/notes (written for this repo), small datasets written here, and, when
../shared is present, small subsets of KorQuAD and SciFact written to a temp folder
(never into the repo).
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from notelens import Engine
from notelens.errors import DatasetError
from notelens.evaluate.api import evaluate, generate_questions

if TYPE_CHECKING:
    from conftest import ExampleIndex

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "notes"
QUERIES = ROOT / "examples" / "queries.jsonl"
SHARED = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="module")
def work(
    tmp_path_factory: pytest.TempPathFactory,
    example_index: ExampleIndex,
    open_example: Callable[..., Engine],
) -> dict[str, Any]:
    # The session's examples/notes index (conftest.py; laid out as examples/notes, so the
    # question set's paths match as suffixes), read only; files made here go to ``base``.
    base = tmp_path_factory.mktemp("eval")
    engine = open_example()
    return {
        "base": base,
        "engine": engine,
        "cache": base / "cache",
        "notes": example_index.notes,
        "index": example_index.index,
    }


def _langs() -> dict[str, str]:
    rows = [json.loads(x) for x in QUERIES.read_text(encoding="utf-8").splitlines() if x]
    return {f"q{i}": str(r["lang"]) for i, r in enumerate(rows, start=1)}


def test_notes_question_set_on_the_user_index(work: dict[str, Any]) -> None:
    engine: Engine = work["engine"]
    before = engine.status()
    result = evaluate(engine, f"notes:{QUERIES}", modes=["bm25", "hybrid"], ks=[1, 5, 10])
    assert set(result.modes) == {"bm25", "hybrid"}
    assert result.dataset["queries"] == 30
    hybrid = result.modes["hybrid"]
    # Recall@5 per language: Korean, mixed and English questions are all found.
    langs = _langs()
    by_lang: dict[str, list[float]] = {}
    for q in hybrid.queries:
        by_lang.setdefault(langs[q.qid], []).append(q.metrics["Recall@5"])
    assert set(by_lang) == {"ko", "en", "mixed"}
    for lang, vals in by_lang.items():
        assert sum(vals) / len(vals) >= 0.85, lang
    assert hybrid.metrics["Recall@10"] >= hybrid.metrics["Recall@1"]
    assert hybrid.p50_ms is not None and hybrid.p50_ms > 0
    # Relevant passages are marked in what the report shows.
    assert any(p.relevant for q in hybrid.queries for p in q.passages)
    after = engine.status()
    assert (after.files, after.chunks, after.updated) == (
        before.files,
        before.chunks,
        before.updated,
    )


DOCS = [
    (
        "lora",
        "LoRA",
        "LoRA는 사전학습 가중치를 고정하고 rank r의 저랭크 행렬 A, B만 학습해 trainable parameter를 크게 줄인다.",
    ),
    (
        "qlora",
        "QLoRA",
        "QLoRA quantizes the frozen base model to 4-bit NormalFloat and trains LoRA adapters on top.",
    ),
    (
        "gqa",
        "GQA",
        "Grouped-query attention은 query head를 그룹으로 나누고 그룹마다 key/value head 하나를 공유한다.",
    ),
    (
        "rrf",
        "Reciprocal rank fusion",
        "RRF sums 1/(k + rank) over ranked lists; k = 60 is the usual constant.",
    ),
    ("dpo", "DPO", "DPO는 reward model 없이 선호 쌍(preference pair)으로 정책을 직접 최적화한다."),
    (
        "kvcache",
        "KV cache",
        "The KV cache stores past keys and values so decoding does not recompute them.",
    ),
    (
        "rope",
        "RoPE",
        "RoPE는 query와 key 벡터를 위치에 비례한 각도로 회전시켜 상대 위치를 표현한다.",
    ),
    (
        "flash",
        "FlashAttention",
        "FlashAttention tiles attention to keep blocks in SRAM and cut HBM reads and writes.",
    ),
    (
        "moe",
        "Mixture of Experts",
        "MoE 레이어는 router가 토큰마다 top-k expert만 골라 계산량을 줄인다.",
    ),
    (
        "bm25",
        "BM25",
        "BM25 scores a document by term frequency saturation (k1) and length normalisation (b).",
    ),
]
BEIR_QUERIES = {
    "k1": ("LoRA는 어떻게 학습 파라미터를 줄이나", "lora"),
    "k2": ("GQA에서 key/value head는 어떻게 공유되나", "gqa"),
    "k3": ("reward model 없이 선호 데이터로 학습하는 방법", "dpo"),
    "m1": ("MoE router는 expert를 몇 개 고르나", "moe"),
    "e1": ("which constant k does reciprocal rank fusion use", "rrf"),
    "e2": ("how does FlashAttention reduce memory traffic", "flash"),
}


def _write_beir(folder: Path) -> Path:
    (folder / "qrels").mkdir(parents=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for did, title, text in DOCS:
            fh.write(
                json.dumps({"_id": did, "title": title, "text": text}, ensure_ascii=False) + "\n"
            )
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as fh:
        for qid, (text, _) in BEIR_QUERIES.items():
            fh.write(json.dumps({"_id": qid, "text": text}, ensure_ascii=False) + "\n")
    lines = ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t1" for q, (_, d) in BEIR_QUERIES.items()]
    (folder / "qrels" / "test.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_corpus_dataset_gets_its_own_cached_index(work: dict[str, Any]) -> None:
    engine: Engine = work["engine"]
    before = engine.status()
    ds = _write_beir(work["base"] / "mini-beir")
    first = evaluate(engine, f"beir:{ds}", ks=[1, 5], cache_dir=work["cache"])
    assert first.index["built"] is True
    assert Path(first.index["dir"]).is_relative_to(work["cache"])
    assert first.index["files"] == len(DOCS)
    for mode in ("bm25", "dense", "hybrid"):
        assert first.modes[mode].metrics["Recall@5"] >= 0.8, mode
    assert first.modes["hybrid"].metrics["Recall@1"] >= 0.8
    # Hits are mapped back to dataset document ids.
    assert first.modes["hybrid"].queries[0].retrieved[0] in {d for d, _, _ in DOCS}
    again = evaluate(engine, f"beir:{ds}", ks=[1, 5], modes=["hybrid"], cache_dir=work["cache"])
    assert again.index["built"] is False and again.index["dir"] == first.index["dir"]
    assert again.modes["hybrid"].metrics == first.modes["hybrid"].metrics
    # The user's notes index was not touched.
    assert engine.status().chunks == before.chunks
    assert engine.status().updated == before.updated


def test_answers_are_scored(work: dict[str, Any]) -> None:
    engine: Engine = work["engine"]
    result = evaluate(
        engine,
        f"notes:{QUERIES}",
        modes=["hybrid"],
        ks=[5],
        answers=True,
        answers_limit=6,
        llm="extractive",
    )
    assert result.answers is not None
    m = result.answers.metrics
    assert set(m) == {"EM", "TokenF1", "Containment", "RefusalRate", "CitationPrecision"}
    assert all(0.0 <= v <= 1.0 for v in m.values())
    assert len(result.answers.rows) == 6
    answered = [r for r in result.answers.rows if not r.refused]
    assert answered and m["CitationPrecision"] > 0.5  # answers cite the gold note
    assert m["TokenF1"] > 0.0


def test_generated_questions_measure_the_users_notes(
    work: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOTELENS_LLM", raising=False)
    engine: Engine = work["engine"]
    qs = generate_questions(engine, 16, seed=3)
    assert len(qs) == 16
    assert {q["lang"] for q in qs} == {"ko", "en"}
    assert {q["kind"] for q in qs} <= {"heading", "keyword", "cloze"}
    path = work["base"] / "generated.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in qs), encoding="utf-8")
    result = evaluate(engine, f"notes:{path}", modes=["hybrid"], ks=[1, 10])
    # Template questions reuse the chunk's words: the labelled chunk is usually found.
    assert result.modes["hybrid"].metrics["Recall@10"] >= 0.75


@pytest.mark.skipif(not (SHARED / "korquad").exists(), reason="../shared/eval/korquad not present")
def test_korquad_subset(work: dict[str, Any]) -> None:
    data = json.loads(
        (SHARED / "korquad" / "KorQuAD_v1.0_dev.part1.json").read_text(encoding="utf-8")
    )
    subset = work["base"] / "korquad-3.json"
    subset.write_text(json.dumps({"data": data["data"][:3]}, ensure_ascii=False), encoding="utf-8")
    engine: Engine = work["engine"]
    result = evaluate(
        engine,
        f"squad:{subset}",
        modes=["bm25", "hybrid"],
        ks=[1, 5],
        limit=40,
        cache_dir=work["cache"],
    )
    assert result.dataset["queries"] == 40
    assert result.modes["hybrid"].metrics["Recall@5"] >= 0.9
    assert result.modes["bm25"].metrics["Recall@5"] >= 0.85


@pytest.mark.skipif(not (SHARED / "scifact").exists(), reason="../shared/eval/scifact not present")
def test_scifact_subset(work: dict[str, Any]) -> None:
    """120 abstracts (the relevant ones of 15 train queries plus random others)."""
    src = SHARED / "scifact"
    qrels_lines = (src / "qrels" / "train.tsv").read_text(encoding="utf-8").splitlines()[1:]
    qrels: dict[str, list[str]] = {}
    for line in qrels_lines:
        q, d, _ = line.split("\t")
        qrels.setdefault(q, []).append(d)
    qids = sorted(qrels)[:15]
    keep = {d for q in qids for d in qrels[q]}
    corpus = [
        json.loads(x) for x in (src / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    others = [c for c in corpus if str(c["_id"]) not in keep]
    picked = [c for c in corpus if str(c["_id"]) in keep] + random.Random(0).sample(
        others, 120 - len(keep)
    )
    out = work["base"] / "scifact-sub"
    (out / "qrels").mkdir(parents=True)
    (out / "corpus.jsonl").write_text(
        "".join(json.dumps(c) + "\n" for c in picked), encoding="utf-8"
    )
    shutil.copy(src / "queries.jsonl", out / "queries.jsonl")
    lines = ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t1" for q in qids for d in qrels[q]]
    (out / "qrels" / "train.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = evaluate(
        work["engine"], f"beir:{out}", modes=["bm25", "hybrid"], ks=[10], cache_dir=work["cache"]
    )
    assert result.dataset["queries"] == 15
    assert result.modes["hybrid"].metrics["nDCG@10"] >= 0.7


@pytest.mark.usefixtures("cli_uses_session_models")
def test_cli_eval_report_compare_generate(work: dict[str, Any], tmp_path: Path) -> None:
    from notelens.cli.app import app

    runner = CliRunner()
    index = str(work["index"])
    saved = tmp_path / "run.json"
    report = tmp_path / "report.html"
    res = runner.invoke(
        app,
        [
            "eval",
            "--dataset",
            f"notes:{QUERIES}",
            "--index",
            index,
            "--modes",
            "bm25,hybrid",
            "--k",
            "1,5",
            "--json",
            "--report",
            str(report),
            "--save",
            str(saved),
        ],
    )
    assert res.exit_code == 0, res.output
    payload = json.loads(res.stdout.strip().splitlines()[-1])
    assert set(payload["metrics"]) == {"bm25", "hybrid"}
    assert "Recall@5" in payload["metrics"]["hybrid"] and len(payload["per_query"]["hybrid"]) == 30
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html

    res = runner.invoke(
        app,
        [
            "eval",
            "compare",
            f"{saved}:bm25",
            f"{saved}:hybrid",
            "--json",
            "--metrics",
            "nDCG@5,Recall@5",
            "--permutations",
            "2000",
        ],
    )
    assert res.exit_code == 0, res.output
    comp = json.loads(res.stdout)
    assert [m["metric"] for m in comp["metrics"]] == ["nDCG@5", "Recall@5"]
    assert all(0.0 < m["p_randomization"] <= 1.0 for m in comp["metrics"])
    assert sum(comp["metrics"][0][k] for k in ("wins", "losses", "ties")) == 30

    qfile = tmp_path / "gen.jsonl"
    res = runner.invoke(
        app,
        ["eval", "generate", "--index", index, "-n", "5", "--out", str(qfile)],
        env={"NOTELENS_LLM": ""},
    )
    assert res.exit_code == 0, res.output
    assert len(qfile.read_text(encoding="utf-8").splitlines()) == 5
    # The chunks that got no question, by reason (issue #21 item 5): the examples hold
    # injection attempts (safety/), which a question set must not quote.
    assert "skipped" in res.stdout and "injection" in res.stdout, res.stdout
    res = runner.invoke(
        app,
        ["eval", "generate", "--index", index, "-n", "5", "--out", str(qfile), "--json"],
        env={"NOTELENS_LLM": ""},
    )
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["questions"] == 5 and summary["skipped"]["injection"] >= 1
    assert summary["chunks"] > sum(summary["skipped"].values())

    res = runner.invoke(app, ["eval", "--dataset", "nope:x"])
    assert res.exit_code == 2 and "FORMAT:PATH" in res.output
    res = runner.invoke(
        app, ["eval", "--dataset", f"beir:{tmp_path / 'missing'}", "--index", index]
    )
    assert res.exit_code == 2 and "[eval]" in res.output and "Traceback" not in res.output


def test_bad_notes_set_names_the_file(work: dict[str, Any], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "질문", "relevant": "not-a-list"}\n', encoding="utf-8")
    with pytest.raises(DatasetError) as exc:
        evaluate(work["engine"], f"notes:{bad}")
    assert "bad.jsonl" in str(exc.value) and "line 1" in str(exc.value)
