// Floating-point GEMM job for the blocked skeleton: f32, fp16 storage (converted to f32 while
// packing) and bf16 pairs (vdpbf16ps), f32 accumulation. Included by the float_<isa>.cpp files,
// each with its own trait V (F32On<simd trait> below for f32):
//   using Src (stored element), PA = PB (packed element), Acc, A, B (register types);
//   KU, kAStep, kBStep, kLanes; load_a, load_b, step, zero, store (aligned), loadu, storeu;
//   convert_run(const Src*, n, P*): n contiguous source elements to packed form.
#pragma once
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "gemm/blocked.h"
#include "gemm/impl.h"

namespace hotops::gemm {

template <class V, int MR, int NV>
class FloatJob {
 public:
  using Src = typename V::Src;
  using P = typename V::PA;
  static constexpr int NR = NV * V::kLanes, KU = V::KU;

  explicit FloatJob(const impl::FloatCall& c) : c_(c) {}

  // A kc-long panel row is 1 KiB (256 f32, 512 bf16): the B micro-panel (kc×NR) fills L1.
  static constexpr int64_t kKC = 1024 / int64_t(sizeof(P));
  int64_t kc_step() const { return kKC; }
  int64_t mc_step() const { return block_rows(1024, MR, 480); }
  int64_t nc_step() const { return block_cols(1024, NR); }

  void pack_b(int64_t jc, int64_t nc, int64_t pc, int64_t kc) {
    const int64_t kp = padded(kc);
    bp_ = impl::scratch_as<P>(0, size_t(round_up(nc, NR) * kp));
    const Src* b = static_cast<const Src*>(c_.b);
    // op(B)(k, j): B[k][j] (rows of the panel contiguous) or B[j][k].
    const int64_t rs = c_.tb ? c_.ldb : 1, ks = c_.tb ? 1 : c_.ldb;
    for (int64_t jr = 0; jr < nc; jr += NR)
      pack<NR>(bp_ + jr * kp, b + (jc + jr) * rs + pc * ks, rs, ks, std::min<int64_t>(NR, nc - jr), kc);
  }

  void pack_a(int64_t ic, int64_t mc, int64_t pc, int64_t kc) {
    const int64_t kp = padded(kc);
    ap_ = impl::scratch_as<P>(1, size_t(round_up(mc, MR) * kp));
    const Src* a = static_cast<const Src*>(c_.a);
    const int64_t rs = c_.ta ? 1 : c_.lda, ks = c_.ta ? c_.lda : 1;
    for (int64_t ir = 0; ir < mc; ir += MR)
      pack<MR>(ap_ + ir * kp, a + (ic + ir) * rs + pc * ks, rs, ks, std::min<int64_t>(MR, mc - ir), kc);
  }

  void tile(int64_t ic, int64_t ir, int64_t mr, int64_t jc, int64_t jr, int64_t nr, int64_t pc, int64_t kc) {
    const int64_t kp = padded(kc);
    const bool load = pc > 0 || c_.accumulate;
    float* c = c_.c + (ic + ir) * c_.ldc + jc + jr;
    if (mr == MR && nr == NR) return micro_c(kp / KU, ap_ + ir * kp, bp_ + jr * kp, c, c_.ldc, load);
    alignas(64) float t[MR * NR];
    micro_tile(kp / KU, ap_ + ir * kp, bp_ + jr * kp, t);
    for (int64_t i = 0; i < mr; ++i)
      for (int64_t j = 0; j < nr; ++j) c[i * c_.ldc + j] = load ? c[i * c_.ldc + j] + t[i * NR + j] : t[i * NR + j];
  }

 private:
  // The microkernel on its own (inlined into tile() GCC spills the accumulators): t = Σ steps.
  [[gnu::noinline]] static void micro_tile(int64_t steps, const P* a, const P* b, float* t) {
    typename V::Acc acc[MR][NV];
    for_tile<MR, NV>([&](int i, int j) { acc[i][j] = V::zero(); });
    micro<V, MR, NV>(steps, a, b, acc);
    for_tile<MR, NV>([&](int i, int j) { V::store(t + i * NR + j * V::kLanes, acc[i][j]); });
  }

  // A full tile straight into C (continuing C's sums when `load`): no round trip through t.
  [[gnu::noinline]] static void micro_c(int64_t steps, const P* a, const P* b, float* c, int64_t ldc, bool load) {
    typename V::Acc acc[MR][NV];
    for_tile<MR, NV>([&](int i, int j) { acc[i][j] = load ? V::loadu(c + i * ldc + j * V::kLanes) : V::zero(); });
    micro<V, MR, NV>(steps, a, b, acc);
    for_tile<MR, NV>([&](int i, int j) { V::storeu(c + i * ldc + j * V::kLanes, acc[i][j]); });
  }

  static int64_t round_up(int64_t x, int64_t m) { return (x + m - 1) / m * m; }
  static int64_t padded(int64_t kc) { return round_up(std::max<int64_t>(kc, 1), KU); }

