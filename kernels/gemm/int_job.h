// Integer GEMM jobs for the blocked skeleton: exact s32 (no groups), ShiftQuant (power-of-two
// groups, int64 shift-combine) and float-scale groups (f32 FMA per group partial), plus the
// rearranged baseline. Included by the int_<isa>.cpp files, each with its trait V:
//   PA = int8_t, PB = uint8_t; Acc (int32 lanes), A, B; KU = kAStep = 4, kBStep, kLanes;
//   kOffsetB: added to B's codes when packed (128 when the dot is u8·s8, vpdpbusd), so that
//             Σ a·(b + 128) − 128·Σ a = Σ a·b; 0 when the dot handles signs itself;
//   load_a, load_b, step, set1, store (int32);
//   shift_add(acc, p, a_shift, b_shifts): acc + (p << (a_shift + b_shifts)) in int32 lanes;
//   widen_add(int64* t, acc): t += acc widened; widen_shift_add(int64* t, p, a_shift, b_shifts): t += p << …
//   in int64 (the lanes of one vector: t[0 .. kLanes));
//   AccF (f32 lanes), fma_add(AccF&, Acc p, float a_scale, const float* b_scales); load/store.
#pragma once
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "gemm/blocked.h"
#include "gemm/impl.h"

namespace hotops::gemm {

enum class IntMode { plain, shift, fma };

// n int4 codes from element `start` of a packed array (low nibble first) to int8.
template <class V>
void decode_int4(const uint8_t* bytes, int64_t start, int64_t n, int8_t* out) {
  int64_t i = 0;
  if (start & 1 && n > 0) out[i++] = int8_t(bytes[start >> 1]) >> 4;
  const uint8_t* b = bytes + ((start + i) >> 1);
  const int64_t pairs = (n - i) / 2;
  for (int64_t p = 0; p < pairs; ++p) {
    out[i + 2 * p] = int8_t(uint8_t(b[p] << 4)) >> 4;
    out[i + 2 * p + 1] = int8_t(b[p]) >> 4;
  }
  if ((n - i) & 1) out[n - 1] = int8_t(uint8_t(b[pairs] << 4)) >> 4;
}

template <class V, int MR, int NV, IntMode Mode>
class IntJob {
 public:
  static constexpr int NR = NV * V::kLanes;
  static constexpr int64_t kKC = impl::kIntKC;

  explicit IntJob(const impl::IntCall& c) : c_(c), group_(Mode == IntMode::plain ? kKC : c.group) {}

  int64_t kc_step() const { return kKC; }
  int64_t mc_step() const { return block_rows(std::min(c_.d.k, kKC), MR, 1024); }
  int64_t nc_step() const { return block_cols(std::min(c_.d.k, kKC), NR); }

  void pack_b(int64_t jc, int64_t nc, int64_t pc, int64_t kc) {
    const int64_t kp = padded(kc), ng = groups(kc);
    bp_ = impl::scratch_as<uint8_t>(0, size_t(round_up(nc, NR) * kp));
    if constexpr (Mode == IntMode::shift) {
      bsh_ = impl::scratch_as<int32_t>(2, size_t(round_up(nc, NR) * ng));
      bmax_ = impl::scratch_as<int32_t>(12, size_t(round_up(nc, NR) / NR * ng));
    }
    if constexpr (Mode == IntMode::fma) bsc_ = impl::scratch_as<float>(2, size_t(round_up(nc, NR) * ng));
    for (int64_t jr = 0; jr < nc; jr += NR) {
      const int64_t rn = std::min<int64_t>(NR, nc - jr), j0 = jc + jr;
      pack<NR, true>(bp_ + jr * kp, c_.b, j0, rn, pc, kc, uint8_t(V::kOffsetB));
      for (int64_t g = 0; g < ng; ++g)
        for (int64_t j = 0; j < NR; ++j) {
          const int64_t gg = pc / group_ + g, jj = std::min(j0 + j, c_.d.n - 1);  // pad with a real column
          if constexpr (Mode == IntMode::shift)
            bsh_[(jr / NR * ng + g) * NR + j] = c_.eb.data[jj * c_.eb.rs + gg * c_.eb.gs] - c_.bmin[jj];
          if constexpr (Mode == IntMode::fma) bsc_[(jr / NR * ng + g) * NR + j] = c_.fb.data[jj * c_.fb.rs + gg * c_.fb.gs];
        }
      if constexpr (Mode == IntMode::shift)  // the panel's largest shift per group
        for (int64_t g = 0; g < ng; ++g) {
          const int32_t* sh = bsh_ + (jr / NR * ng + g) * NR;
          bmax_[jr / NR * ng + g] = *std::max_element(sh, sh + NR);
        }
    }
  }

