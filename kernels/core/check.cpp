#include "core/check.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace hotops {

template <class T>
CheckResult compare_to_reference(const T* y, const double* ref, size_t count, double tol, double floor) {
  CheckResult r;
  r.tol = tol;
  size_t worst = 0;
  for (size_t i = 0; i < count; ++i) {
    const double yi = double(y[i]);
    double err;
    if (std::isnan(ref[i])) {
      err = std::isnan(yi) ? 0.0 : std::numeric_limits<double>::infinity();
    } else if (!std::isfinite(yi)) {
      err = yi == ref[i] ? 0.0 : std::numeric_limits<double>::infinity();
    } else {
      err = std::fabs(yi - ref[i]) / (std::fabs(ref[i]) + floor);
    }
    if (!(err <= r.max_err)) {  // also catches the first NaN
      r.max_err = err;
      worst = i;
      if (std::isnan(err)) r.max_err = std::numeric_limits<double>::infinity();
    }
  }
  r.passed = r.max_err <= tol;
  if (!r.passed && count)
    r.detail = fmt::format("element {}: got {:.9g}, expected {:.9g} (error {:.3g} > tol {:.3g})", worst,
                           double(y[worst]), ref[worst], r.max_err, tol);
  return r;
}

template CheckResult compare_to_reference<float>(const float*, const double*, size_t, double, double);
template CheckResult compare_to_reference<double>(const double*, const double*, size_t, double, double);
template CheckResult compare_to_reference<int8_t>(const int8_t*, const double*, size_t, double, double);
template CheckResult compare_to_reference<int32_t>(const int32_t*, const double*, size_t, double, double);

}  // namespace hotops
