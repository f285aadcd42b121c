"""TREC files: qrels (``qid 0 docid rel``, or BEIR's tab-separated form with a header)
and runs (``qid Q0 docid rank score tag``). A ``trec`` dataset is a set of runs to score
against qrels; notelens indexes nothing for it (there is no corpus).
"""

from __future__ import annotations

from pathlib import Path

from notelens.errors import DatasetError
from notelens.evaluate.datasets.base import EvalDataset, Qrels


def read_tsv_qrels(path: Path) -> Qrels:
    """Qrels in TREC (4 columns) or BEIR TSV (``query-id corpus-id score``, header) form."""
    if not path.is_file():
        raise DatasetError("qrels file not found", path=str(path))
    qrels: Qrels = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) == 4:
            qid, _, did, rel = parts
        elif len(parts) == 3:
            qid, did, rel = parts
        else:
            raise DatasetError(f"line {n}: expected 3 or 4 columns", path=str(path))
        try:
            value = float(rel)
        except ValueError:
            if n == 1:  # a header line (BEIR)
                continue
            raise DatasetError(
                f"line {n}: relevance {rel!r} is not a number", path=str(path)
            ) from None
        qrels.setdefault(qid, {})[did] = value
    if not qrels:
        raise DatasetError("the qrels file is empty", path=str(path))
    return qrels


def read_run(path: Path) -> dict[str, dict[str, list[str]]]:
    """``tag -> qid -> doc ids`` best first (sorted by score, ties by rank as given)."""
    if not path.is_file():
        raise DatasetError("run file not found", path=str(path))
    rows: dict[str, dict[str, list[tuple[float, int, str]]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 6:
            raise DatasetError(
                f"line {n}: a run line is `qid Q0 docid rank score tag`", path=str(path)
            )
        qid, _, did, rank, score, tag = parts
        try:
            entry = (-float(score), int(rank), did)
        except ValueError:
            raise DatasetError(f"line {n}: rank/score are not numbers", path=str(path)) from None
        rows.setdefault(tag, {}).setdefault(qid, []).append(entry)
    runs: dict[str, dict[str, list[str]]] = {}
    for tag, per_q in rows.items():
        runs[tag] = {}
        for qid, entries in per_q.items():
            ranked = [did for _, _, did in sorted(entries)]
            runs[tag][qid] = list(dict.fromkeys(ranked))
    if not runs:
        raise DatasetError("the run file is empty", path=str(path))
    return runs


def load_trec(path: Path, qrels_file: Path | None) -> EvalDataset:
    """``PATH`` is one run file or several joined by commas; ``--qrels`` is required."""
    if qrels_file is None:
        raise DatasetError("a trec dataset needs qrels", path=str(path), hint="pass --qrels FILE")
    qrels = read_tsv_qrels(qrels_file)
    runs: dict[str, dict[str, list[str]]] = {}
    for part in str(path).split(","):
        for tag, run in read_run(Path(part)).items():
            name = tag if tag not in runs else f"{tag}:{Path(part).name}"
            runs[name] = run
    queries = {q: q for q in sorted(qrels) if any(r > 0 for r in qrels[q].values())}
    return EvalDataset(
        name=Path(str(path).split(",")[0]).name,
        format="trec",
        path=path,
        queries=queries,
        qrels=qrels,
        runs=runs,
    )
