// Self-attention with int8 scores on AVX-512 VNNI, for notelens' e5 embedder (head dim 32).
//
// Built on first use by notelens.embed.attention_kernel with the system C compiler and
// loaded with ctypes; where that fails the embedder keeps torch's flash kernel.
// Why: torch's fp32 flash kernel runs at ~75 GFLOP/s with head dim 32 and was ~38 % of a
// passage's time; VPDPBUSD does 64 int8 multiply-adds per instruction, and a
// hand-blocked fp32 P.V beats the library's for this shape.
//
// Per head: K is quantised per row (symmetric int8) and each query row too; the scores
// q.k run as int32 dot products (q shifted to u8 by +128, corrected with the key's code
// sum) and are scaled back to fp32; softmax with a polynomial exp; P.V stays fp32 (FMA),
// blocks of 8 query rows sharing each V row. Probabilities in 8 bits were tried and lost
// the long tails of small weights in repetitive text (cosine 0.965 on "a " * 600); q.k
// in int8 measured as accurate as fp32 end to end (benchmarks/attention_int8_sim.py).

#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define HD 32
#define QB 8

static inline __m512 exp512(__m512 x) {
  x = _mm512_max_ps(x, _mm512_set1_ps(-87.f));
  __m512 t = _mm512_mul_ps(x, _mm512_set1_ps(1.44269504089f));
  __m512 fi = _mm512_roundscale_ps(t, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
  __m512 f = _mm512_sub_ps(t, fi);
  __m512 p = _mm512_set1_ps(1.8775767e-3f);
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(8.9893397e-3f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5826318e-2f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4015361e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9315308e-1f));
  p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.9999994e-1f));
  return _mm512_scalef_ps(p, fi);
}

