"""BM25 top-k in PostgreSQL: the exact aggregate, and threshold rounds that do not score
every posting (issue #17, schema v6).

Scores are Lucene's BM25 (:mod:`notelens.store.bm25`)::

    score(d) = sum_t idf(t) * w(tf, |d|; avgdl)
    w(tf, dl; A) = (k1 + 1) * tf / (tf + k1 * (1 - b + b * dl / A))

:func:`agg_sql` sums that over every posting of the query terms (df from
``notelens_terms``, which the writer keeps in the same transaction as the postings; the
first rounds' :func:`full_sql` counted df by a window over the postings). Its cost grows
with the postings of the query terms (at 100k rows a frequent term has tens of
thousands).

The rounds: each posting also stores its **impact** ``w(tf, dl; A_ref)`` at the table's
reference average length ``A_ref`` (``notelens_tables.impact_avgdl``), and an index on
``(tid, term, impact DESC)`` hands out a term's postings best first (kept only for tables
past :data:`IMPACT_INDEX_ROWS` rows: it slows writes). Since ``w`` grows
with ``A`` at most in proportion (``w(A) <= w(A_ref) * max(1, A / A_ref)``), an impact
times idf times that factor bounds a posting's contribution whatever avgdl did since
(``optimize`` rebases the impacts when it drifted by :data:`REBASE_DRIFT`).

1. Round 1 reads each term's best :data:`FIRST_DEPTH` postings: a chunk seen there has a
   partial score ``L``; a term's next impact bounds what it gives any chunk not seen in
   it. If the bounds of all terms sum below the k-th ``L``, the top k is among the
   chunks seen (:func:`decide`).
2. Else round 2 takes ``theta``, the k-th exact score of the k best partial ones (a
   lower bound on the k-th score), and per-term caps summing below ``theta``
   (:func:`cutoffs`: the frequent terms whose largest contributions add up below it are
   not read at all, the others share the rest); every chunk of the top k has some
   contribution above its term's cap, so it is in the union of the **heads** (postings
   above the caps), which are read.
3. The chunks whose upper bound still reaches the k-th partial score (the survivors)
   are scored exactly, their missing term frequencies counted from their own rows; the
   top k among them is the exact top k, ties included. Heads or survivors beyond
   :data:`HEAD_CAP` / :data:`SURVIVOR_CAP`: the aggregate answers.

Measured at 100k rows (docs/benchmarks.md, "Team store, fourth round"), the rounds are
exact on every query but slower than the aggregate on most (their bookkeeping runs in
Python, and the survivors' rows are read one by one), so :data:`AGG_POSTINGS` sends every
query with fewer postings than that to the aggregate at once. Schema v7 runs the same
reasoning inside the server (:data:`TOPK_FUNCTION_SQL`, one round trip): at 300k rows
about twice as fast as the client's rounds at p50, still not faster than the aggregate
at p50 ("PostgreSQL at 1M chunks, fifth round"); it answers unfiltered queries past
:data:`AGG_POSTINGS`, the client's rounds filtered ones.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notelens.store.bm25 import K1, B

#: Relative margin of the bound: impacts are float4 (rounding 6e-8) written from a
#: 9-digit text form; the bound is inflated by this much before it is trusted.
IMPACT_MARGIN = 1e-5
#: Postings taken per term in the first round (at least ``2 * k``).
FIRST_DEPTH = 64
#: The longest head (postings above a term's cap) the second round reads per term;
#: a longer one means the exact full aggregate is as cheap.
HEAD_CAP = 20_000
#: Tables keep impacts and their index (PostgresStore.build_impact_index, by optimize)
#: from this many rows: below it every query is under AGG_POSTINGS postings anyway, and
#: keeping impacts cost writes ~2.3x (536 -> 230 rows/s, docs/benchmarks.md).
IMPACT_INDEX_ROWS = 500_000
#: The most survivors scored exactly from their rows; more: the full aggregate.
SURVIVOR_CAP = 5_000
#: optimize() rewrites the impacts when avgdl moved this far from A_ref (either way):
#: the bound stays correct without it, but loosens with the drift.
REBASE_DRIFT = 0.10


def impact(tf: int, dl: int, ref_avgdl: float) -> float:
    """``w(tf, dl; A_ref)``: a posting's BM25 term-frequency part at the reference
    average length (the same expression, in float64, as the SQL's)."""
    return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / ref_avgdl))


