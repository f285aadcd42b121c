"""The JSON contracts back into the typed results the renderers take.

The warm CLI receives ``SearchJSON``/``AnswerJSON``/``StatusJSON`` from its daemon and
prints them with the same functions as in-process (:mod:`notelens.cli.render`,
``cli.ask.print_answer``), so both paths print the same thing. Each function is the
inverse of the matching ``to_dict`` in :mod:`notelens.types` (tests round-trip them).
"""

from __future__ import annotations

from typing import cast

from notelens.contracts import (
    AlsoInJSON,
    AnswerJSON,
    CitationJSON,
    ExplainJSON,
    HitJSON,
    LocationJSON,
    StatusJSON,
)
from notelens.types import (
    AlsoIn,
    Answer,
    AnswerMode,
    Citation,
    Explanation,
    Hit,
    IndexStatus,
    Lang,
    Location,
    ShortAnswer,
    TokenMatch,
)


def location(d: LocationJSON) -> Location:
    return Location(
        line_start=d["line_start"], line_end=d["line_end"], page=d["page"], part=d["part"]
    )


def explanation(d: ExplainJSON) -> Explanation:
    return Explanation(
        bm25_rank=d["bm25_rank"],
        bm25_score=d["bm25_score"],
        dense_rank=d["dense_rank"],
        dense_score=d["dense_score"],
        matched_terms=tuple(d["matched_terms"]),
        fused_rank=d["fused_rank"],
        fused_score=d["fused_score"],
        reranker=d["reranker"],
        rerank_rank=d["rerank_rank"],
        rerank_score=d["rerank_score"],
        token_matches=tuple(
            TokenMatch(m["query"], m["passage"], m["sim"]) for m in d["token_matches"]
        ),
    )


def _also_in(d: AlsoInJSON) -> AlsoIn:
    return AlsoIn(d["chunk_id"], d["source"], d["heading"], location(d["location"]))


def hit(d: HitJSON) -> Hit:
    ex = d.get("explain")
    return Hit(
        rank=d["rank"],
        score=d["score"],
        chunk_id=d["chunk_id"],
        source=d["source"],
        title=d["title"],
        heading=d["heading"],
        text=d["text"],
        location=location(d["location"]),
        lang=cast("Lang", d["lang"]),
        explanation=explanation(ex) if ex is not None else Explanation(),
        flags=tuple(d["flags"]),
        also_in=tuple(_also_in(a) for a in d["also_in"]),
    )


def _citation(d: CitationJSON) -> Citation:
    return Citation(
        n=d["n"],
        chunk_id=d["chunk_id"],
        source=d["source"],
        heading=d["heading"],
        location=location(d["location"]),
        quote=d["quote"],
        line=d["line"],
    )


def answer(d: AnswerJSON, *, note: str = "") -> Answer:
    """``note`` is outside the contract; the daemon sends it next to the answer."""
    span = d["short_answer_span"]
    short = (
        ShortAnswer(d["short_answer"], span["citation"], span["start"], span["end"])
        if d["short_answer"] is not None and span is not None
        else None
    )
    return Answer(
        question=d["question"],
        answer=d["answer"],
        refused=d["refused"],
        mode=cast("AnswerMode", d["mode"]),
        citations=tuple(_citation(c) for c in d["citations"]),
        evidence=tuple(hit(h) for h in d["evidence"]),
        note=note,
        short=short,
        flags=tuple(d["flags"]),
    )


def status(d: StatusJSON) -> IndexStatus:
    store = d["store"]
    return IndexStatus(
        index_dir=d["index_dir"],
        exists=d["exists"],
        files=d["files"],
        chunks=d["chunks"],
        langs=dict(d["langs"]),
        schema_version=d["schema_version"],
        analyzer=d["analyzer"],
        embedder=d["embedder"],
        dense_index=d["dense_index"],
        # A server older than the field does not send it.
        dense_unindexed=d.get("dense_unindexed", 0),
        store=store["backend"],
        store_dsn=store["dsn"],
        store_replica=store["replica"],
        store_namespace=store["namespace"],
        store_bm25=store.get("bm25"),
        created=d["created"],
        updated=d["updated"],
        compatible=d["compatible"],
        problem=d["problem"],
        flagged_chunks=d["flagged_chunks"],
        flags=dict(d["flags"]),
        roots=tuple(d["roots"]),
        last_run=d["last_run"],
    )
