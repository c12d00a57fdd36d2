// The two register-blocked tile products every attention kernel is built from, on any vector
// trait V (vec_scalar.h):
//
//   score_tile   St[j][i] = post·Σ_k A[j][k]·Bt[k][i] + init     (i: kR·W lanes of one query block)
//                A: natural rows (keys, or V rows for dP = dO·Vᵀ), broadcast one element at a time;
//                Bt: a packed, transposed block (queries' features × kR·W queries). The result has
//                the queries in vector lanes, so row statistics (max, sum) over keys are
//                vertical — no horizontal reductions anywhere in the online softmax.
//   row_tile     C[r][:] = alpha[r]·C[r][:] + Σ_t A(r, t)·B[t][:]   (C: padded rows, width a multiple of W)
//                A(r, t) = a[r·ars + t·ats] broadcast (P in either orientation, φ(K)ᵀ, ...);
//                B: natural, padded rows (V, dO, K, Q, a state). alpha = null: no rescale;
//                accumulate = false: C is overwritten.
//
// Both keep kMj × kR (resp. kMr × kNc) vector accumulators in registers across the reduction.
// The products are a policy M: F32 (fmadd), or bf16 pairs summed in f32 (vdpbf16ps, flash_bf16.h):
// M::kStep elements of A and B per reduction step, A broadcast as one M::bcast of kStep elements.
#pragma once
#include <cstdint>

namespace hotops::attention {
namespace {

template <class V>
struct F32 {
  using elem = float;
  using vecb = typename V::vec;
  static constexpr int kStep = 1;
  static vecb load(const float* p) { return V::load(p); }
  static vecb bcast(const float* p) { return V::set1(*p); }
  static typename V::vec madd(typename V::vec acc, vecb a, vecb b) { return V::fmadd(a, b, acc); }
};

// One reduction step of a register block: acc[i][j] += a(i)·b(j) with I broadcasts against J loads.
template <class V, class M, int I, int J, class A, class B>
inline void rank_update(typename V::vec (&acc)[I][J], A&& a, B&& b) {
  typename M::vecb bv[J];
#pragma GCC unroll 8
  for (int j = 0; j < J; ++j) bv[j] = b(j);
#pragma GCC unroll 8
  for (int i = 0; i < I; ++i) {
    const typename M::vecb x = a(i);
#pragma GCC unroll 8
    for (int j = 0; j < J; ++j) acc[i][j] = M::madd(acc[i][j], x, bv[j]);
  }
}

template <class V, class M, int MJ>
inline void score_block(int64_t nk, const typename M::elem* a, int64_t lda, const typename M::elem* bt,
                        typename V::vec post, typename V::vec init, float* ct) {
  constexpr int R = V::kR, B = V::kR * V::W, S = M::kStep;
  typename V::vec acc[MJ][R];
#pragma GCC unroll 8
  for (int j = 0; j < MJ; ++j)
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) acc[j][r] = V::zero();
  for (int64_t k = 0; k < nk; ++k)
    rank_update<V, M>(acc, [&](int j) { return M::bcast(a + j * lda + k * S); },
                      [&](int r) { return M::load(bt + (k * B + r * V::W) * S); });
#pragma GCC unroll 8
  for (int j = 0; j < MJ; ++j)
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) V::store(ct + j * B + r * V::W, V::fmadd(acc[j][r], post, init));
}

// St[j][·] for keys j in [0, nj): rows of A (stride lda elements, nk reduction steps) against
// Bt ([nk][kR·W][kStep]).
template <class V, class M = F32<V>>
inline void score_tile(int64_t nj, int64_t nk, const typename M::elem* a, int64_t lda, const typename M::elem* bt,
                       float post, float init, float* ct) {
  constexpr int MJ = V::kMj, B = V::kR * V::W;
  const typename V::vec p = V::set1(post), c = V::set1(init);
  int64_t j = 0;
  for (; j + MJ <= nj; j += MJ) score_block<V, M, MJ>(nk, a + j * lda, lda, bt, p, c, ct + j * B);
  const typename M::elem* aj = a + j * lda;
  float* cj = ct + j * B;
  switch (nj - j) {  // the last keys of a block: fewer accumulators
    case 5: if constexpr (MJ > 5) score_block<V, M, 5>(nk, aj, lda, bt, p, c, cj); break;
    case 4: if constexpr (MJ > 4) score_block<V, M, 4>(nk, aj, lda, bt, p, c, cj); break;
    case 3: if constexpr (MJ > 3) score_block<V, M, 3>(nk, aj, lda, bt, p, c, cj); break;
    case 2: if constexpr (MJ > 2) score_block<V, M, 2>(nk, aj, lda, bt, p, c, cj); break;
    case 1: score_block<V, M, 1>(nk, aj, lda, bt, p, c, cj); break;
    default: break;
  }
}

