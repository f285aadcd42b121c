/*
 * notelens_bm25: exact Lucene BM25 top k over compact per-term postings segments
 * (issue #17). The SQL aggregate reads every posting of the query terms as index
 * tuples (~50 ns each plus the grouping); here a term's postings are one bytea of
 * varints (chunk ordinal delta, tf, dl), decoded in a tight loop into a score array
 * indexed by ordinal, and the top k is taken by a heap.
 *
 * The store (notelens/store/postgres_ext.py) owns the layout and exactness: it passes
 * the idf of each segment's term and the avgdl of the snapshot, the ordinals to skip
 * (chunks rewritten or deleted since the segments were built; their current postings
 * are scored by SQL beside this), and maps ordinals back to chunk ids.
 *
 * Scores are the SQL path's expression, in the same float8 operation order:
 *     idf * (tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * dl / avgdl)))
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

PG_MODULE_MAGIC;

#define BM25_K1 1.2
#define BM25_B 0.75

/* Ordinals beyond this are refused: the score array would not be allocatable. */
#define MAX_ORDINALS 100000000

PG_FUNCTION_INFO_V1(notelens_bm25_pack);
PG_FUNCTION_INFO_V1(notelens_bm25_topk_segments);

static inline char *
put_varint(char *out, uint32 v)
{
	while (v >= 0x80)
	{
		*out++ = (char) ((v & 0x7F) | 0x80);
		v >>= 7;
	}
	*out++ = (char) v;
	return out;
}

/* One varint at *pos of [.., end); errors on a truncated or over-long one. */
static inline uint32
get_varint(const unsigned char **pos, const unsigned char *end)
{
	const unsigned char *p = *pos;
	uint32		v = 0;
	int			shift = 0;

	for (;;)
	{
		if (p >= end || shift > 28)
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("notelens_bm25: corrupt postings segment")));
		v |= (uint32) (*p & 0x7F) << shift;
		if ((*p++ & 0x80) == 0)
			break;
		shift += 7;
	}
	*pos = p;
	return v;
}

/*
 * notelens_bm25_pack(int[][3]) -> bytea: rows (ordinal, tf, dl) in strictly increasing
 * ordinal order, as varints (ordinal delta from the previous one, tf, dl).
 */
Datum
notelens_bm25_pack(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	int32	   *vals;
	int			n;
	int			rows;
	bytea	   *out;
	char	   *w;
	int64		prev = -1;

	if (ARR_ELEMTYPE(arr) != INT4OID)
		ereport(ERROR, (errmsg("notelens_bm25_pack: expected int[]")));
	if (ARR_HASNULL(arr))
		ereport(ERROR, (errmsg("notelens_bm25_pack: NULL in postings")));
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	if (n > 0 && (ARR_NDIM(arr) != 2 || ARR_DIMS(arr)[1] != 3))
		ereport(ERROR, (errmsg("notelens_bm25_pack: expected rows of (ordinal, tf, dl)")));
	rows = n / 3;
	vals = (int32 *) ARR_DATA_PTR(arr);
	/* At most 5 bytes a varint, 3 a posting. */
	out = (bytea *) palloc(VARHDRSZ + (Size) rows * 15);
	w = VARDATA(out);
	for (int i = 0; i < rows; i++)
	{
		int32		ord = vals[3 * i],
					tf = vals[3 * i + 1],
					dl = vals[3 * i + 2];

		if (ord <= prev || ord >= MAX_ORDINALS || tf < 0 || dl < 0)
			ereport(ERROR,
					(errmsg("notelens_bm25_pack: ordinals must increase and values be >= 0 "
							"(ordinal %d after %lld, tf %d, dl %d)",
							ord, (long long) prev, tf, dl)));
		w = put_varint(w, (uint32) (ord - prev - 1));
		w = put_varint(w, (uint32) tf);
		w = put_varint(w, (uint32) dl);
		prev = ord;
	}
	SET_VARSIZE(out, w - (char *) out);
	PG_RETURN_BYTEA_P(out);
}

typedef struct
{
	double		score;
	int32		ord;
} Hit;

/* a ranks below b: lower score, or the same score and a larger ordinal. */
static inline bool
worse(const Hit *a, const Hit *b)
{
	return a->score < b->score || (a->score == b->score && a->ord > b->ord);
}