#: The SQL of :func:`impact` over a posting ``p`` and a reference length ``ref``.
IMPACT_SQL = f"p.tf * ({K1} + 1.0) / (p.tf + {K1} * (1.0 - {B} + {B}::float8 * p.dl / {{ref}}))"


@dataclass(frozen=True)
class Bm25Trace:
    """How one top-k query was answered: the depth of the first round, the rounds run
    (0: the aggregate was chosen at once, the query terms having few postings; 3: the
    server's function, where ``candidates`` are its survivors and ``lookups`` the
    survivors it scored exactly; 4: the C extension's segments, where ``candidates`` are
    the hits returned, :mod:`notelens.store.postgres_ext`), the candidates seen in the
    last round, whether the aggregate answered after the rounds failed to prove the top
    k, the (term, chunk) pairs read to score the survivors exactly, and the postings of
    the query terms (their df summed)."""

    depth: int
    rounds: int
    candidates: int
    fallback: bool
    lookups: int = 0
    postings: int = 0


def score_sql(alias: str, avgdl: str = "st.avgdl") -> str:
    """BM25's tf part of one posting ``alias`` at ``avgdl`` (an SQL expression).
    ``{B}::float8``: a bare 0.75 is numeric, and numeric * dl per posting made the
    expression twice as slow; 0.75 * dl is exact in float8, so scores do not change. The
    aggregate and the server's top-k function share it, so their scores are the same
    floats."""
    return (
        f"{alias}.tf * ({K1} + 1.0) / ({alias}.tf + {K1} * (1.0 - {B} + {B}::float8 "
        f"* {alias}.dl / {avgdl}))"
    )


_STATS = """st AS (
    SELECT n_docs::float8 AS n,
           CASE WHEN n_docs > 0 AND sum_dl > 0 THEN sum_dl::float8 / n_docs ELSE 1.0 END
               AS avgdl,
           coalesce(impact_avgdl, 1.0) AS ref
    FROM notelens_tables WHERE tid = %(tid)s)"""


