"""Dataset loaders, one module per format; :func:`load_dataset` parses ``FORMAT:PATH``."""

from __future__ import annotations

from pathlib import Path

from notelens.errors import DatasetError
from notelens.evaluate.datasets.base import Docs, EvalDataset, Qrels

FORMATS = ("beir", "autorag", "squad", "trec", "notes")


def parse_spec(spec: str) -> tuple[str, Path]:
    """``"beir:../shared/eval/scifact"`` -> ``("beir", Path(...))``."""
    fmt, sep, path = spec.partition(":")
    if not sep or fmt not in FORMATS or not path:
        raise DatasetError(
            f"--dataset must be FORMAT:PATH, not {spec!r}",
            hint=f"FORMAT is one of {', '.join(FORMATS)}",
        )
    return fmt, Path(path).expanduser()


def load_dataset(spec: str, qrels: Path | None = None) -> EvalDataset:
    """Load a dataset; loaders import what they need lazily (pyarrow for autorag)."""
    fmt, path = parse_spec(spec)
    if fmt == "beir":
        from notelens.evaluate.datasets.beir import load_beir

        return load_beir(path, qrels)
    if fmt == "autorag":
        from notelens.evaluate.datasets.autorag import load_autorag

        return load_autorag(path)
    if fmt == "squad":
        from notelens.evaluate.datasets.squad import load_squad

        return load_squad(path)
    if fmt == "trec":
        from notelens.evaluate.datasets.trec import load_trec

        return load_trec(path, qrels)
    from notelens.evaluate.datasets.notes import load_notes

    return load_notes(path)


__all__ = ["FORMATS", "Docs", "EvalDataset", "Qrels", "load_dataset", "parse_spec"]