  void pack_a(int64_t ic, int64_t mc, int64_t pc, int64_t kc) {
    const int64_t kp = padded(kc), ng = groups(kc);
    ap_ = impl::scratch_as<int8_t>(1, size_t(round_up(mc, MR) * kp));
    corr_ = impl::scratch_as<int32_t>(3, size_t(round_up(mc, MR) * ng));
    if constexpr (Mode == IntMode::shift) {
      ash_ = impl::scratch_as<int32_t>(4, size_t(round_up(mc, MR) * ng));
      amax_ = impl::scratch_as<int32_t>(13, size_t(round_up(mc, MR) / MR * ng));
    }
    if constexpr (Mode == IntMode::fma) asc_ = impl::scratch_as<float>(4, size_t(round_up(mc, MR) * ng));
    for (int64_t ir = 0; ir < mc; ir += MR) {
      const int64_t rn = std::min<int64_t>(MR, mc - ir), i0 = ic + ir, panel = ir / MR;
      int8_t* dst = ap_ + ir * kp;
      pack<MR, false>(dst, c_.a, i0, rn, pc, kc, 0);
      for (int64_t g = 0; g < ng; ++g) {
        const int64_t s0 = g * (group_ / 4), s1 = std::min(kp / 4, (g + 1) * (group_ / 4));
        int32_t sums[MR * 4] = {};  // per (row, byte of the quad): a contiguous, vectorizable sum
        if (V::kOffsetB)
          for (int64_t s = s0; s < s1; ++s)
            for (int i = 0; i < MR * 4; ++i) sums[i] += dst[s * MR * 4 + i];
        for (int64_t r = 0; r < MR; ++r) {
          const int32_t sum = sums[4 * r] + sums[4 * r + 1] + sums[4 * r + 2] + sums[4 * r + 3];
          corr_[(panel * ng + g) * MR + r] = -int32_t(V::kOffsetB) * sum;
          const int64_t gg = pc / group_ + g, ii = std::min(i0 + r, c_.d.m - 1);
          if constexpr (Mode == IntMode::shift)
            ash_[(panel * ng + g) * MR + r] = c_.ea.data[ii * c_.ea.rs + gg * c_.ea.gs] - c_.amin[ii];
          if constexpr (Mode == IntMode::fma) asc_[(panel * ng + g) * MR + r] = c_.fa.data[ii * c_.fa.rs + gg * c_.fa.gs];
        }
        if constexpr (Mode == IntMode::shift) {
          const int32_t* sh = ash_ + (panel * ng + g) * MR;
          amax_[panel * ng + g] = *std::max_element(sh, sh + MR);
        }
      }
    }
  }