// One window: qkv [n, 3*H] fp32 (q | k | v, heads in order inside each), out [n, H];
// scale multiplies q.k. Scratch: kp [np*32] bytes, sk, ksum [np], srow [QB*np] floats,
// np = n rounded up to 16.
static void window(const float *qkv, float *out, int n, int heads, float scale,
                   int8_t *kp, float *sk, int32_t *ksum, float *srow) {
  const int H = heads * HD, ld = 3 * H;
  const int np = (n + 15) & ~15;
  for (int h = 0; h < heads; h++) {
    // K: per-row int8, packed [d/4][np][4]
    for (int k = 0; k < n; k++) {
      const float *kr = qkv + (size_t)k * ld + H + h * HD;
      __m512 k0 = _mm512_loadu_ps(kr), k1 = _mm512_loadu_ps(kr + 16);
      float m = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(k0), _mm512_abs_ps(k1)));
      float s = m > 0 ? m / 127.f : 1.f;
      __m512 inv = _mm512_set1_ps(1.f / s);
      __m512i i0 = _mm512_cvtps_epi32(_mm512_mul_ps(k0, inv));
      __m512i i1 = _mm512_cvtps_epi32(_mm512_mul_ps(k1, inv));
      ksum[k] = _mm512_reduce_add_epi32(_mm512_add_epi32(i0, i1));
      sk[k] = s;
      uint32_t b[8];
      _mm_storeu_si128((__m128i *)b, _mm512_cvtsepi32_epi8(i0));
      _mm_storeu_si128((__m128i *)(b + 4), _mm512_cvtsepi32_epi8(i1));
      for (int g = 0; g < 8; g++) ((uint32_t *)kp)[g * np + k] = b[g];
    }
    for (int k = n; k < np; k++) {
      sk[k] = 0.f; ksum[k] = 0;
      for (int g = 0; g < 8; g++) ((uint32_t *)kp)[g * np + k] = 0;
    }
    for (int i0 = 0; i0 < n; i0 += QB) {
      const int nq = n - i0 < QB ? n - i0 : QB;
      uint32_t qu[QB][HD / 4];
      float qs[QB];
      for (int qi = 0; qi < QB; qi++) {
        int i = i0 + (qi < nq ? qi : 0);
        const float *qr = qkv + (size_t)i * ld + h * HD;
        __m512 q0 = _mm512_loadu_ps(qr), q1 = _mm512_loadu_ps(qr + 16);
        float m = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(q0), _mm512_abs_ps(q1)));
        float s = m > 0 ? m / 127.f : 1.f;
        __m512 inv = _mm512_set1_ps(1.f / s);
        __m512i o = _mm512_set1_epi32(128);
        _mm_storeu_si128((__m128i *)qu[qi], _mm512_cvtusepi32_epi8(_mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(q0, inv)), o)));
        _mm_storeu_si128((__m128i *)(qu[qi] + 4), _mm512_cvtusepi32_epi8(_mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(q1, inv)), o)));
        qs[qi] = s * scale;
      }
      // scores
      __m512 mx[QB];
      for (int qi = 0; qi < QB; qi++) mx[qi] = _mm512_set1_ps(-INFINITY);
      for (int t = 0; t < np; t += 16) {
        __m512i acc[QB];
        for (int qi = 0; qi < QB; qi++) acc[qi] = _mm512_setzero_si512();
        for (int g = 0; g < HD / 4; g++) {
          __m512i kv = _mm512_load_si512((const void *)(kp + g * np * 4 + t * 4));
          for (int qi = 0; qi < QB; qi++)
            acc[qi] = _mm512_dpbusd_epi32(acc[qi], _mm512_set1_epi32((int)qu[qi][g]), kv);
        }
        __m512i ks = _mm512_slli_epi32(_mm512_load_si512((const void *)(ksum + t)), 7);
        __m512 skv = _mm512_load_ps(sk + t);
        __mmask16 valid = t + 16 <= n ? 0xFFFF : (__mmask16)((1u << (n - t)) - 1);
        for (int qi = 0; qi < QB; qi++) {
          __m512 s = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_sub_epi32(acc[qi], ks)),
                                   _mm512_mul_ps(skv, _mm512_set1_ps(qs[qi])));
          s = _mm512_mask_blend_ps(valid, _mm512_set1_ps(-INFINITY), s);
          _mm512_store_ps(srow + qi * np + t, s);
          mx[qi] = _mm512_max_ps(mx[qi], s);
        }
      }
      float inv_sum[QB];
      for (int qi = 0; qi < QB; qi++) {
        __m512 m = _mm512_set1_ps(_mm512_reduce_max_ps(mx[qi]));
        __m512 sum = _mm512_setzero_ps();
        for (int t = 0; t < np; t += 16) {
          __m512 e = exp512(_mm512_sub_ps(_mm512_load_ps(srow + qi * np + t), m));
          sum = _mm512_add_ps(sum, e);
          // e * 255 = hi + lo / 256: P in 16 bits as two u8 planes (8 bits alone lose
          // long tails of small probabilities, e.g. in repetitive text)
          _mm512_store_ps(srow + qi * np + t, e);
        }
        inv_sum[qi] = 1.f / _mm512_reduce_add_ps(sum);
      }
      __m512 a0[QB], a1[QB];
      for (int qi = 0; qi < QB; qi++) { a0[qi] = _mm512_setzero_ps(); a1[qi] = _mm512_setzero_ps(); }
      for (int k = 0; k < n; k++) {
        const float *vr = qkv + (size_t)k * ld + 2 * H + h * HD;
        __m512 v0 = _mm512_loadu_ps(vr), v1 = _mm512_loadu_ps(vr + 16);
        for (int qi = 0; qi < QB; qi++) {
          __m512 p = _mm512_set1_ps(srow[qi * np + k]);
          a0[qi] = _mm512_fmadd_ps(p, v0, a0[qi]);
          a1[qi] = _mm512_fmadd_ps(p, v1, a1[qi]);
        }
      }
      for (int qi = 0; qi < nq; qi++) {
        float *o = out + (size_t)(i0 + qi) * H + h * HD;
        __m512 is = _mm512_set1_ps(inv_sum[qi]);
        _mm512_storeu_ps(o, _mm512_mul_ps(a0[qi], is));
        _mm512_storeu_ps(o + 16, _mm512_mul_ps(a1[qi], is));
      }
    }
  }
}

// Self-attention of windows packed back to back: qkv [sum(lengths), 3*H] fp32, out
// [sum(lengths), H]. Returns 0, or -1 when scratch memory cannot be had.
int notelens_attention_i8(const float *qkv, float *out, const int64_t *lengths, int n_windows,
                          int heads, float scale) {
  int64_t longest = 0;
  for (int w = 0; w < n_windows; w++) longest = lengths[w] > longest ? lengths[w] : longest;
  const size_t np = (size_t)((longest + 15) & ~15);
  int8_t *kp = aligned_alloc(64, np * HD);
  float *sk = aligned_alloc(64, np * sizeof(float));
  int32_t *ksum = aligned_alloc(64, np * sizeof(int32_t));
  float *srow = aligned_alloc(64, QB * np * sizeof(float));
  int rc = 0;
  if (!kp || !sk || !ksum || !srow) {
    rc = -1;
  } else {
    const size_t H = (size_t)heads * HD;
    size_t start = 0;
    for (int w = 0; w < n_windows; w++) {
      window(qkv + start * 3 * H, out + start * H, (int)lengths[w], heads, scale, kp, sk, ksum,
             srow);
      start += (size_t)lengths[w];
    }
  }
  free(kp); free(sk); free(ksum); free(srow);
  return rc;
}
