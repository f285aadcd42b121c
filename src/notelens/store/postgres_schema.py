"""The PostgreSQL store's schema: its tables' DDL as versioned migrations, the version
table ``notelens_schema``, and :func:`migrate`, which brings a database to
:data:`SCHEMA_VERSION` (the store, :mod:`notelens.store.postgres`, runs it once per
factory before it opens its pool).

Apart from the store because the schema changes on its own clock (a version per
layout change, each migration kept forever: a database of any older version must still
come up), and so that a reader of the store's queries is not reading DDL. BM25's server
function is the one piece of the schema defined elsewhere (``TOPK_FUNCTION_SQL``, next
to the client-side rounds it mirrors, in :mod:`notelens.store.postgres_bm25`).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

from notelens.errors import IndexStoreError
from notelens.store.postgres_bm25 import TOPK_FUNCTION_SQL

if TYPE_CHECKING:
    import psycopg

#: The schema version this code writes; a server with a newer one is refused.
#: 4: ``notelens_meta`` (each space's meta.json, for machines with other index folders).
#: 5: postings without a foreign key (deleted with their rows by the writer).
#: 6: impact-ordered postings and maintained document frequencies (BM25 top-k that does
#: not score every posting: notelens.store.postgres_bm25).
#: 7: BM25 top-k inside the server (``notelens_bm25_topk``, one round trip per query).
#: 8: compact BM25 postings for the optional C extension ``notelens_bm25``
#: (:mod:`notelens.store.postgres_ext`); plain tables, empty without it.
#: 9: segment generations, built beside the serving one without the table's row lock
#: (``optimize`` no longer stalls writers and store opens for the whole build).
SCHEMA_VERSION = 9

#: Migrations by the version they bring the schema to (applied in order, each once).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE EXTENSION IF NOT EXISTS vector",
        """CREATE TABLE notelens_tables (
            tid serial PRIMARY KEY,
            space text NOT NULL,
            name text NOT NULL,
            dim int NOT NULL,
            n_docs bigint NOT NULL DEFAULT 0,
            sum_dl bigint NOT NULL DEFAULT 0,
            UNIQUE (space, name))""",
        """CREATE TABLE notelens_chunks (
            tid int NOT NULL REFERENCES notelens_tables ON DELETE CASCADE,
            chunk_id text NOT NULL,
            source text NOT NULL,
            title text NOT NULL,
            heading text NOT NULL,
            text text NOT NULL,
            terms text NOT NULL,
            line_start int, line_end int, page int,
            lang text NOT NULL,
            kind text NOT NULL,
            links jsonb NOT NULL,
            content_hash text NOT NULL,
            ordinal int NOT NULL,
            file_hash text NOT NULL,
            file_size bigint NOT NULL,
            file_mtime_ns bigint NOT NULL,
            flags text[] NOT NULL,
            dl int NOT NULL,
            embedding vector NOT NULL,
            PRIMARY KEY (tid, chunk_id))""",
        # Vectors inline (not TOASTed) where they fit: an exact scan reads no side table.
        "ALTER TABLE notelens_chunks ALTER COLUMN embedding SET STORAGE MAIN",
        "CREATE INDEX notelens_chunks_source ON notelens_chunks (tid, source)",
        "CREATE INDEX notelens_chunks_hash ON notelens_chunks (tid, content_hash)",
        """CREATE TABLE notelens_postings (
            tid int NOT NULL,
            term text NOT NULL,
            chunk_id text NOT NULL,
            tf int NOT NULL,
            dl int NOT NULL,
            -- A term's postings with tf and |d| in the index: BM25 scans only the index.
            PRIMARY KEY (tid, term, chunk_id) INCLUDE (tf, dl),
            FOREIGN KEY (tid, chunk_id) REFERENCES notelens_chunks ON DELETE CASCADE)""",
        "CREATE INDEX notelens_postings_chunk ON notelens_postings (tid, chunk_id)",
    ),
    # Location.part: where a passage of a converted file (slide, sheet rows, cell) is.
    2: ("ALTER TABLE notelens_chunks ADD COLUMN IF NOT EXISTS part text",),
    # 3 (issue #18): the note's front matter / #tags as NoteMeta JSON ("" = none); the
    # tag, folder and date filters read it per source.
    3: ("ALTER TABLE notelens_chunks ADD COLUMN IF NOT EXISTS note text NOT NULL DEFAULT ''",),
    4: (
        """CREATE TABLE notelens_meta (
            space text PRIMARY KEY,
            meta text NOT NULL,
            updated timestamptz NOT NULL DEFAULT now())""",
    ),
    # 5 (issue #17, write speed): no foreign key from postings to rows. Its trigger
    # checked every posting inserted (~50-100 per row) against the rows' key, one by one;
    # replace_sources deletes the replaced rows' postings itself, in the same
    # transaction, and drop() a table's.
    5: (
        "ALTER TABLE notelens_postings "
        "DROP CONSTRAINT IF EXISTS notelens_postings_tid_chunk_id_fkey",
    ),
    # 6 (issue #17, BM25 at scale): each posting's impact (its BM25 term-frequency part
    # at the table's reference average length impact_avgdl; kept only while the table
    # has its impact index, built by optimize() past IMPACT_INDEX_ROWS), an index handing out a
    # term's postings best first, and each term's document frequency kept by the writer
    # (counting a frequent term's postings per query cost as much as scoring them).
    # Existing tables get their current avgdl as reference and their impacts and df here.
    6: (
        "ALTER TABLE notelens_tables ADD COLUMN IF NOT EXISTS impact_avgdl float8",
        "ALTER TABLE notelens_postings ADD COLUMN IF NOT EXISTS impact float4 NOT NULL DEFAULT 0",
        """CREATE TABLE notelens_terms (
            tid int NOT NULL,
            term text NOT NULL,
            df int NOT NULL,
            PRIMARY KEY (tid, term))""",
        "INSERT INTO notelens_terms (tid, term, df) "
        "SELECT tid, term, count(*) FROM notelens_postings GROUP BY tid, term",
    ),
    # 7 (issue #17, BM25 at 1M rows): the threshold rounds as one server function; the
    # client-driven rounds cost a round trip and Python bookkeeping per step.
    7: (TOPK_FUNCTION_SQL,),
    # 8 (issue #17, BM25 at 1M rows): each term's postings as one packed segment, read by
    # the extension's top-k (the aggregate's cost is reading postings as index tuples),
    # the chunks' ordinals in it, and the chunks written since (scored by SQL).
    8: (
        "ALTER TABLE notelens_tables ADD COLUMN IF NOT EXISTS seg_ords int",
        """CREATE TABLE notelens_bm25_ords (
            tid int NOT NULL REFERENCES notelens_tables ON DELETE CASCADE,
            ord int NOT NULL,
            chunk_id text NOT NULL,
            PRIMARY KEY (tid, ord),
            UNIQUE (tid, chunk_id))""",
        """CREATE TABLE notelens_bm25_segs (
            tid int NOT NULL REFERENCES notelens_tables ON DELETE CASCADE,
            term text NOT NULL,
            postings bytea NOT NULL,
            PRIMARY KEY (tid, term))""",
        # Varints do not compress; not trying saves the attempt on write and read.
        "ALTER TABLE notelens_bm25_segs ALTER COLUMN postings SET STORAGE EXTERNAL",
        """CREATE TABLE notelens_bm25_dirty (
            tid int NOT NULL REFERENCES notelens_tables ON DELETE CASCADE,
            chunk_id text NOT NULL,
            PRIMARY KEY (tid, chunk_id))""",
    ),
    # 9 (issue #17, the store during its own maintenance): a build writes a new
    # generation of ordinals and segments under one snapshot while the old one serves
    # and writers go on; a short transaction under the row lock then swaps them
    # (seg_gen) and keeps the dirty chunks written after that snapshot, known by their
    # writer's transaction id (xid: NULL for chunks marked before v9, i.e. before any
    # build of the new kind). seg_build: the generation being built (writers mark dirty
    # chunks while it is set, also before the first segments). No foreign keys from the
    # generations to notelens_tables: the check's KEY SHARE lock on the table's row,
    # held by the build's long transaction, would conflict with the writers' row lock
    # (drop() deletes them, as it does the postings). Existing segments are generation 0.
    9: (
        "ALTER TABLE notelens_tables ADD COLUMN IF NOT EXISTS seg_gen int, "
        "ADD COLUMN IF NOT EXISTS seg_build int",
        "UPDATE notelens_tables SET seg_gen = 0 WHERE seg_ords IS NOT NULL",
        "ALTER TABLE notelens_bm25_ords ADD COLUMN gen int NOT NULL DEFAULT 0, "
        "DROP CONSTRAINT notelens_bm25_ords_tid_fkey, "
        "DROP CONSTRAINT notelens_bm25_ords_pkey, "
        "DROP CONSTRAINT notelens_bm25_ords_tid_chunk_id_key, "
        "ADD PRIMARY KEY (tid, gen, ord), ADD UNIQUE (tid, gen, chunk_id)",
        "ALTER TABLE notelens_bm25_segs ADD COLUMN gen int NOT NULL DEFAULT 0, "
        "DROP CONSTRAINT notelens_bm25_segs_tid_fkey, "
        "DROP CONSTRAINT notelens_bm25_segs_pkey, ADD PRIMARY KEY (tid, gen, term)",
        "ALTER TABLE notelens_bm25_dirty ADD COLUMN xid xid8",
    ),
}


#: Key of the advisory lock every migration takes (any constant both sides agree on).
MIGRATION_LOCK = zlib.crc32(b"notelens-schema")


def migrate(conn: psycopg.Connection[Any]) -> None:
    """Bring the schema of ``conn``'s database to :data:`SCHEMA_VERSION`, in one
    transaction under an advisory lock (two processes starting at once apply each step
    once); :class:`IndexStoreError` if the database is newer than this code. psycopg's
    errors pass through: the caller says what it was connecting to."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS notelens_schema (version int NOT NULL)")
        row = conn.execute("SELECT max(version) FROM notelens_schema").fetchone()
        current = int(row[0]) if row and row[0] is not None else 0
        if current > SCHEMA_VERSION:
            raise IndexStoreError(
                f"the database holds notelens schema v{current}, this notelens knows "
                f"v{SCHEMA_VERSION}",
                hint="upgrade notelens",
            )
        for version in sorted(v for v in MIGRATIONS if v > current):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute("INSERT INTO notelens_schema VALUES (%s)", (version,))


__all__ = ["MIGRATIONS", "MIGRATION_LOCK", "SCHEMA_VERSION", "migrate"]