  void tile(int64_t ic, int64_t ir, int64_t mr, int64_t jc, int64_t jr, int64_t nr, int64_t pc, int64_t kc) {
    const int64_t kp = padded(kc), ng = groups(kc), i0 = ic + ir, j0 = jc + jr;
    const int8_t* a = ap_ + ir * kp;
    const uint8_t* b = bp_ + jr * kp;
    const int32_t* corr = corr_ + (ir / MR) * ng * MR;
    if constexpr (Mode == IntMode::plain) {
      alignas(64) int32_t t[MR * NR];
      plain_tile(kp / 4, a, b, corr, t);
      store_plain(t, i0, mr, j0, nr, pc > 0);
    } else if constexpr (Mode == IntMode::shift) {
      alignas(64) int64_t t[MR * NR];
      shift_tile(kp / 4, group_ / 4, a, b, corr, ash_ + (ir / MR) * ng * MR, bsh_ + (jr / NR) * ng * NR,
                 amax_ + (ir / MR) * ng, bmax_ + (jr / NR) * ng, int32_limit(), t);
      store_shift(t, i0, mr, j0, nr, pc > 0);
    } else {
      alignas(64) float t[MR * NR] = {};
      float* c = static_cast<float*>(c_.c) + i0 * c_.ldc + j0;
      if (pc > 0)  // continue the sum in C, in group order (as the rearranged baseline does)
        for (int64_t i = 0; i < mr; ++i)
          for (int64_t j = 0; j < nr; ++j) t[i * NR + j] = c[i * c_.ldc + j];
      fma_tile(kp / 4, group_ / 4, a, b, corr, asc_ + (ir / MR) * ng * MR, bsc_ + (jr / NR) * ng * NR, t);
      for (int64_t i = 0; i < mr; ++i)
        for (int64_t j = 0; j < nr; ++j) c[i * c_.ldc + j] = t[i * NR + j];
    }
  }

 private:
  // The microkernels, each its own function: inlined into tile() GCC spills the accumulators.
  // plain: t = corr + Σ over `steps` packed steps.
  [[gnu::noinline]] static void plain_tile(int64_t steps, const int8_t* a, const uint8_t* b, const int32_t* corr,
                                           int32_t* t) {
    typename V::Acc acc[MR][NV];
    for_tile<MR, NV>([&](int i, int j) { acc[i][j] = V::set1(corr[i]); });
    micro<V, MR, NV>(steps, a, b, acc);
    for_tile<MR, NV>([&](int i, int j) { V::store(t + i * NR + j * V::kLanes, acc[i][j]); });
  }

  // How a group's int32 partials P[i][j] join the tile's sums (a, b: the group's row / column factors).
  struct Shift32 {  // t32 += P << (a + b), int32
    const int32_t *a, *b;
    int32_t* t32;
    void operator()(typename V::Acc p, int i, int j) const {
      V::store(t32 + at(i, j), V::shift_add(V::load(t32 + at(i, j)), p, a[i], b + j * V::kLanes));
    }
  };
  struct Shift64 {  // t += P << (a + b), int64
    const int32_t *a, *b;
    int64_t* t;
    void operator()(typename V::Acc p, int i, int j) const { V::widen_shift_add(t + at(i, j), p, a[i], b + j * V::kLanes); }
  };
  struct Fma {  // t = fma(a·b, float(P), t)
    const float *a, *b;
    float* t;
    void operator()(typename V::Acc p, int i, int j) const {
      typename V::AccF acc = V::loadf(t + at(i, j));
      V::fma_add(acc, p, a[i], b + j * V::kLanes);
      V::storef(t + at(i, j), acc);
    }
  };
  static int64_t at(int i, int j) { return i * NR + j * V::kLanes; }

  // Group g of a panel pair: its int32 partials (from the correction) over the group's steps, then
  // `combine` once per register. Its own function, compiled without tree-PRE: with the group loop
  // around the microkernel, or with PRE, GCC 12 copies the accumulators between registers every step.
  template <class Combine>
  [[gnu::noinline, gnu::optimize("no-tree-pre")]] static void group(int64_t g, int64_t steps, int64_t gsteps,
                                                                    const int8_t* a, const uint8_t* b,
                                                                    const int32_t* corr, const Combine& combine) {
    typename V::Acc acc[MR][NV];
    for_tile<MR, NV>([&](int i, int j) { acc[i][j] = V::set1(corr[g * MR + i]); });
    const int64_t s0 = g * gsteps;
    micro<V, MR, NV>(std::min(steps, s0 + gsteps) - s0, a + s0 * MR * 4, b + s0 * NR * 4, acc);
    for_tile<MR, NV>([&](int i, int j) { combine(acc[i][j], i, j); });
  }

