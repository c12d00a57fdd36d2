// Flash attention forward with bf16 Q, K, V, O and f32 accumulation (AVX512_BF16): the loop of
// flash.h, with both products on vdpbf16ps — each instruction sums pairs of bf16 products
// into f32 lanes, so the operands are re-laid as pairs along the reduction: K rows padded to an
// even d (pairs along d, broadcast), Qᵀ as [d/2][B][2], P rounded to bf16 as [key/2][B][2]
// (broadcast) and V as [key/2][dp][2]. Scores, weights, statistics and O stay f32 (the same
// passes as the f32 kernels); O is rounded to bf16 once at the end.
#include "attention/flash.h"
#include "attention/vec_avx512.h"

namespace hotops::attention {
namespace {

struct Bf16Pairs {  // tiles.h policy: two bf16 per step, summed into f32 lanes
  using elem = uint16_t;
  using vecb = __m512i;
  static constexpr int kStep = 2;
  static vecb load(const uint16_t* p) { return _mm512_loadu_si512(p); }
  static vecb bcast(const uint16_t* p) {
    int32_t pair;
    __builtin_memcpy(&pair, p, sizeof pair);
    return _mm512_set1_epi32(pair);
  }
  static __m512 madd(__m512 acc, vecb a, vecb b) { return _mm512_dpbf16_ps(acc, (__m512bh)a, (__m512bh)b); }
};

using V = Avx512;
constexpr Tiling kT = tiling<V>();
constexpr int64_t B = kT.B;

// dst[(s·width + c)·2 + e] = src[(2s + e)·d + c]: rows paired along the reduction (V), zero-padded
// to `width` columns and an even row count.
void pair_rows(const uint16_t* src, int64_t rows, int64_t d, int64_t width, uint16_t* dst) {
  for (int64_t s = 0; s < (rows + 1) / 2; ++s)
    for (int64_t c = 0; c < width; ++c)
      for (int e = 0; e < 2; ++e) {
        const int64_t r = 2 * s + e;
        dst[(s * width + c) * 2 + e] = r < rows && c < d ? src[r * d + c] : 0;
      }
}

// qt2[(kp·B + i)·2 + e] = q[i][2kp + e], zero beyond d and beyond ni.
void pack_queries_bf16(const uint16_t* q, int64_t ni, int64_t d, uint16_t* qt2) {
  for (int64_t kp = 0; kp < (d + 1) / 2; ++kp)
    for (int64_t i = 0; i < B; ++i)
      for (int e = 0; e < 2; ++e) {
        const int64_t c = 2 * kp + e;
        qt2[(kp * B + i) * 2 + e] = i < ni && c < d ? q[i * d + c] : 0;
      }
}

// P (f32, [key][B]) → bf16 pairs [key/2][B][2] (round to nearest even); an odd last key pairs with 0.
void pair_weights(const float* st, int64_t nj, uint16_t* p2) {
  const __m512i interleave = _mm512_setr_epi32(0x00100000, 0x00110001, 0x00120002, 0x00130003, 0x00140004, 0x00150005,
                                               0x00160006, 0x00170007, 0x00180008, 0x00190009, 0x001a000a, 0x001b000b,
                                               0x001c000c, 0x001d000d, 0x001e000e, 0x001f000f);
  for (int64_t s = 0; s < (nj + 1) / 2; ++s)
    for (int r = 0; r < V::kR; ++r) {
      const __m512 lo = V::load(st + 2 * s * B + r * V::W);
      const __m512 hi = 2 * s + 1 < nj ? V::load(st + (2 * s + 1) * B + r * V::W) : V::zero();
      const __m512i both = (__m512i)_mm512_cvtne2ps_pbh(hi, lo);  // lo in elements 0..15, hi in 16..31
      _mm512_storeu_si512(p2 + (s * B + r * V::W) * 2, _mm512_permutexvar_epi16(interleave, both));
    }
}

// bf16 operands for flash_forward_loop (flash.h): K rows padded to an even d, V and Qᵀ as pairs, P
// converted to pairs before P·V, O rounded to bf16.
struct Bf16Operands {
  using elem = uint16_t;
  const Head<uint16_t>& hd;
  int64_t d, d2, dp;
  FlashBf16Buffers b;
  Bf16Operands(const AttnArgs& a, const Head<uint16_t>& h, Carve& c)
      : hd(h), d(a.d), d2(round_up(a.d, 2)), dp(round_up(a.d, V::W)), b(c, a.nk, a.d, kT) {
    for (int64_t j = 0; j < a.nk; ++j)
      for (int64_t c2 = 0; c2 < d2; ++c2) b.k2[j * d2 + c2] = c2 < d ? hd.k[j * d + c2] : 0;
    pair_rows(hd.v, a.nk, d, dp, b.v2);
  }
  void pack_queries(int64_t i0, int64_t ni) { pack_queries_bf16(hd.q + i0 * d, ni, d, b.qt2); }
  void prefetch(int64_t j0, int64_t nj) { prefetch_l2(b.k2 + j0 * d2, nj * d2 * 2), prefetch_l2(b.v2 + j0 * dp, nj * dp * 2); }
  void scores(int64_t j0, int64_t nj, float post, float init) {
    score_tile<V, Bf16Pairs>(nj, d2 / 2, b.k2 + j0 * d2, d2, b.qt2, post, init, b.st);
  }
  void values(int64_t ni, int64_t j0, int64_t nj, const float* alpha, bool acc) {
    pair_weights(b.st, nj, b.p2);
    row_tile<V, Bf16Pairs>(ni, (nj + 1) / 2, b.p2, 1, B, b.v2 + j0 * dp, dp, b.ot, dp, dp, alpha, acc);
  }
  void write(int64_t i0, int64_t ni, const float* scale) {  // O = ot·scale, rounded to bf16 (nearest even)
    for (int64_t i = 0; i < ni; ++i) {
      const __m512 s = V::set1(scale ? scale[i] : 1.0f);
      for (int64_t c = 0; c < d; c += V::W) {
        const __m256i y = (__m256i)_mm512_cvtneps_pbh(V::mul(V::load(b.ot + i * dp + c), s));
        _mm256_mask_storeu_epi16(hd.o + (i0 + i) * d + c, __mmask16((1u << std::min<int64_t>(16, d - c)) - 1), y);
      }
    }
  }
};

void forward_head(const AttnArgs& a, int64_t h, void* slot) {
  const Head<uint16_t> hd(a, h);
  Carve carve(slot);
  Bf16Operands x(a, hd, carve);
  flash_forward_loop<V>(a, hd, x);
}

}  // namespace

void flash__avx512bf16(const AttnArgs& a) {
  Carve size(nullptr);
  FlashBf16Buffers(size, a.nk, a.d, kWidest);
  for_each_head(a, size.used(), [&](int64_t h, void* s) { forward_head(a, h, s); });
}

}  // namespace hotops::attention
