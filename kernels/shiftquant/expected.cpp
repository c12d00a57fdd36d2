#include "shiftquant/expected.h"

#include <algorithm>
#include <cmath>

#include "core/bf16.h"
#include "shiftquant/plan.h"
#include "shiftquant/reference.h"
#include "shiftquant/shiftquant.h"

namespace hotops::shiftquant {
namespace {

constexpr double kEps = 0x1p-24;  // f32 unit roundoff

Expected exact(const std::string& output, std::vector<double> values) {
  Expected e;
  e.output = output, e.values = std::move(values), e.tol = 0;
  return e;
}

template <class T>
std::vector<double> as_double(const std::vector<T>& v) {
  return {v.begin(), v.end()};
}

// op(A)·op(B) of fp64 operands, checked against the rounding of an f32 sum: |y − r| ≤ tol·bound_i.
Expected product(const std::string& output, int64_t m, int64_t n, int64_t k, const std::vector<double>& a,
                 const std::vector<double>& b, double tol) {
  Expected e;
  e.output = output, e.tol = tol, e.floor = Expected::Floor::row_scale;
  ref_product(m, n, k, a, b, e.values, e.row_scale);
  return e;
}

// Rounding budget of one output: integer formats add one f32 term per group (floatgroup: FMA chain;
// shift and rowwise round fewer times); float formats a sum of `reduction` products.
double tolerance(const Numerics& num, int64_t reduction) {
  if (!num.integer()) return 2.0 * double(reduction + 2) * kEps;
  const int64_t groups = num.format == Format::rowwise ? 1 : (reduction + num.group - 1) / num.group;
  return double(groups + 4) * kEps;
}

std::vector<double> stored(const Tensor& t) { return t.values(); }

// f32 values as the format stores them.
std::vector<double> rounded(const float* x, size_t n, Format f, bool transpose = false, int64_t rows = 0,
                            int64_t cols = 0) {
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    const double v = f == Format::f16 ? f16_to_f32(f32_to_f16(x[i])) : f == Format::bf16 ? bf16_to_f32(f32_to_bf16(x[i])) : x[i];
    const size_t at = transpose ? size_t(int64_t(i) % cols * rows + int64_t(i) / cols) : i;
    out[at] = v;
  }
  return out;
}

std::vector<Expected> quantize_expected(const Case& c, const Numerics& num, int64_t t, int64_t k, int64_t n) {
  std::vector<Expected> out;
  auto add = [&](const std::string& name, const RefQuant& q) {
    out.push_back(exact("q" + name, as_double(q.codes)));
    out.push_back(num.format == Format::shift ? exact("e" + name, as_double(q.exps)) : exact("s" + name, as_double(q.scales)));
  };
  add("x", ref_quantize(num.spec(false), Along::rows, c.tensor("x").host_as<float>(), t, k));
  add("w", ref_quantize(num.spec(false), Along::cols, c.tensor("w").host_as<float>(), k, n));
  add("dy", ref_quantize(num.spec(true, c.seed(), kStreamDyRows), Along::rows, c.tensor("dy").host_as<float>(), t, n));
  return out;
}

std::vector<Expected> gemm_expected(const Case& c, const Numerics& num, int64_t t, int64_t k, int64_t n) {
  if (!num.integer()) return {product("y", t, n, k, stored(c.tensor("x")), stored(c.tensor("w")), tolerance(num, k))};
  const std::vector<double> qx = stored(c.tensor("qx")), qw = stored(c.tensor("qw"));
  if (num.format == Format::rowwise) {  // exact: |Σ| < 2^31, every partial exact in double
    std::vector<double> acc, bound;
    ref_product(t, n, k, qx, qw, acc, bound);
    return {exact("acc", std::move(acc))};
  }
  const int64_t groups = (k + num.group - 1) / num.group;
  if (num.format == Format::floatgroup) {  // fp64 of the dequantized operands
    const std::vector<double> sx = stored(c.tensor("sx")), sw = stored(c.tensor("sw"));
    std::vector<double> x(qx.size()), w(qw.size());
    for (int64_t i = 0; i < t * k; ++i) x[size_t(i)] = qx[size_t(i)] * sx[size_t(i / k * groups + i % k / num.group)];
    for (int64_t i = 0; i < k * n; ++i) w[size_t(i)] = qw[size_t(i)] * sw[size_t(i / n / num.group * n + i % n)];
    return {product("y", t, n, k, x, w, tolerance(num, k))};
  }
  // shift: Σ_g P_g << ((ex − min ex) + (ew − min ew)), every P_g an exact fp64 product of codes.
  const std::vector<double> ex = stored(c.tensor("ex")), ew = stored(c.tensor("ew"));
  std::vector<double> xmin(size_t(t), 1e9), wmin(size_t(n), 1e9);
  for (int64_t i = 0; i < t; ++i)
    for (int64_t g = 0; g < groups; ++g) xmin[size_t(i)] = std::min(xmin[size_t(i)], ex[size_t(i * groups + g)]);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t j = 0; j < n; ++j) wmin[size_t(j)] = std::min(wmin[size_t(j)], ew[size_t(g * n + j)]);
  std::vector<int64_t> acc(size_t(t * n), 0);
  for (int64_t g = 0; g < groups; ++g) {
    const int64_t k0 = g * num.group, kg = std::min(num.group, k - k0);
    std::vector<double> a(size_t(t * kg)), b(size_t(kg * n)), p, bound;
    for (int64_t i = 0; i < t; ++i)
      for (int64_t kk = 0; kk < kg; ++kk) a[size_t(i * kg + kk)] = qx[size_t(i * k + k0 + kk)];
    std::copy(qw.begin() + k0 * n, qw.begin() + (k0 + kg) * n, b.begin());
    ref_product(t, n, kg, a, b, p, bound);
    for (int64_t i = 0; i < t; ++i)
      for (int64_t j = 0; j < n; ++j) {
        const int shift = int(ex[size_t(i * groups + g)] - xmin[size_t(i)] + ew[size_t(g * n + j)] - wmin[size_t(j)]);
        acc[size_t(i * n + j)] += int64_t(p[size_t(i * n + j)]) * (int64_t(1) << shift);
      }
  }
  return {exact("acc", as_double(acc))};
}

