// The reference quantizers: quantize.h's definitions, one element at a time.
#include "shiftquant/reference.h"

#include <algorithm>
#include <cmath>

#include "core/isa.h"
#include "shiftquant/reference_gemm.h"

namespace hotops::shiftquant {
namespace {

// The smallest e in [kMinExp, kMaxExp] with amax ≤ qmax·2^e (kMinExp when amax is 0), by search.
int ref_exponent(double amax, int q) {
  int e = kMinExp;
  while (e < kMaxExp && double(q) * std::ldexp(1.0, e) < amax) ++e;
  return e;
}

int clamp_code(double v, int q) { return int(std::clamp(v, -double(q), double(q))); }

// 2^e for the exponents quantizers produce, from a table (ldexp per element dominated the references).
double pow2d(int e) {
  static const std::vector<double> table = [] {
    std::vector<double> t(kMaxExp - kMinExp + 1);
    for (int i = 0; i < int(t.size()); ++i) t[size_t(i)] = std::ldexp(1.0, kMinExp + i);
    return t;
  }();
  return table[size_t(e - kMinExp)];
}

struct Tag {};

}  // namespace

RefQuant ref_quantize(const QuantSpec& s, Along along, const float* x, int64_t rows, int64_t cols) {
  const int q = qmax(s.bits);
  const bool by_rows = along == Along::rows;
  const int64_t lines = by_rows ? rows : cols, len = by_rows ? cols : rows;  // a line: a row or a column
  const int64_t gs = s.scale == Scale::row ? std::max<int64_t>(len, 1) : s.group;
  RefQuant r;
  r.groups = quant_groups(s, along, rows, cols);
  r.codes.resize(size_t(rows * cols));
  // scale index of (line, group): rows mode [line][group], cols mode [group][line]
  auto at = [&](int64_t line, int64_t g) { return size_t(by_rows ? line * r.groups + g : g * cols + line); };
  auto elem = [&](int64_t line, int64_t i) { return size_t(by_rows ? line * cols + i : i * cols + line); };
  (s.scale == Scale::pow2 ? r.exps.resize(size_t(lines * r.groups)) : r.scales.resize(size_t(lines * r.groups)));
  const uint32_t key = sr_key(s.seed, s.stream);
  for (int64_t line = 0; line < lines; ++line) {
    std::vector<double> amax(size_t(r.groups), 0.0);
    for (int64_t i = 0; i < len; ++i) {
      double& m = amax[size_t(i / gs)];
      m = std::max(m, std::fabs(double(x[elem(line, i)])));
    }
    int top = kMinExp;
    for (int64_t g = 0; g < r.groups && s.scale == Scale::pow2; ++g) top = std::max(top, ref_exponent(amax[size_t(g)], q));
    for (int64_t g = 0; g < r.groups; ++g) {
      float inv = 0;  // fp: the f32 inverse; pow2: 2^−e
      if (s.scale == Scale::pow2) {
        const int e = std::max(ref_exponent(amax[size_t(g)], q), top - kMaxSpread);
        r.exps[at(line, g)] = e;
        inv = float(std::ldexp(1.0, -e));
      } else {
        const float a = float(amax[size_t(g)]), fq = float(q);
        inv = a > 0 ? fq / a : 0.0f;
        if (std::isinf(inv)) inv = 0;
        r.scales[at(line, g)] = inv > 0 ? a / fq : 0.0f;
      }
      for (int64_t i = g * gs; i < std::min(len, (g + 1) * gs); ++i) {
        const size_t e = elem(line, i);
        const float v = x[e];
        if (!s.stochastic) {
          const float t = v * inv;  // one f32 rounding (none at all for a power of two)
          r.codes[e] = clamp_code(std::nearbyint(double(t)), q);
        } else {
          const float u = float(fmix32(uint32_t(e) + key) >> 8) * 0x1p-24f;
          r.codes[e] = clamp_code(std::floor(double(std::fma(v, inv, u))), q);
        }
      }
    }
  }
  return r;
}

double RefQuant::scale(const QuantSpec& s, Along along, int64_t r, int64_t c, int64_t cols) const {
  const bool by_rows = along == Along::rows;
  const int64_t line = by_rows ? r : c, i = by_rows ? c : r;
  const int64_t g = s.scale == Scale::row ? 0 : i / s.group;
  const size_t at = size_t(by_rows ? line * groups + g : g * cols + line);
  return s.scale == Scale::pow2 ? pow2d(exps[at]) : double(scales[at]);
}

std::vector<double> ref_dequantize(const RefQuant& q, const QuantSpec& s, Along along, int64_t rows, int64_t cols,
                                   bool transpose) {
  std::vector<double> out(size_t(rows * cols));
  const bool by_rows = along == Along::rows;
  const int64_t len = by_rows ? cols : rows, gs = s.scale == Scale::row ? std::max<int64_t>(len, 1) : s.group;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      const int64_t line = by_rows ? r : c, g = (by_rows ? c : r) / gs;
      const size_t at = size_t(by_rows ? line * q.groups + g : g * cols + line);
      const double scale = s.scale == Scale::pow2 ? pow2d(q.exps[at]) : double(q.scales[at]);
      out[size_t(transpose ? c * rows + r : r * cols + c)] = q.codes[size_t(r * cols + c)] * scale;
    }
  return out;
}

void ref_product(int64_t m, int64_t n, int64_t k, const std::vector<double>& a, const std::vector<double>& b,
                 std::vector<double>& c, std::vector<double>& bound) {
  c.assign(size_t(m * n), 0.0);
  bound.assign(size_t(m), 0.0);
  std::vector<double> bmax(static_cast<size_t>(k), 0.0);
  for (int64_t kk = 0; kk < k; ++kk)
    for (int64_t j = 0; j < n; ++j) bmax[size_t(kk)] = std::max(bmax[size_t(kk)], std::fabs(b[size_t(kk * n + j)]));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t kk = 0; kk < k; ++kk) bound[size_t(i)] += std::fabs(a[size_t(i * k + kk)]) * bmax[size_t(kk)];
  const bool avx2 = isa_unavailable(isa("avx2")).empty();
  const int blocks = int(std::min<int64_t>(m, 64));
#pragma omp parallel for schedule(dynamic)
  for (int t = 0; t < blocks; ++t) {
    const int64_t i0 = m * t / blocks, i1 = m * (t + 1) / blocks;
    (avx2 ? ref_product_rows_avx2 : ref_rows<Tag>)(i0, i1, n, k, a.data(), b.data(), c.data());
  }
}

}  // namespace hotops::shiftquant