template <class V, class M, int MR, int NC>
inline void row_block(int64_t nt, const typename M::elem* a, int64_t ars, int64_t ats, const typename M::elem* b,
                      int64_t ldb, float* c, int64_t ldc, const float* alpha, bool accumulate) {
  constexpr int S = M::kStep;
  typename V::vec acc[MR][NC];
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r) {
    const typename V::vec s = alpha ? V::set1(alpha[r]) : V::set1(1.0f);
#pragma GCC unroll 4
    for (int n = 0; n < NC; ++n)
      acc[r][n] = accumulate ? V::mul(V::load(c + r * ldc + n * V::W), s) : V::zero();
  }
  for (int64_t t = 0; t < nt; ++t)
    rank_update<V, M>(acc, [&](int r) { return M::bcast(a + (r * ars + t * ats) * S); },
                      [&](int n) { return M::load(b + (t * ldb + n * V::W) * S); });
#pragma GCC unroll 8
  for (int r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (int n = 0; n < NC; ++n) V::store(c + r * ldc + n * V::W, acc[r][n]);
}

// Rows [0, MR) of C, columns in chunks of kNc vectors (width: a multiple of W). Offsets into A and
// B count reduction steps (kStep elements each).
template <class V, class M, int MR>
inline void row_strip(int64_t nt, const typename M::elem* a, int64_t ars, int64_t ats, const typename M::elem* b,
                      int64_t ldb, float* c, int64_t ldc, int64_t width, const float* alpha, bool accumulate) {
  constexpr int S = M::kStep;
  constexpr int NC = V::kNc, W = V::W;
  int64_t col = 0;
  for (; col + NC * W <= width; col += NC * W)
    row_block<V, M, MR, NC>(nt, a, ars, ats, b + col * S, ldb, c + col, ldc, alpha, accumulate);
  switch ((width - col) / W) {
    case 3: if constexpr (NC > 3) row_block<V, M, MR, 3>(nt, a, ars, ats, b + col * S, ldb, c + col, ldc, alpha, accumulate); break;
    case 2: if constexpr (NC > 2) row_block<V, M, MR, 2>(nt, a, ars, ats, b + col * S, ldb, c + col, ldc, alpha, accumulate); break;
    case 1: row_block<V, M, MR, 1>(nt, a, ars, ats, b + col * S, ldb, c + col, ldc, alpha, accumulate); break;
    default: break;
  }
}

template <class V, class M = F32<V>>
inline void row_tile(int64_t nr, int64_t nt, const typename M::elem* a, int64_t ars, int64_t ats,
                     const typename M::elem* b, int64_t ldb, float* c, int64_t ldc, int64_t width, const float* alpha,
                     bool accumulate) {
  constexpr int MR = V::kMr, S = M::kStep;
  int64_t r = 0;
  auto at = [&](int64_t row) { return alpha ? alpha + row : nullptr; };
  for (; r + MR <= nr; r += MR)
    row_strip<V, M, MR>(nt, a + r * ars * S, ars, ats, b, ldb, c + r * ldc, ldc, width, at(r), accumulate);
  const typename M::elem* ar = a + r * ars * S;
  float* cr = c + r * ldc;
  switch (nr - r) {
    case 7: if constexpr (MR > 7) row_strip<V, M, 7>(nt, ar, ars, ats, b, ldb, cr, ldc, width, at(r), accumulate); break;
    case 6: if constexpr (MR > 6) row_strip<V, M, 6>(nt, ar, ars, ats, b, ldb, cr, ldc, width, at(r), accumulate); break;
    case 5: if constexpr (MR > 5) row_strip<V, M, 5>(nt, ar, ars, ats, b, ldb, cr, ldc, width, at(r), accumulate); break;
    case 4: if constexpr (MR > 4) row_strip<V, M, 4>(nt, ar, ars, ats, b, ldb, cr, ldc, width, at(r), accumulate); break;
    case 3: if constexpr (MR > 3) row_strip<V, M, 3>(nt, ar, ars, ats, b, ldb, cr, ldc, width, at(r), accumulate); break;
    case 2: if constexpr (MR > 2) row_strip<V, M, 2>(nt, ar, ars, ats, b, ldb, cr, ldc, width, at(r), accumulate); break;
    case 1: row_strip<V, M, 1>(nt, ar, ars, ats, b, ldb, cr, ldc, width, at(r), accumulate); break;
    default: break;
  }
}

}  // namespace
}  // namespace hotops::attention
