#include "core/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/bf16.h"

namespace hotops {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Half an ulp at magnitude m of a float format with `bits` significant bits.
double half_ulp(double m, int bits) {
  if (m == 0 || !std::isfinite(m)) return 0;
  int e;
  std::frexp(m, &e);  // m = f·2^e, f in [0.5, 1)
  return std::ldexp(1.0, e - bits - 1);
}

int storage_bits(DType t) {  // significant bits of 16-bit storage; 0 = no allowance
  return t == DType::bf16 ? 8 : t == DType::f16 ? 11 : 0;
}

double int_min(DType t) {
  switch (t) {
    case DType::int4: return -8;
    case DType::int8: return -128;
    case DType::uint8: return 0;
    case DType::int16: return -32768;
    case DType::int64: return -9223372036854775808.0;
    default: return -2147483648.0;
  }
}
double int_max(DType t) {
  switch (t) {
    case DType::int4: return 7;
    case DType::int8: return 127;
    case DType::uint8: return 255;
    case DType::int16: return 32767;
    case DType::int64: return 9223372036854775807.0;
    default: return 2147483647.0;
  }
}

}  // namespace

void CheckResult::add(OutputCheck c) {
  auto ratio = [](double err, double tol) { return tol > 0 ? err / tol : err; };
  if (outputs.empty() || ratio(c.max_err, c.tol) > ratio(max_err, tol)) max_err = c.max_err, tol = c.tol;
  if (!c.passed && detail.empty()) detail = c.detail;  // the first failing output's
  passed = (outputs.empty() || passed) && c.passed;
  outputs.push_back(std::move(c));
}

OutputCheck compare(const Tensor& y, const Expected& e, double tol) {
  OutputCheck res{e.output, 0, tol, false, {}};
  if (e.values.size() != y.count())
    throw std::logic_error(fmt::format("reference of '{}' has {} values for {} elements", e.output, e.values.size(), y.count()));
  const DType t = y.dtype();
  const bool integer = !is_float(t);
  const int bits = storage_bits(t);
  const int64_t width = std::max<int64_t>(y.width(), 1), rows = int64_t(y.count()) / width;
  int64_t worst = -1;
  double worst_y = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const double* rr = e.values.data() + size_t(r * width);
    double floor = e.floor_value;
    if (e.floor == Expected::Floor::row_scale) {
      floor = std::max(e.row_scale.at(size_t(r)), 1e-30);
    } else if (e.floor == Expected::Floor::row_rms) {
      double s = 0;
      for (int64_t j = 0; j < width; ++j) s += std::isfinite(rr[j]) ? rr[j] * rr[j] : 0.0;
      floor = std::max(std::sqrt(s / double(width)), 1e-30);
    }
    for (int64_t j = 0; j < width; ++j) {
      const size_t i = size_t(r * width + j);
      const double v = y.at(i), ref = rr[j];
      double err;
      if (!std::isfinite(v) || !std::isfinite(ref)) {
        err = (v == ref || (std::isnan(v) && std::isnan(ref))) ? 0.0 : kInf;
      } else if (integer) {
        err = std::max(0.0, std::fabs(v - std::clamp(ref, int_min(t), int_max(t))) - 0.5);
      } else {
        double diff = std::fabs(v - ref);
        if (bits) diff = std::max(0.0, diff - half_ulp(std::max(std::fabs(v), std::fabs(ref)), bits));
        err = diff / (std::fabs(ref) + floor);
      }
      if (!(err <= res.max_err)) {
        res.max_err = std::isnan(err) ? kInf : err;
        worst = int64_t(i), worst_y = v;
      }
    }
  }
  res.passed = res.max_err <= tol;
  if (!res.passed && worst >= 0)
    res.detail = fmt::format("{}[{}]: got {:.9g}, expected {:.9g} (error {:.3g} > tol {:.3g})", e.output,
                             rows > 1 ? fmt::format("row {}, col {}", worst / width, worst % width)
                                      : std::to_string(worst),
                             worst_y, e.values[size_t(worst)], res.max_err, tol);
  return res;
}

}  // namespace hotops