  // shift: t = Σ_g P_g << (ash + bsh), exactly. Groups are shift-added in int32 (3 vector ops per
  // partial, as many as the FMA path) while the sum provably fits: each adds at most
  // |P_g|·2^shift ≤ group·127²·2^(largest shift in the tile), counted in `budget` units of
  // group·127²; past `limit` units the int32 sums are widened into the int64 tile first, and a group
  // too large for int32 on its own goes to int64 directly. The sums stay in L1 (t32, t).
  static void shift_tile(int64_t steps, int64_t gsteps, const int8_t* a, const uint8_t* b, const int32_t* corr,
                         const int32_t* ash, const int32_t* bsh, const int32_t* amax, const int32_t* bmax, int64_t limit,
                         int64_t* t) {
    alignas(64) int32_t t32[MR * NR];
    auto flush = [&] {
      for_tile<MR, NV>([&](int i, int j) { V::widen_add(t + at(i, j), V::load(t32 + at(i, j))); });
      std::fill(t32, t32 + MR * NR, 0);
    };
    std::fill(t, t + MR * NR, int64_t(0));
    std::fill(t32, t32 + MR * NR, 0);
    const int64_t ng = (steps + gsteps - 1) / gsteps;
    int64_t budget = 0;
    for (int64_t g = 0; g < ng; ++g) {
      const int64_t units = int64_t(1) << (amax[g] + bmax[g]);
      if (units > limit) {
        group(g, steps, gsteps, a, b, corr, Shift64{ash + g * MR, bsh + g * NR, t});
        continue;
      }
      if (budget + units > limit) flush(), budget = 0;
      group(g, steps, gsteps, a, b, corr, Shift32{ash + g * MR, bsh + g * NR, t32});
      budget += units;
    }
    if (budget) flush();
  }

  // fma: t = fma(asc·bsc, float(P_g), t) per group, t holding the running sum on entry.
  static void fma_tile(int64_t steps, int64_t gsteps, const int8_t* a, const uint8_t* b, const int32_t* corr,
                       const float* asc, const float* bsc, float* t) {
    const int64_t ng = (steps + gsteps - 1) / gsteps;
    for (int64_t g = 0; g < ng; ++g) group(g, steps, gsteps, a, b, corr, Fma{asc + g * MR, bsc + g * NR, t});
  }

  // The int32 budget of shift_tile: |Σ| ≤ group·127²·budget ≤ 2^31 − 1.
  int64_t int32_limit() const { return 2147483647 / (group_ * 127 * 127); }

  static int64_t round_up(int64_t x, int64_t m) { return (x + m - 1) / m * m; }
  static int64_t padded(int64_t kc) { return round_up(std::max<int64_t>(kc, 1), 4); }
  int64_t groups(int64_t kc) const { return std::max<int64_t>(1, (kc + group_ - 1) / group_); }

  // An exact tile (s32 or int64) into C, added to C's earlier reduction blocks when `load`.
  template <class T>
  void store_exact(const T* t, int64_t i0, int64_t mr, int64_t j0, int64_t nr, bool load) {
    T* __restrict c = static_cast<T*>(c_.c) + i0 * c_.ldc + j0;
    for (int64_t i = 0; i < mr; ++i)
      for (int64_t j = 0; j < nr; ++j) c[i * c_.ldc + j] = load ? c[i * c_.ldc + j] + t[i * NR + j] : t[i * NR + j];
  }

  void store_plain(const int32_t* t, int64_t i0, int64_t mr, int64_t j0, int64_t nr, bool load) {
    if (c_.out == impl::IntOut::s32) return store_exact(t, i0, mr, j0, nr, load);
    float* __restrict c = static_cast<float*>(c_.c) + i0 * c_.ldc + j0;  // s32_scaled: k ≤ kKC, one block
    const float* __restrict sb = c_.sb + j0;
    for (int64_t i = 0; i < mr; ++i) {
      const float sa = c_.sa[i0 + i];
      for (int64_t j = 0; j < nr; ++j) c[i * c_.ldc + j] = (sa * sb[j]) * float(t[i * NR + j]);
    }
  }

