#include "norm/common/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hotops::norm {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Half an ulp of bf16 (8 significant bits) at magnitude m.
double half_bf16_ulp(double m) {
  if (m == 0 || !std::isfinite(m)) return 0;
  int e;
  std::frexp(m, &e);  // m = f · 2^e, f in [0.5, 1)
  return std::ldexp(1.0, e - 9);
}

template <class Get>
CheckResult check_rows(std::string_view name, DType t, int64_t rows, int64_t width, const double* ref, double tol,
                       const double* row_scale, Get get) {
  CheckResult res;
  res.tol = tol;
  int64_t worst = -1;
  double worst_y = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const double* rr = ref + size_t(r) * size_t(width);
    double floor = 0;
    if (row_scale) {
      floor = std::max(row_scale[r], 1e-30);
    } else if (t != DType::int8) {
      for (int64_t j = 0; j < width; ++j) floor += rr[j] * rr[j];
      floor = std::max(std::sqrt(floor / double(width)), 1e-30);
    }
    for (int64_t j = 0; j < width; ++j) {
      const size_t i = size_t(r) * size_t(width) + size_t(j);
      const double y = get(i);
      double err;
      if (!std::isfinite(y) || !std::isfinite(rr[j])) {
        err = y == rr[j] ? 0.0 : kInf;
      } else if (t == DType::int8) {
        err = std::max(0.0, std::fabs(y - std::clamp(rr[j], -128.0, 127.0)) - 0.5);
      } else {
        double diff = std::fabs(y - rr[j]);
        if (t == DType::bf16) diff = std::max(0.0, diff - half_bf16_ulp(std::max(std::fabs(y), std::fabs(rr[j]))));
        err = diff / (std::fabs(rr[j]) + floor);
      }
      if (!(err <= res.max_err)) {
        res.max_err = std::isnan(err) ? kInf : err;
        worst = int64_t(i), worst_y = y;
      }
    }
  }
  res.passed = res.max_err <= tol;
  if (!res.passed && worst >= 0)
    res.detail = fmt::format("{}[row {}, col {}]: got {:.9g}, expected {:.9g} (error {:.3g} > tol {:.3g})", name,
                             worst / width, worst % width, worst_y, ref[worst], res.max_err, tol);
  return res;
}

}  // namespace

CheckResult check_tensor(std::string_view name, const Tensor& y, const double* ref, double tol,
                         const double* row_scale) {
  return check_rows(name, y.dtype(), y.rows(), y.width(), ref, tol, row_scale, [&](size_t i) { return y.at(i); });
}

CheckResult check_floats(std::string_view name, const float* y, const double* ref, int64_t rows, int64_t width,
                         double tol) {
  return check_rows(name, DType::f32, rows, width, ref, tol, nullptr, [&](size_t i) { return double(y[i]); });
}

CheckResult worse(const CheckResult& a, const CheckResult& b) {
  CheckResult w = (b.tol > 0 ? b.max_err / b.tol : b.max_err) > (a.tol > 0 ? a.max_err / a.tol : a.max_err) ? b : a;
  w.passed = a.passed && b.passed;
  if (w.detail.empty()) w.detail = !a.passed ? a.detail : b.detail;
  return w;
}

double f32_tolerance(int64_t n) { return 1e-6 * (2.0 + std::sqrt(double(n)) / 8.0); }

}  // namespace hotops::norm
