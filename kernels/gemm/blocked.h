// The blocked GEMM skeleton (Goto/BLIS): loops over column blocks (NC), reduction blocks (KC) and
// row blocks (MC) around a register-blocked MR×NR microkernel on packed panels.
//
// Panels: an R-wide panel (R = MR rows of op(A), or NR columns of op(B)) of a kc-long reduction is
// stored step by step: step s holds, for each r, KU consecutive reduction elements — element
// (r, k) at [(k / KU)·R·KU + r·KU + k % KU]. KU is 1 (f32), 2 (bf16 pairs) or 4 (int8 quads), the
// operand width of one FMA / vdpbf16ps / vpdpbusd. Panels are zero padded in r and k.
//
// Everything here is a template on the caller's ISA trait V, which lives in an anonymous
// namespace of an ISA-flagged file: each instantiation has internal linkage, so code compiled
// with AVX-512 flags can never be linked into a scalar caller.
#pragma once
#include <algorithm>
#include <cstdint>

namespace hotops::gemm {

// Loop nest over this thread's rows [m0, m1) of an m×n×k product; `job` packs and computes:
//   job.kc_step(), job.mc_step(), job.nc_step()     block sizes (multiples of KU, MR, NR)
//   job.pack_b(jc, nc, pc, kc)                       op(B)[pc.., jc..] into NR-wide panels
//   job.pack_a(ic, mc, pc, kc)                       op(A)[ic.., pc..] into MR-wide panels
//   job.tile(ic, ir, mr, jc, jr, nr, pc, kc)         C[ic+ir.., jc+jr..] from panels ir/MR, jr/NR
template <int MR, int NR, class Job>
void run_blocked(Job& job, int64_t m0, int64_t m1, int64_t n, int64_t k) {
  const int64_t KC = job.kc_step(), MC = job.mc_step(), NC = job.nc_step();
  for (int64_t jc = 0; jc < n; jc += NC) {
    const int64_t nc = std::min(NC, n - jc);
    for (int64_t pc = 0; pc < std::max<int64_t>(k, 1); pc += KC) {
      const int64_t kc = std::min(KC, k - pc);
      job.pack_b(jc, nc, pc, kc);
      for (int64_t ic = m0; ic < m1; ic += MC) {
        const int64_t mc = std::min(MC, m1 - ic);
        job.pack_a(ic, mc, pc, kc);
        for (int64_t jr = 0; jr < nc; jr += NR)
          for (int64_t ir = 0; ir < mc; ir += MR)
            job.tile(ic, ir, std::min<int64_t>(MR, mc - ir), jc, jr, std::min<int64_t>(NR, nc - jr), pc, kc);
      }
    }
  }
}

// Block sizes from cache capacities: the A block (mc×kc) in half of L2, the B block (kc×nc) in a
// quarter of L3, rounded to the tile. Sizes are the smallest of the machines we target (1 MiB L2
// per core, 16 MiB L3 shared); bigger caches lose little.
inline int64_t block_rows(int64_t kc_bytes, int64_t tile, int64_t max_rows) {
  const int64_t rows = std::clamp<int64_t>((512 << 10) / std::max<int64_t>(kc_bytes, 1), tile, max_rows);
  return rows / tile * tile;
}
inline int64_t block_cols(int64_t kc_bytes, int64_t tile) {
  const int64_t cols = std::clamp<int64_t>((4 << 20) / std::max<int64_t>(kc_bytes, 1), 2 * tile, 8192);
  return cols / tile * tile;
}

// Calls f(i, j) for every register of an MR×NV tile, fully unrolled: loops over accumulator arrays
// must be unrolled before GCC's scalar replacement, or the arrays stay in memory (spills).
template <int MR, int NV, class F>
[[gnu::always_inline]] inline void for_tile(F&& f) {
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
    for (int j = 0; j < NV; ++j) f(i, j);
}

// The microkernel: acc[i][j] (vector j of row i) accumulates `steps` packed reduction steps.
// V::load_a(p) reads row i's KU elements of one step (broadcast); V::load_b(p) one vector of B;
// V::step(acc, a, b) multiplies and adds them (FMA, vdpbf16ps, vpdpbusd, ...).
template <class V, int MR, int NV>
[[gnu::always_inline]] inline void micro(int64_t steps, const typename V::PA* a, const typename V::PB* b,
                                         typename V::Acc (&acc)[MR][NV]) {
  for (int64_t s = 0; s < steps; ++s) {
    typename V::B bv[NV];
#pragma GCC unroll 8
    for (int j = 0; j < NV; ++j) bv[j] = V::load_b(b + (s * NV + j) * V::kBStep);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const typename V::A av = V::load_a(a + (s * MR + i) * V::kAStep);
#pragma GCC unroll 8
      for (int j = 0; j < NV; ++j) V::step(acc[i][j], av, bv[j]);
    }
  }
}

// Packs one R-wide panel of `rn` ≤ R rows and `kc` reduction elements (zero padded to R and to a
// multiple of KU) from read(r, k), the element of the source view (already converted).
template <class T, int R, int KU, class Read>
void pack_panel_generic(T* dst, int64_t rn, int64_t kc, Read&& read) {
  const int64_t steps = (kc + KU - 1) / KU;
  for (int64_t s = 0; s < steps; ++s)
    for (int64_t r = 0; r < R; ++r)
      for (int u = 0; u < KU; ++u) {
        const int64_t k = s * KU + u;
        dst[(s * R + r) * KU + u] = (r < rn && k < kc) ? T(read(r, k)) : T(0);
      }
}

}  // namespace hotops::gemm
