// The quantizers of quantize.h as plain loops the compiler vectorizes with the including file's
// ISA flags (quantize_<isa>.cpp): per element only independent multiplies, rounding, clamps and
// integer hashing, so -O3 turns each loop into vector code (vroundps, vpmulld, vpmaxud). Everything
// here has internal linkage (anonymous namespace), so no AVX-512-compiled copy can be linked into
// a baseline caller.
#pragma once
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "shiftquant/quantize.h"

namespace hotops::shiftquant {
namespace {

struct Quantizer {
  // max |x| over n elements: on the bit patterns (monotonic in |x| for finite floats), which
  // vectorizes as an integer max.
  static float amax(const float* __restrict x, int64_t n) {
    uint32_t m = 0;
    for (int64_t i = 0; i < n; ++i) m = std::max(m, std::bit_cast<uint32_t>(x[i]) & 0x7fffffffu);
    return std::bit_cast<float>(m);
  }
  // Column-wise max |x| over `n` rows into m[0..cols) (running: m keeps its earlier values).
  static void amax_cols(const float* __restrict x, int64_t n, int64_t cols, uint32_t* __restrict m) {
    for (int64_t r = 0; r < n; ++r)
      for (int64_t c = 0; c < cols; ++c) m[c] = std::max(m[c], std::bit_cast<uint32_t>(x[r * cols + c]) & 0x7fffffffu);
  }

  // The smallest e with amax ≤ qmax·2^e, in [kMinExp, kMaxExp]; kMinExp for amax = 0.
  static int pow2_exponent(float amax, int q) {
    if (!(amax > 0)) return kMinExp;
    int e2;
    std::frexp(amax, &e2);                          // amax in [2^(e2−1), 2^e2)
    int e = (e2 - 1) - (std::bit_width(unsigned(q)) - 1);  // qmax·2^e ≤ 2^(e2−1)·… : maybe short by one
    if (amax > std::ldexp(float(q), e)) ++e;
    return std::clamp(e, kMinExp, kMaxExp);
  }
  static float pow2(int e) { return std::ldexp(1.0f, e); }  // exact for e in [−149, 127]

  // Float scale and its inverse for one group (both 0 when the group is zero or too small).
  static void fp_scale(float amax, int q, float& s, float& inv) {
    inv = amax > 0 ? float(q) / amax : 0.0f;
    if (!(inv <= 3.4028235e38f)) inv = 0;
    s = inv > 0 ? amax / float(q) : 0.0f;
  }

  // codes[c] = q(x[c]·inv) for a run of n elements of row r (element index index0 + c), with one
  // inverse scale for the run (rows mode) or one per element (cols mode: PerElem).
  template <bool PerElem>
  static void round_run(const QuantSpec& s, const float* __restrict x, const float* __restrict inv, int64_t n,
                        int64_t index0, int8_t* __restrict q) {
    const float hi = float(qmax(s.bits)), lo = -hi;
    const float one = inv[0];
    if (!s.stochastic) {
      for (int64_t c = 0; c < n; ++c) {
        const float t = std::nearbyint(x[c] * (PerElem ? inv[c] : one));
        q[c] = int8_t(int(std::min(std::max(t, lo), hi)));
      }
      return;
    }
    const uint32_t key = sr_key(s.seed, s.stream), base = uint32_t(index0);
    for (int64_t c = 0; c < n; ++c) {
      const float u = float(int32_t(fmix32(base + uint32_t(c) + key) >> 8)) * 0x1p-24f;  // signed: vectorizes
      // floor(fma(x, inv, u)), clamped: std::floor does not vectorize here (GCC 12); the clamp
      // first keeps the truncating conversion in range, and truncation − (t < trunc) is floor.
      const float t = std::min(std::max(__builtin_fmaf(x[c], PerElem ? inv[c] : one, u), lo), hi);
      const int i = int(t);
      q[c] = int8_t(i - (t < float(i)));
    }
  }

  // Stores row r's codes (int8, or nibbles at element r·cols + c).
  static void store_row(const QuantOut& out, int64_t r, int64_t cols, const int8_t* __restrict q) {
    if (!out.int4) {
      std::memcpy(static_cast<int8_t*>(out.codes) + r * cols, q, size_t(cols));
      return;
    }
    uint8_t* b = static_cast<uint8_t*>(out.codes);
    int64_t i = r * cols, c = 0;
    if (i & 1) b[i >> 1] = uint8_t((b[i >> 1] & 0x0f) | (q[c++] << 4)), ++i;  // finish a shared byte
    uint8_t* d = b + (i >> 1);
    const int64_t pairs = (cols - c) / 2;
    for (int64_t p = 0; p < pairs; ++p) d[p] = uint8_t((q[c + 2 * p] & 0x0f) | (q[c + 2 * p + 1] << 4));
    if ((cols - c) & 1) d[pairs] = uint8_t((d[pairs] & 0xf0) | (q[cols - 1] & 0x0f));
  }