  void store_shift(const int64_t* t, int64_t i0, int64_t mr, int64_t j0, int64_t nr, bool load) {
    if (c_.out == impl::IntOut::shift_s64) return store_exact(t, i0, mr, j0, nr, load);
    float* __restrict c = static_cast<float*>(c_.c) + i0 * c_.ldc + j0;  // shift_f32: k ≤ kKC, one block
    alignas(64) float sb[NR];
    for (int64_t j = 0; j < nr; ++j) sb[j] = pow2(c_.bmin[j0 + j]);
    for (int64_t i = 0; i < mr; ++i) {
      const float sa = pow2(c_.amin[i0 + i]);
      for (int64_t j = 0; j < nr; ++j) c[i * c_.ldc + j] = (float(t[i * NR + j]) * sa) * sb[j];
    }
  }
  static float pow2(int e) {  // 2^e for e in [-126, 127]: exact, a normal float
    const uint32_t bits = uint32_t(e + 127) << 23;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }

  // One R-wide panel: rows r0.. (rn of them) of the view of `x` (B when IsB), reduction [k0, k0+kc),
  // as quads; `offset` is added to every code (wrapping, as u8) — padding holds the offset too.
  template <int R, bool IsB>
  void pack(void* dst8, const IntMat& x, int64_t r0, int64_t rn, int64_t k0, int64_t kc, uint8_t offset) const {
    uint8_t* dst = static_cast<uint8_t*>(dst8);
    const int64_t steps = padded(kc) / 4;
    const bool r_major = IsB ? x.trans : !x.trans;  // the reduction is contiguous in memory
    if (x.int4) {  // decode the panel's codes to int8 (as stored), then pack those
      const uint8_t* bytes = static_cast<const uint8_t*>(x.data);
      int8_t* tmp = impl::scratch_as<int8_t>(11, size_t(R * std::max<int64_t>(kc, 1)));
      if (r_major) {
        for (int64_t r = 0; r < rn; ++r) decode_int4<V>(bytes, (r0 + r) * x.ld + k0, kc, tmp + r * kc);
        return pack<R, IsB>(dst8, {tmp, std::max<int64_t>(kc, 1), IsB, false}, 0, rn, 0, kc, offset);
      }
      for (int64_t k = 0; k < kc; ++k) decode_int4<V>(bytes, (k0 + k) * x.ld + r0, rn, tmp + k * R);
      return pack<R, IsB>(dst8, {tmp, R, !IsB, false}, 0, rn, 0, kc, offset);
    }
    if (!x.int4 && !r_major) {  // R contiguous codes per reduction index: interleave 4 rows of them
      alignas(16) static constexpr int8_t kZeros[64] = {};
      const int8_t* src = static_cast<const int8_t*>(x.data) + k0 * x.ld + r0;
      const __m128i off = _mm_set1_epi8(char(offset));
      for (int64_t s = 0; s < steps; ++s) {
        const int8_t* row[4];
        for (int u = 0; u < 4; ++u) row[u] = 4 * s + u < kc ? src + (4 * s + u) * x.ld : kZeros;
        int64_t r = 0;
        for (; r + 16 <= rn; r += 16) {
          __m128i q[4];
          for (int u = 0; u < 4; ++u) q[u] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row[u] + r));
          const __m128i t0 = _mm_unpacklo_epi8(q[0], q[1]), t1 = _mm_unpackhi_epi8(q[0], q[1]);
          const __m128i t2 = _mm_unpacklo_epi8(q[2], q[3]), t3 = _mm_unpackhi_epi8(q[2], q[3]);
          __m128i* d = reinterpret_cast<__m128i*>(dst + (s * R + r) * 4);
          _mm_storeu_si128(d + 0, _mm_xor_si128(_mm_unpacklo_epi16(t0, t2), off));
          _mm_storeu_si128(d + 1, _mm_xor_si128(_mm_unpackhi_epi16(t0, t2), off));
          _mm_storeu_si128(d + 2, _mm_xor_si128(_mm_unpacklo_epi16(t1, t3), off));
          _mm_storeu_si128(d + 3, _mm_xor_si128(_mm_unpackhi_epi16(t1, t3), off));
        }
        for (; r < R; ++r)
          for (int u = 0; u < 4; ++u) dst[(s * R + r) * 4 + u] = uint8_t(r < rn ? row[u][r] : 0) ^ offset;
      }
      return;
    }
    if (!x.int4) {  // each row's reduction run is contiguous: copy quads
      const int8_t* src = static_cast<const int8_t*>(x.data) + r0 * x.ld + k0;
      const uint32_t off4 = offset * 0x01010101u;
      int64_t full = 0;  // steps done 4 at a time: 4 rows × 4 quads transposed in registers
      if (R % 4 == 0 && rn == R) {
        const __m128i off = _mm_set1_epi8(char(offset));
        for (; 4 * (full + 4) <= kc; full += 4)
          for (int64_t r = 0; r < R; r += 4) {
            __m128i q[4];
            for (int i = 0; i < 4; ++i)
              q[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + (r + i) * x.ld + 4 * full));
            const __m128i t0 = _mm_unpacklo_epi32(q[0], q[1]), t1 = _mm_unpackhi_epi32(q[0], q[1]);
            const __m128i t2 = _mm_unpacklo_epi32(q[2], q[3]), t3 = _mm_unpackhi_epi32(q[2], q[3]);
            const __m128i out[4] = {_mm_unpacklo_epi64(t0, t2), _mm_unpackhi_epi64(t0, t2), _mm_unpacklo_epi64(t1, t3),
                                    _mm_unpackhi_epi64(t1, t3)};
            for (int i = 0; i < 4; ++i)
              _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + ((full + i) * R + r) * 4), _mm_xor_si128(out[i], off));
          }
      }
      for (int64_t r = 0; r < R; ++r) {
        const int8_t* row = src + r * x.ld;
        for (int64_t s = full; s < steps; ++s) {
          uint32_t q = 0;
          if (r < rn && 4 * s + 4 <= kc) {
            std::memcpy(&q, row + 4 * s, 4);
          } else if (r < rn) {
            for (int64_t u = 0; u < 4 && 4 * s + u < kc; ++u) q |= uint32_t(uint8_t(row[4 * s + u])) << (8 * u);
          }
          q ^= off4;
          std::memcpy(dst + (s * R + r) * 4, &q, 4);
        }
      }
      return;
    }
  }

  const impl::IntCall& c_;
  int64_t group_;
  uint8_t* bp_ = nullptr;
  int8_t* ap_ = nullptr;
  int32_t* corr_ = nullptr;
  int32_t* ash_ = nullptr;  // shift: per (panel, group, row / column), and the panel's largest per group
  int32_t* bsh_ = nullptr;
  int32_t* amax_ = nullptr;
  int32_t* bmax_ = nullptr;
  float* asc_ = nullptr;
  float* bsc_ = nullptr;
};