def agg_sql(
    terms: Sequence[str], idfs: Sequence[float], k: int, extra: str, params: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The exact aggregate over every posting of the query terms, their idf given (from
    the df that ``notelens_terms`` keeps, schema v6): :func:`full_sql` without its df
    window. The idf is picked per posting from an array, not joined: a join on the
    terms made the planner expect a handful of postings and sort them all to group."""
    join = "JOIN notelens_chunks c ON c.tid = p.tid AND c.chunk_id = p.chunk_id" if extra else ""
    sql = f"""
        WITH {_STATS}
        SELECT p.chunk_id,
               sum((%(idfs)s::float8[])[array_position(%(terms)s::text[], p.term)]
                   * {score_sql("p")}) AS score
        FROM notelens_postings p {join} CROSS JOIN st
        WHERE p.tid = %(tid)s AND p.term = ANY(%(terms)s) {extra}
        GROUP BY p.chunk_id
        ORDER BY score DESC, p.chunk_id
        LIMIT %(k)s"""
    return sql, {**params, "terms": list(terms), "idfs": list(idfs), "k": k}


#: Below this many postings over the query terms (their df summed, read first), the
#: aggregate answers at once. At 100k rows the rounds were faster on 8 of 60 questions
#: only, with no postings count that separates them (docs/benchmarks.md, "Team store,
#: fourth round"), so they are left to queries past a million postings (tables of
#: millions of rows; not measured there).
AGG_POSTINGS = 1_000_000

#: The table's totals and the query terms' document frequencies, in one round trip.
TOTALS_SQL = """
    SELECT n_docs, sum_dl, impact_avgdl, seg_ords, seg_gen,
           (SELECT coalesce(array_agg(term), '{}') FROM notelens_terms
            WHERE tid = %(tid)s AND term = ANY(%(terms)s)),
           (SELECT coalesce(array_agg(df), '{}') FROM notelens_terms
            WHERE tid = %(tid)s AND term = ANY(%(terms)s))
    FROM notelens_tables WHERE tid = %(tid)s"""


def full_sql(
    terms: Sequence[str], k: int, extra: str, params: dict[str, Any], *, one_scan: bool = True
) -> tuple[str, dict[str, Any]]:
    """The exact aggregate over every posting of the query terms (rounds one to three's
    query; df counted from the postings). ``extra``: conditions on the joined rows ``c``.
    ``one_scan``: df by a window over the one index scan; else by a second scan."""
    join = "JOIN notelens_chunks c ON c.tid = p.tid AND c.chunk_id = p.chunk_id" if extra else ""
    score = f"sum(ln(1.0 + (st.n - p.df + 0.5) / (p.df + 0.5)) * {score_sql('p')})"
    if one_scan:
        postings = """p AS (
            SELECT tid, chunk_id, tf, dl, count(*) OVER (PARTITION BY term)::float8 AS df
            FROM notelens_postings WHERE tid = %(tid)s AND term = ANY(%(terms)s))"""
    else:
        postings = """df AS (
            SELECT term, count(*)::float8 AS df FROM notelens_postings
            WHERE tid = %(tid)s AND term = ANY(%(terms)s) GROUP BY term),
        p AS (
            SELECT q.tid, q.chunk_id, q.tf, q.dl, df.df FROM notelens_postings q
            JOIN df ON df.term = q.term
            WHERE q.tid = %(tid)s AND q.term = ANY(%(terms)s))"""
    sql = f"""
        WITH {_STATS}, {postings}
        SELECT p.chunk_id, {score} AS score
        FROM p {join} CROSS JOIN st WHERE TRUE {extra}
        GROUP BY p.chunk_id
        ORDER BY score DESC, p.chunk_id
        LIMIT %(k)s"""
    return sql, {**params, "terms": list(terms), "k": k}


#: Survivors scored exactly in the server function's first batch (doubling after).
FIRST_BATCH = 32

# The BM25 tf part of a posting ``x``/``y`` inside the function's dynamic statements,
# where format() puts the avgdl literal at %2$s (the table's tid at %1$s).
_WX, _WY = score_sql("x", "%2$s"), score_sql("y", "%2$s")

#: Schema v7: top-k BM25 inside the server, one round trip (``notelens_bm25_topk``).
#: Every statement is dynamic (EXECUTE format) so that the table's tid is a literal and
#: the planner can use the partial impact index ``WHERE tid = <tid>``; no temporary
#: tables (a read-only transaction or a standby forbids them), only arrays.
#:
#: 1. ``tops``: each term's largest contribution, idf * its best impact * the drift
#:    factor (one index read per term);
#: 2. ``theta``: the k-th exact score among the ``2k`` chunks with the best partial
#:    scores over each term's ``depth`` best postings (a lower bound on the k-th score:
#:    those chunks exist). Fewer than ``k`` such chunks: the function says "fallback"
#:    and the caller runs the aggregate;
#: 3. caps per term summing below theta (:func:`cutoffs`' rule): a chunk scoring at least
#:    theta has some contribution above its term's cap, so it is in the union of the
#:    heads (postings with ``impact * idf * factor`` above the cap, a range read of the
#:    impact index); a term whose largest contribution is under its cap is not read;
#: 4. the heads grouped per chunk: the exact contributions of the terms it was seen in
#:    (``low``), an upper bound ``low + sum of the other terms' caps``; chunks whose bound
#:    reaches theta (the survivors), best bound first, at most ``p_cap`` + 1 of them
#:    (a bounded sort: at 300k rows a frequent query had 138k survivors, of which the
#:    first 224 settled the top 10);
#: 5. survivors scored exactly in growing batches (their missing terms' postings read
#:    by primary key), stopping when the k-th exact score is above the next bound; past
#:    ``p_cap`` survivors without that: "fallback".
#:
#: Returns the top k as (chunk_id, score) plus, on each row, how many survivors there
#: were and how many were scored; a single row with ``fallback`` true and no chunk
#: asks the caller for the aggregate.
TOPK_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION notelens_bm25_topk(
    p_tid int, p_terms text[], p_idfs float8[], p_k int, p_depth int, p_cap int)
RETURNS TABLE (chunk_id text, score float8, survivors int, scored int, fallback boolean)
LANGUAGE plpgsql STABLE AS $fn$
DECLARE
    v_n bigint; v_sum bigint; v_ref float8; v_avgdl float8; v_factor float8;
    v_lit text; v_nt int := coalesce(cardinality(p_terms), 0);
    v_tops float8[]; v_theta float8; v_caps float8[]; v_cuts float8[]; v_bnds float8[];
    v_order int[]; v_acc float8 := 0; v_share float8; v_u float8 := 0; i int;
    v_cids text[]; v_lows float8[]; v_ubs float8[]; v_masks bigint[];
    v_top_c text[] := '{{}}'; v_top_s float8[] := '{{}}';
    v_at int := 1; v_batch int := {FIRST_BATCH}; v_scored int := 0; v_count int;
BEGIN
    SELECT t.n_docs, t.sum_dl, t.impact_avgdl INTO v_n, v_sum, v_ref
    FROM notelens_tables t WHERE t.tid = p_tid;
    -- No impacts kept, no terms, or more terms than a bigint mask holds: the aggregate.
    IF v_ref IS NULL OR v_nt = 0 OR v_nt > 62 THEN
        RETURN QUERY SELECT NULL::text, NULL::float8, 0, 0, true;
        RETURN;
    END IF;
    v_avgdl := CASE WHEN v_n > 0 AND v_sum > 0 THEN v_sum::float8 / v_n ELSE 1.0 END;
    v_factor := greatest(1.0, v_avgdl / v_ref) * (1.0 + {IMPACT_MARGIN});
    v_lit := quote_literal(v_avgdl::text) || '::float8';

    EXECUTE format($q$
        SELECT array_agg(coalesce(q.idf * (
            SELECT y.impact FROM notelens_postings y
            WHERE y.tid = %1$s AND y.term = q.term ORDER BY y.impact DESC LIMIT 1), 0)
            * $3 ORDER BY q.i)
        FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY AS q(term, idf, i)$q$, p_tid)
    INTO v_tops USING p_terms, p_idfs, v_factor;

    EXECUTE format($q$
        WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS q(term, idf)),
        h AS (SELECT x.chunk_id, q.idf * {_WX} AS s FROM q CROSS JOIN LATERAL (
                SELECT y.chunk_id, y.tf, y.dl FROM notelens_postings y
                WHERE y.tid = %1$s AND y.term = q.term ORDER BY y.impact DESC LIMIT $3) x),
        b AS (SELECT h.chunk_id FROM h GROUP BY h.chunk_id
              ORDER BY sum(h.s) DESC, h.chunk_id LIMIT 2 * $4),
        e AS (SELECT (SELECT sum(q.idf * {_WX}) FROM q CROSS JOIN LATERAL (
                SELECT y.tf, y.dl FROM notelens_postings y
                WHERE y.tid = %1$s AND y.term = q.term AND y.chunk_id = b.chunk_id
                LIMIT 1) x) AS s FROM b)
        SELECT e.s FROM e ORDER BY e.s DESC OFFSET $4 - 1 LIMIT 1$q$, p_tid, v_lit)
    INTO v_theta USING p_terms, p_idfs, p_depth, p_k;
    IF v_theta IS NULL OR v_theta <= 0 THEN
        RETURN QUERY SELECT NULL::text, NULL::float8, 0, 0, true;
        RETURN;
    END IF;

    -- Caps: the smallest terms keep their largest contribution while they sum below
    -- theta (not read at all), the others share the rest (cutoffs() in Python).
    v_caps := array_fill(0::float8, ARRAY[v_nt]);
    v_order := ARRAY(SELECT u.i::int FROM unnest(v_tops) WITH ORDINALITY AS u(t, i)
                     ORDER BY u.t, u.i);
    FOR j IN 1..v_nt LOOP
        i := v_order[j];
        IF j < v_nt AND v_acc + v_tops[i] < v_theta THEN
            v_caps[i] := v_tops[i];
            v_acc := v_acc + v_tops[i];
        ELSE
            v_share := greatest((v_theta - v_acc) * (1.0 - {IMPACT_MARGIN}) / (v_nt - j + 1), 0);
            FOR jj IN j..v_nt LOOP
                v_caps[v_order[jj]] := v_share;
            END LOOP;
            EXIT;
        END IF;
    END LOOP;
    v_cuts := array_fill(NULL::float8, ARRAY[v_nt]);
    v_bnds := array_fill(0::float8, ARRAY[v_nt]);
    FOR j IN 1..v_nt LOOP
        IF v_caps[j] < v_tops[j] THEN
            v_cuts[j] := v_caps[j] / (p_idfs[j] * v_factor);
            v_bnds[j] := v_caps[j];
        ELSE
            v_bnds[j] := v_tops[j];
        END IF;
        v_u := v_u + v_bnds[j];
    END LOOP;

    EXECUTE format($q$
        WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[])
                   WITH ORDINALITY AS q(term, idf, cut, bnd, i)),
        h AS (SELECT x.chunk_id, q.i, q.idf * {_WX} AS s, q.bnd
              FROM q CROSS JOIN LATERAL (
                SELECT y.chunk_id, y.tf, y.dl FROM notelens_postings y
                WHERE y.tid = %1$s AND y.term = q.term AND y.impact > q.cut) x
              WHERE q.cut IS NOT NULL),
        c AS (SELECT h.chunk_id, sum(h.s) AS low, $5 - sum(h.bnd) AS rest,
                     bit_or(1::bigint << (h.i::int - 1)) AS mask
              FROM h GROUP BY h.chunk_id),
        v AS (SELECT c.chunk_id, c.low, c.low + c.rest AS ub, c.mask FROM c
              WHERE c.low + c.rest >= $6 * (1.0 - 1e-9)
              ORDER BY c.low + c.rest DESC, c.chunk_id LIMIT $7)
        SELECT array_agg(v.chunk_id), array_agg(v.low), array_agg(v.ub), array_agg(v.mask),
               count(*) FROM v$q$, p_tid, v_lit)
    INTO v_cids, v_lows, v_ubs, v_masks, v_count
    USING p_terms, p_idfs, v_cuts, v_bnds, v_u, v_theta, p_cap + 1;

    WHILE v_at <= v_count LOOP
        EXIT WHEN cardinality(v_top_s) >= p_k AND v_ubs[v_at] * (1.0 + 1e-9) < v_top_s[p_k];
        EXECUTE format($q$
            WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) WITH ORDINALITY
                       AS q(term, idf, i)),
            s AS (SELECT c.cid, c.low + coalesce((
                    SELECT sum(q.idf * {_WX}) FROM q CROSS JOIN LATERAL (
                        SELECT y.tf, y.dl FROM notelens_postings y
                        WHERE y.tid = %1$s AND y.term = q.term AND y.chunk_id = c.cid
                        LIMIT 1) x
                    WHERE (c.mask >> (q.i::int - 1)) & 1 = 0), 0) AS s
                  FROM unnest($3::text[], $4::float8[], $5::bigint[]) AS c(cid, low, mask)
                  UNION ALL SELECT * FROM unnest($6::text[], $7::float8[])),
            t AS (SELECT s.cid, s.s FROM s ORDER BY s.s DESC, s.cid LIMIT $8)
            SELECT coalesce(array_agg(t.cid ORDER BY t.s DESC, t.cid), '{{}}'),
                   coalesce(array_agg(t.s ORDER BY t.s DESC, t.cid), '{{}}') FROM t$q$,
            p_tid, v_lit)
        INTO v_top_c, v_top_s
        USING p_terms, p_idfs, v_cids[v_at:v_at + v_batch - 1],
              v_lows[v_at:v_at + v_batch - 1], v_masks[v_at:v_at + v_batch - 1],
              v_top_c, v_top_s, p_k;
        v_scored := v_scored + least(v_batch, v_count - v_at + 1);
        v_at := v_at + v_batch;
        v_batch := v_batch * 2;
    END LOOP;
    -- More survivors than the cap and the bound not reached within it: the aggregate.
    -- (the unlisted survivors' bounds are at most the last listed one's)
    IF v_count > p_cap AND NOT (cardinality(v_top_s) >= p_k
                                AND v_ubs[v_count] * (1.0 + 1e-9) < v_top_s[p_k]) THEN
        RETURN QUERY SELECT NULL::text, NULL::float8, v_count, v_scored, true;
        RETURN;
    END IF;
    RETURN QUERY SELECT u.c, u.s, v_count, v_scored, false
        FROM unnest(v_top_c, v_top_s) AS u(c, s);
END
$fn$"""


@dataclass(frozen=True)
class TermTop:
    """One query term's best postings read so far: ``(chunk_id, tf, dl)``; ``bound``
    caps the BM25 contribution of the term to any chunk not among them (0: the term was
    read whole), ``top`` the largest contribution any chunk can get from it."""

    term: str
    idf: float
    postings: tuple[tuple[str, int, int], ...]
    bound: float
    top: float


def tops_sql(
    terms: Sequence[str], depth: int, extra: str, params: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The first round's reads: each query term's df and its ``depth + 1`` best postings
    (index-only, from the table's ``notelens_impact_<tid>`` index) among the rows passing the filter
    ``extra`` (conditions on ``c``), as rows ``(term, df, chunk_id, tf, dl, impact)``."""
    join = "JOIN notelens_chunks c ON c.tid = x.tid AND c.chunk_id = x.chunk_id" if extra else ""
    sql = f"""
        SELECT w.term, w.df, t.chunk_id, t.tf, t.dl, t.impact
        FROM notelens_terms w CROSS JOIN LATERAL (
            SELECT x.chunk_id, x.tf, x.dl, x.impact
            FROM notelens_postings x {join}
            WHERE x.tid = %(tid)s AND x.term = w.term {extra}
            ORDER BY x.impact DESC
            LIMIT %(depth)s) t
        WHERE w.tid = %(tid)s AND w.term = ANY(%(terms)s)"""
    return sql, {**params, "terms": list(terms), "depth": depth + 1}


def heads_sql(
    cuts: dict[str, float], cap: int, extra: str, params: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """The second round's reads: each term's postings with an impact above its cut (at
    most ``cap + 1``: more means the head is too long), rows ``(term, chunk_id, tf, dl,
    impact)``."""
    join = "JOIN notelens_chunks c ON c.tid = x.tid AND c.chunk_id = x.chunk_id" if extra else ""
    sql = f"""
        SELECT q.term, t.chunk_id, t.tf, t.dl, t.impact
        FROM unnest(%(terms)s::text[], %(cuts)s::float8[]) AS q(term, cut)
        CROSS JOIN LATERAL (
            SELECT x.chunk_id, x.tf, x.dl, x.impact
            FROM notelens_postings x {join}
            WHERE x.tid = %(tid)s AND x.term = q.term AND x.impact > q.cut {extra}
            ORDER BY x.impact DESC
            LIMIT %(cap)s) t"""
    terms = list(cuts)
    return sql, {**params, "terms": terms, "cuts": [cuts[t] for t in terms], "cap": cap + 1}


#: The analyzed terms of chunks: a survivor's missing term frequencies are counted from
#: its own row (one primary-key read per chunk; a read per (term, chunk) posting cost
#: ~10x more once survivors miss several terms each).
CHUNK_TERMS_SQL = (
    "SELECT chunk_id, terms FROM notelens_chunks WHERE tid = %s AND chunk_id = ANY(%s)"
)


def missing_tfs(
    rows: Sequence[tuple[str, str]], pairs: Sequence[tuple[str, str]]
) -> list[tuple[str, str, int]]:
    """The tf of each (term, chunk) pair from the chunks' term strings (rows of
    :data:`CHUNK_TERMS_SQL`), split as the writer split them for the postings; pairs
    whose chunk lacks the term are left out."""
    wanted: dict[str, set[str]] = {}
    for term, cid in pairs:
        wanted.setdefault(cid, set()).add(term)
    out: list[tuple[str, str, int]] = []
    for cid, terms in rows:
        need = wanted.get(cid, set())
        counts = Counter(t for t in terms.split() if t in need)
        out.extend((term, cid, n) for term, n in counts.items())
    return out


def idf(n_docs: int, df: int) -> float:
    """Lucene's idf, as :mod:`notelens.store.bm25` computes it."""
    return math.log1p((n_docs - df + 0.5) / (df + 0.5))


def weight(tf: int, dl: int, avgdl: float) -> float:
    """The BM25 term-frequency part at the current avgdl (what :func:`impact` is at the
    reference one)."""
    return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * dl / avgdl))


