"""BM25 top k by the optional C extension ``notelens_bm25`` (issue #17, schema v8).

The SQL aggregate (:mod:`notelens.store.postgres_bm25`) reads every posting of the
query terms as index tuples and groups them: ~80 ms at 300k rows for the hybrid's k 100.
The extension (``pg_ext/notelens_bm25.c``) reads each query term's postings as one
**segment** (a bytea of varints: chunk-ordinal delta, tf, dl), sums the scores in an
array indexed by ordinal and takes the top k by a heap.

Layout (tables of the schema, empty on a server without the extension):

* ``notelens_bm25_ords``: each chunk of the table when a generation of segments was
  built, and its ordinal (chunk id order, so that ordinal ties break as the aggregate's
  ``chunk_id``);
* ``notelens_bm25_segs``: per generation and term, its postings then, packed
  (``notelens_bm25_pack``);
* ``notelens_bm25_dirty``: chunk ids written or deleted since, each with its writer's
  transaction id (the writer adds them in its transaction while the table has segments
  or a build runs);
* ``notelens_tables.seg_gen`` / ``seg_ords``: the generation that serves and its
  ordinals' count (NULL: no segments); ``seg_build``: the generation being built.

Exactness: a query skips the dirty chunks' ordinals in the serving generation and scores
their current postings by SQL (the delta), both at the snapshot's N, df and avgdl (the
SQL path's, kept by the writer in the same transaction); the union's top k is the exact
top k. ``optimize`` rebuilds the segments once the dirty chunks pass
:data:`SEGMENT_REBUILD_DIRTY` (the delta is read like the aggregate, per dirty chunk).

A build (schema v9, :meth:`notelens.store.postgres.PostgresStore.build_segments`) never
holds the table's row lock for long: it marks a new generation as being built (one short
transaction: from then on every writer marks what it writes dirty), writes that
generation's ordinals and segments in one repeatable-read transaction, i.e. one snapshot
``S``, while the old generation serves and writers go on, and then, in one short
transaction under the row lock, makes it the serving one and forgets the dirty chunks
whose writer ``S`` saw (their postings are in the new segments); a chunk written after
``S`` keeps (or gets, by its later writer's id) an entry. A build killed before the swap
leaves the old generation serving; its rows are removed by the next build.

The extension is a capability of the server, probed once per factory
(:func:`probe`): managed servers cannot load custom C, and there the SQL path answers.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from notelens.errors import first_line
from notelens.store.postgres_bm25 import score_sql

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

EXTENSION = "notelens_bm25"
#: Tables from this many rows get segments (by ``optimize``) when the extension is
#: there: below it the aggregate reads few postings anyway.
SEGMENT_ROWS = 50_000
#: ``optimize`` rebuilds the segments when more chunks than this were written since:
#: their postings are scored by SQL beside the extension, at a cost that grows with
#: their number, not the table's (at 300k rows, BM25 k 100 p50 15 ms with none, ~35 ms
#: with 600, ~65 ms with 6,000: the aggregate's speed; docs/benchmarks.md, seventh
#: round). A rebuild reads every posting (~9 min at 300k rows on the loaded VM).
SEGMENT_REBUILD_DIRTY = 1_000
#: ``work_mem`` of the segments' build (one join and sort of every posting).
SEGMENT_BUILD_MEMORY = "256MB"

#: The ordinals of generation ``gen``: every chunk of the table, in chunk id order.
ORDS_SQL = """
    INSERT INTO notelens_bm25_ords (tid, gen, ord, chunk_id)
    SELECT tid, %(gen)s, (row_number() OVER (ORDER BY chunk_id) - 1)::int, chunk_id
    FROM notelens_chunks WHERE tid = %(tid)s"""

#: The segments of generation ``gen``: each term's postings (ordinal, tf, dl) in ordinal
#: order, packed.
SEGS_SQL = """
    INSERT INTO notelens_bm25_segs (tid, gen, term, postings)
    SELECT p.tid, %(gen)s, p.term,
           notelens_bm25_pack(array_agg(ARRAY[o.ord, p.tf, p.dl] ORDER BY o.ord))
    FROM notelens_postings p
    JOIN notelens_bm25_ords o ON o.tid = p.tid AND o.gen = %(gen)s AND o.chunk_id = p.chunk_id
    WHERE p.tid = %(tid)s
    GROUP BY p.tid, p.term"""

#: The writer's mark on the chunks it removes or writes, while the table has segments or
#: a build runs: its transaction id, renewed on a chunk marked before (the swap keeps a
#: chunk whose latest writer the build's snapshot did not see).
DIRTY_SQL = """
    INSERT INTO notelens_bm25_dirty (tid, chunk_id, xid)
    SELECT %(tid)s, unnest(%(ids)s::text[]), pg_current_xact_id()
    WHERE EXISTS (SELECT 1 FROM notelens_tables WHERE tid = %(tid)s
                  AND (seg_ords IS NOT NULL OR seg_build IS NOT NULL))
    ON CONFLICT (tid, chunk_id) DO UPDATE SET xid = EXCLUDED.xid"""

#: The swap (under the table's row lock, only if this build's generation is still the
#: one being built): it serves from now on.
SWAP_SQL = """
    UPDATE notelens_tables SET seg_gen = %(gen)s, seg_ords = %(n)s, seg_build = NULL
    WHERE tid = %(tid)s AND seg_build = %(gen)s"""

#: With the swap: the dirty chunks whose latest writer the build's snapshot saw (their
#: current postings are in the new generation). NULL: marked before schema v9.
FORGET_SQL = """
    DELETE FROM notelens_bm25_dirty WHERE tid = %(tid)s
    AND (xid IS NULL OR pg_visible_in_snapshot(xid, %(snap)s::pg_snapshot))"""

#: After the swap, outside any lock: every generation but the serving one (the previous
#: one, and any a killed build left). A query that read the old generation's number
#: before the swap still reads its rows: its snapshot predates this delete.
PRUNE_SQL = """
    DELETE FROM notelens_bm25_{table} WHERE tid = %(tid)s
    AND gen IS DISTINCT FROM (SELECT seg_gen FROM notelens_tables WHERE tid = %(tid)s)"""

#: The exact top k: the segments' (dirty ordinals skipped) and the dirty chunks' current
#: postings scored by SQL, merged. Ties: score, then chunk id (the aggregate's order).
TOPK_SQL = f"""
    WITH dirty AS MATERIALIZED (
        SELECT coalesce(array_agg(chunk_id ORDER BY chunk_id), '{{}}') AS ids
        FROM notelens_bm25_dirty WHERE tid = %(tid)s),
    q AS (SELECT * FROM unnest(%(terms)s::text[], %(idfs)s::float8[]) AS q(term, idf)),
    a AS (
        SELECT coalesce(array_agg(g.postings ORDER BY g.term), '{{}}') AS segs,
               coalesce(array_agg(q.idf ORDER BY g.term), '{{}}') AS idfs
        FROM q JOIN notelens_bm25_segs g
            ON g.tid = %(tid)s AND g.gen = %(gen)s AND g.term = q.term),
    seg AS (
        SELECT o.chunk_id, s.score
        FROM a, notelens_bm25_topk_segments(
            a.segs, a.idfs, %(avgdl)s::float8, %(n_ords)s, %(k)s,
            (SELECT coalesce(array_agg(o.ord), '{{}}') FROM notelens_bm25_ords o
             WHERE o.tid = %(tid)s AND o.gen = %(gen)s
                 AND o.chunk_id = ANY((SELECT ids FROM dirty)::text[]))) s
        JOIN notelens_bm25_ords o ON o.tid = %(tid)s AND o.gen = %(gen)s AND o.ord = s.ord),
    delta AS (
        SELECT p.chunk_id, sum(q.idf * {score_sql("p", "%(avgdl)s::float8")}) AS score
        FROM q JOIN notelens_postings p ON p.tid = %(tid)s AND p.term = q.term
            AND p.chunk_id = ANY((SELECT ids FROM dirty)::text[])
        GROUP BY p.chunk_id)
    SELECT chunk_id, score FROM (SELECT * FROM seg UNION ALL SELECT * FROM delta) u
    ORDER BY score DESC, chunk_id
    LIMIT %(k)s"""


def probe(conn: psycopg.Connection[Any]) -> str | None:
    """Whether the server can run the extension: None if it can (created here when it was
    not yet and this role may), else why not. Every failure is an answer, never an
    error: the SQL path serves then. ``conn`` is in autocommit mode."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
    except psycopg.Error as exc:
        row = conn.execute("SELECT 1 FROM pg_extension WHERE extname = %s", (EXTENSION,)).fetchone()
        if row is None:
            return first_line(exc)
    try:
        # Loads the library: created by an administrator is not enough when this
        # server's dynamic_library_path does not reach it.
        conn.execute(
            "SELECT count(*) FROM notelens_bm25_topk_segments('{}', '{}', 1.0, 0, 1, '{}')"
        )
    except psycopg.Error as exc:
        return first_line(exc)
    return None


__all__ = [
    "DIRTY_SQL",
    "EXTENSION",
    "FORGET_SQL",
    "ORDS_SQL",
    "PRUNE_SQL",
    "SEGMENT_BUILD_MEMORY",
    "SEGMENT_REBUILD_DIRTY",
    "SEGMENT_ROWS",
    "SEGS_SQL",
    "SWAP_SQL",
    "TOPK_SQL",
    "probe",
]