// The whole call on this thread's rows.
template <class V, int MR, int NV, IntMode Mode>
void run_int(const impl::IntCall& c) {
  IntJob<V, MR, NV, Mode> job(c);
  run_blocked<MR, NV * V::kLanes>(job, c.m0, c.m1, c.d.n, c.d.k);
}

// An ISA's integer entry point: the plain product on PlainMR×NV tiles, the grouped ones on GroupMR×NV.
template <class V, int PlainMR, int GroupMR, int NV>
void run_int_call(const impl::IntCall& c) {
  switch (c.out) {
    case impl::IntOut::s32:
    case impl::IntOut::s32_scaled: return run_int<V, PlainMR, NV, IntMode::plain>(c);
    case impl::IntOut::shift_s64:
    case impl::IntOut::shift_f32: return run_int<V, GroupMR, NV, IntMode::shift>(c);
    case impl::IntOut::fma_f32: return run_int<V, GroupMR, NV, IntMode::fma>(c);
  }
}

// dst[c][r] = src[r][c] for an r×c block.
template <class V>
void transpose_s8(const int8_t* src, int64_t lds, int8_t* dst, int64_t ldd, int64_t rows, int64_t cols) {
  constexpr int64_t T = 32;
  for (int64_t r0 = 0; r0 < rows; r0 += T)
    for (int64_t c0 = 0; c0 < cols; c0 += T)
      for (int64_t c = c0; c < std::min(cols, c0 + T); ++c)
        for (int64_t r = r0; r < std::min(rows, r0 + T); ++r) dst[c * ldd + r] = src[r * lds + c];
}