def drift(avgdl: float, ref_avgdl: float) -> float:
    """How much larger than its impact (times idf) a posting's contribution can be now:
    ``max(1, avgdl / A_ref)``, with the float4 margin."""
    return max(1.0, avgdl / ref_avgdl) * (1.0 + IMPACT_MARGIN)


def group_tops(
    rows: Sequence[tuple[Any, ...]], n_docs: int, depth: int, factor: float
) -> list[TermTop]:
    """The first round's rows (:func:`tops_sql`) as one :class:`TermTop` per term."""
    by_term: dict[str, list[tuple[str, int, int, float]]] = {}
    dfs: dict[str, int] = {}
    for term, df, cid, tf, dl, imp in rows:
        by_term.setdefault(term, []).append((cid, int(tf), int(dl), float(imp)))
        dfs[term] = int(df)
    out = []
    for term, posts in by_term.items():
        posts.sort(key=lambda p: -p[3])
        w = idf(n_docs, dfs[term])
        bound = w * posts[depth][3] * factor if len(posts) > depth else 0.0
        taken = tuple(p[:3] for p in posts[:depth])
        out.append(TermTop(term, w, taken, bound, w * posts[0][3] * factor))
    return out


def cutoffs(tops: Sequence[TermTop], theta: float) -> dict[str, float]:
    """Per-term caps ``s_t`` (score units) with ``sum s_t < theta``: the terms whose
    largest contributions add up below ``theta`` (the frequent, low-idf ones) get their
    largest (nothing above it: not read), the others share the rest equally. A chunk
    whose every contribution is at most its term's cap scores below ``theta``, so the top
    k (scores >= theta) lies in the union of the heads (postings above the caps)."""
    order = sorted(tops, key=lambda t: t.top)
    caps: dict[str, float] = {}
    acc = 0.0
    for i, t in enumerate(order):
        if i < len(order) - 1 and acc + t.top < theta:
            caps[t.term] = t.top
            acc += t.top
        else:
            rest = order[i:]
            share = (theta - acc) * (1.0 - IMPACT_MARGIN) / len(rest)
            caps.update((r.term, max(share, 0.0)) for r in rest)
            break
    return caps


