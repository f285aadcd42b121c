-- notelens_bm25 1.0: the two functions of notelens_bm25.c. The tables they serve
-- (segments, ordinals, rewritten chunks) belong to notelens's schema, not to the
-- extension: a server without it keeps them empty.
\echo Use "CREATE EXTENSION notelens_bm25" to load this file. \quit

CREATE FUNCTION notelens_bm25_pack(int[]) RETURNS bytea
    AS 'MODULE_PATHNAME', 'notelens_bm25_pack'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION notelens_bm25_topk_segments(
    segments bytea[], idfs float8[], avgdl float8, n_ords int, k int, skip int[])
    RETURNS TABLE (ord int, score float8)
    AS 'MODULE_PATHNAME', 'notelens_bm25_topk_segments'
    LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 100;