std::vector<Expected> step_expected(const Case& c, const Numerics& num, int64_t t, int64_t k, int64_t n) {
  const Problem& p = c.problem();
  const float* src[3] = {c.tensor("x").host_as<float>(), c.tensor("w").host_as<float>(), c.tensor("dy").host_as<float>()};
  // The operand of quantization i (kStepQuant), dequantized, transposed when the GEMM reads it so.
  auto operand = [&](size_t i, bool transpose) {
    const QuantJob& j = kStepQuant[i];
    const Shape2 s = shape_of(j.tensor, t, k, n);
    if (!num.integer()) return rounded(src[j.tensor], size_t(s.rows * s.cols), num.format, transpose, s.rows, s.cols);
    const QuantSpec spec = num.spec(j.gradient, c.seed(), j.stream);
    return ref_dequantize(ref_quantize(spec, j.along, src[j.tensor], s.rows, s.cols), spec, j.along, s.rows, s.cols,
                          transpose);
  };
  std::vector<Expected> out;
  if (fwd_of(p)) out.push_back(product("y", t, n, k, operand(0, false), operand(1, false), tolerance(num, k)));
  if (bwd_of(p)) {
    out.push_back(product("dx", t, k, n, operand(2, false), operand(3, true), tolerance(num, n)));
    out.push_back(product("dw", k, n, t, operand(4, true), operand(5, false), tolerance(num, t)));
  }
  return out;
}

}  // namespace

std::vector<Expected> expected(const Case& c) {
  const Problem& p = c.problem();
  const Numerics num = numerics_of(p);
  const int64_t t = p.dim("tokens"), k = p.dim("k"), n = p.dim("n");
  switch (op_of(p)) {
    case Op::quantize: return quantize_expected(c, num, t, k, n);
    case Op::gemm: return gemm_expected(c, num, t, k, n);
    case Op::step: return step_expected(c, num, t, k, n);
  }
  return {};
}

}  // namespace hotops::shiftquant