@dataclass(frozen=True)
class Round:
    """What a round proved: ``proven`` when no chunk outside ``known`` can reach the
    top k; ``known`` the survivors' partial scores (from the terms they were seen in;
    survivors: the chunks whose upper bound reaches the k-th partial score), and
    ``missing`` the (term, chunk) pairs to read to score them exactly."""

    proven: bool
    known: dict[str, float]
    dls: dict[str, int]
    missing: list[tuple[str, str]]
    candidates: int
    theta: float
    #: Every candidate's partial score and the terms it was seen in (for a better theta).
    partial: dict[str, float]
    seen: dict[str, set[str]]


def decide(
    postings: dict[str, set[tuple[str, int, int]]],
    idfs: dict[str, float],
    bounds: dict[str, float],
    k: int,
    avgdl: float,
    theta: float = 0.0,
) -> Round:
    """Threshold reasoning over the postings read (no random access): a chunk's score is
    at least its partial score ``L`` (the terms it was seen in) and at most ``L`` plus,
    for each term it was not seen in, that term's bound; a chunk seen in no term is at
    most ``U``, the sum of the bounds. With ``L_k`` the k-th largest ``L`` (or a known
    lower bound ``theta`` on the k-th score, if larger): if ``U < L_k``, the top k is
    among the chunks whose upper bound reaches ``L_k`` (the survivors); their missing
    pairs are then read and they are scored exactly."""
    known: dict[str, float] = {}
    seen: dict[str, set[str]] = {}
    dls: dict[str, int] = {}
    covered: dict[str, float] = {}  # the bounds of the terms a chunk was seen in
    for term, posts in postings.items():
        w, b = idfs[term], bounds[term]
        for cid, tf, dl in posts:
            known[cid] = known.get(cid, 0.0) + w * weight(tf, dl, avgdl)
            covered[cid] = covered.get(cid, 0.0) + b
            seen.setdefault(cid, set()).add(term)
            dls[cid] = dl
    u = sum(bounds.values())
    lk = sorted(known.values(), reverse=True)[k - 1] if len(known) >= k else 0.0
    lk = max(lk, theta)
    if u > 0.0 and not u < lk:
        return Round(False, {}, dls, [], len(known), lk, known, seen)
    open_terms = [t for t, b in bounds.items() if b > 0.0]
    # Upper bound: the partial score plus the bounds of the terms not seen, U - covered.
    survivors = {cid: low for cid, low in known.items() if low + (u - covered[cid]) >= lk}
    missing = [(t, cid) for cid in survivors for t in open_terms if t not in seen[cid]]
    return Round(True, survivors, dls, missing, len(known), lk, known, seen)