// An int8 view of a stored rows×cols operand: itself, or its int4 codes decoded into scratch `slot`.
template <class V>
IntMat int8_view(const IntMat& x, int64_t rows, int64_t cols, int slot) {
  if (!x.int4) return x;
  int8_t* out = impl::scratch_as<int8_t>(slot, size_t(std::max<int64_t>(rows * cols, 1)));
  for (int64_t r = 0; r < rows; ++r) decode_int4<V>(static_cast<const uint8_t*>(x.data), r * x.ld, cols, out + r * cols);
  return {out, cols, x.trans, false};
}

// Float-scale groups by rearrangement: this thread's rows of op(A) and all of op(B) copied
// group-major ([g][row][k in group] and [g][k in group][col]), one exact s32 GEMM per group
// (the plain job) into an M×N buffer, then c = fma(sa·sb, P_g, c) over the whole tile per group.
template <class V, int MR, int NV>
void run_rearranged(const impl::IntCall& c) {
  const int64_t m = c.m1 - c.m0, n = c.d.n, k = c.d.k, gs = c.group, ng = (k + gs - 1) / gs;
  int8_t* ag = impl::scratch_as<int8_t>(5, size_t(std::max<int64_t>(m * ng * gs, 1)));
  int8_t* bg = impl::scratch_as<int8_t>(6, size_t(std::max<int64_t>(ng * gs * n, 1)));
  int32_t* p = impl::scratch_as<int32_t>(7, size_t(std::max<int64_t>(m * n, 1)));
  // int4 operands are first decoded to int8 as stored: the copies below then treat both alike.
  const IntMat a = int8_view<V>(c.a, c.a.trans ? k : c.d.m, c.a.trans ? c.d.m : k, 12);
  const IntMat b = int8_view<V>(c.b, c.b.trans ? n : k, c.b.trans ? k : n, 13);
  const int8_t* a8 = static_cast<const int8_t*>(a.data);
  const int8_t* b8 = static_cast<const int8_t*>(b.data);
  for (int64_t g = 0; g < ng; ++g) {
    const int64_t kg = std::min(gs, k - g * gs);
    if (a.trans) {  // the group's block, transposed in cache-sized tiles
      transpose_s8<V>(a8 + g * gs * a.ld + c.m0, a.ld, ag + g * m * gs, gs, kg, m);
    } else {
      for (int64_t i = 0; i < m; ++i) std::memcpy(ag + (g * m + i) * gs, a8 + (c.m0 + i) * a.ld + g * gs, size_t(kg));
    }
    if (b.trans) {
      transpose_s8<V>(b8 + g * gs, b.ld, bg + g * gs * n, n, n, kg);
    } else {
      for (int64_t kk = 0; kk < kg; ++kk) std::memcpy(bg + (g * gs + kk) * n, b8 + (g * gs + kk) * b.ld, size_t(n));
    }
  }
  float* out = static_cast<float*>(c.c) + c.m0 * c.ldc;
  for (int64_t i = 0; i < m; ++i) std::fill(out + i * c.ldc, out + i * c.ldc + n, 0.0f);
  for (int64_t g = 0; g < ng; ++g) {
    impl::IntCall sub = c;
    sub.d = {m, n, std::min(gs, k - g * gs)};
    sub.m0 = 0, sub.m1 = m, sub.out = impl::IntOut::s32, sub.group = sub.d.k;
    sub.a = {ag + g * m * gs, gs, false, false};
    sub.b = {bg + g * gs * n, n, false, false};
    sub.c = p, sub.ldc = n;
    run_int<V, MR, NV, IntMode::plain>(sub);
    for (int64_t i = 0; i < m; ++i) {
      const float sa = c.fa.data[(c.m0 + i) * c.fa.rs + g * c.fa.gs];
      for (int64_t j = 0; j < n; ++j)
        out[i * c.ldc + j] = std::fma(sa * c.fb.data[j * c.fb.rs + g * c.fb.gs], float(p[i * n + j]), out[i * c.ldc + j]);
    }
  }
}

}  // namespace hotops::gemm