  // A group's length along a reduction of n elements: a row scale's one group spans all of it.
  static int64_t group_len(const QuantSpec& s, int64_t n) { return s.scale == Scale::row ? std::max<int64_t>(n, 1) : s.group; }

  static void rows(const QuantSpec& s, const float* x, int64_t rows, int64_t cols, const QuantOut& out) {
    const int q = qmax(s.bits);
    const int64_t gs = group_len(s, cols);
    const int64_t ng = quant_groups(s, Along::rows, rows, cols);
    thread_local std::vector<int8_t> codes;
    thread_local std::vector<float> inv;
    codes.resize(size_t(cols)), inv.resize(size_t(ng));
    for (int64_t r = 0; r < rows; ++r) {
      const float* xr = x + r * cols;
      if (s.scale == Scale::pow2) {
        int8_t* e = out.exps + r * ng;
        int top = kMinExp;
        for (int64_t g = 0; g < ng; ++g) {
          e[g] = int8_t(pow2_exponent(amax(xr + g * gs, std::min(gs, cols - g * gs)), q));
          top = std::max<int>(top, e[g]);
        }
        for (int64_t g = 0; g < ng; ++g) inv[g] = pow2(-(e[g] = int8_t(std::max<int>(e[g], top - kMaxSpread))));
      } else {
        for (int64_t g = 0; g < ng; ++g) fp_scale(amax(xr + g * gs, std::min(gs, cols - g * gs)), q, out.scales[r * ng + g], inv[g]);
      }
      for (int64_t g = 0; g < ng; ++g) {
        const int64_t c0 = g * gs;
        round_run<false>(s, xr + c0, &inv[g], std::min(gs, cols - c0), r * cols + c0, codes.data() + c0);
      }
      store_row(out, r, cols, codes.data());
    }
  }

  static void cols(const QuantSpec& s, const float* x, int64_t rows, int64_t cols, const QuantOut& out) {
    const int q = qmax(s.bits);
    const int64_t gs = group_len(s, rows);
    const int64_t ng = quant_groups(s, Along::cols, rows, cols);
    thread_local std::vector<int8_t> codes;
    thread_local std::vector<float> inv;
    thread_local std::vector<uint32_t> m;
    thread_local std::vector<int> top;
    codes.resize(size_t(cols)), inv.resize(size_t(cols)), m.resize(size_t(cols)), top.assign(size_t(cols), kMinExp);
    if (s.scale == Scale::pow2)  // pass 1: every group's exponent, and each column's largest
      for (int64_t g = 0; g < ng; ++g) {
        std::fill(m.begin(), m.end(), 0u);
        amax_cols(x + g * gs * cols, std::min(gs, rows - g * gs), cols, m.data());
        int8_t* e = out.exps + g * cols;
        for (int64_t c = 0; c < cols; ++c) {
          e[c] = int8_t(pow2_exponent(std::bit_cast<float>(m[c]), q));
          top[c] = std::max<int>(top[c], e[c]);
        }
      }
    for (int64_t g = 0; g < ng; ++g) {
      const int64_t r0 = g * gs, nr = std::min(gs, rows - r0);
      if (s.scale == Scale::pow2) {
        int8_t* e = out.exps + g * cols;
        for (int64_t c = 0; c < cols; ++c) inv[c] = pow2(-(e[c] = int8_t(std::max<int>(e[c], top[c] - kMaxSpread))));
      } else {
        std::fill(m.begin(), m.end(), 0u);
        amax_cols(x + r0 * cols, nr, cols, m.data());
        for (int64_t c = 0; c < cols; ++c) fp_scale(std::bit_cast<float>(m[c]), q, out.scales[g * cols + c], inv[c]);
      }
      for (int64_t r = r0; r < r0 + nr; ++r) {
        round_run<true>(s, x + r * cols, inv.data(), cols, r * cols, codes.data());
        store_row(out, r, cols, codes.data());
      }
    }
  }
};

void quantize_with(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols, const QuantOut& out) {
  if (along == Along::rows) return Quantizer::rows(s, x, rows, cols, out);
  Quantizer::cols(s, x, rows, cols, out);
}

}  // namespace
}  // namespace hotops::shiftquant