static void
sift_down(Hit *heap, int n, int i)
{
	for (;;)
	{
		int			l = 2 * i + 1,
					r = l + 1,
					m = i;
		Hit			t;

		if (l < n && worse(&heap[l], &heap[m]))
			m = l;
		if (r < n && worse(&heap[r], &heap[m]))
			m = r;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

static int
hit_order(const void *a, const void *b)
{
	const Hit  *x = a,
			   *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->ord < y->ord ? -1 : (x->ord > y->ord);
}

/*
 * notelens_bm25_topk_segments(segments bytea[], idfs float8[], avgdl float8,
 *                             n_ords int, k int, skip int[])
 *   -> TABLE(ord int, score float8)
 * The k best ordinals by the sum over segments of idf * w(tf, dl), skipping the
 * ordinals in skip; best first, ties by the smaller ordinal (the chunk id order the
 * SQL aggregate breaks ties by: ordinals are given in chunk id order).
 */
Datum
notelens_bm25_topk_segments(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *segs = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *idfa = PG_GETARG_ARRAYTYPE_P(1);
	double		avgdl = PG_GETARG_FLOAT8(2);
	int32		n_ords = PG_GETARG_INT32(3);
	int32		k = PG_GETARG_INT32(4);
	ArrayType  *skipa = PG_GETARG_ARRAYTYPE_P(5);
	Datum	   *seg_vals;
	bool	   *seg_nulls;
	int			n_segs;
	Datum	   *idf_vals;
	bool	   *idf_nulls;
	int			n_idfs;
	double	   *scores;
	Hit		   *heap;
	int			filled = 0;

	InitMaterializedSRF(fcinfo, 0);
	if (n_ords < 0 || n_ords > MAX_ORDINALS || k < 0)
		ereport(ERROR, (errmsg("notelens_bm25_topk_segments: bad n_ords %d or k %d", n_ords, k)));
	if (!(avgdl > 0))
		ereport(ERROR, (errmsg("notelens_bm25_topk_segments: avgdl must be > 0")));
	deconstruct_array(segs, BYTEAOID, -1, false, TYPALIGN_INT, &seg_vals, &seg_nulls, &n_segs);
	deconstruct_array_builtin(idfa, FLOAT8OID, &idf_vals, &idf_nulls, &n_idfs);
	if (n_segs != n_idfs)
		ereport(ERROR, (errmsg("notelens_bm25_topk_segments: %d segments but %d idfs",
							   n_segs, n_idfs)));
	if (k == 0 || n_ords == 0)
		PG_RETURN_NULL();

	scores = (double *) palloc0(sizeof(double) * (Size) n_ords);
	for (int s = 0; s < n_segs; s++)
	{
		bytea	   *seg;
		const unsigned char *p,
				   *end;
		double		idf;
		int64		ord = -1;

		if (seg_nulls[s] || idf_nulls[s])
			continue;
		seg = DatumGetByteaPP(seg_vals[s]);
		idf = DatumGetFloat8(idf_vals[s]);
		p = (const unsigned char *) VARDATA_ANY(seg);
		end = p + VARSIZE_ANY_EXHDR(seg);
		while (p < end)
		{
			uint32		delta = get_varint(&p, end);
			double		tf = (double) get_varint(&p, end);
			double		dl = (double) get_varint(&p, end);

			ord += (int64) delta + 1;
			if (ord >= n_ords)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("notelens_bm25: ordinal %lld past the segments' %d",
								(long long) ord, n_ords)));
			scores[ord] += idf * (tf * (BM25_K1 + 1.0)
								  / (tf + BM25_K1 * (1.0 - BM25_B + BM25_B * dl / avgdl)));
		}
	}

	/* Rewritten or deleted chunks: their current postings are scored elsewhere. */
	if (!ARR_HASNULL(skipa) && ArrayGetNItems(ARR_NDIM(skipa), ARR_DIMS(skipa)) > 0)
	{
		int32	   *skip = (int32 *) ARR_DATA_PTR(skipa);
		int			n_skip = ArrayGetNItems(ARR_NDIM(skipa), ARR_DIMS(skipa));

		if (ARR_ELEMTYPE(skipa) != INT4OID)
			ereport(ERROR, (errmsg("notelens_bm25_topk_segments: skip must be int[]")));
		for (int i = 0; i < n_skip; i++)
			if (skip[i] >= 0 && skip[i] < n_ords)
				scores[skip[i]] = 0.0;
	}

	heap = (Hit *) palloc(sizeof(Hit) * (Size) Min(k, n_ords));
	for (int32 o = 0; o < n_ords; o++)
	{
		double		sc = scores[o];

		if (!(sc > 0))
			continue;
		if (filled < k)
		{
			/* Build a min-heap once full (sift-up free: heapify at k). */
			heap[filled].score = sc;
			heap[filled].ord = o;
			if (++filled == k)
				for (int i = k / 2 - 1; i >= 0; i--)
					sift_down(heap, k, i);
		}
		else if (sc > heap[0].score)
		{
			/* Ordinals ascend: an equal score never beats the root. */
			heap[0].score = sc;
			heap[0].ord = o;
			sift_down(heap, k, 0);
		}
	}
	qsort(heap, filled, sizeof(Hit), hit_order);
	for (int i = 0; i < filled; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int32GetDatum(heap[i].ord);
		values[1] = Float8GetDatum(heap[i].score);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}