  // One R-wide panel from src (element (r, k) at src[r·rs + k·ks]).
  template <int R>
  static void pack(P* dst, const Src* src, int64_t rs, int64_t ks, int64_t rn, int64_t kc) {
    if constexpr (KU == 1) {
      if (rs == 1) {  // a run of rn per k: convert in place
        for (int64_t k = 0; k < kc; ++k) {
          V::convert_run(src + k * ks, rn, dst + k * R);
          std::fill(dst + k * R + rn, dst + (k + 1) * R, P(0));
        }
        return;
      }
      alignas(64) P run[kKC];  // a run of kc per r, scattered with stride R
      for (int64_t r = 0; r < R; ++r) {
        if (r < rn) V::convert_run(src + r * rs, kc, run);
        for (int64_t k = 0; k < kc; ++k) dst[k * R + r] = r < rn ? run[k] : P(0);
      }
      return;
    }
    if constexpr (KU == 2 && sizeof(P) == 2) {  // bf16 pairs: 32-bit steps
      const int64_t steps = (kc + 1) / 2;
      uint32_t* d = reinterpret_cast<uint32_t*>(dst);
      const uint16_t* s16 = reinterpret_cast<const uint16_t*>(src);
      auto at = [&](int64_t r, int64_t k) -> uint32_t { return r < rn && k < kc ? s16[r * rs + k * ks] : 0u; };
      if (rs == 1) {  // two rows of R contiguous values per step: interleave them
        for (int64_t s = 0; s < steps; ++s) {
          const uint16_t* r0 = s16 + 2 * s * ks;
          const uint16_t* r1 = 2 * s + 1 < kc ? r0 + ks : nullptr;
          int64_t r = 0;
          for (; r + 8 <= rn && r1; r += 8) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0 + r));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r1 + r));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(d + s * R + r), _mm_unpacklo_epi16(a, b));
            _mm_storeu_si128(reinterpret_cast<__m128i*>(d + s * R + r + 4), _mm_unpackhi_epi16(a, b));
          }
          for (; r < R; ++r) d[s * R + r] = at(r, 2 * s) | at(r, 2 * s + 1) << 16;
        }
        return;
      }
      for (int64_t r = 0; r < R; ++r)  // a row's pairs are contiguous: copy 32 bits at a time
        for (int64_t s = 0; s < steps; ++s) {
          uint32_t pair = 0;
          if (r < rn && 2 * s + 2 <= kc) {
            std::memcpy(&pair, s16 + r * rs + 2 * s, 4);
          } else {
            pair = at(r, 2 * s) | at(r, 2 * s + 1) << 16;
          }
          d[s * R + r] = pair;
        }
      return;
    }
    pack_panel_generic<P, R, KU>(dst, rn, kc, [&](int64_t r, int64_t k) { return V::convert(src[r * rs + k * ks]); });
  }

  const impl::FloatCall& c_;
  P* ap_ = nullptr;
  P* bp_ = nullptr;
};

// fp16 storage on any F16C ISA: the f32 trait F with fp16 sources widened (vcvtph2ps) while packing.
template <class F>
struct F16Source : F {
  using Src = hotops::f16;
  static float convert(hotops::f16 h) { return _cvtsh_ss(h.bits); }
  static void convert_run(const hotops::f16* s, int64_t n, float* d) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
      _mm256_storeu_ps(d + i, _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i))));
    for (; i < n; ++i) d[i] = _cvtsh_ss(s[i].bits);
  }
};

// The f32 trait on a SIMD trait S (core/simd): the A value broadcast, one FMA per kLanes columns.
// Unaligned loads and stores cost the same as aligned ones on aligned panels.
template <class S>
struct F32On {
  using Src = float;
  using PA = float;
  using PB = float;
  using Acc = typename S::V;
  using A = Acc;
  using B = Acc;
  static constexpr int KU = 1, kAStep = 1, kBStep = S::W, kLanes = S::W;

  static Acc zero() { return S::zero(); }
  static A load_a(const float* p) { return S::broadcast(p); }
  static B load_b(const float* p) { return S::load(p); }
  static void step(Acc& c, A a, B b) { c = S::fmadd(a, b, c); }
  static void store(float* p, Acc v) { S::store(p, v); }
  static Acc loadu(const float* p) { return S::load(p); }
  static void storeu(float* p, Acc v) { S::store(p, v); }
  static float convert(float x) { return x; }
  static void convert_run(const float* s, int64_t n, float* d) { std::memcpy(d, s, size_t(n) * sizeof(float)); }
};

// The whole call on this thread's rows.
template <class V, int MR, int NV>
void run_float(const impl::FloatCall& c) {
  FloatJob<V, MR, NV> job(c);
  run_blocked<MR, NV * V::kLanes>(job, c.m0, c.m1, c.d.n, c.d.k);
}

}  // namespace hotops::gemm