def finish(
    found: Round,
    pairs: Sequence[tuple[str, str, int]],
    idfs: dict[str, float],
    k: int,
    avgdl: float,
    *,
    only: Sequence[str] | None = None,
) -> list[tuple[str, float]]:
    """The survivors' (or ``only`` these candidates') exact scores: partial scores plus
    the missing pairs read (a pair not found being a term the chunk lacks), best first,
    ties by id, the first ``k``."""
    scores = dict(found.known) if only is None else {c: found.partial[c] for c in only}
    for term, cid, tf in pairs:
        if cid in scores:
            scores[cid] += idfs[term] * weight(int(tf), found.dls[cid], avgdl)
    return sorted(scores.items(), key=lambda h: (-h[1], h[0]))[:k]


__all__ = [
    "AGG_POSTINGS",
    "CHUNK_TERMS_SQL",
    "FIRST_BATCH",
    "FIRST_DEPTH",
    "HEAD_CAP",
    "IMPACT_INDEX_ROWS",
    "IMPACT_SQL",
    "REBASE_DRIFT",
    "SURVIVOR_CAP",
    "TOPK_FUNCTION_SQL",
    "TOTALS_SQL",
    "Bm25Trace",
    "Round",
    "TermTop",
    "agg_sql",
    "cutoffs",
    "decide",
    "drift",
    "finish",
    "full_sql",
    "group_tops",
    "heads_sql",
    "idf",
    "impact",
    "missing_tfs",
    "score_sql",
    "tops_sql",
    "weight",
]
